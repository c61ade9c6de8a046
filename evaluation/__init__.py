"""Scoring against hand-labelled gold, cross-validation and benchmarks."""

"""The extractor's version, stamped into every record (`extractor` field) and read by the batch resume."""

__version__ = "0.3.5"

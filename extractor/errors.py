"""The package's exceptions: one base, one class per kind of fault."""

from __future__ import annotations


class VnTasksError(Exception):
    """Base of every error this package raises on purpose."""


class IngestError(VnTasksError):
    """A file that cannot be read; the message says why, for errors.jsonl."""

    def __init__(self, reason: str, hint: str = ""):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


class RulesError(VnTasksError):
    """A rules file that is missing, not YAML, or not of the shape its schema declares."""


class ModelError(VnTasksError):
    """A model file that is there but cannot be read."""

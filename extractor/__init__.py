"""Vietnamese administrative documents -> structured, trackable tasks."""
__version__ = "0.2.0"


def extract(path, **limits):
    """One file -> its record dict (see ../shared/spec/record-format.md)."""
    from .pipeline import extract as _extract

    return _extract(path, **limits)

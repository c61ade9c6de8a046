"""Vietnamese administrative documents -> structured, trackable tasks."""
from .version import __version__


def extract(path, **limits):
    """One file -> its record dict (see ../shared/spec/record-format.md)."""
    from .pipeline import extract as _extract

    return _extract(path, **limits)

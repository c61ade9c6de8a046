"""Vietnamese administrative documents -> structured, trackable tasks.

from extractor import extract, extract_bytes, extract_text, Extractor, Config, Record
"""

from .api import Config, Extractor  # noqa: E402
from .errors import IngestError, ModelError, RulesError, VnTasksError  # noqa: E402
from .output import Record  # noqa: E402
from .version import __version__  # noqa: E402

__all__ = [
    "Config",
    "Extractor",
    "IngestError",
    "ModelError",
    "Record",
    "RulesError",
    "VnTasksError",
    "extract",
    "extract_bytes",
    "extract_text",
    "__version__",
]


def _extractor(changes: dict) -> Extractor:
    from .api import default

    return Extractor(**changes) if changes else default()


def extract(path, **config) -> Record:
    """One file -> its Record (see ../shared/spec/record-format.md); `config`: fields of Config
    (max_pages=20, ocr=False, models=None ...)."""
    return _extractor(config).extract(path)


def extract_bytes(data: bytes, filename: str, **config) -> Record:
    """A file's content -> its Record."""
    return _extractor(config).extract_bytes(data, filename)


def extract_text(text: str, filename: str = "text.txt", **config) -> Record:
    """A document's text (plain or Markdown) -> its Record."""
    return _extractor(config).extract_text(text, filename)

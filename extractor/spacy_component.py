"""The extractor as the spaCy pipeline component `vn_tasks` (registered by the package's
`spacy_factories` entry point: `nlp = spacy.blank("vi"); nlp.add_pipe("vn_tasks")`).

`nlp(text)` runs the extractor on the text (as a UTF-8 .txt file of it) and gives:
- `doc._.vn_record`: the record (record-format.md); None for a text with no document in it (blank);
- `doc.spans["vn_tasks"]`: one span per task, over the task's block, in document order, labelled with
  its source (list, paragraph, table) and with the task id as the span's id; on each span
  `span._.units`, `span._.co_units`, `span._.deadline` (the record's deadline object) and
  `span._.vn_task` (the whole task).

The Doc and its spans are over the record's `text`, the text the record's offsets count in. The
extractor lays a document out afresh (markup removed, lines joined into paragraphs), so when that
text differs from the Doc's, the component returns a new Doc of it made by `nlp.make_doc`, and
what earlier components set is not carried over: add `vn_tasks` first. `from_file` reads any
supported file (PDF, DOCX, scans ...) and runs the pipeline on its text.
"""

from __future__ import annotations

import os

from spacy.language import Language
from spacy.tokens import Doc, Span

from .ingest import IngestError
from .pipeline import extract, extract_text

SPANS_KEY = "vn_tasks"


def _task(span: Span) -> dict | None:
    record = span.doc._.vn_record
    return next((t for t in (record or {}).get("tasks", []) if t["id"] == span.id_), None)


def _field(name: str):
    return lambda span: (_task(span) or {}).get(name)


def _register_extensions() -> None:
    Doc.set_extension("vn_record", default=None, force=True)
    Span.set_extension("vn_task", getter=_task, force=True)
    for name in ("units", "co_units", "deadline"):
        Span.set_extension(name, getter=_field(name), force=True)


class VnTasks:
    """The component: a Doc in, the Doc of the extractor's text out, with the record and the task spans."""

    def __init__(self, nlp: Language, name: str = "vn_tasks", spans_key: str = SPANS_KEY):
        self.nlp, self.name, self.spans_key = nlp, name, spans_key
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        record = doc._.vn_record  # set by from_file for the text of a file
        if record is None or record["text"] != doc.text:
            try:
                record = extract_text(doc.text)
            except IngestError:  # no text to read: no record, no tasks
                doc._.vn_record = None
                doc.spans[self.spans_key] = []
                return doc
        if record["text"] != doc.text:
            doc = self.nlp.make_doc(record["text"])
        doc._.vn_record = record
        doc.spans[self.spans_key] = [self._span(doc, t) for t in record["tasks"]]
        return doc

    @staticmethod
    def _span(doc: Doc, task: dict) -> Span:
        start, end = task["span"]
        span = doc.char_span(start, end, alignment_mode="expand")
        return Span(doc, span.start, span.end, label=task["source"] or "task", span_id=task["id"])

    def from_file(self, path: str | os.PathLike, **limits) -> Doc:
        """Any supported file -> the pipeline's Doc of its text (raises IngestError for a file that cannot be read)."""
        record = extract(path, **limits)
        doc = self.nlp.make_doc(record["text"])
        doc._.vn_record = record
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return doc


@Language.factory("vn_tasks", default_config={"spans_key": SPANS_KEY})
def make_vn_tasks(nlp: Language, name: str, spans_key: str) -> VnTasks:
    return VnTasks(nlp, name, spans_key)

"""The spaCy component `vn_tasks` on the seeds: one span per task over the record's text, with the
task's units and deadline; registered by the package's entry point."""

import importlib.metadata
import subprocess
import sys

import pytest
from conftest import SEEDS

spacy = pytest.importorskip("spacy")

import extractor.spacy_component  # noqa: E402,F401  (registers the factory, as the entry point would)
from extractor.pipeline import extract  # noqa: E402

SEED = SEEDS / "001_475951f4d1ea64ec"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi")
    nlp.add_pipe("vn_tasks")
    return nlp


def test_one_span_per_task_on_a_seed(nlp):
    source = SEED.with_suffix(".txt")
    doc = nlp(source.read_text(encoding="utf-8"))
    record = extract(source)
    assert doc._.vn_record["tasks"] == record["tasks"] and len(record["tasks"]) >= 10
    assert doc.text == record["text"]  # the Markdown marks are gone: the Doc is over the record's text
    spans = doc.spans["vn_tasks"]
    assert len(spans) == len(record["tasks"])
    for span, task in zip(spans, record["tasks"]):
        start, end = task["span"]
        assert (span.start_char, span.end_char) == (start, end) and span.text == record["text"][start:end]
        assert span.id_ == task["id"] and span.label_ == task["source"]
        assert span._.units == task["units"] and span._.co_units == task["co_units"]
        assert span._.deadline == task["deadline"] and span._.vn_task == task
        if task["deadline"]["text"]:
            assert task["deadline"]["text"] in span.text
    assert any(s._.deadline["type"] == "recurring" for s in spans)
    assert any(s._.units == ["Phòng Kinh tế"] for s in spans)


def test_a_file_through_the_pipeline(nlp):
    source = SEEDS / "002_2b2e92cfe6297037.docx"
    doc = nlp.get_pipe("vn_tasks").from_file(source)
    record = extract(source)
    assert doc._.vn_record == record and doc.text == record["text"]
    assert [s.id_ for s in doc.spans["vn_tasks"]] == [t["id"] for t in record["tasks"]]
    assert len(record["tasks"]) >= 50


def test_a_blank_text_has_no_record_and_no_spans(nlp):
    doc = nlp("\n\n  \n")
    assert doc._.vn_record is None and len(doc.spans["vn_tasks"]) == 0


def _entry_point():
    try:
        dist = importlib.metadata.distribution("vn-task-extractor")
    except importlib.metadata.PackageNotFoundError:
        return None
    return next((ep for ep in dist.entry_points if ep.group == "spacy_factories" and ep.name == "vn_tasks"), None)


def test_installing_the_package_registers_the_component():
    if _entry_point() is None:
        pytest.skip("the installed vn-task-extractor predates the entry point: pip install -e . (scripts/setup.sh)")
    code = (
        "import spacy; nlp = spacy.blank('vi'); nlp.add_pipe('vn_tasks'); "
        f"doc = nlp(open({str(SEED.with_suffix('.txt'))!r}, encoding='utf-8').read()); "
        "print(len(doc.spans['vn_tasks']), len(doc._.vn_record['tasks']))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", timeout=300)
    assert out.returncode == 0, out.stderr
    spans, tasks = map(int, out.stdout.split())
    assert spans == tasks >= 10

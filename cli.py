"""Command line: extract a folder of documents, evaluate against gold."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_extract(args) -> int:
    from extractor.batch import Limits, run

    limits = Limits(max_bytes=args.max_bytes * 2**20, max_pages=args.max_pages, ocr=not args.no_ocr)
    summary = run(args.paths, args.out, jobs=args.jobs, resume=args.resume, limits=limits,
                  progress=not args.quiet)
    print(summary.report(), file=sys.stderr)
    if summary.failures:
        print(f"details: {Path(args.out) / 'errors.jsonl'}", file=sys.stderr)
    return 0


def cmd_evaluate(args) -> int:
    from evaluation.score import evaluate, markdown_report

    summary, results, missing = evaluate(args.gold, args.pred)
    report = markdown_report(summary, results, missing, title=f"Evaluation of {args.pred} against {args.gold}")
    if args.report:
        Path(args.report).write_text(report, encoding="utf-8")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(report)
    if args.min_headline is not None and summary["headline"] < args.min_headline:
        print(f"headline {summary['headline']:.3f} is below the threshold {args.min_headline}", file=sys.stderr)
        return 1
    return 0


def cmd_export(args) -> int:
    from extractor.export import export

    documents, written = export(args.records, args.to, args.out)
    unit = "documents" if args.to == "nd30" else "tasks"
    print(f"{written} {unit} from {documents} documents -> {args.out}", file=sys.stderr)
    return 0


def cmd_review(args) -> int:
    from extractor.export.review import write_review

    index = write_review(args.records, args.out)
    print(f"review pages written; open {index}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="cli.py", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract records from files and folders")
    ex.add_argument("paths", nargs="+")
    ex.add_argument("--out", required=True, help="output folder: one <stem>.json per document, errors.jsonl")
    ex.add_argument("--jobs", type=int, default=1, help="worker processes")
    ex.add_argument("--resume", action="store_true", help="skip files whose record is up to date")
    ex.add_argument("--max-bytes", type=int, default=50, help="largest file accepted, MiB")
    ex.add_argument("--max-pages", type=int, default=200, help="most PDF pages accepted")
    ex.add_argument("--no-ocr", action="store_true", help="report scans as 'needs OCR' instead of reading them")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.set_defaults(func=cmd_extract)
    ev = sub.add_parser("evaluate", help="score records against gold (record-format.md)")
    ev.add_argument("--gold", required=True)
    ev.add_argument("--pred", required=True)
    ev.add_argument("--min-headline", type=float, default=None, help="exit 1 below this headline")
    ev.add_argument("--report", help="write the Markdown report here")
    ev.add_argument("--json", action="store_true", help="print the summary as JSON")
    ev.set_defaults(func=cmd_evaluate)
    xp = sub.add_parser("export", help="export records as csv, xlsx, ics, jsonl or nd30 (Nghị định 30 metadata)")
    xp.add_argument("records", help="folder of records written by extract")
    xp.add_argument("--to", required=True, choices=["csv", "xlsx", "ics", "jsonl", "nd30"], help="format")
    xp.add_argument("--out", required=True, help="file to write")
    xp.set_defaults(func=cmd_export)
    rv = sub.add_parser("review", help="HTML pages showing each document's text with its tasks highlighted")
    rv.add_argument("records", help="folder of records written by extract (with its errors.jsonl)")
    rv.add_argument("--out", required=True, help="folder for index.html and one page per document")
    rv.set_defaults(func=cmd_review)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

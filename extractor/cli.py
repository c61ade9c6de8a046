"""Command line: extract a folder of documents, evaluate against gold."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

INCOMPLETE = 3  # extract's exit status when an output fault stopped the batch
EXTRACT_EXIT = """exit status:
  0    the batch is complete: a record or an errors.jsonl line for every input
  3    incomplete: the output folder could not be written to (disk full, read-only, removed);
       the records written are valid; fix it and run the same command with --resume
  130  interrupted (Ctrl-C); --resume goes on
"""


def cmd_extract(args) -> int:
    from extractor.batch import Limits, run

    limits = Limits(
        max_bytes=args.max_bytes * 2**20,
        max_pages=args.max_pages,
        ocr=not args.no_ocr,
        timeout=args.timeout,
        memory_mb=args.memory_limit,
    )
    try:
        if args.dask:
            summary = _extract_on_dask(args, limits)
            if summary is None:
                return 2
        else:
            summary = run(
                args.paths, args.out, jobs=args.jobs, resume=args.resume, limits=limits, progress=not args.quiet
            )
    except KeyboardInterrupt:
        print("interrupted: the records written so far are complete; run again with --resume to go on", file=sys.stderr)
        return 130
    print(summary.report(), file=sys.stderr)
    if (summary.failures or summary.unread) and (Path(args.out) / "errors.jsonl").exists():
        print(f"details: {Path(args.out) / 'errors.jsonl'}", file=sys.stderr)
    return INCOMPLETE if summary.stopped else 0


def _extract_on_dask(args, limits):
    """extract --dask: the Summary, or None (said why) when the cluster cannot run the batch."""
    try:
        from extractor.distributed import DaskSetupError, run_dask
    except ImportError as e:
        print(f"--dask needs Dask distributed ({e}): pip install 'vn-task-extractor[dask]'", file=sys.stderr)
        return None
    if args.jobs != 1:
        print("--jobs is the local pool's; with --dask local say --dask-workers N", file=sys.stderr)
        return None
    try:
        return run_dask(
            args.paths,
            args.out,
            args.dask,
            resume=args.resume,
            limits=limits,
            progress=not args.quiet,
            workers=args.dask_workers,
        )
    except DaskSetupError as e:
        print(e, file=sys.stderr)
    except OSError as e:  # the scheduler cannot be reached
        print(f"cannot use the Dask scheduler at {args.dask}: {e}", file=sys.stderr)
    return None


def cmd_bench(args) -> int:
    from evaluation.bench import main as bench_main

    return bench_main(args)


def cmd_evaluate(args) -> int:
    from evaluation.score import error_listing, load_pairs, markdown_report, score_document, summarize
    from evaluation.sources import shelf, table

    shelved = shelf()
    if args.shelf and args.show_errors and not args.allow_shelf:
        print(
            "the held-back shelf's errors are not listed (its figure is the honest measure); "
            "--allow-shelf overrides this",
            file=sys.stderr,
        )
        return 2
    pairs, missing = load_pairs(args.gold, args.pred)
    if args.shelf:
        pairs = {stem: pair for stem, pair in pairs.items() if stem in shelved}
        missing = [m for m in missing if m in shelved]
        if not pairs:
            print(
                f"no document of the shelf ({len(shelved)} in corpus/gold/shelf.txt) among the gold of {args.gold}",
                file=sys.stderr,
            )
            return 2
    unlisted = set() if args.allow_shelf else shelved
    if args.show_errors:
        listed = {stem: pair for stem, pair in pairs.items() if stem not in unlisted}
        print(error_listing(listed), end="")
        if len(listed) < len(pairs):
            print(
                f"({len(pairs) - len(listed)} documents of the held-back shelf not listed; --allow-shelf lists them)",
                file=sys.stderr,
            )
        return 0
    results = {stem: score_document(p, g) for stem, (p, g) in pairs.items()}
    summary = summarize(results)
    title = f"Evaluation of {args.pred} against {args.gold}" + (" (held-back shelf)" if args.shelf else "")
    formats = {stem: Path(p["file"]).suffix.lstrip(".").lower() for stem, (p, _) in pairs.items() if p.get("file")}
    report = markdown_report(summary, results, missing, title=title, rows=table(), unlisted=unlisted, formats=formats)
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


def _shelf_predictions(args) -> None:
    """evaluate --shelf without --pred: extract the shelf's documents into a temporary folder."""
    import tempfile

    from evaluation.sources import SHARED2_DOCS, shelf, table
    from extractor.batch import run

    rows = table()
    docs = Path(args.docs) if args.docs else SHARED2_DOCS
    files = [str(docs / rows[stem].file) for stem in sorted(shelf()) if stem in rows]
    args.pred = tempfile.mkdtemp(prefix="vn-shelf-")
    run(files, args.pred, jobs=args.jobs, progress=False)


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


def cmd_train(args) -> int:
    from evaluation.sources import clean_text_files, training_corpus
    from extractor.ml.train import train_and_save

    out = train_and_save(args.out, training_corpus(), clean_text_files(), seed=args.seed)
    total = sum(out["sizes"].values())
    for name, size in out["sizes"].items():
        print(f"{args.out}/{name}: {size / 1024:.0f} KiB", file=sys.stderr)
    print(
        f"trained on {out['documents']} documents in {out['seconds']['train']:.0f}s "
        f"(loading {out['seconds']['load']:.0f}s); {total / 2**20:.2f} MiB of model files",
        file=sys.stderr,
    )
    return 0


def cmd_cross_validate(args) -> int:
    from evaluation.cross_validate import cross_validate

    also = [int(x) for x in args.also_seeds.split(",") if x.strip()] if args.also_seeds else None
    if args.write_choice and args.group_by != "source":
        print("only folds grouped by source choose the shipped combination: use --group-by source", file=sys.stderr)
        return 2
    text, chosen, _ = cross_validate(
        k=args.folds,
        seed=args.seed,
        write_choice=args.write_choice,
        also_seeds=also,
        group_by=args.group_by if args.group_by == "source" else None,
        log=None if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True)),
    )
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
    if args.json:
        print(json.dumps(chosen, ensure_ascii=False))
    else:
        print(text)
    return 0


def _evaluate_or_cross_validate(args) -> int:
    if args.cross_validate:
        return cmd_cross_validate(args)
    if args.shelf:
        from evaluation.sources import SHARED2_GOLD

        args.gold = args.gold or str(SHARED2_GOLD)
        if not args.pred:
            _shelf_predictions(args)
    if not (args.gold and args.pred):
        print("evaluate needs --gold and --pred (or --cross-validate, or --shelf)", file=sys.stderr)
        return 2
    return cmd_evaluate(args)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="vn-tasks", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract",
        help="extract records from files and folders",
        epilog=EXTRACT_EXIT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("paths", nargs="+")
    ex.add_argument("--out", required=True, help="output folder: one <stem>.json per document, errors.jsonl")
    ex.add_argument("--jobs", type=int, default=1, help="worker processes")
    ex.add_argument("--resume", action="store_true", help="skip files whose record is up to date")
    ex.add_argument("--max-bytes", type=int, default=50, help="largest file accepted, MiB")
    ex.add_argument("--max-pages", type=int, default=200, help="most PDF pages accepted")
    ex.add_argument("--no-ocr", action="store_true", help="report scans as 'needs OCR' instead of reading them")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    ex.add_argument("--timeout", type=float, default=300, help="seconds allowed per file (0: no limit)")
    ex.add_argument(
        "--memory-limit",
        type=int,
        default=4096,
        metavar="MiB",
        help="address space allowed to each worker process (--jobs > 1, --dask) and to each tool it "
        "starts; a file over it is 'out of memory' (0: no limit)",
    )
    ex.add_argument(
        "--dask",
        metavar="ADDRESS|local",
        help="run the files as tasks on the Dask scheduler at ADDRESS (tcp://host:8786), or on a "
        "LocalCluster; inputs and --out must be at the same path on every worker (docs/scale-out.md)",
    )
    ex.add_argument(
        "--dask-workers",
        type=int,
        default=None,
        metavar="N",
        help="with --dask local: single-thread workers (default: one per core)",
    )
    ex.set_defaults(func=cmd_extract)
    ev = sub.add_parser("evaluate", help="score records against gold (record-format.md)")
    ev.add_argument("--gold", help="folder of gold records (required unless --cross-validate)")
    ev.add_argument("--pred", help="folder of predicted records (required unless --cross-validate)")
    ev.add_argument("--min-headline", type=float, default=None, help="exit 1 below this headline")
    ev.add_argument("--report", help="write the Markdown report here")
    ev.add_argument("--json", action="store_true", help="print the summary as JSON")
    ev.add_argument(
        "--show-errors",
        action="store_true",
        help="list what differs from gold, document by document, instead of the report",
    )
    ev.add_argument(
        "--cross-validate",
        action="store_true",
        help="train and score over folds of the gold documents: rules only, model only, combined",
    )
    ev.add_argument(
        "--shelf",
        action="store_true",
        help="score the held-back shelf only (corpus/gold/shelf.txt): totals, never its errors; "
        "extracts it from --docs unless --pred is given",
    )
    ev.add_argument(
        "--docs", help="with --shelf: where its source files are (default: ../shared/corpus/docs2 beside the checkout)"
    )
    ev.add_argument("--jobs", type=int, default=2, help="with --shelf: worker processes for the extraction")
    ev.add_argument(
        "--allow-shelf",
        action="store_true",
        help="list the shelf's documents and errors too (it then stops being an honest measure)",
    )
    ev.add_argument(
        "--group-by",
        choices=["source", "document"],
        default="source",
        help="with --cross-validate: hold out whole sources (collections of corpus/gold/sources.csv; "
        "the default, and the only one that may --write-choice) or documents dealt at random",
    )
    ev.add_argument(
        "--folds", type=int, default=6, help="with --cross-validate: folds (0: leave one source, or document, out)"
    )
    ev.add_argument("--seed", type=int, default=0, help="with --cross-validate: how documents are dealt into folds")
    ev.add_argument(
        "--also-seeds",
        help="with --cross-validate: also deal the documents into folds with these "
        "seeds (e.g. 1,2); a model is used only where it holds on every deal",
    )
    ev.add_argument(
        "--write-choice", help="with --cross-validate: write the chosen combination here (models/combination.json)"
    )
    ev.add_argument("--quiet", action="store_true", help="with --cross-validate: no progress lines")
    ev.set_defaults(func=_evaluate_or_cross_validate)
    tr = sub.add_parser("train", help="train the block classifier and span tagger on the gold (models/)")
    tr.add_argument("--out", default="models", help="folder for the model files")
    tr.add_argument("--seed", type=int, default=1234)
    tr.set_defaults(func=cmd_train)
    xp = sub.add_parser("export", help="export records as csv, xlsx, ics, jsonl or nd30 (Nghị định 30 metadata)")
    xp.add_argument("records", help="folder of records written by extract")
    xp.add_argument("--to", required=True, choices=["csv", "xlsx", "ics", "jsonl", "nd30"], help="format")
    xp.add_argument("--out", required=True, help="file to write")
    xp.set_defaults(func=cmd_export)
    rv = sub.add_parser("review", help="HTML pages showing each document's text with its tasks highlighted")
    rv.add_argument("records", help="folder of records written by extract (with its errors.jsonl)")
    rv.add_argument("--out", required=True, help="folder for index.html and one page per document")
    rv.set_defaults(func=cmd_review)
    bn = sub.add_parser("bench", help="throughput per format and stage, memory and start-up time on the seeds")
    bn.add_argument(
        "--docs", type=int, default=500, help="documents in the benchmark corpus (seed renditions repeated)"
    )
    bn.add_argument("--jobs", type=int, default=2, help="worker processes for the batch run")
    bn.add_argument("--stage-docs", type=int, default=150, help="documents timed stage by stage on one core")
    bn.add_argument("--profile", action="store_true", help="print the hottest functions (cProfile) of the stage run")
    bn.add_argument("--out", help="also write the Markdown report here")
    bn.set_defaults(func=cmd_bench)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

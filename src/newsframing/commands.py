"""Analysis sub-commands of the CLI: classify, analyze, train."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from newsframing.errors import NewsframingError, display_path


def cmd_classify(args: argparse.Namespace) -> int:
    from newsframing.atomic import write_csv_atomic
    from newsframing.measure.frames import classify_frame, load_model

    path = Path(args.input)
    if not path.is_file():
        raise NewsframingError(path, "file not found")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise NewsframingError(path, "file is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise NewsframingError(path, f"not a readable CSV ({str(exc).splitlines()[0]})") from None
    if args.text_column not in df.columns:
        raise NewsframingError(path, f"no column {args.text_column!r} (columns: {', '.join(df.columns)}); use --text-column")
    if df.empty:
        raise NewsframingError(path, "has a header but no rows")
    model = load_model()
    added = classify_frame(df[args.text_column], model)
    clash = [c for c in added.columns if c in df.columns]
    if clash:
        raise NewsframingError(path, f"input already has output column(s) {clash}")
    write_csv_atomic(pd.concat([df, added], axis=1), Path(args.output))
    if not args.quiet:
        counts = added.frame.value_counts().reindex(["opportunity", "threat", "neutral"], fill_value=0)
        print(f"classified {len(df)} rows ({', '.join(f'{k} {v}' for k, v in counts.items())}) -> {display_path(args.output)}")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsframing.analyze import analyze

    tables = analyze(Path(args.processed), Path(args.out) if args.out else None)
    if not args.quiet:
        print(f"wrote {len(tables)} tables -> {display_path(args.out or args.processed)}/")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from newsframing.analyze import read_sentences
    from newsframing.measure.frames import MODEL_FILE, train

    model = train(read_sentences(Path(args.processed)))
    out = Path(args.output) if args.output else MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(model.to_json(), encoding="utf-8")
    tmp.replace(out)
    if not args.quiet:
        print(f"trained frame classifier (C={model.meta['C']}) on {model.meta['trained_on']} -> {display_path(out)}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from newsframing.render.site import build_report

    build_report(Path(args.corpus) if args.corpus else None, progress=not args.quiet,
                 say=(lambda m: None) if args.quiet else print, force=args.force)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="ingest, analyze, execute the notebooks and render the report",
                       description="The whole pipeline behind `make report`. Renders with Quarto when `quarto` is on "
                                   "PATH, otherwise builds a plain HTML report with nbconvert into _site/. Steps whose "
                                   "inputs are unchanged since they last succeeded are skipped.")
    p.add_argument("--corpus", default=None, metavar="MANIFEST", help="another corpus (default: data/raw/manifest.csv)")
    p.add_argument("--force", action="store_true", help="run every step, even those whose inputs are unchanged")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("classify", help="add frame, probabilities, VADER and evidence columns to a CSV of sentences",
                       description="Classify each row of a CSV of sentences as opportunity, threat or neutral framing "
                                   "of generative AI. Rows and order are kept; columns frame, p_opportunity, p_threat, "
                                   "p_neutral, lex_opportunity, lex_threat, vader_compound, afinn_norm and evidence are added.")
    p.add_argument("--input", required=True, metavar="FILE.csv")
    p.add_argument("--output", required=True, metavar="OUT.csv")
    p.add_argument("--text-column", default="text", metavar="NAME", help="column holding the sentence (default: text)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("analyze", help="compute framing, sentiment, vocabulary, voice and validation tables",
                       description="Read sentences.csv from PROCESSED (written by `newsframing ingest`) and write every "
                                   "derived table of the report next to it (or to --out).")
    p.add_argument("--processed", default="data/processed", metavar="DIR")
    p.add_argument("--out", default=None, metavar="DIR")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("train", help="train the frame classifier from the hand-coded sentences (fixed seed)",
                       description="Fit the sentence frame classifier on data/annotations/frame_codes.csv joined to "
                                   "PROCESSED/sentences.csv and write readable JSON coefficients.")
    p.add_argument("--processed", default="data/processed", metavar="DIR")
    p.add_argument("--output", default=None, metavar="FILE.json", help="default: models/frame_classifier.json")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_train)

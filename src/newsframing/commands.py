"""Analysis sub-commands of the CLI: classify, analyze, train, validate, sample, report."""

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

    tables = analyze(Path(args.processed), Path(args.out) if args.out else None,
                     codes=Path(args.codes) if args.codes else None)
    if not args.quiet:
        print(f"wrote {len(tables)} tables -> {display_path(args.out or args.processed)}/")
        if "validation_scores" in tables:
            m = tables["validation_scores"].set_index("method").loc["model"]
            print(f"accuracy on this corpus ({int(m.n)} coded sentences): macro-F1 {m.macro_f1:.2f}, "
                  f"Cohen's kappa {m.cohen_kappa:.2f}")
        else:
            print("accuracy on this corpus: unmeasured (no --codes); outlet estimates use transfer error rates")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from newsframing.measure.training import train_and_validate

    models, tables = train_and_validate(jobs=args.jobs)
    if not args.quiet:
        for path, model in models.items():
            f1 = ", ".join(f"{k} {v:.2f}" for k, v in model.meta["transfer_macro_f1"].items())
            print(f"trained {model.params['features']} · {model.params['model']} · C={model.params['C']:g} on "
                  f"{model.meta['trained_on']}; transfer macro-F1: {f1} -> {display_path(path)}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Recompute the transfer scores of the trained model's configuration and print them."""
    from newsframing.measure import training, transfer
    from newsframing.measure.frames import default_model_file, featurize, load_model

    path = default_model_file()
    params = load_model(path).params
    cand = transfer.Candidate("model", params["features"], params["model"], params["C"])
    coded = training.load_coded()
    feats = featurize(coded.text, embed=transfer.uses_encoder(params["features"]))
    rows = []
    schemes = [s.strip() for s in args.held_out.split(",")]
    unknown = [s for s in schemes if s not in transfer.SCHEMES]
    if unknown:
        raise NewsframingError(None, f"--held-out: unknown scheme(s) {unknown}; use {', '.join(transfer.SCHEMES)}")
    for c in [*transfer.BASELINES, cand]:
        for scheme in schemes:
            pred = transfer.out_of_fold(c, feats, coded, scheme, jobs=args.jobs).pred
            rows.append({"method": c.name.replace(" ", "_"), "held_out": scheme, **transfer.scores(coded.frame, pred)})
    table = pd.DataFrame(rows)
    cols = ["method", "held_out", "n", "macro_f1", "cohen_kappa", "accuracy", *(
        f"{k}_{lab}" for lab in ("opportunity", "threat", "neutral") for k in ("precision", "recall"))]
    print(f"Transfer validation of {display_path(path)} ({params['features']} · {params['model']} · "
          f"C={params['C']:g}) on {len(coded)} coded training items:")
    print(table[cols].to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from newsframing.analyze import read_sentences
    from newsframing.atomic import write_csv_atomic
    from newsframing.measure.coding import coding_sheet

    sheet = coding_sheet(read_sentences(Path(args.processed)), n=args.n, seed=args.seed)
    write_csv_atomic(sheet, Path(args.output))
    if not args.quiet:
        print(f"wrote a coding sheet of {len(sheet)} sentences from {sheet.outlet.nunique()} outlets -> "
              f"{display_path(args.output)}\nfill the frame column with opportunity, threat or neutral "
              f"(docs/codebook.md), then: make report CORPUS=... CODES={display_path(args.output)}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from newsframing.render.site import build_report

    build_report(Path(args.corpus) if args.corpus else None, progress=not args.quiet,
                 say=(lambda m: None) if args.quiet else print, force=args.force,
                 codes=Path(args.codes) if args.codes else None)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="ingest, analyze, execute the notebooks and render the report",
                       description="The whole pipeline behind `make report`. Renders with Quarto when `quarto` is on "
                                   "PATH, otherwise builds a plain HTML report with nbconvert into _site/. Steps whose "
                                   "inputs are unchanged since they last succeeded are skipped.")
    p.add_argument("--corpus", default=None, metavar="MANIFEST", help="another corpus (default: data/raw/manifest.csv)")
    p.add_argument("--codes", default=None, metavar="CODES.csv",
                   help="hand codes of a sample of the corpus (from `newsframing sample`) to measure accuracy on it")
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
                                   "derived table of the report next to it (or to --out). With --codes (a coded sheet "
                                   "from `newsframing sample`), accuracy is measured on this corpus and the outlet "
                                   "estimates are corrected with the error rates measured there.")
    p.add_argument("--processed", default="data/processed", metavar="DIR")
    p.add_argument("--out", default=None, metavar="DIR")
    p.add_argument("--codes", default=None, metavar="CODES.csv",
                   help="hand codes of some of this corpus's sentences (columns sentence_id, frame)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("train", help="choose the frame classifier by transfer and train it on the coded training corpus",
                       description="Rebuild data/training/sentences.csv from its manifest, compare candidate models by "
                                   "leave-one-storyline-out and leave-one-register-out macro-F1, fit the best on all coded "
                                   "items (fixed seed) and write models/frame_classifier.json and data/validation/*.csv.")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="parallel folds (default 1)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("validate", help="print the trained classifier's transfer scores (recomputed)",
                       description="Cross-validate the trained model's configuration on the coded training corpus with "
                                   "one storyline, register or article held out at a time, beside two baselines, and print "
                                   "the table (the same numbers as data/validation/transfer_scores.csv).")
    p.add_argument("--jobs", type=int, default=1, metavar="N")
    p.add_argument("--held-out", default="storyline,register,article", metavar="SCHEMES",
                   help="comma-separated: storyline, register, article (default: all three)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("sample", help="draw a stratified sample of a corpus's sentences into a coding sheet",
                       description="Write a CSV coding sheet (sentence_id, article_id, outlet, context_before, text, "
                                   "frame, rule, note) of N sentences drawn at random within each outlet (fixed seed). "
                                   "Code the frame column by docs/codebook.md and pass it to `analyze --codes`.")
    p.add_argument("--processed", default="data/processed", metavar="DIR")
    p.add_argument("--output", required=True, metavar="SHEET.csv")
    p.add_argument("-n", type=int, default=200, metavar="N", help="sentences to sample (default 200)")
    p.add_argument("--seed", type=int, default=20240316)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_sample)

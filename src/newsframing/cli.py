"""Command line: ``newsframing ingest`` (and the analysis commands), ``--help`` on each.

Errors the user can fix print one line (``newsframing: error: FILE: problem``) and exit with 2; no
traceback. Set NEWSFRAMING_DEBUG=1 to see the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from newsframing import __version__
from newsframing.commands import add_execution_options, register as register_analysis_commands
from newsframing.errors import NewsframingError, display_path


def _warn(msg: str) -> None:
    print(f"newsframing: warning: {msg}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from newsframing.execution import map_chunks
    from newsframing.ingest import ingest

    def mapper(fn, rows):  # each file is one task of the project's execution layer, results in manifest order
        return map_chunks(fn, rows, jobs=args.jobs, scheduler=args.scheduler)

    corpus = ingest(Path(args.manifest), Path(args.out), progress=not args.quiet, warn=_warn,
                    on_error=args.on_error, mapper=mapper)
    if not args.quiet:
        print(f"ingested {corpus.summary()} -> {display_path(args.out)}/")
    elif len(corpus.rejected):
        _warn(f"{len(corpus.rejected)} file(s) rejected, listed in {display_path(Path(args.out) / 'rejected.csv')}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsframing",
        description="Media-framing analysis of news articles: opportunity vs. threat framing of generative AI.",
    )
    parser.add_argument("--version", action="version", version=f"newsframing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "ingest",
        help="clean article files listed in a manifest into articles/sentences tables",
        description=(
            "Read MANIFEST (CSV with columns file, outlet; optional title, author, published, url; "
            "paths relative to the manifest), extract and clean each .txt/.md/.html file, merge "
            "near-duplicates, split sentences, and write articles.csv, sentences.csv, teasers.csv, "
            "ingest_log.csv and rejected.csv to DIR. With --on-error stop (the default) nothing is written "
            "if any file is bad; with --on-error skip bad files are listed in rejected.csv with the reason."
        ),
    )
    p.add_argument("manifest", metavar="MANIFEST", help="path to manifest.csv")
    p.add_argument("--out", metavar="DIR", required=True, help="output folder (created if missing)")
    p.add_argument("--on-error", choices=["stop", "skip"], default="stop",
                   help="on a bad file: stop and write nothing (default), or skip it and list it in DIR/rejected.csv")
    add_execution_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=cmd_ingest)

    register_analysis_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except NewsframingError as exc:
        if os.environ.get("NEWSFRAMING_DEBUG"):
            raise
        print(f"newsframing: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsframing: interrupted; no outputs were written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

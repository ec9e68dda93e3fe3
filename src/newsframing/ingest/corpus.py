"""``newsframing ingest``: manifest in, clean corpus tables out (articles, sentences, teasers, log,
rejected files).

Raw files are only read. All tables are built in memory, then written to a temporary folder and moved
into place, so any error (reported as one line naming the file) leaves the output folder untouched.
With ``on_error="skip"`` a bad file does not stop the run: it is listed in ``rejected.csv`` with the
same one-line reason ``"stop"`` would have printed, so every manifest row is either ingested or
rejected.

The per-file work (:func:`parse_row`) is a pure function of one manifest row, so ``build_corpus`` takes
a ``mapper`` (``map``-like, results in input order): the builtin ``map`` by default, or the project's
execution layer (a process pool, Dask) to use several cores. The MinHash of each article (a pure
function of its text) goes through the same mapper; the other cross-file steps (site-wide text,
near-duplicate grouping and merging, the tables) run in the calling process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tqdm import tqdm

from newsframing.atomic import staged_outputs, write_csv
from newsframing.ingest.boilerplate import is_sentence_like, sentence_label
from newsframing.ingest.clean import CleanDoc, LogEntry, clean_blocks
from newsframing.ingest.dedup import Sent, duplicate_groups, merge_copies
from newsframing.errors import NewsframingError, display_path
from newsframing.ingest.extract import extract_blocks, sniff_format
from newsframing.ingest.manifest import SUPPORTED_SUFFIXES, ManifestRow, Rejected, scan_manifest
from newsframing.ingest.read import decode_bytes
from newsframing.ingest.segment import split_sentences
from newsframing.ingest.sitewide import MIN_PAGES, sitewide_runs, sitewide_sentences, strip_run

if TYPE_CHECKING:
    import pandas as pd

ARTICLE_COLUMNS = [
    "article_id", "file", "outlet", "title", "author", "published", "url", "format", "encoding",
    "sha256", "canonical_id", "duplicate_jaccard", "n_paragraphs", "n_sentences", "n_teasers", "share_removed",
]
SENTENCE_COLUMNS = ["sentence_id", "article_id", "outlet", "paragraph", "position", "source_id", "text"]
TEASER_COLUMNS = ["article_id", "outlet", "teaser", "title", "text"]
LOG_COLUMNS = ["article_id", "file", "action", "category", "detail"]
REJECTED_COLUMNS = ["file", "reason"]
ON_ERROR = ("stop", "skip")
# Longer "sentences" are menus, tables or run-on legal text the segmenter could not split; no reader
# would call them one sentence and no sentence-level measure means anything on them.
MAX_SENTENCE_CHARS = 1000

T = TypeVar("T")
# ``map``-like: (function, items) -> results in input order; used for the files and for the MinHashes
Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]


@dataclass
class Parsed:
    row: ManifestRow
    sha256: str
    fmt: str
    encoding: str
    doc: CleanDoc
    sents: list[Sent]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Corpus:
    articles: pd.DataFrame
    sentences: pd.DataFrame
    teasers: pd.DataFrame
    log: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: _rejected_table([]))

    def summary(self) -> str:
        a = self.articles
        n_canon = int((a.article_id == a.canonical_id).sum())
        return (f"{len(a)} files: {n_canon} canonical articles from {a.outlet.nunique()} outlets, "
                f"{len(a) - n_canon} duplicate(s) merged, {len(self.sentences)} sentences, "
                f"{len(self.teasers)} teaser(s) split off, {len(self.log)} log entries, "
                f"{len(self.rejected)} file(s) rejected")


def parse_file(row: ManifestRow) -> Parsed:
    """Read, extract, clean and segment one manifest row; NewsframingError when it is no usable article."""
    try:
        data = row.path.read_bytes()  # read once, hash and decode
    except IsADirectoryError:
        raise NewsframingError(row.path, "is a directory, not a file") from None
    except FileNotFoundError:
        raise NewsframingError(row.path, "file not found") from None
    except OSError as exc:
        raise NewsframingError(row.path, f"cannot read file ({exc.strerror or exc})") from None
    decoded = decode_bytes(data, row.path)
    fmt = sniff_format(decoded.text, SUPPORTED_SUFFIXES[row.path.suffix.lower()])
    blocks, title = extract_blocks(decoded.text, fmt)
    doc = clean_blocks(blocks, title)
    sents: list[Sent] = []
    aid = row.article_id  # a property that parses the path: once per file, not once per sentence
    for p, para in enumerate(doc.paragraphs, start=1):
        for s in split_sentences(para):
            if len(s) > MAX_SENTENCE_CHARS:
                doc.log.append(LogEntry("dropped", "over-long sentence", s))
            elif label := sentence_label(s):
                doc.log.append(LogEntry("dropped", label, s))
            else:
                sents.append(Sent(p, s, aid))
    if not sents:
        raise NewsframingError(row.path, "no article text left after removing boilerplate (is this an article?)")
    return Parsed(row, hashlib.sha256(data).hexdigest(), fmt, decoded.encoding, doc, sents, decoded.warnings)


def parse_row(row: ManifestRow) -> Parsed | Rejected:
    """:func:`parse_file`, with a bad file returned as a :class:`Rejected` row instead of raised
    (a pure, picklable function of the row: what a ``mapper`` runs on other cores)."""
    try:
        return parse_file(row)
    except NewsframingError as exc:
        return Rejected(row.file, str(exc), row.row)


def _parse_all(rows: list[ManifestRow], mapper: Mapper, on_error: str, progress: bool) -> Iterator[Parsed | Rejected]:
    """Parse every row, largest file first, and yield the results in manifest order (as soon as each
    one and all before it are done)."""
    order = largest_first(rows)
    results = mapper(parse_row, [rows[i] for i in order])
    done = tqdm(results, total=len(rows), desc="ingest", unit="file", disable=None if progress else True)
    for res in in_input_order(zip(order, _after_first(done, _import_cross_file_modules))):
        if isinstance(res, Rejected) and on_error == "stop":
            raise NewsframingError(None, res.reason)
        yield res


def _after_first(items: Iterable[T], action: Callable[[], object]) -> Iterator[T]:
    """``items``, calling ``action()`` once the first one has arrived."""
    it = iter(items)
    for first in it:
        yield first
        action()
        break
    yield from it


def _import_cross_file_modules() -> None:
    """Import what only the cross-file steps need (pandas; datasketch, which loads scipy): about 0.8 s.

    Called once the first file is parsed, i.e. when a process pool, if any, has started its workers:
    the import then runs while they parse, instead of before they start (workers fork from this
    process and parsing never needs these modules) or after they finish.
    """
    import datasketch  # noqa: F401
    import pandas  # noqa: F401


def largest_first(rows: list[ManifestRow]) -> list[int]:
    """Row positions by file size, largest first (ties and unreadable files in manifest order).

    Why: the mapper runs one task per file and keeps only a few tasks in flight, in order. In manifest
    order a large page among small ones holds up the results of the small ones finished after it, and
    a large page near the end leaves the other workers idle. Largest first, neighbouring tasks take
    similar times and the small ones fill the gaps at the end (the usual longest-processing-time rule;
    size stands in for time). Only the order of the work changes, not the tables: results are put back
    into manifest order before anything uses them.
    """
    def size(i: int) -> int:
        try:
            return rows[i].path.stat().st_size
        except OSError:  # reported when the row is parsed
            return 0

    return sorted(range(len(rows)), key=lambda i: -size(i))


def in_input_order(results: Iterable[tuple[int, T]]) -> Iterator[T]:
    """Results tagged with their input position (0, 1, 2, ... in any order) yielded in input order,
    each as soon as all before it have arrived."""
    waiting: dict[int, T] = {}
    nxt = 0
    for pos, res in results:
        waiting[pos] = res
        while nxt in waiting:
            yield waiting.pop(nxt)
            nxt += 1
    if waiting:
        raise ValueError(f"input positions missing before {min(waiting)}")


def build_corpus(manifest: Path, progress: bool = False, warn: Callable[[str], None] | None = None,
                 on_error: str = "stop", mapper: Mapper = map) -> Corpus:
    """Run the whole ingestion in memory and return the tables.

    ``on_error``: ``"stop"`` raises on the first bad file (in manifest order); ``"skip"`` lists bad
    files in ``Corpus.rejected`` and goes on. ``mapper``: how the per-file work is run (see module doc).
    """
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {ON_ERROR}, not {on_error!r}")
    rows, rejected = scan_manifest(manifest, on_error=on_error)
    parsed: dict[str, Parsed] = {}
    for res in _parse_all(rows, mapper, on_error, progress):
        if isinstance(res, Rejected):
            rejected.append(res)
            continue
        for w in res.warnings:
            if warn:
                warn(f"{display_path(res.row.path)}: {w}")
        parsed[res.row.article_id] = res
    site_dropped = _drop_sitewide(parsed, rejected, on_error)
    if not parsed:
        first = min(rejected, key=lambda r: r.row).reason if rejected else "no files"
        raise NewsframingError(manifest, f"no file could be ingested: all {len(rejected)} rejected (first: {first})")

    log: list[dict[str, str]] = []

    def note(aid: str, action: str, category: str, detail: str) -> None:
        log.append({"article_id": aid, "file": parsed[aid].row.file, "action": action, "category": category, "detail": detail})

    for aid, p in parsed.items():
        for w in p.warnings:
            note(aid, "decoded", "encoding", w)
        for e in p.doc.log:
            note(aid, e.action, e.category, e.detail)
        for category, detail in site_dropped.get(aid, []):
            note(aid, "dropped", category, detail)

    # compared on the sentences that are kept, so text dropped as furniture cannot make pages look alike
    texts = {aid: "\n".join(s.text for s in p.sents) for aid, p in parsed.items()}
    groups, sims = duplicate_groups(texts, mapper=mapper)  # the MinHashes, like the files, through the mapper
    canonical_of = {aid: aid for aid in parsed}
    jacc = {aid: float("nan") for aid in parsed}
    final_sents = {aid: p.sents for aid, p in parsed.items()}
    order = {aid: n for n, aid in enumerate(parsed)}
    for group in groups:
        keep = min(group, key=lambda a: (round(parsed[a].doc.removed_share, 2), order[a]))
        for other in group:
            if other == keep:
                continue
            canonical_of[other] = keep
            pair = tuple(sorted((keep, other), key=order.__getitem__))  # sims are keyed (earlier, later)
            jacc[other] = sims.get(pair, float("nan"))
            note(other, "merged", "near-duplicate",
                 f"duplicate of {keep} (5-word-shingle Jaccard {jacc[other]:.2f}); {keep} kept as canonical "
                 f"because it needed less boilerplate removal ({parsed[keep].doc.removed_share:.0%} vs "
                 f"{parsed[other].doc.removed_share:.0%})")
            merged, notes = merge_copies(final_sents[keep], parsed[other].sents, other)
            final_sents[keep] = merged
            for n in notes:
                note(keep, n.action, n.category, n.detail)

    articles, sentences, teasers = [], [], []
    for aid, p in parsed.items():
        canon = canonical_of[aid] == aid
        sents = final_sents[aid]
        r = p.row
        articles.append({
            "article_id": aid, "file": r.file, "outlet": r.outlet, "title": r.title or p.doc.title,
            "author": r.author, "published": r.published, "url": r.url, "format": p.fmt,
            "encoding": p.encoding, "sha256": p.sha256, "canonical_id": canonical_of[aid],
            "duplicate_jaccard": jacc[aid], "n_paragraphs": len({s.paragraph for s in sents}),
            "n_sentences": len(sents), "n_teasers": len(p.doc.teasers), "share_removed": p.doc.removed_share,
        })
        for k, t in enumerate(p.doc.teasers, start=1):
            teasers.append({"article_id": aid, "outlet": r.outlet, "teaser": k, "title": t.title, "text": t.text})
        if canon:
            for pos, s in enumerate(sents, start=1):
                sentences.append({"sentence_id": f"{aid}-s{pos:03d}", "article_id": aid, "outlet": r.outlet,
                                  "paragraph": s.paragraph, "position": pos, "source_id": s.source, "text": s.text})
    import pandas as pd

    corpus = Corpus(
        pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
        pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        pd.DataFrame(teasers, columns=TEASER_COLUMNS),
        pd.DataFrame(log, columns=LOG_COLUMNS),
        _rejected_table(rejected),
    )
    _check(corpus)
    return corpus


def _drop_sitewide(parsed: dict[str, Parsed], rejected: list[Rejected], on_error: str) -> dict[str, list[tuple[str, str]]]:
    """Drop sentences repeated on many pages of one outlet, and cut site-wide banners glued to the start
    of a sentence (see :mod:`sitewide`), in place; a page left with no sentence is rejected. Returns
    article id -> [(log category, detail)]."""
    repeated = sitewide_sentences({aid: (p.row.outlet, p.sha256, [s.text for s in p.sents]) for aid, p in parsed.items()})
    notes: dict[str, list[tuple[str, str]]] = {}
    for aid, p in parsed.items():
        common = repeated.get(p.row.outlet)
        if common and any(s.text in common for s in p.sents):
            notes[aid] = [("site-wide text", f"{s.text} (on {common[s.text]} pages of {p.row.outlet})")
                          for s in p.sents if s.text in common]
            p.sents = [s for s in p.sents if s.text not in common]
    runs = sitewide_runs({aid: (p.row.outlet, p.sha256, [s.text for s in p.sents]) for aid, p in parsed.items()})
    for aid, p in parsed.items():
        outlet_runs = runs.get(p.row.outlet)
        if not outlet_runs:
            continue
        keep = []
        for s in p.sents:
            cut = strip_run(s.text, outlet_runs)
            if cut is None:
                keep.append(s)
                continue
            rest, run = cut
            where = f"(on {outlet_runs[run]} pages of {p.row.outlet})"
            if is_sentence_like(rest):
                notes.setdefault(aid, []).append(("site-wide run", f"{' '.join(run)} {where}"))
                keep.append(Sent(s.paragraph, rest, s.source))
            else:  # what is left is a heading or a fragment
                notes.setdefault(aid, []).append(("site-wide run", f"{s.text} {where}"))
        p.sents = keep
    for aid in [a for a, p in parsed.items() if not p.sents]:
        p = parsed.pop(aid)
        reason = str(NewsframingError(p.row.path, f"no article text left after removing text repeated on "
                                                  f"{MIN_PAGES} or more pages of {p.row.outlet} (is this an article?)"))
        if on_error == "stop":
            raise NewsframingError(None, reason)
        rejected.append(Rejected(p.row.file, reason, p.row.row))
        notes.pop(aid, None)
    return notes


def _rejected_table(rejected: list[Rejected]) -> pd.DataFrame:
    """Rejected files in manifest order."""
    import pandas as pd

    recs = [{"file": r.file, "reason": r.reason} for r in sorted(rejected, key=lambda r: r.row)]
    return pd.DataFrame(recs, columns=REJECTED_COLUMNS)


def _check(c: Corpus) -> None:
    """Invariants after the joins (BuzzFeed-style assertions)."""
    a = c.articles
    assert a.article_id.is_unique, "article ids must be unique"
    assert set(a.canonical_id) <= set(a.article_id), "every canonical id names an article"
    canon = set(a.loc[a.article_id == a.canonical_id, "article_id"])
    assert set(c.sentences.article_id) <= canon, "sentences only for canonical articles"
    assert c.sentences.sentence_id.is_unique, "sentence ids must be unique"
    counts = c.sentences.groupby("article_id").size()
    for aid in canon:
        assert counts.get(aid, 0) == int(a.loc[a.article_id == aid, "n_sentences"].iloc[0]), aid


def write_corpus(corpus: Corpus, out_dir: Path) -> list[Path]:
    """Write the five tables atomically into ``out_dir``; returns the written paths."""
    names = {"articles.csv": corpus.articles, "sentences.csv": corpus.sentences,
             "teasers.csv": corpus.teasers, "ingest_log.csv": corpus.log, "rejected.csv": corpus.rejected}
    with staged_outputs(out_dir) as tmp:
        for name, df in names.items():
            write_csv(df, tmp / name)
    return [Path(out_dir) / n for n in names]


def ingest(manifest: Path, out_dir: Path, progress: bool = False, warn: Callable[[str], None] | None = None,
           on_error: str = "stop", mapper: Mapper = map) -> Corpus:
    """Build the corpus from ``manifest`` and write it to ``out_dir`` (see :func:`build_corpus`)."""
    corpus = build_corpus(manifest, progress=progress, warn=warn, on_error=on_error, mapper=mapper)
    write_corpus(corpus, out_dir)
    return corpus

"""``newsframing ingest``: manifest in, clean corpus tables out (articles, sentences, teasers, log).

Raw files are only read. All tables are built in memory, then written to a temporary folder and moved
into place, so any error (reported as one line naming the file) leaves the output folder untouched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from newsframing.atomic import staged_outputs, write_csv
from newsframing.ingest.clean import CleanDoc, clean_blocks
from newsframing.ingest.dedup import Sent, duplicate_groups, merge_copies
from newsframing.errors import NewsframingError, display_path
from newsframing.ingest.extract import extract_blocks, sniff_format
from newsframing.ingest.manifest import SUPPORTED_SUFFIXES, ManifestRow, read_manifest
from newsframing.ingest.read import decode_bytes
from newsframing.ingest.segment import split_sentences

ARTICLE_COLUMNS = [
    "article_id", "file", "outlet", "title", "author", "published", "url", "format", "encoding",
    "sha256", "canonical_id", "duplicate_jaccard", "n_paragraphs", "n_sentences", "n_teasers", "share_removed",
]
SENTENCE_COLUMNS = ["sentence_id", "article_id", "outlet", "paragraph", "position", "source_id", "text"]
TEASER_COLUMNS = ["article_id", "outlet", "teaser", "title", "text"]
LOG_COLUMNS = ["article_id", "file", "action", "category", "detail"]


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

    def summary(self) -> str:
        a = self.articles
        n_canon = int((a.article_id == a.canonical_id).sum())
        return (f"{len(a)} files: {n_canon} canonical articles from {a.outlet.nunique()} outlets, "
                f"{len(a) - n_canon} duplicate(s) merged, {len(self.sentences)} sentences, "
                f"{len(self.teasers)} teaser(s) split off, {len(self.log)} log entries")


def parse_file(row: ManifestRow) -> Parsed:
    """Read, extract, clean and segment one manifest row."""
    data = row.path.read_bytes()  # existence was checked with the manifest; read once, hash and decode
    decoded = decode_bytes(data, row.path)
    fmt = sniff_format(decoded.text, SUPPORTED_SUFFIXES[row.path.suffix.lower()])
    blocks, title = extract_blocks(decoded.text, fmt)
    doc = clean_blocks(blocks, title)
    if not doc.paragraphs:
        raise NewsframingError(row.path, "no article text left after removing boilerplate (is this an article?)")
    sents = [Sent(p, s, row.article_id) for p, para in enumerate(doc.paragraphs, start=1) for s in split_sentences(para)]
    return Parsed(row, hashlib.sha256(data).hexdigest(), fmt, decoded.encoding, doc, sents, decoded.warnings)


def build_corpus(manifest: Path, progress: bool = False, warn: Callable[[str], None] | None = None) -> Corpus:
    """Run the whole ingestion in memory and return the four tables."""
    rows = read_manifest(manifest)
    parsed: dict[str, Parsed] = {}
    for row in tqdm(rows, desc="ingest", unit="file", disable=None if progress else True):
        p = parse_file(row)
        for w in p.warnings:
            if warn:
                warn(f"{display_path(row.path)}: {w}")
        parsed[row.article_id] = p

    log: list[dict[str, str]] = []

    def note(aid: str, action: str, category: str, detail: str) -> None:
        log.append({"article_id": aid, "file": parsed[aid].row.file, "action": action, "category": category, "detail": detail})

    for aid, p in parsed.items():
        for w in p.warnings:
            note(aid, "decoded", "encoding", w)
        for e in p.doc.log:
            note(aid, e.action, e.category, e.detail)

    texts = {aid: "\n".join(p.doc.paragraphs) for aid, p in parsed.items()}
    groups, sims = duplicate_groups(texts)
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
    corpus = Corpus(
        pd.DataFrame(articles, columns=ARTICLE_COLUMNS),
        pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        pd.DataFrame(teasers, columns=TEASER_COLUMNS),
        pd.DataFrame(log, columns=LOG_COLUMNS),
    )
    _check(corpus)
    return corpus


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
    """Write the four tables atomically into ``out_dir``; returns the written paths."""
    names = {"articles.csv": corpus.articles, "sentences.csv": corpus.sentences,
             "teasers.csv": corpus.teasers, "ingest_log.csv": corpus.log}
    with staged_outputs(out_dir) as tmp:
        for name, df in names.items():
            write_csv(df, tmp / name)
    return [Path(out_dir) / n for n in names]


def ingest(manifest: Path, out_dir: Path, progress: bool = False, warn: Callable[[str], None] | None = None) -> Corpus:
    """Build the corpus from ``manifest`` and write it to ``out_dir``."""
    corpus = build_corpus(manifest, progress=progress, warn=warn)
    write_corpus(corpus, out_dir)
    return corpus

"""From extracted blocks to clean article paragraphs: furniture out, teasers split off, repairs logged.

The order matters and is the same for every input:
1. classify each block (``boilerplate.furniture_category``) and mark author bios after bylines;
2. split off teaser articles that end in a "Read more"-style marker;
3. re-join paragraphs broken mid-sentence (a block that does not end a sentence followed by one that
   starts in lower case);
4. take the first headline-like block before the prose as the title, drop other non-sentences
   (section headings, captions, labels);
5. repair tokens: stray punctuation (". ."), a paragraph starting in lower case; then judge each
   re-joined or repaired paragraph again, so cleaning is idempotent.
Every step appends to the log, so readers can audit exactly what left the analysis and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsframing.ingest.boilerplate import (
    ROLE,
    SENTENCE_END,
    furniture_category,
    furniture_runs,
    is_sentence_like,
    words,
)
from newsframing.ingest.extract import Block

END_BOUNDARY = {"byline", "author bio", "section list", "tags", "copyright footer"}


@dataclass
class LogEntry:
    action: str  # dropped | split | repaired | decoded | merged | restored
    category: str
    detail: str


@dataclass
class Teaser:
    title: str
    text: str


@dataclass
class CleanDoc:
    title: str
    paragraphs: list[str]
    teasers: list[Teaser] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    chars_in: int = 0
    chars_removed: int = 0

    @property
    def removed_share(self) -> float:
        return self.chars_removed / self.chars_in if self.chars_in else 0.0


def _norm_ws(text: str) -> str:
    r"""Whitespace runs as one space, none at the ends or before ``,;:!?``.

    Equal to ``re.sub(r"\s+([,;:!?])", r"\1", re.sub(r"\s+", " ", text).strip())`` (``str.split`` splits
    at what ``\s`` matches), about three times faster on a crawl's long lines: once the whitespace is
    single spaces, the space-punctuation pairs cannot overlap, so removing them one character at a time
    removes the same ones.
    """
    text = " ".join(text.split())
    for p in ",;:!?":
        text = text.replace(" " + p, p)
    return text


def _starts_lower(text: str) -> bool:
    m = re.match(r"^[\"“‘'(]*([^\W\d_])", text)
    return bool(m and m.group(1).islower())


def _mark_bios(cats: list[str | None], blocks: list[Block]) -> None:
    """A prose block right after a role line ('Contributing Editor'), or a truncated one ('…') right
    after a byline, is an author bio."""
    for i in range(1, len(blocks)):
        if cats[i] is not None:
            continue
        prev_role = cats[i - 1] == "byline" and ROLE.match(blocks[i - 1].text)
        truncated = cats[i - 1] == "byline" and blocks[i].text.rstrip().endswith(("…", "..."))
        if prev_role or truncated:
            cats[i] = "author bio"


def _cut_furniture_runs(cats: list[str | None], blocks: list[Block], log: list[LogEntry]) -> None:
    """Cut menus, markup and other-language runs out of blocks that may be prose (in place); a block
    with nothing else left takes the category of its first run."""
    for i, b in enumerate(blocks):
        if cats[i] is not None:
            continue
        kept, runs = furniture_runs(b.text)
        if not runs:
            continue
        if kept.strip():
            for cat, piece in runs:
                log.append(LogEntry("dropped", cat, piece))
            blocks[i] = Block(kept, b.kind)
        else:
            cats[i] = runs[0][0]


def _split_teasers(cats: list[str | None], blocks: list[Block]) -> list[Teaser]:
    """Blocks ending in a 'Read more' marker, from the headline that starts them, are teasers.

    A single marker with no end-of-article boundary (byline, bio, tags) before it may be the
    article's own "read the full story" link, so it is only dropped as furniture, not split.
    """
    markers = [i for i, c in enumerate(cats) if c == "teaser marker"]
    if not markers:
        return []
    has_boundary = any(c in END_BOUNDARY for c in cats[: markers[0]])
    if len(markers) < 2 and not has_boundary:
        return []
    first_prose = next((i for i, c in enumerate(cats) if c is None and is_sentence_like(blocks[i].text)), 0)
    teasers: list[Teaser] = []
    lower = 0
    for m in markers:
        start = None
        j = m - 1
        while j >= max(lower, first_prose + 1):
            if cats[j] is not None and cats[j] != "image credit":
                break
            if not is_sentence_like(blocks[j].text):
                start = j  # headline (keep walking over caption lines above it)
            elif start is not None:
                break
            j -= 1
        if start is not None:
            body = [blocks[k].text for k in range(start + 1, m) if is_sentence_like(blocks[k].text)]
            teasers.append(Teaser(blocks[start].text, " ".join(body)))
            for k in range(start, m):
                cats[k] = "teaser"
        lower = m + 1
    return teasers


def clean_blocks(blocks: list[Block], title_hint: str = "") -> CleanDoc:
    """Apply the five steps above to ``blocks``; ``title_hint`` is a title known from markup."""
    blocks = [Block(_norm_ws(b.text), b.kind) for b in blocks if b.text.strip()]
    chars_in = sum(len(b.text) for b in blocks)
    cats: list[str | None] = [furniture_category(b.text) for b in blocks]
    log: list[LogEntry] = []
    _cut_furniture_runs(cats, blocks, log)
    _mark_bios(cats, blocks)
    teasers = _split_teasers(cats, blocks)
    for t in teasers:
        log.append(LogEntry("split", "teaser article", f"{t.title} [{len(words(t.text))} words]"))

    kept: list[Block] = []
    for b, c in zip(blocks, cats):
        if c is None:
            kept.append(b)
        elif c != "teaser":
            log.append(LogEntry("dropped", c, b.text))

    # 3. re-join paragraphs broken mid-sentence
    joined: list[Block] = []
    for b in kept:
        prev = joined[-1] if joined else None
        if (prev is not None and prev.kind == "para" and b.kind == "para"
                and not SENTENCE_END.search(prev.text) and _starts_lower(b.text)
                and is_sentence_like(b.text)):
            log.append(LogEntry("repaired", "paragraph broken mid-sentence",
                                f"…{prev.text[-40:]} ⏎ {b.text[:40]}…"))
            joined[-1] = Block(prev.text + " " + b.text, "para")
        else:
            joined.append(b)

    # 4. title and other non-sentences
    title = title_hint
    paragraphs: list[str] = []
    for b in joined:
        if b.kind == "para" and is_sentence_like(b.text):
            paragraphs.append(b.text)
            continue
        if not title and not paragraphs and len(words(b.text)) >= 4:
            title = b.text
            log.append(LogEntry("dropped", "title (kept as metadata)", b.text))
        else:
            cat = "section heading" if paragraphs else "heading, caption or label"
            log.append(LogEntry("dropped", cat, b.text))

    # 5. token repairs
    repaired = [fixed for p in paragraphs if (fixed := _settle(p, log)) is not None]

    chars_out = sum(len(p) for p in repaired)
    return CleanDoc(title=title, paragraphs=repaired, teasers=teasers, log=log,
                    chars_in=chars_in, chars_removed=max(0, chars_in - chars_out))


def _settle(p: str, log: list[LogEntry]) -> str | None:
    """Step 5 for one paragraph: token repairs, then judged again exactly as a later pass would judge it
    (a re-joined paragraph can be long enough for a test that its parts were too short for, such as the
    language test), repeated until nothing changes; None when it is dropped."""
    while True:
        fixed = re.sub(r"([.!?][\"”’]?)(\s+\.)+(?=\s|$)", r"\1", p)
        if fixed != p:
            log.append(LogEntry("repaired", "stray punctuation", p[max(0, p.find(" .") - 30):][:70]))
        toks = words(fixed)
        first = toks[0] if toks else ""
        if first.isalpha() and first.islower() and not SENTENCE_END.search(first):
            idx = fixed.find(first)
            fixed = fixed[:idx] + first[0].upper() + fixed[idx + 1:]
            log.append(LogEntry("repaired", "paragraph starts in lower case", fixed[:60]))
        cat = furniture_category(fixed)
        if cat is None:
            kept, runs = furniture_runs(fixed)
            if runs and not kept.strip():
                cat = runs[0][0]
            elif runs:
                for c, piece in runs:
                    log.append(LogEntry("dropped", c, piece))
                p = kept
                continue
        if cat is not None or not is_sentence_like(fixed):
            log.append(LogEntry("dropped", cat or "heading, caption or label", fixed))
            return None
        return fixed


def clean_text(text: str, fmt: str = "text") -> str:
    """Clean a whole text and return its paragraphs joined by blank lines (used by property tests)."""
    from newsframing.ingest.extract import extract_blocks

    blocks, title = extract_blocks(text, fmt)
    return "\n\n".join(clean_blocks(blocks, title).paragraphs)

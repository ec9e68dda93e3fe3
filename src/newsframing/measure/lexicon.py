"""The opportunity/threat frame lexicon: loading, matching with negation, clause weights and quotes.

Pattern syntax (``data/lexicons/frame_lexicon_v1.csv``, column ``pattern``):
* ``word``  matches any token with the same Porter stem (``replace`` ~ replaced, replacing);
* ``word*`` matches tokens that start with ``word`` (``deepfake*`` ~ deepfakes);
* ``(a|b)`` matches either stem; ``*`` alone is a gap of 0-3 tokens (``earn * living``).
Longer patterns are matched first and consume their tokens, so ``job loss`` is not also ``loss``.

Codebook rules implemented here: R2 (in a mixed sentence the main clause carries the frame: terms
before a contrastive "but/however/yet" or inside a concessive "While ..., " clause count half) and R3
(a negator within two tokens before a term flips it to the other frame, unless the entry's
``on_negation`` is ``keep``: terms naming a valued thing at risk - livelihoods, consent, protections -
stay threat when negated, "can no longer earn a living"; patterns that contain their own negation, like
"not * transparent", are not flipped). Quoted speech (a span of four or more words
inside quotation marks) is flagged on each match: it counts toward the frame (the outlet chose to
quote it) and is attributed to the quoted voice by :mod:`newsframing.measure.voices`.

Matching is linear in tokens: entries are indexed by what their first part accepts (a stem, or a prefix
of the token), so each token looks up only the entries that can start there, instead of every entry
being tried at every token. Candidates are then tried in the same order as a scan entry by entry, which
keeps the result identical to that scan (``tests/test_lexicon_index.py`` compares the two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newsframing import paths
from newsframing.errors import NewsframingError
from newsframing.measure.text import StemKeys, stem, stem_keys, stem_may_be, tokens

LEXICON_FILE = paths.LEXICONS / "frame_lexicon_v2.csv"
FRAMES = ("opportunity", "threat")
NEGATORS = {"not", "no", "never", "nor", "neither", "hardly", "barely"}
NEG_WINDOW = 2
GAP = 3
CONTRAST = {"but", "however", "yet"}
CONCESSIVE = {"while", "although", "though", "whilst"}
SUBORDINATE_WEIGHT = 0.5
_QUOTE = re.compile(r"[\"“]([^\"“”]+)[\"”]")
_CONCESSIVE = re.compile(rf"^\s*({'|'.join(sorted(CONCESSIVE))})\b([^,;—]*)[,;—]", re.I)


@dataclass(frozen=True)
class Entry:
    pattern: str
    frame: str
    weight: float
    category: str
    parts: tuple[tuple[str, str], ...]  # (kind, value): kind in stem|prefix|alt|gap
    flips: bool = True  # on_negation == 'flip'

    @property
    def has_negator(self) -> bool:
        return any(k == "stem" and v in NEGATORS for k, v in self.parts)


@dataclass(frozen=True)
class Match:
    pattern: str
    frame: str  # after negation
    weight: float  # after negation and clause weighting
    category: str
    start: int  # token index
    end: int
    negated: bool
    quoted: bool


def _compile(pattern: str) -> tuple[tuple[str, str], ...]:
    parts: list[tuple[str, str]] = []
    for tok in pattern.lower().split():
        if tok == "*":
            parts.append(("gap", ""))
        elif tok.startswith("(") and tok.endswith(")"):
            parts.append(("alt", "|".join(stem(t) for t in tok[1:-1].split("|"))))
        elif tok.endswith("*"):
            parts.append(("prefix", tok[:-1]))
        else:
            parts.append(("stem", stem(tok)))
    return tuple(parts)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> tuple[Entry, ...]:
    """Entries sorted longest pattern first (ties: file order)."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise NewsframingError(path, "frame lexicon not found") from None
    need = {"pattern", "frame", "weight", "category", "on_negation", "rationale"}
    if not need <= set(df.columns):
        raise NewsframingError(path, f"lexicon needs columns {sorted(need)}")
    bad = df[~df.frame.isin(FRAMES)]
    if len(bad):
        raise NewsframingError(path, f"unknown frame {bad.frame.iloc[0]!r} for pattern {bad.pattern.iloc[0]!r}")
    if df.pattern.duplicated().any():
        raise NewsframingError(path, f"duplicate pattern {df.pattern[df.pattern.duplicated()].iloc[0]!r}")
    bad = df[~df.on_negation.isin({"flip", "keep"})]
    if len(bad):
        raise NewsframingError(path, f"on_negation must be flip or keep, not {bad.on_negation.iloc[0]!r} ({bad.pattern.iloc[0]!r})")
    entries = [Entry(r.pattern, r.frame, float(r.weight), r.category, _compile(r.pattern), r.on_negation == "flip")
               for r in df.itertuples()]
    return tuple(sorted(entries, key=lambda e: -len([p for p in e.parts if p[0] != "gap"])))


def _tok_matches(kind: str, value: str, tok: str) -> bool:
    if kind == "prefix":
        return tok.startswith(value)
    if kind == "alt":
        return stem(tok) in value.split("|")
    return stem(tok) == value


def _match_at(parts: tuple[tuple[str, str], ...], toks: list[str], i: int) -> int | None:
    """End index (exclusive) if ``parts`` match starting at token ``i``."""
    if not parts:
        return i
    kind, value = parts[0]
    if kind == "gap":
        for skip in range(0, GAP + 1):
            end = _match_at(parts[1:], toks, i + skip)
            if end is not None:
                return end
        return None
    if i < len(toks) and _tok_matches(kind, value, toks[i]):
        return _match_at(parts[1:], toks, i + 1)
    return None


def clause_weights(toks: list[str]) -> list[float]:
    """Codebook R2, contrast part: tokens before the last 'but/however/yet' weigh 0.5 (the leading
    concessive clause is handled by :func:`_concessive_span`)."""
    w = [1.0] * len(toks)
    last_contrast = max((i for i, t in enumerate(toks) if t in CONTRAST and i > 0), default=None)
    if last_contrast is not None:
        for i in range(last_contrast):
            w[i] = SUBORDINATE_WEIGHT
    return w


def _concessive_span(text: str) -> int:
    """Number of tokens in a leading 'While ..., ' clause (0 if none)."""
    m = _CONCESSIVE.match(text)
    return len(tokens(m.group(0))) if m else 0


def quoted_token_mask(text: str) -> list[bool]:
    """True for tokens inside a quotation of >= 4 words (shorter quotes are scare quotes)."""
    return _quoted_mask(text, tokens(text))


def _quoted_mask(text: str, toks: list[str]) -> list[bool]:
    mask = [False] * len(toks)
    if '"' not in text and "“" not in text:
        return mask
    for m in _QUOTE.finditer(text):
        inner = tokens(m.group(1))
        if len(inner) < 4:
            continue
        before = len(tokens(text[: m.start()]))
        for k in range(before, min(before + len(inner), len(toks))):
            mask[k] = True
    return mask


@dataclass(frozen=True)
class _Index:
    """Lexicon entries (by rank in the lexicon) keyed by what their first part accepts."""

    by_stem: dict[str, tuple[int, ...]]  # first part 'stem' or 'alt': the token's stem
    by_prefix: dict[str, tuple[tuple[str, tuple[int, ...]], ...]]  # first part 'prefix': keyed by its first
    # PREFIX_KEY characters, (prefix, ranks) pairs in ascending prefix length; prefixes shorter than that
    # are in short_prefixes
    short_prefixes: tuple[tuple[str, tuple[int, ...]], ...]
    anywhere: tuple[int, ...]  # first part a gap: may start at any token
    stem_keys: StemKeys = StemKeys([""])  # text.stem_keys(by_stem): which tokens need stemming
    token_ranks: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)  # cache of _token_ranks


def _build_index(lexicon: tuple[Entry, ...]) -> _Index:
    by_stem: dict[str, list[int]] = {}
    by_prefix: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for rank, e in enumerate(lexicon):
        if not e.parts:
            continue  # matches nothing: the scan skips an empty match
        kind, value = e.parts[0]
        if kind == "stem":
            by_stem.setdefault(value, []).append(rank)
        elif kind == "alt":
            for v in dict.fromkeys(value.split("|")):
                by_stem.setdefault(v, []).append(rank)
        elif kind == "prefix":
            by_prefix.setdefault(value, []).append(rank)
        else:
            anywhere.append(rank)
    keyed: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
    short = []
    for prefix in sorted(by_prefix, key=lambda p: (len(p), p)):
        item = (prefix, tuple(by_prefix[prefix]))
        if len(prefix) >= PREFIX_KEY:
            keyed.setdefault(prefix[:PREFIX_KEY], []).append(item)
        else:
            short.append(item)
    return _Index({k: tuple(v) for k, v in by_stem.items()}, {k: tuple(v) for k, v in keyed.items()},
                  tuple(short), tuple(anywhere), stem_keys(by_stem))


_INDEXES: dict[int, tuple[tuple[Entry, ...], _Index]] = {}
PREFIX_KEY = 3  # prefix entries are looked up by a token's first three characters
TOKEN_CACHE_LIMIT = 200_000  # distinct tokens whose candidate entries are kept (then the cache restarts)


def _index(lexicon: tuple[Entry, ...]) -> _Index:
    """The index of ``lexicon``, built once per lexicon object (keyed by identity: hashing 260 entries
    per sentence would cost more than the lookup saves)."""
    hit = _INDEXES.get(id(lexicon))
    if hit is None or hit[0] is not lexicon:
        if len(_INDEXES) > 16:
            _INDEXES.clear()
        hit = _INDEXES[id(lexicon)] = (lexicon, _build_index(lexicon))
    return hit[1]


def _token_ranks(tok: str, index: _Index) -> tuple[int, ...]:
    """Ranks of the entries whose first part accepts ``tok`` (its stem, or a prefix of it), ascending."""
    ranks = list(index.by_stem.get(stem(tok), ())) if stem_may_be(tok, index.stem_keys) else []
    for prefix, rs in index.by_prefix.get(tok[:PREFIX_KEY], ()) + index.short_prefixes:
        if tok.startswith(prefix):
            ranks += rs
    return tuple(sorted(ranks))


def _candidates(toks: list[str], index: _Index) -> list[tuple[int, int]]:
    """(entry rank, token index) pairs whose first part matches the token, sorted: the order in which a
    scan of every entry over every token would reach them. What a token accepts depends only on the
    token, so it is looked up once per distinct token (``index.token_ranks``)."""
    cache = index.token_ranks
    per_token = list(map(cache.get, toks))
    if None in per_token:
        if len(cache) > TOKEN_CACHE_LIMIT:
            cache.clear()
        for i, tok in enumerate(toks):
            if per_token[i] is None:
                per_token[i] = cache[tok] = _token_ranks(tok, index)
    found = [(r, i) for i, ranks in enumerate(per_token) if ranks for r in ranks]
    for r in index.anywhere:
        found.extend((r, i) for i in range(len(toks)))
    found.sort()
    return found


def match_sentence(text: str, lexicon: tuple[Entry, ...] | None = None, toks: list[str] | None = None) -> list[Match]:
    """All lexicon matches in ``text``, in token order (``toks``: ``tokens(text)``, if already computed).

    Entries are applied longest first, each left to right, and a match consumes its tokens. Only the
    (entry, token) pairs whose first part matches are tried (:func:`_candidates`); a pair skipped by the
    full scan (inside an earlier match of the same entry) overlaps used tokens, so it is rejected here too.
    """
    lexicon = lexicon or load_lexicon()
    toks = tokens(text) if toks is None else toks
    if not toks:
        return []
    weights = clause_weights(toks)
    conc = _concessive_span(text)
    for i in range(min(conc, len(weights))):
        weights[i] = SUBORDINATE_WEIGHT
    quoted = _quoted_mask(text, toks)
    used = [False] * len(toks)
    found: list[Match] = []
    for rank, i in _candidates(toks, _index(lexicon)):
        e = lexicon[rank]
        end = _match_at(e.parts, toks, i)
        if end is None or end == i or any(used[i:end]):
            continue
        window = toks[max(0, i - NEG_WINDOW) : i]
        negated = not e.has_negator and any(t in NEGATORS for t in window)
        frame = e.frame if not (negated and e.flips) else ("threat" if e.frame == "opportunity" else "opportunity")
        found.append(Match(e.pattern, frame, e.weight * weights[i], e.category, i, end, negated, any(quoted[i:end])))
        for k in range(i, end):
            used[k] = True
    return sorted(found, key=lambda m: m.start)


def frame_scores(matches: list[Match]) -> dict[str, float]:
    return {f: float(sum(m.weight for m in matches if m.frame == f)) for f in FRAMES}


def evidence(matches: list[Match]) -> str:
    """Readable evidence: 'threat: fear(+3), take their jobs(+3) | opportunity: ...'."""
    parts = []
    for f in FRAMES:
        ms = [m for m in matches if m.frame == f]
        if ms:
            items = ", ".join(
                f"{'NOT ' if m.negated else ''}{m.pattern}(+{m.weight:g}){' [quoted]' if m.quoted else ''}" for m in ms
            )
            parts.append(f"{f}: {items}")
    return " | ".join(parts)

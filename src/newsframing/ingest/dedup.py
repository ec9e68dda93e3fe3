"""Near-duplicate articles: find them (MinHash over word shingles), keep one, repair it from the other.

A spam mirror and its source are one story. Counting both would double that outlet's weight, so one
copy is canonical (the one that needed the least boilerplate removal, i.e. the cleaner source; ties go
to manifest order) and the other is used only to *repair* it:
* a sentence the canonical copy lacks, found between two sentences both copies share, is restored;
* within sentences both copies share, a token glued onto a real word in the canonical copy
  ("Netherlandsramping" for "ramping") is reverted, and tokens only the mirror has are logged and
  never enter the analysis.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE = 5
NUM_PERM = 128
SEED = 1
THRESHOLD = 0.5  # Jaccard of 5-word shingles; rewrites of one wire story stay far below (~0.1)
MATCH_RATIO = 0.75  # difflib ratio at which two sentences count as the same sentence

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def norm_tokens(text: str) -> list[str]:
    """Lower-cased word tokens, curly apostrophes made straight.

    The apostrophes are replaced before tokenising, once per text instead of once per token: both are
    non-word characters that ``_TOKEN`` treats alike, so the tokens are the same.
    """
    return _TOKEN.findall(text.lower().replace("’", "'"))


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    toks = norm_tokens(text)
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def minhash_of(text: str) -> MinHash:
    """MinHash of the text's shingles (module level: a mapper may run it in another process)."""
    from datasketch import MinHash  # here: importing it loads scipy, which parsing never needs

    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    # a minimum over the shingles' hashes, so their order does not matter (no sort needed)
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


def duplicate_groups(texts: dict[str, str], threshold: float = THRESHOLD,
                     mapper: Callable[..., Iterable[MinHash]] = map) -> tuple[list[list[str]], dict[tuple[str, str], float]]:
    """Groups (in input order) of ids whose texts are near-duplicates, and the exact Jaccard of each
    linked pair. MinHash LSH proposes candidates (scales to large corpora); exact Jaccard confirms.

    ``mapper`` (``map``-like, results in input order) computes the MinHashes, the costly part: the
    project's execution layer spreads them over processes. They go longest text first, so that no long
    one is left for the end; each is a function of its text alone, so the groups are the same.
    """
    from datasketch import MinHashLSH

    ids = list(texts)
    longest_first = sorted(ids, key=lambda i: -len(texts[i]))
    hashes = dict(zip(longest_first, mapper(minhash_of, [texts[i] for i in longest_first])))
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for i in ids:
        lsh.insert(i, hashes[i])
    sh: dict[str, set[str]] = {}  # shingles, only of texts in a candidate pair

    def shingles_of(i: str) -> set[str]:
        if i not in sh:
            sh[i] = shingles(texts[i])
        return sh[i]

    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sims: dict[tuple[str, str], float] = {}
    order = {i: n for n, i in enumerate(ids)}
    for i in ids:
        for j in sorted(lsh.query(hashes[i]), key=order.__getitem__):
            if order[j] <= order[i]:
                continue
            sim = jaccard(shingles_of(i), shingles_of(j))
            if sim >= threshold:
                sims[(i, j)] = sim
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj, key=order.__getitem__)] = min(ri, rj, key=order.__getitem__)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1], sims


@dataclass
class Sent:
    paragraph: int
    text: str
    source: str  # article id the text came from


@dataclass
class MergeNote:
    action: str
    category: str
    detail: str


def _ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def merge_copies(canonical: list[Sent], other: list[Sent], other_id: str) -> tuple[list[Sent], list[MergeNote]]:
    """Repair ``canonical`` from ``other`` (see module doc). Returns the new list and notes."""
    notes: list[MergeNote] = []
    canon = [Sent(s.paragraph, s.text, s.source) for s in canonical]
    # one matcher per canonical sentence as its second sequence (difflib caches that side); the cheap
    # upper bounds real_quick_ratio >= quick_ratio >= ratio skip pairs that cannot become the best
    # match, so the chosen match is exactly the one the plain all-pairs ratio loop would choose
    matchers = [difflib.SequenceMatcher(None, b=norm_tokens(s.text), autojunk=False) for s in canon]
    matches: list[int | None] = []
    for o in other:
        otoks = norm_tokens(o.text)
        best, best_r = None, 0.0
        for ci, sm in enumerate(matchers):
            sm.set_seq1(otoks)
            floor = max(best_r, MATCH_RATIO - 1e-12)
            if sm.real_quick_ratio() <= floor or sm.quick_ratio() <= floor:
                continue
            r = sm.ratio()
            if r > best_r:
                best, best_r = ci, r
        matches.append(best if best_r >= MATCH_RATIO else None)

    for o, ci in zip(other, matches):
        if ci is None:
            continue
        c = canon[ci]
        ot, ct = o.text.split(), c.text.split()
        sm = difflib.SequenceMatcher(None, [" ".join(norm_tokens(t)) for t in ct],
                                     [" ".join(norm_tokens(t)) for t in ot], autojunk=False)
        new = list(ct)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
                cw, ow = ct[i1], ot[j1]
                cn, on = " ".join(norm_tokens(cw)), " ".join(norm_tokens(ow))
                if on and len(cn) > len(on) and (cn.endswith(on) or cn.startswith(on)):
                    new[i1] = _unglue(cw, ow)
                    notes.append(MergeNote("repaired", "injected token removed", f"{cw} -> {new[i1]} (as in {other_id})"))
                elif cn and len(on) > len(cn) and (on.endswith(cn) or on.startswith(cn)):
                    notes.append(MergeNote("dropped", "mirror-only token", f"{ow} in {other_id} (kept: {cw})"))
            elif op == "insert":
                extra = " ".join(ot[j1:j2])
                notes.append(MergeNote("dropped", "mirror-only token", f"{extra} in {other_id}"))
        canon[ci] = Sent(c.paragraph, " ".join(new), c.source)

    matched_pos = [k for k, m in enumerate(matches) if m is not None]
    if not matched_pos:
        return canon, notes
    first, last = matched_pos[0], matched_pos[-1]
    inserts: list[tuple[int, Sent]] = []
    for k in range(first + 1, last):
        if matches[k] is not None:
            continue
        anchor = next(matches[j] for j in range(k - 1, -1, -1) if matches[j] is not None)
        assert anchor is not None
        inserts.append((anchor, Sent(canon[anchor].paragraph, other[k].text, other_id)))
        notes.append(MergeNote("restored", "sentence missing from canonical copy", f"{other[k].text} (from {other_id})"))
    for anchor, s in sorted(inserts, key=lambda x: x[0], reverse=True):
        canon.insert(anchor + 1, s)
    return canon, notes


def _unglue(glued: str, real: str) -> str:
    """The real word from the other copy, wrapped in the glued token's own punctuation."""
    lead = re.match(r"^\W*", glued).group(0)
    trail = re.search(r"\W*$", glued).group(0)
    return lead + real.strip(".,;:!?\"'“”‘’()[]") + trail

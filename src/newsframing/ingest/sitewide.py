"""Text a site repeats on many of its pages (menus, slogans, newsletter boxes, footers) is furniture.

A crawler's flattened page keeps the site's navigation and footer lines, and on real crawls these
often pass every single-page rule (they are short, end in a full stop, read like a sentence:
"News and Insights from Singularity Group Search Subscribe to our newsletter ..."). What gives them
away is that the same sentence appears, word for word, on many different pages of the same outlet.
Left in, they also make unrelated pages of one site look like near-duplicates to MinHash.

Rule: a sentence found verbatim on at least ``MIN_PAGES`` distinct pages of one outlet is dropped
from all of them. Byte-identical files count as one page, so an article saved several times is
merged as a duplicate, not erased. (Copies of one article that differ in their furniture do count as
distinct pages: three or more such copies of one article on one outlet lose their shared text and are
rejected, with the reason. Sentence lists cannot be the key instead: a site's index pages often keep
nothing but the same menu line, and would then count as one page.) A banner glued to the first words
of sentences is found the same way, by the words it opens sentences with (:func:`sitewide_runs`).
Why hand-written: trafilatura and jusText judge one page's DOM; comparing the pages of a site against
each other is not something they do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

MIN_PAGES = 5


def _distinct_pages(pages: Mapping[str, tuple[str, str, Sequence[str]]]) -> dict[str, dict[str, Sequence[str]]]:
    """outlet -> {sha256: sentences}: byte-identical files count as one page."""
    distinct: dict[str, dict[str, Sequence[str]]] = defaultdict(dict)
    for outlet, sha, sents in pages.values():
        distinct[outlet].setdefault(sha, sents)
    return distinct


def sitewide_sentences(pages: Mapping[str, tuple[str, str, Sequence[str]]],
                       min_pages: int = MIN_PAGES) -> dict[str, dict[str, int]]:
    """``pages``: article id -> (outlet, sha256 of the file, its sentences). Returns outlet ->
    {repeated sentence: number of distinct pages it is on}, for sentences on ``min_pages`` or more."""
    repeated: dict[str, dict[str, int]] = {}
    for outlet, by_sha in _distinct_pages(pages).items():
        if len(by_sha) < min_pages:
            continue
        counts = Counter(s for page in by_sha.values() for s in set(page))
        common = {s: n for s, n in counts.items() if n >= min_pages}
        if common:
            repeated[outlet] = common
    return repeated


# A site's banner or menu can also be glued to the first words of a sentence ("Featured Topics Newsletters
# Events Podcasts Featured Topics Newsletters Events Podcasts What is AI?"), so the sentence is not repeated
# verbatim. Such a run is found by the words it opens sentences with on MIN_PAGES or more distinct pages:
# at least RUN_START capitalised words (a banner, not prose: "According to the company" is not one),
# followed on each page by a capitalised word (the real sentence starts), extended word by word while
# MIN_PAGES pages, and half the pages of the shorter run, still share it.
RUN_START = 5


def _capitalised(tok: str) -> bool:
    """A word whose first letter is a capital (after any opening quote or bracket), or one with no letter."""
    first = next((c for c in tok if c.isalpha()), "")
    return not first or first.isupper()


def sitewide_runs(pages: Mapping[str, tuple[str, str, Sequence[str]]],
                  min_pages: int = MIN_PAGES) -> dict[str, dict[tuple[str, ...], int]]:
    """``pages`` as for :func:`sitewide_sentences`. Returns outlet -> {run of words that opens sentences
    on ``min_pages`` or more distinct pages: number of pages} (a banner and its shorter forms)."""
    found: dict[str, dict[tuple[str, ...], int]] = {}
    for outlet, by_sha in _distinct_pages(pages).items():
        if len(by_sha) < min_pages:
            continue
        # per page, the word lists of sentences that open with RUN_START capitalised words and go on
        opened = [[t for s in sents if len(t := s.split()) > RUN_START and all(map(_capitalised, t[:RUN_START]))]
                  for sents in by_sha.values()]
        heads = Counter(h for page in opened for h in {tuple(t[:RUN_START]) for t in page})
        runs: dict[tuple[str, ...], int] = {}
        for head, n in sorted(heads.items()):
            if n < min_pages or (held := _pages_with(opened, head)) < min_pages:
                continue
            run = head
            runs[run] = held  # every level: a page may carry the short form of a banner ("… Podcasts What is…")
            while True:  # one more word, while min_pages pages still open a sentence with the longer run
                k = len(run)
                nxt = Counter(w for page in opened for w in {t[k] for t in page if len(t) > k + 1 and tuple(t[:k]) == run})
                longer = [(c, run + (w,)) for w, c in nxt.items() if c >= min_pages and _capitalised(w)]
                # ... and at least half the pages of the shorter run: a banner is on all of them, while the
                # first word of the real sentences after it ("The") is shared by a few only
                longer = [(m, r) for _, r in longer if (m := _pages_with(opened, r)) >= max(min_pages, held / 2)]
                if not longer:
                    break
                held, run = min(longer, key=lambda x: (-x[0], x[1]))  # most pages; ties: first in order
                runs[run] = held
        if runs:
            found[outlet] = runs
    return found


def _pages_with(opened: list[list[list[str]]], run: tuple[str, ...]) -> int:
    """Pages with a sentence that opens with ``run`` and goes on with a capitalised word."""
    k = len(run)
    return sum(any(len(t) > k and tuple(t[:k]) == run and _capitalised(t[k]) for t in page) for page in opened)


def strip_run(sentence: str, runs: Mapping[tuple[str, ...], int]) -> tuple[str, tuple[str, ...]] | None:
    """(the sentence without the longest site-wide run it opens with, the run), or None when it opens
    with none. The rest must start with a capitalised word, as on the pages the run was found from (else
    the sentence is left whole: a shorter form of the run is not tried)."""
    toks = sentence.split()
    run = max((r for r in runs if len(toks) > len(r) and tuple(toks[:len(r)]) == r), key=len, default=None)
    if run is None or not _capitalised(toks[len(run)]):  # the longest run decides: no shorter form of it
        return None
    rest = sentence.strip()
    for _ in range(len(run)):  # cut the run's words, keeping the rest's own spacing
        rest = rest.split(None, 1)[1]
    return rest, run

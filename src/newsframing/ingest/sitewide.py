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
nothing but the same menu line, and would then count as one page.) Why hand-written: trafilatura and jusText judge
one page's DOM; comparing the pages of a site against each other is not something they do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

MIN_PAGES = 5


def sitewide_sentences(pages: Mapping[str, tuple[str, str, Sequence[str]]],
                       min_pages: int = MIN_PAGES) -> dict[str, dict[str, int]]:
    """``pages``: article id -> (outlet, sha256 of the file, its sentences). Returns outlet ->
    {repeated sentence: number of distinct pages it is on}, for sentences on ``min_pages`` or more."""
    distinct: dict[str, dict[str, Sequence[str]]] = defaultdict(dict)
    for outlet, sha, sents in pages.values():
        distinct[outlet].setdefault(sha, sents)
    repeated: dict[str, dict[str, int]] = {}
    for outlet, by_sha in distinct.items():
        if len(by_sha) < min_pages:
            continue
        counts = Counter(s for page in by_sha.values() for s in set(page))
        common = {s: n for s, n in counts.items() if n >= min_pages}
        if common:
            repeated[outlet] = common
    return repeated

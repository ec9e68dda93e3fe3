"""Sentence segmentation with pysbd (rule-based, handles quotes, abbreviations like U.S., em-dashes).

pysbd is used with ``clean=False`` so it never rewrites text: every sentence is a substring of its
paragraph, which keeps evidence traceable to the source.
"""

from __future__ import annotations

from functools import lru_cache

import pysbd


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, stripped, empty pieces dropped."""
    return [s.strip() for s in _segmenter().segment(paragraph) if s.strip()]

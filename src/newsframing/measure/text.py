"""Tokens shared by the lexicon matcher, TF-IDF and keyword-in-context, so all agree on a 'word'."""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem import PorterStemmer

# words with inner hyphens/apostrophes stay whole ("text-to-video", "writers'"); "n't" becomes "not"
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_NT = re.compile(r"(\w+)n['’]t\b")
_STEMMER = PorterStemmer()


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; contractions in n't are split so 'hasn't' -> 'has', 'not'.

    Every token of every text passes through here (lexicon, word n-grams), so the rewrites are only run
    on texts that contain what they rewrite (a no-op otherwise: same tokens, a third of the time)."""
    text = text.lower()
    if "n't" in text or "n’t" in text or "cannot" in text:
        text = text.replace("can't", "can not").replace("won't", "will not").replace("cannot", "can not")
        text = _NT.sub(r"\1 not", text)
    if "’" in text:
        return [t.replace("’", "'") for t in _TOKEN.findall(text)]
    return _TOKEN.findall(text)


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Porter stem (NLTK), cached: lexicon matching stems every token of every sentence."""
    return _STEMMER.stem(token)

"""Tokens shared by the lexicon matcher, TF-IDF and keyword-in-context, so all agree on a 'word'."""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# words with inner hyphens/apostrophes stay whole ("text-to-video", "writers'"); "n't" becomes "not"
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_NT = re.compile(r"(\w+)n['’]t\b")


def _porter_stemmer_class() -> type:
    """NLTK's ``PorterStemmer``, without running ``nltk/__init__``.

    ``import nltk`` (which any ``from nltk.stem import …`` triggers) imports every NLTK subpackage and
    SciPy's statistics: 1.3-1.6 s, most of the start-up of a CLI run or a notebook's first import, of
    which the stemmer needs nothing. Its module needs only three small NLTK modules (``stem.api``,
    ``redos``, ``termsec``). When NLTK is already imported it is used as it is. Otherwise the module is
    loaded beneath stand-in parent packages, and every ``nltk`` module loaded that way is taken out of
    ``sys.modules`` again, so a later ``import nltk`` elsewhere runs NLTK's own ``__init__`` as usual
    (the class kept here is the same code, so the stems are the same)."""
    if "nltk" in sys.modules:
        from nltk.stem.porter import PorterStemmer

        return PorterStemmer
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        from nltk.stem.porter import PorterStemmer  # raises the usual ImportError

        return PorterStemmer
    root = Path(list(spec.submodule_search_locations)[0])
    before = set(sys.modules)
    for name, where in (("nltk", root), ("nltk.stem", root / "stem")):
        stand_in = types.ModuleType(name)
        stand_in.__path__ = [str(where)]
        sys.modules[name] = stand_in
    try:
        return importlib.import_module("nltk.stem.porter").PorterStemmer
    finally:
        for name in [m for m in sys.modules if m not in before or m in ("nltk", "nltk.stem")]:
            if name == "nltk" or name.startswith("nltk."):
                del sys.modules[name]


_STEMMER = _porter_stemmer_class()()
# Words NLTK stems from a table instead of by its rules ("dying" -> "die"): the only ones whose stem may
# differ from them before its last character (see stem_may_be).
STEM_EXCEPTIONS = frozenset(getattr(_STEMMER, "pool", ()))


class StemKeys(frozenset):
    """A frozen set of keys (stems without their last character) that also knows the keys' lengths,
    the prefixes of a token :func:`stem_may_be` has to look up."""

    lengths: tuple[int, ...]

    def __new__(cls, keys: Iterable[str] = ()) -> "StemKeys":
        self = super().__new__(cls, keys)
        self.lengths = tuple(sorted({len(k) for k in self}))
        return self

    def __reduce__(self):  # pickles (to worker processes) as its keys; the lengths are derived again
        return (type(self), (sorted(self),))


def stem_keys(stems: Iterable[str]) -> StemKeys:
    """What :func:`stem_may_be` looks tokens up by: each stem without its last character."""
    return StemKeys(s[:-1] for s in stems)


def stem_may_be(token: str, keys: StemKeys | frozenset[str]) -> bool:
    """False when ``stem(token)`` cannot be any of the stems ``keys`` was made from (:func:`stem_keys`),
    found without stemming the token.

    Porter's rules only rewrite a word's end, and what they write differs from what was there in at most
    one character, the last: suffixes are cut or replaced by a start of themselves ("-sses" -> "-ss",
    "-ousness" -> "-ous") or by one with a new last letter ("-ational" -> "-ate", "-y" -> "-i", "-at" ->
    "-ate" after "-ing"); "-biliti" -> "-ble", the one two-letter change, always loses its "e" in step 5.
    So outside NLTK's table of exceptions a stem without its last character is a start of the word
    (``tests/test_tokens.py`` checks this on real and generated words). Stemming is most of the cost of
    a word seen for the first time; with this test most words are never stemmed."""
    if token in STEM_EXCEPTIONS or "" in keys:
        return True
    lengths = keys.lengths if isinstance(keys, StemKeys) else sorted({len(k) for k in keys})
    return any(token[:n] in keys for n in lengths)


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

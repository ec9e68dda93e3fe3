"""``text.tokens`` skips its rewrites on texts without what they rewrite: the tokens stay those of the
plain rewrite-everything version (kept here as the reference)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsframing.measure.text import STEM_EXCEPTIONS, stem, stem_keys, stem_may_be, tokens

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_NT = re.compile(r"(\w+)n['’]t\b")


def reference_tokens(text: str) -> list[str]:
    text = text.lower().replace("can't", "can not").replace("won't", "will not").replace("cannot", "can not")
    text = _NT.sub(r"\1 not", text)
    return [t.replace("’", "'") for t in _TOKEN.findall(text)]


PIECES = st.sampled_from(["can't", "CAN'T", "won't", "Won’t", "cannot", "CanNot", "hasn't", "isn’t", "n't", "n’t",
                          "’s", "writers'", "text-to-video", "AI", "İstanbul", "K", "ſ", "-", "'", "’", " ", "\n",
                          "don’t", "it's"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES | st.text(max_size=5), max_size=12).map("".join))
def test_same_tokens_as_rewriting_everything(text):
    assert tokens(text) == reference_tokens(text)


def test_contractions():
    assert tokens("It can't, won't or hasn’t; we cannot.") == ["it", "can", "not", "will", "not", "or", "has", "not",
                                                               "we", "can", "not"]


def test_stemmer_loads_without_all_of_nltk():
    """The Porter stemmer is NLTK's, loaded without ``nltk/__init__`` (which imports all of NLTK and
    SciPy's statistics); no stand-in module is left behind, so a later ``import nltk`` is NLTK's own,
    and its stemmer gives the same stems."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newsframing.measure.text import stem\n"
        "words = ['running', 'generative', 'happily', 'studios', 'licensing', 'layoffs', 'agreed', 'dubbing']\n"
        "ours = [stem(w) for w in words]\n"
        "print(sorted(m for m in sys.modules if m == 'nltk' or m.startswith('nltk.') or m == 'scipy.stats'))\n"
        "import nltk\n"
        "from nltk.collocations import BigramCollocationFinder\n"
        "from nltk.stem import PorterStemmer\n"
        "print(ours == [PorterStemmer().stem(w) for w in words], hasattr(nltk, 'FreqDist'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "True True"


# --- stem_may_be: a word is stemmed only when its stem could be one the lexicon looks for ---------------

def _start_kept(word: str) -> bool:
    """What stem_may_be relies on: outside NLTK's table of exceptions, the stem without its last
    character is a start of the word."""
    s = stem(word)
    return word in STEM_EXCEPTIONS or word.startswith(s[:-1])


def test_stem_differs_only_in_its_last_character_on_real_words():
    from test_sentiment_fast import packaged_texts

    words = {t for text in packaged_texts() for t in tokens(text)}
    assert len(words) > 20_000
    assert [w for w in words if not _start_kept(w)] == []
    assert sum(not w.startswith(stem(w)) for w in words) > 500  # rewritten last letters are common


SUFFIXES = ["ational", "tional", "enci", "ency", "anci", "ancy", "izer", "bli", "bly", "alli", "ally", "entli",
            "ently", "eli", "ely", "ousli", "ously", "ization", "ation", "ator", "alism", "iveness", "fulness",
            "ousness", "aliti", "ality", "iviti", "ivity", "biliti", "bility", "logi", "logy", "icate", "ative",
            "alize", "iciti", "icity", "ical", "ful", "ness", "ement", "ment", "ent", "ion", "sion", "tion", "ou",
            "ism", "ate", "iti", "ous", "ive", "ize", "e", "ll", "sses", "ies", "ied", "ss", "s", "eed", "ed",
            "ing", "at", "bl", "iz", "y", "ated", "ating", "ying", "ly", "er", "ers", "ings"]


@settings(max_examples=5000, deadline=None)
@given(st.text(alphabet="abcdeiouylnstrmpgz'-0", max_size=7),
       st.lists(st.sampled_from(SUFFIXES), max_size=3).map("".join))
def test_stem_differs_only_in_its_last_character_on_generated_words(start, end):
    word = start + end
    if not word:
        return
    assert _start_kept(word)
    assert stem_may_be(word, stem_keys([stem(word)]))


def test_stem_may_be():
    keys = stem_keys(["creativ", "job", "die"])
    assert stem_may_be("creativity", keys) and stem_may_be("jobs", keys) and stem_may_be("creative", keys)
    assert not stem_may_be("studio", keys) and not stem_may_be("j", keys)
    assert {"dying", "lying", "tying"} <= STEM_EXCEPTIONS and stem_may_be("dying", keys)  # "dy" -> "die"
    assert stem_may_be("anything", stem_keys(["a"]))  # a one-letter stem: every word is stemmed


def test_stem_keys_carry_their_lengths_and_pickle():
    import pickle

    keys = stem_keys(["creativ", "job", "die"])
    assert keys == frozenset({"creati", "jo", "di"}) and keys.lengths == (2, 6)
    back = pickle.loads(pickle.dumps(keys))
    assert back == keys and back.lengths == keys.lengths and type(back) is type(keys)
    # a plain frozenset still works (lengths derived on the spot), with the same answers
    for word in ("creativity", "jobs", "studio", "j", "dying"):
        assert stem_may_be(word, frozenset(keys)) == stem_may_be(word, keys)

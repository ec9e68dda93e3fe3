"""The faster abbreviation search in ``ingest.segment`` gives exactly pysbd's own results.

The shortcut rests on two facts about Python's ``re`` that are checked here over every code point, and
on generated text full of abbreviations, odd whitespace and the characters where ``re.IGNORECASE`` and
``str.lower`` disagree; real paragraphs (the seed corpus, the project's docs) are compared too.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pysbd.lang.english import English

from newsframing import paths
from newsframing.ingest import segment
from newsframing.ingest.ignorecase import IGNORECASE_ODD, lower_for_ignorecase
from newsframing.ingest.segment import _AbbreviationReplacer, split_sentences

ROOT = Path(__file__).resolve().parents[1]
ABBREVIATIONS = English.Abbreviation.ABBREVIATIONS
_STOCK = pysbd.Segmenter(language="en", clean=False)


def _all_code_points() -> str:
    return "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF)


def test_pysbd_is_the_version_the_patch_was_written_for():
    # a new pysbd falls back to the stock search (still correct); this says the patch is then unused
    assert pysbd.__version__ == segment._PYSBD_VERSION
    assert segment._segmenter().language_module is segment._English


def test_ignorecase_odd_characters_are_exactly_those_lower_does_not_map():
    """Every character that ``re.IGNORECASE`` matches to an ASCII letter either lowers to that letter or
    is listed in ``IGNORECASE_ODD`` (and each listed one is needed); other ASCII characters match only
    themselves. What ``lower_for_ignorecase`` relies on."""
    letters = string.ascii_lowercase
    everything = _all_code_points()
    odd = set()
    for letter in letters:
        odd.update(c for c in re.findall(letter, everything, re.IGNORECASE) if c.lower() != letter)
    assert odd == set(IGNORECASE_ODD)
    others = "".join(chr(i) for i in range(128) if chr(i) not in string.ascii_letters)
    matched = re.findall(f"[{re.escape(others)}]", everything, re.IGNORECASE)
    assert sorted(matched) == sorted(others)
    assert all(lower_for_ignorecase(f"a{c}b") is None for c in IGNORECASE_ODD)
    assert lower_for_ignorecase("A K\tİ"[:4]) == "a k\t"


def test_abbreviations_are_lower_case_letters_or_contain_a_period():
    # the shortcut covers the letters-only ones; the others ("u.s", "e.g"...) always take pysbd's path
    plain = [a for a, is_plain in segment._ABBREVIATIONS if is_plain]
    assert all(re.fullmatch(r"[a-z]+", a) for a in plain)
    assert all("." in a.strip() for a, is_plain in segment._ABBREVIATIONS if not is_plain)
    assert len(plain) > 150


def _stock_search(line: str) -> str:
    return English.AbbreviationReplacer(line, English).search_for_abbreviations_in_string(line)


def _fast_search(line: str) -> str:
    return _AbbreviationReplacer(line, segment._English).search_for_abbreviations_in_string(line)


_ODD_FOR = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}  # what re.IGNORECASE also matches to the letter


def _odd_spelling(abbr: str) -> str:
    """``abbr`` with its first i, s or k replaced by a character ``re.IGNORECASE`` matches to it."""
    for k, ch in enumerate(abbr):
        if ch in _ODD_FOR:
            return abbr[:k] + _ODD_FOR[ch][-1] + abbr[k + 1:]
    return abbr


_CASES = st.sampled_from([str.lower, str.upper, str.title, lambda s: s[:-1] + s[-1].upper(), _odd_spelling])
_ABBR = st.builds(lambda a, case: case(a.strip()), st.sampled_from(ABBREVIATIONS), _CASES)
_SPACE = st.sampled_from([" ", " ", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0",
                          "\u2028", "\u3000", "\u200b"])
_OTHER = st.sampled_from(list("..::--??,,(())'’ aAbIiKsS19xX∯") + [
    "\u0130", "\u0131", "\u017f", "\u212a", "I'm", "I'll", "I ", " 3", " (", "e.g.", "U.S.", "the", "The",
    "Inc.", "no. 5", "pp. 1", "Dr. Who", "St. Louis", "approx. 3", "Ave.", "Mt."])
_TOKENS = st.lists(st.one_of(_ABBR, _ABBR.map(lambda a: a + "."), _SPACE, _OTHER), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TOKENS)
def test_abbreviation_search_equals_pysbd_on_generated_lines(text):
    assert _fast_search(text) == _stock_search(text)


@pytest.mark.parametrize("odd", sorted(IGNORECASE_ODD + "\u212a"))
def test_abbreviation_search_equals_pysbd_with_ignorecase_odd_characters(odd):
    letter = next(x for x, chars in _ODD_FOR.items() if odd in chars)
    for abbr in ABBREVIATIONS:
        if letter in abbr:
            spelled = abbr.replace(letter, odd, 1)
            # pysbd only searches when the abbreviation's own letters occur in the lowered line
            for line in (f"{spelled}. x", f"x{abbr} {spelled}. y", f"{abbr}x\t{spelled.upper()}: 1 {abbr}. y\n"):
                assert _fast_search(line) == _stock_search(line), line


@settings(max_examples=200, deadline=None)
@given(_TOKENS)
def test_segmenter_equals_stock_pysbd_on_generated_text(text):
    assert split_sentences(text) == [s.strip() for s in _STOCK.segment(text) if s.strip()]


def _real_paragraphs() -> list[str]:
    files = sorted(paths.MANIFEST.parent.glob("*.txt")) + sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
    paras = [p.strip() for f in files if f.is_file() for p in f.read_text(encoding="utf-8").split("\n\n")]
    return [p for p in paras if p]


def test_abbreviation_search_and_segmenter_equal_pysbd_on_real_paragraphs():
    paras = _real_paragraphs()
    if len(paras) < 50:
        pytest.skip("too few real paragraphs found")
    for p in paras:
        for line in p.splitlines(True):
            assert _fast_search(line) == _stock_search(line), line
        assert split_sentences(p) == [s.strip() for s in _STOCK.segment(p) if s.strip()], p

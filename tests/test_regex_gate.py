"""``regex_gate``: a gated regex call returns exactly what the regex returns. Checked on hand-picked and
generated patterns, and end to end: pysbd through the gated ``re`` gives the sentences stock pysbd gives."""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from pathlib import Path

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframing import paths
from newsframing.ingest import segment
from newsframing.ingest.regex_gate import gate

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("pattern, flags, expected", [
    ("∯", 0, ("∯",)),
    (r"(?<=a∯m)∯(?=\s[A-Z])", 0, ("∯",)),
    (r"(?<=\S)(!|\?){3,}(?=(\s|\Z|$))", 0, ("!", "?")),
    (r"(?<=\()[a-z]+(?=\))|(?<=^)[a-z]+(?=\))|(?<=\s)[a-z]+(?=\))", 0, ("(", ")")),  # each branch: one of them
    (r"\d{1,2}(?=\)\s)", 0, (")",)),  # a lookahead's characters must be in the text too
    (r"[\"”]\s\(.*\)\s[\"“]", 0, ("(",)),
    (r"&[a-z]+;", re.IGNORECASE, ("&",)),  # "&" has no case
    (r"(?i)x&", 0, ("&",)),
])
def test_gate_finds_rare_required_characters(pattern, flags, expected):
    assert gate(pattern, flags) == expected


@pytest.mark.parametrize("pattern, flags", [
    (r"∯?x", 0),  # optional
    (r"(∯)*", 0),  # may repeat zero times
    (r"(?!∯)x", 0),  # negative lookahead
    (r"[^∯]", 0),  # negated class
    (r"[\d∯]", 0),  # a category inside the class
    (r"(∯|x)", 0),  # one branch needs nothing rare
    (r"\.", 0),  # "." is in nearly every paragraph: no use as a gate
    (r"(a)\1", 0),  # back reference
    (r"ſ", re.IGNORECASE),  # case-insensitive non-ASCII letter
    (r"Q", re.IGNORECASE),
    (r"[\u0100-\u01ff]", 0),  # a wide range
])
def test_gate_gives_nothing_it_cannot_be_sure_of(pattern, flags):
    assert gate(pattern, flags) is None


# --- soundness on generated patterns and texts ----------------------------------------------------
_PIECES = ["∯", r"\(", r"\)", "[!?]", "(?<=∯)a", "(?=&)", "(a|∯)", "(&|!)+", "x{2,3}", "(?:%)?", "(?!#)b",
           r"(?<=\s)'", "[a-c]", "[“”]", "(?i:Ab)", r"\d", ".", "(?P<g>#)(?P=g)", "[xyz♨]+", "(?=(∯|&))"]
_TEXT = st.lists(st.sampled_from(list("abcxyzAB ∯()!?&%#'“”♨.1\n") + ["∯∯", "&a", "##"]), max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=3).map("".join), st.sampled_from([0, re.I]), _TEXT)
def test_gated_text_never_matches(pattern, flags, text):
    chars = gate(pattern, flags)
    if chars is not None and not any(c in text for c in chars):
        assert re.search(pattern, text, flags) is None


# --- end to end: pysbd with and without the gated re ------------------------------------------------
@contextmanager
def _stock_re():
    """pysbd's modules with the real ``re`` module for the duration (the shim is put back after)."""
    saved = {}
    for name in segment._PYSBD_MODULES:
        mod = sys.modules.get(name)
        if mod is not None:
            saved[name] = mod.re
            mod.re = re
    try:
        yield
    finally:
        for name, shim in saved.items():
            sys.modules[name].re = shim


def _stock_sentences(text: str) -> list[str]:
    with _stock_re():
        return [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(text) if s.strip()]


def test_the_shim_is_installed_and_gates_something():
    segment._segmenter()
    assert isinstance(sys.modules["pysbd.processor"].re, segment._CachedRe)
    with _stock_re():
        assert sys.modules["pysbd.processor"].re is re
    assert isinstance(sys.modules["pysbd.processor"].re, segment._CachedRe)
    assert gate("∯") == ("∯",)


_SBD_TEXT = st.lists(st.sampled_from(
    list("abc XYZ.,!?;:'\"()[]-–—…\n ∯♨&°") + ["U.S.", "Dr.", "No. 3", "e.g.", "a.m.", " 3.5 ", "“", "”", "‘", "’",
                                              "1. ", "2. ", "a) ", "b) ", "(i) ", "(ii) ", "!!!", "???", "Yahoo!",
                                              "file.jpg", " .pdf", "Co. KG", "[1]", "[2, 3]", "P.M. The", "I'm"]),
    max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_SBD_TEXT)
def test_segmenter_with_gates_equals_stock_pysbd_on_generated_text(text):
    assert segment.split_sentences(text) == _stock_sentences(text)


def test_segmenter_with_gates_equals_stock_pysbd_on_real_paragraphs():
    files = sorted(paths.MANIFEST.parent.glob("*.txt")) + sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
    paras = [p.strip() for f in files if f.is_file() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    if len(paras) < 50:
        pytest.skip("too few real paragraphs found")
    for p in paras:
        assert segment.split_sentences(p) == _stock_sentences(p), p

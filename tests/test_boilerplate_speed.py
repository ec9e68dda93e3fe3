"""The faster furniture tests in ``ingest.boilerplate`` and ``clean._norm_ws`` give exactly the results of
the plain versions they replaced (kept below as the reference), on generated text built to hit every
shortcut's edge and on the real blocks of the seed corpus and the project's docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframing import paths
from newsframing.ingest import boilerplate as B
from newsframing.ingest.clean import _norm_ws
from newsframing.ingest.extract import extract_blocks

ROOT = Path(__file__).resolve().parents[1]


# --- the reference: the code as it was before the speed work ------------------------------------
def ref_words(text):
    return B.WORD.findall(text)


def ref_is_sentence_like(text):
    return bool(B.SENTENCE_END.search(text.strip())) and len(ref_words(text)) >= 4


def ref_is_headline_run(text):
    toks = ref_words(text)
    if len(toks) < 30:
        return False
    firsts = "".join(t[0] for t in toks)
    caps = (sum(map(str.isupper, firsts)) + sum(map(str.isdigit, firsts))) / len(toks)
    glued = len(B.GLUED.findall(text))
    seps = text.count(" · ") + text.count(" | ")
    return caps >= 0.45 or glued >= 3 or seps >= 3


def ref_is_stats_footer(text):
    digits = sum(map(str.isdigit, text))
    return digits >= 3 and sum(map(str.isalpha, text)) <= digits


def ref_furniture_category(text):
    t = text.strip()
    n = len(ref_words(t))
    if n == 0 or ref_is_stats_footer(t):
        return "render footer"
    if ref_is_headline_run(t):
        return "headline run"
    for cat, pat in B.PATTERNS.items():
        if cat in B.SHORT_ONLY and n > B.SHORT_WORDS:
            continue
        if pat.search(t):
            return cat
    if B.ROLE.match(t):
        return "byline"
    if (B.NAME.match(t) or B.BY_LINE.match(t)) and not B.SENTENCE_END.search(t) and n <= 6:
        return "byline"
    return None


def ref_is_markup(text):
    return len(B.MARKUP.findall(text)) >= 2


def ref_is_not_english(text):
    letters = len(B.LETTER.findall(text))
    if not letters:
        return False
    if len(B.NON_LATIN_LETTER.findall(text)) * 2 > letters:
        return True
    toks = [t.lower() for t in ref_words(text)]
    if len(toks) < B.MIN_LANGUAGE_WORDS:
        return False
    english, other = B._stopwords()
    return sum(t in other for t in toks) > sum(t in english for t in toks)


def ref_is_navigation_run(text):
    return ref_is_headline_run(text) and (text.count(",") + text.count(";")) * 10 <= len(ref_words(text))


def ref_piece_category(piece):
    if ref_is_markup(piece):
        return "markup or code"
    if ref_is_navigation_run(piece):
        return "navigation run"
    if ref_is_not_english(piece):
        return "not English"
    return None


def ref_norm_ws(text):
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,;:!?])", r"\1", text)


def _same(text: str) -> None:
    assert B.furniture_category(text) == ref_furniture_category(text)
    assert B.is_stats_footer(text) == ref_is_stats_footer(text)
    assert B.is_headline_run(text) == ref_is_headline_run(text)
    assert B.is_sentence_like(text) == ref_is_sentence_like(text)
    assert B.is_markup(text) == ref_is_markup(text)
    assert B.is_not_english(text) == ref_is_not_english(text)
    assert B.is_navigation_run(text) == ref_is_navigation_run(text)
    assert B.piece_category(text) == ref_piece_category(text)
    assert _norm_ws(text) == ref_norm_ws(text)


# --- generated text ---------------------------------------------------------------------------
_PIECES = st.sampled_from([
    "the", "The", "and", "of", "News", "AI", "Tech", "2023", "12", "3.5", "١٢", "²", "½", "Ⅻ", "ab",
    "über", "façade", "Ελλάδα", "Москва", "東京", "ı", "İ", "ſ", "K", "don't", "it’s", "_", "x_y",
    " · ", " | ", "more.Best", "end.The", "a.Bc", ". ", "! ", "? ", "… ", '." ', ", ", "; ", " ,", " ;", " :",
    " !", " ?", "<p>", "</div>", "\\/", '\\"', 'href="', "{fill:#FFF;}", "$event", "=>", "&amp;", "&#39;",
    "= ", "{", "&", "Tweet is unavailable", "video may be currently UNAVAILABLE", "isn't available", "This video isn't available",
    "this CONTENT is not available",
    "Might be loading or has been removed", "View this post on Instagram", "A post shared by",
    "view this tweet on", "availab", "Subscribe to our newsletter", "Copyright 2023", "©", "Read more",
    "By Jane Doe", "Staff Writer", "Tags:", "cookie", "Photo: AP", "le la des et est une", "der die und",
    " ", "  ", "\t", "\n", "\u00a0", "\u2028", "\x0b", "\u3000", "\u200b",
])
_TEXT = st.lists(_PIECES, max_size=80).map("".join)
_LONG = st.lists(_PIECES, min_size=25, max_size=120).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_same_as_reference_on_generated_text(text):
    _same(text)


@settings(max_examples=300, deadline=None)
@given(_LONG)
def test_same_as_reference_on_generated_long_blocks(text):
    _same(text)
    pieces = B.PIECE_END.split(text)
    cats = [ref_piece_category(p) for p in pieces]
    kept, runs = B.furniture_runs(text)
    if not any(cats):
        assert (kept, runs) == (text, [])
    else:
        assert kept == " ".join(p for p, c in zip(pieces, cats) if c is None)
        assert runs == [(c, p) for p, c in zip(pieces, cats) if c is not None]


def test_same_as_reference_on_edge_cases():
    for text in ["", " ", "123", "1 2 3 a", "abc 123 45", "½½½ a", "١٢٣ ab", "K" * 40, "Tweet is unavaılable",
                 "Tweet is unavaİlable", "A poſt shared by x", "This video isn't available.", "a ſhared", " , ; : ! ?", "x\u00a0, y",
                 " ".join(["Word"] * 30), " ".join(["Word"] * 29) + " · a · b · c",
                 " ".join(["word"] * 30) + " · a · b · c", "end.The end.The end.The " + "x " * 27]:
        _same(text)


# --- real blocks --------------------------------------------------------------------------------
def _real_blocks() -> list[str]:
    out: list[str] = []
    for f in sorted(paths.MANIFEST.parent.glob("*.txt")):
        blocks, _ = extract_blocks(f.read_text(encoding="utf-8"), "text")
        out += [b.text for b in blocks]
    for f in sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]:
        if f.is_file():
            blocks, _ = extract_blocks(f.read_text(encoding="utf-8"), "markdown")
            out += [b.text for b in blocks]
    return out


def test_same_as_reference_on_real_blocks():
    blocks = _real_blocks()
    if len(blocks) < 100:
        pytest.skip("too few real blocks found")
    for text in blocks:
        _same(text)
        _same(_norm_ws(text))

"""``text.tokens`` skips its rewrites on texts without what they rewrite: the tokens stay those of the
plain rewrite-everything version (kept here as the reference)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsframing.measure.text import tokens

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

"""When ``str.lower()`` may stand in for a case-insensitive regex (for exact speed shortcuts).

A literal of ASCII letters, spaces and punctuation occurs in a text under ``re.IGNORECASE`` exactly when
it occurs, lowered, in ``text.lower()`` - unless the text has one of the few characters that
``re.IGNORECASE`` matches to an ASCII letter although ``str.lower()`` does not turn them into it:
U+0130 "İ" and U+0131 "ı" match "i", U+017F "ſ" matches "s" ("K", U+212A, matches "k" and lowers to
it). They were found by trying every code point against every letter; tests/test_segment_speed.py
repeats that search, so a new Python cannot silently change the list.

Both users (the pysbd abbreviation search in :mod:`segment`, a furniture pattern in :mod:`boilerplate`)
use the shortcut only to skip regex calls that cannot match, and run the regex on any text with one of
these characters.
"""

from __future__ import annotations

import re

IGNORECASE_ODD = "\u0130\u0131\u017f"
_HAS_ODD = re.compile(f"[{IGNORECASE_ODD}]")


def lower_for_ignorecase(text: str) -> str | None:
    """``text.lower()``, or None when lowering is not what ``re.IGNORECASE`` does on this text."""
    if _HAS_ODD.search(text):
        return None
    return text.lower()

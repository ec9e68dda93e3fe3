"""Rare characters a regular expression cannot match without: skip the calls that cannot find anything.

pysbd applies about 130 regular expressions to every paragraph, most of them about characters a
paragraph seldom has: its own placeholder symbols ("∯", "♨", "&⎋&"), brackets, quotes, "!" and "?".
Each call still scans the whole paragraph. :func:`gate` reads a pattern's parse tree (the ``re``
module's own parser) and finds a set of characters of which every match needs at least one in the
text: the match's own characters, or those a lookahead or lookbehind insists on. A text holding none
of them cannot match, which ``str.__contains__`` finds far faster than the regex engine; then
``sub`` returns the text unchanged, ``findall`` ``[]`` and ``search`` ``None``, exactly what the
regex would have returned.

The analysis is conservative: anything it does not fully understand (negated or Unicode classes,
case-insensitive letters, optional or repeated-zero parts, negative lookarounds, back references)
gives no requirement, and a pattern is only gated when the set is small and made of characters
rarer than letters, digits, spaces and common punctuation (a gate on "." would rarely skip anything).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

try:  # the parser behind ``re.compile``; private, so the gates are simply off if it moves
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - other Python versions
    C = sre_parse = None  # type: ignore[assignment]

import re
import string

Chars = frozenset[str]
# characters too common in prose for a gate on them to skip much (on a crawl's paragraphs: "." in
# nearly all, "," in 70 %, "-" in 40 %; brackets, quotes and ":" in under a quarter)
_COMMON = frozenset(string.ascii_letters + string.digits + string.whitespace + ".,-")
_MAX_GATE = 12  # characters in a gate: more would cost more to test than they save
_MAX_RANGE = 32  # a class range with more characters than this gives no requirement


def gate(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Characters of which ``re.compile(pattern, flags)`` needs at least one in a text to find a match,
    or None when no small set of rare characters is known (then the regex must simply run)."""
    if not isinstance(pattern, str):
        return None
    chars = _gate(pattern, flags)
    return tuple(sorted(chars)) if chars is not None else None


@lru_cache(maxsize=4096)
def _gate(pattern: str, flags: int) -> Chars | None:
    if sre_parse is None:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None
    chars = required_chars(list(parsed), flags | parsed.state.flags)
    if chars is None or not chars or len(chars) > _MAX_GATE or chars & _COMMON:
        return None
    return chars


def required_chars(seq: list[tuple[Any, Any]], flags: int) -> Chars | None:
    """For a parsed sequence: a set of characters one of which any match needs, the rarest the items
    offer (fewest common characters, then fewest characters); None when no item requires any."""
    best: Chars | None = None
    for op, av in seq:
        req = _item_chars(op, av, flags)
        if req is not None and (best is None or _cost(req) < _cost(best)):
            best = req
    return best


def _cost(chars: Chars) -> tuple[int, int]:
    return len(chars & _COMMON), len(chars)


def _item_chars(op: Any, av: Any, flags: int) -> Chars | None:
    if op is C.LITERAL:
        return _literal(av, flags)
    if op is C.IN:
        return _char_class(av, flags)
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, p = av
        return required_chars(list(p), (flags | add_flags) & ~del_flags)
    if op is C.ATOMIC_GROUP:
        return required_chars(list(av), flags)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _hi, p = av
        return required_chars(list(p), flags) if lo >= 1 else None
    if op is C.BRANCH:
        _, alternatives = av
        out: set[str] = set()
        for alt in alternatives:
            req = required_chars(list(alt), flags)
            if req is None:
                return None
            out |= req
        return frozenset(out)
    if op is C.ASSERT:  # a positive lookahead/lookbehind: its characters must be in the text too
        _direction, p = av
        return required_chars(list(p), flags)
    return None  # ANY, NOT_LITERAL, AT, ASSERT_NOT, GROUPREF, GROUPREF_EXISTS, CATEGORY, ...


def _literal(code: int, flags: int) -> Chars | None:
    ch = chr(code)
    if flags & re.IGNORECASE and (ch.lower() != ch or ch.upper() != ch or not ch.isascii()):
        return None  # case-insensitive matching of cased (or non-ASCII) characters: not modelled
    return frozenset(ch)


def _char_class(items: list[tuple[Any, Any]], flags: int) -> Chars | None:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            lit = _literal(av, flags)
            if lit is None:
                return None
            out |= lit
        elif op is C.RANGE:
            lo, hi = av
            if hi - lo >= _MAX_RANGE:
                return None
            for code in range(lo, hi + 1):
                lit = _literal(code, flags)
                if lit is None:
                    return None
                out |= lit
        else:  # NEGATE, CATEGORY (\d, \s, \w inside a class): not modelled
            return None
    return frozenset(out)

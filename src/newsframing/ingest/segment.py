"""Sentence segmentation with pysbd (rule-based, handles quotes, abbreviations like U.S., em-dashes).

pysbd is used with ``clean=False`` so it never rewrites text: every sentence is a substring of its
paragraph, which keeps evidence traceable to the source.

Speed: pysbd builds many of its regular expressions at call time from its abbreviation list
(``re.sub(r"(?<=\\s{abbr})\\." ...)``), one pattern per abbreviation found in the text. Across a real
crawl these are thousands of distinct patterns, more than the ``re`` module's 512-entry cache holds,
so pysbd spent most of its time (about 60 % of all ingest time on the ai-tech-pages crawl) recompiling
the same patterns. :class:`_CachedRe` gives pysbd's modules a ``re`` whose functions compile through a
larger cache; the patterns, and therefore the sentences, are exactly pysbd's own. Its ``sub``,
``findall`` and ``search`` also skip patterns that need a character the paragraph does not have (most of
pysbd's rules are about its own placeholder symbols, brackets or quotes): see :mod:`regex_gate`. Replacing pysbd by
another segmenter would be faster still but would change the sentence ids the hand codes are keyed by.

pysbd's abbreviation search then ran one case-insensitive ``re.findall`` over the whole paragraph for every
abbreviation whose letters occur anywhere in it (short ones such as "a", "co", "al" almost always do):
about a third of segmentation time. :class:`_AbbreviationReplacer` skips the calls that cannot find
anything, by an exact test (see there), and otherwise runs pysbd's own code. Both patches are written
against the pysbd version the lock file pins (``_PYSBD_VERSION``); with any other version the stock
abbreviation search is used.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from types import ModuleType
from typing import Any

import pysbd
from pysbd.lang.english import English
from pysbd.utils import TextSpan

from newsframing.ingest.ignorecase import lower_for_ignorecase
from newsframing.ingest.regex_gate import gate

_PYSBD_VERSION = "0.3.4"  # the version the abbreviation patch below was checked against (requirements.lock)

# the pysbd modules that call ``re.<function>(pattern, ...)`` with patterns built at call time
_PYSBD_MODULES = (
    "pysbd.abbreviation_replacer", "pysbd.between_punctuation", "pysbd.cleaner", "pysbd.exclamation_words",
    "pysbd.lists_item_replacer", "pysbd.processor", "pysbd.punctuation_replacer", "pysbd.utils",
)


@lru_cache(maxsize=32768)
def _compile(pattern: Any, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


@lru_cache(maxsize=32768)
def _compile_gated(pattern: Any, flags: int = 0) -> tuple[re.Pattern[str], tuple[str, ...] | None]:
    """The compiled pattern and its :func:`~newsframing.ingest.regex_gate.gate` (one cache look-up)."""
    compiled = _compile(pattern, flags)
    return compiled, gate(compiled.pattern, compiled.flags)


def _cannot_match(gate_chars: tuple[str, ...] | None, string: str) -> bool:
    if gate_chars is None:
        return False
    if len(gate_chars) == 1:  # the usual case, and the cheapest test
        return gate_chars[0] not in string
    return not any(map(string.__contains__, gate_chars))


class _CachedRe(ModuleType):
    """The ``re`` module with its pattern-taking functions compiling through :func:`_compile`, and
    ``sub``/``findall``/``search`` returning their no-match result at once when the pattern's gate says
    the text cannot match."""

    def __init__(self) -> None:
        super().__init__("re")

    def __getattr__(self, name: str) -> Any:  # constants, escape, Pattern, error...
        return getattr(re, name)

    @staticmethod
    def compile(pattern: Any, flags: int = 0) -> re.Pattern[str]:
        return _compile(pattern, flags)

    @staticmethod
    def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
        compiled, gate_chars = _compile_gated(pattern, flags)
        if _cannot_match(gate_chars, string):
            # what re.sub returns when nothing matched: the string, or a plain str copy of a str
            # subclass (pysbd passes its Text subclass)
            return string if type(string) is str else str(string)
        return compiled.sub(repl, string, count)

    @staticmethod
    def subn(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> tuple[str, int]:
        return _compile(pattern, flags).subn(repl, string, count)

    @staticmethod
    def search(pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        compiled, gate_chars = _compile_gated(pattern, flags)
        if _cannot_match(gate_chars, string):
            return None
        return compiled.search(string)

    @staticmethod
    def match(pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        return _compile(pattern, flags).match(string)

    @staticmethod
    def fullmatch(pattern: Any, string: str, flags: int = 0) -> re.Match[str] | None:
        return _compile(pattern, flags).fullmatch(string)

    @staticmethod
    def findall(pattern: Any, string: str, flags: int = 0) -> list[Any]:
        compiled, gate_chars = _compile_gated(pattern, flags)
        if _cannot_match(gate_chars, string):
            return []
        return compiled.findall(string)

    @staticmethod
    def finditer(pattern: Any, string: str, flags: int = 0) -> Any:
        return _compile(pattern, flags).finditer(string)

    @staticmethod
    def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[str]:
        return _compile(pattern, flags).split(string, maxsplit)


def _install_cached_re() -> None:
    shim = _CachedRe()
    for name in _PYSBD_MODULES:
        mod = sys.modules.get(name)
        if mod is not None and getattr(mod, "re", None) is re:
            mod.re = shim  # type: ignore[attr-defined]


_WHITESPACE = re.compile(r"\s")


class _AbbreviationReplacer(English.AbbreviationReplacer):
    r"""pysbd's English abbreviation replacer, skipping the work that cannot change the text.

    For each abbreviation whose letters occur in the lowered line, pysbd runs
    ``re.findall(r"(?:^|\s|\r|\n)" + abbr, line, re.IGNORECASE)`` and, for each match, a substitution
    that turns a "." right after that exact spelling, at the start of the line or after a ``\s``,
    into "∯" (``(?<=\s{spelling})\.``, with a space put before the line). Nothing else changes the line.
    For an abbreviation of lower-case ASCII letters only (181 of pysbd's 188; the others contain a
    regex ``.`` and always take pysbd's path) a replacement can therefore only happen if ``" " + abbr
    + "."`` occurs in the line with every ``\s`` character made a space and the rest lowered, and a
    match's substitution only if its spelling is followed by a "." somewhere; otherwise the searches
    and substitutions are skipped, since they would leave the line as it is. Lowering stands in for
    ``re.IGNORECASE`` only on lines without the characters it matches to a letter that ``str.lower()``
    does not turn into that letter (see :mod:`newsframing.ingest.ignorecase`); a line with one goes through pysbd's own
    method. The replacements only ever remove "." characters, so tests that found no "." stay valid
    as the line changes and the normalised line is computed once.
    """

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = lower_for_ignorecase(text)
        if lowered is None or self.lang.Abbreviation.ABBREVIATIONS != _ENGLISH_ABBREVIATIONS:
            return super().search_for_abbreviations_in_string(text)
        spaced = " " + _WHITESPACE.sub(" ", text).lower()
        for stripped, plain in _ABBREVIATIONS:
            if plain:
                if " " + stripped + "." not in spaced:
                    continue  # no "." after it at the start of the line or after a \s: nothing to replace
            elif stripped not in lowered:
                continue
            # from here on pysbd 0.3.4's loop body (its ``re`` calls through the compile cache)
            abbrev_match = _compile(r"(?:^|\s|\r|\n){}".format(stripped), re.IGNORECASE).findall(text)
            if not abbrev_match:
                continue
            next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
            char_array = _compile(next_word_start).findall(text)
            for ind, match in enumerate(abbrev_match):
                if plain and match.strip() + "." not in text:
                    continue  # pysbd would replace the "." after it: there is none
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text


_ENGLISH_ABBREVIATIONS = list(English.Abbreviation.ABBREVIATIONS)  # a copy: the list the patch was built for
# (stripped abbreviation, whether it is lower-case ASCII letters only), in pysbd's order
_ABBREVIATIONS = tuple((a.strip(), bool(re.fullmatch(r"[a-z]+", a.strip()))) for a in _ENGLISH_ABBREVIATIONS)


class _English(English):
    """pysbd's English rules with the faster abbreviation search."""

    AbbreviationReplacer = _AbbreviationReplacer


class _Segmenter(pysbd.Segmenter):
    r"""pysbd's segmenter with its span search done by ``str.find`` instead of one regex per sentence.

    pysbd locates each segmented sentence in the original text with
    ``re.finditer(re.escape(sent) + r"\s*", text)``, compiling a new pattern for every sentence (a
    quarter of segmentation time on short paragraphs). This is the same search with plain string
    methods: non-overlapping occurrences from the start, each extended over trailing whitespace
    (``str.isspace`` is what ``\s`` matches in a ``str`` pattern), the first one ending after the
    previous sentence wins.
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text = self.original_text
        n = len(text)
        spans: list[TextSpan] = []
        prior_end = 0
        for sent in sentences:
            pos = 0
            while pos <= n:
                start = text.find(sent, pos)
                if start < 0:
                    break
                end = start + len(sent)
                while end < n and text[end].isspace():
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[start:end], start, end))
                    prior_end = end
                    break
                pos = end if end > start else start + 1  # finditer resumes after an empty match
        return spans


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    _install_cached_re()
    seg = _Segmenter(language="en", clean=False)
    if pysbd.__version__ == _PYSBD_VERSION and seg.language_module is English:
        seg.language_module = _English
    return seg


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, stripped, empty pieces dropped."""
    return list(_split_cached(paragraph))


@lru_cache(maxsize=8192)
def _split_cached(paragraph: str) -> tuple[str, ...]:
    # pages of one site repeat paragraphs (about boxes, disclaimers); segment each distinct one once
    return tuple(s.strip() for s in _segmenter().segment(paragraph) if s.strip())

"""Classify text blocks as article prose or page furniture, with a reason for every removal.

Why hand-written: trafilatura and jusText judge boilerplate from HTML structure (tags, link density,
class names). Many saved articles are plain text or markdown copies where that structure is gone, so
what is left is the *shape* of a line: whether it is a sentence, whether it matches a generic web
furniture phrase (subscribe prompts, embed placeholders, image credits...), whether it is a run of
concatenated headlines. The phrase patterns below describe kinds of furniture seen across news sites,
not strings from any one corpus; every rule is listed in docs/ingestion.md with its rationale.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from newsframing.ingest.ignorecase import lower_for_ignorecase

# --- generic furniture phrases, by category (matched case-insensitively on short blocks) ----------
PATTERNS: dict[str, re.Pattern[str]] = {
    "navigation": re.compile(
        r"^(skip to (main )?content|skip navigation|main menu|menu|search|home|sign in|log ?in|"
        r"share( this)?( (article|story))?|advertisement|sponsored|back to top|close)\W*$", re.I),
    "teaser marker": re.compile(
        r"^(read more|continue reading|read the full (story|article)|keep reading|see more|"
        r"read next|more stories|read also)\W*$", re.I),
    "widget prompt": re.compile(
        r"enable javascript|javascript (is )?(required|disabled)|recommended (videos?|stories|articles)|"
        r"related (articles|stories|videos|posts)|you (may|might) (also )?like|most (popular|read)|"
        r"trending (now|stories)|watch next|up next|don't miss|sponsored (content|links)|"
        r"cookie|accept all|privacy (policy|settings)|terms of (use|service)", re.I),
    # a block that *opens* with a related-link label is another story's teaser, whatever its length
    # ("Related Story Machine-learning algorithms find and apply patterns in data.")
    "related link": re.compile(
        r"^related (story|stories|article|articles|content|coverage|reading|video|videos|post|posts|link|links)\b\s*:?\s+(?-i:[A-Z“\"‘'0-9])",
        re.I),
    # screen-reader labels of share buttons ("facebooklink opens in a new window"): the block is a page header
    "share buttons": re.compile(
        r"\b(facebook|twitter|linkedin|email|e-mail|reddit|whatsapp|pinterest|x)\s?link,? opens in a new (window|tab)\b",
        re.I),
    "embed placeholder": re.compile(
        r"(tweet|post|video|content|embed|media) (is|may be) (currently )?unavailable|"
        r"might be loading or has been removed|view this (post|tweet) on|a post shared by|"
        r"this (video|content) (is not|isn't) available", re.I),
    # imperative prompts start the line ("Subscribe to...", "Sign up for..."); prose that merely
    # mentions subscribing ("Readers who subscribe to the theory...") does not
    "subscribe prompt": re.compile(
        r"^(subscribe|sign up|sign-up|join (our|the)|follow us|download (our|the) app|get (our|the) "
        r"[\w\s’']*(newsletter|stories|updates|inbox)|become a (member|subscriber)|"
        r"support (our|independent) journalism)\b|^[\w\s’']*\bnewsletter\W*$", re.I),
    "image credit": re.compile(
        r"^(image|photo|picture|illustration|graphic|video|screenshot|credit|image source)s?"
        r"( credit)?\s*[:|/]|\b(getty images|shutterstock|ap photo|afp via|reuters/|"
        r"(prompted|generated|created) (by|with)\b.*$)|^(via|source:)\s", re.I),
    "section list": re.compile(
        r"^(sources?|references?|further reading|related|see also|notes?|links?)\s*:?\s*$", re.I),
    "tags": re.compile(r"^(topics?|tags?|filed under|categories|category|previous|next( up)?)\b\s*:?", re.I),
    "copyright footer": re.compile(
        r"(copyright\s*(©|\(c\)|\d{4})|©|all rights reserved|\bpowered by\b)", re.I),
}
# categories that only apply to short blocks, so prose that merely mentions the word survives
SHORT_ONLY = {"subscribe prompt", "image credit", "tags", "copyright footer", "widget prompt"}
SHORT_WORDS = 25

ROLE = re.compile(
    r"^(senior |contributing |staff |associate |deputy |managing |executive |chief |freelance |"
    r"political |technology |tech |entertainment )*(editor|writer|reporter|correspondent|"
    r"contributor|journalist|columnist|producer|analyst|author)s?( at [\w .&'-]+)?\W*$", re.I)
NAME = re.compile(r"^(by\s+)?([A-Z][\w'’.-]+)(\s+(de|da|van|von|der|le|la|[A-Z][\w'’.-]*)){1,3}$")
BY_LINE = re.compile(r"^by\s+[A-Z]", re.I)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’][.!?]$")
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
GLUED = re.compile(r"[a-z0-9][.!?][A-Z][a-z]")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def is_sentence_like(text: str) -> bool:
    """Prose ends with sentence punctuation and has at least four words."""
    return bool(SENTENCE_END.search(text.strip())) and _has_words(text, 4)


def _has_words(text: str, k: int) -> bool:
    """``len(words(text)) >= k``, without listing the words past the k-th."""
    return sum(1 for _ in islice(WORD.finditer(text), k)) == k


def is_headline_run(text: str) -> bool:
    """A long block that is a run of concatenated headlines (spam 'related' lists), not prose.

    Prose has a capitalised-word share around 10-25 %; headline runs are mostly Title Case or proper
    nouns and often glue one headline's end to the next one's start ("...and more.Best controller").
    """
    return _is_headline_run(text, words(text))


def _is_headline_run(text: str, toks: list[str]) -> bool:
    """:func:`is_headline_run` with ``toks = words(text)`` already computed (callers need them too)."""
    if len(toks) < 30:
        return False
    # the cheap counts first: "or" only needs one of the three, and the share of capitals is the costly one
    return _separated_or_glued(text) or _mostly_capitalised(toks)


def _separated_or_glued(text: str) -> bool:
    return text.count(" · ") + text.count(" | ") >= 3 or len(GLUED.findall(text)) >= 3


def _mostly_capitalised(toks: list[str]) -> bool:
    """At least 30 words, 45 % or more of them starting with a capital or a digit."""
    if len(toks) < 30:
        return False
    firsts = "".join([t[0] for t in toks])  # upper case and digits are disjoint, so the two counts add up
    return _upper_or_digit(firsts) / len(toks) >= 0.45


_ASCII_UPPER_OR_DIGIT = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _upper_or_digit(chars: str) -> int:
    """``sum(map(str.isupper, chars)) + sum(map(str.isdigit, chars))``; on ASCII text (the usual case) as
    36 ``str.count`` scans, which is what those two tests mean there, and several times faster."""
    if chars.isascii():
        return sum(map(chars.count, _ASCII_UPPER_OR_DIGIT))
    return sum(map(str.isupper, chars)) + sum(map(str.isdigit, chars))


_NOT_ASCII_LETTER = bytes(c for c in range(128) if not chr(c).isalpha())
_NOT_ASCII_DIGIT = bytes(c for c in range(128) if not chr(c).isdigit())


def is_stats_footer(text: str) -> bool:
    """Render-time/size counters and other lines that are mostly digits and units."""
    if _more_letters_than_digits(text):
        return False
    digits = sum(map(str.isdigit, text))  # map over a builtin: ~5x faster than a generator on long lines
    return digits >= 3 and sum(map(str.isalpha, text)) <= digits


def _more_letters_than_digits(text: str) -> bool:
    """True only when ``text`` has more letters than digits, decided from its ASCII characters.

    Exact shortcut for :func:`is_stats_footer` (False is "don't know"): ASCII letters are letters, and
    at most the ASCII digits and all non-ASCII characters are digits. Counting with ``bytes.translate``
    is about 15x faster than testing every character, and decides almost every block (prose, markup, JSON).
    """
    ascii_only = text.encode("ascii", "ignore")
    letters = len(ascii_only.translate(None, _NOT_ASCII_LETTER))  # the bytes left after deleting the others
    digits_at_most = len(ascii_only.translate(None, _NOT_ASCII_DIGIT)) + len(text) - len(ascii_only)
    return letters > digits_at_most


# Substrings (lowered) that every alternative of a pattern contains: a block without any of them cannot
# match, which ``in`` on the lowered block finds far faster than the case-insensitive regex (exact:
# see :mod:`newsframing.ingest.ignorecase`; blocks where lowering differs from re.IGNORECASE run the regex).
_NEEDS: dict[str, tuple[str, ...]] = {
    "embed placeholder": ("available", "might be loading or has been removed", "view this ", "a post shared by"),
    "related link": ("related",),
    "share buttons": ("opens in a new ",),
}


# labels that mark furniture even when a page's flattening glued them into a paragraph: checked again on
# every sentence (the other categories judge whole blocks only, so prose sentences that mention a
# furniture word survive)
SENTENCE_LABELS = ("related link", "share buttons")


def sentence_label(sentence: str) -> str | None:
    """The furniture category of a sentence that opens with a related-link label or carries share-button
    labels ("Related Story The company's star researcher…" inside a paragraph), else None."""
    lowered = lower_for_ignorecase(sentence)
    return next((cat for cat in SENTENCE_LABELS if _matches(cat, sentence, lowered)), None)


def _matches(cat: str, text: str, lowered: str | None) -> bool:
    """``PATTERNS[cat]`` finds ``text``; the substring gate (:data:`_NEEDS`) first, on the lowered text."""
    if cat in _NEEDS and lowered is not None and not any(map(lowered.__contains__, _NEEDS[cat])):
        return False
    return PATTERNS[cat].search(text) is not None


def furniture_category(text: str) -> str | None:
    """The furniture category of a single block, or None when the block may be prose."""
    t = text.strip()
    if not WORD.search(t) or is_stats_footer(t):  # no word at all, or mostly digits
        return "render footer"
    # a headline run (is_headline_run) in two steps, so that large blocks with separators or glued
    # headlines need not have all their words listed
    if _separated_or_glued(t) and _has_words(t, 30):
        return "headline run"
    toks = words(t)  # once: every test below that counts words uses these
    n = len(toks)
    if _mostly_capitalised(toks):  # the only way left for a headline run
        return "headline run"
    lowered = lower_for_ignorecase(t)
    for cat in PATTERNS:
        if cat in SHORT_ONLY and n > SHORT_WORDS:
            continue
        if _matches(cat, t, lowered):
            return cat
    if ROLE.match(t):
        return "byline"
    if (NAME.match(t) or BY_LINE.match(t)) and not SENTENCE_END.search(t) and n <= 6:
        return "byline"
    return None


# --- runs of furniture inside one line ---------------------------------------------------------
# A crawler that flattens a page often puts a menu, a tag cloud or leftover markup on the same line as
# the article's first sentences, so the line as a whole looks like prose. Such a line is cut at
# sentence punctuation into rough pieces and each piece is judged on its own (``furniture_runs``).
PIECE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)\]])\s+")
MARKUP = re.compile(
    r"</?\\?/?[A-Za-z][\w-]*[\s>/]"  # <p>, </div>, <\/p> (escaped JSON)
    r"|\\[\"/nu]"  # \" \/ \n \u2019: text of an escaped JSON string
    r"|\b[\w@:.-]+=\\?[\"']"  # attribute="..." and @keyup.enter="..."
    r"|\{[^{}\s]*[:;][^{}]*\}"  # CSS rules .st0{fill:#FFFFFF;}
    r"|\$event\b|=>|&[a-z]+;|&#\d+;")
MIN_LANGUAGE_WORDS = 12
LETTER = re.compile(r"[^\W\d_]")
NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")  # letters beyond Latin Extended-B
# function words of languages the crawl's non-English pages are in (jusText's stoplists, minus words
# that are also English function words)
_OTHER_LANGUAGES = ("French", "Spanish", "Portuguese", "German", "Italian", "Dutch", "Indonesian", "Swahili")


@lru_cache(maxsize=1)
def _stopwords() -> tuple[frozenset[str], frozenset[str]]:
    import justext

    english = frozenset(justext.get_stoplist("English"))
    other = frozenset().union(*(justext.get_stoplist(lang) for lang in _OTHER_LANGUAGES)) - english
    return english, other


_MARKUP_CHARS = tuple("<\\={$&")  # every MARKUP alternative contains one of these


def is_markup(text: str) -> bool:
    """Leftover HTML, CSS, JavaScript or escaped JSON: two or more markup tokens."""
    if not any(map(text.__contains__, _MARKUP_CHARS)):
        return False  # exact shortcut: no markup token can match, and prose rarely has these characters
    return len(MARKUP.findall(text)) >= 2


def is_not_english(text: str) -> bool:
    """Text in another language: most letters outside the Latin script, or (from 12 words on) more
    function words of another language than of English. The lexicons and sentiment scorers are
    English-only, so such text would be measured as noise."""
    return _is_not_english(text, words(text))


def _is_not_english(text: str, toks: list[str]) -> bool:
    """:func:`is_not_english` with ``toks = words(text)``. Letters are only counted when some letter is
    outside the Latin script (ASCII text has none), as only that comparison needs the count."""
    if not LETTER.search(text):
        return False
    non_latin = 0 if text.isascii() else len(NON_LATIN_LETTER.findall(text))
    if non_latin and non_latin * 2 > len(LETTER.findall(text)):
        return True
    if len(toks) < MIN_LANGUAGE_WORDS:
        return False
    toks = [t.lower() for t in toks]
    english, other = _stopwords()
    return sum(t in other for t in toks) > sum(t in english for t in toks)


def is_navigation_run(text: str) -> bool:
    """A menu, link list or tag cloud: a headline run (see :func:`is_headline_run`) with at most one
    comma or semicolon per ten words. Prose that lists many names ("director Paul Trillo, production
    company shy kids, ...") is as capitalised as a menu but separates its items."""
    return _is_navigation_run(text, words(text))


def _is_navigation_run(text: str, toks: list[str]) -> bool:
    return _is_headline_run(text, toks) and (text.count(",") + text.count(";")) * 10 <= len(toks)


def piece_category(piece: str) -> str | None:
    """The category of a rough piece that is furniture inside an otherwise prose line, or None."""
    if is_markup(piece):
        return "markup or code"
    toks = words(piece)
    if _is_navigation_run(piece, toks):
        return "navigation run"
    if _is_not_english(piece, toks):
        return "not English"
    return None


def furniture_runs(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` without its furniture pieces, and the (category, piece) pairs removed.

    A line none of whose pieces is furniture comes back unchanged (the same string)."""
    pieces = PIECE_END.split(text)
    cats = [piece_category(p) for p in pieces]
    if not any(cats):
        return text, []
    kept = " ".join(p for p, c in zip(pieces, cats) if c is None)
    return kept, [(c, p) for p, c in zip(pieces, cats) if c is not None]

"""The indexed lexicon matcher finds exactly what the full scan (every entry at every token) finds.

``_scan_reference`` is the matcher as it was before the index: kept here as the specification.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsframing.measure.lexicon import (
    CONCESSIVE,
    CONTRAST,
    NEG_WINDOW,
    NEGATORS,
    SUBORDINATE_WEIGHT,
    Entry,
    Match,
    _compile,
    _concessive_span,
    _match_at,
    clause_weights,
    load_lexicon,
    match_sentence,
    quoted_token_mask,
)
from newsframing.measure.text import tokens


def _scan_reference(text: str, lexicon: tuple[Entry, ...]) -> list[Match]:
    """Every entry, longest first, tried at every token left to right; a match consumes its tokens."""
    toks = tokens(text)
    weights = clause_weights(toks)
    conc = _concessive_span(text)
    for i in range(min(conc, len(weights))):
        weights[i] = SUBORDINATE_WEIGHT
    quoted = quoted_token_mask(text)
    used = [False] * len(toks)
    found: list[Match] = []
    for e in lexicon:
        i = 0
        while i < len(toks):
            end = _match_at(e.parts, toks, i)
            if end is None or end == i or any(used[i:end]):
                i += 1
                continue
            window = toks[max(0, i - NEG_WINDOW) : i]
            negated = not e.has_negator and any(t in NEGATORS for t in window)
            frame = e.frame if not (negated and e.flips) else ("threat" if e.frame == "opportunity" else "opportunity")
            found.append(Match(e.pattern, frame, e.weight * weights[i], e.category, i, end, negated, any(quoted[i:end])))
            for k in range(i, end):
                used[k] = True
            i = end
    return sorted(found, key=lambda m: m.start)


LEXICON = load_lexicon()


def _surface_forms(pattern: str) -> list[str]:
    """Words that realise a pattern: the pattern words themselves, inflected, prefixes extended."""
    out = []
    for tok in pattern.split():
        if tok == "*":
            out.append("the big")
        elif tok.startswith("(") and tok.endswith(")"):
            out.append(tok[1:-1].split("|")[0])
        elif tok.endswith("*"):
            out.append(tok[:-1] + "s")
        else:
            out.append(tok)
    return out


LEXICON_WORDS = sorted({w for e in LEXICON for w in _surface_forms(e.pattern)}
                       | {w.strip("()*") for e in LEXICON for w in e.pattern.replace("|", " ").split() if w != "*"})
INFLECTED = sorted({w + suffix for w in LEXICON_WORDS if " " not in w for suffix in ("s", "ed", "ing", "er")})
PHRASES = sorted({" ".join(_surface_forms(e.pattern)) for e in LEXICON})
FUNCTION = sorted(NEGATORS | CONTRAST | CONCESSIVE | {"n't", "can't", "cannot", "won't", "the", "a", "of", "to", "and", ","})
RANDOM_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-'’", min_size=1, max_size=9)

word = st.one_of(st.sampled_from(LEXICON_WORDS), st.sampled_from(INFLECTED), st.sampled_from(PHRASES),
                 st.sampled_from(FUNCTION), RANDOM_WORD)
quote = st.lists(word, min_size=1, max_size=7).map(lambda ws: '"' + " ".join(ws) + '"')
curly = st.lists(word, min_size=1, max_size=7).map(lambda ws: "“" + " ".join(ws) + "”")
clause = st.lists(st.one_of(word, word, word, quote, curly), min_size=0, max_size=25).map(" ".join)


@st.composite
def sentences(draw) -> str:
    text = draw(clause)
    if draw(st.booleans()):  # a leading concessive clause: "While ..., ..."
        text = f"{draw(st.sampled_from(sorted(CONCESSIVE))).capitalize()} {draw(clause)}, {text}"
    if draw(st.booleans()):
        text = text.upper() if draw(st.booleans()) else text.capitalize()
    return text + draw(st.sampled_from(["", ".", "!", "?"]))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences())
def test_indexed_matcher_equals_full_scan(text):
    assert match_sentence(text) == _scan_reference(text, LEXICON)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LEXICON_WORDS), RANDOM_WORD), max_size=12).map(" ".join), st.data())
def test_any_lexicon_order_and_gap_patterns(text, data):
    """The index keeps the scan's precedence for any entry order, including entries that start with a gap
    or consist of alternatives (none of the shipped entries starts with a gap)."""
    extra = tuple(Entry(p, "threat", 1.0, "test", _compile(p)) for p in ["* (game|change)", "* the big *", "job*"])
    lexicon = tuple(data.draw(st.permutations(LEXICON[:40] + extra)))
    assert match_sentence(text, lexicon) == _scan_reference(text, lexicon)


def test_examples_of_every_kind():
    for text in ["Fears of job losses grew, but it is not a threat.",
                 'While the tool is exciting, "they will replace us all," a writer said.',
                 "They lost a lot of work and can no longer earn a decent living.",
                 "THE GAME-CHANGER CUTS THE BIG COSTS!", ""]:
        assert match_sentence(text) == _scan_reference(text, LEXICON)
    assert match_sentence("They lost a lot of work.")  # the reference must find something for this test to bite

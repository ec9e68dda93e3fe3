"""Sentence sentiment from two independent lexicons: VADER (reference package) and AFINN-165.

* VADER comes from the reference ``vaderSentiment`` package (MIT), not NLTK's port, which scores
  about 5 % of texts differently; NLTK's VADER is not used anywhere in this project. Scores are per
  sentence: the compound score saturates near ±1 on whole articles.
* AFINN-165 (Finn Årup Nielsen; word list under ODbL 1.0, ``afinn`` package Apache-2.0) gives integer
  valences -5..+5 per word. Its sum is mapped to [-1, 1] with VADER's own normalisation
  x / sqrt(x² + 15), so the two lexicons share a scale.

Both packages are the reference, and both are slow for what they do (VADER lower-cases the whole
sentence again for every sentiment word it checks, and walks the text character by character for
emojis; AFINN runs one regular expression of 3,382 alternatives at every position of the text).
:class:`FastVader` and :class:`FastAfinn` compute the same numbers from the packages' own lexicons,
constants and helper functions, with each word lower-cased once and dictionary look-ups instead of the
regex; every float operation is done in the reference's order, so the scores are the same floats
(``tests/test_sentiment_fast.py`` checks this against the packages on real and generated text).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

NEUTRAL_BAND = 0.05  # VADER authors' recommended threshold for positive/negative


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _afinn():
    from afinn import Afinn

    return Afinn(language="en", emoticons=False)


def afinn_words() -> dict[str, int]:
    """AFINN-165's English word list as ``Afinn(language="en", emoticons=False)`` reads it (the package's
    own file and reader), without building the package's regex of every entry: :class:`FastAfinn` does
    not use it, and compiling it was 0.14 s of every CLI run's 0.8 s start-up."""
    from afinn import afinn as package

    path = Path(package.__file__).parent / "data" / package.LANGUAGE_TO_FILENAME["en"]
    return package.Afinn.read_word_file(str(path))


class FastVader:
    """VADER's compound score as ``vaderSentiment.SentimentIntensityAnalyzer.polarity_scores`` computes it,
    in a fraction of the time: the same rules in the same order on a once-lower-cased word list.

    Written by hand because the package is the reference and has no faster entry point; it delegates to
    the package's own functions wherever they are cheap (``scalar_inc_dec`` for booster words,
    ``normalize``, punctuation emphasis) and runs ``_but_check``'s loop as written, so the float
    operations and their order are the package's.
    """

    def __init__(self, analyzer=None) -> None:
        from vaderSentiment import vaderSentiment as v

        self._v = v
        self._sia = analyzer or _vader()
        self._lex = self._sia.lexicon
        self._booster = v.BOOSTER_DICT
        self._special = v.SPECIAL_CASES
        self._negate = frozenset(v.NEGATE)
        self._emojis = self._sia.emojis
        self._emoji_chars = frozenset(k for k in self._emojis if len(k) == 1)  # polarity_scores looks up chars
        self._stripped: dict[str, str] = {}
        # the words of the multi-word idioms and boosters _special_idioms_check looks for: a window
        # without any of them cannot match one (words come from split(), so they hold no space)
        self._idiom_words = frozenset(w for k in (*self._special, *self._booster) if " " in k for w in k.split())

    def _demojize(self, text: str) -> str:
        """The reference's emoji replacement (only run when the text has an emoji character)."""
        out = ""
        prev_space = True
        for ch in text:
            if ch in self._emojis:
                if not prev_space:
                    out += " "
                out += self._emojis[ch]
                prev_space = False
            else:
                out += ch
                prev_space = ch == " "
        return out

    def _strip(self, token: str) -> str:
        hit = self._stripped.get(token)
        if hit is None:
            if len(self._stripped) > 200_000:
                self._stripped.clear()
            hit = self._stripped[token] = self._v.SentiText._strip_punc_if_word(token)
        return hit

    def compound(self, text: str) -> float:
        """``round(compound, 4)`` exactly as ``polarity_scores(text)["compound"]``."""
        if not self._emoji_chars.isdisjoint(text):
            text = self._demojize(text)
        text = text.strip()
        stripped, strip = self._stripped.get, self._strip
        words = [stripped(w) or strip(w) for w in text.split()]  # a stripped word is never empty
        if not words:
            return 0.0
        n = len(words)
        allcaps = sum(map(str.isupper, words))
        is_cap_diff = 0 < n - allcaps < n
        lower = list(map(str.lower, words))
        lex, booster = self._lex, self._booster
        sentiments: list = [0] * n  # the reference appends the int 0 for every word without valence
        for i in [i for i, il in enumerate(lower) if il in lex]:
            il = lower[i]
            if il in booster:
                continue
            if i < n - 1 and il == "kind" and lower[i + 1] == "of":
                continue
            sentiments[i] = self._valence(words, lower, i, is_cap_diff)
        if "but" in lower:
            sentiments = self._but_check(lower, sentiments)
        sum_s = float(sum(sentiments))
        punct = self._sia._punctuation_emphasis(text)
        if sum_s > 0:
            sum_s += punct
        elif sum_s < 0:
            sum_s -= punct
        return round(self._v.normalize(sum_s), 4)

    def _valence(self, words: list[str], lower: list[str], i: int, is_cap_diff: bool) -> float:
        """``SentimentIntensityAnalyzer.sentiment_valence`` for a lexicon word."""
        v, lex = self._v, self._lex
        il = lower[i]
        valence = lex[il]
        if il == "no" and i != len(words) - 1 and lower[i + 1] in lex:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"]):
            valence = lex[il] * v.N_SCALAR
        if words[i].isupper() and is_cap_diff:
            if valence > 0:
                valence += v.C_INCR
            else:
                valence -= v.C_INCR
        for start_i in range(0, 3):
            if i > start_i and lower[i - (start_i + 1)] not in lex:
                # scalar_inc_dec is 0.0 for a word that is not a booster
                s = v.scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff) \
                    if lower[i - (start_i + 1)] in self._booster else 0.0
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = self._negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = self._special_idioms_check(valence, lower, i)
        return self._least_check(valence, lower, i)

    def _negated(self, word: str) -> bool:
        """``vaderSentiment.negated([word])``."""
        word = word.lower()
        return word in self._negate or "n't" in word

    def _negation_check(self, valence: float, lower: list[str], start_i: int, i: int) -> float:
        n_scalar = self._v.N_SCALAR
        if start_i == 0:
            if self._negated(lower[i - 1]):
                valence = valence * n_scalar
        if start_i == 1:
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif self._negated(lower[i - 2]):
                valence = valence * n_scalar
        if start_i == 2:
            if lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this") or \
                    (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif self._negated(lower[i - 3]):
                valence = valence * n_scalar
        return valence

    @staticmethod
    def _but_check(lower: list[str], sentiments: list) -> list:
        """``SentimentIntensityAnalyzer._but_check`` on the already lower-cased words: the same loop,
        quirks included (``sentiments.index`` finds a value's first occurrence)."""
        bi = lower.index("but")
        for sentiment in sentiments:
            si = sentiments.index(sentiment)
            if si < bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 0.5)
            elif si > bi:
                sentiments.pop(si)
                sentiments.insert(si, sentiment * 1.5)
        return sentiments

    def _special_idioms_check(self, valence: float, lower: list[str], i: int) -> float:
        if self._idiom_words.isdisjoint(lower[i - 3 : i + 3]):  # called for i >= 3 only
            return valence
        special, booster = self._special, self._booster
        onezero = f"{lower[i - 1]} {lower[i]}"
        twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
        twoone = f"{lower[i - 2]} {lower[i - 1]}"
        threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
        threetwo = f"{lower[i - 3]} {lower[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if len(lower) - 1 > i:
            zeroone = f"{lower[i]} {lower[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if len(lower) - 1 > i + 1:
            zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in booster:
                valence = valence + booster[n_gram]
        return valence

    def _least_check(self, valence: float, lower: list[str], i: int) -> float:
        lex, n_scalar = self._lex, self._v.N_SCALAR
        if i > 1 and lower[i - 1] not in lex and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * n_scalar
        elif i > 0 and lower[i - 1] not in lex and lower[i - 1] == "least":
            valence = valence * n_scalar
        return valence


class FastAfinn:
    """AFINN's score as ``afinn.Afinn(language="en", emoticons=False).score`` computes it, by dictionary
    look-ups on word runs instead of its regex of every word list entry.

    The regex ``\\b(?:longest|...|shortest)\\b`` finds, left to right, at each word start the longest
    entry that ends at a word end. Every entry starts and ends with a word character (checked here), so
    the same words are found by trying, at each word start, the spans up to later word ends, longest
    first. Spans over more than one word run are tried only after a word that starts such an entry.
    Written by hand because the package offers only the regex.
    """

    _WORD = re.compile(r"\w+")
    _SPACE = re.compile(r"\s+")

    def __init__(self, afinn=None) -> None:
        self._dict: dict[str, int] = dict(afinn._dict) if afinn is not None else afinn_words()
        bad = [w for w in self._dict if not (self._WORD.match(w) and self._WORD.fullmatch(w[-1]))]
        if bad:
            raise ValueError(f"AFINN entries must start and end with a word character: {bad[:3]}")
        self._max = max(map(len, self._dict))
        multi: dict[str, list[str]] = {}
        for w in self._dict:
            if not self._WORD.fullmatch(w):
                multi.setdefault(self._WORD.match(w).group(0), []).append(w)
        self._multi_first = frozenset(multi)
        self._multi_by_first = {k: tuple(v) for k, v in multi.items()}  # a span can only match if its entry occurs

    def find_all(self, text: str) -> list[str]:
        """``Afinn.find_all(text)``: the entries found, in text order."""
        words = self._WORD.findall(text.lower())
        firsts = self._multi_first.intersection(words)
        if firsts:
            text = self._SPACE.sub(" ", text).lower()
            if any(e in text for f in firsts for e in self._multi_by_first[f]):
                return self._find_all_spans(text)
        # no multi-word entry occurs in the text (most sentences): the entries found are the words that
        # are in the dictionary (collapsing whitespace changes no word run)
        d = self._dict
        return [w for w in words if w in d]

    def _find_all_spans(self, text: str) -> list[str]:
        """The general case, on whitespace-collapsed lower-cased text: multi-word entries first."""
        runs = [(m.start(), m.end()) for m in self._WORD.finditer(text)]
        found = []
        d, multi, longest = self._dict, self._multi_first, self._max
        j, n = 0, len(runs)
        while j < n:
            p, q = runs[j]
            hit = None
            if text[p:q] in multi:
                k = j
                while k + 1 < n and runs[k + 1][1] - p <= longest:
                    k += 1
                for k in range(k, j, -1):  # the spans over more than one run, longest first
                    if text[p : runs[k][1]] in d:
                        hit = k
                        break
            if hit is None and text[p:q] in d:
                hit = j
            if hit is None:
                j += 1
                continue
            found.append(text[p : runs[hit][1]])
            j = hit + 1
        return found

    def score(self, text: str) -> float:
        return float(sum(self._dict[w] for w in self.find_all(text)))


@lru_cache(maxsize=1)
def _fast_vader() -> FastVader:
    return FastVader()


@lru_cache(maxsize=1)
def _fast_afinn() -> FastAfinn:
    return FastAfinn()


def vader_compound(text: str) -> float:
    return float(_fast_vader().compound(text))


def afinn_raw(text: str) -> float:
    return _fast_afinn().score(text)


def normalise(x: float, alpha: float = 15.0) -> float:
    """VADER's normalisation of a raw valence sum into [-1, 1]."""
    return x / math.sqrt(x * x + alpha)


def polarity(score: float, band: float = NEUTRAL_BAND) -> str:
    return "positive" if score >= band else "negative" if score <= -band else "neutral"


def score_sentences(texts: pd.Series) -> pd.DataFrame:
    """Per-sentence VADER compound, AFINN raw and normalised scores, and their polarities (unrounded:
    the classifier uses them as features; tables round when written)."""
    fv, fa = _fast_vader(), _fast_afinn()
    items = texts.tolist()
    vader = pd.Series([fv.compound(t) for t in items], index=texts.index, dtype=float)
    raw = pd.Series([fa.score(t) for t in items], index=texts.index, dtype=float)
    norm = raw.map(normalise)
    return pd.DataFrame({
        "vader_compound": vader,
        "afinn_raw": raw,
        "afinn_norm": norm,
        "vader_polarity": vader.map(polarity),
        "afinn_polarity": norm.map(polarity),
    }, index=texts.index)


def lexicon_agreement(scores: pd.DataFrame) -> pd.DataFrame:
    """How far VADER and AFINN agree: polarity agreement, Cohen's kappa, Spearman correlation."""
    from scipy.stats import spearmanr
    from sklearn.metrics import cohen_kappa_score

    agree = float((scores.vader_polarity == scores.afinn_polarity).mean())
    kappa = float(cohen_kappa_score(scores.vader_polarity, scores.afinn_polarity))
    rho = float(spearmanr(scores.vader_compound, scores.afinn_norm).statistic)
    opposite = int(((scores.vader_polarity == "positive") & (scores.afinn_polarity == "negative")).sum()
                   + ((scores.vader_polarity == "negative") & (scores.afinn_polarity == "positive")).sum())
    return pd.DataFrame([
        {"measure": "sentences", "value": float(len(scores))},
        {"measure": "polarity_agreement", "value": round(agree, 4)},
        {"measure": "cohen_kappa", "value": round(kappa, 4)},
        {"measure": "spearman_rho", "value": round(rho, 4) if not np.isnan(rho) else rho},
        {"measure": "opposite_polarity_sentences", "value": float(opposite)},
    ])

"""Sentence sentiment from two independent lexicons: VADER (reference package) and AFINN-165.

* VADER comes from the reference ``vaderSentiment`` package (MIT), not NLTK's port, which scores
  about 5 % of texts differently; NLTK's VADER is not used anywhere in this project. Scores are per
  sentence: the compound score saturates near ±1 on whole articles.
* AFINN-165 (Finn Årup Nielsen; word list under ODbL 1.0, ``afinn`` package Apache-2.0) gives integer
  valences -5..+5 per word. Its sum is mapped to [-1, 1] with VADER's own normalisation
  x / sqrt(x² + 15), so the two lexicons share a scale.
"""

from __future__ import annotations

import math
from functools import lru_cache

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


def vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def afinn_raw(text: str) -> float:
    return float(_afinn().score(text))


def normalise(x: float, alpha: float = 15.0) -> float:
    """VADER's normalisation of a raw valence sum into [-1, 1]."""
    return x / math.sqrt(x * x + alpha)


def polarity(score: float, band: float = NEUTRAL_BAND) -> str:
    return "positive" if score >= band else "negative" if score <= -band else "neutral"


def score_sentences(texts: pd.Series) -> pd.DataFrame:
    """Per-sentence VADER compound, AFINN raw and normalised scores, and their polarities (unrounded:
    the classifier uses them as features; tables round when written)."""
    vader = texts.map(vader_compound).astype(float)
    raw = texts.map(afinn_raw).astype(float)
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

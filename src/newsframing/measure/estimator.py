"""The frame classifier as a scikit-learn estimator: what ``newsframing train`` and the transfer
comparison fit. Applying a stored model does not need this module (nor scikit-learn): see
:class:`newsframing.measure.frames.LinearFrameModel`, which :meth:`FrameClassifier.export` returns.

Example::

    >>> from newsframing.measure import training
    >>> from newsframing.measure.frames import featurize
    >>> coded = training.load_coded()
    >>> clf = FrameClassifier("words+lexicon", "logreg", C=1.0).fit(featurize(coded.text), coded.frame)
    >>> clf.predict(featurize(pd.Series(["Unions sued the studio over scanned faces."])))[0]
    'threat'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from newsframing.measure.frames import (CALIBRATION_FOLDS, EMBED_COLUMNS, FEATURE_SETS, LABELS, LEXICON_FEATURES, MODELS,
                                        SEED, LinearFrameModel, _check_table)
from newsframing.measure.ngrams import CHAR_NGRAMS, WORD_NGRAMS, NgramCounter
from newsframing.measure.text import tokens

__all__ = ["FrameClassifier"]


class _CountingTfidfVectorizer(TfidfVectorizer):
    """scikit-learn's TF-IDF vectorizer whose ``transform`` with a fixed vocabulary counts with
    :class:`~newsframing.measure.ngrams.NgramCounter` (same counts, indices and therefore the same TF-IDF
    floats; ``CountVectorizer._count_vocab`` counts in a Python loop with a try/except per n-gram).
    Learning a vocabulary (``fit``) is scikit-learn's code unchanged. ``tests/test_tfidf_fast.py``
    compares the matrices with scikit-learn's."""

    def _kind(self) -> str | None:
        """'words'/'chars' when the n-grams are the ones NgramCounter computes, else None."""
        plain = self.preprocessor is None and self.strip_accents is None and not self.binary
        if (plain and self.analyzer == "word" and self.tokenizer is tokens and not self.lowercase
                and self.stop_words is None and tuple(self.ngram_range) == WORD_NGRAMS):
            return "words"
        if plain and self.analyzer == "char_wb" and self.lowercase and tuple(self.ngram_range) == CHAR_NGRAMS:
            return "chars"
        return None

    def _count_vocab(self, raw_documents, fixed_vocab):
        kind = self._kind() if fixed_vocab else None
        if kind is None:
            return super()._count_vocab(raw_documents, fixed_vocab)
        from sklearn.feature_extraction import text as sktext

        counter = self.__dict__.get("_counter")
        if counter is None or counter.vocabulary is not self.vocabulary_:
            counter = self._counter = NgramCounter(kind, self.vocabulary_)
        X = counter.counts(map(self.decode, raw_documents), dtype=self.dtype)
        if X is None:
            return super()._count_vocab(raw_documents, fixed_vocab)  # 64-bit indexing: leave it to scikit-learn
        return self.vocabulary_, sktext._align_api_if_sparse(X)


def _word_vectorizer() -> TfidfVectorizer:
    return _CountingTfidfVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False, ngram_range=WORD_NGRAMS,
                                    sublinear_tf=True, min_df=2, dtype=np.float64)


def _char_vectorizer() -> TfidfVectorizer:
    return _CountingTfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, lowercase=True, sublinear_tf=True,
                                    min_df=3, dtype=np.float64)


def _parts(features: str) -> list[str]:
    parts = features.split("+")
    bad = [p for p in parts if p not in FEATURE_SETS]
    if bad or not parts:
        raise ValueError(f"features must be '+'-joined names from {FEATURE_SETS}, not {features!r}")
    return parts


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated linear frame classifier on a feature table from :func:`featurize`.

    Parameters
    ----------
    features : '+'-joined subset of ``lexicon``, ``words``, ``chars`` (e.g. ``"words+lexicon"``).
    model : ``"logreg"`` (multinomial logistic regression) or ``"svm"`` (linear SVM, one-vs-rest).
    C : inverse regularisation strength of the linear model.
    lexicon_weight : multiplier of the standardised lexicon/sentiment block beside the TF-IDF blocks.
    embed_weight : multiplier of the (unit-length) sentence embedding block.
    calibrate : fit the temperature calibration (needed for probabilities). ``False`` fits the linear
        model only - enough for comparing models by the frames they predict, and six times faster.
    """

    def __init__(self, features: str = "words+lexicon", model: str = "logreg", C: float = 1.0,
                 lexicon_weight: float = 0.3, embed_weight: float = 1.0, calibrate: bool = True):
        self.features = features
        self.model = model
        self.C = C
        self.lexicon_weight = lexicon_weight
        self.embed_weight = embed_weight
        self.calibrate = calibrate

    def _pipeline(self) -> Pipeline:
        blocks = []
        for part in _parts(self.features):
            if part == "words":
                blocks.append(("words", _word_vectorizer(), "text"))
            elif part == "chars":
                blocks.append(("chars", _char_vectorizer(), "text"))
            elif part == "embed":
                blocks.append(("embed", "passthrough", EMBED_COLUMNS))
            else:
                blocks.append(("lexicon", StandardScaler(), LEXICON_FEATURES))
        weights = {"lexicon": self.lexicon_weight, "embed": self.embed_weight}
        weights = {k: v for k, v in weights.items() if k in _parts(self.features)} or None
        if self.model == "logreg":
            base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, random_state=SEED)
        elif self.model == "svm":
            base = LinearSVC(C=self.C, class_weight="balanced", max_iter=20000, random_state=SEED)
        else:
            raise ValueError(f"model must be one of {MODELS}, not {self.model!r}")
        return Pipeline([("features", ColumnTransformer(blocks, transformer_weights=weights)), ("clf", base)])

    def fit(self, X: pd.DataFrame, y, groups=None) -> "FrameClassifier":
        """Fit on a feature table and labels; ``groups`` (article ids) keep an article's sentences in one
        calibration fold, so the calibration is not fitted on scores of the base model's own articles."""
        X = _check_table(X)
        y = np.asarray(y, dtype=object)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
        unknown = sorted(set(y) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown labels {unknown}; expected {LABELS}")
        if groups is not None and len(set(groups)) >= CALIBRATION_FOLDS:
            splits = StratifiedGroupKFold(CALIBRATION_FOLDS, shuffle=True, random_state=SEED).split(X, y, groups)
        else:
            splits = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=SEED).split(X, y)
        pipe = self._pipeline()
        features, base = pipe.steps[0][1], pipe.steps[1][1]
        Z = features.fit_transform(X)
        self.features_ = features
        if self.calibrate:
            cal = CalibratedClassifierCV(base, method="temperature", cv=list(splits), ensemble=False)
            cal.fit(Z, y)
            self.calibrated_ = cal
            self.base_ = cal.calibrated_classifiers_[0].estimator
        else:
            self.base_ = base.fit(Z, y)
        # the calibrated wrapper label-encodes y before fitting the base model: its classes are 0..k-1
        self.classes_ = np.array(self.calibrated_.classes_ if self.calibrate else self.base_.classes_, dtype=object)
        return self

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "base_")
        return self.base_.decision_function(self.features_.transform(_check_table(X)))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Calibrated probabilities, columns in ``classes_`` order."""
        check_is_fitted(self, "calibrated_")
        return self.calibrated_.predict_proba(self.features_.transform(_check_table(X)))

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """The frame with the highest score (calibration keeps the arg-max, so this needs no calibration)."""
        return self.classes_[self.decision_function(X).argmax(axis=1)]

    # --- the stored form ---------------------------------------------------------------------
    def export(self) -> "LinearFrameModel":
        """The fitted model as plain arrays (what :func:`load_model` reads back)."""
        check_is_fitted(self, "calibrated_")
        cc = self.calibrated_.calibrated_classifiers_[0]
        base = cc.estimator
        blocks: list[dict] = []
        for name, trans, _cols in self.features_.transformers_:
            if name == "remainder":
                continue
            if name == "lexicon":
                blocks.append({"name": name, "columns": LEXICON_FEATURES, "mean": list(trans.mean_),
                               "scale": list(trans.scale_), "weight": self.lexicon_weight})
            elif name == "embed":
                blocks.append({"name": name, "encoder": "all-MiniLM-L6-v2 (newsframing.measure.encoder)",
                               "dim": len(EMBED_COLUMNS), "weight": self.embed_weight})
            else:
                vocab = sorted(trans.vocabulary_, key=trans.vocabulary_.get)
                blocks.append({"name": name, "terms": vocab, "idf": list(trans.idf_)})
        coef = np.atleast_2d(base.coef_)
        intercept = np.atleast_1d(base.intercept_)
        cal = float(cc.calibrators[0].beta_)
        return LinearFrameModel(blocks, coef, intercept, list(self.classes_), cal,
                                {"features": self.features, "model": self.model, "C": self.C,
                                 "lexicon_weight": self.lexicon_weight, "embed_weight": self.embed_weight})


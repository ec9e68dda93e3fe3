"""Sentence frame classifier (opportunity | threat | neutral), a scikit-learn estimator.

The classifier reads a *feature table* (:func:`featurize`: the text plus frame-lexicon and sentiment
scores per sentence) and combines, by its ``features`` parameter, any of

* ``words`` — TF-IDF of word 1–2-grams (the project's tokenizer, stop words kept: "not", "without"
  and "but" carry framing);
* ``chars`` — TF-IDF of character 2–5-grams within word boundaries (robust to inflection and
  spelling variants);
* ``lexicon`` — the frame lexicon's opportunity/threat scores and VADER/AFINN sentiment, standardised;
* ``embed`` — all-MiniLM-L6-v2 sentence embeddings (optional extra, :mod:`newsframing.measure.encoder`);

with a class-balanced linear model (``model``: logistic regression or a linear SVM) whose scores are
calibrated into probabilities by temperature scaling (Guo et al. 2017) fitted on cross-validated scores
(:class:`~sklearn.calibration.CalibratedClassifierCV`, ``method="temperature"``, folds grouped by article
when groups are given). Temperature scaling has one parameter and keeps the arg-max, so calibration
changes the probabilities but never the predicted frame: model choice by F1 and calibration stay separate. Which combination is used is decided by transfer across storylines and registers
(:mod:`newsframing.measure.transfer`), not by fit.

The fitted model is stored as readable JSON (vocabulary with one weight per class, IDF, scaler,
calibration): :meth:`FrameClassifier.to_json` / :func:`load_model`. Hand-written export because the
usual route (pickle/joblib) is neither readable nor safe to load, and a diff of the JSON shows what
retraining changed.

Example::

    >>> feats = featurize(pd.Series(["Unions sued the studio over scanned faces."]))
    >>> clf = load_model()
    >>> clf.predict(feats)[0]
    'threat'
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import softmax
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

from newsframing import paths
from newsframing.errors import NewsframingError
from newsframing.measure.lexicon import LEXICON_FILE, evidence, frame_scores, match_sentence
from newsframing.measure.sentiment import NEUTRAL_BAND, score_sentences
from newsframing.measure.text import tokens

LABELS = ["opportunity", "threat", "neutral"]
UNCLASSIFIED = "unclassified"  # blank text: no frame, no probabilities
LEXICON_FEATURES = ["lex_opportunity", "lex_threat", "vader_compound", "afinn_norm"]
FEATURE_SETS = ("lexicon", "words", "chars", "embed")
EMBED_COLUMNS = [f"emb_{i:03d}" for i in range(384)]
MODELS = ("logreg", "svm")
RULE_THRESHOLD = 2.0  # baseline: one strong lexicon term (weight >= 2) or two weak ones
SEED = 20240316
CALIBRATION_FOLDS = 5
MODEL_FILE = paths.MODELS / "frame_classifier.json"  # the best model without the optional encoder
ENCODER_MODEL_FILE = paths.MODELS / "frame_classifier_encoder.json"  # the best model with it
FORMAT = "newsframing-frame-classifier/2"


# --- features -------------------------------------------------------------------------------------
def featurize(texts: pd.Series, embed: bool = False) -> pd.DataFrame:
    """The feature table: ``text``, lexicon scores and evidence, both sentiment lexicons' scores and,
    with ``embed``, the sentence embedding (``emb_000`` … ``emb_383``)."""
    texts = texts.fillna("").astype(str)
    opportunity, threat, said = [], [], []
    for t in texts.tolist():
        ms = match_sentence(t)
        sc = frame_scores(ms)
        opportunity.append(sc["opportunity"])
        threat.append(sc["threat"])
        said.append(evidence(ms))
    columns = {"lex_opportunity": opportunity, "lex_threat": threat, "evidence": said}
    feats = pd.DataFrame(columns if said else [], index=texts.index, columns=list(columns))  # [] keeps object columns
    parts = [texts.rename("text"), feats, score_sentences(texts)]
    if embed:
        from newsframing.measure import encoder

        parts.append(pd.DataFrame(encoder.embed(texts.tolist()), index=texts.index, columns=EMBED_COLUMNS))
    return pd.concat(parts, axis=1)


class _CountingTfidfVectorizer(TfidfVectorizer):
    """scikit-learn's TF-IDF vectorizer whose ``transform`` with a fixed vocabulary counts faster and
    gives the same matrix (same counts, indices and therefore the same TF-IDF floats).

    ``CountVectorizer._count_vocab`` counts in a Python loop with a try/except per n-gram; here the
    n-grams are mapped to vocabulary indices with ``map(dict.get)`` and counted by numpy, and for
    ``char_wb`` (n-grams never cross whitespace) each distinct word's indices are computed once by
    scikit-learn's own ``_char_wb_ngrams`` and reused. Learning a vocabulary (``fit``) is scikit-learn's
    code unchanged. ``tests/test_tfidf_fast.py`` compares the matrices with scikit-learn's."""

    _WORD_CACHE_LIMIT = 500_000

    def _count_vocab(self, raw_documents, fixed_vocab):
        if not fixed_vocab or self.analyzer not in ("word", "char_wb") or self.binary:
            return super()._count_vocab(raw_documents, fixed_vocab)
        import scipy.sparse as sp
        from sklearn.feature_extraction import text as sktext

        vocabulary = self.vocabulary_
        get = vocabulary.get
        cache = self.__dict__.get("_word_ngram_cache")
        if cache is None or cache[0] is not vocabulary:
            cache = self._word_ngram_cache = (vocabulary, {})
        words = cache[1]
        parts: list = []  # vocabulary indices of the n-grams, word after word, document after document
        lengths: list[int] = []
        if self.analyzer == "char_wb":
            preprocess, spaces, ngrams = self.build_preprocessor(), self._white_spaces, self._char_wb_ngrams
            for doc in raw_documents:
                k = 0
                for w in spaces.sub(" ", preprocess(self.decode(doc))).split():
                    hit = words.get(w)
                    if hit is None:
                        if len(words) > self._WORD_CACHE_LIMIT:
                            words.clear()
                        hit = words[w] = np.array([i for i in map(get, ngrams(w)) if i is not None], dtype=np.int32)
                    parts.append(hit)
                    k += len(hit)
                lengths.append(k)
        else:
            analyze = self.build_analyzer()
            for doc in raw_documents:
                idx = [i for i in map(get, analyze(doc)) if i is not None]
                parts.append(np.array(idx, dtype=np.int32))
                lengths.append(len(idx))
        n_docs, n_terms = len(lengths), len(vocabulary)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        if indptr[-1] > np.iinfo(np.int32).max:
            return super()._count_vocab(raw_documents, fixed_vocab)  # 64-bit indexing: leave it to scikit-learn
        cols = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        # one entry per n-gram occurrence; summing the duplicates gives each row's counts, indices sorted
        X = sp.csr_array((np.ones(len(cols), dtype=np.intc), cols, indptr.astype(np.int32)), shape=(n_docs, n_terms))
        X.sum_duplicates()
        X = sp.csr_array((X.data, X.indices, X.indptr), shape=(n_docs, n_terms), dtype=self.dtype)
        X.sort_indices()
        return vocabulary, sktext._align_api_if_sparse(X)


def _word_vectorizer() -> TfidfVectorizer:
    return _CountingTfidfVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False, ngram_range=(1, 2),
                                    sublinear_tf=True, min_df=2, dtype=np.float64)


def _char_vectorizer() -> TfidfVectorizer:
    return _CountingTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True,
                                    min_df=3, dtype=np.float64)


def _parts(features: str) -> list[str]:
    parts = features.split("+")
    bad = [p for p in parts if p not in FEATURE_SETS]
    if bad or not parts:
        raise ValueError(f"features must be '+'-joined names from {FEATURE_SETS}, not {features!r}")
    return parts


# --- baselines (for the validation tables) ---------------------------------------------------------
def lexicon_rule(feats: pd.DataFrame, threshold: float = RULE_THRESHOLD) -> pd.Series:
    """Baseline: the larger lexicon score wins if it reaches the threshold; else neutral."""
    o, t = feats.lex_opportunity, feats.lex_threat
    out = np.where((t >= threshold) & (t > o), "threat", np.where((o >= threshold) & (o > t), "opportunity", "neutral"))
    return pd.Series(out, index=feats.index)


def vader_rule(feats: pd.DataFrame, band: float = NEUTRAL_BAND) -> pd.Series:
    """Baseline: VADER compound >= +0.05 opportunity, <= -0.05 threat."""
    v = feats.vader_compound
    return pd.Series(np.where(v >= band, "opportunity", np.where(v <= -band, "threat", "neutral")), index=feats.index)


# --- the estimator ---------------------------------------------------------------------------------
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

    # --- readable persistence ---------------------------------------------------------------------
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


def _check_table(X) -> pd.DataFrame:
    if not isinstance(X, pd.DataFrame) or "text" not in X.columns:
        raise TypeError("X must be a feature table from newsframing.measure.frames.featurize (a DataFrame with 'text')")
    missing = [c for c in LEXICON_FEATURES if c not in X.columns]
    if missing:
        raise TypeError(f"feature table lacks {missing}; build it with featurize()")
    return X


# --- the stored model ------------------------------------------------------------------------------
@dataclass
class LinearFrameModel:
    """A fitted :class:`FrameClassifier` as arrays: TF-IDF blocks (terms, IDF) and/or the standardised
    lexicon block, one weight per class and feature, intercepts, and the calibration's inverse
    temperature ``beta`` (probabilities = softmax(beta * scores))."""

    blocks: list[dict]
    coef: np.ndarray  # (n_classes or 1, n_features)
    intercept: np.ndarray
    classes: list[str]
    beta: float  # inverse temperature
    params: dict
    meta: dict | None = None

    def __post_init__(self) -> None:
        self._vectorizers: dict[str, TfidfVectorizer] = {}
        for b in self.blocks:
            if "terms" in b:
                vec = _word_vectorizer() if b["name"] == "words" else _char_vectorizer()
                vec.set_params(vocabulary={t: i for i, t in enumerate(b["terms"])})
                vec.fit([""])  # fixed vocabulary: fit only sets up the transformer
                vec.idf_ = np.asarray(b["idf"], dtype=np.float64)
                self._vectorizers[b["name"]] = vec

    def _matrix(self, X: pd.DataFrame):
        from scipy.sparse import csr_matrix, hstack

        mats = []
        for b in self.blocks:
            if b["name"] == "lexicon":
                dense = (X[b["columns"]].to_numpy(float) - np.asarray(b["mean"])) / np.asarray(b["scale"])
                mats.append(csr_matrix(dense * b["weight"]))
            elif b["name"] == "embed":
                if EMBED_COLUMNS[0] in X.columns:
                    emb = X[EMBED_COLUMNS].to_numpy(float)
                else:
                    from newsframing.measure import encoder

                    emb = encoder.embed(X["text"].tolist()).astype(float)
                mats.append(csr_matrix(emb * b["weight"]))
            else:
                mats.append(self._vectorizers[b["name"]].transform(X["text"]))
        return hstack(mats).tocsr()

    @property
    def uses_encoder(self) -> bool:
        return any(b["name"] == "embed" for b in self.blocks)

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        return np.asarray(self._matrix(_check_table(X)) @ self.coef.T) + self.intercept

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Temperature-calibrated probabilities: softmax(beta * scores), as scikit-learn computes them."""
        p = softmax(self.beta * self.decision_function(X), axis=1)
        p[(p > 1.0) & (p <= 1.0 + 1e-5)] = 1.0
        return p

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return np.array(self.classes, dtype=object)[self.predict_proba(X).argmax(axis=1)]

    def to_json(self) -> str:
        blocks = []
        for b in self.blocks:
            b = dict(b)
            for k in ("mean", "scale", "idf"):
                if k in b:
                    b[k] = _r(b[k])
            blocks.append(b)
        d = {"format": FORMAT, "classes": self.classes, "params": self.params, "blocks": blocks,
             "coef": [_r(c) for c in self.coef], "intercept": _r(self.intercept),
             "calibration": {"method": "temperature", "beta": _f(self.beta)}, "meta": self.meta or {}}
        return json.dumps(d, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, where: Path | None = None) -> "LinearFrameModel":
        d = json.loads(text)
        if d.get("format") != FORMAT:
            raise NewsframingError(where, f"not a {FORMAT} model file (format {d.get('format')!r}); run `make train`")
        return cls(d["blocks"], np.array(d["coef"]), np.array(d["intercept"]), d["classes"],
                   float(d["calibration"]["beta"]), d["params"], d.get("meta"))

    def top_terms(self, k: int = 15) -> pd.DataFrame:
        """The k n-grams with the largest weight toward each class: what the model reads as framing."""
        names: list[str] = []
        for b in self.blocks:
            if "terms" in b:
                names += [f"{b['name']}:{t}" for t in b["terms"]]
            elif b["name"] == "embed":
                names += [f"embed:{i:03d}" for i in range(b["dim"])]
            else:
                names += [f"lexicon:{c}" for c in b["columns"]]
        rows = []
        for ci, cls in enumerate(self.classes):
            order = np.argsort(-self.coef[ci], kind="stable")[:k]
            rows += [{"frame": cls, "rank": r + 1, "feature": names[j], "weight": round(float(self.coef[ci, j]), 4)}
                     for r, j in enumerate(order)]
        return pd.DataFrame(rows)


def _f(x: float) -> float:
    return float(f"{float(x):.10g}")


def _r(a) -> list[float]:
    return [_f(x) for x in np.asarray(a, dtype=float).ravel()]


def default_model_file() -> Path:
    """The encoder model when the optional encoder is installed (it transfers better), else the model
    without it. ``NEWSFRAMING_MODEL=fast|encoder`` overrides."""
    from newsframing.measure import encoder

    choice = os.environ.get("NEWSFRAMING_MODEL", "")
    if choice == "fast":
        return MODEL_FILE
    if choice == "encoder" or (encoder.available() and ENCODER_MODEL_FILE.is_file()):
        return ENCODER_MODEL_FILE
    return MODEL_FILE


def load_model(path: Path | None = None) -> LinearFrameModel:
    path = default_model_file() if path is None else path
    if not Path(path).is_file():
        raise NewsframingError(path, "frame classifier not trained yet; run `make train`")
    return LinearFrameModel.from_json(Path(path).read_text(encoding="utf-8"), path)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- applying the model ----------------------------------------------------------------------------
def classify_frame(texts: pd.Series, model: LinearFrameModel | None = None,
                   feats: pd.DataFrame | None = None) -> pd.DataFrame:
    """frame, calibrated p_opportunity/p_threat/p_neutral, lexicon scores, sentiment and evidence per text.
    Blank texts are ``unclassified`` with empty probabilities. ``feats`` (from :func:`featurize` on the
    same texts) avoids scoring the texts twice."""
    model = model or load_model()
    feats = featurize(texts, embed=model.uses_encoder) if feats is None else feats
    blank = feats.text.str.strip() == ""
    out = pd.DataFrame(index=texts.index)
    out["frame"] = UNCLASSIFIED
    probs = pd.DataFrame(np.nan, index=texts.index, columns=LABELS)
    if (~blank).any():
        p = model.predict_proba(feats[~blank])
        probs.loc[~blank, :] = pd.DataFrame(p, index=feats.index[~blank], columns=model.classes)[LABELS]
        out.loc[~blank, "frame"] = np.array(model.classes, dtype=object)[p.argmax(axis=1)]
    for lab in LABELS:
        out[f"p_{lab}"] = probs[lab].round(4)
    for col in LEXICON_FEATURES:
        out[col] = feats[col].round(4)
    out["evidence"] = feats.evidence
    return out

"""Sentence frame classifier (opportunity | threat | neutral): features, the stored model, applying it.

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

The estimator that is fitted is :class:`newsframing.measure.estimator.FrameClassifier` (scikit-learn).
The fitted model is stored as readable JSON (vocabulary with one weight per class, IDF, scaler,
calibration) and applied by :class:`LinearFrameModel` with numpy and scipy
(:mod:`newsframing.measure.ngrams`), so applying a model does not depend on scikit-learn's estimator
objects. Hand-written export because the
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
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from newsframing import paths
from newsframing.errors import NewsframingError
from newsframing.measure.lexicon import LEXICON_FILE, evidence, frame_scores, match_sentence
from newsframing.measure.ngrams import NgramTfidf
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
FEATURE_COLUMNS = ["lex_opportunity", "lex_threat", "evidence", "vader_compound", "afinn_raw", "afinn_norm",
                   "vader_polarity", "afinn_polarity"]  # what later steps read from featurize (no text, no embedding)


# --- features -------------------------------------------------------------------------------------
def featurize(texts: pd.Series, embed: bool = False) -> pd.DataFrame:
    """The feature table: ``text``, lexicon scores and evidence, both sentiment lexicons' scores and,
    with ``embed``, the sentence embedding (``emb_000`` … ``emb_383``)."""
    return _features(texts, embed)[0]


def _features(texts: pd.Series, embed: bool = False) -> tuple[pd.DataFrame, list[list[str]]]:
    """:func:`featurize` and each text's tokens (the word n-grams reuse them: tokenize once)."""
    texts = texts.fillna("").astype(str)
    items = texts.tolist()
    toks = [tokens(t) for t in items]
    opportunity, threat, said = [], [], []
    for t, tk in zip(items, toks):
        ms = match_sentence(t, toks=tk)
        sc = frame_scores(ms)
        opportunity.append(sc["opportunity"])
        threat.append(sc["threat"])
        said.append(evidence(ms))
    columns = {"lex_opportunity": opportunity, "lex_threat": threat, "evidence": said}
    feats = pd.DataFrame(columns if said else [], index=texts.index, columns=list(columns))  # [] keeps object columns
    parts = [texts.rename("text"), feats, score_sentences(texts)]
    if embed:
        from newsframing.measure import encoder

        parts.append(pd.DataFrame(encoder.embed(items), index=texts.index, columns=EMBED_COLUMNS))
    return pd.concat(parts, axis=1), toks


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax, computed as ``scipy.special.softmax(x, axis=1)`` computes it (same floats)."""
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


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
        self._ngrams: dict[str, NgramTfidf] = {b["name"]: NgramTfidf(b["name"], b["terms"], b["idf"])
                                               for b in self.blocks if "terms" in b}

    def _matrix(self, X: pd.DataFrame, token_lists: list[list[str]] | None = None):
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
                mats.append(self._ngrams[b["name"]].transform(X["text"].tolist(),
                                                              token_lists if b["name"] == "words" else None))
        return hstack(mats).tocsr()

    @property
    def uses_encoder(self) -> bool:
        return any(b["name"] == "embed" for b in self.blocks)

    def decision_function(self, X: pd.DataFrame, token_lists: list[list[str]] | None = None) -> np.ndarray:
        """Class scores; ``token_lists`` (each text's :func:`~newsframing.measure.text.tokens`, from
        :func:`_features`) saves tokenizing again."""
        return np.asarray(self._matrix(_check_table(X), token_lists) @ self.coef.T) + self.intercept

    def predict_proba(self, X: pd.DataFrame, token_lists: list[list[str]] | None = None) -> np.ndarray:
        """Temperature-calibrated probabilities: softmax(beta * scores), as scikit-learn computes them."""
        p = softmax(self.beta * self.decision_function(X, token_lists))
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
                   feats: pd.DataFrame | None = None, token_lists: list[list[str]] | None = None) -> pd.DataFrame:
    """frame, calibrated p_opportunity/p_threat/p_neutral, lexicon scores, sentiment and evidence per text.
    Blank texts are ``unclassified`` with empty probabilities. ``feats`` (from :func:`featurize` on the
    same texts) avoids scoring the texts twice, ``token_lists`` (their tokens) tokenizing them twice."""
    model = model or load_model()
    if feats is None:
        feats, token_lists = _features(texts, embed=model.uses_encoder)
    blank = (feats.text.str.strip() == "").to_numpy()
    out = pd.DataFrame(index=texts.index)
    out["frame"] = UNCLASSIFIED
    probs = pd.DataFrame(np.nan, index=texts.index, columns=LABELS)
    if (~blank).any():
        kept = None if token_lists is None else [t for t, b in zip(token_lists, blank) if not b]
        p = model.predict_proba(feats[~blank], kept)
        probs.loc[~blank, :] = pd.DataFrame(p, index=feats.index[~blank], columns=model.classes)[LABELS]
        out.loc[~blank, "frame"] = np.array(model.classes, dtype=object)[p.argmax(axis=1)]
    for lab in LABELS:
        out[f"p_{lab}"] = probs[lab].round(4)
    for col in LEXICON_FEATURES:
        out[col] = feats[col].round(4)
    out["evidence"] = feats.evidence
    return out


@lru_cache(maxsize=2)
def cached_model(path: str) -> LinearFrameModel:
    """The model at ``path``, loaded once per process: every chunk a worker classifies uses the same one.
    A file rewritten at the same path within one process is not reloaded (each CLI run is a process)."""
    return load_model(Path(path))


def prepare(model_file: str) -> None:
    """Load what :func:`frame_chunk` needs - the model, its character n-gram table, the frame lexicon, VADER
    and AFINN - into this process. Run before a pool of worker processes starts, so forked workers
    inherit them instead of each loading them again (half a second per worker); elsewhere it only moves
    that work before the first chunk. The optional encoder is left to the workers (its tokenizer warns
    when a process forks after it has run)."""
    model = cached_model(str(model_file))
    _features(pd.Series(["Prepare."]), embed=False)
    for block in model._ngrams.values():
        block.transform(["Prepare."])


def frame_chunk(texts: pd.Series, model_file: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stage every backend runs on one chunk of texts: (classify_frame columns, feature columns).
    The model is loaded once per process from its path (a path pickles cheaply; a model does not).
    It lives here, not in :mod:`newsframing.analyze`, so a worker imports only what classifying needs."""
    model = cached_model(str(model_file))
    feats, toks = _features(texts, embed=model.uses_encoder)
    return classify_frame(texts, model, feats=feats, token_lists=toks), feats[FEATURE_COLUMNS]

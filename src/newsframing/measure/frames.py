"""Sentence frame classifier (opportunity | threat | neutral) and its validation.

Features per sentence: the frame lexicon's opportunity and threat scores (negation- and clause-aware,
:mod:`newsframing.measure.lexicon`), VADER compound and AFINN (:mod:`newsframing.measure.sentiment`). The model is a
multinomial logistic regression on those four standardised features, class-balanced, its L2 strength
chosen by leave-one-article-out CV, trained on the
hand-coded seed sentences (``make train``, fixed seed) and stored as readable JSON coefficients in
``models/frame_classifier.json``. Why so few features: with ~65 coded sentences a TF-IDF model
memorises seed wording; the lexicon carries knowledge from the framing literature that transfers to
unseen text. The TF-IDF variant is still cross-validated and reported beside it.

Validation (``cross_validate``): leave-one-article-out — every sentence is scored by a model that
never saw any sentence of its article — against a lexicon-only rule and a VADER-threshold baseline.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import LeaveOneGroupOut

from newsframing import paths
from newsframing.errors import NewsframingError
from newsframing.measure.lexicon import LEXICON_FILE, evidence, frame_scores, match_sentence
from newsframing.measure.sentiment import NEUTRAL_BAND, score_sentences
from newsframing.measure.text import tokens

LABELS = ["opportunity", "threat", "neutral"]
FEATURES = ["lex_opportunity", "lex_threat", "vader_compound", "afinn_norm"]
RULE_THRESHOLD = 2.0  # one strong lexicon term (weight >= 2) or two weak ones
SEED = 20240316
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)  # L2 strength; chosen by leave-one-article-out CV on training data only
MODEL_FILE = paths.MODELS / "frame_classifier.json"
CODES_FILE = paths.ANNOTATIONS / "frame_codes.csv"


def featurize(texts: pd.Series) -> pd.DataFrame:
    """Lexicon scores and evidence, plus both sentiment lexicons' scores, for each text."""
    texts = texts.astype(str)
    rows = []
    for t in texts:
        ms = match_sentence(t)
        sc = frame_scores(ms)
        rows.append({"lex_opportunity": sc["opportunity"], "lex_threat": sc["threat"], "evidence": evidence(ms)})
    return pd.DataFrame(rows, index=texts.index).join(score_sentences(texts))


def lexicon_rule(feats: pd.DataFrame, threshold: float = RULE_THRESHOLD) -> pd.Series:
    """Baseline: the larger lexicon score wins if it reaches the threshold; else neutral."""
    o, t = feats.lex_opportunity, feats.lex_threat
    out = np.where((t >= threshold) & (t > o), "threat", np.where((o >= threshold) & (o > t), "opportunity", "neutral"))
    return pd.Series(out, index=feats.index)


def vader_rule(feats: pd.DataFrame, band: float = NEUTRAL_BAND) -> pd.Series:
    """Baseline: VADER compound >= +0.05 opportunity, <= -0.05 threat."""
    v = feats.vader_compound
    return pd.Series(np.where(v >= band, "opportunity", np.where(v <= -band, "threat", "neutral")), index=feats.index)


@dataclass
class FrameModel:
    """Standardise -> multinomial logistic regression, stored as plain numbers."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]
    meta: dict

    @classmethod
    def fit(cls, X: pd.DataFrame, y: pd.Series, c: float = 1.0) -> "FrameModel":
        Xv = X[FEATURES].to_numpy(float)
        mean, scale = Xv.mean(0), Xv.std(0)
        scale[scale == 0] = 1.0
        lr = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)
        lr.fit((Xv - mean) / scale, y.to_numpy())
        return cls(mean, scale, lr.coef_, lr.intercept_, list(lr.classes_), {"C": c})

    @classmethod
    def fit_selecting_c(cls, X: pd.DataFrame, y: pd.Series, groups: pd.Series) -> "FrameModel":
        """Pick C by leave-one-group-out macro-F1 on (X, y) only, then refit on all of it.
        Ties go to the stronger regularisation (smaller C)."""
        best_c, best_f1 = C_GRID[0], -1.0
        if groups.nunique() >= 2:
            for c in C_GRID:
                pred = pd.Series("", index=y.index, dtype=object)
                for tr, te in LeaveOneGroupOut().split(X, y, groups=groups):
                    pred.iloc[te] = cls.fit(X.iloc[tr], y.iloc[tr], c).predict(X.iloc[te]).to_numpy()
                f1 = f1_score(y, pred, labels=LABELS, average="macro", zero_division=0)
                if f1 > best_f1 + 1e-12:
                    best_c, best_f1 = c, f1
        return cls.fit(X, y, best_c)

    def proba(self, X: pd.DataFrame) -> pd.DataFrame:
        z = ((X[FEATURES].to_numpy(float) - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        return pd.DataFrame(p, columns=self.classes, index=X.index)[LABELS]

    def predict(self, X: pd.DataFrame) -> pd.Series:
        p = self.proba(X)
        return p.idxmax(axis=1)

    def to_json(self) -> str:
        d = {"model": "multinomial logistic regression on standardised features", "features": FEATURES,
             "classes": self.classes, "mean": _r(self.mean), "scale": _r(self.scale),
             "coef": [_r(c) for c in self.coef], "intercept": _r(self.intercept),
             "class_weight": "balanced", "seed": SEED, "C_grid": list(C_GRID), **self.meta}
        return json.dumps(d, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "FrameModel":
        d = json.loads(text)
        if d.get("features") != FEATURES:
            raise ValueError(f"model features {d.get('features')} != {FEATURES}")
        return cls(np.array(d["mean"]), np.array(d["scale"]), np.array(d["coef"]), np.array(d["intercept"]), d["classes"], d)


def _r(a: np.ndarray) -> list[float]:
    return [float(f"{x:.8g}") for x in np.asarray(a).ravel()]


def tfidf_model_predict(train_text, train_feats, y_train, test_text, test_feats) -> np.ndarray:
    """Variant for validation only: TF-IDF word 1-2-grams plus the four features, one LR."""
    from scipy.sparse import csr_matrix, hstack

    vec = TfidfVectorizer(tokenizer=tokens, token_pattern=None, lowercase=False, ngram_range=(1, 2),
                          sublinear_tf=True, stop_words=sorted(ENGLISH_STOP_WORDS))
    Xtr = vec.fit_transform(train_text)
    mean, scale = train_feats[FEATURES].mean().to_numpy(), train_feats[FEATURES].std(ddof=0).replace(0, 1).to_numpy()
    dense = lambda f: csr_matrix((f[FEATURES].to_numpy(float) - mean) / scale)  # noqa: E731
    lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, random_state=SEED)
    lr.fit(hstack([Xtr, dense(train_feats)]).tocsr(), y_train)
    return lr.predict(hstack([vec.transform(test_text), dense(test_feats)]).tocsr())


# --- training data and validation -----------------------------------------------------------------
def load_coded(sentences: pd.DataFrame, codes_file: Path = CODES_FILE) -> pd.DataFrame:
    """Sentences joined to their hand codes; every sentence must be coded exactly once."""
    codes = pd.read_csv(codes_file, dtype=str, keep_default_na=False)
    bad = set(codes.frame) - set(LABELS)
    if bad:
        raise NewsframingError(codes_file, f"unknown frame code(s) {sorted(bad)}")
    df = sentences.merge(codes[["sentence_id", "frame"]], on="sentence_id", how="left", validate="one_to_one")
    missing = df[df.frame.isna()]
    if len(missing):
        raise NewsframingError(codes_file, f"{len(missing)} sentence(s) not coded, e.g. {missing.sentence_id.iloc[0]}")
    assert len(df) == len(sentences)
    return df


def cross_validate(coded: pd.DataFrame, feats: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Leave-one-article-out predictions of every method, and their scores."""
    feats = featurize(coded.text) if feats is None else feats
    y = coded.frame
    preds = pd.DataFrame({"sentence_id": coded.sentence_id, "article_id": coded.article_id, "code": y})
    preds["vader_baseline"] = vader_rule(feats)
    preds["lexicon_rule"] = lexicon_rule(feats)
    preds["model"] = ""
    preds["tfidf_model"] = ""
    chosen: list[dict] = []
    for train, test in LeaveOneGroupOut().split(feats, y, groups=coded.article_id):
        m = FrameModel.fit_selecting_c(feats.iloc[train], y.iloc[train], coded.article_id.iloc[train])
        chosen.append({"held_out_article": coded.article_id.iloc[test[0]], "C": m.meta["C"]})
        preds.iloc[test, preds.columns.get_loc("model")] = m.predict(feats.iloc[test]).to_numpy()
        preds.iloc[test, preds.columns.get_loc("tfidf_model")] = tfidf_model_predict(
            coded.text.iloc[train], feats.iloc[train], y.iloc[train], coded.text.iloc[test], feats.iloc[test])
    methods = ["vader_baseline", "lexicon_rule", "model", "tfidf_model"]
    scores, confusion, per_class = [], [], []
    for meth in methods:
        scores.append({"method": meth, "n": len(y),
                       "macro_f1": round(float(f1_score(y, preds[meth], labels=LABELS, average="macro", zero_division=0)), 4),
                       "cohen_kappa": round(float(cohen_kappa_score(y, preds[meth], labels=LABELS)), 4),
                       "accuracy": round(float((y == preds[meth]).mean()), 4)})
        cm = confusion_matrix(y, preds[meth], labels=LABELS)
        for i, true in enumerate(LABELS):
            for j, pred in enumerate(LABELS):
                confusion.append({"method": meth, "code": true, "predicted": pred, "n": int(cm[i, j])})
        p, r, f, s = precision_recall_fscore_support(y, preds[meth], labels=LABELS, zero_division=0)
        for k, lab in enumerate(LABELS):
            per_class.append({"method": meth, "frame": lab, "precision": round(float(p[k]), 4),
                              "recall": round(float(r[k]), 4), "f1": round(float(f[k]), 4), "support": int(s[k])})
    return {"predictions": preds, "scores": pd.DataFrame(scores), "confusion": pd.DataFrame(confusion),
            "per_class": pd.DataFrame(per_class), "chosen_c": pd.DataFrame(chosen)}


def train(sentences: pd.DataFrame, codes_file: Path = CODES_FILE) -> FrameModel:
    """Fit the final model on all coded sentences; records what it was trained on."""
    coded = load_coded(sentences, codes_file)
    feats = featurize(coded.text)
    model = FrameModel.fit_selecting_c(feats, coded.frame, coded.article_id)
    model.meta |= {
        "trained_on": f"{len(coded)} hand-coded sentences ({codes_file.name})",
        "codes_sha256": hashlib.sha256(codes_file.read_bytes()).hexdigest(),
        "lexicon": LEXICON_FILE.name,
        "lexicon_sha256": hashlib.sha256(LEXICON_FILE.read_bytes()).hexdigest(),
    }
    return model


def load_model(path: Path = MODEL_FILE) -> FrameModel:
    if not path.is_file():
        raise NewsframingError(path, "frame classifier not trained yet; run `make train`")
    return FrameModel.from_json(path.read_text(encoding="utf-8"))


def classify_frame(texts: pd.Series, model: FrameModel | None = None,
                   feats: pd.DataFrame | None = None) -> pd.DataFrame:
    """frame, p_opportunity, p_threat, p_neutral, lexicon scores, vader_compound, evidence per text.
    ``feats`` (from :func:`featurize` on the same texts) avoids scoring the texts twice."""
    model = model or load_model()
    feats = featurize(texts) if feats is None else feats
    p = model.proba(feats)
    out = pd.DataFrame(index=texts.index)
    out["frame"] = p.idxmax(axis=1)
    for lab in LABELS:
        out[f"p_{lab}"] = p[lab].round(4)
    out["lex_opportunity"] = feats.lex_opportunity.round(4)
    out["lex_threat"] = feats.lex_threat.round(4)
    out["vader_compound"] = feats.vader_compound.round(4)
    out["afinn_norm"] = feats.afinn_norm.round(4)
    out["evidence"] = feats.evidence
    return out

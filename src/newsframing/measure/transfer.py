"""Choosing and validating the frame classifier by transfer: held-out storylines, registers, articles.

A score on text the model was built from says little about a user's corpus. Every candidate is
therefore scored on sentences it never saw, with the training corpus split three ways
(:data:`SCHEMES`): leave one *storyline* out (a story the model never read about), leave one
*register* out (a kind of outlet it never read: labour press, wire copy, opinion…), and leave one
*article* out. The model is chosen by the mean macro-F1 of the first two (:func:`select`); the
calibrated out-of-fold probabilities of the chosen model (storyline held out) give the reliability
diagram and the error rates that the outlet estimates correct for (:mod:`newsframing.compare.quantify`).

Example::

    >>> tables = compare(feats, coded)                 # all candidates x storyline/register
    >>> best = select(tables["transfer_scores"])       # the candidate to train
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import LeaveOneGroupOut

from newsframing.measure.estimator import FrameClassifier
from newsframing.measure.frames import LABELS, lexicon_rule, vader_rule
from newsframing.resampling import percentile_interval, resample_stats

SCHEMES = {"storyline": "storyline", "register": "register", "article": "article_id"}
SELECTION_SCHEMES = ("storyline", "register")
RELIABILITY_BINS = 10
F1_BOOT = 1000
F1_SEED = 20240316
CURVE_FRACTIONS = (0.25, 0.5, 0.75, 1.0)  # learning curve: parts of each fold's training articles
CURVE_REPEATS = 3
CURVE_SEED = 20240316


@dataclass(frozen=True)
class Candidate:
    """A model to compare: ``features`` and ``model`` of :class:`FrameClassifier`, or a baseline rule."""

    name: str
    features: str = ""
    model: str = ""
    C: float = 1.0
    rule: Callable[[pd.DataFrame], pd.Series] | None = None

    def estimator(self, calibrate: bool = False) -> FrameClassifier:
        return FrameClassifier(features=self.features, model=self.model, C=self.C, calibrate=calibrate)


BASELINES = [Candidate("VADER threshold", rule=vader_rule), Candidate("lexicon rule", rule=lexicon_rule)]
GRID = (("logreg", (1.0, 4.0)), ("svm", (0.1, 0.3)))
CANDIDATES = BASELINES + [
    Candidate(f"{feat} · {model} · C={c:g}", feat, model, c)
    for feat in ("lexicon", "words", "chars", "words+lexicon", "chars+lexicon", "words+chars+lexicon")
    for model, cs in GRID for c in cs
]
# with the optional sentence encoder installed (newsframing.measure.encoder)
ENCODER_CANDIDATES = [
    Candidate(f"{feat} · {model} · C={c:g}", feat, model, c)
    for feat in ("embed", "embed+lexicon", "words+chars+lexicon+embed")
    for model, cs in GRID for c in cs
]


def candidates(with_encoder: bool) -> list[Candidate]:
    return CANDIDATES + (ENCODER_CANDIDATES if with_encoder else [])


def uses_encoder(features: str) -> bool:
    return "embed" in features.split("+")


def scores(y: pd.Series, pred: pd.Series) -> dict[str, float]:
    """Macro-F1, Cohen's κ, accuracy, and per-class precision and recall."""
    p, r, _f, _s = precision_recall_fscore_support(y, pred, labels=LABELS, zero_division=0)
    out = {"n": len(y),
           "macro_f1": round(float(f1_score(y, pred, labels=LABELS, average="macro", zero_division=0)), 4),
           "cohen_kappa": round(float(cohen_kappa_score(y, pred, labels=LABELS)), 4),
           "accuracy": round(float((np.asarray(y) == np.asarray(pred)).mean()), 4)}
    for k, lab in enumerate(LABELS):
        out[f"precision_{lab}"] = round(float(p[k]), 4)
        out[f"recall_{lab}"] = round(float(r[k]), 4)
    return out


def _macro_f1(tp: np.ndarray, n_true: np.ndarray, n_pred: np.ndarray) -> np.ndarray:
    """Macro-F1 per row from per-class counts: F1 = 2 TP / (true + predicted), 0 where both are 0."""
    den = n_true + n_pred
    return np.divide(2 * tp, den, out=np.zeros_like(tp, dtype=float), where=den > 0).mean(-1)


def _cluster_counts(y, preds: list, clusters) -> tuple[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Per cluster (article) and class: true positives, true counts and predicted counts of each of
    ``preds``; a bootstrap resample is then a weighted sum over clusters. Clusters are sentences when
    none (or only one) are given."""
    y = np.array([LABELS.index(v) for v in y])
    if clusters is None or len(set(clusters)) < 2:
        clusters = np.arange(len(y))
    uniq, inv = np.unique(np.asarray(clusters).astype(str), return_inverse=True)
    m, k = len(uniq), len(LABELS)
    nt = np.zeros((m, k))
    np.add.at(nt, (inv, y), 1.0)
    out = []
    for pred in preds:
        p = np.array([LABELS.index(v) for v in pred])
        tp, npred = np.zeros((m, k)), np.zeros((m, k))
        np.add.at(tp, (inv[y == p], y[y == p]), 1.0)
        np.add.at(npred, (inv, p), 1.0)
        out.append((tp, nt, npred))
    return m, out


def macro_f1_interval(y, pred, clusters=None, n_boot: int = F1_BOOT, seed: int = F1_SEED,
                      level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of macro-F1, resampling ``clusters`` (articles: sentences of one
    article are not independent) or, without them, sentences. A few dozen coded sentences give a wide
    interval, and a reader should see how wide. Macro-F1 is computed from per-class counts as
    :func:`scores` does (a class with no true and no predicted item scores 0)."""
    if len(y) == 0:
        return float("nan"), float("nan")
    m, [(tp, nt, npred)] = _cluster_counts(y, [pred], clusters)
    rng = np.random.default_rng(seed)
    f1 = resample_stats(rng, m, n_boot, lambda w: _macro_f1(w @ tp, w @ nt, w @ npred))
    return percentile_interval(f1, level)


def macro_f1_change_interval(y, before, after, clusters=None, n_boot: int = F1_BOOT, seed: int = F1_SEED,
                             level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of macro-F1(``after``) - macro-F1(``before``) on the same items:
    each resample of ``clusters`` scores both predictions, so what the two share (which items are hard)
    cancels and the interval is that of the change, far narrower than two separate intervals suggest."""
    if len(y) == 0:
        return float("nan"), float("nan")
    m, [(tp0, nt, np0), (tp1, _nt, np1)] = _cluster_counts(y, [before, after], clusters)
    rng = np.random.default_rng(seed)
    d = resample_stats(rng, m, n_boot, lambda w: _macro_f1(w @ tp1, w @ nt, w @ np1) - _macro_f1(w @ tp0, w @ nt, w @ np0))
    return percentile_interval(d, level)


def _fold(cand: Candidate, feats: pd.DataFrame, y: np.ndarray, groups: np.ndarray, train: np.ndarray,
          test: np.ndarray, calibrate: bool) -> tuple[np.ndarray, np.ndarray | None]:
    est = cand.estimator(calibrate).fit(feats.iloc[train], y[train], groups=groups[train])
    proba = None
    if calibrate:  # columns in LABELS order
        proba = est.predict_proba(feats.iloc[test])[:, [list(est.classes_).index(c) for c in LABELS]]
    return est.predict(feats.iloc[test]), proba


def out_of_fold(cand: Candidate, feats: pd.DataFrame, coded: pd.DataFrame, scheme: str,
                calibrate: bool = False, jobs: int = 1) -> pd.DataFrame:
    """Predictions (and calibrated probabilities) for every sentence from a model that never saw its
    storyline / register / article. Baselines need no training and predict directly."""
    if cand.rule is not None:
        return pd.DataFrame({"pred": cand.rule(feats).to_numpy()}, index=coded.index)
    from joblib import Parallel, delayed

    y = coded.frame.to_numpy(dtype=object)
    held = coded[SCHEMES[scheme]].to_numpy()
    articles = coded.article_id.to_numpy()
    splits = list(LeaveOneGroupOut().split(feats, y, groups=held))
    results = Parallel(n_jobs=jobs)(delayed(_fold)(cand, feats, y, articles, tr, te, calibrate) for tr, te in splits)
    pred = np.empty(len(y), dtype=object)
    proba = np.full((len(y), len(LABELS)), np.nan)
    for (_tr, te), (pr, pb) in zip(splits, results):
        pred[te] = pr
        if pb is not None:
            proba[te] = pb
    out = pd.DataFrame({"pred": pred}, index=coded.index)
    if calibrate:
        for k, lab in enumerate(LABELS):
            out[f"p_{lab}"] = proba[:, k]
    return out


def compare(feats: pd.DataFrame, coded: pd.DataFrame, candidates: list[Candidate] = CANDIDATES,
            schemes: tuple[str, ...] = SELECTION_SCHEMES, jobs: int = 1) -> dict[str, pd.DataFrame]:
    """Transfer scores of every candidate under every scheme (``transfer_scores``)."""
    rows = []
    for cand in candidates:
        for scheme in schemes:
            pred = out_of_fold(cand, feats, coded, scheme, jobs=jobs).pred
            rows.append({"candidate": cand.name, "features": cand.features or "—", "model": cand.model or "rule",
                         "C": cand.C if cand.rule is None else np.nan, "scheme": scheme,
                         "n_groups": coded[SCHEMES[scheme]].nunique(), **scores(coded.frame, pred)})
    return {"transfer_scores": pd.DataFrame(rows)}


def select(transfer_scores: pd.DataFrame, encoder: bool = False) -> str:
    """The trainable candidate with the best mean macro-F1 over the selection schemes (ties: the
    simpler, i.e. earlier, candidate), among models without the encoder or (``encoder``) with it."""
    t = transfer_scores[transfer_scores.model != "rule"]
    t = t[t.features.map(uses_encoder) == encoder]
    t = t[t.scheme.isin(SELECTION_SCHEMES)]
    mean = t.groupby("candidate", sort=False).macro_f1.mean()
    return str(mean.idxmax())


def per_class(y: pd.Series, pred: pd.Series) -> pd.DataFrame:
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=LABELS, zero_division=0)
    return pd.DataFrame({"frame": LABELS, "precision": np.round(p, 4), "recall": np.round(r, 4),
                         "f1": np.round(f, 4), "support": s})


def confusion(y: pd.Series, pred: pd.Series) -> pd.DataFrame:
    cm = confusion_matrix(y, pred, labels=LABELS)
    return pd.DataFrame([{"code": t, "predicted": p, "n": int(cm[i, j])}
                         for i, t in enumerate(LABELS) for j, p in enumerate(LABELS)])


def by_group(coded: pd.DataFrame, pred: pd.Series, scheme: str) -> pd.DataFrame:
    """Scores on each held-out storyline / register: how uneven transfer is."""
    rows = []
    for g, idx in coded.groupby(SCHEMES[scheme], sort=True).groups.items():
        sc = scores(coded.frame.loc[idx], pred.loc[idx])
        rows.append({"scheme": scheme, "held_out": g, "n": sc["n"], "macro_f1": sc["macro_f1"],
                     "accuracy": sc["accuracy"]})
    return pd.DataFrame(rows)


def reliability(y: pd.Series, proba: pd.DataFrame, bins: int = RELIABILITY_BINS) -> pd.DataFrame:
    """One-vs-rest reliability per frame: mean predicted probability vs observed share, in equal-width
    bins, plus the expected calibration error (ECE) of each frame in column ``ece``."""
    rows = []
    edges = np.linspace(0, 1, bins + 1)
    for lab in LABELS:
        p = proba[f"p_{lab}"].to_numpy()
        hit = (y.to_numpy() == lab).astype(float)
        which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
        ece = 0.0
        for b in range(bins):
            m = which == b
            if not m.any():
                continue
            conf, obs = float(p[m].mean()), float(hit[m].mean())
            ece += m.mean() * abs(conf - obs)
            rows.append({"frame": lab, "bin": b, "bin_low": round(edges[b], 2), "bin_high": round(edges[b + 1], 2),
                         "n": int(m.sum()), "mean_predicted": round(conf, 4), "observed": round(obs, 4)})
        for r in rows:
            if r["frame"] == lab:
                r["ece"] = round(float(ece), 4)
    return pd.DataFrame(rows)


def _curve_fold(cand: Candidate, feats: pd.DataFrame, y: np.ndarray, articles: np.ndarray, train: np.ndarray,
                test: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, int]:
    tr = train[np.isin(articles[train], keep)]
    pred = cand.estimator().fit(feats.iloc[tr], y[tr]).predict(feats.iloc[test])
    return test, pred, len(keep), len(tr)


def learning_curve(cand: Candidate, feats: pd.DataFrame, coded: pd.DataFrame, scheme: str = "storyline",
                   fractions: tuple[float, ...] = CURVE_FRACTIONS, repeats: int = CURVE_REPEATS,
                   seed: int = CURVE_SEED, jobs: int = 1) -> pd.DataFrame:
    """Would more coded text of the same kind close the gap? Transfer macro-F1 of ``cand`` (``scheme``
    held out, as in :func:`out_of_fold`) when each fold trains on a random ``fraction`` of its training
    *articles* (whole articles, drawn anew for every fold and repeat with a fixed seed; fraction 1 is
    the full comparison, drawn once). If the score still climbs steeply at 1, more coding pays; if it
    flattens, the features, not the amount of data, limit transfer. One row per fraction: the mean,
    lowest and highest pooled macro-F1 over the repeats, mean recall per frame, and the mean number of
    training articles and items per fold."""
    from joblib import Parallel, delayed

    y = coded.frame.to_numpy(dtype=object)
    held = coded[SCHEMES[scheme]].to_numpy()
    articles = coded.article_id.to_numpy().astype(str)
    splits = list(LeaveOneGroupOut().split(feats, y, groups=held))
    rows = []
    for fraction in fractions:
        runs = 1 if fraction >= 1 else repeats
        tasks = []  # repeat by repeat, fold by fold
        for rep in range(runs):
            for k, (tr, te) in enumerate(splits):
                pool = np.unique(articles[tr])
                rng = np.random.default_rng([seed, int(round(fraction * 1000)), rep, k])
                keep = pool if fraction >= 1 else np.sort(rng.choice(pool, max(1, round(fraction * len(pool))),
                                                                    replace=False))
                tasks.append((tr, te, keep))
        results = Parallel(n_jobs=jobs)(delayed(_curve_fold)(cand, feats, y, articles, tr, te, keep)
                                        for tr, te, keep in tasks)
        per_run = []
        for rep in range(runs):
            pred = np.empty(len(y), dtype=object)
            for te, pr, _na, _ni in results[rep * len(splits):(rep + 1) * len(splits)]:
                pred[te] = pr
            per_run.append(scores(coded.frame, pd.Series(pred, index=coded.index)))
        n_articles = [na for _te, _pr, na, _ni in results]
        n_items = [ni for _te, _pr, _na, ni in results]
        f1 = [s["macro_f1"] for s in per_run]
        rows.append({"candidate": cand.name, "scheme": scheme, "fraction": fraction, "repeats": runs,
                     "training_articles": round(float(np.mean(n_articles)), 1),
                     "training_items": round(float(np.mean(n_items)), 1),
                     "macro_f1": round(float(np.mean(f1)), 4), "macro_f1_min": min(f1), "macro_f1_max": max(f1),
                     **{f"recall_{lab}": round(float(np.mean([s[f"recall_{lab}"] for s in per_run])), 4)
                        for lab in LABELS}})
    return pd.DataFrame(rows)

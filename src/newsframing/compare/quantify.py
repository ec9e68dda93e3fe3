"""Outlet frame shares corrected for the classifier's errors (quantification), with cluster-bootstrap
intervals that carry both sampling and classifier uncertainty.

A classifier that misses a third of the opportunity sentences under-reports opportunity by about a
third: counting its labels (*classify and count*, CC) is biased whenever it errs, and averaging its
probabilities (*probabilistic CC*, PCC) is biased whenever it is miscalibrated on the corpus at hand.
The adjusted estimators use the classifier's measured behaviour on hand-coded sentences (Forman 2008;
Bella et al. 2010):

* **ACC** – with ``M[i, j] = P(predicted j | true i)`` from coded sentences, the observed label shares
  are ``q = Mᵀ p``; solve for the true shares ``p``.
* **PACC** – the same with probabilities: ``M[i, j]`` = mean predicted probability of ``j`` over coded
  sentences of class ``i``, ``q`` = mean predicted probabilities of the outlet.

``p`` is the least-squares solution constrained to the probability simplex (exact for three classes:
:func:`adjust`). Hand-written because it is a few lines of linear algebra that must run vectorised
inside the bootstrap; libraries such as QuaPy wrap it in their own classifier and data abstractions.
PACC is the one the report leads with (``net_framing_adjusted``): it uses the calibrated probabilities
and is less variable than ACC when the coded sample is small; all four are written to
``quantification.csv`` so the choice can be checked.

Intervals: each of :data:`N_BOOT` resamples draws an outlet's *articles* with replacement (sentences
of one article are not independent) - or its sentences when it has a single article - and,
independently, the coded sentences by article, re-estimating ``M`` each time; the percentile interval
therefore reflects both which articles were sampled and how well the error rates are known.

What the bootstrap cannot carry is that the classifier errs differently in different outlets: on the
training corpus's held-out outlets (:func:`check_on_outlets`) those intervals contained the hand-coded
value far less often than 95 %. :func:`check_summary` therefore also measures that outlet-to-outlet
error, ``outlet_error_sd`` (τ: the spread of the estimates' errors beyond the bootstrap's own variance,
method of moments), and :func:`widen` adds it to an interval (``half-width² + (z τ)²`` on each side).
Whether the widened intervals are honest is checked the same way, leaving each outlet out of the
estimate of τ that its own interval uses (``calibrated_coverage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from newsframing.measure.frames import LABELS
from newsframing.resampling import resample_stats, resample_weights

N_BOOT = 1000
SEED = 20240316
LEVEL = 0.95
METHODS = ("cc", "pcc", "acc", "pacc")
LEAD = "pacc"
P_COLS = [f"p_{lab}" for lab in LABELS]
Z = NormalDist().inv_cdf((1 + LEVEL) / 2)


def adjust(q: np.ndarray, M: np.ndarray) -> np.ndarray:
    """Shares ``p`` (on the simplex) minimising ``|Mᵀ p − q|²``; ``q`` may be (3,) or (n, 3).

    Parametrise p = (a, b, 1 − a − b): an unconstrained 2-variable least-squares problem. If its
    solution leaves the simplex, the constrained optimum lies on an edge; each edge is a 1-variable
    problem solved in closed form and clipped, and the best edge wins."""
    q = np.atleast_2d(np.asarray(q, float))
    A = M.T  # A @ p = q
    c0 = A[:, 2]  # p = e3 + a (e1 - e3) + b (e2 - e3)
    B = np.stack([A[:, 0] - c0, A[:, 1] - c0], axis=1)
    r = q - c0
    sol, *_ = np.linalg.lstsq(B, r.T, rcond=None)
    a, b = sol
    inside = (a >= 0) & (b >= 0) & (a + b <= 1)
    p = np.stack([a, b, 1 - a - b], axis=1)
    if inside.all():
        return p if q.shape[0] > 1 else p[0]
    vertices = np.eye(3)
    best = np.full(q.shape[0], np.inf)
    out = p.copy()
    for i, j in ((0, 1), (0, 2), (1, 2)):  # edge from vertex i to vertex j: p = v_i + t (v_j - v_i)
        u, d = A @ vertices[i], A @ (vertices[j] - vertices[i])
        dd = float(d @ d)
        t = np.clip(((q - u) @ d) / dd if dd > 0 else np.zeros(q.shape[0]), 0, 1)
        cand = vertices[i] + t[:, None] * (vertices[j] - vertices[i])
        err = (((cand @ A.T) - q) ** 2).sum(1)
        better = (~inside) & (err < best)
        out[better], best[better] = cand[better], err[better]
    return out if q.shape[0] > 1 else out[0]


def error_rates(codes: np.ndarray, pred: np.ndarray, proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(M_hard, M_soft): rows true class, columns predicted (counts normalised per row; a class
    absent from the codes gets the identity row, i.e. no correction for it)."""
    Mh, Ms = np.eye(3), np.eye(3)
    for i, lab in enumerate(LABELS):
        m = codes == lab
        if m.any():
            Mh[i] = [(pred[m] == other).mean() for other in LABELS]
            Ms[i] = proba[m].mean(0)
    return Mh, Ms


@dataclass
class Validation:
    """Coded sentences with the classifier's predictions on them (never trained on them): where the
    error rates come from. ``source`` says which coded set it is, for the report."""

    codes: np.ndarray
    pred: np.ndarray
    proba: np.ndarray
    articles: np.ndarray
    source: str

    @classmethod
    def from_frame(cls, df: pd.DataFrame, source: str, code_col: str = "code", pred_col: str = "pred") -> "Validation":
        return cls(df[code_col].to_numpy(object), df[pred_col].to_numpy(object), df[P_COLS].to_numpy(float),
                   df["article_id"].to_numpy(object), source)


def _estimates(pred: np.ndarray, proba: np.ndarray, Mh: np.ndarray, Ms: np.ndarray) -> dict[str, np.ndarray]:
    cc = np.array([(pred == lab).mean() for lab in LABELS])
    pcc = proba.mean(0)
    return {"cc": cc, "pcc": pcc, "acc": adjust(cc, Mh), "pacc": adjust(pcc, Ms)}


def _clusters(groups: np.ndarray) -> tuple[np.ndarray, int]:
    uniq, inv = np.unique(groups.astype(str), return_inverse=True)
    return inv, len(uniq)


def _rows_to_rates(hard: np.ndarray, soft: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    Mh, Ms = np.eye(3), np.eye(3)
    ok = n > 0
    Mh[ok] = hard[ok] / n[ok, None]
    Ms[ok] = soft[ok] / n[ok, None]
    return Mh, Ms


def quantify(frames: pd.DataFrame, val: Validation, by: str = "outlet", n_boot: int = N_BOOT,
             seed: int = SEED) -> pd.DataFrame:
    """Per group (outlet) and method: shares, net framing and its interval. ``frames`` needs
    ``article_id``, ``frame`` (the classifier's label) and the ``p_*`` columns; unclassified rows are
    left out. The bootstrap works on per-article sums, so it costs the same for a million sentences as
    for a thousand in the same number of articles."""
    frames = frames[frames.frame.isin(LABELS)]
    Mh, Ms = error_rates(val.codes, val.pred, val.proba)
    # per coded article: counts[true, pred], summed probabilities[true, :], sentences per true class
    vinv, vk = _clusters(val.articles)
    t = np.array([LABELS.index(c) for c in val.codes])
    pj = np.array([LABELS.index(c) for c in val.pred])
    hard = np.zeros((vk, 3, 3))
    np.add.at(hard, (vinv, t, pj), 1.0)
    soft = np.zeros((vk, 3, 3))
    np.add.at(soft, (vinv, t), val.proba)
    ntrue = hard.sum(2)
    rows = []
    for k, (key, g) in enumerate(frames.groupby(by, sort=True)):
        rng = np.random.default_rng([seed, k])
        pred, proba, arts = g.frame.to_numpy(object), g[P_COLS].to_numpy(float), g.article_id.to_numpy(object)
        point = _estimates(pred, proba, Mh, Ms)
        basis = "articles" if len(set(arts)) >= 2 else "sentences (one article)"
        ginv, gk = _clusters(arts if basis == "articles" else np.arange(len(arts)))
        onehot = (pred[:, None] == np.array(LABELS, dtype=object)[None, :]).astype(float)
        g_cc = np.zeros((gk, 3)); np.add.at(g_cc, ginv, onehot)  # noqa: E702
        g_p = np.zeros((gk, 3)); np.add.at(g_p, ginv, proba)  # noqa: E702
        g_n = np.bincount(ginv, minlength=gk).astype(float)
        # the outlet's articles first (block by block: memory block x articles), then the coded articles
        q = resample_stats(rng, gk, n_boot, lambda w: np.hstack([w @ g_cc, w @ g_p]) / (w @ g_n)[:, None])
        q_cc, q_p = q[:, :3], q[:, 3:]
        wv = np.concatenate(list(resample_weights(rng, vk, n_boot)))
        boot = {m: np.empty((n_boot, 3)) for m in METHODS}
        boot["cc"], boot["pcc"] = q_cc, q_p
        for b in range(n_boot):
            mh, ms = _rows_to_rates(np.tensordot(wv[b], hard, 1), np.tensordot(wv[b], soft, 1), wv[b] @ ntrue)
            boot["acc"][b] = adjust(q_cc[b], mh)
            boot["pacc"][b] = adjust(q_p[b], ms)
        lo_q, hi_q = 100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2
        for m in METHODS:
            net_b = boot[m][:, 0] - boot[m][:, 1]
            lo, hi = np.percentile(net_b, [lo_q, hi_q])
            rows.append({by: key, "method": m, "n_sentences": len(g), "n_articles": len(set(arts)),
                         **{f"share_{lab}": round(float(point[m][i]), 4) for i, lab in enumerate(LABELS)},
                         "net_framing": round(float(point[m][0] - point[m][1]), 4),
                         "ci_low": round(float(lo), 4), "ci_high": round(float(hi), 4),
                         "interval_basis": basis, "error_rates_from": val.source})
    return pd.DataFrame(rows)


def check_on_outlets(preds: pd.DataFrame, min_items: int = 20) -> pd.DataFrame:
    """How well each estimator recovers an outlet's hand-coded net framing on text the classifier never
    saw: ``preds`` are out-of-fold predictions (storyline held out) on the coded training corpus; each
    outlet's shares are estimated with error rates measured on the *other* outlets only, by
    :func:`quantify` itself, so the intervals are the ones the report would print: ``{method}_ci_low``,
    ``{method}_ci_high`` say whether they contain the hand codes' value."""
    rows = []
    for outlet, g in preds.groupby("outlet", sort=True):
        if len(g) < min_items:
            continue
        rest = preds[preds.outlet != outlet]
        q = quantify(g.rename(columns={"pred": "frame"}), Validation.from_frame(rest, "other outlets")).set_index("method")
        coded = np.array([(g.code == lab).mean() for lab in LABELS])
        rows.append({"outlet": outlet, "n_items": len(g), "n_articles": g.article_id.nunique(),
                     "net_coded": round(float(coded[0] - coded[1]), 4),
                     **{f"net_{m}": q.loc[m, "net_framing"] for m in METHODS},
                     **{f"{m}_ci_{end}": q.loc[m, f"ci_{end}"] for m in METHODS for end in ("low", "high")}})
    return pd.DataFrame(rows)


def outlet_error_sd(err: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    """τ: how far an estimate misses an outlet's hand-coded value beyond what its bootstrap interval
    allows for: √max(0, mean(error²) − mean(se²)), with se = interval width / 2z (method of moments;
    the bias, if any, counts as error). Strictly the variance of the estimate's difference from the hand
    codes, which come from the same sentences, is the term to subtract; the interval's own is simpler
    and what :func:`check_on_outlets` records."""
    se = (np.asarray(high, float) - np.asarray(low, float)) / (2 * Z)
    return float(np.sqrt(max(0.0, float(np.mean(np.square(err))) - float(np.mean(se ** 2)))))


def widen(point, low, high, tau: float) -> tuple[np.ndarray, np.ndarray]:
    """The interval with the outlet-to-outlet error ``tau`` added on each side (in quadrature), kept in
    [-1, 1]. NaN where ``tau`` is NaN (not measured)."""
    point, low, high = (np.asarray(v, float) for v in (point, low, high))
    extra = (Z * tau) ** 2
    lo = point - np.sqrt((point - low) ** 2 + extra)
    hi = point + np.sqrt((high - point) ** 2 + extra)
    return np.clip(lo, -1.0, 1.0), np.clip(hi, -1.0, 1.0)


def _calibrated(check: pd.DataFrame, m: str) -> tuple[float, float, float]:
    """(τ from every outlet, leave-one-outlet-out coverage and mean width of the widened intervals)."""
    err = (check[f"net_{m}"] - check.net_coded).to_numpy()
    lo, hi = check[f"{m}_ci_low"].to_numpy(), check[f"{m}_ci_high"].to_numpy()
    hit, width = [], []
    for i in range(len(check)):
        rest = np.arange(len(check)) != i
        a, b = widen(check[f"net_{m}"].iloc[i], lo[i], hi[i], outlet_error_sd(err[rest], lo[rest], hi[rest]))
        hit.append(a <= check.net_coded.iloc[i] <= b)
        width.append(b - a)
    return outlet_error_sd(err, lo, hi), float(np.mean(hit)), float(np.mean(width))


def check_summary(check: pd.DataFrame) -> pd.DataFrame:
    """Per estimator: mean and largest absolute error against the coded net framing, share of outlets
    within 0.10, on the right side of zero, Spearman correlation of the outlets' order, how often the
    95 % interval contains the coded value (``interval_coverage``; an honest interval would for about
    95 % of outlets) with its mean width, and the outlet-to-outlet error τ (``outlet_error_sd``) with
    the coverage and width of the intervals :func:`widen` makes with it, τ estimated without the outlet
    (``calibrated_coverage``, ``mean_calibrated_width``)."""
    from scipy.stats import spearmanr

    rows = []
    for m in METHODS:
        tau, cal_cov, cal_width = _calibrated(check, m)
        err = (check[f"net_{m}"] - check.net_coded).abs()
        sign = np.sign(check[f"net_{m}"].round(2)) == np.sign(check.net_coded.round(2))
        rows.append({"method": m, "outlets": len(check), "mean_abs_error": round(float(err.mean()), 4),
                     "max_abs_error": round(float(err.max()), 4), "within_0.10": round(float((err <= 0.10).mean()), 4),
                     "same_sign": round(float(sign.mean()), 4),
                     "spearman_order": round(float(spearmanr(check[f"net_{m}"], check.net_coded).statistic), 4),
                     "interval_coverage": round(float(((check[f"{m}_ci_low"] <= check.net_coded)
                                                       & (check.net_coded <= check[f"{m}_ci_high"])).mean()), 4),
                     "mean_interval_width": round(float((check[f"{m}_ci_high"] - check[f"{m}_ci_low"]).mean()), 4),
                     "outlet_error_sd": round(tau, 4), "calibrated_coverage": round(cal_cov, 4),
                     "mean_calibrated_width": round(cal_width, 4)})
    return pd.DataFrame(rows)

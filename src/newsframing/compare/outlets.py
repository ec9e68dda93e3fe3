"""Outlet comparison with honest uncertainty: percentile cluster bootstrap (fixed seed).

Sentences of one article are not independent, so a group (outlet, voice…) with two or more articles
is resampled by article; a group with a single article can only be resampled by sentence, which
ignores article-to-article variation - the ``interval_basis`` column says which was done. These are
the raw shares of the classifier's labels; :mod:`newsframing.compare.quantify` corrects them for the
classifier's errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from newsframing.resampling import percentile_interval, resample_stats

N_BOOT = 2000
SEED = 20240316
LEVEL = 0.95


ESTIMATES = ("raw", "adjusted")  # outlet_framing.csv: label shares, and shares corrected for classifier error


def estimate_columns(estimate: str, calibrated: bool = False) -> tuple[str, str, str]:
    """``outlet_framing.csv``'s (net framing, interval low, interval high) columns of one estimate:
    ``"raw"`` label shares or ``"adjusted"`` (corrected) ones; ``calibrated`` names the interval widened
    by the outlet-to-outlet error rather than the bootstrap's. The one place the names are spelled out."""
    if estimate not in ESTIMATES:
        raise ValueError(f"estimate must be one of {ESTIMATES}, not {estimate!r}")
    prefix = "" if estimate == "raw" else "adjusted_"
    ci = f"{prefix}calibrated_ci" if calibrated else f"{prefix}ci"
    return ("net_framing" if estimate == "raw" else "net_framing_adjusted", f"{ci}_low", f"{ci}_high")


def _boot(values: np.ndarray, rng: np.random.Generator, n_boot: int,
          clusters: np.ndarray | None = None) -> tuple[float, float]:
    """Percentile interval of the mean of ``values``, resampling clusters (articles) or, without
    clusters, single values. Works on per-cluster sums, so its cost grows with the number of clusters,
    not of sentences."""
    if len(values) == 0:
        return float("nan"), float("nan")
    if clusters is None:
        clusters = np.arange(len(values))
    uniq, inv = np.unique(clusters, return_inverse=True)
    k = len(uniq)
    sums, counts = np.bincount(inv, weights=values, minlength=k), np.bincount(inv, minlength=k)
    stats = resample_stats(rng, k, n_boot, lambda w: (w @ sums) / (w @ counts))
    return percentile_interval(stats, LEVEL)


def _net_values(frames: np.ndarray) -> np.ndarray:
    """+1 opportunity, -1 threat, 0 neutral: net framing is the mean of these."""
    return (frames == "opportunity").astype(float) - (frames == "threat").astype(float)


def group_framing(df: pd.DataFrame, by: list[str], n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """Per group: n, frame shares, net framing with bootstrap CI, VADER and AFINN means with CIs.

    Each group gets its own generator seeded from ``seed`` and the group's position in sorted order,
    so adding a group does not change the others' intervals."""
    rows = []
    for k, (key, g) in enumerate(df.groupby(by, sort=True)):
        key = key if isinstance(key, tuple) else (key,)
        rng = np.random.default_rng([seed, k])
        g = g[g.frame != "unclassified"]
        frames = g.frame.to_numpy()
        arts = g.article_id.to_numpy() if "article_id" in g else np.zeros(len(g))
        clusters = arts if len(set(arts)) >= 2 else None
        row = dict(zip(by, key))
        row["n_sentences"] = len(g)
        row["share_opportunity"] = round(float(np.mean(frames == "opportunity")), 4)
        row["share_threat"] = round(float(np.mean(frames == "threat")), 4)
        row["share_neutral"] = round(float(np.mean(frames == "neutral")), 4)
        row["net_framing"] = round(float(_net_values(frames).mean()), 4) if len(frames) else float("nan")
        row["ci_low"], row["ci_high"] = _boot(_net_values(frames), rng, n_boot, clusters)
        for col, name in (("vader_compound", "vader"), ("afinn_norm", "afinn")):
            vals = g[col].to_numpy(float)
            row[f"{name}_mean"] = round(float(vals.mean()), 4)
            row[f"{name}_ci_low"], row[f"{name}_ci_high"] = _boot(vals, rng, n_boot, clusters)
        row["interval_basis"] = "articles" if clusters is not None else "sentences (one article)"
        rows.append(row)
    return pd.DataFrame(rows)

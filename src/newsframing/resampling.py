"""Cluster-bootstrap resamples, shared by every interval in the package (outlet shares, corrected
estimates, macro-F1).

Sentences of one article are not independent, so intervals resample whole clusters (articles) with
replacement. A resample is summarised by how often each cluster is drawn (its weights); a statistic of
per-cluster sums is then ``weights @ sums``, whose cost grows with the number of clusters, not of
sentences. Weights are made :data:`BLOCK` resamples at a time, so memory is block x clusters rather
than resamples x clusters (2,000 x 33,000 articles of a million-sentence corpus would need GBs). numpy's
generator yields the same draws whatever the block size, so results do not depend on it (tested).
Hand-written because the statistics here are matrix products over cluster sums, which scipy.stats.
bootstrap (per-observation resampling, no clusters) does not do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

BLOCK = 100


def resample_weights(rng: np.random.Generator, k: int, n_boot: int) -> Iterator[np.ndarray]:
    """Blocks (rows: resamples, columns: ``k`` clusters) of how often each cluster is drawn."""
    for start in range(0, n_boot, BLOCK):
        b = min(BLOCK, n_boot - start)
        picks = rng.integers(0, k, size=(b, k))
        # one bincount over the block (row r's draws offset by r*k) instead of one per resample
        yield np.bincount((picks + k * np.arange(b)[:, None]).ravel(), minlength=b * k).reshape(b, k).astype(float)


def resample_stats(rng: np.random.Generator, k: int, n_boot: int, stat: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``stat(weights)`` of every resample, stacked (``stat`` maps a block of weights to one row or value
    per resample)."""
    return np.concatenate([stat(w) for w in resample_weights(rng, k, n_boot)])


def percentile_interval(stats: np.ndarray, level: float) -> tuple[float, float]:
    """The central ``level`` percentile interval, rounded to 4 places as every table has it."""
    lo, hi = np.percentile(stats, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return round(float(lo), 4), round(float(hi), 4)

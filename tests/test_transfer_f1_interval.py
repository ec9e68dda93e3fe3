"""The validation table's macro-F1 interval: its per-resample F1 is scikit-learn's macro-F1."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from newsframing.measure.frames import LABELS
from newsframing.measure.transfer import _macro_f1, macro_f1_interval


@pytest.mark.parametrize("seed", range(5))
def test_macro_f1_from_counts_is_sklearns(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 80))
    y = rng.choice(LABELS[: int(rng.integers(1, 4))], n)  # some draws lack a class entirely
    p = np.where(rng.random(n) < 0.6, y, rng.choice(LABELS, n))
    yi, pi = (np.array([LABELS.index(v) for v in a]) for a in (y, p))
    tp = np.bincount(yi[yi == pi], minlength=3).astype(float)
    got = _macro_f1(tp, np.bincount(yi, minlength=3).astype(float), np.bincount(pi, minlength=3).astype(float))
    assert got == pytest.approx(f1_score(y, p, labels=LABELS, average="macro", zero_division=0))


def test_interval_brackets_the_estimate_and_shrinks_with_more_data():
    rng = np.random.default_rng(0)

    def draw(n):
        y = rng.choice(LABELS, n)
        return y, np.where(rng.random(n) < 0.7, y, rng.choice(LABELS, n)), rng.integers(0, n // 5, n)

    y, p, a = draw(60)
    lo, hi = macro_f1_interval(y, p, a)
    point = f1_score(y, p, labels=LABELS, average="macro", zero_division=0)
    assert lo < point < hi
    y2, p2, a2 = draw(3000)
    lo2, hi2 = macro_f1_interval(y2, p2, a2)
    assert hi2 - lo2 < (hi - lo) / 3
    assert macro_f1_interval(y, y, a) == (1.0, 1.0)

"""The self-training trial's choice of pseudo-labels (experiments/model_trials.py)."""

import sys

import numpy as np

from newsframing import paths

sys.path.insert(0, str(paths.ROOT / "experiments"))
from model_trials import canonical_order, pseudo_labels  # noqa: E402


def test_pseudo_labels_take_the_surest_of_each_frame_up_to_its_share():
    classes = np.array(["threat", "neutral", "opportunity"], dtype=object)  # not the sorted order
    prob = np.array([
        [0.90, 0.05, 0.05],  # 0 threat, surest
        [0.60, 0.30, 0.10],  # 1 threat
        [0.10, 0.80, 0.10],  # 2 neutral
        [0.20, 0.70, 0.10],  # 3 neutral
        [0.30, 0.60, 0.10],  # 4 neutral, least sure
        [0.10, 0.20, 0.70],  # 5 opportunity
    ])
    y_train = np.array(["neutral"] * 6 + ["threat"] * 3 + ["opportunity"] * 1, dtype=object)
    rows, labels = pseudo_labels(prob, classes, y_train, k=4)
    # quotas: neutral round(2.4) = 2, opportunity round(0.4) = 0, threat round(1.2) = 1
    assert list(rows) == [2, 3, 0] and list(labels) == ["neutral", "neutral", "threat"]


def test_pseudo_labels_never_give_a_frame_the_model_did_not_predict():
    classes = np.array(["neutral", "opportunity", "threat"], dtype=object)
    prob = np.array([[0.8, 0.1, 0.1], [0.7, 0.2, 0.1], [0.6, 0.3, 0.1]])  # all neutral
    y_train = np.array(["neutral", "opportunity", "threat"] * 4, dtype=object)
    rows, labels = pseudo_labels(prob, classes, y_train, k=9)  # quota 3 each
    assert list(rows) == [0, 1, 2] and set(labels) == {"neutral"}  # the other quotas stay unfilled


def test_canonical_order_puts_rerun_trials_back_in_place():
    import pandas as pd

    df = pd.DataFrame({"trial": ["report model", "self-training, quota 600 of 10", "adaptation ×0", "neighbours",
                                 "categories"], "scheme": ["storyline"] * 5})
    assert canonical_order(df).trial.tolist() == ["report model", "categories", "neighbours", "adaptation ×0",
                                                  "self-training, quota 600 of 10"]


def test_change_intervals_pair_each_trial_with_its_reference_on_the_same_items():
    import pandas as pd

    from model_trials import change_intervals

    coded = pd.DataFrame({"frame": ["threat", "neutral", "opportunity", "neutral"] * 5,
                          "article_id": np.repeat(np.arange(10), 2)})
    y = coded.frame.to_numpy(dtype=object)
    worse = y.copy()
    worse[:3] = "neutral"  # three errors in the first two articles
    df = pd.DataFrame([
        {"trial": "report model", "scheme": "storyline", "items": np.arange(20), "pred": y},
        {"trial": "worse", "scheme": "storyline", "items": np.arange(20), "pred": worse},
        {"trial": "adaptation ×0", "scheme": "storyline (other half)", "items": np.arange(10, 20), "pred": worse[10:]},
        {"trial": "adaptation ×1", "scheme": "storyline (other half)", "items": np.arange(10, 20), "pred": y[10:]},
    ])
    (r0, r1), (w0, w1), (a0, a1), (b0, b1) = change_intervals(df, coded)
    assert (r0, r1) == (0.0, 0.0) and (a0, a1) == (0.0, 0.0)  # a model against itself: no change at all
    assert w0 < 0 and w1 == 0.0  # worse on some resamples, never better
    assert (b0, b1) == (0.0, 0.0)  # worse[10:] has no error: against adaptation ×0 on the same items, no change

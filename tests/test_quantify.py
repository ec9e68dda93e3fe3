"""Error-corrected outlet shares: the adjustment inverts known error rates, and the bootstrap covers."""

import numpy as np
import pandas as pd
import pytest

from newsframing.compare.quantify import LABELS, Validation, adjust, error_rates, quantify

M = np.array([[0.6, 0.1, 0.3], [0.05, 0.7, 0.25], [0.1, 0.15, 0.75]])


@pytest.mark.parametrize("p", [[0.2, 0.3, 0.5], [0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.45, 0.45, 0.1]])
def test_adjust_recovers_true_shares_from_exact_observations(p):
    p = np.array(p)
    assert np.allclose(adjust(M.T @ p, M), p, atol=1e-9)


def test_adjust_stays_on_the_simplex():
    q = np.array([[0.95, 0.05, 0.0], [0.0, 0.0, 1.0], [0.2, 0.2, 0.6]])
    out = adjust(q, M)
    assert (out >= -1e-12).all() and np.allclose(out.sum(1), 1)


def _simulate(rng, n, p, n_articles):
    true = rng.choice(3, size=n, p=p)
    pred = np.array([rng.choice(3, p=M[t]) for t in true])
    proba = np.full((n, 3), 0.1)
    proba[np.arange(n), pred] = 0.8
    return true, pred, proba, rng.integers(0, n_articles, n).astype(str)


def test_corrected_estimate_is_closer_to_the_truth_than_counting():
    rng = np.random.default_rng(1)
    L = np.array(LABELS, dtype=object)
    t, pr, pb, a = _simulate(rng, 800, [0.3, 0.3, 0.4], 80)
    val = Validation(L[t], L[pr], pb, a, "simulated")
    rows, truth = [], {}
    for outlet, p in (("A", [0.5, 0.2, 0.3]), ("B", [0.1, 0.5, 0.4])):
        t, pr, pb, a = _simulate(rng, 3000, p, 100)
        truth[outlet] = p[0] - p[1]
        rows.append(pd.DataFrame({"outlet": outlet, "article_id": [outlet + x for x in a], "frame": L[pr],
                                  "p_opportunity": pb[:, 0], "p_threat": pb[:, 1], "p_neutral": pb[:, 2]}))
    q = quantify(pd.concat(rows), val, n_boot=300).set_index(["outlet", "method"])
    for outlet, net in truth.items():
        acc, cc = q.loc[(outlet, "acc")], q.loc[(outlet, "cc")]
        assert abs(acc.net_framing - net) < abs(cc.net_framing - net)
        assert acc.ci_low <= net <= acc.ci_high, "the interval covers the true net framing"
        assert cc.ci_high - cc.ci_low < acc.ci_high - acc.ci_low, "correction costs precision"


def test_error_rates_rows_are_distributions():
    L = np.array(LABELS, dtype=object)
    codes = L[[0, 0, 1, 2, 2]]
    pred = L[[0, 1, 1, 2, 0]]
    proba = np.eye(3)[[0, 1, 1, 2, 0]]
    Mh, Ms = error_rates(codes, pred, proba)
    assert np.allclose(Mh.sum(1), 1) and np.allclose(Mh, Ms)
    assert Mh[0, 0] == 0.5 and Mh[2, 0] == 0.5


def test_single_article_outlets_are_resampled_by_sentence():
    L = np.array(LABELS, dtype=object)
    val = Validation(L[[0, 1, 2] * 10], L[[0, 1, 2] * 10], np.tile(np.eye(3), (10, 1)), np.arange(30).astype(str), "x")
    f = pd.DataFrame({"outlet": "A", "article_id": "a1", "frame": L[[0, 1, 2, 2]],
                      "p_opportunity": [.8, .1, .1, .1], "p_threat": [.1, .8, .1, .1], "p_neutral": [.1, .1, .8, .8]})
    q = quantify(f, val, n_boot=50)
    assert set(q.interval_basis) == {"sentences (one article)"}


def test_committed_quantification_check_is_recomputed_from_the_held_out_predictions():
    """The check's tables are what check_on_outlets / check_summary compute from the committed
    out-of-fold predictions (not typed in), and coverage counts the intervals that contain the codes."""
    from newsframing import paths
    from newsframing.compare.quantify import METHODS, check_on_outlets, check_summary

    V = paths.VALIDATION
    preds = pd.read_csv(V / "transfer_predictions.csv", keep_default_na=False).rename(columns={"pred_storyline": "pred"})
    check = check_on_outlets(preds)
    committed = pd.read_csv(V / "quantification_check.csv", keep_default_na=False)
    pd.testing.assert_frame_equal(check, committed, check_dtype=False)
    summary = check_summary(check).set_index("method")
    pd.testing.assert_frame_equal(summary.reset_index(), pd.read_csv(V / "quantification_check_summary.csv"),
                                  check_dtype=False)
    for m in METHODS:
        inside = (check[f"{m}_ci_low"] <= check.net_coded) & (check.net_coded <= check[f"{m}_ci_high"])
        assert summary.loc[m, "interval_coverage"] == round(float(inside.mean()), 4)

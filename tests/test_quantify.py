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


def test_outlet_error_sd_is_the_error_beyond_the_bootstrap():
    """τ² = mean error² − mean se² (se from the interval's width), floored at zero."""
    from newsframing.compare.quantify import Z, outlet_error_sd

    err = np.array([0.3, -0.3, 0.3, -0.3])
    lo, hi = np.full(4, -0.1 * Z), np.full(4, 0.1 * Z)  # se = 0.1
    assert outlet_error_sd(err, lo, hi) == pytest.approx(np.sqrt(0.09 - 0.01))
    assert outlet_error_sd(np.zeros(4), lo, hi) == 0.0  # the bootstrap already allows for more


def test_widen_adds_the_outlet_error_in_quadrature_and_stays_in_range():
    from newsframing.compare.quantify import Z, widen

    lo, hi = widen(np.array([0.0, 0.9]), np.array([-0.3, 0.8]), np.array([0.4, 0.95]), 0.4 / Z)
    assert lo[0] == pytest.approx(-0.5) and hi[0] == pytest.approx(np.sqrt(0.16 + 0.16))
    assert hi[1] == 1.0 and lo[1] < 0.8
    lo, hi = widen(np.array([0.1]), np.array([0.0]), np.array([0.2]), 0.0)
    assert (lo[0], hi[0]) == pytest.approx((0.0, 0.2))  # nothing to add: unchanged
    assert np.isnan(widen(np.array([0.1]), np.array([0.0]), np.array([0.2]), float("nan"))[0][0])


def test_calibrated_coverage_leaves_each_outlet_out_of_its_own_tau():
    """On outlets whose estimates all miss by the same amount, τ from the others covers each one; with
    one outlet far off, the others' τ does not cover it (it cannot widen its own interval)."""
    from newsframing.compare.quantify import check_summary

    n = 10
    base = {"outlet": [f"o{i}" for i in range(n)], "n_items": 50, "n_articles": 5, "net_coded": 0.0}
    miss = np.array([0.2, -0.2] * (n // 2))
    cols = {}
    for m in ("cc", "pcc", "acc", "pacc"):
        cols[f"net_{m}"] = miss
        cols[f"{m}_ci_low"], cols[f"{m}_ci_high"] = miss - 0.05, miss + 0.05
    summary = check_summary(pd.DataFrame({**base, **cols})).set_index("method")
    assert summary.loc["cc", "interval_coverage"] == 0.0
    assert summary.loc["cc", "calibrated_coverage"] == 1.0
    cols["net_cc"] = np.r_[miss[:-1], 0.9]
    cols["cc_ci_low"], cols["cc_ci_high"] = cols["net_cc"] - 0.05, cols["net_cc"] + 0.05
    summary = check_summary(pd.DataFrame({**base, **cols})).set_index("method")
    assert summary.loc["cc", "calibrated_coverage"] == pytest.approx(0.9)


def test_seed_outlet_table_widens_its_intervals_by_the_measured_outlet_error():
    """outlet_framing.csv's calibrated intervals are its bootstrap intervals widened by the τ that the
    committed check measured (raw shares by CC's, corrected ones by PACC's); without a check they stay empty."""
    from newsframing import paths
    from newsframing.analyze import add_calibrated_intervals, outlet_error_sds
    from newsframing.compare.quantify import widen

    o = pd.read_csv(paths.PROCESSED / "outlet_framing.csv")
    taus = outlet_error_sds()
    assert set(taus) == {"cc", "pcc", "acc", "pacc"} and taus["cc"] > 0
    lo, hi = widen(o.net_framing, o.ci_low, o.ci_high, taus["cc"])
    assert np.allclose(o.calibrated_ci_low, lo, atol=6e-5) and np.allclose(o.calibrated_ci_high, hi, atol=6e-5)
    lo, hi = widen(o.net_framing_adjusted, o.adjusted_ci_low, o.adjusted_ci_high, taus["pacc"])
    assert np.allclose(o.adjusted_calibrated_ci_low, lo, atol=6e-5)
    assert (o.calibrated_ci_low <= o.ci_low).all() and (o.calibrated_ci_high >= o.ci_high).all()
    empty = add_calibrated_intervals(o, {})
    assert empty.calibrated_ci_low.isna().all() and empty.adjusted_calibrated_ci_high.isna().all()


def test_outlet_error_sds_reads_nothing_from_an_older_summary(tmp_path):
    from newsframing.analyze import outlet_error_sds

    old = tmp_path / "summary.csv"
    pd.DataFrame({"method": ["cc"], "mean_abs_error": [0.1]}).to_csv(old, index=False)
    assert outlet_error_sds(old) == {} and outlet_error_sds(tmp_path / "missing.csv") == {}


def test_findings_quote_the_calibrated_intervals_and_their_measured_coverage():
    from newsframing.render.findings import Findings, load_tables

    t = load_tables()
    f = Findings(t)
    assert f.calibrated
    o = t["outlet_framing"].sort_values(["net_framing", "outlet"])
    lo = o.iloc[0]
    text = f.framing()
    assert f"{lo.net_framing:+.2f} (95 % CI {lo.calibrated_ci_low:+.2f} to {lo.calibrated_ci_high:+.2f})" in text
    q = t["quantification_check_summary"].set_index("method")
    adj = f.adjustment()
    assert "the outlet intervals this report quotes add that error" in adj
    assert f"{q.loc['cc', 'calibrated_coverage']:.0%} (raw)" in adj and "too narrow" not in adj
    t["outlet_framing"] = t["outlet_framing"].drop(columns=["calibrated_ci_low", "calibrated_ci_high"])
    assert not Findings(t).calibrated
    assert f"{lo.net_framing:+.2f} (95 % CI {lo.ci_low:+.2f} to {lo.ci_high:+.2f})" in Findings(t).framing()

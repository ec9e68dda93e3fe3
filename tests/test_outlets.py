import numpy as np
import pandas as pd
import pytest

from newsframing.compare.outlets import N_BOOT, group_framing


def frame_df(frames_a, frames_b):
    n = len(frames_a) + len(frames_b)
    return pd.DataFrame({"outlet": ["A"] * len(frames_a) + ["B"] * len(frames_b), "frame": frames_a + frames_b,
                         "vader_compound": np.linspace(-1, 1, n), "afinn_norm": np.linspace(-0.5, 0.5, n)})


def test_shares_net_and_interval():
    df = frame_df(["threat"] * 6 + ["opportunity"] * 2 + ["neutral"] * 2, ["opportunity"] * 3)
    out = group_framing(df, ["outlet"]).set_index("outlet")
    a = out.loc["A"]
    assert (a.n_sentences, a.share_threat, a.share_opportunity, a.net_framing) == (10, 0.6, 0.2, -0.4)
    assert a.ci_low <= a.net_framing <= a.ci_high and a.ci_low < a.ci_high
    assert out.loc["B", "ci_low"] == out.loc["B", "ci_high"] == 1.0  # no variation, no width
    assert N_BOOT >= 2000


def test_bootstrap_is_deterministic_and_shrinks_with_more_data():
    small = frame_df(["threat", "opportunity"] * 5, ["neutral"])
    big = frame_df(["threat", "opportunity"] * 100, ["neutral"])
    r1, r2 = group_framing(small, ["outlet"]), group_framing(small, ["outlet"])
    pd.testing.assert_frame_equal(r1, r2)
    w_small = r1.ci_high[0] - r1.ci_low[0]
    rb = group_framing(big, ["outlet"])
    assert rb.ci_high[0] - rb.ci_low[0] < w_small / 2


def test_bootstrap_in_blocks_gives_the_intervals_of_one_block(monkeypatch):
    """Memory is bounded by drawing resamples in blocks; the draws and intervals are those of one block."""
    import numpy as np

    from newsframing import resampling
    from newsframing.compare import outlets

    rng = np.random.default_rng(7)
    values = rng.normal(size=5003)
    clusters = rng.integers(0, 977, size=5003)
    got = {}
    for block in (1, 7, 100, 2000, 5000):
        monkeypatch.setattr(resampling, "BLOCK", block)
        got[block] = outlets._boot(values, np.random.default_rng([3, 1]), 2000, clusters)
    assert len(set(got.values())) == 1, got


def test_estimate_columns_name_the_outlet_tables_columns():
    from newsframing import paths
    from newsframing.compare.outlets import estimate_columns

    o = pd.read_csv(paths.PROCESSED / "outlet_framing.csv")
    for est in ("raw", "adjusted"):
        for cal in (False, True):
            assert set(estimate_columns(est, cal)) <= set(o.columns)
    assert estimate_columns("raw") == ("net_framing", "ci_low", "ci_high")
    assert estimate_columns("adjusted", True)[1] == "adjusted_calibrated_ci_low"
    with pytest.raises(ValueError, match="estimate must be"):
        estimate_columns("pacc")

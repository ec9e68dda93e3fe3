"""Each trained model's outlet estimates are corrected with its own error rates, never the other model's."""

import os
import subprocess
import sys

import pandas as pd
import pytest

from conftest import run_cli
from newsframing import paths
from newsframing.analyze import add_calibrated_intervals, outlet_error_sds, transfer_validation
from newsframing.compare.quantify import quantify
from newsframing.measure.frames import ENCODER_MODEL_FILE, MODEL_FILE
from newsframing.measure.training import error_rate_tables
from newsframing.measure.transfer import scores

V = paths.VALIDATION


def test_each_model_has_its_own_tables():
    fast, enc = error_rate_tables(MODEL_FILE), error_rate_tables(ENCODER_MODEL_FILE)
    assert fast["transfer_predictions"].name == "transfer_predictions_fast.csv"
    assert enc["transfer_predictions"].name == "transfer_predictions.csv"
    assert all(p.is_file() for p in [*fast.values(), *enc.values()])


@pytest.mark.parametrize("selected, suffix", [("report", ""), ("without encoder", "_fast")])
def test_predictions_are_the_named_models(selected, suffix):
    # the held-out-storyline predictions score exactly what transfer_scores says the model scores
    preds = pd.read_csv(V / f"transfer_predictions{suffix}.csv", keep_default_na=False)
    ts = pd.read_csv(V / "transfer_scores.csv", keep_default_na=False)
    want = ts[(ts.selected == selected) & (ts.scheme == "storyline")].iloc[0]
    got = scores(preds.code, preds.pred_storyline)
    assert got["macro_f1"] == want.macro_f1 and got["recall_opportunity"] == want.recall_opportunity
    assert preds[["p_opportunity", "p_threat", "p_neutral"]].notna().all().all()


def test_the_two_models_err_differently():
    a = pd.read_csv(V / "transfer_predictions.csv", keep_default_na=False)
    b = pd.read_csv(V / "transfer_predictions_fast.csv", keep_default_na=False)
    assert (a.sentence_id == b.sentence_id).all() and (a.code == b.code).all()
    assert (a.pred_storyline != b.pred_storyline).mean() > 0.1


def test_analyze_with_the_fast_model_uses_its_error_rates(tmp_path):
    out = tmp_path / "processed"
    assert run_cli("ingest", str(paths.MANIFEST), "--out", str(out), "-q").returncode == 0
    env = {**os.environ, "NEWSFRAMING_MODEL": "fast"}
    r = subprocess.run([sys.executable, "-m", "newsframing", "analyze", "--processed", str(out), "-q"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    sf = pd.read_csv(out / "sentence_frames.csv", keep_default_na=False)
    got = pd.read_csv(out / "outlet_framing.csv").set_index("outlet")
    files = error_rate_tables(MODEL_FILE)
    for which, path in (("own", files["transfer_predictions"]), ("other", V / "transfer_predictions.csv")):
        q = quantify(sf, transfer_validation(path)).query("method == 'pacc'").set_index("outlet")
        same = (q.net_framing == got.net_framing_adjusted.reindex(q.index)).all()
        assert same if which == "own" else not same, which
    for which, path in (("own", files["quantification_check_summary"]), ("other", V / "quantification_check_summary.csv")):
        again = add_calibrated_intervals(got.reset_index(), outlet_error_sds(path)).set_index("outlet")
        same = (again.calibrated_ci_low == got.calibrated_ci_low).all()
        assert same if which == "own" else not same, which

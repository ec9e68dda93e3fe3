"""Model choice by transfer: folds never train on the held-out group; scores come from the codes."""

import numpy as np
import pandas as pd
import pytest

from conftest import run_cli
from newsframing import paths
from newsframing.measure import training, transfer
from newsframing.measure.estimator import FrameClassifier
from newsframing.measure.frames import featurize


@pytest.fixture(scope="module")
def coded():
    return training.load_coded()


@pytest.fixture(scope="module")
def feats(coded):
    return featurize(coded.text)


def test_held_out_storyline_is_never_trained_on(coded, feats, monkeypatch):
    seen = []
    real_fit = FrameClassifier.fit

    def spy(self, X, y, groups=None):
        seen.append(set(coded.loc[X.index, "storyline"]))
        return real_fit(self, X, y, groups)

    monkeypatch.setattr(FrameClassifier, "fit", spy)
    cand = transfer.Candidate("t", "words", "logreg", 1.0)
    out = transfer.out_of_fold(cand, feats, coded, "storyline")
    storylines = set(coded.storyline)
    assert len(seen) == len(storylines) and all(len(s) == len(storylines) - 1 for s in seen)
    assert out.pred.notna().all()


def test_scores_depend_on_the_codes(coded, feats):
    cand = transfer.Candidate("t", "words", "logreg", 1.0)
    real = transfer.scores(coded.frame, transfer.out_of_fold(cand, feats, coded, "register").pred)
    shuffled = coded.assign(frame=np.random.default_rng(0).permutation(coded.frame.to_numpy()))
    fake = transfer.scores(shuffled.frame, transfer.out_of_fold(cand, feats, shuffled, "register").pred)
    assert real["macro_f1"] > fake["macro_f1"] + 0.15


def test_selected_models_are_the_best_by_transfer():
    t = pd.read_csv(paths.VALIDATION / "transfer_scores.csv", keep_default_na=False)
    assert transfer.select(t) == t[t.selected == "without encoder"].candidate.iloc[0] or \
        transfer.select(t) == t[t.selected == "report"].candidate.iloc[0]
    assert (t.selected == "report").sum() == 3, "the report's model is reported under all three schemes"


def test_validate_prints_the_numbers_in_the_tables():
    r = run_cli("validate", "--jobs", "2", "--held-out", "register,storyline", timeout=1500)
    assert r.returncode == 0, r.stderr
    t = pd.read_csv(paths.VALIDATION / "transfer_scores.csv", keep_default_na=False)
    sel = t[t.selected == "report"].set_index("scheme")
    lines = {ln.split()[1]: ln.split() for ln in r.stdout.splitlines() if ln.split()[:1] == ["model"]}
    assert set(lines) == {"storyline", "register"}
    for scheme in ("storyline", "register"):
        assert float(lines[scheme][3]) == pytest.approx(sel.loc[scheme, "macro_f1"], abs=1e-4)
        assert float(lines[scheme][4]) == pytest.approx(sel.loc[scheme, "cohen_kappa"], abs=1e-4)


def test_reliability_table_is_consistent():
    r = pd.read_csv(paths.VALIDATION / "reliability.csv")
    p = pd.read_csv(paths.VALIDATION / "transfer_predictions.csv")
    assert r.groupby("frame").n.sum().eq(len(p)).all()
    assert ((r.mean_predicted >= r.bin_low - 1e-9) & (r.mean_predicted <= r.bin_high + 1e-9)).all()


def test_learning_curve_draws_whole_articles_and_ends_at_the_full_comparison(coded, feats, monkeypatch):
    cand = transfer.Candidate("t", "lexicon", "logreg", 1.0)
    sizes = []
    real_fit = FrameClassifier.fit

    def spy(self, X, y, groups=None):
        sizes.append((coded.loc[X.index, "article_id"].nunique(), set(coded.loc[X.index, "storyline"])))
        return real_fit(self, X, y, groups)

    monkeypatch.setattr(FrameClassifier, "fit", spy)
    curve = transfer.learning_curve(cand, feats, coded, fractions=(0.5, 1.0), repeats=2)
    full = transfer.scores(coded.frame, transfer.out_of_fold(cand, feats, coded, "storyline").pred)
    n_folds = coded.storyline.nunique()
    assert list(curve.repeats) == [2, 1] and len(sizes) == 2 * n_folds + n_folds + n_folds
    half, whole = sizes[:2 * n_folds], sizes[2 * n_folds:3 * n_folds]
    assert all(len(s) < coded.storyline.nunique() for _n, s in sizes), "the held-out storyline is never trained on"
    assert all(abs(h[0] - w[0] / 2) <= 1 for h, w in zip(half, whole * 2)), "half of each fold's training articles"
    assert curve.macro_f1.iloc[-1] == full["macro_f1"]
    again = transfer.learning_curve(cand, feats, coded, fractions=(0.5,), repeats=2)
    assert again.iloc[0].equals(curve.iloc[0]), "fixed seed: the same draws"


def test_committed_learning_curve_ends_at_the_report_models_score():
    t = pd.read_csv(paths.VALIDATION / "transfer_scores.csv", keep_default_na=False)
    curve = pd.read_csv(paths.VALIDATION / "learning_curve.csv", keep_default_na=False)
    sel = t[(t.selected == "report") & (t.scheme == "storyline")].iloc[0]
    last = curve[curve.fraction == 1.0].iloc[0]
    assert last.candidate == sel.candidate and last.macro_f1 == sel.macro_f1
    assert list(curve.fraction) == sorted(curve.fraction) and (curve.macro_f1_min <= curve.macro_f1).all()

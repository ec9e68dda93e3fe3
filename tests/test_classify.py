"""The classifier and its validation: scores are computed from the codes, never stored."""

import json

import numpy as np
import pandas as pd
import pytest

import newsframing.measure.frames as C
from newsframing import paths
from newsframing.errors import NewsframingError


@pytest.fixture(scope="module")
def coded(seed_corpus):
    return C.load_coded(seed_corpus.sentences)


@pytest.fixture(scope="module")
def feats(coded):
    return C.featurize(coded.text)


def test_every_canonical_sentence_is_hand_coded(coded, seed_corpus):
    assert len(coded) == len(seed_corpus.sentences) and set(coded.frame) == set(C.LABELS)


def test_cross_validation_never_scores_training_sentences(coded, feats, monkeypatch):
    seen = []
    real_fit = C.FrameModel.fit.__func__

    def spy(cls, X, y, c=1.0):
        seen.append(set(coded.loc[X.index, "article_id"]))
        return real_fit(cls, X, y, c)

    monkeypatch.setattr(C.FrameModel, "fit", classmethod(spy))
    out = C.cross_validate(coded, feats)
    articles = set(coded.article_id)
    outer = [s for s in seen if len(s) == len(articles) - 1]
    assert outer, "outer folds train on all but one article"
    assert all(len(s) < len(articles) for s in seen), "no fit ever sees every article"
    assert set(out["chosen_c"].held_out_article) == articles


def test_cv_scores_are_computed_from_the_codes(coded, feats):
    real = C.cross_validate(coded, feats)["scores"].set_index("method")
    rng = np.random.default_rng(0)
    shuffled = coded.assign(frame=rng.permutation(coded.frame.to_numpy()))
    fake = C.cross_validate(shuffled, feats)["scores"].set_index("method")
    assert real.loc["model", "macro_f1"] > fake.loc["model", "macro_f1"] + 0.2
    assert real.loc["lexicon_rule", "macro_f1"] != fake.loc["lexicon_rule", "macro_f1"]


def test_reported_validation_matches_a_fresh_computation(coded, feats):
    fresh = C.cross_validate(coded, feats)["scores"]
    stored = pd.read_csv(paths.PROCESSED / "validation_scores.csv")
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), stored, check_exact=False, atol=1e-4)


def test_model_beats_baselines(coded, feats):
    sc = C.cross_validate(coded, feats)["scores"].set_index("method").macro_f1
    assert sc["model"] > sc["vader_baseline"]


def test_committed_model_is_reproducible_from_the_repo(seed_corpus):
    model = C.train(seed_corpus.sentences)
    assert model.to_json() == C.MODEL_FILE.read_text(encoding="utf-8"), "run `make train` and commit models/"
    d = json.loads(model.to_json())
    assert d["features"] == C.FEATURES and d["C"] in C.C_GRID


def test_classify_frame_outputs(seed_corpus):
    texts = pd.Series(["Unions fear the tool will replace thousands of jobs.",
                       "The tool lets small studios cut costs and experiment freely.",
                       "The company will hold a meeting on Tuesday."])
    out = C.classify_frame(texts)
    assert list(out.frame) == ["threat", "opportunity", "neutral"]
    assert np.allclose(out[["p_opportunity", "p_threat", "p_neutral"]].sum(axis=1), 1, atol=1e-3)
    assert "replac*" in out.evidence[0]


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(NewsframingError, match="make train"):
        C.load_model(tmp_path / "none.json")


def test_uncoded_sentence_is_a_clear_error(tmp_path, seed_corpus):
    codes = tmp_path / "codes.csv"
    codes.write_text("sentence_id,frame\nx,threat\n")
    with pytest.raises(NewsframingError, match="not coded"):
        C.load_coded(seed_corpus.sentences, codes)

"""The frame classifier: estimator behaviour, the readable stored model, and what it was trained on."""

import json

import numpy as np
import pandas as pd
import pytest

import newsframing.measure.frames as F
from newsframing.measure.estimator import FrameClassifier
from newsframing.errors import NewsframingError
from newsframing.measure import training


@pytest.fixture(scope="module")
def coded():
    return training.load_coded()


@pytest.fixture(scope="module")
def feats(coded):
    from newsframing.measure import encoder

    return F.featurize(coded.text, embed=encoder.available())


@pytest.fixture(scope="module")
def small(coded, feats):
    """A fitted classifier on a fifth of the training corpus (fast)."""
    idx = coded.index[coded.article_id.isin(sorted(coded.article_id.unique())[::5])]
    clf = FrameClassifier("words+lexicon", "logreg", 4.0).fit(feats.loc[idx], coded.frame.loc[idx],
                                                                groups=coded.article_id.loc[idx])
    return clf, idx


def test_exported_model_gives_the_estimators_probabilities(small, feats):
    clf, _ = small
    model = F.LinearFrameModel.from_json(clf.export().to_json())
    X = feats.iloc[:300]
    assert np.allclose(model.predict_proba(X), clf.predict_proba(X), atol=1e-6)
    assert (model.predict(X) == clf.predict(X)).all()


def test_calibration_keeps_the_predicted_frame(small, feats):
    clf, _ = small
    X = feats.iloc[:300]
    assert (clf.classes_[clf.predict_proba(X).argmax(1)] == clf.predict(X)).all()
    assert np.allclose(clf.predict_proba(X).sum(1), 1)


def test_estimator_rejects_bad_input(feats, coded):
    with pytest.raises(TypeError, match="feature table"):
        FrameClassifier().fit(coded[["sentence_id"]], coded.frame)
    with pytest.raises(ValueError, match="unknown labels"):
        FrameClassifier().fit(feats.iloc[:50], ["maybe"] * 50)
    with pytest.raises(ValueError, match="features must be"):
        FrameClassifier(features="words+bogus").fit(feats.iloc[:50], coded.frame.iloc[:50])


@pytest.mark.parametrize("path", [F.MODEL_FILE, F.ENCODER_MODEL_FILE], ids=["fast", "encoder"])
def test_committed_model_is_what_training_produces(coded, feats, path):
    """Refit a committed configuration on the committed training data: the same JSON, byte for byte
    (the model comparison that chose it is `make train`; its tables are checked in test_transfer)."""
    committed = F.load_model(path)
    if committed.uses_encoder and F.EMBED_COLUMNS[0] not in feats.columns:
        pytest.skip("optional encoder not installed (make encoder)")
    p = committed.params
    clf = FrameClassifier(p["features"], p["model"], p["C"], p["lexicon_weight"], p["embed_weight"]).fit(
        feats, coded.frame, groups=coded.article_id)
    fresh = clf.export()
    fresh.meta = committed.meta
    if not committed.uses_encoder:
        assert fresh.to_json() == path.read_text(encoding="utf-8"), "run `make train` and commit models/"
    else:
        # the float32 sentence embeddings differ in their last bits from one CPU to another (OpenBLAS picks
        # its kernels by CPU), and so, slightly, does the model fitted on them: byte for byte on the machine
        # that trained it, elsewhere the same model up to that rounding and the same frames
        a, b = json.loads(fresh.to_json()), json.loads(path.read_text(encoding="utf-8"))
        for d in (a, b):
            for key in ("coef", "intercept", "calibration"):
                d.pop(key, None)
        assert a == b, "run `make train` and commit models/"
        assert np.allclose(fresh.coef, committed.coef, rtol=1e-3, atol=1e-3)
        assert np.allclose(fresh.intercept, committed.intercept, rtol=1e-3, atol=1e-3)
        assert abs(fresh.beta - committed.beta) < 1e-3
        same = (fresh.predict(feats) == committed.predict(feats)).mean()
        assert same >= 0.999, f"the refitted model gives another frame for {1 - same:.2%} of the training items"
    assert committed.meta["lexicon_sha256"] == F.file_sha256(F.LEXICON_FILE)
    assert committed.meta["codes_sha256"] == F.file_sha256(training.CODES / "adjudication.csv")


def test_model_file_is_readable_json_with_terms_and_weights():
    d = json.loads(F.MODEL_FILE.read_text(encoding="utf-8"))
    assert d["format"] == F.FORMAT and d["classes"] == sorted(F.LABELS)
    terms = [t for b in d["blocks"] for t in b.get("terms", [])]
    width = sum(len(b.get("terms", b.get("columns", []))) or b.get("dim", 0) for b in d["blocks"])
    assert len(d["coef"]) == 3 and all(len(c) == width for c in d["coef"])
    assert terms, "a TF-IDF block is stored with its vocabulary"


def test_classify_frame_outputs_and_blank_text():
    texts = pd.Series(["Unions sued the studio after dozens of voice actors were let go.",
                       "The tool cut the dubbing schedule from five weeks to four days and opened new markets.",
                       "", "   "])
    out = F.classify_frame(texts)
    assert out.frame.iloc[0] == "threat" and out.frame.iloc[1] == "opportunity"
    assert list(out.frame.iloc[2:]) == [F.UNCLASSIFIED] * 2
    assert out.loc[2:, ["p_opportunity", "p_threat", "p_neutral"]].isna().all().all()
    assert np.allclose(out.loc[:1, ["p_opportunity", "p_threat", "p_neutral"]].sum(axis=1), 1, atol=1e-3)
    assert "let go" in out.evidence.iloc[0]


def test_baselines():
    f = pd.DataFrame({"lex_opportunity": [3.0, 0, 0], "lex_threat": [0, 2.0, 0], "vader_compound": [0.5, -0.5, 0.0]})
    assert list(F.lexicon_rule(f)) == ["opportunity", "threat", "neutral"]
    assert list(F.vader_rule(f)) == ["opportunity", "threat", "neutral"]


def test_missing_model_is_one_line(tmp_path):
    with pytest.raises(NewsframingError, match="make train"):
        F.load_model(tmp_path / "none.json")
    bad = tmp_path / "old.json"
    bad.write_text(json.dumps({"features": ["lex_opportunity"]}))
    with pytest.raises(NewsframingError, match="make train"):
        F.load_model(bad)

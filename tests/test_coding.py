"""Hand codes: two coders' files, agreement, adjudication, and coding sheets."""

import pandas as pd
import pytest

from newsframing.errors import NewsframingError
from newsframing.measure import coding, training
from newsframing.measure.frames import LABELS


def _write(d, name, rows):
    pd.DataFrame(rows, columns=["sentence_id", "frame", "rule", "note"]).to_csv(d / name, index=False)


def test_final_codes_agreed_single_and_adjudicated(tmp_path):
    _write(tmp_path, "a.csv", [["s1", "threat", "", ""], ["s2", "neutral", "", ""], ["s3", "opportunity", "", ""]])
    _write(tmp_path, "b.csv", [["s1", "threat", "", ""], ["s2", "opportunity", "", ""]])
    (tmp_path / "adjudication.csv").write_text("sentence_id,frame,rule,reason\ns2,neutral,R6,business intent\n")
    f = coding.final_codes(tmp_path).set_index("sentence_id")
    assert f.loc["s1", ["frame", "status"]].tolist() == ["threat", "agreed"]
    assert f.loc["s2", ["frame", "status"]].tolist() == ["neutral", "adjudicated"]
    assert f.loc["s3", ["frame", "status"]].tolist() == ["opportunity", "single coder"]
    ag = coding.agreement(coding.read_coders(tmp_path)).set_index("pair")
    assert ag.loc["a × b", "n"] == 2 and ag.loc["a × b", "agreement"] == 0.5


def test_unadjudicated_disagreement_is_an_error(tmp_path):
    _write(tmp_path, "a.csv", [["s1", "threat", "", ""]])
    _write(tmp_path, "b.csv", [["s1", "neutral", "", ""]])
    with pytest.raises(NewsframingError, match="not adjudicated"):
        coding.final_codes(tmp_path)


@pytest.mark.parametrize("content, message", [
    ("sentence_id,frame\ns1,maybe\n", "unknown frame code"),
    ("sentence_id,code\ns1,threat\n", "needs columns"),
    ("sentence_id,frame\ns1,threat\ns1,neutral\n", "coded twice"),
])
def test_bad_code_files(tmp_path, content, message):
    p = tmp_path / "codes.csv"
    p.write_text(content)
    with pytest.raises(NewsframingError, match=message):
        coding.read_code_file(p)


def test_training_corpus_is_fully_and_doubly_coded():
    coded = training.load_coded()
    final = coding.final_codes(training.CODES)
    assert set(coded.frame) == set(LABELS)
    assert (final.status != "single coder").all(), "every training item has two independent codes"
    ag = coding.agreement(coding.read_coders(training.CODES)).set_index("pair")
    assert ag.loc["all pairs", "n"] == len(coded)
    assert len(coded) >= 1500 and coded.article_id.nunique() >= 60
    assert coded.storyline.nunique() >= 12 and coded.register.nunique() >= 4
    every_article_mixes = coded.groupby("article_id").frame.nunique()
    assert (every_article_mixes >= 2).mean() > 0.9


def test_committed_training_sentences_are_rebuilt_from_the_manifest():
    assert training.build_sentences().to_csv(index=False, lineterminator="\n", float_format="%.4f") == \
        training.SENTENCES.read_text(encoding="utf-8"), "run `make train` and commit data/training"


def test_coding_sheet_is_stratified_and_reproducible(seed_corpus):
    s = seed_corpus.sentences
    a = coding.coding_sheet(s, n=20, min_per_outlet=3)
    b = coding.coding_sheet(s, n=20, min_per_outlet=3)
    pd.testing.assert_frame_equal(a, b)
    assert set(a.outlet) == set(s.outlet) and (a.groupby("outlet").size() >= 3).all()
    assert a.sentence_id.is_unique and set(a.sentence_id) <= set(s.sentence_id)
    assert (a.frame == "").all() and "context_before" in a.columns

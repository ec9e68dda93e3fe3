"""The held-out voice check: recomputed from the codes and the rules, equal to the committed table."""
import pandas as pd
import pytest

from newsframing import paths
from newsframing.measure.training import read_sentences
from newsframing.measure.voices import HELD_OUT_DIR, coder_kappa, transfer_check

V = HELD_OUT_DIR


def test_committed_table_is_what_the_rules_score_today():
    table = pd.read_csv(paths.VALIDATION / "voice_transfer.csv")
    got = transfer_check(read_sentences())
    pd.testing.assert_frame_equal(got, table, check_dtype=False, atol=5e-5)


@pytest.mark.parametrize("sample", [1, 2])
def test_codes_are_the_adjudicated_agreement_of_two_coders(sample):
    folder = V / f"sample{sample}"
    a, b = (pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(folder.glob("coder_*.csv")))
    final = pd.read_csv(V / "voice_codes.csv", dtype=str, keep_default_na=False)
    final = final[final["sample"] == str(sample)]
    adj = pd.read_csv(folder / "adjudication.csv", dtype=str, keep_default_na=False).set_index("sentence_id")
    m = a.merge(b, on="sentence_id", suffixes=("_a", "_b")).merge(final, on="sentence_id")
    assert len(m) == len(final) == len(a) == len(b)
    agree = m.voice_a == m.voice_b
    assert (m[agree].voice == m[agree].voice_a).all()
    assert set(m[~agree].sentence_id) == set(adj.index)
    assert (adj.loc[m[~agree].sentence_id, "final"].values == m[~agree].voice.values).all()
    assert 0.8 < coder_kappa()[sample] < 1


def test_parts_hold_out_whole_articles_and_samples_do_not_overlap():
    codes = pd.read_csv(V / "voice_codes.csv", dtype=str, keep_default_na=False)
    assert (codes.groupby("article_id").part.nunique() == 1).all()
    assert (codes.groupby("article_id")["sample"].nunique() == 1).all()
    assert set(codes.part) == {"development", "held_out", "fresh"}

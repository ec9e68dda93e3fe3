"""The held-out voice check: recomputed from the codes and the rules, equal to the committed table."""
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from newsframing import paths
from newsframing.measure.training import read_sentences
from newsframing.measure.voices import HELD_OUT_DIR, transfer_check

V = HELD_OUT_DIR


def test_committed_table_is_what_the_rules_score_today():
    table = pd.read_csv(paths.VALIDATION / "voice_transfer.csv")
    got = transfer_check(read_sentences())
    pd.testing.assert_frame_equal(got, table, check_dtype=False, atol=5e-5)


def test_codes_are_the_adjudicated_agreement_of_two_coders():
    a, b, final = (pd.read_csv(V / f, dtype=str, keep_default_na=False)
                   for f in ("coder_a.csv", "coder_b.csv", "voice_codes.csv"))
    adj = pd.read_csv(V / "adjudication.csv", dtype=str, keep_default_na=False).set_index("sentence_id")
    m = a.merge(b, on="sentence_id", suffixes=("_a", "_b")).merge(final, on="sentence_id")
    assert len(m) == len(final) == len(a) == len(b)
    agree = m.voice_a == m.voice_b
    assert (m[agree].voice == m[agree].voice_a).all()
    assert set(m[~agree].sentence_id) == set(adj.index)
    assert (adj.loc[m[~agree].sentence_id, "final"].values == m[~agree].voice.values).all()
    assert round(cohen_kappa_score(m.voice_a, m.voice_b), 4) == pd.read_csv(
        paths.VALIDATION / "voice_transfer.csv").coder_kappa.iloc[0]
    parts = final.groupby("article_id").part.nunique()
    assert (parts == 1).all() and set(final.part) == {"development", "held_out"}  # whole articles held out

"""Numbers quoted in docs/methods.md must be the ones the code computed (no re-typed stale numbers)."""

import re

import pandas as pd

from newsframing import paths

DOC = (paths.ROOT / "docs" / "methods.md").read_text(encoding="utf-8")


def test_validation_table_matches_computed_scores():
    scores = pd.read_csv(paths.PROCESSED / "validation_scores.csv").set_index("method")
    rows = {"VADER threshold": "vader_baseline", "lexicon rule": "lexicon_rule",
            "**model (lexicon": "model", "model + TF-IDF": "tfidf_model"}
    for label, method in rows.items():
        line = next(ln for ln in DOC.splitlines() if ln.startswith(f"| {label}"))
        nums = [float(x) for x in re.findall(r"\d\.\d{4}", line)]
        assert nums == [scores.loc[method, c] for c in ("macro_f1", "cohen_kappa", "accuracy")], line


def test_sentiment_agreement_numbers_match():
    agr = pd.read_csv(paths.PROCESSED / "sentiment_agreement.csv").set_index("measure").value
    for m in ("polarity_agreement", "cohen_kappa", "spearman_rho"):
        assert f"{agr[m]:.4f}" in DOC, m


def test_counts_match():
    codes = pd.read_csv(paths.ANNOTATIONS / "frame_codes.csv").frame.value_counts()
    assert f"{codes['opportunity']} opportunity, {codes['threat']} threat, {codes['neutral']} neutral" in DOC
    lex = pd.read_csv(paths.LEXICONS / "frame_lexicon_v1.csv")
    assert f"{len(lex)} entries" in DOC
    k = pd.read_csv(paths.PROCESSED / "keyness.csv")
    assert (k.significant.sum() == 0) == ("no word reaches |z| > 1.96" in DOC)
    assert f"largest |z| {k.z.abs().max():.2f}" in DOC
    conf = pd.read_csv(paths.PROCESSED / "validation_confusion.csv").query("method == 'model'")
    miss = int(conf.query("code == 'threat' and predicted == 'neutral'").n.iloc[0])
    assert f"({miss} of {codes['threat']} threat sentences)" in DOC


def test_voice_validation_numbers_match():
    v = pd.read_csv(paths.PROCESSED / "voice_validation.csv").set_index("measure").value
    assert f"accuracy {v['accuracy']:.4f}, Cohen's κ {v['cohen_kappa']:.4f} on the {int(v['sentences'])} sentences" in DOC
    conf = pd.read_csv(paths.PROCESSED / "voice_confusion.csv")
    misses = conf[conf.code != conf.attributed]
    assert misses.n.sum() == 2 and set(misses.attributed) == {"outlet"}  # "Both misses ... outlet's voice"

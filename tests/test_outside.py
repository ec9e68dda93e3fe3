"""The outside check: coded real text that no model was trained or chosen on, scored by the trained models."""

import re
import subprocess
import sys

import pandas as pd
import pytest

from newsframing import paths
from newsframing.atomic import write_csv
from newsframing.errors import NewsframingError
from newsframing.measure import outside, training

V = paths.VALIDATION
DOC = (paths.ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def recomputed(tmp_path_factory):
    """The tables as `newsframing validate --outside` computes them now, written as it writes them."""
    tables = outside.run(paths.OUTSIDE)
    out = tmp_path_factory.mktemp("outside")
    for name in outside.TABLES:
        write_csv(tables[name], out / f"{name}.csv")
    return out


@pytest.mark.parametrize("name", outside.TABLES)
def test_committed_tables_are_what_the_code_computes(recomputed, name):
    # data/validation/outside_*.csv are outputs of the stored models on the stored codes, byte for byte
    if name != "outside_agreement" and len(outside.default_model_files()) < 2:
        pytest.skip("the optional encoder is not installed: the encoder model cannot be scored")
    assert (recomputed / f"{name}.csv").read_bytes() == (V / f"{name}.csv").read_bytes()


def test_outside_text_is_not_training_text():
    s = pd.read_csv(paths.OUTSIDE / "sentences.csv", keep_default_na=False)
    train_pages = set(pd.read_csv(paths.DATA / "training" / "crawl" / "sources.csv").crawl_path)
    assert not set(s.crawl_path) & train_pages
    train_text = set(training.load_coded().text.str.split().str.join(" "))
    assert not set(s.text.str.split().str.join(" ")) & train_text
    assert s.sentence_id.is_unique and len(s) == 300
    assert (s.groupby("article_id").size() <= 3).all()  # at most 3 per page, as drawn


def test_every_sentence_has_a_final_code_from_two_coders():
    coded = outside.load(paths.OUTSIDE)
    assert len(coded) == 300 and set(coded.status) == {"agreed", "adjudicated"}
    assert set(coded.frame) <= {"opportunity", "threat", "neutral"}


def test_uncoded_or_stray_sentences_are_one_line_errors(tmp_path):
    (tmp_path / "codes").mkdir()
    s = pd.read_csv(paths.OUTSIDE / "sentences.csv", keep_default_na=False)
    s.head(5).to_csv(tmp_path / "sentences.csv", index=False)
    codes = pd.DataFrame({"sentence_id": s.sentence_id.head(4), "frame": "neutral"})
    codes.to_csv(tmp_path / "codes" / "c1.csv", index=False)
    codes.to_csv(tmp_path / "codes" / "c2.csv", index=False)
    with pytest.raises(NewsframingError, match="1 sentence\\(s\\) not coded"):
        outside.load(tmp_path)
    pd.concat([codes, pd.DataFrame({"sentence_id": ["nowhere-s001"], "frame": ["threat"]})]).to_csv(
        tmp_path / "codes" / "c2.csv", index=False)
    with pytest.raises(NewsframingError, match="nowhere-s001, which is not in sentences.csv"):
        outside.load(tmp_path)
    with pytest.raises(NewsframingError, match="sentences not found"):
        outside.load(tmp_path / "codes")


def test_outlet_rows_count_shares_by_hand(tmp_path):
    coded = pd.DataFrame({"outlet": ["a", "a", "a", "a", "b", "b"], "article_id": ["p1", "p1", "p2", "p2", "p3", "p4"],
                          "frame": ["opportunity", "threat", "neutral", "opportunity", "threat", "threat"]})
    pred = pd.Series(["opportunity", "opportunity", "neutral", "neutral", "threat", "neutral"])
    per = outside.outlet_rows(coded, pred, None).set_index("outlet")
    assert per.loc["a", "net_coded"] == 0.25 and per.loc["a", "net_classified"] == 0.5
    assert per.loc["b", "net_coded"] == -1.0 and per.loc["b", "net_classified"] == -0.5
    assert per.loc["a", "pages"] == 2 and not per.loc["b", "within_tolerance_classified"]


def test_cli_prints_and_writes_the_tables(tmp_path):
    r = subprocess.run([sys.executable, "-m", "newsframing", "validate", "--outside", str(paths.OUTSIDE),
                        "--out", str(tmp_path)], capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    sc = pd.read_csv(tmp_path / "outside_scores.csv")
    for row in sc.itertuples():
        assert re.search(rf"{re.escape(row.method)}\s+300\s+{row.macro_f1:.4f}", r.stdout), row.method
    assert {p.name for p in tmp_path.iterdir()} == {f"{n}.csv" for n in outside.TABLES}


def test_methods_and_readme_quote_the_computed_scores():
    sc = pd.read_csv(V / "outside_scores.csv", keep_default_na=False)
    ag = pd.read_csv(V / "outside_agreement.csv").set_index("pair").loc["all pairs"]
    flat = DOC.replace("\n", " ")
    assert f"coded by two coders (κ {ag.cohen_kappa:.4f}," in flat
    adj = pd.read_csv(paths.OUTSIDE / "codes" / "adjudication.csv")
    assert f"{len(adj)} disagreements adjudicated" in flat
    assert f"a topic filter only) from {int(sc.pages.iloc[0])} pages" in flat
    assert f"from **{int(sc.pages.iloc[0])} web pages**" in (paths.OUTSIDE / "README.md").read_text(encoding="utf-8")
    labels = {"VADER threshold": "VADER threshold alone", "lexicon rule": "lexicon rule alone",
              "frame_classifier.json": "model without encoder", "frame_classifier_encoder.json": "**report's model**"}
    for r in sc.itertuples():
        label = labels[r.model_file or r.method]
        line = next(ln for ln in DOC.splitlines() if ln.startswith(f"| {label}"))
        want = (f"{r.macro_f1:.4f}", f"{r.macro_f1_low:.4f}–{r.macro_f1_high:.4f}", f"{r.recall_opportunity:.4f}",
                f"{r.recall_threat:.4f}", f"{r.recall_neutral:.4f}", f"{r.outlets_within_tolerance} of {r.outlets}",
                f"{r.outlets_same_sign} of {r.outlets}")
        for w in want:
            assert w in line, (label, w)
    report = sc[sc.model_file == "frame_classifier_encoder.json"].iloc[0]
    lex = sc[sc.method == "lexicon rule"].iloc[0]
    assert f"macro-F1 {report.macro_f1:.2f}, hardly better than its frame lexicon alone ({lex.macro_f1:.2f})" in \
        README.replace("\n", " ")
    assert f"rank correlation of sites is {report.outlet_spearman:.4f}" in flat
    o = pd.read_csv(V / "outside_outlets.csv").query("model_file == 'frame_classifier_encoder.json'")
    worst = o.loc[o.error_classified.abs().idxmax()]
    assert (f"off by up to {abs(worst.error_classified):.4f} ({worst.outlet}: hand codes {worst.net_coded:+.4f}, "
            f"model {worst.net_classified:+.4f}") in flat

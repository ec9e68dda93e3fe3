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
WEB, NEWS = paths.OUTSIDE / "web", paths.OUTSIDE / "news"
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
    s = pd.read_csv(WEB / "sentences.csv", keep_default_na=False)
    train_pages = set(pd.read_csv(paths.DATA / "training" / "crawl" / "sources.csv").crawl_path)
    assert not set(s.crawl_path) & train_pages
    train_text = set(training.load_coded().text.str.split().str.join(" "))
    assert not set(s.text.str.split().str.join(" ")) & train_text
    assert s.sentence_id.is_unique and len(s) == 300
    assert (s.groupby("article_id").size() <= 3).all()  # at most 3 per page, as drawn


@pytest.mark.parametrize("folder", [WEB, NEWS], ids=["web", "news"])
def test_every_sentence_has_a_final_code_from_two_coders(folder):
    coded = outside.load(folder)
    sents = pd.read_csv(folder / "sentences.csv", keep_default_na=False)
    assert len(coded) == len(sents) and set(coded.status) <= {"agreed", "adjudicated"}
    assert set(coded.frame) <= {"opportunity", "threat", "neutral"}
    assert (coded.coder_2 != "").all()  # two coders each


def test_news_sentences_are_what_ingest_makes_of_the_articles(tmp_path):
    # the codes are keyed by sentence id: if ingestion ever segments these articles differently, say so here
    r = subprocess.run([sys.executable, "-m", "newsframing", "ingest", str(NEWS / "manifest.csv"), "--out",
                        str(tmp_path), "-q"], capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(tmp_path / "sentences.csv", keep_default_na=False)
    want = pd.read_csv(NEWS / "sentences.csv", keep_default_na=False)
    cols = list(want.columns)
    pd.testing.assert_frame_equal(got[cols], want, check_dtype=False)


def test_news_articles_are_labelled_as_written_for_the_project():
    src = pd.read_csv(NEWS / "sources.csv", keep_default_na=False)
    man = pd.read_csv(NEWS / "manifest.csv", keep_default_na=False)
    assert set(src.file) == set(man.file) and set(src.source) == {"written for the project"}
    train_outlets = set(pd.read_csv(paths.DATA / "training" / "manifest.csv").outlet)
    assert not set(man.outlet) & train_outlets  # outlets the classifier never read


def test_uncoded_or_stray_sentences_are_one_line_errors(tmp_path):
    (tmp_path / "codes").mkdir()
    s = pd.read_csv(WEB / "sentences.csv", keep_default_na=False)
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
    with pytest.raises(NewsframingError, match="no outside check here"):
        outside.check_folders(tmp_path / "codes")


def test_outlet_rows_count_shares_by_hand(tmp_path):
    coded = pd.DataFrame({"outlet": ["a", "a", "a", "a", "b", "b"], "article_id": ["p1", "p1", "p2", "p2", "p3", "p4"],
                          "frame": ["opportunity", "threat", "neutral", "opportunity", "threat", "threat"]})
    pred = pd.Series(["opportunity", "opportunity", "neutral", "neutral", "threat", "neutral"])
    per = outside.outlet_rows(coded, pred, None).set_index("outlet")
    assert per.loc["a", "net_coded"] == 0.25 and per.loc["a", "net_classified"] == 0.5
    assert per.loc["b", "net_coded"] == -1.0 and per.loc["b", "net_classified"] == -0.5
    assert per.loc["a", "articles"] == 2 and not per.loc["b", "within_tolerance_classified"]


def test_cli_prints_and_writes_the_tables(tmp_path):
    r = subprocess.run([sys.executable, "-m", "newsframing", "validate", "--outside", str(paths.OUTSIDE),
                        "--out", str(tmp_path)], capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    sc = pd.read_csv(tmp_path / "outside_scores.csv")
    assert set(sc.check) == {"web", "news"}
    for row in sc.itertuples():
        assert re.search(rf"{re.escape(row.method)}\s+{row.n}\s+{row.macro_f1:.4f}", r.stdout), row.method
    assert {p.name for p in tmp_path.iterdir()} == {f"{n}.csv" for n in outside.TABLES}


def test_methods_and_readme_quote_the_computed_scores():
    sc = pd.read_csv(V / "outside_scores.csv", keep_default_na=False)
    ag = pd.read_csv(V / "outside_agreement.csv").query("pair == 'all pairs'").set_index("check")
    flat = " ".join(DOC.split())
    rep = sc[sc.model_file == "frame_classifier_encoder.json"].set_index("check")
    for check, folder in (("web", WEB), ("news", NEWS)):
        adj = pd.read_csv(folder / "codes" / "adjudication.csv")
        assert f"κ {ag.loc[check, 'cohen_kappa']:.4f}, {len(adj)} disagreements adjudicated" in flat, check
    assert f"a topic filter only) from {int(rep.loc['web', 'articles'])} pages" in flat
    assert f"{int(rep.loc['news', 'n'])} sentences, all of {int(rep.loc['news', 'articles'])} news articles" in flat
    assert f"from **{int(rep.loc['web', 'articles'])} web pages**" in (paths.OUTSIDE / "README.md").read_text(encoding="utf-8")
    labels = {"VADER threshold": "VADER threshold alone", "lexicon rule": "lexicon rule alone",
              "frame_classifier.json": "model without encoder", "frame_classifier_encoder.json": "**report's model**"}
    for r in sc.itertuples():
        label = labels[r.model_file or r.method]
        line = next(ln for ln in DOC.splitlines() if ln.startswith(f"| {r.check} | {label} |"))
        want = (f"{r.macro_f1:.4f}", f"{r.macro_f1_low:.4f}–{r.macro_f1_high:.4f}", f"{r.recall_opportunity:.4f}",
                f"{r.recall_threat:.4f}", f"{r.recall_neutral:.4f}", f"{r.outlets_within_tolerance} of {r.outlets}",
                f"{r.outlets_same_sign} of {r.outlets}", f"{r.outlet_spearman:.4f}")
        for w in want:
            assert w in line, (r.check, label, w)
    lex = sc[sc.method == "lexicon rule"].set_index("check")
    ts = pd.read_csv(V / "transfer_scores.csv").query("selected == 'report' and scheme == 'storyline'").iloc[0]
    assert (f"The report's model scores {rep.loc['news', 'macro_f1']:.4f} on the news check and "
            f"{rep.loc['web', 'macro_f1']:.4f} on the web check, against {ts.macro_f1:.4f} on held-out") in flat
    readme = " ".join(README.split())
    news_out = pd.read_csv(V / "outside_outlets.csv").query("check == 'news' and model_file == 'frame_classifier_encoder.json'")
    off = int((~news_out.within_tolerance_classified).sum())
    assert (f"it reaches macro-F1 {rep.loc['news', 'macro_f1']:.2f} and ranks the outlets as the hand codes do "
            f"(one of the four off by more than 0.10)") in readme and off == 1 and rep.loc["news", "outlet_spearman"] == 1
    assert (f"{rep.loc['web', 'macro_f1']:.2f}, hardly better than its frame lexicon alone "
            f"({lex.loc['web', 'macro_f1']:.2f})") in readme
    o = pd.read_csv(V / "outside_outlets.csv").query("model_file == 'frame_classifier_encoder.json'")
    for check in ("news", "web"):
        w = o[o.check == check]
        w = w.loc[w.error_classified.abs().idxmax()]
        assert (f"{abs(w.error_classified):.4f} ({w.outlet}: hand codes {w.net_coded:+.4f}, "
                f"model {w.net_classified:+.4f}") in flat, check
    assert f"rank correlation {rep.loc['news', 'outlet_spearman']:.4f})" in flat
    assert f"rank correlation {rep.loc['web', 'outlet_spearman']:.4f}." in flat


def test_methods_quote_what_a_report_would_print():
    sc = pd.read_csv(V / "outside_scores.csv", keep_default_na=False)
    flat = " ".join(DOC.split())
    labels = {"frame_classifier.json": "model without encoder", "frame_classifier_encoder.json": "**report's model**"}
    models = sc[sc.model_file != ""]
    for r in models.itertuples():
        assert (f"| {r.check} | {labels[r.model_file]} | {float(r.outlet_mean_abs_error):.4f} | "
                f"{r.outlets_in_calibrated_ci} of {r.outlets} | {float(r.outlet_mean_abs_error_adjusted):.4f} | "
                f"{r.outlets_within_tolerance_adjusted} of {r.outlets} | {r.outlets_in_adjusted_calibrated_ci} of "
                f"{r.outlets} |") in DOC, (r.check, r.model_file)
    rep = models[models.model_file == "frame_classifier_encoder.json"]
    n = rep.outlets.astype(int).sum()
    assert f"raw intervals held the hand-coded value for {rep.outlets_in_calibrated_ci.astype(int).sum()} of {n}" in flat
    assert f"its intervals held the hand codes for {rep.outlets_in_adjusted_calibrated_ci.astype(int).sum()} of {n}" in flat
    assert (rep.outlet_mean_abs_error.astype(float) < rep.outlet_mean_abs_error_adjusted.astype(float)).all()


def test_report_estimates_are_analyzes_own(tmp_path):
    # the corrected estimate in outside_outlets.csv is what `analyze` prints for the same sentences
    from newsframing.analyze import outlet_error_sds, outlet_table, transfer_validation
    from newsframing.measure.frames import MODEL_FILE, classify_frame, load_model
    from newsframing.measure.training import error_rate_tables

    coded = outside.load(NEWS).reset_index(drop=True)
    out = classify_frame(coded.text, load_model(MODEL_FILE))
    files = error_rate_tables(MODEL_FILE)
    table, _ = outlet_table(out.assign(outlet=coded.outlet, article_id=coded.article_id),
                            transfer_validation(files["transfer_predictions"]),
                            outlet_error_sds(files["quantification_check_summary"]))
    got = pd.read_csv(V / "outside_outlets.csv").query("check == 'news' and model_file == 'frame_classifier.json'")
    assert list(got.net_adjusted) == list(table.net_framing_adjusted)
    assert list(got.calibrated_ci_low) == list(table.calibrated_ci_low)


def test_outside_figure_has_a_panel_per_check_and_a_row_per_outlet():
    from newsframing.render import figures

    o = pd.read_csv(V / "outside_outlets.csv", keep_default_na=False)
    fig = figures.outside_outlets(o, "frame_classifier_encoder.json")
    axes = fig.axes
    assert [a.get_title(loc="left") for a in axes] == [f"outside check: {c}" for c in dict.fromkeys(o.check)]
    for ax, check in zip(axes, dict.fromkeys(o.check)):
        want = set(o[(o.check == check) & (o.model_file == "frame_classifier_encoder.json")].outlet)
        assert {t.get_text() for t in ax.get_yticklabels()} == want

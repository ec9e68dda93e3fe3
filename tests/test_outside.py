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
    news = set(pd.read_csv(NEWS / "sentences.csv", keep_default_na=False).text.str.split().str.join(" "))
    assert not news & train_text
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
    art = pd.read_csv(V / "transfer_scores.csv").query("selected == 'report' and scheme == 'article'").iloc[0]
    assert (f"The report's model scores {rep.loc['news', 'macro_f1']:.4f} on the news check, against {art.macro_f1:.4f} "
            f"with an article held out") in flat
    assert f"{rep.loc['web', 'macro_f1']:.4f} on the web check, against {ts.macro_f1:.4f} with a storyline held out" in flat
    readme = " ".join(README.split())
    news_out = pd.read_csv(V / "outside_outlets.csv").query("check == 'news' and model_file == 'frame_classifier_encoder.json'")
    off = int((~news_out.within_tolerance_classified).sum())
    assert (f"it reaches macro-F1 {rep.loc['news', 'macro_f1']:.2f} and gives every outlet the hand codes' sign "
            f"(one of the four off by more than 0.10)") in readme and off == 1
    assert rep.loc["news", "outlets_same_sign"] == rep.loc["news", "outlets"]
    assert (f"{rep.loc['web', 'macro_f1']:.2f}, hardly better than its frame lexicon alone "
            f"({lex.loc['web', 'macro_f1']:.2f})") in readme
    o = pd.read_csv(V / "outside_outlets.csv").query("model_file == 'frame_classifier_encoder.json'")
    for check in ("news", "web"):
        w = o[o.check == check]
        w = w.loc[w.error_classified.abs().idxmax()]
        assert (f"{abs(w.error_classified):.4f} ({w.outlet}: hand codes {w.net_coded:+.4f}, "
                f"model {w.net_classified:+.4f}") in flat, check
    assert f"rank correlation {rep.loc['news', 'outlet_spearman']:.4f})" in flat
    assert f"rank correlation {rep.loc['web', 'outlet_spearman']:.4f}" in flat


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


def test_report_estimates_are_what_analyze_prints(tmp_path):
    # the news check's articles through ingest and analyze, as a user would run them, with the fast model:
    # outlet_framing.csv must hold the corrected estimates and intervals outside_outlets.csv reports
    import os

    out = tmp_path / "processed"
    assert subprocess.run([sys.executable, "-m", "newsframing", "ingest", str(NEWS / "manifest.csv"), "--out", str(out),
                           "-q"], capture_output=True, cwd=paths.ROOT).returncode == 0
    r = subprocess.run([sys.executable, "-m", "newsframing", "analyze", "--processed", str(out), "-q"],
                       capture_output=True, text=True, cwd=paths.ROOT, env={**os.environ, "NEWSFRAMING_MODEL": "fast"})
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out / "outlet_framing.csv").set_index("outlet")
    want = pd.read_csv(V / "outside_outlets.csv").query("check == 'news' and model_file == 'frame_classifier.json'")
    want = want.set_index("outlet")
    assert (got.net_framing == want.net_classified).all()
    assert (got.net_framing_adjusted == want.net_adjusted).all()
    for col in ("calibrated_ci_low", "calibrated_ci_high", "adjusted_calibrated_ci_low", "adjusted_calibrated_ci_high"):
        assert (got[col] == want[col]).all(), col
    assert got.error_rates_from.str.contains("frame_classifier.json").all()


def test_bad_outside_checks_are_one_line_errors(tmp_path):
    s = pd.read_csv(NEWS / "sentences.csv", keep_default_na=False).head(4)
    (tmp_path / "codes").mkdir()
    for c in ("c1", "c2"):
        s.assign(frame="neutral")[["sentence_id", "frame"]].to_csv(tmp_path / "codes" / f"{c}.csv", index=False)
    pd.concat([s, s.head(1)]).to_csv(tmp_path / "sentences.csv", index=False)
    with pytest.raises(NewsframingError, match="appears twice"):
        outside.load(tmp_path)
    s.head(0).to_csv(tmp_path / "sentences.csv", index=False)
    with pytest.raises(NewsframingError, match="has no sentences"):
        outside.load(tmp_path)
    s.to_csv(tmp_path / "sentences.csv", index=False)
    (tmp_path / "codes" / "c2.csv").unlink()
    with pytest.raises(NewsframingError, match="coded by one coder only"):
        outside.load(tmp_path)
    r = subprocess.run([sys.executable, "-m", "newsframing", "validate", "--outside", str(tmp_path), "--out",
                        str(tmp_path / "out")], capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 2 and "one coder only" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_findings_quote_the_outside_tables():
    from newsframing.render.findings import Findings, load_tables

    text = Findings(load_tables()).outside()
    sc = pd.read_csv(V / "outside_scores.csv", keep_default_na=False)
    for r in sc[sc.model_file == "frame_classifier_encoder.json"].itertuples():
        assert f"macro-F1 **{r.macro_f1:.2f}**" in text
        assert f"{r.outlets_in_calibrated_ci} of {r.outlets} (they are wide)" in text
        assert f"the mean error is {float(r.outlet_mean_abs_error_adjusted):.2f}" in text
    h = pd.read_csv(V / f"{outside.HOLDOUT_TABLE}.csv").query("model_file == 'frame_classifier_encoder.json'")
    s, p = h[h.held_out == "sites"].iloc[0], h[h.held_out == "pages"].iloc[0]
    assert (f"other pages of these sites; refitted without each site's own training sentences, the classifier scores {s.macro_f1:.2f} "
            f"({s.macro_f1_low:.2f}–{s.macro_f1_high:.2f}) instead of {p.macro_f1:.2f} (a change of "
            f"{s.macro_f1_change:+.2f}, paired 95 % interval {s.macro_f1_change_low:+.2f} to {s.macro_f1_change_high:+.2f}), "
            f"with {s.outlets_within_tolerance} of {s.outlets} within 0.10 of the hand codes.") in text
    assert text.count("refitted without") == 1  # the news check shares no outlet with training


def test_outside_figure_has_a_panel_per_check_and_a_row_per_outlet():
    from newsframing.render import figures

    o = pd.read_csv(V / "outside_outlets.csv", keep_default_na=False)
    fig = figures.outside_outlets(o, "frame_classifier_encoder.json")
    axes = fig.axes
    assert [a.get_title(loc="left") for a in axes] == [f"outside check: {c}" for c in dict.fromkeys(o.check)]
    for ax, check in zip(axes, dict.fromkeys(o.check)):
        want = set(o[(o.check == check) & (o.model_file == "frame_classifier_encoder.json")].outlet)
        assert {t.get_text() for t in ax.get_yticklabels()} == want


def test_site_holdout_rows_of_the_fast_model_are_what_train_computes(tmp_path):
    # outside_site_holdout.csv is written by `newsframing train`; the fast model's rows are recomputed here
    # (its features need no encoder), through the same function train calls, and must match to the byte
    from newsframing.measure import transfer
    from newsframing.measure.frames import MODEL_FILE, featurize

    committed = pd.read_csv(V / f"{outside.HOLDOUT_TABLE}.csv", keep_default_na=False, dtype=str)
    coded = training.load_coded(training.build_sentences())
    name = committed.method[committed.model_file == MODEL_FILE.name].iloc[0]
    cand = next(c for c in transfer.candidates(False) if c.name == name)
    write_csv(outside.site_holdout(coded, featurize(coded.text), [(cand, MODEL_FILE.name)], outside.load_all()),
              tmp_path / "h.csv")
    mine = (V / f"{outside.HOLDOUT_TABLE}.csv").read_text(encoding="utf-8").splitlines()
    mine = [mine[0]] + [line for line in mine[1:] if f",{MODEL_FILE.name}," in line]
    assert (tmp_path / "h.csv").read_text(encoding="utf-8").splitlines() == mine


def test_site_holdout_pages_rows_are_the_trained_models_and_sites_rows_drop_their_sites():
    h = pd.read_csv(V / f"{outside.HOLDOUT_TABLE}.csv", keep_default_na=False)
    sc = pd.read_csv(V / "outside_scores.csv", keep_default_na=False)
    coded = training.load_coded(training.read_sentences())
    assert set(h.held_out) == {"pages", "sites"} and set(h.check) == {"web"}  # news outlets are not training outlets
    for _, r in h[h.held_out == "pages"].iterrows():
        # refitted on everything, the linear model predicts what the stored model predicts
        s = sc[(sc.check == r.check) & (sc.model_file == r.model_file)].iloc[0]
        for col in ("macro_f1", "macro_f1_low", "macro_f1_high", "recall_opportunity", "recall_threat",
                    "outlets_within_tolerance", "outlets_same_sign", "outlet_mean_abs_error"):
            assert r[col] == s[col], (r.model_file, col)
        assert r.training_sentences_removed == 0
    sites = set(outside.load(WEB).outlet)
    for _, r in h[h.held_out == "sites"].iterrows():
        assert r.outlets_held_out == len(sites & set(coded.outlet))
        assert r.training_sentences_removed == int(coded.outlet.isin(sites).sum()) > 0


def test_methods_quote_the_site_holdout():
    h = pd.read_csv(V / f"{outside.HOLDOUT_TABLE}.csv").set_index(["model_file", "held_out"])
    coded = training.load_coded(training.read_sentences())
    web = outside.load(WEB)
    per_site = coded.outlet[coded.outlet.isin(set(web.outlet))].value_counts()
    flat = " ".join(DOC.split())
    rep, fast = "frame_classifier_encoder.json", "frame_classifier.json"
    assert (f"{per_site.sum()} of the {len(coded):,} training sentences come from other pages of its five sites "
            f"({per_site.min()} to {per_site.max()} a site)") in flat and len(per_site) == 5
    assert h.loc[(rep, "sites"), "training_sentences_removed"] == per_site.sum()
    s, p, fs, fp = h.loc[(rep, "sites")], h.loc[(rep, "pages")], h.loc[(fast, "sites")], h.loc[(fast, "pages")]
    right = {k: int(round(r.accuracy * r.n)) for k, r in (("s", s), ("p", p), ("fs", fs), ("fp", fp))}
    threats = int((web.frame == "threat").sum())
    assert (f"the report's model scores {s.macro_f1:.4f} ({s.macro_f1_low:.4f}–{s.macro_f1_high:.4f}) instead of "
            f"{p.macro_f1:.4f}, the model without encoder {fs.macro_f1:.4f} instead of {fp.macro_f1:.4f}: "
            f"{right['p'] - right['s']} and {right['fp'] - right['fs']} fewer of the {int(s.n)} sentences right "
            f"({right['p']} → {right['s']}, {right['fp']} → {right['fs']}). Threat recall falls most (report's model "
            f"{p.recall_threat:.4f} → {s.recall_threat:.4f}, {round(p.recall_threat * threats)} → "
            f"{round(s.recall_threat * threats)} of the {threats} threat sentences); the sites within 0.10 stay "
            f"{s.outlets_within_tolerance} of {s.outlets} ({fs.outlets_within_tolerance} of {s.outlets} without "
            f"encoder), but the report's model's mean error per site rises from {p.outlet_mean_abs_error:.4f} to "
            f"{s.outlet_mean_abs_error:.4f} and its rank correlation falls from {p.outlet_spearman:.4f} to "
            f"{s.outlet_spearman:.4f}.") in flat
    assert f"training on up to {per_site.max()} fewer sentences ({per_site.max() / len(coded) * 100:.0f} %)" in flat
    assert (f"The change in macro-F1 is {s.macro_f1_change:.4f} with a paired 95 % interval of "
            f"{s.macro_f1_change_low:.4f} to {s.macro_f1_change_high:.4f} (the same resamples of the {int(s.articles)} "
            f"pages score both fits; {fs.macro_f1_change:.4f}, {fs.macro_f1_change_low:.4f} to "
            f"{fs.macro_f1_change_high:.4f} without encoder): a drop of a few sentences that the check cannot tell "
            f"from none") in flat
    assert s.macro_f1_change_low < 0 < s.macro_f1_change_high and fs.macro_f1_change_low < 0 < fs.macro_f1_change_high
    assert round(s.macro_f1 - p.macro_f1, 4) == s.macro_f1_change
    drops = {c: p[c] - s[c] for c in ("recall_opportunity", "recall_threat", "recall_neutral")}
    assert max(drops, key=drops.get) == "recall_threat"
    assert s.outlets_within_tolerance == p.outlets_within_tolerance
    assert fs.outlets_within_tolerance == fp.outlets_within_tolerance
    assert s.outlet_mean_abs_error > p.outlet_mean_abs_error and s.outlet_spearman < p.outlet_spearman


def test_train_reads_the_outside_checks_first_and_skips_a_missing_folder(tmp_path, monkeypatch):
    # a broken check must fail train before its long comparison, not after it
    assert outside.load_all(tmp_path / "nowhere") == {}
    empty = outside.site_holdout(pd.DataFrame(), pd.DataFrame(), [], {})
    assert empty.empty and list(empty.columns) == outside.HOLDOUT_COLUMNS
    write_csv(empty, tmp_path / "h.csv")  # what train writes then: a header that reads back, not an empty file
    assert list(pd.read_csv(tmp_path / "h.csv").columns) == outside.HOLDOUT_COLUMNS
    assert list(pd.read_csv(V / f"{outside.HOLDOUT_TABLE}.csv").columns) == outside.HOLDOUT_COLUMNS
    (tmp_path / "broken").mkdir()
    pd.DataFrame({"sentence_id": ["a"], "article_id": ["x"], "outlet": ["o"], "text": ["t"]}).to_csv(
        tmp_path / "broken" / "sentences.csv", index=False)
    with pytest.raises(NewsframingError, match="codes"):
        outside.load_all(tmp_path)
    calls = []
    monkeypatch.setattr(training, "build_sentences", lambda: calls.append("sentences") or pd.DataFrame())
    monkeypatch.setattr(outside, "load_all", lambda: (_ for _ in ()).throw(NewsframingError(tmp_path, "broken")))
    monkeypatch.setattr(training, "final_codes", lambda _c: calls.append("codes") or pd.DataFrame())
    with pytest.raises(NewsframingError, match="broken"):
        training.train_and_validate(write=False)
    assert calls == ["sentences"]  # nothing after the checks ran

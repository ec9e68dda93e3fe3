"""Numbers quoted in docs/methods.md and data/training/README.md must be the ones the code computed."""

import re

import pandas as pd

from newsframing import paths

DOC = (paths.ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
TRAINING_README = (paths.DATA / "training" / "README.md").read_text(encoding="utf-8")
V = paths.VALIDATION


def _row(label: str) -> list[float]:
    line = next(ln for ln in DOC.splitlines() if ln.startswith(f"| {label}"))
    return [float(x) for x in re.findall(r"\d\.\d{4}", line)]


def test_transfer_table_matches_computed_scores():
    t = pd.read_csv(V / "transfer_scores.csv", keep_default_na=False)
    for label, cand in (("VADER threshold", "VADER threshold"), ("lexicon rule", "lexicon rule"),
                        ("best without encoder", t[t.selected == "without encoder"].candidate.iloc[0]),
                        ("**best, used by the report", t[t.selected == "report"].candidate.iloc[0])):
        got = t[t.candidate == cand].set_index("scheme").macro_f1
        assert _row(label) == [got[s] for s in ("storyline", "register", "article")], label
        if label.startswith("best") or label.startswith("**best"):
            assert cand in next(ln for ln in DOC.splitlines() if ln.startswith(f"| {label}"))


def test_per_class_calibration_and_groups_match():
    pc = pd.read_csv(V / "transfer_per_class.csv").query("candidate == 'model with encoder' and scheme == 'storyline'")
    for r in pc.itertuples():
        assert f"{r.frame} precision {r.precision:.4f}" in DOC.replace(",\nrecall", ", recall").replace("\n", " ") or \
            f"{r.frame} precision {r.precision:.4f}" in DOC.replace("\n", " "), r.frame
        assert f"recall {r.recall:.4f}" in DOC.replace("\n", " ")
    g = pd.read_csv(V / "transfer_by_group.csv").query("scheme == 'storyline'")
    lo, hi = g.loc[g.macro_f1.idxmin()], g.loc[g.macro_f1.idxmax()]
    assert f"from {lo.macro_f1:.4f} ({lo.held_out}) to {hi.macro_f1:.4f} ({hi.held_out})" in DOC.replace("\n", " ")
    ece = pd.read_csv(V / "reliability.csv").groupby("frame").ece.first()
    for frame, v in ece.items():
        assert f"{v:.4f} {frame}" in DOC.replace("\n", " ")


def test_codes_and_corpus_numbers_match():
    ag = pd.read_csv(V / "intercoder_agreement.csv").set_index("pair")
    assert f"Cohen's κ {ag.loc['all pairs', 'cohen_kappa']:.4f} over all {int(ag.loc['all pairs', 'n'])} items" in DOC
    pairs = ag.drop(index="all pairs")
    assert f"per pair {pairs.cohen_kappa.min():.4f}–{pairs.cohen_kappa.max():.4f}" in DOC
    for r in ag.itertuples():
        assert f"{r.agreement:.4f} | {r.cohen_kappa:.4f}" in TRAINING_README, r.Index
    tc = pd.read_csv(V / "training_corpus.csv")
    n = int(tc["items"].sum())
    assert f"{n} coded items" in DOC and f"{n:,} coded items" in TRAINING_README
    assert f"from {int(tc.articles.sum())} articles over {tc.storyline.nunique()} storylines" in DOC.replace("\n", " ")
    adj = pd.read_csv(paths.DATA / "training" / "codes" / "adjudication.csv")
    assert f"the {len(adj)} disagreements were adjudicated" in DOC.replace("\n", " ")
    lex = pd.read_csv(paths.LEXICONS / "frame_lexicon_v2.csv")
    assert f"{len(lex)} entries" in DOC


def test_seed_and_lexicon_scores_match():
    v = pd.read_csv(paths.PROCESSED / "validation_scores.csv").set_index("method")
    assert f"macro-F1\n{v.loc['model', 'macro_f1']:.4f}, κ {v.loc['model', 'cohen_kappa']:.4f}" in DOC or \
        f"macro-F1 {v.loc['model', 'macro_f1']:.4f}, κ {v.loc['model', 'cohen_kappa']:.4f}" in DOC.replace("\n", " ")
    t = pd.read_csv(V / "transfer_scores.csv", keep_default_na=False).query("candidate == 'lexicon rule' and scheme == 'storyline'")
    assert f"macro-F1 {t.macro_f1.iloc[0]:.4f} on the training corpus and finds {t.recall_opportunity.iloc[0]:.4f}" in DOC.replace("\n", " ")


def test_quantification_check_numbers_match():
    q = pd.read_csv(V / "quantification_check_summary.csv").set_index("method")
    flat = DOC.replace("\n", " ")
    assert f"On {int(q.loc['cc', 'outlets'])} outlets of the training corpus" in flat
    assert f"{q.loc['cc', 'mean_abs_error']:.4f} for raw label shares (CC) and {q.loc['pacc', 'mean_abs_error']:.4f} for PACC" in flat
    assert f"(ACC {q.loc['acc', 'mean_abs_error']:.4f})" in flat
    lead = "raw shares" if q.loc["cc", "mean_abs_error"] <= q.loc["pacc", "mean_abs_error"] else "corrected estimate"
    assert f"The report therefore leads with the {lead}" in flat
    assert (f"{q.loc['cc', 'interval_coverage']:.4f} of outlets with raw shares (mean width {q.loc['cc', 'mean_interval_width']:.4f}) "
            f"and {q.loc['pacc', 'interval_coverage']:.4f} with PACC (mean width {q.loc['pacc', 'mean_interval_width']:.4f})") in flat
    assert f"{q.loc['cc', 'outlet_error_sd']:.4f} for raw shares and {q.loc['pacc', 'outlet_error_sd']:.4f} for PACC" in flat
    assert (f"{q.loc['cc', 'calibrated_coverage']:.4f} of outlets with raw shares (mean width "
            f"{q.loc['cc', 'mean_calibrated_width']:.4f}) and {q.loc['pacc', 'calibrated_coverage']:.4f} with PACC "
            f"(mean width {q.loc['pacc', 'mean_calibrated_width']:.4f})") in flat
    assert f"training corpus's {int(q.loc['cc', 'outlets'])} outlets" in flat


def test_sentiment_agreement_numbers_match():
    agr = pd.read_csv(paths.PROCESSED / "sentiment_agreement.csv").set_index("measure").value
    for m in ("polarity_agreement", "cohen_kappa", "spearman_rho"):
        assert f"{agr[m]:.4f}" in DOC, m


def test_keyness_numbers_match():
    k = pd.read_csv(paths.PROCESSED / "keyness.csv")
    assert (k.significant.sum() == 0) == ("no word reaches |z| > 1.96" in DOC)
    assert f"largest |z| {k.z.abs().max():.2f}" in DOC


def test_voice_validation_numbers_match():
    v = pd.read_csv(paths.PROCESSED / "voice_validation.csv").set_index("measure").value
    assert f"accuracy {v['accuracy']:.4f}, Cohen's κ {v['cohen_kappa']:.4f} on the {int(v['sentences'])} sentences" in DOC
    conf = pd.read_csv(paths.PROCESSED / "voice_confusion.csv")
    misses = conf[conf.code != conf.attributed]
    assert misses.n.sum() == 2 and set(misses.attributed) == {"outlet"}  # "Both misses ... outlet's voice"


def test_voice_transfer_numbers_match():
    t = pd.read_csv(paths.VALIDATION / "voice_transfer.csv").set_index("part")
    h, fresh = t.loc["held_out_all"], t.loc["fresh"]
    doc = DOC.replace(" %", "%")
    assert f"({int(h.sentences)} sentences of {int(h.articles)} articles) the rules reach accuracy {h.accuracy:.4f},\nκ {h.cohen_kappa:.4f} (fresh sample: {fresh.accuracy:.4f}" in DOC
    assert f"κ {t.loc['development'].coder_kappa:.4f} between the coders" in DOC and f"κ {fresh.coder_kappa:.4f}, 34" in DOC
    assert f"find {h.speech_found:.0%} of the\nquoted" in doc and f"for only {h.speech_right_voice:.0%} of it" in doc
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert f"only {h.speech_right_voice:.0%} of quoted or paraphrased speech" in readme.replace(" %", "%")


def test_learning_curve_numbers_match():
    c = pd.read_csv(V / "learning_curve.csv").set_index("fraction")
    flat = DOC.replace("\n", " ")
    for fr, r in c.iterrows():
        assert f"{r.macro_f1:.4f} with {fr:.0%} of them (about {r.training_items:,.0f} items per fold)" in flat, fr
    gain = c.loc[1.0, "macro_f1"] - c.loc[0.5, "macro_f1"]
    assert f"from half to all added {gain:.4f}" in flat
    import math

    assert f"would take about {math.ceil((0.80 - c.loc[1.0, 'macro_f1']) / gain)} more doublings" in flat


def test_model_trial_numbers_match_the_trial_tables():
    """Methods §4 quotes the trials from the tables experiments/ writes, not from memory; the trials'
    own copy of the report's model scores what the comparison scored."""
    flat = DOC.replace("\n", " ")
    t = pd.read_csv(V / "model_trials.csv")
    ref = t[t.trial == "report model"].set_index("scheme").macro_f1
    sc = pd.read_csv(V / "transfer_scores.csv", keep_default_na=False)
    report = sc[sc.selected == "report"].set_index("scheme").macro_f1
    assert ref["storyline"] == report["storyline"] and ref["register"] == report["register"]
    lin = t[t.trial == "logistic regression (embed+lexicon)"].set_index("scheme").macro_f1
    cand = sc[sc.candidate == "embed+lexicon · logreg · C=1"].set_index("scheme").macro_f1
    assert lin["storyline"] == cand["storyline"] and lin["register"] == cand["register"]
    mean = t[t.scheme.isin(["storyline", "register"])].groupby("trial").vs_report_model.mean()
    for trial in ("categories", "neighbours", "tail clause", "max pooling", "middle layer", "RBF SVM (embed+lexicon)",
                  "MLP (embed+lexicon)", "logistic regression (embed+lexicon)", "embed weight 1.5", "embed weight 2.0", "lexicon weight 0.6", "lexicon weight 1.0"):
        assert f"{mean[trial]:+.4f}" in flat, trial
    a = t[t.trial.str.startswith("adaptation")].set_index("trial").macro_f1
    assert (f"{a['adaptation ×1']:.4f}, {a['adaptation ×3']:.4f} and {a['adaptation ×8']:.4f} on the other half" in flat
            and f"against {a['adaptation ×0']:.4f} without them" in flat)
    gains = t[t.vs_report_model > 0]
    assert len(gains) and (gains.vs_report_model_low < 0).all() and (gains.vs_report_model_high > 0).all()
    assert "Every gain's interval contains zero, the largest included" in flat
    for trial, scheme in (("neighbours", "storyline"), ("adaptation ×8", "storyline (other half)")):
        r = t[(t.trial == trial) & (t.scheme == scheme)].iloc[0]
        assert f"{r.vs_report_model:+.4f}, {r.vs_report_model_low:.4f} to {r.vs_report_model_high:.4f}" in flat, trial
    assert r.vs_report_model == gains.vs_report_model.max()
    for trial in ("RBF SVM (embed+lexicon)", "MLP (embed+lexicon)", "embed weight 2.0"):
        assert (t[t.trial == trial].vs_report_model_high < 0).any(), trial
    st = t[t.trial.str.startswith("self-training")].set_index(["trial", "scheme"])
    assert len(st) == 4
    (q1, pool), (q2, _pool) = [map(int, re.fullmatch(r"self-training, quota (\d+) of (\d+)", k).groups())
                               for k in st.index.get_level_values(0).unique()]
    lo, hi = (st.xs(f"self-training, quota {q} of {pool}") for q in (q1, q2))
    assert f"a pool of {pool:,} real web sentences" in flat
    added = lambda r: ", ".join(f"{r[f'added_{lab}']:.0f} {lab}" for lab in ("opportunity", "threat"))  # noqa: E731
    assert (f"With a quota of {q1:,}, a fold added on average {added(lo.loc['storyline'])} and "
            f"{lo.loc['storyline', 'added_neutral']:.0f} neutral sentences, and macro-F1 was "
            f"{lo.macro_f1['storyline']:.4f} on held-out storylines and {lo.macro_f1['register']:.4f} on held-out "
            f"registers ({lo.vs_report_model['storyline']:+.4f} and {lo.vs_report_model['register']:+.4f} against the "
            f"report's model on the same folds; mean {lo.vs_report_model.mean():+.4f})") in flat
    assert (f"With a quota of {q2:,} the model found too few threat sentences in the pool to fill it "
            f"({added(hi.loc['storyline'])}, {hi.loc['storyline', 'added_neutral']:.0f} neutral added): "
            f"{hi.macro_f1['storyline']:.4f} and {hi.macro_f1['register']:.4f} ({hi.vs_report_model['storyline']:+.4f} "
            f"and {hi.vs_report_model['register']:+.4f})") in flat
    quota = hi.loc["storyline", ["added_opportunity", "added_threat", "added_neutral"]]
    assert quota.sum() < q2 and abs(lo.loc["storyline", ["added_opportunity", "added_threat", "added_neutral"]].sum() - q1) <= 2
    f = pd.read_csv(V / "finetune_trial.csv").set_index("model").macro_f1
    assert (f"macro-F1 {f['fine-tuned encoder']:.4f} for the fine-tuned encoder alone, {f['report model']:.4f} for the "
            f"report's model on the same folds, and {f['mean of both']:.4f} for the mean") in flat
    gain = pd.read_csv(V / "finetune_trial.csv").set_index("model").vs_report_model["mean of both"]
    assert f"That gain, {gain:+.4f}, is the largest of any trial" in flat
    assert gain > mean.drop("report model").max() and gain > a.max() - a["adaptation ×0"]

"""Small modules: sentences, atomic writes, report-building helpers, findings escaping, figures."""

import matplotlib
import nbformat
import pandas as pd
import pytest

from newsframing import paths
from newsframing.render import figures
from newsframing.atomic import staged_outputs, write_csv_atomic
from newsframing.render.findings import Findings, e, table_html
from newsframing.ingest.segment import split_sentences
from newsframing.errors import NewsframingError
from newsframing.render.site import cell_options, execute_notebook, qmd_to_notebook, resolve_embeds


def test_sentences_cope_with_abbreviations_quotes_and_dashes():
    text = ('U.S. actors met on Monday — briefly. "It is not over," said the union\'s chief. '
            "Talks resume next week.")
    assert split_sentences(text) == ["U.S. actors met on Monday — briefly.",
                                     '"It is not over," said the union\'s chief.', "Talks resume next week."]


def test_staged_outputs_leave_nothing_on_failure(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with staged_outputs(out) as tmp:
            (tmp / "a.csv").write_text("half")
            raise RuntimeError("boom")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    with staged_outputs(out) as tmp:
        (tmp / "a.csv").write_text("done")
    assert (out / "a.csv").read_text() == "done"


def test_write_csv_atomic_is_deterministic(tmp_path):
    df = pd.DataFrame({"x": [1 / 3, 2.0], "y": ["a", "b"]})
    write_csv_atomic(df, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text() == "x,y\n0.3333,a\n2.0000,b\n"


QMD = """---
title: "T"
---

```{python}
#| tags: [parameters]
X = 1
```

Intro text (@fig-a).

{{< embed nb.ipynb#fig-a >}}

See [the notebook](../notebooks/nb.ipynb).
"""


def test_qmd_to_notebook_and_embeds(tmp_path):
    src = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('#| label: fig-a\n#| fig-cap: "A caption"\n#| fig-alt: "An alt text for the chart"\n1')
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})]
    src.cells = [cell]
    nbformat.write(src, tmp_path / "nb.ipynb")
    nb = qmd_to_notebook(QMD)
    assert nb.metadata["title"] == "T"
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "markdown"]
    assert cell_options(nb.cells[1]) == {"tags": "[parameters]"}
    nb = resolve_embeds(nb, tmp_path, lambda t: f"notebooks/{t.stem}.html")
    emb = [c for c in nb.cells if c.cell_type == "code" and "embedded" in c.metadata.get("tags", [])]
    assert emb[0].outputs[0]["metadata"]["image/png"]["alt"] == "An alt text for the chart"
    assert any("A caption" in c.source and "notebooks/nb.html" in c.source for c in nb.cells if c.cell_type == "markdown")
    assert any(c.source == "Intro text ([Figure 1](#fig-a))." for c in nb.cells if c.cell_type == "markdown")
    dangling = qmd_to_notebook(QMD.replace("(@fig-a)", "(@fig-b, mail me@fig-a.org)"))
    with pytest.raises(NewsframingError, match="@fig-b points at no embedded figure"):
        resolve_embeds(dangling, tmp_path, lambda t: f"notebooks/{t.stem}.html")


def test_execute_notebook_injects_parameters_only_when_given(tmp_path):
    nb = nbformat.v4.new_notebook()
    p = nbformat.v4.new_code_cell("X = 1")
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell("print(X)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    out = execute_notebook(path, tmp_path / "o.ipynb", params={"X": 42})
    assert out.cells[-1].outputs[0]["text"] == "42\n"
    assert "injected-parameters" in out.cells[1].metadata["tags"]
    plain = execute_notebook(path)
    assert len(plain.cells) == 2 and plain.cells[-1].outputs[0]["text"] == "1\n"


def test_findings_escape_data_values(seed_corpus):
    assert e("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    html = table_html(pd.DataFrame({"outlet": ["<script>alert(1)</script>"]}))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_findings_sentences_follow_the_data(seed_corpus):
    from newsframing.render.findings import load_tables

    t = load_tables()
    o = t["outlet_framing"].copy()
    f = Findings(t)
    assert f"{o.net_framing.min():+.2f}" in f.framing()
    # the text reads the calibrated intervals (bootstrap + the outlet error measured by transfer)
    t2 = dict(t, outlet_framing=o.assign(calibrated_ci_low=o.calibrated_ci_low.clip(lower=0.01), calibrated_ci_high=1.0,
                                         net_framing=0.5))
    assert "excludes zero" in Findings(t2).framing() or "exclude zero" in Findings(t2).framing()


def test_interval_sentence_is_grammatical_for_one_and_for_several_outlets(seed_corpus):
    from newsframing.render.findings import load_tables

    t = load_tables()
    o = t["outlet_framing"]
    one = o.assign(calibrated_ci_low=[0.01 if k == 0 else -0.5 for k in range(len(o))], calibrated_ci_high=0.6)
    lone = one.loc[one.calibrated_ci_low > 0, "outlet"].iloc[0]
    assert f"The interval of {lone} excludes zero." in Findings(dict(t, outlet_framing=one)).framing()
    two = o.assign(calibrated_ci_low=[0.01 if k < 2 else -0.5 for k in range(len(o))], calibrated_ci_high=0.6)
    names = sorted(two.loc[two.calibrated_ci_low > 0, "outlet"], key=lambda x: (float(two.set_index("outlet").net_framing[x]), x))
    assert f"The intervals of {names[0]} and {names[1]} exclude zero." in Findings(dict(t, outlet_framing=two)).framing()


def test_corrected_estimates_are_flagged_when_codes_are_few_or_the_correction_is_clipped(seed_corpus):
    from newsframing.render.findings import MIN_CODES_PER_CLASS, load_tables

    t = load_tables()
    vp = t["validation_predictions"]
    counts = vp.code.value_counts()
    assert (counts < MIN_CODES_PER_CLASS).any()  # the seed's 65 codes are too few for a reliable correction
    f = Findings(t)
    assert "rest on only " + f"{counts['opportunity']} opportunity" in f.framing()
    many = pd.concat([vp] * 3, ignore_index=True)  # 42+ of every class
    o = t["outlet_framing"]
    inside = o.assign(adjusted_share_threat=0.3, adjusted_share_opportunity=0.3, adjusted_share_neutral=0.4)
    assert Findings(dict(t, validation_predictions=many, outlet_framing=inside)).correction_problems() == []
    clipped = inside.assign(adjusted_share_threat=[0.0] + [0.3] * (len(o) - 1))
    problems = Findings(dict(t, validation_predictions=many, outlet_framing=clipped)).correction_problems()
    assert len(problems) == 1 and o.outlet.iloc[0] in problems[0] and "share of 0 or 1" in problems[0]
    assert "not reliable here" in Findings(dict(t, validation_predictions=many, outlet_framing=clipped)).framing()


def test_a_coded_sample_is_reported_by_the_codes_alone(seed_corpus):
    from newsframing.render.findings import load_tables

    t = load_tables()
    coded = t["outlet_framing_coded"]
    full = Findings(dict(t, outlet_framing_coded=coded.assign(coverage=1.0))).adjustment()
    assert "Every sentence of this corpus is hand-coded" in full and "By the hand codes alone" not in full
    part = coded.assign(coverage=0.2, n_sentences=3)
    text = Findings(dict(t, outlet_framing_coded=part)).adjustment()
    assert "Every sentence of this corpus is hand-coded" not in text
    assert f"By the hand codes alone**, {3 * len(part)} of" in text
    assert all(f"{o} {r.net_framing:+.2f}" in text for o, r in zip(part.outlet, part.itertuples()))


def test_voice_findings_say_when_attribution_is_unchecked(seed_corpus):
    from newsframing.render.findings import load_tables

    t = load_tables()
    assert "not checked against hand codes" not in Findings(t).voices()  # the seed's voices are hand-coded
    t2 = {k: v for k, v in t.items() if k != "voice_validation"}
    assert "not checked against hand codes on this corpus" in Findings(t2).voices()


def test_availability_names_the_corpus_folder(seed_corpus, tmp_path):
    from newsframing.render.findings import load_tables

    f = Findings(load_tables())
    assert "`data/processed/`" in f.availability(None)
    other = f.availability(paths.ROOT / "_build" / "mine" / "processed")
    assert "`_build/mine/processed`" in other and "data/processed" not in other
    assert str(tmp_path.resolve()) in f.availability(tmp_path)


def test_strip_rows_group_articles_by_outlet_and_number_them():
    rows = figures._strip_rows(pd.DataFrame({
        "article_id": ["b2", "a1", "c1", "b1", "b2"], "outlet": ["Wired", "Verge", "Alpha", "Wired", "Wired"],
        "position": [2, 1, 1, 1, 1], "frame": ["threat"] * 5}))
    assert [label for label, _ in rows] == ["Alpha", "Verge", "Wired (1/2)", "Wired (2/2)"]
    assert list(rows[-1][1].position) == [1, 2]


def test_largest_error_is_read_from_the_confusion_table():
    from newsframing.render.findings import load_tables

    t = load_tables()
    conf = t["validation_confusion"]
    fake = conf.assign(n=[9 if (r.method == "model" and r.code == "neutral" and r.predicted == "opportunity") else r.n
                          for r in conf.itertuples()])
    assert "*neutral* are predicted *opportunity*" in Findings(dict(t, validation_confusion=fake)).largest_error()


def test_every_figure_function_returns_a_labelled_figure():
    from newsframing.render.findings import load_tables

    t = load_tables()
    figs = [figures.net_framing(t["outlet_framing"]), figures.frame_shares(t["outlet_framing"]),
            figures.top_terms(t["keyness"]), figures.sentiment(t["outlet_framing"]),
            figures.framing_strip(t["sentence_frames"]), figures.voice_framing(t["voice_framing"]),
            figures.confusion(t["validation_confusion"])]
    for fig in figs:
        assert isinstance(fig, matplotlib.figure.Figure)
        titles = [ax.get_title() for ax in fig.axes] + [fig._suptitle.get_text() if fig._suptitle else ""]
        assert any(titles), "every chart has a title"
    svg = figures.strip_html(pd.DataFrame({"article_id": ["a"], "outlet": ["<i>O</i>"], "position": [1],
                                           "sentence_id": ["a-s001"], "frame": ["threat"],
                                           "text": ["x <script>y</script>"], "evidence": [""]}))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;i&gt;O&lt;/i&gt;" in svg


def test_seed_only_blocks_are_dropped_for_other_corpora():
    from newsframing.render.site import strip_divs

    md = "Intro.\n\n::: {.seed-corpus-only}\nAbout Sora.\n:::\n\nAfter."
    assert strip_divs(md, seed_corpus=True) == "Intro.\n\nAbout Sora.\n\nAfter."
    assert strip_divs(md, seed_corpus=False) == "Intro.\n\nAfter."


def test_fallback_report_is_byte_stable(tmp_path):
    from newsframing.render.site import build_fallback

    pages = []
    for name in ("a", "b"):
        index = build_fallback(tmp_path / name)
        pages.append(sorted((p.relative_to(index.parent), p.read_bytes()) for p in index.parent.rglob("*.html")))
    assert pages[0] == pages[1]

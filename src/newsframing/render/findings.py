"""Key findings as sentences computed from the derived tables, for the report and notebooks.

Every number in the report's prose comes from here, so a rerun on another corpus rewrites the prose
too. Values from the data (outlet names, article text) are HTML-escaped: article text is untrusted.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsframing import paths

TABLES = ["articles", "sentences", "teasers", "ingest_log", "sentence_frames", "outlet_framing", "article_framing",
          "voice_framing", "voice_framing_overall", "tfidf_terms", "keyness", "kwic", "collocations",
          "sentiment_agreement", "sentiment_disagreements"]
VALIDATION = ["validation_scores", "validation_confusion", "validation_per_class", "validation_predictions"]
OPTIONAL = ["outlet_framing_coded", "voice_validation", "voice_confusion"]  # only for a hand-coded corpus


def e(x: object) -> str:
    return html.escape(str(x))


def load_tables(processed: str | Path | None = None, validation: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """All derived tables of a corpus (``processed``) plus the classifier's validation tables
    (``validation``, default: the project's hand-coded seed corpus)."""
    p = Path(processed) if processed else paths.PROCESSED
    v = Path(validation) if validation else paths.PROCESSED
    out = {n: pd.read_csv(p / f"{n}.csv", keep_default_na=False, na_values=[""]) for n in TABLES}
    for folder, names in ((v, VALIDATION), (p, OPTIONAL)):
        for n in names:
            f = folder / f"{n}.csv"
            if f.is_file():
                out[n] = pd.read_csv(f, keep_default_na=False, na_values=[""])
    return out


def _ci(r: pd.Series) -> str:
    return f"{r.net_framing:+.2f} (95 % CI {r.ci_low:+.2f} to {r.ci_high:+.2f})"


@dataclass
class Findings:
    t: dict[str, pd.DataFrame]

    def corpus(self) -> str:
        a, s = self.t["articles"], self.t["sentences"]
        canon = a[a.article_id == a.canonical_id]
        dups = len(a) - len(canon)
        log = self.t["ingest_log"]
        dropped = int((log.action == "dropped").sum())
        return (f"The corpus has **{len(a)} files** from **{a.outlet.nunique()} outlets**: {len(canon)} canonical "
                f"articles and {dups} near-duplicate cop{'y' if dups == 1 else 'ies'} merged into "
                f"{'its source' if dups == 1 else 'their sources'}, giving **{len(s)} sentences** for analysis. "
                f"Ingestion dropped {dropped} lines of page furniture, split off {len(self.t['teasers'])} unrelated "
                f"teaser article(s), restored {int((log.action == 'restored').sum())} sentence(s) from a duplicate "
                f"and made {int((log.action == 'repaired').sum())} repair(s).")

    def framing(self) -> str:
        sf = self.t["sentence_frames"]
        n = len(sf)
        share = sf.frame.value_counts(normalize=True)
        o = self.t["outlet_framing"].sort_values("net_framing")
        lo, hi = o.iloc[0], o.iloc[-1]
        overlap = (o.ci_low.max() <= o.ci_high.min())
        text = (f"Of {n} sentences, the classifier labels **{share.get('threat', 0):.0%} threat**, "
                f"**{share.get('opportunity', 0):.0%} opportunity** and {share.get('neutral', 0):.0%} neutral. "
                f"**{e(lo.outlet)}** leans most towards threat, net framing {_ci(lo)}; **{e(hi.outlet)}** leans most "
                f"towards opportunity, {_ci(hi)}. ")
        excl = o[(o.ci_high < 0) | (o.ci_low > 0)]
        if len(excl):
            text += ("Only " + " and ".join(f"{e(r.outlet)}'s" for r in excl.itertuples()) +
                     f" interval{'s exclude' if len(excl) > 1 else ' excludes'} zero. ")
        else:
            text += "Every interval includes zero. "
        if overlap:
            text += "All outlets' intervals overlap one another: with this few sentences, no outlet is clearly different from the others."
        else:
            text += "Some intervals do not overlap, but with one article per outlet this is a difference between articles as much as outlets."
        return text

    def voices(self) -> str:
        sf = self.t["sentence_frames"]
        thr = sf[sf.frame == "threat"]
        opp = sf[sf.frame == "opportunity"]
        own_t = int((thr.voice == "outlet").sum())
        att_o = opp[opp.voice != "outlet"]
        quoted = sf[sf.voice != "outlet"]
        share_t = own_t / len(thr) if len(thr) else 0.0
        share_o = len(att_o) / len(opp) if len(opp) else 0.0
        lead = ("**Threat is mostly the outlets' own voice**" if share_t > 0.5 else "**Threat is mostly voiced by sources**")
        text = (f"{lead}: {own_t} of {len(thr)} threat sentences carry no attribution. "
                f"Of {len(opp)} opportunity sentences, {len(att_o)} ({share_o:.0%}) are attributed to a speaker")
        if len(att_o):
            top = att_o.voice.value_counts().sort_index().sort_values(ascending=False, kind="stable")
            text += f", most often *{e(top.index[0])}* ({int(top.iloc[0])})"
        return text + f". {len(quoted)} of {len(sf)} sentences are quoted or paraphrased speech."

    def sentiment(self) -> str:
        agr = self.t["sentiment_agreement"].set_index("measure").value
        o = self.t["outlet_framing"]
        lo, hi = o.vader_mean.min(), o.vader_mean.max()
        tone = ("positive in every outlet" if lo >= 0.05 else "negative in every outlet" if hi <= -0.05
                else "mixed across outlets")
        return (f"Mean sentence sentiment is {tone} (VADER {lo:+.2f} to {hi:+.2f} per outlet), so tone and framing "
                f"are different measures: an outlet can sound upbeat while most of its framed sentences are threat. "
                f"VADER and AFINN give the same polarity to {agr['polarity_agreement']:.0%} of sentences "
                f"(Cohen's κ {agr['cohen_kappa']:.2f}).")

    def terms(self) -> str:
        k = self.t["keyness"]
        sig = k[k.significant.astype(str).str.lower() == "true"]
        if len(sig) == 0:
            return (f"**No word is statistically distinctive** for any outlet (largest |z| = {k.z.abs().max():.2f}, "
                    f"below 1.96): the outlets tell the story in largely shared vocabulary.")
        return f"{len(sig)} outlet-word pairs have |z| > 1.96, e.g. " + ", ".join(
            f"*{e(r.term)}* ({e(r.outlet)}, z = {r.z:.2f})" for r in sig.head(5).itertuples()) + "."

    def validation(self) -> str:
        if "validation_scores" not in self.t:
            return "Validation tables are not available (no hand codes for this corpus)."
        s = self.t["validation_scores"].set_index("method")
        m, v, r = s.loc["model"], s.loc["vader_baseline"], s.loc["lexicon_rule"]
        return (f"Against hand codes of all {int(m.n)} sentences, with leave-one-article-out cross-validation, the "
                f"classifier reaches **macro-F1 {m.macro_f1:.2f}** (Cohen's κ {m.cohen_kappa:.2f}); the lexicon alone "
                f"{r.macro_f1:.2f}, and thresholding VADER {v.macro_f1:.2f}.")

    def outlet_sizes(self) -> str:
        a, o = self.t["articles"], self.t["outlet_framing"]
        canon = a[a.article_id == a.canonical_id].groupby("outlet").size()
        per = "one article" if canon.max() == 1 else f"{canon.min()}–{canon.max()} articles"
        return (f"The intervals are wide: each outlet contributes {per} of {int(o.n_sentences.min())} to "
                f"{int(o.n_sentences.max())} sentences.")

    def uncertainty(self) -> str:
        from newsframing.compare.outlets import LEVEL, N_BOOT

        return (f"**Uncertainty.** Intervals are {LEVEL:.0%} percentile bootstrap over sentences ({N_BOOT:,} "
                f"resamples, fixed seed), which ignores the clustering of sentences in articles and is therefore optimistic.")

    def limitations(self) -> str:
        a, s, o = self.t["articles"], self.t["sentences"], self.t["outlet_framing"]
        canon = a[a.article_id == a.canonical_id]
        dups = a[a.article_id != a.canonical_id]
        per_outlet = canon.groupby("outlet").size()
        items = [f"**{a.outlet.nunique()} outlets, {'one article each' if per_outlet.max() == 1 else f'{len(canon)} articles'}**: "
                 "outlet differences are also article differences, and the intervals overlap."
                 if per_outlet.max() == 1 else
                 f"**{a.outlet.nunique()} outlets, {len(canon)} articles**: the intervals reflect sentences, not articles."]
        if len(dups):
            restored = int((self.t["ingest_log"].action == "restored").sum())
            items.append(f"**{len(dups)} near-duplicate cop{'y' if len(dups) == 1 else 'ies'}** (a mirror of another "
                         f"article) merged into {'its source' if len(dups) == 1 else 'their sources'}: "
                         f"{restored} sentence(s) restored, no extra weight.")
        items.append(f"**{len(s)} sentences in all**: every share on this page rests on "
                     f"{int(o.n_sentences.min())}–{int(o.n_sentences.max())} sentences per outlet.")
        return "\n".join(f"- {x}" for x in items)

    def largest_error(self) -> str:
        if "validation_confusion" not in self.t:
            return ""
        c = self.t["validation_confusion"]
        off = c[(c.method == "model") & (c.code != c.predicted)].sort_values(["n", "code"], ascending=[False, True])
        top = off.iloc[0]
        total = int(c[(c.method == "model") & (c.code == top.code)].n.sum())
        return (f"The classifier's most frequent error: {int(top.n)} of {total} sentences hand-coded *{e(top.code)}* "
                f"are predicted *{e(top.predicted)}*.")

    def key_findings(self) -> str:
        return "\n".join(f"- {x}" for x in (self.framing(), self.voices(), self.terms(), self.sentiment(),
                                             self.validation(), self.corpus()))


def table_html(df: pd.DataFrame, columns: list[str] | None = None, floatfmt: str = "{:.2f}") -> str:
    """A compact, escaped HTML table (pandas escapes cell text by default; we never turn that off)."""
    d = df[columns] if columns else df
    return d.to_html(index=False, escape=True, border=0, classes="nf-table", na_rep="",
                     float_format=lambda x: floatfmt.format(x))

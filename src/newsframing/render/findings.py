"""Key findings as sentences computed from the derived tables, for the report and notebooks.

Every number in the report's prose comes from here, so a rerun on another corpus rewrites the prose
too. Values from the data (outlet names, article text) are HTML-escaped: article text is untrusted.
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from newsframing import paths
from newsframing.measure.frames import LABELS

TABLES = ["articles", "sentences", "teasers", "ingest_log", "sentence_frames", "outlet_framing", "article_framing",
          "voice_framing", "voice_framing_overall", "tfidf_terms", "keyness", "kwic", "collocations",
          "sentiment_agreement", "sentiment_disagreements", "quantification"]
# accuracy on this corpus: present only when a sample of it was hand-coded (analyze --codes)
CORPUS_VALIDATION = ["validation_scores", "validation_confusion", "validation_per_class", "validation_predictions",
                     "outlet_framing_coded", "voice_validation", "voice_confusion"]
# error rates estimated from fewer hand codes of a class than this are too noisy to correct with (a rate
# near 0.5 from 30 codes has a standard error of about 0.09)
MIN_CODES_PER_CLASS = 30
TARGET_MACRO_F1 = 0.80  # the project's goal for transfer to held-out storylines (issue #7), not a result
# how the classifier transfers to text it never saw (newsframing train -> data/validation)
TRANSFER = ["transfer_scores", "transfer_per_class", "transfer_confusion", "transfer_by_group", "reliability",
            "intercoder_agreement", "training_corpus", "quantification_check", "quantification_check_summary",
            "voice_transfer", "learning_curve", "outside_scores", "outside_outlets", "outside_agreement",
            "outside_site_holdout"]


def e(x: object) -> str:
    return html.escape(str(x))


def load_tables(processed: str | Path | None = None, validation: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """All derived tables of a corpus (``processed``), its own validation tables when it was
    hand-coded, and the classifier's transfer-validation tables (``validation``, default data/validation)."""
    p = Path(processed) if processed else paths.PROCESSED
    v = Path(validation) if validation else paths.VALIDATION
    out = {n: pd.read_csv(p / f"{n}.csv", keep_default_na=False, na_values=[""]) for n in TABLES}
    from newsframing.measure.frames import default_model_file
    from newsframing.measure.training import error_rate_tables

    own = {n: f.name for n, f in error_rate_tables(default_model_file()).items()}  # the model in use's own check
    for folder, names in ((p, CORPUS_VALIDATION), (v, TRANSFER)):
        for n in names:
            f = folder / (own.get(n, f"{n}.csv") if folder == v else f"{n}.csv")
            if f.is_file():
                out[n] = pd.read_csv(f, keep_default_na=False, na_values=[""])
    return out


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def span(lo: int, hi: int) -> str:
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ci(net: float, lo: float, hi: float) -> str:
    return f"{net:+.2f} (95 % CI {lo:+.2f} to {hi:+.2f})"


@dataclass
class Findings:
    t: dict[str, pd.DataFrame]

    @property
    def measured_here(self) -> bool:
        """Was accuracy measured on this corpus (hand codes of its sentences)?"""
        return "validation_scores" in self.t

    def corpus(self) -> str:
        a, s = self.t["articles"], self.t["sentences"]
        canon = a[a.article_id == a.canonical_id]
        dups = len(a) - len(canon)
        log = self.t["ingest_log"]
        dropped = int((log.action == "dropped").sum())
        return (f"The corpus has **{plural(len(a), 'file')}** from **{plural(a.outlet.nunique(), 'outlet')}**: "
                f"{plural(len(canon), 'canonical article')} and {dups} near-duplicate cop{'y' if dups == 1 else 'ies'} "
                f"merged into {'its source' if dups == 1 else 'their sources'}, giving **{plural(len(s), 'sentence')}** "
                f"for analysis. Ingestion dropped {plural(dropped, 'line')} of page furniture, split off "
                f"{plural(len(self.t['teasers']), 'unrelated teaser article')}, restored "
                f"{plural(int((log.action == 'restored').sum()), 'sentence')} from a duplicate and made "
                f"{plural(int((log.action == 'repaired').sum()), 'repair')}.")

    @property
    def lead(self) -> str:
        """``"raw"`` or ``"adjusted"``: the outlet estimate that erred less on held-out outlets of the
        training corpus (quantification_check_summary), so the choice is measured, not assumed."""
        if "quantification_check_summary" not in self.t:
            return "adjusted"
        q = self.t["quantification_check_summary"].set_index("method").mean_abs_error
        return "raw" if q["cc"] <= q["pacc"] else "adjusted"

    @property
    def calibrated(self) -> bool:
        """Do the outlet table's intervals include the outlet-to-outlet error measured by transfer?"""
        o = self.t["outlet_framing"]
        return "calibrated_ci_low" in o.columns and bool(o.calibrated_ci_low.notna().all())

    def _cols(self, lead: str) -> tuple[str, str, str]:
        """Estimate and interval columns: the calibrated interval wherever it was measured."""
        from newsframing.compare.outlets import estimate_columns

        return estimate_columns(lead, calibrated=self.calibrated)

    def framing(self) -> str:
        """Outlet comparison, leading with the estimate that transferred better (see :attr:`lead`)."""
        o = self.t["outlet_framing"]
        sf = self.t["sentence_frames"]
        share = sf.frame.value_counts(normalize=True)
        net, lo_c, hi_c = self._cols(self.lead)
        other_net, *_ = self._cols("adjusted" if self.lead == "raw" else "raw")
        d = o.sort_values([net, "outlet"])
        lo, hi = d.iloc[0], d.iloc[-1]
        what = "By the classifier's labels" if self.lead == "raw" else "Corrected for the classifier's measured errors"
        if self.calibrated:
            what += " (95 % intervals that allow for the classifier erring differently from outlet to outlet)"
        text = (f"{what}, **{e(lo.outlet)}** leans most towards threat, net framing "
                f"{_ci(lo[net], lo[lo_c], lo[hi_c])}, and **{e(hi.outlet)}** most towards opportunity, "
                f"{_ci(hi[net], hi[lo_c], hi[hi_c])}. ")
        excl = d[(d[hi_c] < 0) | (d[lo_c] > 0)]
        names = [e(r.outlet) for r in excl.itertuples()]
        text += ("Every interval includes zero. " if not names else
                 f"The interval of {names[0]} excludes zero. " if len(names) == 1 else
                 f"The intervals of {listing(names)} exclude zero. ")
        overlap = d[lo_c].max() <= d[hi_c].min()
        text += ("All outlets' intervals overlap: no outlet is clearly different from the others. "
                 if overlap else "Not all intervals overlap. ")
        problems = self.correction_problems()
        text += (f"{'Corrected for classifier error' if self.lead == 'raw' else 'By the raw labels'}, the outlets "
                 f"range from {o[other_net].min():+.2f} to {o[other_net].max():+.2f}. ")
        if problems:
            text += f"The corrected estimates are not reliable here: {'; '.join(problems)}. "
        text += ("Overall the classifier labels "
                 f"{share.get('threat', 0):.0%} of sentences threat, {share.get('opportunity', 0):.0%} opportunity and "
                 f"{share.get('neutral', 0):.0%} neutral.")
        return text

    def correction_problems(self) -> list[str]:
        """Reasons not to trust the corrected outlet estimates: error rates from too few hand codes of a
        class, and corrections that hit a share of 0 or 1 (the rates then imply an impossible share)."""
        out = []
        if self.measured_here:
            n = self.t["validation_predictions"].code.value_counts()
            if any(int(n.get(lab, 0)) < MIN_CODES_PER_CLASS for lab in LABELS):
                out.append("the error rates rest on only " + listing([f"{int(n.get(lab, 0))} {lab}" for lab in LABELS])
                           + f" hand codes (at least {MIN_CODES_PER_CLASS} of each are needed)")
        o = self.t["outlet_framing"]
        shares = o[[f"adjusted_share_{lab}" for lab in LABELS]]
        hit = o.outlet[((shares == 0) | (shares == 1)).any(axis=1)]
        if len(hit):
            out.append(f"for {listing([e(x) for x in hit])} the correction reached a share of 0 or 1, a sign that the "
                       f"error rates do not fit {'that outlet' if len(hit) == 1 else 'those outlets'}")
        return out

    def adjustment(self) -> str:
        """Which estimate leads, why (measured), and how far correction moves each outlet."""
        o = self.t["outlet_framing"]
        moved = (o.net_framing_adjusted - o.net_framing).abs()
        src = str(o.error_rates_from.iloc[0])
        text = ("**Raw or corrected?** Counting the classifier's labels inherits its errors; the corrected estimate "
                "(probabilistic adjusted classify-and-count, PACC) inverts its error rates measured on hand-coded "
                f"sentences (here: {e(src)}), and its interval "
                f"also carries the uncertainty of those rates. Correction moves outlets by {moved.min():.2f} to "
                f"{moved.max():.2f}. ")
        if "quantification_check_summary" in self.t:
            q = self.t["quantification_check_summary"].set_index("method")
            cc, pacc = q.loc["cc"], q.loc["pacc"]
            text += (f"Which to lead with was measured, not assumed: on {int(cc.outlets)} outlets of the training corpus, "
                     f"estimated from predictions on storylines the classifier never saw, the raw shares were off the hand "
                     f"codes' net framing by {cc.mean_abs_error:.2f} on average (largest {cc.max_abs_error:.2f}; right sign "
                     f"for {cc.same_sign:.0%}), the corrected ones by {pacc.mean_abs_error:.2f} (largest "
                     f"{pacc.max_abs_error:.2f}; right sign for {pacc.same_sign:.0%}). ")
            text += ("So this report leads with the **raw shares** and shows the corrected estimate beside them, as a "
                     "measure of how far classifier error could move each outlet: the correction assumes the classifier "
                     "errs alike in every outlet, and across outlets it does not. "
                     if self.lead == "raw" else
                     "So this report leads with the **corrected estimate**. ")
            if "interval_coverage" in q.columns:
                text += self._coverage(q)
        coded = self.t.get("outlet_framing_coded")
        if coded is not None and "coverage" in coded and (coded.coverage < 1).any():
            n = int(coded.n_sentences.sum())
            total = int(o.n_sentences.sum())
            text += (f"**By the hand codes alone**, {n} of {plural(total, 'sentence')} of this corpus: net framing "
                     + ", ".join(f"{e(r.outlet)} {_ci(r.net_framing, r.ci_low, r.ci_high)} from {r.n_sentences} coded"
                                 for r in coded.itertuples())
                     + ". Where the coded sentences are a random sample of each outlet (as `newsframing sample` draws "
                     "them), these estimates do not depend on the classifier at all, only on how many were coded. ")
        elif coded is not None:
            c = coded.set_index("outlet").net_framing
            err_adj = (o.set_index("outlet").net_framing_adjusted - c).abs()
            err_raw = (o.set_index("outlet").net_framing - c).abs()
            text += (f"Every sentence of this corpus is hand-coded, so both can be compared with the codes: raw shares are "
                     f"within {err_raw.max():.2f} of the codes' net framing (mean {err_raw.mean():.2f}), corrected ones "
                     f"within {err_adj.max():.2f} (mean {err_adj.mean():.2f}) — the latter optimistic, since the error "
                     f"rates were measured on these same sentences.")
        return text

    def _coverage(self, q: pd.DataFrame) -> str:
        """How often the 95 % intervals contained the hand-coded value on held-out outlets."""
        cc, pacc = q.loc["cc"], q.loc["pacc"]
        text = (f"On the same outlets the bootstrap's 95 % intervals contained the hand codes' net framing for "
                f"{cc.interval_coverage:.0%} of outlets with the raw shares and {pacc.interval_coverage:.0%} with the "
                "corrected ones; an honest 95 % interval would for about 95 %. ")
        why = {"raw": "the raw intervals reflect only which articles were sampled, not the classifier's errors",
               "corrected": "the corrected ones assume the classifier errs alike in every outlet"}
        low = [k for k, row in (("raw", cc), ("corrected", pacc)) if row.interval_coverage < 0.90]
        if self.calibrated and "calibrated_coverage" in q.columns:
            text += (f"The classifier's error varies from outlet to outlet by a standard deviation of about "
                     f"{cc.outlet_error_sd:.2f} (raw) and {pacc.outlet_error_sd:.2f} (corrected) beyond what the bootstrap "
                     "allows for, so **the outlet intervals this report quotes add that error** (in the figure: the thin bars of the filled dots): widened this way, and with each "
                     "outlet left out of the estimate of the error its own interval uses, they contained the hand codes' "
                     f"value for {cc.calibrated_coverage:.0%} (raw) and {pacc.calibrated_coverage:.0%} (corrected) of the "
                     f"outlets, at a mean width of {cc.mean_calibrated_width:.2f} and {pacc.mean_calibrated_width:.2f}. "
                     "That error was measured on the training corpus; on a corpus unlike it, it may be larger. ")
        elif low:
            reason = ", and ".join(why[k] for k in low)
            text += (f"{reason[0].upper()}{reason[1:]}. **Read {'every interval' if len(low) == 2 else f'the {low[0]} intervals'} "
                     "in this report as too narrow.** ")
        return text

    def voices(self) -> str:
        sf = self.t["sentence_frames"]
        thr = sf[sf.frame == "threat"]
        opp = sf[sf.frame == "opportunity"]
        own_t = int((thr.voice == "outlet").sum())
        att_o = opp[opp.voice != "outlet"]
        quoted = sf[sf.voice != "outlet"]
        if len(thr) == 0 and len(opp) == 0:
            return "The classifier labels no sentence as threat or opportunity, so there is no voice to compare."
        share_t = own_t / len(thr) if len(thr) else 0.0
        share_o = len(att_o) / len(opp) if len(opp) else 0.0
        lead = ("**Threat is mostly the outlets' own voice**" if share_t > 0.5 else "**Threat is mostly voiced by sources**")
        text = (f"{lead}: {own_t} of {plural(len(thr), 'threat sentence')} carry no attribution. "
                f"Of {plural(len(opp), 'opportunity sentence')}, {len(att_o)} ({share_o:.0%}) "
                f"{'is' if len(att_o) == 1 else 'are'} attributed to a speaker")
        if len(att_o):
            top = att_o.voice.value_counts().sort_index().sort_values(ascending=False, kind="stable")
            text += f", most often *{e(top.index[0])}* ({int(top.iloc[0])})"
        text += (f". {len(quoted)} of {plural(len(sf), 'sentence')} are quoted or paraphrased speech. "
                 "These are the classifier's labels, not corrected for its errors")
        if "voice_validation" not in self.t:
            text += ("; and who speaks is found by rules (speech verbs, \"according to\", a list of known voices) "
                     "that were not checked against hand codes on this corpus")
        text += "."
        if "voice_transfer" in self.t:
            h = self.t["voice_transfer"].set_index("part").loc["held_out_all"]
            text += (f" **Treat the voices as indicative:** on {int(h.sentences)} sentences of {int(h.articles)} other "
                     f"articles that the rules were not written from, coded blind by two coders per sample (κ ≥ {h.coder_kappa:.2f}), "
                     f"the rules find {h.speech_found:.0%} of the quoted or paraphrased speech but name the right kind of "
                     f"speaker for only {h.speech_right_voice:.0%} of it (accuracy {h.accuracy:.0%}, κ {h.cohen_kappa:.2f}).")
        return text

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

    def transfer(self) -> str:
        """The chosen model's scores on text it never saw (training corpus, held-out groups)."""
        if "transfer_scores" not in self.t:
            return "Transfer validation tables are not available (run `make train`)."
        t = self.t["transfer_scores"]
        sel = t[t.selected == "report"].set_index("scheme")
        lex = t[t.candidate == "lexicon rule"].set_index("scheme")
        n = int(sel.n.iloc[0])
        parts = [f"{s} held out ({int(sel.loc[s, 'n_groups'])} {s}s) macro-F1 **{sel.loc[s, 'macro_f1']:.2f}**"
                 for s in ("storyline", "register", "article") if s in sel.index]
        recall = sel.loc["storyline"]
        return (f"On the coded training corpus ({n:,} items), scored only on text from a storyline, register "
                f"or article the model never saw: " + "; ".join(parts) + ". With a storyline held out, it finds "
                f"{recall.recall_opportunity:.0%} of opportunity, {recall.recall_threat:.0%} of threat and "
                f"{recall.recall_neutral:.0%} of neutral sentences (the lexicon alone: macro-F1 "
                f"{lex.loc['storyline', 'macro_f1']:.2f}).")

    OUTSIDE_TEXT = {
        "web": ("On real web text from elsewhere", "sentences about AI drawn at random from {a} pages of {k} sites of a "
                "public web crawl, pages the training corpus does not include", "sites", "pages"),
        "news": ("On news coverage written by outsiders", "sentences of {a} news articles written for the project by "
                 "writers who never saw the training corpus, {k} fictional outlets covering the same three events",
                 "outlets", "articles"),
    }

    def outside(self) -> str:
        """The report's model on the outside checks: coded text from elsewhere, never trained on."""
        if "outside_scores" not in self.t:
            return ""
        from newsframing.measure.frames import default_model_file
        from newsframing.measure.outside import OUTLET_TOLERANCE

        out = []
        for check, sc in self.t["outside_scores"].groupby("check", sort=False):
            pick = sc[sc.model_file.fillna("") == default_model_file().name]
            if len(pick) == 0:
                continue
            m, rules = pick.iloc[0], sc.set_index("method")
            ag = self.t["outside_agreement"]
            k = float(ag[(ag.check == check) & (ag.pair == "all pairs")].cohen_kappa.iloc[0])
            lead, what, units, clusters = self.OUTSIDE_TEXT.get(
                check, (f"On the outside check '{check}'", "coded sentences from {a} articles of {k} outlets", "outlets",
                        "articles"))
            n_out = int(m.outlets)
            out.append(
                f"**{lead}** ({int(m.n)} {what.format(a=int(m.articles), k=n_out)}; coded by two coders, Cohen's κ "
                f"{k:.2f}; never used to train, choose or calibrate anything), the classifier reaches macro-F1 "
                f"**{m.macro_f1:.2f}** (95 % interval over {clusters} {m.macro_f1_low:.2f}–{m.macro_f1_high:.2f}; recall "
                f"{m.recall_opportunity:.0%} opportunity, {m.recall_threat:.0%} threat, {m.recall_neutral:.0%} neutral); "
                f"the lexicon alone {rules.loc['lexicon rule', 'macro_f1']:.2f}, thresholding VADER "
                f"{rules.loc['VADER threshold', 'macro_f1']:.2f}. Counting its labels, {int(m.outlets_within_tolerance)} "
                f"of {n_out} {units}' net framing comes within {OUTLET_TOLERANCE:.2f} of the hand codes and "
                f"{int(m.outlets_same_sign)} of {n_out} have their sign; the widened 95 % intervals around the raw "
                f"shares contain the hand-coded value for {int(m.outlets_in_calibrated_ci)} of {n_out} (they are "
                f"wide). Corrected for the classifier's errors, {int(m.outlets_within_tolerance_adjusted)} of {n_out} "
                f"are within {OUTLET_TOLERANCE:.2f}, the mean error is {float(m.outlet_mean_abs_error_adjusted):.2f} "
                f"(raw: {float(m.outlet_mean_abs_error):.2f}) and the widened intervals contain "
                f"{int(m.outlets_in_adjusted_calibrated_ci)} of {n_out}." + self._site_holdout(check, units))
        return " ".join(out)

    def _site_holdout(self, check: str, units: str) -> str:
        """The check scored with its sites held out of training too, when train wrote that table."""
        from newsframing.measure.frames import default_model_file
        from newsframing.measure.outside import OUTLET_TOLERANCE

        h = self.t.get("outside_site_holdout")
        if h is None or h.empty:
            return ""
        h = h[(h.check == check) & (h.model_file == default_model_file().name)].set_index("held_out")
        if not {"pages", "sites"} <= set(h.index):
            return ""
        s = h.loc["sites"]
        return (f" The training corpus has other pages of these {units}; refitted without each {units[:-1]}'s own "
                f"training sentences, the classifier scores "
                f"{s.macro_f1:.2f} ({s.macro_f1_low:.2f}–{s.macro_f1_high:.2f}) instead of {h.loc['pages', 'macro_f1']:.2f}"
                + (f" (a change of {s.macro_f1_change:+.2f}, paired 95 % interval {s.macro_f1_change_low:+.2f} to "
                   f"{s.macro_f1_change_high:+.2f})" if pd.notna(s.get("macro_f1_change", float("nan"))) else "")
                + f", with {int(s.outlets_within_tolerance)} of {int(s.outlets)} within "
                f"{OUTLET_TOLERANCE:.2f} of the hand codes.")

    def learning(self, target: float = TARGET_MACRO_F1) -> str:
        """What the learning curve says about coding more text of the same kind."""
        if "learning_curve" not in self.t:
            return "The learning curve is not available (run `make train`)."
        c = self.t["learning_curve"].set_index("fraction")
        part = {0.25: "a quarter", 0.5: "half", 0.75: "three quarters", 1.0: "all"}
        steps = "; ".join(f"{part.get(fr, f'{fr:.0%}')} of them (about {int(round(r.training_items)):,} items per fold) "
                          f"**{r.macro_f1:.2f}**" for fr, r in c.iterrows())
        text = (f"Trained on part of the coded training articles, drawn at random, the report's model scores on "
                f"held-out storylines: {steps}.")
        if 0.5 in c.index and 1.0 in c.index:
            gain = float(c.loc[1.0, "macro_f1"] - c.loc[0.5, "macro_f1"])
            text += f" Doubling the coded articles from half to all added {gain:+.2f}."
            short = target - float(c.loc[1.0, "macro_f1"])
            if gain > 0 and short > 0:
                n = math.ceil(short / gain)
                text += (f" At that rate, which learning curves seldom keep, reaching the target of {target:.2f} would "
                         f"take about {n} more doubling{'s' if n > 1 else ''} ({2 ** n}× as much coded text)")
                text += (": more text of the same kind narrows the gap slowly, and richer features or models would have "
                         "to close most of it." if n >= 3 else ".")
        return text

    def training(self) -> str:
        """What the classifier was trained on and how it was chosen (methods paragraph)."""
        if "training_corpus" not in self.t:
            return ""
        tc, ag = self.t["training_corpus"], self.t["intercoder_agreement"].set_index("pair")
        kinds = tc.groupby("source_kind")["items"].sum()
        ts = self.t["transfer_scores"]
        model = ts[ts.selected == "report"].iloc[0]
        return (f"**Framing.** A classifier assigns each sentence a frame with a calibrated probability. It was trained "
                f"on a separate corpus of {int(tc['items'].sum()):,} sentences and headlines from {int(tc.articles.sum())} "
                f"articles ({int(kinds.get('crawl', 0)):,} from real web pages, {int(kinds.get('written', 0)):,} from "
                f"articles written for the project) over {tc.storyline.nunique()} storylines of AI in media and work and "
                f"{tc.register.nunique()} registers, each item coded independently by two coders with a written codebook "
                f"(Cohen's κ {ag.loc['all pairs', 'cohen_kappa']:.2f}). Among {ts[ts.model != 'rule'].candidate.nunique()} "
                f"linear models on word and character n-grams, a versioned frame lexicon, sentiment scores and sentence "
                f"embeddings, it was chosen by how well it transfers to storylines and registers it never saw, not by fit: "
                f"*{e(model.candidate)}*. The lexicon's matches (each entry with a rationale) are shown as the evidence "
                f"for every sentence.")

    def calibration(self) -> str:
        if "reliability" not in self.t:
            return ""
        ece = self.t["reliability"].groupby("frame").ece.first()
        return ("On held-out storylines the expected calibration error, the average gap between a predicted "
                "probability and the observed share, is "
                + ", ".join(f"{ece[lab]:.3f} for {lab}" for lab in ("opportunity", "threat", "neutral")) + ".")

    def validation(self) -> str:
        if not self.measured_here:
            return ("**Accuracy on this corpus is unmeasured**: none of its sentences was hand-coded. What is known "
                    "is how the classifier transfers to stories and outlets it was not trained on: " + self.transfer()
                    + (" " + self.outside() if self.outside() else "") + " To measure it here, code a sample (`newsframing sample`) and rebuild with `CODES=`.")
        s = self.t["validation_scores"].set_index("method")
        m = s.loc["model"]
        return (f"**On {plural(int(m.n), 'hand-coded sentence')} of this corpus** the classifier reaches macro-F1 "
                f"**{m.macro_f1:.2f}** (Cohen's κ {m.cohen_kappa:.2f}; recall {m.recall_opportunity:.0%} opportunity, "
                f"{m.recall_threat:.0%} threat, {m.recall_neutral:.0%} neutral); the lexicon alone "
                f"{s.loc['lexicon rule', 'macro_f1']:.2f}, thresholding VADER {s.loc['VADER threshold', 'macro_f1']:.2f}. "
                "The classifier never saw these sentences. " + self.transfer()
                + (" " + self.outside() if self.outside() else ""))

    def outlet_sizes(self) -> str:
        a, o = self.t["articles"], self.t["outlet_framing"]
        canon = a[a.article_id == a.canonical_id].groupby("outlet").size()
        arts = span(int(canon.min()), int(canon.max()))
        sents = span(int(o.n_sentences.min()), int(o.n_sentences.max()))
        return (f"Each outlet contributes {arts} article{'' if arts == '1' else 's'} and {sents} sentences, so the "
                f"intervals are wide.")

    def uncertainty(self) -> str:
        from newsframing.compare.quantify import N_BOOT as NQ

        from newsframing.compare.outlets import LEVEL, N_BOOT

        basis = self.t["outlet_framing"].interval_basis
        one = int((basis != "articles").sum())
        text = (f"**Uncertainty.** Intervals are {LEVEL:.0%} percentile bootstraps with a fixed seed: {N_BOOT:,} resamples "
                f"for raw shares and {NQ:,} for the corrected ones, which also resample the hand-coded sentences that the "
                "error rates come from. Resampling is by article, because sentences of one article are not independent")
        if one:
            text += (f"; {plural(one, 'outlet')} with a single article can only be resampled by sentence, which "
                     "ignores article-to-article variation, so those intervals are too narrow")
        text += "."
        if self.calibrated:
            text += (" The outlet intervals the text quotes then add the classifier's error between outlets, measured on "
                     "held-out outlets of the training corpus (see *Raw or corrected?*).")
        return text

    def limitations(self) -> str:
        a, s, o = self.t["articles"], self.t["sentences"], self.t["outlet_framing"]
        canon = a[a.article_id == a.canonical_id]
        dups = a[a.article_id != a.canonical_id]
        per_outlet = canon.groupby("outlet").size()
        items = [f"**{plural(a.outlet.nunique(), 'outlet')}, one article each**: outlet differences are also article "
                 "differences." if per_outlet.max() == 1 else
                 f"**{plural(a.outlet.nunique(), 'outlet')}, {plural(len(canon), 'article')}**."]
        if len(dups):
            restored = int((self.t["ingest_log"].action == "restored").sum())
            items.append(f"**{plural(len(dups), 'near-duplicate copy', 'near-duplicate copies')}** merged into "
                         f"{'its source' if len(dups) == 1 else 'their sources'}: {plural(restored, 'sentence')} "
                         "restored, no extra weight.")
        items.append(f"**{plural(len(s), 'sentence')} in all**: every share on this page rests on "
                     f"{span(int(o.n_sentences.min()), int(o.n_sentences.max()))} sentences per outlet.")
        from newsframing.ingest.sitewide import MIN_PAGES

        few = a.groupby("outlet").size()
        few = few[few < MIN_PAGES]
        if len(few):
            who = ("every outlet has" if len(few) == a.outlet.nunique() else
                   f"{plural(len(few), 'outlet')} ({listing([e(x) for x in few.index])}) {'has' if len(few) == 1 else 'have'}")
            items.append(f"**Site furniture**: lines a site repeats on its pages (menus, share buttons, newsletter boxes) "
                         f"are recognised only across at least {MIN_PAGES} pages of one outlet; {who} fewer, so only "
                         "the single-page rules cleaned them, and leftovers can surface among the distinctive words.")
        if not self.measured_here:
            items.append("**Accuracy on this corpus is unmeasured**; the error correction assumes the classifier errs "
                         "here as it does on held-out storylines of its training corpus.")
        return "\n".join(f"- {x}" for x in items)

    def largest_error(self) -> str:
        if not self.measured_here:
            return ""
        c = self.t["validation_confusion"]
        off = c[(c.method == "model") & (c.code != c.predicted)].sort_values(["n", "code"], ascending=[False, True])
        if off.empty or int(off.iloc[0].n) == 0:
            return "The classifier made no error on the hand-coded sentences."
        top = off.iloc[0]
        total = int(c[(c.method == "model") & (c.code == top.code)].n.sum())
        return (f"The classifier's most frequent error: {int(top.n)} of {plural(total, 'sentence')} hand-coded "
                f"*{e(top.code)}* {'is' if int(top.n) == 1 else 'are'} predicted *{e(top.predicted)}*.")

    def availability(self, processed: str | Path | None = None) -> str:
        """Where the data and code behind this report are: the project's folders for the seed corpus,
        the corpus's own output folder otherwise (shown relative to the project when inside it)."""
        if processed is None:
            return ("The raw article files, their sha256 checksums and a sources register are in `data/raw/`; every "
                    "derived table is in `data/processed/` with a data dictionary in the README; the frame lexicon, "
                    "codebook and hand codes are in `data/lexicons/`, `docs/` and `data/annotations/`. `make report` "
                    "rebuilds everything from the raw files; `make report CORPUS=path/to/manifest.csv` runs the same "
                    "analysis on other articles.")
        where = os.path.relpath(Path(processed).resolve(), paths.ROOT)
        where = str(Path(processed).resolve()) if where.startswith("..") else where
        return (f"Every derived table of this corpus is in `{e(where)}` (the newsframing README has the data "
                "dictionary); the raw files are the ones its manifest lists. The frame lexicon, codebook, classifier "
                "and its coded training corpus are in the newsframing repository (`data/lexicons/`, `docs/`, `models/`, "
                "`data/training/`). `make report CORPUS=path/to/manifest.csv` rebuilds this report from the raw files.")

    def key_findings(self) -> str:
        return "\n".join(f"- {x}" for x in (self.framing(), self.voices(), self.terms(), self.sentiment(),
                                             self.validation(), self.corpus()))


def table_html(df: pd.DataFrame, columns: list[str] | None = None, floatfmt: str = "{:.2f}") -> str:
    """A compact, escaped HTML table (pandas escapes cell text by default; we never turn that off)."""
    d = df[columns] if columns else df
    return d.to_html(index=False, escape=True, border=0, classes="nf-table", na_rep="",
                     float_format=lambda x: floatfmt.format(x))

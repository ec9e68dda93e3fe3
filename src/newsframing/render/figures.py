"""Every chart of the report, in one style (Okabe-Ito colour-blind-safe palette), as functions.

Notebooks call these and never re-implement plotting; each function takes a derived table and returns
a matplotlib Figure. ``strip_html`` builds the interactive view (hover a sentence to read it): an
inline SVG whose tooltips are native ``<title>`` elements, so it works offline with no JavaScript, and
every piece of article text is HTML-escaped.
"""

from __future__ import annotations

import html

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# Okabe & Ito (2008) palette: distinguishable with the common colour-vision deficiencies
OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999", "black": "#000000"}
FRAME_COLORS = {"opportunity": OKABE_ITO["blue"], "threat": OKABE_ITO["vermillion"], "neutral": "#BBBBBB"}
LEXICON_COLORS = {"VADER": OKABE_ITO["blue"], "AFINN": OKABE_ITO["orange"]}
STYLE = {
    "figure.dpi": 100, "savefig.dpi": 100, "font.size": 10, "axes.titlesize": 11, "axes.titleweight": "bold",
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8, "axes.axisbelow": True, "legend.frameon": False, "svg.hashsalt": "newsframing",
    "font.family": "DejaVu Sans",
}


def apply_style() -> None:
    plt.rcParams.update(STYLE)


def _fig(w: float = 7.5, h: float = 3.6, **kw):
    apply_style()
    return plt.subplots(figsize=(w, h), layout="constrained", **kw)


def net_framing(outlet: pd.DataFrame, lead: str = "raw"):
    """Net framing (share opportunity − share threat) per outlet with 95 % intervals. The ``lead``
    estimate (``"raw"`` label shares or ``"adjusted"`` for classifier error) is the filled dot with its
    bootstrap interval (thick) and, where the table has it, the interval that also allows for the
    classifier's outlet-to-outlet error (thin, longer); the other estimate, when present, is an open
    circle with a thin interval."""
    has_adj = "net_framing_adjusted" in outlet.columns and outlet.net_framing_adjusted.notna().all()
    from newsframing.compare.outlets import estimate_columns

    names = {"raw": "share of classifier labels", "adjusted": "corrected for classifier error (PACC)"}
    lead = lead if has_adj else "raw"
    (key, lo, hi), name = estimate_columns(lead), names[lead]
    _, clo, chi = estimate_columns(lead, calibrated=True)
    has_cal = clo in outlet.columns and outlet[clo].notna().all()
    d = outlet.sort_values([key, "outlet"])
    fig, ax = _fig(7.5, 0.9 + 0.6 * len(d))
    y = np.arange(len(d))
    ends = [hi]
    if has_adj:
        other = "adjusted" if lead == "raw" else "raw"
        (okey, olo, ohi), oname = estimate_columns(other), names[other]
        ax.hlines(y - 0.18, d[olo], d[ohi], color="#AAAAAA", lw=1)
        ax.scatter(d[okey], y - 0.18, s=36, facecolor="white", edgecolor="black", linewidth=1, zorder=4, label=oname)
        ends.append(ohi)
    if has_cal:
        ax.hlines(y, d[clo], d[chi], color="#555555", lw=0.9)
        ends.append(chi)
    colors = [FRAME_COLORS["threat"] if v < 0 else FRAME_COLORS["opportunity"] for v in d[key]]
    ax.hlines(y, d[lo], d[hi], color="#555555", lw=2.5)
    ax.scatter(d[key], y, s=70, color=colors, zorder=3, edgecolor="black", linewidth=0.6)
    right = d[ends].max(axis=1)
    for yi, (_, r), x in zip(y, d.iterrows(), right):
        ax.annotate(f"{r[key]:+.2f}  (n={r.n_sentences})", (x, yi), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, d.outlet)
    ax.set_xlim(-1.05, 1.45)
    ax.set_ylim(-0.7, len(d) - 0.3)
    ax.set_xlabel("net framing = share opportunity − share threat  (← threat · opportunity →)")
    dot = lambda color, label: matplotlib.lines.Line2D([], [], ls="", marker="o", ms=8, mfc=color, mec="black",  # noqa: E731
                                                       mew=0.6, label=label)
    handles = [dot(FRAME_COLORS["opportunity"], f"{name}: leans opportunity"),
               dot(FRAME_COLORS["threat"], f"{name}: leans threat")]
    if has_adj:
        handles.append(dot("white", oname))
    if has_cal:
        line = lambda lw, label: matplotlib.lines.Line2D([], [], color="#555555", lw=lw, label=label)  # noqa: E731
        handles += [line(2.5, "bootstrap (articles, or sentences of one article)"), line(0.9, "+ classifier error between outlets")]
    # above the plot, so it never covers an outlet's value; the title above the legend's rows
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8, frameon=False)
    ax.set_title("Net framing per outlet, with 95 % intervals", pad=12 + 12 * -(-len(handles) // 2))
    return fig


def frame_shares(outlet: pd.DataFrame):
    """Diverging stacked bars: threat to the left of zero, opportunity to the right, neutral split."""
    d = outlet.sort_values("net_framing")
    fig, ax = _fig(7.5, 0.8 + 0.5 * len(d))
    y = np.arange(len(d))
    half = d.share_neutral / 2
    ax.barh(y, -d.share_threat, left=-half, color=FRAME_COLORS["threat"], label="threat")
    ax.barh(y, d.share_neutral, left=-half, color=FRAME_COLORS["neutral"], label="neutral")
    ax.barh(y, d.share_opportunity, left=half, color=FRAME_COLORS["opportunity"], label="opportunity")
    for yi, (_, r) in zip(y, d.iterrows()):
        ax.text(-r.share_neutral / 2 - r.share_threat - 0.02, yi, f"{r.share_threat:.0%}", ha="right", va="center", fontsize=9)
        ax.text(r.share_neutral / 2 + r.share_opportunity + 0.02, yi, f"{r.share_opportunity:.0%}", ha="left", va="center", fontsize=9)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, d.outlet)
    ax.set_xlim(-1, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{abs(v):.0%}"))
    ax.set_xlabel("share of the outlet's sentences (threat left, opportunity right, neutral centred)")
    ax.set_title("How each outlet's sentences split between frames")
    ax.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.08))
    return fig


def top_terms(keyness: pd.DataFrame, k: int = 6):
    """Small multiples: each outlet's most distinctive words (log-odds z-score vs. the other outlets)."""
    outlets = sorted(keyness.outlet.unique())
    cols = 2
    rows = int(np.ceil(len(outlets) / cols))
    fig, axes = _fig(7.5, 0.6 + 1.9 * rows, nrows=rows, ncols=cols, sharex=True, squeeze=False)
    xmax = max(2.2, float(keyness.z.max()) * 1.1)
    for ax, outlet in zip(axes.flat, outlets):
        d = keyness[keyness.outlet == outlet].nlargest(k, "z").iloc[::-1]
        ax.barh(d.term, d.z, color=OKABE_ITO["sky"], edgecolor=OKABE_ITO["blue"])
        ax.axvline(1.96, color=OKABE_ITO["vermillion"], lw=1, ls="--")
        ax.set_title(outlet, fontsize=10)
        ax.set_xlim(0, xmax)
        ax.tick_params(axis="y", labelsize=9)
    for ax in axes.flat[len(outlets):]:
        ax.set_visible(False)
    fig.supxlabel("z-score of the weighted log-odds ratio (dashed: 1.96, conventional significance)", fontsize=9)
    fig.suptitle("Most distinctive words per outlet", fontweight="bold", fontsize=11)
    return fig


def sentiment(outlet: pd.DataFrame):
    """Mean sentence sentiment per outlet from two lexicons, with 95 % bootstrap intervals."""
    d = outlet.sort_values("outlet", ascending=False)
    fig, ax = _fig(7.5, 0.8 + 0.6 * len(d))
    y = np.arange(len(d))
    for off, (name, col) in zip((-0.15, 0.15), (("VADER", "vader"), ("AFINN", "afinn"))):
        ax.hlines(y + off, d[f"{col}_ci_low"], d[f"{col}_ci_high"], color=LEXICON_COLORS[name], lw=2)
        ax.scatter(d[f"{col}_mean"], y + off, color=LEXICON_COLORS[name], s=45, zorder=3, label=name,
                   marker="o" if name == "VADER" else "s", edgecolor="black", linewidth=0.5)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, d.outlet)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("mean sentence sentiment (−1 negative … +1 positive)")
    ax.set_title("Sentence sentiment per outlet: VADER and AFINN")
    ax.legend(loc="lower right")
    return fig


def _strip_rows(frames: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """One row per article, grouped by outlet; an outlet with several articles numbers them (k/N, in
    article-id order) so every row can be told apart."""
    rows = []
    for outlet, g in frames.groupby("outlet", sort=True):
        arts = list(g.groupby("article_id", sort=True))
        for k, (_aid, a) in enumerate(arts, start=1):
            rows.append((f"{outlet}" if len(arts) == 1 else f"{outlet} ({k}/{len(arts)})", a.sort_values("position")))
    return rows


def framing_strip(frames: pd.DataFrame):
    """One row per article: its sentences in reading order, coloured by frame."""
    rows = _strip_rows(frames)
    fig, ax = _fig(7.5, 0.9 + 0.45 * len(rows))
    for i, (label, a) in enumerate(rows[::-1]):
        for _, s in a.iterrows():
            ax.barh(i, 1, left=s.position - 1, color=FRAME_COLORS[s.frame], edgecolor="white", linewidth=1)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows[::-1]])
    ax.set_xlabel("sentence position in the article (1 = first sentence)")
    ax.set_title("Where in each story the frames appear")
    ax.grid(False)
    handles = [matplotlib.patches.Patch(color=c, label=f) for f, c in FRAME_COLORS.items()]
    ax.legend(handles=handles, ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.08))
    return fig


def voice_framing(voice: pd.DataFrame):
    """Small multiples per outlet: number of sentences per voice, stacked by frame."""
    outlets = sorted(voice.outlet.unique())
    voices = sorted(voice.voice.unique())
    fig, axes = _fig(7.5, 0.8 + 1.2 * len(outlets), nrows=len(outlets), ncols=1, sharex=True, squeeze=False)
    xmax = float(voice.n_sentences.max()) + 1
    for ax, outlet in zip(axes[:, 0], outlets):
        d = voice[voice.outlet == outlet].set_index("voice").reindex(voices)
        left = np.zeros(len(voices))
        for frame in ("threat", "neutral", "opportunity"):
            n = (d[f"share_{frame}"] * d.n_sentences).fillna(0).round().to_numpy()
            ax.barh(voices, n, left=left, color=FRAME_COLORS[frame], label=frame)
            left += n
        ax.set_title(outlet, fontsize=10, loc="left")
        ax.set_xlim(0, xmax)
        ax.tick_params(axis="y", labelsize=8)
    axes[-1, 0].set_xlabel("number of sentences")
    axes[0, 0].legend(ncols=3, loc="lower right", bbox_to_anchor=(1, 1.02), fontsize=8)
    fig.suptitle("Who speaks, and with which frame", fontweight="bold", fontsize=11)
    return fig


def confusion(confusion_table: pd.DataFrame, method: str = "model", column: str = "method",
              xlabel: str = "classifier", title: str = "Classifier vs. hand codes"):
    """Confusion matrix of one method's predictions (``column`` == ``method``) against the hand codes."""
    labels = ["opportunity", "threat", "neutral"]
    d = confusion_table[confusion_table[column] == method].pivot(index="code", columns="predicted", values="n")
    d = d.reindex(index=labels, columns=labels).fillna(0)
    fig, ax = _fig(4.8, 4.0)
    ax.imshow(d.to_numpy(), cmap="Blues")
    for i in range(3):
        for j in range(3):
            v = int(d.iloc[i, j])
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > d.to_numpy().max() / 2 else "black", fontsize=12)
    ax.set_xticks(range(3), labels)
    ax.set_yticks(range(3), labels)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("hand code")
    ax.grid(False)
    ax.set_title(title)
    return fig


def reliability(table: pd.DataFrame):
    """Reliability diagram: for each frame, mean predicted probability against the observed share of
    sentences with that code, per probability bin (marker area ~ sentences in the bin)."""
    fig, ax = _fig(5.2, 4.6)
    ax.plot([0, 1], [0, 1], color="#777777", lw=1, ls="--", label="perfect calibration")
    for lab in ["opportunity", "threat", "neutral"]:
        d = table[table.frame == lab]
        ece = float(d.ece.iloc[0]) if len(d) else float("nan")
        color = FRAME_COLORS[lab] if lab != "neutral" else OKABE_ITO["grey"]
        ax.plot(d.mean_predicted, d.observed, color=color, lw=1.5, marker="o", markersize=3,
                label=f"{lab} (ECE {ece:.3f})")
        ax.scatter(d.mean_predicted, d.observed, s=np.sqrt(d.n) * 6, color=color, alpha=0.35, edgecolor="none")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("predicted probability (calibrated, out of fold)")
    ax.set_ylabel("observed share with that hand code")
    ax.set_title("Are the probabilities calibrated?")
    ax.legend(loc="upper left", fontsize=8)
    return fig


def learning_curve(curve: pd.DataFrame, target: float | None = None):
    """Held-out macro-F1 against the amount of coded training text (each point: mean over repeated
    draws of whole articles, bar: lowest to highest draw), with the project's target when given."""
    fig, ax = _fig(6.0, 3.8)
    x, y = curve.training_items, curve.macro_f1
    ax.errorbar(x, y, yerr=[y - curve.macro_f1_min, curve.macro_f1_max - y], color="#222222", marker="o",
                markersize=4, capsize=3, lw=1.5, label="macro-F1, storyline held out")
    for lab, color in (("opportunity", FRAME_COLORS["opportunity"]), ("threat", FRAME_COLORS["threat"])):
        ax.plot(x, curve[f"recall_{lab}"], color=color, lw=1, ls=":", marker=".", label=f"recall, {lab}")
    if target is not None:
        ax.axhline(target, color="#777777", lw=1, ls="--", label=f"target ({target:.2f})")
    ax.set_xscale("log", base=2)
    ax.set_xticks(x, [f"{v:,.0f}" for v in x])
    ax.minorticks_off()
    ax.set_ylim(0, 1)
    ax.set_xlabel("coded training items per fold (log scale; whole articles drawn at random)")
    ax.set_ylabel("score on held-out storylines")
    ax.set_title("Would more coded text close the gap?")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def transfer_scores(scores: pd.DataFrame):
    """Macro-F1 of every compared model with one storyline / one register held out."""
    d = scores[scores.scheme.isin(["storyline", "register"])].pivot_table(index="candidate", columns="scheme",
                                                                          values="macro_f1", sort=False)
    d = d.assign(mean=d.mean(axis=1)).sort_values("mean")
    fig, ax = _fig(7.5, 0.8 + 0.22 * len(d))
    y = np.arange(len(d))
    for scheme, color, marker in (("storyline", OKABE_ITO["blue"], "o"), ("register", OKABE_ITO["orange"], "s")):
        ax.scatter(d[scheme], y, color=color, marker=marker, s=24, label=f"{scheme} held out", zorder=3)
    ax.set_yticks(y, d.index, fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_xlabel("macro-F1 on held-out text")
    ax.set_title("Which model transfers? (one storyline or register held out at a time)")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def strip_html(frames: pd.DataFrame, cell: int = 16) -> str:
    """Interactive framing strip: hover (or focus) a cell to read the sentence, frame and evidence.

    Pure SVG; tooltips are ``<title>`` elements. All text comes from articles, so all of it is escaped.
    """
    rows = _strip_rows(frames)
    label_w, gap = 130, 6
    width = label_w + cell * int(frames.groupby("article_id").size().max()) + 10
    height = (cell + gap) * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="nf-strip" font-family="sans-serif" font-size="12">',
             "<title>Framing strip: one row per article, one square per sentence in reading order; "
             "hover a square to read the sentence</title>"]
    for i, (label, a) in enumerate(rows):
        y = i * (cell + gap) + 4
        parts.append(f'<text x="0" y="{y + cell - 4}">{html.escape(label)}</text>')
        for _, s in a.iterrows():
            x = label_w + (int(s.position) - 1) * cell
            tip = f"{s.sentence_id} [{s.frame}] {s.text}"
            ev = s.get("evidence")
            if isinstance(ev, str) and ev:
                tip += f" — evidence: {ev}"
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell}" fill="{FRAME_COLORS[s.frame]}" '
                         f'tabindex="0"><title>{html.escape(tip)}</title></rect>')
    ly = len(rows) * (cell + gap) + 18
    for k, (f, c) in enumerate(FRAME_COLORS.items()):
        parts.append(f'<rect x="{label_w + k * 110}" y="{ly - 10}" width="12" height="12" fill="{c}"/>'
                     f'<text x="{label_w + k * 110 + 16}" y="{ly}">{f}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def outside_outlets(outlets: pd.DataFrame, model_file: str):
    """The outside checks (``outside_outlets.csv``), one panel per check: each outlet's net framing from
    the hand codes (black diamond) against the classifier's raw label shares (dot, with the widened 95 %
    interval a report quotes) and its estimate corrected for classifier error (open circle)."""
    d = outlets[outlets.model_file == model_file]
    checks = list(dict.fromkeys(d.check))
    sizes = [int((d.check == c).sum()) for c in checks]
    fig, axes = _fig(7.5, 1.3 + sum(0.5 * n + 0.5 for n in sizes), nrows=len(checks), ncols=1, sharex=True,
                     squeeze=False, gridspec_kw={"height_ratios": [n + 1 for n in sizes]})
    for ax, check in zip(axes[:, 0], checks):
        g = d[d.check == check].sort_values(["net_coded", "outlet"])
        y = np.arange(len(g))
        ax.hlines(y, g.calibrated_ci_low, g.calibrated_ci_high, color="#555555", lw=0.9)
        colors = [FRAME_COLORS["threat"] if v < 0 else FRAME_COLORS["opportunity"] for v in g.net_classified]
        ax.scatter(g.net_classified, y, s=60, color=colors, edgecolor="black", linewidth=0.6, zorder=3)
        ax.scatter(g.net_adjusted, y - 0.22, s=34, facecolor="white", edgecolor="black", linewidth=1, zorder=4)
        ax.scatter(g.net_coded, y, marker="D", s=34, color="black", zorder=5)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(y, g.outlet)
        ax.set_ylim(-0.7, len(g) - 0.3)
        ax.set_title(f"outside check: {check}", loc="left", fontsize=10)
    axes[-1, 0].set_xlim(-1.05, 1.05)
    axes[-1, 0].set_xlabel("net framing = share opportunity − share threat  (← threat · opportunity →)")
    mark = lambda marker, color, label, **kw: matplotlib.lines.Line2D(  # noqa: E731
        [], [], ls="", marker=marker, ms=7, mfc=color, mec="black", label=label, **kw)
    handles = [mark("D", "black", "hand codes"), mark("o", FRAME_COLORS["opportunity"], "classifier: share of labels"),
               matplotlib.lines.Line2D([], [], color="#555555", lw=0.9, label="its widened 95 % interval"),
               mark("o", "white", "corrected for classifier error (PACC)")]
    axes[0, 0].legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.12), ncols=2, fontsize=8)
    fig.suptitle("Text from elsewhere: each outlet's net framing, hand codes against the classifier",
                 fontweight="bold", fontsize=11)
    return fig

"""``newsframing analyze``: from ingested sentences to every derived table of the report.

Reads ``sentences.csv`` in the processed folder, writes (atomically, all or nothing):
sentence_frames, article_framing, outlet_framing (raw shares and the error-corrected
``net_framing_adjusted``), quantification, voice_framing, tfidf_terms, keyness, kwic, collocations,
sentiment_agreement and sentiment_disagreements.

Accuracy on *this* corpus needs hand codes of some of its sentences (``codes``: a coding sheet from
``newsframing sample``, coded): with them, validation_scores / _per_class / _confusion / _predictions
measure the classifier on this corpus, and the outlet estimates are corrected with the error rates
measured here. Without them the corrections use the error rates measured by transfer on the training
corpus (``data/validation``), and the report says that accuracy on this corpus is unmeasured.
outlet_framing_coded repeats the outlet comparison on the hand codes alone (``coverage``: the share
of each outlet's sentences coded).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from newsframing import paths
from newsframing.atomic import staged_outputs, write_csv
from newsframing.compare.outlets import group_framing
from newsframing.compare.quantify import LEAD, Validation, quantify
from newsframing.errors import NewsframingError, display_path
from newsframing.execution import CHUNK_ROWS, map_chunks
from newsframing.measure.coding import read_code_file
from newsframing.measure.frames import LABELS, default_model_file, frame_chunk, lexicon_rule, vader_rule
from newsframing.measure.sentiment import lexicon_agreement
from newsframing.measure.terms import collocations, kwic, log_odds_dirichlet, tfidf_top_terms
from newsframing.measure.transfer import confusion, macro_f1_interval, per_class, scores
from newsframing.measure.voices import attribute_voices, validate_voices

TOP_TERMS = 8
TRANSFER_PREDICTIONS = paths.VALIDATION / "transfer_predictions.csv"
TRANSFER_SOURCE = "transfer: leave-one-storyline-out on the coded training corpus"


def read_sentences(processed: Path) -> pd.DataFrame:
    path = Path(processed) / "sentences.csv"
    if not path.is_file():
        raise NewsframingError(path, "not found; run `newsframing ingest` first")
    df = pd.read_csv(path, dtype={"text": str}, keep_default_na=False)
    need = {"sentence_id", "article_id", "outlet", "paragraph", "position", "text"}
    if not need <= set(df.columns):
        raise NewsframingError(path, f"missing columns {sorted(need - set(df.columns))}")
    if df.empty:
        raise NewsframingError(path, "has no sentences")
    return df


def text_chunks(texts: pd.Series, rows: int = CHUNK_ROWS) -> Iterator[pd.Series]:
    for start in range(0, len(texts), rows):
        yield texts.iloc[start:start + rows]


def classify_all(texts: pd.Series, model_file: Path, jobs: int = 1, scheduler: str | None = None,
                 progress: bool = False, rows: int = CHUNK_ROWS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`frame_chunk` over ``texts`` in chunks through the execution layer, results in order."""
    from tqdm import tqdm

    cls, feats = [], []
    with tqdm(total=len(texts), unit="sent", desc="classify", disable=None if progress else True, dynamic_ncols=True) as bar:
        for c, f in map_chunks(frame_chunk, text_chunks(texts, rows), str(model_file), jobs=jobs, scheduler=scheduler):
            cls.append(c)
            feats.append(f)
            bar.update(len(c))
    return pd.concat(cls), pd.concat(feats)


def sentence_frames(sentences: pd.DataFrame, feats: pd.DataFrame, cls: pd.DataFrame) -> pd.DataFrame:
    """Every sentence with its frame, probabilities, lexicon/sentiment scores, evidence and voice;
    ``feats`` and ``cls`` are :func:`classify_all` of ``sentences.text``."""
    voices = attribute_voices(sentences)
    df = pd.concat([sentences[["sentence_id", "article_id", "outlet", "paragraph", "position", "text"]],
                    cls, feats[["afinn_raw", "vader_polarity", "afinn_polarity"]]], axis=1)
    out = df.merge(voices, on="sentence_id", how="left", validate="one_to_one")
    assert len(out) == len(sentences) and out.voice.notna().all(), "every sentence has a voice"
    return out


def validate_on_codes(sf: pd.DataFrame, feats: pd.DataFrame, codes_file: Path) -> dict[str, pd.DataFrame]:
    """The classifier (and two baselines) against hand codes of this corpus's sentences."""
    codes = read_code_file(codes_file)
    unknown = sorted(set(codes.sentence_id) - set(sf.sentence_id))
    if unknown:
        raise NewsframingError(codes_file, f"{len(unknown)} coded sentence(s) are not in this corpus, e.g. "
                                           f"{unknown[0]} (codes must come from `newsframing sample` of this corpus)")
    if codes.empty:
        raise NewsframingError(codes_file, "no coded sentences (fill the frame column)")
    d = sf.merge(codes[["sentence_id", "frame"]].rename(columns={"frame": "code"}), on="sentence_id")
    d = d[d.frame.isin(LABELS)]
    f = feats.loc[sf.index[sf.sentence_id.isin(d.sentence_id)]]
    methods = {"model": d.frame.to_numpy(), "lexicon rule": lexicon_rule(f).to_numpy(),
               "VADER threshold": vader_rule(f).to_numpy()}
    y = d.code.reset_index(drop=True)
    rows, pc, cm = [], [], []
    for name, pred in methods.items():
        pred = pd.Series(pred)
        lo, hi = macro_f1_interval(y, pred, d.article_id.to_numpy())
        rows.append({"method": name, **scores(y, pred), "macro_f1_ci_low": lo, "macro_f1_ci_high": hi})
        pc.append(per_class(y, pred).assign(method=name))
        cm.append(confusion(y, pred).assign(method=name))
    preds = d[["sentence_id", "article_id", "outlet", "code", "frame", "p_opportunity", "p_threat", "p_neutral"]].rename(
        columns={"frame": "pred"})
    first = lambda df: df[["method"] + [c for c in df.columns if c != "method"]]  # noqa: E731
    return {"validation_scores": pd.DataFrame(rows), "validation_per_class": first(pd.concat(pc, ignore_index=True)),
            "validation_confusion": first(pd.concat(cm, ignore_index=True)),
            "validation_predictions": preds.reset_index(drop=True)}


def coded_framing(sf: pd.DataFrame, coded: pd.DataFrame) -> pd.DataFrame:
    """Outlet framing by the hand codes alone: what a perfect classifier would show when every sentence
    is coded, an estimate free of the classifier (with wide intervals) when a random sample is.
    ``coverage`` is the share of the outlet's sentences that are coded."""
    gold = sf.drop(columns="frame").merge(coded[["sentence_id", "frame"]], on="sentence_id", validate="one_to_one")
    out = group_framing(gold, ["outlet"])
    total = sf.groupby("outlet").size()
    out["coverage"] = [round(n / int(total[o]), 4) for o, n in zip(out.outlet, out.n_sentences)]
    return out


def transfer_validation(path: Path = TRANSFER_PREDICTIONS) -> Validation:
    """Error rates measured by transfer: the chosen model's calibrated predictions on training
    sentences whose storyline it never saw."""
    if not Path(path).is_file():
        raise NewsframingError(path, "transfer validation not found; run `make train`")
    df = pd.read_csv(path, keep_default_na=False)
    return Validation.from_frame(df, TRANSFER_SOURCE, code_col="code", pred_col="pred_storyline")


def analyze(processed: Path, out_dir: Path | None = None, codes: Path | None = None, jobs: int = 1,
            scheduler: str | None = None, progress: bool = False, chunk_rows: int = CHUNK_ROWS) -> dict[str, pd.DataFrame]:
    """Every table; featurizing and classifying run in chunks on ``jobs`` cores or a Dask ``scheduler``
    (:mod:`newsframing.execution`), with the same tables under every backend."""
    processed = Path(processed)
    out_dir = Path(out_dir) if out_dir else processed
    sentences = read_sentences(processed)
    # lexicon and sentiment scores, computed once for all uses below
    cls, feats = classify_all(sentences.text, default_model_file(), jobs=jobs, scheduler=scheduler, progress=progress,
                              rows=chunk_rows)
    sf = sentence_frames(sentences, feats, cls)
    tables: dict[str, pd.DataFrame] = {"sentence_frames": sf}
    if codes is not None:
        tables.update(validate_on_codes(sf, feats, Path(codes)))
        vp = tables["validation_predictions"]
        val = Validation.from_frame(vp, f"hand codes of {len(vp)} sentences of this corpus ({display_path(codes)})")
        tables["outlet_framing_coded"] = coded_framing(sf, read_code_file(codes))
    else:
        val = transfer_validation()
    q = quantify(sf, val)
    tables["quantification"] = q
    lead = q[q.method == LEAD].set_index("outlet")
    outlet = group_framing(sf, ["outlet"])
    for col, src in (("net_framing_adjusted", "net_framing"), ("adjusted_ci_low", "ci_low"),
                     ("adjusted_ci_high", "ci_high"), *((f"adjusted_share_{lab}", f"share_{lab}") for lab in LABELS)):
        outlet[col] = outlet.outlet.map(lead[src])
    outlet["adjusted_by"] = LEAD.upper()
    outlet["error_rates_from"] = val.source
    tables["outlet_framing"] = outlet
    tables["article_framing"] = group_framing(sf, ["outlet", "article_id"])
    tables["voice_framing"] = group_framing(sf, ["outlet", "voice"])
    tables["voice_framing_overall"] = group_framing(sf, ["voice"])
    tables["tfidf_terms"] = tfidf_top_terms(sentences, k=TOP_TERMS)
    keyness = log_odds_dirichlet(sentences)
    tables["keyness"] = keyness
    top = keyness.groupby("outlet", sort=True).head(TOP_TERMS)
    tables["kwic"] = kwic(sentences, top)
    tables["collocations"] = collocations(sentences)
    tables["sentiment_agreement"] = lexicon_agreement(sf)
    tables["sentiment_disagreements"] = sf.loc[sf.vader_polarity != sf.afinn_polarity,
                                               ["sentence_id", "outlet", "text", "vader_compound", "afinn_raw",
                                                "vader_polarity", "afinn_polarity"]].reset_index(drop=True)
    voice_checks = validate_voices(sf)
    if voice_checks:
        tables.update(voice_checks)
    with staged_outputs(out_dir) as tmp:
        for name, df in tables.items():
            write_csv(df, tmp / f"{name}.csv")
    for stale in ("validation_scores", "validation_per_class", "validation_confusion", "validation_predictions",
                  "outlet_framing_coded", "validation_chosen_c"):
        if stale not in tables:  # an earlier run with codes must not leave accuracy claims behind
            (out_dir / f"{stale}.csv").unlink(missing_ok=True)
    return tables

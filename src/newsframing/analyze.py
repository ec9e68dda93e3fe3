"""``newsframing analyze``: from ingested sentences to every derived table of the report.

Reads ``sentences.csv`` in the processed folder a chunk of whole articles at a time (memory does not
hold the sentence table, see :func:`analyze`) and writes (atomically, all or nothing):
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

import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from newsframing import paths
from newsframing.atomic import FLOAT_FORMAT, staged_outputs, write_csv
from newsframing.compare.outlets import estimate_columns, group_framing
from newsframing.compare.quantify import LEAD, Validation, quantify, widen
from newsframing.errors import NewsframingError, display_path
from newsframing.execution import CHUNK_ROWS, map_chunks
from newsframing.measure.coding import read_code_file
from newsframing.measure.frames import LABELS, default_model_file, frame_chunk, lexicon_rule, prepare, vader_rule
from newsframing.measure.sentiment import lexicon_agreement
from newsframing.measure.terms import TermCounts, collocations_from_counts, kwic_stream, log_odds_from_counts, tfidf_from_counts
from newsframing.measure.training import error_rate_tables
from newsframing.measure.transfer import confusion, macro_f1_interval, per_class, scores
from newsframing.measure.voices import attribute_voices, validate_voices

TOP_TERMS = 8
TRANSFER_PREDICTIONS = paths.VALIDATION / "transfer_predictions.csv"  # of the report's model; see error_rate_tables
TRANSFER_SOURCE = "transfer: leave-one-storyline-out on the coded training corpus"
CHECK_SUMMARY = paths.VALIDATION / "quantification_check_summary.csv"


SENTENCE_COLUMNS = ("sentence_id", "article_id", "outlet", "paragraph", "position", "text")
SENTENCE_DTYPES = {"sentence_id": str, "article_id": str, "outlet": str, "text": str}


def _sentences_file(processed: Path) -> Path:
    path = Path(processed) / "sentences.csv"
    if not path.is_file():
        raise NewsframingError(path, "not found; run `newsframing ingest` first")
    with open(path, "rb") as f:
        blank = not f.read(4096).strip()
    if blank:
        raise NewsframingError(path, "is empty; run `newsframing ingest` again")
    return path


def _check_columns(path: Path, columns) -> None:
    missing = sorted(set(SENTENCE_COLUMNS) - set(columns))
    if missing:
        raise NewsframingError(path, f"missing columns {missing}")


def read_sentences(processed: Path) -> pd.DataFrame:
    """The whole sentence table (``newsframing sample`` draws from it; ``analyze`` streams it instead)."""
    path = _sentences_file(processed)
    df = pd.read_csv(path, dtype=SENTENCE_DTYPES, keep_default_na=False)
    _check_columns(path, df.columns)
    if df.empty:
        raise NewsframingError(path, "has no sentences")
    return df


def sentence_chunks(path: Path, rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """``sentences.csv`` in chunks of about ``rows`` sentences that never split an article (voices are
    attributed article by article), with the row numbers of the whole file as index. An article's
    sentences must be consecutive, as ``ingest`` writes them. (An empty file is caught before, by
    :func:`_sentences_file`.)"""
    reader = pd.read_csv(path, dtype=SENTENCE_DTYPES, keep_default_na=False, chunksize=max(1, rows))
    carry: pd.DataFrame | None = None
    done: set[str] = set()
    offset = 0

    def release(df: pd.DataFrame) -> pd.DataFrame:
        nonlocal offset
        ids = df.article_id.to_numpy()
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        runs = ids[starts]
        if len(set(runs)) < len(runs) or done.intersection(runs):
            again = next(a for k, a in enumerate(runs) if a in done or a in runs[:k])
            raise NewsframingError(path, f"the sentences of article {again} are not consecutive; analyze reads an "
                                         "article's sentences together, in the order ingest writes them")
        done.update(runs)
        df.index = pd.RangeIndex(offset, offset + len(df))
        offset += len(df)
        return df

    for k, part in enumerate(reader):
        if k == 0:
            _check_columns(path, part.columns)
        df = part if carry is None else pd.concat([carry, part], ignore_index=True)
        ids = df.article_id.to_numpy()
        cut = len(ids)
        while cut > 0 and ids[cut - 1] == ids[-1]:
            cut -= 1
        carry = df.iloc[cut:]
        if cut:
            yield release(df.iloc[:cut].copy())
    if carry is not None and len(carry):
        yield release(carry.copy())


def count_sentences(path: Path) -> int:
    return sum(len(c) for c in pd.read_csv(path, usecols=["sentence_id"], dtype=str, chunksize=200_000))


def sentence_frames(sentences: pd.DataFrame, feats: pd.DataFrame, cls: pd.DataFrame) -> pd.DataFrame:
    """Every sentence with its frame, probabilities, lexicon/sentiment scores, evidence and voice;
    ``feats`` and ``cls`` are :func:`~newsframing.measure.frames.frame_chunk` of ``sentences.text``."""
    voices = attribute_voices(sentences)
    df = pd.concat([sentences[["sentence_id", "article_id", "outlet", "paragraph", "position", "text"]],
                    cls, feats[["afinn_raw", "vader_polarity", "afinn_polarity"]]], axis=1)
    out = df.merge(voices, on="sentence_id", how="left", validate="one_to_one")
    assert len(out) == len(sentences) and out.voice.notna().all(), "every sentence has a voice"
    out.index = sentences.index  # a left merge keeps the rows in order
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


def coded_framing(sf: pd.DataFrame, coded: pd.DataFrame, total: pd.Series) -> pd.DataFrame:
    """Outlet framing by the hand codes alone: what a perfect classifier would show when every sentence
    is coded, an estimate free of the classifier (with wide intervals) when a random sample is.
    ``sf``: the coded sentences' rows; ``total``: sentences per outlet; ``coverage`` is the share of the
    outlet's sentences that are coded."""
    gold = sf.drop(columns="frame").merge(coded[["sentence_id", "frame"]], on="sentence_id", validate="one_to_one")
    out = group_framing(gold, ["outlet"])
    out["coverage"] = [round(n / int(total[o]), 4) for o, n in zip(out.outlet, out.n_sentences)]
    return out


def transfer_validation(path: Path = TRANSFER_PREDICTIONS, model: str = "") -> Validation:
    """Error rates measured by transfer: a trained model's calibrated predictions on training sentences
    whose storyline it never saw (``model`` names it in ``error_rates_from``)."""
    if not Path(path).is_file():
        raise NewsframingError(path, "transfer validation not found; run `make train`")
    df = pd.read_csv(path, keep_default_na=False)
    return Validation.from_frame(df, f"{TRANSFER_SOURCE} ({model})" if model else TRANSFER_SOURCE,
                                 code_col="code", pred_col="pred_storyline")


def outlet_error_sds(path: Path = CHECK_SUMMARY) -> dict[str, float]:
    """τ per estimator (``cc``, ``pacc``, …): the outlet-to-outlet error measured on the training
    corpus's held-out outlets (:func:`newsframing.compare.quantify.check_summary`); empty when that
    check has not been run (older validation tables), and the calibrated intervals are then left empty."""
    if not Path(path).is_file():
        return {}
    df = pd.read_csv(path)
    if "outlet_error_sd" not in df.columns:
        return {}
    return dict(zip(df.method, df.outlet_error_sd.astype(float)))


def outlet_table(sf: pd.DataFrame, val: Validation, taus: dict[str, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``outlet_framing`` and ``quantification`` of classified sentences (``outlet, article_id, frame,
    p_*, vader_compound, afinn_norm``): raw label shares with article-bootstrap intervals, the estimate
    corrected with ``val``'s error rates (:data:`LEAD`), and both intervals widened by ``taus``."""
    q = quantify(sf, val)
    lead = q[q.method == LEAD].set_index("outlet")
    outlet = group_framing(sf, ["outlet"])
    for col, src in (("net_framing_adjusted", "net_framing"), ("adjusted_ci_low", "ci_low"),
                     ("adjusted_ci_high", "ci_high"), *((f"adjusted_share_{lab}", f"share_{lab}") for lab in LABELS)):
        outlet[col] = outlet.outlet.map(lead[src])
    outlet["adjusted_by"] = LEAD.upper()
    outlet["error_rates_from"] = val.source
    return add_calibrated_intervals(outlet, taus), q


def add_calibrated_intervals(outlet: pd.DataFrame, taus: dict[str, float]) -> pd.DataFrame:
    """``calibrated_ci_low/high`` (raw shares) and ``adjusted_calibrated_ci_low/high`` (PACC): the
    bootstrap intervals widened by the outlet-to-outlet error measured by transfer (:func:`widen`)."""
    out = outlet.copy()
    for estimate, method in (("raw", "cc"), ("adjusted", LEAD)):
        net, lo, hi = estimate_columns(estimate)
        _, clo, chi = estimate_columns(estimate, calibrated=True)
        a, b = widen(out[net], out[lo], out[hi], taus.get(method, float("nan")))
        out[clo], out[chi] = np.round(a, 4), np.round(b, 4)
    return out


# per sentence, what the outlet, article and voice tables and the corrected estimates need: ~100 bytes
# a sentence once the repeated strings are shared, against kilobytes for the full row
COMPACT = ["outlet", "article_id", "voice", "frame", "p_opportunity", "p_threat", "p_neutral", "vader_compound",
           "afinn_norm", "vader_polarity", "afinn_polarity"]
DISAGREEMENT_COLUMNS = ["sentence_id", "outlet", "text", "vader_compound", "afinn_raw", "vader_polarity", "afinn_polarity"]


class _Appender:
    """One CSV written chunk by chunk: the same bytes as :func:`write_csv` of the whole table."""

    def __init__(self, path: Path) -> None:
        self.f = open(path, "w", encoding="utf-8", newline="")
        self.header = True

    def add(self, df: pd.DataFrame) -> None:
        df.to_csv(self.f, index=False, header=self.header, lineterminator="\n", float_format=FLOAT_FORMAT)
        self.header = False

    def close(self, columns: list[str]) -> None:
        if self.header:  # no rows at all: the header alone, as write_csv of an empty table
            pd.DataFrame(columns=columns).to_csv(self.f, index=False, lineterminator="\n")
        self.f.close()


def _shared(col: pd.Series) -> pd.Series:
    """The column's strings as one object per distinct value (sys.intern), so a million rows of 40
    outlets cost a million pointers, not a million strings."""
    return pd.Series([sys.intern(v) if isinstance(v, str) else v for v in col], index=col.index, dtype=object)


def analyze(processed: Path, out_dir: Path | None = None, codes: Path | None = None, jobs: int = 1,
            scheduler: str | None = None, progress: bool = False, chunk_rows: int = CHUNK_ROWS) -> dict[str, pd.DataFrame | None]:
    """Every table, streaming: sentences are read, classified (on ``jobs`` cores or a Dask
    ``scheduler``, :mod:`newsframing.execution`), attributed and written chunk by chunk, whole articles
    at a time. What stays in memory is what the aggregate tables need: a few numbers per sentence for
    the outlet, article and voice tables and their bootstraps, the vocabulary counts, and the rows of
    hand-coded sentences. The tables are the same bytes whatever the chunk size or backend.
    Returns the tables by name (the two written row by row, sentence_frames and
    sentiment_disagreements, as ``None``)."""
    from tqdm import tqdm

    processed = Path(processed)
    out_dir = Path(out_dir) if out_dir else processed
    path = _sentences_file(processed)
    coded = read_code_file(codes) if codes is not None else None
    coded_ids = set(coded.sentence_id) if coded is not None else set()
    voice_ids = _voice_code_ids()
    model = default_model_file()
    compact, coded_sf, coded_feats, voice_rows = [], [], [], []
    terms = TermCounts()
    pending: deque[pd.DataFrame] = deque()

    def texts() -> Iterator[pd.Series]:
        for chunk in sentence_chunks(path, chunk_rows):
            pending.append(chunk)
            yield chunk.text

    total = count_sentences(path) if progress else None
    tables: dict[str, pd.DataFrame | None] = {}
    with staged_outputs(out_dir) as tmp:
        frames_out, disagree_out = _Appender(tmp / "sentence_frames.csv"), _Appender(tmp / "sentiment_disagreements.csv")
        columns: list[str] = []
        with tqdm(total=total, unit="sent", desc="analyze", disable=None if progress else True, dynamic_ncols=True) as bar:
            for cls, feats in map_chunks(frame_chunk, texts(), str(model), jobs=jobs, scheduler=scheduler,
                                          prepare=prepare):
                chunk = pending.popleft()
                sf = sentence_frames(chunk, feats, cls)
                columns = list(sf.columns)
                frames_out.add(sf)
                disagree_out.add(sf.loc[sf.vader_polarity != sf.afinn_polarity, DISAGREEMENT_COLUMNS])
                compact.append(pd.DataFrame({c: _shared(sf[c]) if sf[c].dtype == object else sf[c] for c in COMPACT}))
                terms.add(chunk.outlet, chunk.text)
                if coded_ids:
                    mask = sf.sentence_id.isin(coded_ids)
                    coded_sf.append(sf[mask])
                    coded_feats.append(feats[mask.to_numpy()])
                if voice_rows is not None:
                    voice_rows = voice_rows + [sf[["sentence_id", "voice"]]] if sf.sentence_id.isin(voice_ids).all() else None
                bar.update(len(sf))
        if not compact:
            raise NewsframingError(path, "has no sentences")
        frames_out.close(columns)
        disagree_out.close(DISAGREEMENT_COLUMNS)
        tables["sentence_frames"] = tables["sentiment_disagreements"] = None
        sf = pd.concat(compact)
        del compact
        if coded is not None:
            csf, cfeats = pd.concat(coded_sf), pd.concat(coded_feats)
            tables.update(validate_on_codes(csf, cfeats, Path(codes)))
            vp = tables["validation_predictions"]
            val = Validation.from_frame(vp, f"hand codes of {len(vp)} sentences of this corpus ({display_path(codes)})")
            tables["outlet_framing_coded"] = coded_framing(csf, coded, sf.groupby("outlet").size())
        else:
            val = transfer_validation(error_rate_tables(model)["transfer_predictions"], Path(model).name)
        tables["outlet_framing"], tables["quantification"] = outlet_table(
            sf, val, outlet_error_sds(error_rate_tables(model)["quantification_check_summary"]))
        tables["article_framing"] = group_framing(sf, ["outlet", "article_id"])
        tables["voice_framing"] = group_framing(sf, ["outlet", "voice"])
        tables["voice_framing_overall"] = group_framing(sf, ["voice"])
        tables["tfidf_terms"] = tfidf_from_counts(terms.by_outlet, k=TOP_TERMS)
        keyness = log_odds_from_counts(terms.by_outlet)
        tables["keyness"] = keyness
        tables["collocations"] = collocations_from_counts(terms.words, terms.bigrams)
        del terms
        top = keyness.groupby("outlet", sort=True).head(TOP_TERMS)
        tables["kwic"] = kwic_stream(pd.read_csv(path, usecols=["sentence_id", "outlet", "text"], dtype=str,
                                                 keep_default_na=False, chunksize=max(1, chunk_rows)), top)
        tables["sentiment_agreement"] = lexicon_agreement(sf)
        voice_checks = validate_voices(pd.concat(voice_rows)) if voice_rows else None
        if voice_checks:
            tables.update(voice_checks)
        for name, df in tables.items():
            if df is not None:
                write_csv(df, tmp / f"{name}.csv")
    for stale in ("validation_scores", "validation_per_class", "validation_confusion", "validation_predictions",
                  "outlet_framing_coded", "validation_chosen_c", "voice_validation", "voice_confusion"):
        if stale not in tables:  # an earlier run with codes must not leave accuracy claims behind
            (out_dir / f"{stale}.csv").unlink(missing_ok=True)
    return tables


def _voice_code_ids() -> set[str]:
    from newsframing.measure.voices import VOICE_CODES_FILE

    if not VOICE_CODES_FILE.is_file():
        return set()
    return set(pd.read_csv(VOICE_CODES_FILE, dtype=str, keep_default_na=False).sentence_id)

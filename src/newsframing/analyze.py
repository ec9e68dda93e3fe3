"""``newsframing analyze``: from ingested sentences to every derived table of the report.

Reads ``sentences.csv`` in the processed folder, writes (atomically, all or nothing):
sentence_frames, article_framing, outlet_framing, voice_framing, tfidf_terms, keyness, kwic,
collocations, sentiment_agreement, sentiment_disagreements and — when every sentence has a hand
code (the seed corpus) — validation_scores, validation_confusion, validation_per_class,
validation_predictions, validation_chosen_c and outlet_framing_coded; voice_validation and
voice_confusion when the voices are hand-coded.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsframing.atomic import staged_outputs, write_csv
from newsframing.measure.frames import CODES_FILE, classify_frame, cross_validate, featurize, load_model
from newsframing.errors import NewsframingError
from newsframing.compare.outlets import group_framing
from newsframing.measure.sentiment import lexicon_agreement
from newsframing.measure.terms import collocations, kwic, log_odds_dirichlet, tfidf_top_terms
from newsframing.measure.voices import attribute_voices, validate_voices

TOP_TERMS = 8


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


def sentence_frames(sentences: pd.DataFrame, feats: pd.DataFrame) -> pd.DataFrame:
    """Every sentence with its frame, probabilities, lexicon/sentiment scores, evidence and voice;
    ``feats`` is :func:`featurize` of ``sentences.text``."""
    cls = classify_frame(sentences.text, load_model(), feats=feats)
    voices = attribute_voices(sentences)
    df = pd.concat([sentences[["sentence_id", "article_id", "outlet", "paragraph", "position", "text"]],
                    cls, feats[["afinn_raw", "vader_polarity", "afinn_polarity"]]], axis=1)
    out = df.merge(voices, on="sentence_id", how="left", validate="one_to_one")
    assert len(out) == len(sentences) and out.voice.notna().all(), "every sentence has a voice"
    return out


def analyze(processed: Path, out_dir: Path | None = None, codes_file: Path = CODES_FILE) -> dict[str, pd.DataFrame]:
    processed = Path(processed)
    out_dir = Path(out_dir) if out_dir else processed
    sentences = read_sentences(processed)
    feats = featurize(sentences.text)  # lexicon and sentiment scores, computed once for all uses below
    sf = sentence_frames(sentences, feats)
    tables: dict[str, pd.DataFrame] = {"sentence_frames": sf}
    tables["article_framing"] = group_framing(sf, ["outlet", "article_id"])
    tables["outlet_framing"] = group_framing(sf, ["outlet"])
    voice = group_framing(sf, ["outlet", "voice"])
    tables["voice_framing"] = voice
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
    if codes_file.is_file():
        codes = pd.read_csv(codes_file, dtype=str, keep_default_na=False)
        if set(sentences.sentence_id) <= set(codes.sentence_id):
            coded = sentences.merge(codes[["sentence_id", "frame"]], on="sentence_id", validate="one_to_one")
            assert (coded.sentence_id.to_numpy() == sentences.sentence_id.to_numpy()).all(), "merge keeps order"
            cv = cross_validate(coded, feats.set_axis(coded.index))
            for name, df in cv.items():
                tables[f"validation_{name}"] = df
            # the same outlet comparison on the hand codes: what a perfect classifier would show
            gold = sf.drop(columns="frame").merge(codes[["sentence_id", "frame"]], on="sentence_id", validate="one_to_one")
            tables["outlet_framing_coded"] = group_framing(gold, ["outlet"])
    with staged_outputs(out_dir) as tmp:
        for name, df in tables.items():
            write_csv(df, tmp / f"{name}.csv")
    return tables

"""The committed derived tables are exactly what the code computes from the raw files."""

import pandas as pd
import pytest

from conftest import run_cli
from newsframing import paths

TABLES = ["articles", "sentences", "teasers", "ingest_log", "rejected", "sentence_frames", "article_framing", "outlet_framing",
          "quantification", "voice_framing", "voice_framing_overall", "tfidf_terms", "keyness", "kwic", "collocations",
          "sentiment_agreement", "sentiment_disagreements", "validation_scores", "validation_confusion",
          "validation_per_class", "validation_predictions", "outlet_framing_coded",
          "voice_validation", "voice_confusion"]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    assert run_cli("ingest", str(paths.MANIFEST), "--out", str(out), "-q").returncode == 0
    # as `make analyze` does for the seed corpus: its sentences are hand-coded (data/annotations)
    r = run_cli("analyze", "--processed", str(out), "--codes", str(paths.ROOT / "data/annotations/frame_codes.csv"), "-q")
    assert r.returncode == 0, r.stderr
    return out


def test_every_committed_table_is_checked(rebuilt):
    committed = {p.stem for p in paths.PROCESSED.glob("*.csv")}
    assert committed == set(TABLES) == {p.stem for p in rebuilt.glob("*.csv")}


@pytest.mark.parametrize("name", TABLES)
def test_committed_tables_are_reproduced_byte_for_byte(rebuilt, name):
    assert (rebuilt / f"{name}.csv").read_bytes() == (paths.PROCESSED / f"{name}.csv").read_bytes(), \
        f"{name}.csv differs: rerun `make analyze` and commit"


def test_outlet_framing_has_the_required_columns(rebuilt):
    df = pd.read_csv(rebuilt / "outlet_framing.csv")
    for col in ["outlet", "n_sentences", "share_opportunity", "share_threat", "net_framing", "ci_low", "ci_high",
                "vader_mean", "vader_ci_low", "vader_ci_high", "afinn_mean"]:
        assert col in df.columns
    assert len(df) == 4 and df.n_sentences.sum() == len(pd.read_csv(rebuilt / "sentences.csv"))
    assert ((df.share_opportunity - df.share_threat - df.net_framing).abs() < 1e-3).all()
    assert (df.ci_low <= df.net_framing).all() and (df.net_framing <= df.ci_high).all()


def test_analyze_needs_ingested_sentences(tmp_path):
    r = run_cli("analyze", "--processed", str(tmp_path))
    assert r.returncode == 2 and "sentences.csv: not found" in r.stderr

"""analyze streams: whole articles at a time, the same bytes for every chunk size, memory that does not
hold the sentence table; the vocabulary tables from counts added chunk by chunk equal the whole-table ones."""

import pandas as pd
import pytest

from conftest import run_cli
from newsframing import paths
from newsframing.analyze import sentence_chunks
from newsframing.errors import NewsframingError
from newsframing.measure.terms import (TermCounts, collocations, collocations_from_counts, kwic, kwic_stream,
                                       log_odds_dirichlet, log_odds_from_counts, tfidf_from_counts, tfidf_top_terms)


def _sentences(n_articles: int = 7, per: int = 5) -> pd.DataFrame:
    rows = []
    words = ["union", "studio", "tool", "jobs", "costs", "fear", "cheaper", "actors", "faces", "consent"]
    for a in range(n_articles):
        for k in range(per):
            w = [words[(a * 3 + k + j) % len(words)] for j in range(4)]
            rows.append({"sentence_id": f"a{a}-s{k}", "article_id": f"a{a}", "outlet": f"Outlet {a % 3}",
                         "paragraph": k, "position": k + 1,
                         "text": f"The {w[0]} and the {w[1]} said {w[2]} {w[3]} matter for {w[0]} {w[1]}."})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("rows", [1, 3, 4, 5, 11, 1000])
def test_chunks_keep_articles_whole_in_file_order(tmp_path, rows):
    df = _sentences()
    path = tmp_path / "sentences.csv"
    df.to_csv(path, index=False)
    chunks = list(sentence_chunks(path, rows))
    assert pd.concat(chunks).sentence_id.tolist() == df.sentence_id.tolist()
    assert pd.concat(chunks).index.tolist() == list(range(len(df)))  # row numbers of the whole file
    seen = [set(c.article_id) for c in chunks]
    assert all(not (a & b) for i, a in enumerate(seen) for b in seen[i + 1:]), "an article is never split"


def test_scattered_article_is_a_one_line_error(tmp_path):
    df = _sentences()
    df = pd.concat([df, df.iloc[[0]].assign(sentence_id="a0-s99")])  # a0 again after a6
    path = tmp_path / "sentences.csv"
    df.to_csv(path, index=False)
    with pytest.raises(NewsframingError, match="sentences of article a0 are not consecutive"):
        list(sentence_chunks(path, 4))


def test_empty_sentences_file_is_a_one_line_error(tmp_path):
    (tmp_path / "sentences.csv").write_text("")
    r = run_cli("analyze", "--processed", str(tmp_path))
    assert r.returncode == 2 and "sentences.csv: is empty" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "sentences.csv").write_text("sentence_id,article_id,outlet,paragraph,position,text\n")
    r = run_cli("analyze", "--processed", str(tmp_path))
    assert r.returncode == 2 and "has no sentences" in r.stderr


def test_vocabulary_tables_from_chunked_counts_equal_the_whole_table():
    df = _sentences(12, 6)
    tc = TermCounts()
    for s in range(0, len(df), 7):
        tc.add(df.outlet.iloc[s:s + 7], df.text.iloc[s:s + 7])
    csv = lambda d: d.to_csv(index=False, float_format="%.4f")  # noqa: E731
    assert csv(tfidf_from_counts(tc.by_outlet, 5)) == csv(tfidf_top_terms(df, 5))
    assert csv(log_odds_from_counts(tc.by_outlet)) == csv(log_odds_dirichlet(df))
    assert csv(collocations_from_counts(tc.words, tc.bigrams)) == csv(collocations(df))
    top = log_odds_dirichlet(df).groupby("outlet").head(3)
    chunks = [df.iloc[s:s + 5] for s in range(0, len(df), 5)]
    assert csv(kwic_stream(chunks, top)) == csv(kwic(df, top))
    assert len(kwic(df, top)) == 3 * len(top)  # every term has its three lines


def test_analyze_tables_do_not_depend_on_chunk_size(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFRAMING_MODEL", "fast")
    proc = tmp_path / "p"
    assert run_cli("ingest", str(paths.MANIFEST), "--out", str(proc), "-q").returncode == 0
    runs = {}
    for size in ("1", "9", "5000"):
        out = tmp_path / size
        r = run_cli("analyze", "--processed", str(proc), "--out", str(out), "--chunk-size", size, "-q",
                    "--codes", str(paths.ROOT / "data/annotations/frame_codes.csv"))
        assert r.returncode == 0, r.stderr
        runs[size] = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    assert len(runs["1"]) == 19 and runs["1"] == runs["9"] == runs["5000"]

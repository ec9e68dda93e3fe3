import pandas as pd
import pytest

from conftest import run_cli


def test_classify_keeps_rows_and_order_and_adds_columns(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": [3, 1, 2], "sentence": ["Writers fear they will lose their jobs to AI.",
                                                 "The studio will meet the company on Monday.",
                                                 "Directors praised the tool for letting them experiment freely."]}).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    r = run_cli("classify", "--input", str(src), "--output", str(out), "--text-column", "sentence")
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out)
    assert list(df.id) == [3, 1, 2]
    for col in ["frame", "p_opportunity", "p_threat", "p_neutral", "vader_compound", "evidence"]:
        assert col in df.columns
    assert list(df.frame) == ["threat", "neutral", "opportunity"]


@pytest.mark.parametrize("content, message", [
    ("", "file is empty"),
    ("text\n", "header but no rows"),
    ("body\nsome sentence.\n", "no column 'text'"),
])
def test_classify_bad_input(tmp_path, content, message):
    src = tmp_path / "in.csv"
    src.write_text(content)
    r = run_cli("classify", "--input", str(src), "--output", str(tmp_path / "out.csv"))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()


def test_help_on_analysis_commands():
    for cmd in ("classify", "analyze", "train", "validate", "sample", "report"):
        r = run_cli(cmd, "--help")
        assert r.returncode == 0 and "usage:" in r.stdout


def test_sample_then_analyze_with_codes(tmp_path):
    """The validation workflow of a user's corpus: sample a coding sheet, code it, analyze with --codes."""
    from newsframing import paths

    proc = tmp_path / "processed"
    assert run_cli("ingest", str(paths.MANIFEST), "--out", str(proc), "-q").returncode == 0
    sheet = tmp_path / "sheet.csv"
    r = run_cli("sample", "--processed", str(proc), "--output", str(sheet), "-n", "30")
    assert r.returncode == 0, r.stderr
    s = pd.read_csv(sheet, keep_default_na=False)
    assert len(s) >= 30 and (s.frame == "").all()
    codes = pd.read_csv(paths.ANNOTATIONS / "frame_codes.csv")[["sentence_id", "frame"]]
    s = s.drop(columns="frame").merge(codes, on="sentence_id")  # "coding" the sheet with the project's codes
    s.to_csv(sheet, index=False)
    r = run_cli("analyze", "--processed", str(proc), "--codes", str(sheet))
    assert r.returncode == 0, r.stderr
    assert f"accuracy on this corpus ({len(s)} coded sentences)" in r.stdout
    v = pd.read_csv(proc / "validation_scores.csv").set_index("method")
    assert v.loc["model", "n"] == len(s)
    o = pd.read_csv(proc / "outlet_framing.csv")
    assert o.error_rates_from.str.contains("hand codes of").all()
    r = run_cli("analyze", "--processed", str(proc), "-q")  # without codes: no stale accuracy claims
    assert r.returncode == 0 and not (proc / "validation_scores.csv").exists()
    assert pd.read_csv(proc / "outlet_framing.csv").error_rates_from.str.contains("transfer").all()


def test_codes_from_another_corpus_are_refused(tmp_path):
    from newsframing import paths

    proc = tmp_path / "processed"
    assert run_cli("ingest", str(paths.MANIFEST), "--out", str(proc), "-q").returncode == 0
    bad = tmp_path / "codes.csv"
    bad.write_text("sentence_id,frame\nelsewhere-s001,threat\n")
    r = run_cli("analyze", "--processed", str(proc), "--codes", str(bad))
    assert r.returncode == 2 and "not in this corpus" in r.stderr and "Traceback" not in r.stderr


def test_blank_text_is_unclassified_without_probabilities(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('text\nWriters fear they will lose their jobs to AI.\n""\n"   "\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    r = run_cli("classify", "--input", str(src), "--output", str(out))
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out, keep_default_na=False)
    assert list(df.frame) == ["threat", "unclassified", "unclassified"]
    assert (df.loc[1:, ["p_opportunity", "p_threat", "p_neutral"]] == "").all().all()
    assert "unclassified (blank) 2" in r.stdout


def test_output_is_readable_by_others(tmp_path):
    """0644 like the derived tables (a temp file is 0600 until it is published)."""
    src = tmp_path / "in.csv"
    src.write_text("text\nStudios praised the tool.\n")
    for name in ("out.csv", "out.parquet"):
        assert run_cli("classify", "--input", str(src), "--output", str(tmp_path / name), "-q").returncode == 0
        assert oct((tmp_path / name).stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def _umask() -> int:
    import os

    m = os.umask(0)
    os.umask(m)
    return m


def test_parquet_in_and_out_match_csv(tmp_path):
    texts = ["Writers fear they will lose their jobs to AI.", "The studio will meet the company on Monday.",
             "Directors praised the tool for letting them experiment freely.", ""]
    pd.DataFrame({"id": ["a", "b", "c", "d"], "text": texts}).to_parquet(tmp_path / "in.parquet")
    pd.DataFrame({"id": ["a", "b", "c", "d"], "text": texts}).to_csv(tmp_path / "in.csv", index=False)
    for src, dst in (("in.parquet", "out.parquet"), ("in.csv", "out.csv"), ("in.parquet", "p2c.csv")):
        r = run_cli("classify", "--input", str(tmp_path / src), "--output", str(tmp_path / dst), "--chunk-size", "3", "-q")
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "p2c.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()
    back = pd.read_parquet(tmp_path / "out.parquet")
    csv = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert list(back.frame) == list(csv.frame) == ["threat", "neutral", "opportunity", "unclassified"]
    assert back.p_threat.round(4).iloc[:3].tolist() == csv.p_threat.iloc[:3].astype(float).tolist()


def test_chunked_output_equals_one_chunk(tmp_path):
    from newsframing import paths

    t = pd.read_csv(paths.DATA / "training" / "sentences.csv", dtype=str, keep_default_na=False).text.head(60)
    t.to_frame().to_csv(tmp_path / "in.csv", index=False)
    for n in ("1000", "7"):
        r = run_cli("classify", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / f"o{n}.csv"),
                    "--model", "fast", "--jobs", "1", "--chunk-size", n, "-q")
        assert r.returncode == 0, r.stderr
    assert (tmp_path / "o7.csv").read_bytes() == (tmp_path / "o1000.csv").read_bytes()


@pytest.mark.parametrize("model, message", [("nope.json", "frame classifier not trained yet"),
                                            ("in.csv", "not a")])
def test_classify_bad_model(tmp_path, model, message):
    src = tmp_path / "in.csv"
    src.write_text("text\nA sentence.\n")
    r = run_cli("classify", "--input", str(src), "--output", str(tmp_path / "o.csv"), "--model", str(tmp_path / model))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_classify_directory_or_bad_parquet_is_one_line(tmp_path):
    (tmp_path / "bad.parquet").write_text("not parquet")
    for src, message in ((tmp_path, "is a directory"), (tmp_path / "bad.parquet", "not a readable Parquet file")):
        r = run_cli("classify", "--input", str(src), "--output", str(tmp_path / "o.csv"))
        assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1

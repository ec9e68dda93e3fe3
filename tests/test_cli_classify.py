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

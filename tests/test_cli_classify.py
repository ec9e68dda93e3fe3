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
    for cmd in ("classify", "analyze", "train"):
        r = run_cli(cmd, "--help")
        assert r.returncode == 0 and "usage:" in r.stdout

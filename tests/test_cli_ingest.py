"""The CLI as a user meets it: one clear line per bad input, exit 2, no traceback, nothing written."""


import pandas as pd
import pytest

from conftest import FIXTURES, GOOD_ARTICLE, run_cli


def test_help_on_every_command():
    for args in (["--help"], ["ingest", "--help"]):
        r = run_cli(*args)
        assert r.returncode == 0 and "usage:" in r.stdout


def test_ingest_messy_fixture_corpus(tmp_path):
    out = tmp_path / "out"
    r = run_cli("ingest", str(FIXTURES / "messy" / "manifest.csv"), "--out", str(out), "--quiet")
    assert r.returncode == 0, r.stderr
    assert "cp1252" in r.stderr  # the warning
    arts = pd.read_csv(out / "articles.csv")
    sents = pd.read_csv(out / "sentences.csv")
    assert arts.set_index("article_id").loc["mirror", "canonical_id"] == "page"
    assert set(sents.article_id) == {"page", "notes", "letter_cp1252"}
    text = " ".join(sents.text)
    assert "Zanzibar" not in text and "Hot Deals" not in text and "cookies" not in text
    assert "Early tests were run on trailers" in text  # restored from the mirror
    assert "“We want the jobs here, not in a server farm,” said one council member." in set(sents.text)
    assert {"articles.csv", "sentences.csv", "teasers.csv", "ingest_log.csv"} <= {p.name for p in out.iterdir()}


def test_outputs_are_byte_identical_across_runs(tmp_path):
    for d in ("a", "b"):
        assert run_cli("ingest", str(FIXTURES / "messy" / "manifest.csv"), "--out", str(tmp_path / d), "-q").returncode == 0
    for name in ("articles.csv", "sentences.csv", "teasers.csv", "ingest_log.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


BAD = {
    "empty file": ({"ok.txt": GOOD_ARTICLE, "empty.txt": ""}, None, "empty.txt: file is empty"),
    "binary file": ({"ok.txt": GOOD_ARTICLE, "img.txt": b"\x89PNG\r\n\x1a\n\x00\x00IHDR\x00"}, None, "img.txt: file is binary"),
    "undecodable": ({"ok.txt": GOOD_ARTICLE, "bad.txt": b"caf\x81 \x8d\x90 text"}, None, "bad.txt: cannot decode"),
    "missing file": ({"ok.txt": GOOD_ARTICLE}, "file,outlet\nok.txt,A\ngone.txt,B\n", "gone.txt: file not found"),
    "duplicate rows": ({"ok.txt": GOOD_ARTICLE}, "file,outlet\nok.txt,A\nok.txt,A\n", "ok.txt: listed twice"),
    "outside folder": ({"ok.txt": GOOD_ARTICLE}, "file,outlet\nok.txt,A\n../../etc/passwd.txt,B\n", "outside the manifest's folder"),
    "no file column": ({"ok.txt": GOOD_ARTICLE}, "path,outlet\nok.txt,A\n", "manifest.csv: manifest has no 'file' column"),
    "no outlet column": ({"ok.txt": GOOD_ARTICLE}, "file,source\nok.txt,A\n", "manifest.csv: manifest has no 'outlet' column"),
    "only boilerplate": ({"ok.txt": GOOD_ARTICLE, "nav.txt": "Home\nSubscribe\nAdvertisement\n"}, None, "nav.txt: no article text left"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_fails_cleanly_and_writes_nothing(make_corpus, tmp_path, case):
    files, manifest, expected = BAD[case]
    m = make_corpus(files, manifest)
    raw_before = {p: p.read_bytes() for p in m.parent.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.csv").write_text("previous run\n")
    r = run_cli("ingest", str(m), "--out", str(out))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("newsframing: error: ") and expected in lines[0], lines[0]
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["articles.csv"]  # no partial outputs
    assert (out / "articles.csv").read_text() == "previous run\n"  # previous outputs untouched
    assert not [p for p in out.parent.iterdir() if "-tmp-" in p.name]  # temp folder cleaned up
    assert {p: p.read_bytes() for p in m.parent.rglob("*") if p.is_file()} == raw_before  # raw untouched

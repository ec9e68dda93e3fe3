"""--on-error skip on a real-crawl-like folder: bad files are listed with their reason, the run goes on,
every manifest row is accounted for; a directory in the manifest is a one-line error, not a traceback."""

import pandas as pd
import pytest

from conftest import GOOD_ARTICLE, run_cli
from newsframing.ingest.corpus import build_corpus

OTHER = ("A regional newspaper said on Tuesday that it would stop using automated summaries of council meetings.\n"
         "Editors found that the summaries missed the votes readers cared about most.\n")


def _corpus(make_corpus, tmp_path):
    (tmp_path / "corpus" / "adir.txt").mkdir(parents=True)
    return make_corpus(
        {"ok.txt": GOOD_ARTICLE, "other.txt": OTHER, "empty.txt": "", "nav.txt": "Home\nSubscribe\nAdvertisement\n"},
        "file,outlet\nok.txt,A\nempty.txt,B\nadir.txt,C\ngone.txt,D\nnav.txt,E\nother.txt,F\nok.txt,A\n",
    )


def test_skip_lists_every_bad_file_with_the_stop_reason(make_corpus, tmp_path):
    m = _corpus(make_corpus, tmp_path)
    out = tmp_path / "out"
    r = run_cli("ingest", str(m), "--out", str(out), "--on-error", "skip")
    assert r.returncode == 0, r.stderr
    assert "5 file(s) rejected" in r.stdout
    rej = pd.read_csv(out / "rejected.csv")
    assert list(rej.columns) == ["file", "reason"]
    assert list(rej.file) == ["empty.txt", "adir.txt", "gone.txt", "nav.txt", "ok.txt"]  # manifest order
    reasons = dict(zip(rej.file, rej.reason))
    assert reasons["empty.txt"].endswith("empty.txt: file is empty")
    assert "adir.txt: is a directory, not a file" in reasons["adir.txt"]
    assert "gone.txt: file not found" in reasons["gone.txt"]
    assert "nav.txt: no article text left" in reasons["nav.txt"]
    assert "listed twice" in reasons["ok.txt"]
    arts = pd.read_csv(out / "articles.csv")
    assert sorted(arts.file) == ["ok.txt", "other.txt"]
    # every manifest row is either ingested or rejected
    assert len(arts) + len(rej) == 7


@pytest.mark.parametrize("name", ["empty.txt", "nav.txt"])
def test_skip_reason_is_the_line_stop_prints(make_corpus, tmp_path, name):
    files = {"ok.txt": GOOD_ARTICLE, "empty.txt": "", "nav.txt": "Home\nSubscribe\nAdvertisement\n"}
    m = make_corpus({"ok.txt": files["ok.txt"], name: files[name]})
    stop = run_cli("ingest", str(m), "--out", str(tmp_path / "a"))
    skip = run_cli("ingest", str(m), "--out", str(tmp_path / "b"), "--on-error", "skip", "-q")
    assert stop.returncode == 2 and skip.returncode == 0
    assert stop.stderr.strip() == "newsframing: error: " + pd.read_csv(tmp_path / "b" / "rejected.csv").reason[0]
    assert "1 file(s) rejected" in skip.stderr  # -q still says that files were rejected


def test_directory_in_manifest_is_one_line_error(make_corpus, tmp_path):
    m = _corpus(make_corpus, tmp_path)
    m.write_text("file,outlet\nok.txt,A\nadir.txt,C\n")
    r = run_cli("ingest", str(m), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "adir.txt: is a directory, not a file" in lines[0]


def test_rejected_csv_is_rewritten_on_every_run(make_corpus, tmp_path):
    m = _corpus(make_corpus, tmp_path)
    out = tmp_path / "out"
    assert run_cli("ingest", str(m), "--out", str(out), "--on-error", "skip", "-q").returncode == 0
    assert len(pd.read_csv(out / "rejected.csv")) == 5
    m.write_text("file,outlet\nok.txt,A\nother.txt,F\n")
    assert run_cli("ingest", str(m), "--out", str(out), "-q").returncode == 0
    assert (out / "rejected.csv").read_text() == "file,reason\n"  # no stale rejections left behind


def test_all_files_rejected_is_an_error(make_corpus, tmp_path):
    m = make_corpus({"empty.txt": ""})
    r = run_cli("ingest", str(m), "--out", str(tmp_path / "out"), "--on-error", "skip")
    assert r.returncode == 2 and "no file could be ingested" in r.stderr and "empty.txt: file is empty" in r.stderr


def _reversed_map(func, items):
    """A mapper that computes in another order but returns results in input order, like a pool."""
    items = list(items)
    done = {i: func(x) for i, x in reversed(list(enumerate(items)))}
    return [done[i] for i in range(len(items))]


def test_mapper_gives_the_same_corpus(make_corpus, tmp_path):
    m = _corpus(make_corpus, tmp_path)
    a = build_corpus(m, on_error="skip")
    b = build_corpus(m, on_error="skip", mapper=_reversed_map)
    for name in ("articles", "sentences", "teasers", "log", "rejected"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_mapper_results_are_picklable(make_corpus, tmp_path):
    import pickle

    from newsframing.ingest.corpus import parse_row
    from newsframing.ingest.manifest import scan_manifest

    m = _corpus(make_corpus, tmp_path)
    rows, _ = scan_manifest(m, on_error="skip")
    for row in rows:
        res = parse_row(row)
        assert pickle.loads(pickle.dumps(res)) == res
    assert pickle.loads(pickle.dumps(parse_row)) is parse_row

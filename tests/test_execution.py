"""The execution layer: every backend returns the same results in input order; classify and analyze
write the same bytes under jobs=1, jobs=2 and Dask's local scheduler."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from conftest import run_cli
from newsframing.errors import NewsframingError
from newsframing.execution import check_scheduler, map_chunks


def square_sum(chunk: list[int], offset: int = 0) -> int:
    """A module-level stage (picklable), reporting which process ran it."""
    return sum(x * x for x in chunk) + offset, os.getpid()


CHUNKS = [list(range(i, i + 7)) for i in range(0, 70, 7)]
EXPECTED = [sum(x * x for x in c) + 5 for c in CHUNKS]


@pytest.mark.parametrize("kw", [dict(jobs=1), dict(jobs=2), dict(jobs=2, scheduler="local")])
def test_map_chunks_keeps_input_order(kw):
    out = list(map_chunks(square_sum, iter(CHUNKS), 5, **kw))
    assert [r for r, _ in out] == EXPECTED


def test_jobs_2_really_uses_other_processes():
    pids = {pid for _, pid in map_chunks(square_sum, CHUNKS, jobs=2)}
    assert os.getpid() not in pids


def meet(chunk: list[int], where: str) -> tuple[int, bool]:
    """A stage that waits (up to 30 s) until the other chunk's stage has started too: both return True only
    when two workers run them side by side. A backend that runs them one after the other times out."""
    import time
    from pathlib import Path

    Path(where, f"{os.getpid()}-{chunk[0]}").touch()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if len(list(Path(where).iterdir())) >= 2:
            return os.getpid(), True
        time.sleep(0.02)
    return os.getpid(), False


@pytest.mark.parametrize("kw", [dict(jobs=2), dict(jobs=2, scheduler="local")])
def test_two_workers_run_chunks_at_the_same_time(kw, tmp_path):
    """Dask's multiprocessing scheduler batches 6 tasks per submission by default, which put every chunk
    of a window into one worker; each backend must run its chunks side by side."""
    runs = list(map_chunks(meet, [[0], [1]], str(tmp_path), **kw))
    assert len({pid for pid, _ in runs}) == 2
    assert all(met for _, met in runs)


def test_single_chunk_runs_in_process():
    [(r, pid)] = list(map_chunks(square_sum, [[1, 2]], jobs=2))
    assert r == 5 and pid == os.getpid()


def test_no_chunks_no_results():
    assert list(map_chunks(square_sum, [], jobs=2)) == []


def test_consumes_chunks_lazily():
    """A stream is read a window at a time, not all at once (bounded memory)."""
    pulled = []

    def gen():
        for i, c in enumerate(CHUNKS):
            pulled.append(i)
            yield c

    it = map_chunks(square_sum, gen(), 5, jobs=2)
    first, _ = next(it)
    assert len(pulled) < len(CHUNKS)
    assert [first, *(r for r, _ in it)] == EXPECTED


@pytest.mark.parametrize("scheduler, runs_here", [(None, True), ("local", True), ("tcp://127.0.0.1:9", False)])
def test_prepare_runs_here_only_when_the_chunks_do(scheduler, runs_here):
    # what prepare loads is inherited by forked workers; a remote cluster's workers load it themselves
    seen = []
    assert list(map_chunks(square_sum, [], 5, jobs=2, scheduler=scheduler, prepare=seen.append)) == []
    assert seen == ([5] if runs_here else [])


def test_bad_scheduler_is_a_user_error():
    with pytest.raises(NewsframingError, match="neither 'local' nor an address"):
        check_scheduler("dask")


def test_unreachable_cluster_is_one_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\nWriters fear AI.\nStudios praise AI.\n")
    r = run_cli("classify", "--input", str(src), "--output", str(tmp_path / "o.csv"), "--model", "fast",
                "--chunk-size", "1", "--scheduler", "tcp://127.0.0.1:9")
    assert r.returncode == 2 and "cannot reach the Dask scheduler" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o.csv").exists()


@pytest.fixture(scope="module")
def texts_csv(tmp_path_factory):
    """Real sentences (the training corpus) plus blank ones, several chunks' worth."""
    from newsframing import paths

    t = pd.read_csv(paths.DATA / "training" / "sentences.csv", dtype=str, keep_default_na=False).text.head(90).tolist()
    t[3] = ""
    t[77] = "   "
    path = tmp_path_factory.mktemp("exec") / "texts.csv"
    pd.DataFrame({"id": range(len(t)), "text": t}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("model", ["fast", "encoder"])
def test_classify_same_bytes_under_every_backend(texts_csv, tmp_path, model):
    from newsframing.measure import encoder

    if model == "encoder" and not encoder.available():
        pytest.skip("the optional sentence encoder is not installed")
    outs = {}
    for name, extra in {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"],
                        "dask_local": ["--jobs", "2", "--scheduler", "local"]}.items():
        out = tmp_path / f"{name}.csv"
        r = run_cli("classify", "--input", str(texts_csv), "--output", str(out), "--model", model,
                    "--chunk-size", "25", "-q", *extra)
        assert r.returncode == 0, r.stderr
        outs[name] = out.read_bytes()
    assert outs["jobs1"] == outs["jobs2"] == outs["dask_local"]
    df = pd.read_csv(tmp_path / "jobs1.csv", keep_default_na=False)
    assert len(df) == 90 and list(df.id) == list(range(90))
    assert list(df.frame.iloc[[3, 77]]) == ["unclassified", "unclassified"]


def test_analyze_same_tables_under_every_backend(tmp_path, monkeypatch):
    from newsframing import paths

    monkeypatch.setenv("NEWSFRAMING_MODEL", "fast")  # fast to run; classify covers the encoder model

    proc = tmp_path / "p"
    assert run_cli("ingest", str(paths.MANIFEST), "--out", str(proc), "-q").returncode == 0
    runs = {}
    for name, extra in {"jobs1": ["--jobs", "1"], "jobs2": ["--jobs", "2"],
                        "dask_local": ["--jobs", "2", "--scheduler", "local"]}.items():
        out = tmp_path / name
        r = run_cli("analyze", "--processed", str(proc), "--out", str(out), "--chunk-size", "20", "-q", *extra)
        assert r.returncode == 0, r.stderr
        runs[name] = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    assert runs["jobs1"] and runs["jobs1"] == runs["jobs2"] == runs["dask_local"]


def test_ingest_same_tables_under_every_backend(tmp_path):
    """Each file is one task of the execution layer; the tables do not depend on where it ran, and a
    bad file is still reported (here: skipped) the same way."""
    from newsframing import paths

    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(paths.MANIFEST.parent, raw)
    manifest = raw / "manifest.csv"
    rows = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    (raw / "empty.txt").write_text("   \n")
    bad = rows.iloc[[0]].assign(file="empty.txt", outlet="Nobody")
    pd.concat([rows, bad]).to_csv(manifest, index=False)
    outs = {}
    for name, extra in {"1": ["--jobs", "1"], "2": ["--jobs", "2"], "dask": ["--scheduler", "local"]}.items():
        out = tmp_path / name
        r = run_cli("ingest", str(manifest), "--out", str(out), "--on-error", "skip", "-q", *extra)
        assert r.returncode == 0, r.stderr
        outs[name] = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    assert "empty.txt" in outs["1"]["rejected.csv"].decode()
    assert outs["1"] == outs["2"] == outs["dask"]

"""classify and analyze on a dask.distributed cluster (a LocalCluster of 2 worker processes, reached by
its tcp:// address as a user's cluster would be) give the same bytes as the in-process run."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import run_cli

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as c:
        yield c.scheduler_address


def test_classify_on_cluster_equals_in_process(cluster, tmp_path):
    from newsframing import paths

    t = pd.read_csv(paths.DATA / "training" / "sentences.csv", dtype=str, keep_default_na=False).text.head(90)
    t.iloc[5] = ""
    t.to_frame().to_csv(tmp_path / "in.csv", index=False)
    out = {}
    for name, extra in {"local": ["--jobs", "1"], "cluster": ["--scheduler", cluster]}.items():
        r = run_cli("classify", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / f"{name}.csv"),
                    "--model", "fast", "--chunk-size", "20", "-q", *extra)
        assert r.returncode == 0, r.stderr
        out[name] = (tmp_path / f"{name}.csv").read_bytes()
    assert out["cluster"] == out["local"]
    assert pd.read_csv(tmp_path / "cluster.csv", keep_default_na=False).frame.iloc[5] == "unclassified"


def test_analyze_on_cluster_equals_in_process(cluster, tmp_path, monkeypatch):
    from newsframing import paths

    monkeypatch.setenv("NEWSFRAMING_MODEL", "fast")  # the encoder model's path is covered in test_execution

    proc = tmp_path / "p"
    assert run_cli("ingest", str(paths.MANIFEST), "--out", str(proc), "-q").returncode == 0
    tables = {}
    for name, extra in {"local": ["--jobs", "1"], "cluster": ["--scheduler", cluster]}.items():
        r = run_cli("analyze", "--processed", str(proc), "--out", str(tmp_path / name), "--chunk-size", "16", "-q", *extra)
        assert r.returncode == 0, r.stderr
        tables[name] = {p.name: p.read_bytes() for p in sorted((tmp_path / name).glob("*.csv"))}
    assert "sentence_frames.csv" in tables["local"] and tables["cluster"] == tables["local"]


def test_chunks_really_run_on_the_workers(cluster):
    """The cluster path is taken (not a silent in-process fallback): results come from worker processes."""
    import os

    from newsframing.execution import map_chunks
    from test_execution import square_sum

    pids = {pid for _, pid in map_chunks(square_sum, [[1], [2], [3], [4]], scheduler=cluster)}
    assert os.getpid() not in pids and len(pids) >= 1

"""Building the report: skipping unchanged steps, staging the Quarto project for another corpus,
the offline post-render step, and one-line errors for a wrong QUARTO_PYTHON, a missing kernel and a
failed ``quarto render``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsframing import paths
from newsframing.errors import NewsframingError
from newsframing.render import quarto as q
from newsframing.render.offline import make_offline, remote_references
from newsframing.render.stamps import Stamps, corpus_digest, digest, notebook_inputs

from conftest import GOOD_ARTICLE


def require_quarto() -> None:
    if shutil.which("quarto") is None:
        if os.environ.get("NEWSFRAMING_REQUIRE_QUARTO") == "1":
            pytest.fail("NEWSFRAMING_REQUIRE_QUARTO=1 but `quarto` is not on PATH")
        pytest.skip("Quarto not installed (.ci/run installs it)")


# --- stamps -------------------------------------------------------------------------------------

def test_digest_follows_content_not_timestamps(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.csv").write_text("x\n1\n")
    first = digest(d)
    os.utime(d / "a.csv", (0, 0))
    assert digest(d) == first
    (d / "a.csv").write_text("x\n2\n")
    assert digest(d) != first
    (d / "a.csv").write_text("x\n1\n")
    (d / "b.csv").write_text("")
    assert digest(d) != first  # a new file counts, even an empty one
    assert digest(tmp_path / "missing") != digest(d)


def test_stamps_fresh_only_with_same_key_and_untouched_outputs(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("result")
    stamps = Stamps(tmp_path / "s.json")
    assert not stamps.fresh("step", "k1", [out])
    stamps.record("step", "k1", [out])
    assert Stamps(tmp_path / "s.json").fresh("step", "k1", [out])  # persisted
    assert not stamps.fresh("step", "k2", [out])  # inputs changed
    out.write_text("edited by hand")
    assert not stamps.fresh("step", "k1", [out])  # output changed
    out.write_text("result")
    assert not Stamps(tmp_path / "s.json", force=True).fresh("step", "k1", [out])
    assert not stamps.fresh("step", None, [out])  # unknown inputs never count as fresh
    stamps.forget("step")
    assert not Stamps(tmp_path / "s.json").fresh("step", "k1", [out])


def test_corpus_digest_covers_manifest_and_listed_files_only(make_corpus):
    manifest = make_corpus({"a.txt": GOOD_ARTICLE, "b.txt": GOOD_ARTICLE + "More.\n"})
    first = corpus_digest(manifest)
    (manifest.parent / "notes.txt").write_text("not in the manifest")
    assert corpus_digest(manifest) == first
    (manifest.parent / "b.txt").write_text(GOOD_ARTICLE + "Changed.\n")
    assert corpus_digest(manifest) != first
    (manifest.parent / "b.txt").unlink()
    assert corpus_digest(manifest) is None  # the step runs and reports the missing file


def test_notebook_inputs_ignore_outputs(tmp_path):
    nb = json.loads((paths.NOTEBOOKS / "01-corpus.ipynb").read_text(encoding="utf-8"))
    p = tmp_path / "n.ipynb"
    p.write_text(json.dumps(nb))
    first = notebook_inputs(p)
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            c["outputs"], c["execution_count"] = [], None
    p.write_text(json.dumps(nb))
    assert notebook_inputs(p) == first
    nb["cells"][-1]["source"] = ["print('changed')"]
    p.write_text(json.dumps(nb))
    assert notebook_inputs(p) != first


# --- staging the Quarto project -------------------------------------------------------------

def test_stage_project_for_another_corpus(tmp_path):
    dest = q.stage_project(tmp_path / "p", paths.NOTEBOOKS, seed_corpus=False)
    assert (dest / "_quarto.yml").read_bytes() == (paths.ROOT / "_quarto.yml").read_bytes()
    assert sorted(p.name for p in (dest / "notebooks").iterdir()) == sorted(p.name for p in paths.NOTEBOOKS.glob("*.ipynb"))
    article = (dest / "report" / "index.qmd").read_text(encoding="utf-8")
    seed = (paths.REPORT / "index.qmd").read_text(encoding="utf-8")
    assert "seed-corpus-only" in seed and "seed-corpus-only" not in article
    assert "Sora" not in article.split("## Key findings")[0]
    assert "Tubefilter" not in article and "Tubefilter" in seed  # the seed's sources are not another corpus's
    assert article.count("{{< embed") == seed.count("{{< embed")
    assert not (dest / "report" / "_templates").exists()
    before = {p: p.stat().st_mtime_ns for p in dest.rglob("*") if p.is_file()}
    q.stage_project(dest, paths.NOTEBOOKS, seed_corpus=False)
    assert {p: p.stat().st_mtime_ns for p in dest.rglob("*") if p.is_file()} == before  # nothing rewritten
    seed_copy = q.stage_project(tmp_path / "s", paths.NOTEBOOKS, seed_corpus=True)
    assert (seed_copy / "report" / "index.qmd").read_text(encoding="utf-8") == seed


def test_article_kernel_is_read_from_front_matter(tmp_path):
    assert q.article_kernel(paths.REPORT / "index.qmd") == "python3"
    p = tmp_path / "a.qmd"
    p.write_text("---\ntitle: x\njupyter:\n  kernelspec:\n    name: other\n---\n")
    assert q.article_kernel(p) == "other"


# --- offline post-render step ---------------------------------------------------------------

QUARTO_HEAD = ('<head>\n<script src="../site_libs/quarto-html/quarto.js"></script>\n'
               '<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js" integrity="sha512-x" crossorigin="anonymous"></script>\n'
               '<script src="https://cdnjs.cloudflare.com/ajax/libs/jquery/3.5.1/jquery.min.js" integrity="sha512-y" crossorigin="anonymous" data-relocate-top="true"></script>\n'
               "<script type=\"application/javascript\">define('jquery', [],function() {return window.jQuery;})</script>\n"
               '</head><body><div id="fig-a" data-notebook="/home/me/notebooks/x.ipynb" data-notebook-title="X" '
               'data-notebook-cellid="c">'
               '<a href="https://quarto.org">a link is not a fetch</a></div></body>')


def test_offline_step_removes_cdn_widgets_and_build_paths(tmp_path):
    (tmp_path / "report").mkdir()
    page = tmp_path / "report" / "index.html"
    page.write_text(QUARTO_HEAD)
    assert len(remote_references(QUARTO_HEAD)) == 2
    assert make_offline(tmp_path) == 1
    html = page.read_text()
    assert "cdnjs" not in html and "define(" not in html and "/home/me" not in html and "data-notebook" not in html
    assert '<script src="../site_libs/quarto-html/quarto.js"></script>' in html and 'id="fig-a"' in html
    assert remote_references(html) == []
    assert make_offline(tmp_path) == 0  # idempotent


@pytest.mark.parametrize("tag", ['<script src="https://unpkg.com/x.js"></script>',
                                 '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=X">',
                                 '<img src="//example.org/a.png" alt="a">',
                                 "<style>@import url('https://fonts.googleapis.com/x');</style>"])
def test_offline_step_fails_on_any_other_remote_reference(tmp_path, tag):
    (tmp_path / "index.html").write_text(f"<html><head>{tag}</head></html>")
    with pytest.raises(NewsframingError, match="from the network"):
        make_offline(tmp_path)


# --- one-line errors --------------------------------------------------------------------------

def _one_line(exc: BaseException) -> str:
    msg = str(exc)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def test_wrong_quarto_python_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTO_PYTHON", str(tmp_path / "no-such-python"))
    with pytest.raises(NewsframingError) as err:
        q.check_quarto_python()
    msg = _one_line(err.value)
    assert "QUARTO_PYTHON=" in msg and "not an executable Python" in msg and ".venv/bin/python" in msg
    not_python = tmp_path / "not-python"
    not_python.write_text("#!/bin/sh\necho hello\n")
    not_python.chmod(0o755)
    monkeypatch.setenv("QUARTO_PYTHON", str(not_python))
    with pytest.raises(NewsframingError, match="does not run as a Python interpreter"):
        q.check_quarto_python()


def test_python_without_jupyter_is_one_line(tmp_path):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "bare")], check=True)
    with pytest.raises(NewsframingError) as err:
        q.check_quarto_python(python=str(tmp_path / "bare" / "bin" / "python"))
    assert "has no Jupyter" in _one_line(err.value)


def test_missing_kernel_is_one_line():
    with pytest.raises(NewsframingError) as err:
        q.check_quarto_python("no-such-kernel", python=sys.executable)
    msg = _one_line(err.value)
    assert "no Jupyter kernel named 'no-such-kernel'" in msg and "python3" in msg  # lists the known ones
    assert q.check_quarto_python("python3", python=sys.executable) == sys.executable


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    """A `quarto` on PATH that reports version 1.6.25 and fails every render with an ERROR line."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "quarto"
    script.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo 1.6.25; exit 0; fi\n'
                      'echo "[1/2] report/index.qmd"\necho "ERROR: something broke in the render"\nexit 1\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    return script


def test_cli_reports_wrong_quarto_python_before_doing_any_work(fake_quarto, tmp_path):
    env = dict(os.environ, QUARTO_PYTHON=str(tmp_path / "nope" / "python"))
    before = {p: p.stat().st_mtime_ns for p in paths.PROCESSED.iterdir()}
    res = subprocess.run([sys.executable, "-m", "newsframing", "report"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsframing: error: QUARTO_PYTHON="), res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert {p: p.stat().st_mtime_ns for p in paths.PROCESSED.iterdir()} == before  # nothing was rebuilt


def test_failed_render_is_one_line_with_the_log_and_keeps_the_old_site(fake_quarto, tmp_path):
    project = q.stage_project(tmp_path / "p", paths.NOTEBOOKS, seed_corpus=True)
    (project / "_site").mkdir()
    (project / "_site" / "index.html").write_text("previous build")
    log = project / "logs" / "render.log"
    with pytest.raises(NewsframingError) as err:
        q.render_project(project, project / "_site", log)
    msg = _one_line(err.value)
    assert msg.startswith("quarto render failed (report/index.qmd: something broke in the render); full log: ")
    assert msg.endswith(str(log)) or msg.endswith(os.path.relpath(log))
    assert "ERROR: something broke" in log.read_text()
    assert (project / "_site" / "index.html").read_text() == "previous build"
    assert not (project / "_site.tmp").exists()


def test_summarize_failure_finds_the_cause():
    cell_error = ("\x1b[1m[7/7] report/index.qmd\x1b[22m\n\nExecuting 'index.quarto_ipynb'\n  Cell 1/1: ''...\n\n"
                  "An error occurred while executing the following cell:\n------------------\nraise ValueError('boom')\n"
                  "------------------\n\n\x1b[0;31mValueError\x1b[0m: boom\n\n")
    assert q.summarize_failure(cell_error) == "report/index.qmd: ValueError: boom"
    assert q.summarize_failure("ERROR: Jupyter kernel 'x' not found.\nStack trace:\n at y") == "Jupyter kernel 'x' not found."
    assert q.summarize_failure("") == "no output"


def test_real_quarto_failure_is_one_line_and_leaves_no_intermediates(tmp_path):
    require_quarto()
    project = tmp_path / "p"
    (project / "report").mkdir(parents=True)
    (project / "_quarto.yml").write_text("project:\n  type: website\n  render:\n    - report/index.qmd\n")
    (project / "report" / "index.qmd").write_text(
        '---\ntitle: t\njupyter: python3\n---\n\n```{python}\nraise ValueError("boom in a cell")\n```\n')
    with pytest.raises(NewsframingError) as err:
        q.render_project(project, project / "_site", project / "render.log")
    msg = _one_line(err.value)
    assert msg.startswith("quarto render failed (") and "ValueError: boom in a cell); full log:" in msg
    assert not list((project / "report").glob("*.quarto_ipynb*")) and not (project / "_site").exists()


# --- build_report: skip what is unchanged ---------------------------------------------------

def test_build_report_skips_unchanged_steps_and_reruns_changed_ones(make_corpus, tmp_path):
    """Another corpus end to end (Quarto when installed, else the fallback), built three times: cold,
    unchanged (every step skipped, nothing rewritten), and after an article changed (everything after
    ingestion runs again, and the report shows the new numbers rather than frozen ones)."""
    from newsframing.render.site import build_report

    manifest = make_corpus({"a.txt": GOOD_ARTICLE,
                            "b.txt": "Writers fear the studio tool will replace their jobs, the union said.\n"
                                     "The studio said the tool would help small crews experiment.\n"})
    build = tmp_path / "build"

    def run():
        said: list[str] = []
        index = build_report(manifest, progress=False, say=said.append, build_dir=build)
        return index, said

    index, said = run()
    report = index.parent / "report" / "index.html" if (index.parent / "report").is_dir() else index
    assert "4 sentences" in report.read_text(encoding="utf-8")
    files = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (build / "corpus").rglob("*")
             if p.is_file() and ".stamps" not in p.name}

    index2, said2 = run()
    assert index2 == index
    assert not [m for m in said2 if m.startswith(("ingested", "analyzed", "executed", "rendering"))], said2
    if shutil.which("quarto"):  # (the fallback is rebuilt every time, byte-identical)
        assert said2[-1].startswith("report up to date")
        after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (build / "corpus").rglob("*")
                 if p.is_file() and ".stamps" not in p.name}
        assert after == files  # nothing rewritten
    (manifest.parent / "a.txt").write_text(GOOD_ARTICLE + "Critics said the deal threatens jobs.\n", encoding="utf-8")
    _, said3 = run()
    assert any(m.startswith("ingested") for m in said3) and sum(m.startswith("executed") for m in said3) == 6
    assert "5 sentences" in report.read_text(encoding="utf-8")  # the article ran again, not frozen

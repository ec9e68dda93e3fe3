"""Render the Quarto project: check the Python Quarto will use, run ``quarto render`` with its output in a
log file, and move the finished site into place.

Failures the user can fix end as one :class:`NewsframingError` line (what failed, where the full log
is), never as a traceback: a wrong ``QUARTO_PYTHON``, a missing Jupyter kernel, a failed render.
The site is rendered into ``<site>.tmp`` and swapped in only when complete, so a failed render leaves
the previous site intact.

Another corpus (or a test) renders a *staged* copy of the project (:func:`stage_project`): the same
``_quarto.yml`` and ``report/`` next to that corpus's executed notebooks, so the committed project is
never touched. Parameters reach the article through Quarto's ``-P`` (papermill convention: a cell
injected after the one tagged ``parameters``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from newsframing import paths
from newsframing.errors import NewsframingError, display_path

ARTICLE = Path("report") / "index.qmd"
SUPPORTED = (1, 6)  # oldest Quarto the project renders with (tested: 1.6.25)
INSTALL_HINT = ("conda-forge `quarto` (environment.yml), `pip install 'quarto-cli>=1.6,<1.7'`, "
                "or the installer from https://quarto.org")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PROGRESS = re.compile(r"^\[\s*\d+/\d+\]\s+(\S+)")
_PY_EXC = re.compile(r"^(?:[\w.]+(?:Error|Exception|Interrupt|Exit)|[\w.]*Warning)\b.*")


def quarto_executable() -> str | None:
    return shutil.which("quarto")


def quarto_version(quarto: str) -> str:
    try:
        out = subprocess.run([quarto, "--version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NewsframingError(quarto, f"cannot run Quarto ({exc})") from None
    version = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    if out.returncode != 0 or not re.match(r"^\d+\.\d+", version):
        raise NewsframingError(quarto, f"`quarto --version` failed: {(out.stderr or out.stdout).strip()[-200:]}")
    major_minor = tuple(int(x) for x in version.split(".")[:2])
    if major_minor < SUPPORTED:
        raise NewsframingError(quarto, f"Quarto {version} is too old; the report needs Quarto "
                                       f"{SUPPORTED[0]}.{SUPPORTED[1]} or later ({INSTALL_HINT})")
    return version


def quarto_python() -> str:
    """The Python Quarto runs Jupyter with: ``QUARTO_PYTHON`` when set (``make report`` sets it to the
    project's .venv), else this interpreter."""
    return os.environ.get("QUARTO_PYTHON") or sys.executable


def article_kernel(article: Path) -> str:
    """The Jupyter kernel named in the article's front matter (``jupyter: python3``)."""
    m = re.match(r"^---\n(.*?)\n---\n", Path(article).read_text(encoding="utf-8"), re.S)
    meta = (yaml.safe_load(m.group(1)) or {}) if m else {}
    jup = meta.get("jupyter", "python3")
    if isinstance(jup, dict):
        jup = (jup.get("kernelspec") or {}).get("name", "python3")
    return str(jup)


_PROBE = r"""
import json, sys
from importlib.util import find_spec
out = {"python": sys.version.split()[0]}
missing = [m for m in ("jupyter_core", "jupyter_client", "nbformat", "nbclient") if find_spec(m) is None]
if missing:
    out["missing"] = missing[0]
else:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    ksm = KernelSpecManager()
    try:
        ksm.get_kernel_spec(sys.argv[1])
        out["kernel"] = True
    except NoSuchKernel:
        out["kernel"] = False
        out["known"] = sorted(ksm.find_kernel_specs())
    spec = find_spec("newsframing")
    out["newsframing"] = spec.origin if spec else None
print(json.dumps(out))
"""


def check_quarto_python(kernel: str = "python3", python: str | None = None) -> str:
    """Fail with one line unless ``python`` (default: :func:`quarto_python`) can run the article: a
    working interpreter with Jupyter, the kernel ``kernel``, and this package importable."""
    python = python or quarto_python()
    fix = "point QUARTO_PYTHON at the project's .venv/bin/python (`make report` does) or unset it"
    where = f"QUARTO_PYTHON={python}" if os.environ.get("QUARTO_PYTHON") else f"Python {python}"
    if not (shutil.which(python) or (Path(python).is_file() and os.access(python, os.X_OK))):
        raise NewsframingError(None, f"{where} is not an executable Python interpreter; {fix}")
    try:
        res = subprocess.run([python, "-c", _PROBE, kernel], capture_output=True, text=True, timeout=120)
        info = json.loads(res.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
        raise NewsframingError(None, f"{where} does not run as a Python interpreter; {fix}") from None
    if "missing" in info:
        raise NewsframingError(None, f"{where} has no Jupyter (cannot import {info['missing']}), which Quarto "
                                     f"needs to run the report; {fix}")
    if not info.get("kernel"):
        known = ", ".join(info.get("known", [])) or "none"
        raise NewsframingError(None, f"no Jupyter kernel named {kernel!r} for {where} (known kernels: {known}); "
                                     f"install one with `{python} -m ipykernel install --user --name {kernel}`, or {fix}")
    if not info.get("newsframing"):
        raise NewsframingError(None, f"{where} cannot import newsframing, which the report's code uses; {fix}")
    return python


def stage_project(dest: Path, notebooks: Path, seed_corpus: bool) -> Path:
    """Write the Quarto project for ``notebooks`` into ``dest``: ``_quarto.yml`` and ``report/`` copied
    from the repository, the executed notebooks alongside. For another corpus the article's title and
    the blocks marked ``.seed-corpus-only`` (text about the Sora story) are replaced or dropped.
    Files are rewritten only when their content changes."""
    from newsframing.render.site import OTHER_CORPUS_SUBTITLE, OTHER_CORPUS_TITLE, notebook_paths, strip_divs

    dest = Path(dest)
    files: dict[Path, bytes] = {Path("_quarto.yml"): (paths.ROOT / "_quarto.yml").read_bytes()}
    for src in sorted(paths.REPORT.rglob("*")):
        rel = src.relative_to(paths.ROOT)
        if src.is_file() and "_templates" not in rel.parts and "__pycache__" not in rel.parts:
            files[rel] = src.read_bytes()
    if not seed_corpus:
        text = files[ARTICLE].decode("utf-8")
        text = _set_front_matter(text, title=OTHER_CORPUS_TITLE, subtitle=OTHER_CORPUS_SUBTITLE)
        files[ARTICLE] = strip_divs(text, seed_corpus=False, keep_fences=True).encode("utf-8")
    nb_dest = dest / "notebooks"
    if Path(notebooks).resolve() != nb_dest.resolve():
        for nb in notebook_paths(notebooks):
            files[Path("notebooks") / nb.name] = nb.read_bytes()
    for rel, data in files.items():
        target = dest / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    return dest


def _set_front_matter(text: str, **values: str) -> str:
    for key, value in values.items():
        text, n = re.subn(rf"^{key}: .*$", f"{key}: {json.dumps(value, ensure_ascii=False)}", text, count=1, flags=re.M)
        if n != 1:
            raise NewsframingError(ARTICLE, f"no `{key}:` line in the front matter")
    return text


def invalidate_freeze(project: Path, document: Path = ARTICLE) -> None:
    """Drop Quarto's frozen results of ``document`` so the next render executes it again."""
    shutil.rmtree(Path(project) / "_freeze" / document.with_suffix(""), ignore_errors=True)


def summarize_failure(log_text: str) -> str:
    """The one line that says why a ``quarto render`` failed: Quarto's first ``ERROR:`` line, else the
    exception a notebook cell raised, else the last line; prefixed with the file being rendered."""
    lines = [_ANSI.sub("", ln).rstrip() for ln in log_text.splitlines()]
    current = None
    for ln in lines:
        m = _PROGRESS.match(ln)
        if m:
            current = m.group(1)
    errors = [ln[len("ERROR:"):].strip() for ln in lines if ln.startswith("ERROR:")]
    errors = [e for e in errors if e]
    if errors:
        reason = errors[0]
    else:
        exc = [ln.strip() for ln in lines if _PY_EXC.match(ln.strip())]
        rest = [ln.strip() for ln in lines if ln.strip() and "TCP without encryption" not in ln]
        reason = exc[-1] if exc else (rest[-1] if rest else "no output")
    reason = reason if len(reason) <= 300 else reason[:297] + "..."
    return f"{current}: {reason}" if current and not reason.startswith(current) else reason


def render_project(project: Path, site: Path, log: Path, params: dict[str, object] | None = None,
                   quarto: str | None = None) -> Path:
    """``quarto render`` the project in ``project`` into ``site`` (a folder inside it), atomically.
    All of Quarto's output goes to ``log``. Returns ``site``."""
    project, site, log = Path(project), Path(site), Path(log)
    quarto = quarto or quarto_executable()
    if not quarto:
        raise NewsframingError(None, f"Quarto was not found on PATH; install Quarto {SUPPORTED[0]}.{SUPPORTED[1]} "
                                     f"({INSTALL_HINT})")
    python = check_quarto_python(article_kernel(project / ARTICLE))
    if site.parent.resolve() != project.resolve():
        raise NewsframingError(site, "the site folder must be directly inside the Quarto project")
    tmp = site.with_name(site.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [quarto, "render", "--output-dir", tmp.name]
    for key, value in (params or {}).items():
        cmd += ["-P", f"{key}:{value}"]
    log.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QUARTO_PYTHON=python)
    with open(log, "w", encoding="utf-8") as fh:
        fh.write("$ " + " ".join(cmd) + f"\n# in {project}\n")
        fh.flush()
        try:
            proc = subprocess.run(cmd, cwd=project, env=env, stdout=fh, stderr=subprocess.STDOUT)
        except OSError as exc:
            raise NewsframingError(quarto, f"cannot run Quarto ({exc})") from None
    if proc.returncode != 0 or not (tmp / "index.html").is_file():
        shutil.rmtree(tmp, ignore_errors=True)
        for leftover in (project / ARTICLE.parent).glob("*.quarto_ipynb*"):  # Quarto's intermediate notebook
            leftover.unlink()
        reason = summarize_failure(log.read_text(encoding="utf-8", errors="replace")) if proc.returncode else \
            "no index.html was written"
        raise NewsframingError(None, f"quarto render failed ({reason}); full log: {display_path(log)}")
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.replace(old)
    tmp.replace(site)
    shutil.rmtree(old, ignore_errors=True)
    return site

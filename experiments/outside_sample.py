"""Draw the outside check's sentences: real web sentences about AI the project never trained or chose on.

Reruns the draw behind ``data/outside/web/sentences.csv`` (it needs ``../shared/corpora/ai-tech-pages``):

1. every page of five sites of the crawl (2015 or later) that is **not** one of the training corpus's
   excerpts (``data/training/crawl/sources.csv``) is ingested by ``newsframing ingest --on-error skip``,
   exactly as a user would ingest a crawl (outlet = the site);
2. of the canonical sentences, those that name AI (a topic filter: AI, artificial intelligence, machine
   learning, algorithm(s), robot(s), automation, chatbot(s), ChatGPT, deepfake(s), generative) are kept;
3. pages that share any sentence with the training corpus (the same article crawled under another URL)
   are left out;
4. ``PER_OUTLET`` of them are drawn at random per site (fixed seed), at most ``PER_PAGE`` per page so
   that one long page cannot dominate, and written in corpus order with the sentence before each as
   context.

The filter is about topic only (never about how a sentence frames AI), and the draw was made before any
sentence was coded or scored. The codes are in ``data/outside/web/codes/``; ``newsframing validate --outside``
scores the report's model on them.

Run: ``.venv/bin/python experiments/outside_sample.py`` (about a minute).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CRAWL = ROOT.parent / "shared" / "corpora" / "ai-tech-pages" / "pages.tar.xz"
OUT = ROOT / "data" / "outside" / "web" / "sentences.csv"
SITES = ("nature.com", "singularityhub.com", "technologyreview.com", "wired.com", "deepmind.com")
MIN_YEAR = 2015
PER_OUTLET = 60
PER_PAGE = 3
SEED = 20261203
AI = re.compile(r"\b(AI|A\.I\.|[Aa]rtificial [Ii]ntelligence|[Mm]achine [Ll]earning|[Aa]lgorithms?|[Rr]obots?|"
                r"[Aa]utomation|[Cc]hatbots?|ChatGPT|[Dd]eepfakes?|[Gg]enerative)\b")


def pages(root: Path) -> pd.DataFrame:
    """The crawl's pages of SITES from MIN_YEAR on, minus the training corpus's excerpts."""
    used = {r["crawl_path"].split(":", 1)[1] for r in csv.DictReader(open(ROOT / "data/training/crawl/sources.csv"))}
    rows = []
    for p in sorted(root.glob("backups/1/categorized/*/*.txt")):
        rel = str(p.relative_to(root))
        head = p.read_text(encoding="utf-8", errors="replace").split("\n", 4)
        if len(head) < 4 or rel in used:
            continue
        site = urlparse(head[2].strip()).netloc.removeprefix("www.")
        year = int(head[1]) if head[1].strip().isdigit() else 0
        if site in SITES and year >= MIN_YEAR:
            rows.append({"file": rel, "outlet": site, "url": head[2].strip(), "year": year})
    return pd.DataFrame(rows)


def pages_sharing(sents: pd.DataFrame, texts: pd.Series) -> set[str]:
    """The pages (``article_id``) of ``sents`` with a sentence among ``texts``, whitespace aside."""
    seen = set(texts.str.split().str.join(" "))
    return set(sents.article_id[sents.text.str.split().str.join(" ").isin(seen)])


def training_copies(sents: pd.DataFrame) -> set[str]:
    """Pages that share a sentence with the training corpus: the crawl holds some articles twice under
    two URLs (2019/35 and 2019/44 are one Technology Review story, the second in the training corpus)."""
    return pages_sharing(sents, pd.read_csv(ROOT / "data/training/sentences.csv", keep_default_na=False).text)


def main() -> None:
    if not CRAWL.is_file():
        sys.exit(f"outside_sample: {CRAWL} not found (the draw needs the shared crawl)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with tarfile.open(CRAWL) as tf:
            tf.extractall(root, filter="data")
        man = pages(root)
        man[["file", "outlet", "url"]].to_csv(root / "manifest.csv", index=False)
        out = root / "ingested"
        subprocess.run([sys.executable, "-m", "newsframing", "ingest", str(root / "manifest.csv"), "--out", str(out),
                        "--on-error", "skip", "-q"], check=True)
        sents = pd.read_csv(out / "sentences.csv", keep_default_na=False)
        arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
    canon = arts[arts.article_id == arts.canonical_id]
    sents = sents[sents.article_id.isin(canon.article_id)].reset_index(drop=True)
    sents["context_before"] = sents.groupby("article_id").text.shift(1).fillna("")
    files = canon.set_index("article_id").file.map(lambda f: Path(f).as_posix())
    sents["crawl_path"] = "pages.tar.xz:" + sents.article_id.map(files)
    sents["year"] = sents.crawl_path.str.extract(r"categorized/(\d{4})/", expand=False).astype(int)
    pool = sents[sents.text.map(lambda t: AI.search(t) is not None)]
    copies = training_copies(sents)
    rng = np.random.default_rng(SEED)
    take = []
    for site in SITES:
        cand = pool[pool.outlet == site]
        order = cand.index.to_numpy()[rng.permutation(len(cand))]
        per_page: dict[str, int] = {}
        for i in order:
            a = cand.at[i, "article_id"]
            if a in copies:  # skipped after the shuffle, so the draw of every other page stays as it was
                continue
            if per_page.get(a, 0) < PER_PAGE:
                per_page[a] = per_page.get(a, 0) + 1
                take.append(i)
            if sum(per_page.values()) == PER_OUTLET:
                break
    picked = sents.loc[sorted(take)]
    cols = ["sentence_id", "article_id", "outlet", "year", "crawl_path", "url", "context_before", "text"]
    picked = picked.assign(url=picked.article_id.map(canon.set_index("article_id").url))[cols]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    picked.to_csv(OUT, index=False)
    print(f"{len(picked)} sentences from {picked.article_id.nunique()} pages of {picked.outlet.nunique()} sites "
          f"(pool: {len(pool)} AI sentences in {len(canon)} canonical pages) -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

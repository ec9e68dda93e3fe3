"""Hand codes: coding sheets, two coders' code files, their agreement, and adjudication.

Layout of a coded set (the training corpus in ``data/training/``, the seed corpus in
``data/annotations/``)::

    codes/<coder>.csv        sentence_id, frame, rule, note    one file per independent coder
    codes/adjudication.csv   sentence_id, frame, rule, reason  one row per disagreement
    frame_codes.csv          the final codes (written by :func:`final_codes`)

A sentence coded by one coder keeps that code; coded by two who agree, the agreed code; coded by two
who disagree, the adjudicated code (a disagreement without an adjudication row is an error, so none
is settled silently).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from newsframing.errors import NewsframingError
from newsframing.measure.frames import LABELS

CODE_COLUMNS = ["sentence_id", "frame", "rule", "note"]
ADJUDICATION = "adjudication.csv"
SEED = 20240316


def read_code_file(path: Path) -> pd.DataFrame:
    """One coder's (or a user's) code sheet: needs ``sentence_id`` and ``frame`` with codebook labels."""
    path = Path(path)
    if not path.is_file():
        raise NewsframingError(path, "code file not found")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise NewsframingError(path, "code file is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise NewsframingError(path, f"not a readable CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in ("sentence_id", "frame") if c not in df.columns]
    if missing:
        raise NewsframingError(path, f"needs columns sentence_id and frame (missing {', '.join(missing)})")
    df["frame"] = df.frame.str.strip().str.lower()
    df = df[df.frame != ""]  # an uncoded row of a coding sheet
    bad = sorted(set(df.frame) - set(LABELS))
    if bad:
        raise NewsframingError(path, f"unknown frame code(s) {bad}; use {', '.join(LABELS)}")
    dup = df.sentence_id[df.sentence_id.duplicated()]
    if len(dup):
        raise NewsframingError(path, f"sentence {dup.iloc[0]} is coded twice")
    for col in ("rule", "note"):
        if col not in df.columns:
            df[col] = ""
    return df[CODE_COLUMNS].reset_index(drop=True)


def read_coders(codes_dir: Path) -> pd.DataFrame:
    """All coders' files in ``codes_dir`` (every CSV but the adjudication log), long format with ``coder``."""
    files = sorted(p for p in Path(codes_dir).glob("*.csv") if p.name != ADJUDICATION)
    if not files:
        raise NewsframingError(codes_dir, "no coder files (*.csv)")
    return pd.concat([read_code_file(p).assign(coder=p.stem) for p in files], ignore_index=True)


def paired(codes: pd.DataFrame) -> pd.DataFrame:
    """Sentences coded by exactly two coders: one row with ``coder_1, code_1, coder_2, code_2``."""
    n = codes.groupby("sentence_id").coder.transform("size")
    if (n > 2).any():
        raise NewsframingError(None, f"sentence {codes.sentence_id[n > 2].iloc[0]} has more than two coders")
    two = codes[n == 2].sort_values(["sentence_id", "coder"], kind="stable")
    first, second = two.groupby("sentence_id").nth(0), two.groupby("sentence_id").nth(1)
    return pd.DataFrame({"sentence_id": first.sentence_id.to_numpy(),
                         "coder_1": first.coder.to_numpy(), "code_1": first.frame.to_numpy(),
                         "coder_2": second.coder.to_numpy(), "code_2": second.frame.to_numpy()})


def agreement(codes: pd.DataFrame) -> pd.DataFrame:
    """Cohen's κ and raw agreement per coder pair, and over all doubly coded sentences."""
    p = paired(codes)
    rows = []
    groups = [(f"{a} × {b}", g) for (a, b), g in p.groupby(["coder_1", "coder_2"], sort=True)]
    for name, g in groups + [("all pairs", p)]:
        if len(g) == 0:
            continue
        rows.append({"pair": name, "n": len(g), "agreement": round(float((g.code_1 == g.code_2).mean()), 4),
                     "cohen_kappa": round(float(cohen_kappa_score(g.code_1, g.code_2, labels=LABELS)), 4)})
    return pd.DataFrame(rows, columns=["pair", "n", "agreement", "cohen_kappa"])


def final_codes(codes_dir: Path) -> pd.DataFrame:
    """The code of every sentence: agreed, single-coded, or adjudicated (see the module docstring)."""
    codes_dir = Path(codes_dir)
    codes = read_coders(codes_dir)
    p = paired(codes)
    adj_path = codes_dir / ADJUDICATION
    adj = (pd.read_csv(adj_path, dtype=str, keep_default_na=False) if adj_path.is_file()
           else pd.DataFrame(columns=["sentence_id", "frame", "rule", "reason"]))
    bad = sorted(set(adj.frame) - set(LABELS))
    if bad:
        raise NewsframingError(adj_path, f"unknown frame code(s) {bad}")
    disagree = p[p.code_1 != p.code_2]
    missing = sorted(set(disagree.sentence_id) - set(adj.sentence_id))
    if missing:
        raise NewsframingError(adj_path, f"{len(missing)} disagreement(s) not adjudicated, e.g. {missing[0]}")
    stray = sorted(set(adj.sentence_id) - set(disagree.sentence_id))
    if stray:
        raise NewsframingError(adj_path, f"adjudicates {stray[0]}, which is not a disagreement")
    single = codes[~codes.sentence_id.isin(p.sentence_id)]
    out = pd.concat([
        single.assign(coder_1=single.coder, code_1=single.frame, coder_2="", code_2="", status="single coder")[
            ["sentence_id", "frame", "coder_1", "code_1", "coder_2", "code_2", "status"]],
        p[p.code_1 == p.code_2].assign(frame=lambda d: d.code_1, status="agreed"),
        disagree.merge(adj[["sentence_id", "frame"]], on="sentence_id").assign(status="adjudicated"),
    ], ignore_index=True)
    return out[["sentence_id", "frame", "status", "coder_1", "code_1", "coder_2", "code_2"]].sort_values(
        "sentence_id", kind="stable").reset_index(drop=True)


def coding_sheet(sentences: pd.DataFrame, n: int = 200, seed: int = SEED, min_per_outlet: int = 10) -> pd.DataFrame:
    """A stratified random sample of a corpus's sentences to hand-code (columns of a coding sheet).

    Stratified by outlet: each outlet gets a share of ``n`` proportional to its sentences but at least
    ``min_per_outlet`` (or all it has), so a small outlet's error rate can be estimated too. Within an
    outlet, sentences are drawn uniformly at random (fixed seed). The previous sentence of the article is
    given as context (codebook R8). Rows come in corpus order so a coder reads articles in sequence."""
    if n <= 0:
        raise ValueError("sample size must be positive")
    s = sentences.reset_index(drop=True)
    s = s[s.text.astype(str).str.strip() != ""]
    sizes = s.groupby("outlet").size()
    alloc = np.maximum(np.round(n * sizes / sizes.sum()), min_per_outlet).astype(int).clip(upper=sizes)
    rng = np.random.default_rng(seed)
    take = []
    for outlet in sorted(alloc.index):
        idx = s.index[s.outlet == outlet].to_numpy()
        take.append(np.sort(rng.choice(idx, size=int(alloc[outlet]), replace=False)))
    picked = np.sort(np.concatenate(take)) if take else np.array([], dtype=int)
    prev = s.groupby("article_id").text.shift(1).fillna("")
    sheet = pd.DataFrame({"sentence_id": s.sentence_id[picked], "article_id": s.article_id[picked],
                          "outlet": s.outlet[picked], "context_before": prev[picked], "text": s.text[picked],
                          "frame": "", "rule": "", "note": ""})
    return sheet.reset_index(drop=True)

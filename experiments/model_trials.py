"""Model trials outside the committed comparison: do richer features or other classifiers transfer better?

``newsframing train`` compares 36 candidates (``transfer_scores.csv``). Before and after it, ideas that
might carry frames the TF-IDF/lexicon/embedding model misses were tried on the same folds; this script
reruns every one of them so the numbers that methods §4 quotes come from committed code, not from a
session's scratch files. It writes ``data/validation/model_trials.csv``: per trial and held-out scheme
(storyline, register), macro-F1 and recall per frame, and the difference to the report's model on the
same folds. Nothing here changes the models or the report's other tables.

Trials (each on the report's model, ``words+chars+lexicon+embed · logreg · C=1``, unless it says
otherwise):

* ``categories`` — the lexicon's score per category (capability, jobs, rights, …) beside its two frame
  scores: does it matter *which* part of the lexicon fired?
* ``neighbours`` — the mean embedding of the previous and the next sentence of the same article (frames
  that depend on the article around a sentence);
* ``tail clause`` — lexicon and sentiment scores of the clause after a contrastive "but/however/yet"
  or a concessive "While …," (codebook rule R2: the main clause carries the frame);
* ``max pooling`` / ``middle layer`` — max-pooled or layer-3 mean-pooled encoder states beside the
  model's own mean-pooled embedding;
* ``RBF SVM`` / ``MLP`` — non-linear classifiers on embedding + lexicon (class-balanced: the SVM by
  class weights, the MLP by oversampling), beside a logistic regression on the same features;
* ``embed weight`` / ``lexicon weight`` — the blocks' weights beside the TF-IDF blocks;
* ``adaptation ×w`` — a user who codes half of a held-out storyline's articles adds them (each item
  repeated ``w`` times) to the training data; scored on the other half, against ``w = 0`` on the same
  half (storyline scheme only);
* ``self-training, quota K`` — uncoded real text as training data: in each fold the model labels a
  pool of real web sentences about AI (the shared crawl's pages that are neither training excerpts nor
  outside check pages, nor share a sentence with them); up to K of them, the surest of each frame up
  to its share of the fold's coded labels, join the training data with the model's labels, and the
  refitted model predicts the held-out group. ``added_*`` says how many of each frame a fold added on
  average (fewer than the quota when the model predicts a frame too rarely in the pool). Needs
  ``../shared/corpora/ai-tech-pages``.

Run with ``make trials`` (about 15 min on 2 cores; needs the optional encoder: ``make setup`` has it).
The fine-tuned encoder trial needs torch and lives in ``finetune_trial.py`` beside this file.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import LeaveOneGroupOut
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from newsframing import paths
from newsframing.atomic import write_csv_atomic
from newsframing.measure import encoder
from newsframing.measure import transfer as T
from newsframing.measure.estimator import FrameClassifier
from newsframing.measure.frames import EMBED_COLUMNS, LABELS, LEXICON_FEATURES, SEED, _check_table, featurize
from newsframing.measure.lexicon import load_lexicon, match_sentence
from newsframing.measure.training import load_coded
from outside_sample import AI, pages_sharing  # the outside check's draw (this folder is on sys.path when run as a script)

OUT = paths.VALIDATION / "model_trials.csv"
CRAWL = paths.ROOT.parent / "shared" / "corpora" / "ai-tech-pages" / "pages.tar.xz"
SELF_TRAIN_SIZES = (600, 1800)  # pool sentences a fold may add (its quota); fewer when the model predicts a frame too rarely
POOL_PER_PAGE = 5
POOL_MIN_YEAR = 2015
POOL_SEED = 20261204


def report_candidate() -> T.Candidate:
    """The candidate ``newsframing train`` chose for the report (``selected == "report"`` in the
    committed transfer_scores.csv), so the trials follow the model whenever it is retrained."""
    scores = pd.read_csv(paths.VALIDATION / "transfer_scores.csv", keep_default_na=False)
    name = scores.loc[scores.selected == "report", "candidate"].iloc[0]
    return next(c for c in T.candidates(True) if c.name == name)


def report_params() -> dict:
    c = report_candidate()
    return dict(features=c.features, model=c.model, C=c.C)
ADAPT_WEIGHTS = (0, 1, 3, 8)
ADAPT_SEED = 20240316
# R2: the clause after a contrastive conjunction, or the main clause after a concessive "While …,"
CONTRAST = re.compile(r"(?:[,;:]|\s[-–—])\s*(?:but|however|yet)\b[,]?\s*|^\s*(?:but|however|yet)\b[,]?\s*|\.\s+However,\s*",
                      re.IGNORECASE)
CONCESSIVE = re.compile(r"^\s*(?:while|although|though|even though|even as)\b[^,]{3,}?,\s*", re.IGNORECASE)


class TrialClassifier(FrameClassifier):
    """:class:`FrameClassifier` with extra standardised or passthrough column blocks, or a non-linear
    classifier (``clf``: ``linear`` keeps the estimator's own model). Scores only: no calibration."""

    def __init__(self, features: str = "words+lexicon", model: str = "logreg", C: float = 1.0,
                 lexicon_weight: float = 0.3, embed_weight: float = 1.0, calibrate: bool = False,
                 extra: tuple[str, ...] = (), extra_scaled: bool = False, extra_weight: float = 1.0,
                 clf: str = "linear"):
        super().__init__(features, model, C, lexicon_weight, embed_weight, calibrate)
        self.extra = extra
        self.extra_scaled = extra_scaled
        self.extra_weight = extra_weight
        self.clf = clf

    def _pipeline(self):
        pipe = super()._pipeline()
        ct = pipe.steps[0][1]
        if self.extra:
            ct.transformers.append(("extra", StandardScaler() if self.extra_scaled else "passthrough", list(self.extra)))
            ct.transformer_weights = {**(ct.transformer_weights or {}), "extra": self.extra_weight}
        if self.clf == "rbf":
            pipe.steps[1] = ("clf", SVC(kernel="rbf", C=self.C, class_weight="balanced", random_state=SEED))
        elif self.clf == "mlp":
            pipe.steps[1] = ("clf", MLPClassifier(hidden_layer_sizes=(128,), alpha=1e-3, max_iter=300,
                                                  early_stopping=True, random_state=SEED))
        return pipe

    def fit(self, X: pd.DataFrame, y, groups=None) -> "TrialClassifier":
        if self.clf == "mlp":  # MLPClassifier takes no class weights: oversample to balanced classes instead
            y = np.asarray(y, dtype=object)
            rng = np.random.default_rng(SEED)
            labels, counts = np.unique(y, return_counts=True)
            extra = [rng.choice(np.where(y == lab)[0], counts.max() - n) for lab, n in zip(labels, counts)]
            idx = np.concatenate([np.arange(len(y)), *extra])
            X, y = X.iloc[idx], y[idx]
        return super().fit(X, y, groups)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        if hasattr(self.base_, "decision_function"):
            return super().predict(X)
        return np.asarray(self.base_.predict(self.features_.transform(_check_table(X))), dtype=object)  # the MLP


def tail_clause(text: str) -> str:
    """The clause that carries the frame under R2, or '' when the sentence has no contrast."""
    m = None
    for m in CONTRAST.finditer(text):
        pass
    if m is not None:
        return text[m.end():]
    c = CONCESSIVE.match(text)
    return text[c.end():] if c else ""


def extra_features(coded: pd.DataFrame, feats: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Every trial's extra columns, and which columns each trial adds (``feats``: :func:`featurize` of
    the coded items with the embedding, whose mean-pooled vectors the neighbour trial reuses)."""
    texts = coded.text.tolist()
    cols: dict[str, list[str]] = {}
    parts = []
    # lexicon score per category and frame
    lex = load_lexicon()
    cats = sorted({(e.category, e.frame) for e in lex})
    rows = []
    for t in texts:
        row = dict.fromkeys(cats, 0.0)
        for m in match_sentence(t):
            if (m.category, m.frame) in row:
                row[(m.category, m.frame)] += m.weight
        rows.append([row[c] for c in cats])
    names = [f"cat_{c}_{f}" for c, f in cats]
    parts.append(pd.DataFrame(rows, columns=names, index=coded.index))
    cols["categories"] = names
    # R2 tail clause: lexicon/sentiment of the main clause, zero when there is no contrast
    tails = pd.Series([tail_clause(t) for t in texts], index=coded.index)
    tf = featurize(tails)[LEXICON_FEATURES].where(tails.str.strip() != "", 0.0)
    names = [f"tail_{c}" for c in LEXICON_FEATURES]
    parts.append(tf.set_axis(names, axis=1))
    cols["tail clause"] = names
    # encoder poolings and neighbours
    pooled = encoder.pooled(texts, ("max", "mid"))
    for name, key in (("max pooling", "max"), ("middle layer", "mid")):
        names = [f"{key}_{i:03d}" for i in range(encoder.DIM)]
        parts.append(pd.DataFrame(pooled[key], columns=names, index=coded.index))
        cols[name] = names
    emb = feats[EMBED_COLUMNS].to_numpy()
    nb = np.zeros_like(emb)
    art = coded.article_id.to_numpy()
    pos = coded.position.to_numpy()
    order = np.lexsort((pos, art))
    for k, i in enumerate(order):
        near = [order[j] for j in (k - 1, k + 1) if 0 <= j < len(order) and art[order[j]] == art[i]]
        if near:
            nb[i] = emb[near].mean(0)
    names = [f"nb_{i:03d}" for i in range(encoder.DIM)]
    parts.append(pd.DataFrame(nb, columns=names, index=coded.index))
    cols["neighbours"] = names
    return pd.concat(parts, axis=1), cols


def trials(cols: dict[str, list[str]], base: dict) -> dict[str, dict]:
    return {
        "report model": base,
        "categories": {**base, "extra": tuple(cols["categories"]), "extra_scaled": True, "extra_weight": 0.3},
        "neighbours": {**base, "extra": tuple(cols["neighbours"])},
        "tail clause": {**base, "extra": tuple(cols["tail clause"]), "extra_scaled": True, "extra_weight": 0.3},
        "max pooling": {**base, "extra": tuple(cols["max pooling"])},
        "middle layer": {**base, "extra": tuple(cols["middle layer"])},
        # the non-linear classifiers on embedding + lexicon, beside the linear one on the same features
        "logistic regression (embed+lexicon)": dict(features="embed+lexicon", model="logreg", C=1.0),
        "RBF SVM (embed+lexicon)": dict(features="embed+lexicon", model="logreg", C=1.0, clf="rbf"),
        "MLP (embed+lexicon)": dict(features="embed+lexicon", model="logreg", C=1.0, clf="mlp"),
        "embed weight 1.5": {**base, "embed_weight": 1.5},
        "embed weight 2.0": {**base, "embed_weight": 2.0},
        "lexicon weight 0.6": {**base, "lexicon_weight": 0.6},
        "lexicon weight 1.0": {**base, "lexicon_weight": 1.0},
    }


def _fit_predict(params: dict, X: pd.DataFrame, y: np.ndarray, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    return TrialClassifier(**params).fit(X.iloc[train], y[train]).predict(X.iloc[test])


def out_of_fold(params: dict, X: pd.DataFrame, coded: pd.DataFrame, scheme: str, jobs: int) -> pd.Series:
    y = coded.frame.to_numpy(dtype=object)
    splits = list(LeaveOneGroupOut().split(X, y, groups=coded[T.SCHEMES[scheme]].to_numpy()))
    res = Parallel(n_jobs=jobs)(delayed(_fit_predict)(params, X, y, tr, te) for tr, te in splits)
    pred = np.empty(len(y), dtype=object)
    for (_tr, te), p in zip(splits, res):
        pred[te] = p
    return pd.Series(pred, index=coded.index)


def adaptation_splits(coded: pd.DataFrame, seed: int = ADAPT_SEED) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per storyline: (other storylines' items, half of its articles' items to add, the other half's)."""
    out = []
    story = coded.storyline.to_numpy()
    art = coded.article_id.to_numpy().astype(str)
    for k, g in enumerate(sorted(set(story))):
        arts = np.unique(art[story == g])
        if len(arts) < 2:
            continue
        rng = np.random.default_rng([seed, k])
        add = set(rng.choice(arts, len(arts) // 2, replace=False))
        inside = np.where(story == g)[0]
        out.append((np.where(story != g)[0], inside[[a in add for a in art[inside]]],
                    inside[[a not in add for a in art[inside]]]))
    return out


def adaptation(base: dict, X: pd.DataFrame, coded: pd.DataFrame, jobs: int) -> list[dict]:
    y = coded.frame.to_numpy(dtype=object)
    splits = adaptation_splits(coded)
    rows = []
    for w in ADAPT_WEIGHTS:
        tasks = [(np.concatenate([other] + [add] * w), rest) for other, add, rest in splits]
        res = Parallel(n_jobs=jobs)(delayed(_fit_predict)(base, X, y, tr, te) for tr, te in tasks)
        test = np.concatenate([te for _tr, te in tasks])
        pred = np.concatenate(res)
        rows.append({"trial": f"adaptation ×{w}", "scheme": "storyline (other half)",
                     **T.scores(pd.Series(y[test]), pd.Series(pred)), "items": test, "pred": pred})
    return rows


def unlabeled_pool(seed: int = POOL_SEED) -> pd.Series:
    """Real, uncoded web sentences about AI: the crawl's pages from POOL_MIN_YEAR on, ingested as a user
    would (``newsframing ingest --on-error skip``; the pages it rejects are not used), minus the training
    corpus's excerpts, the outside check's pages and any page that shares a sentence with either; of
    the rest, the sentences that name AI (the outside check's topic filter), at most POOL_PER_PAGE a page
    (chosen with a fixed seed). ``main`` checks the crawl is there before any trial runs."""
    used = set(pd.read_csv(paths.ROOT / "data/training/crawl/sources.csv").crawl_path.str.split(":", n=1).str[1])
    check = pd.read_csv(paths.ROOT / "data/outside/web/sentences.csv", keep_default_na=False)
    used |= set(check.crawl_path.str.split(":", n=1).str[1])
    train = pd.read_csv(paths.ROOT / "data/training/sentences.csv", keep_default_na=False)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with tarfile.open(CRAWL) as tf:
            tf.extractall(root, filter="data")
        rows = []
        for p in sorted(root.glob("backups/1/categorized/*/*.txt")):
            rel = str(p.relative_to(root))
            head = p.read_text(encoding="utf-8", errors="replace").split("\n", 4)
            if len(head) < 4 or rel in used or not head[1].strip().isdigit() or int(head[1]) < POOL_MIN_YEAR:
                continue
            url = head[2].strip()
            rows.append({"file": rel, "outlet": urlparse(url).netloc.removeprefix("www."), "url": url})
        pd.DataFrame(rows).to_csv(root / "manifest.csv", index=False)
        subprocess.run([sys.executable, "-m", "newsframing", "ingest", str(root / "manifest.csv"), "--out",
                        str(root / "ingested"), "--on-error", "skip", "-q"], check=True)
        sents = pd.read_csv(root / "ingested" / "sentences.csv", keep_default_na=False)
        arts = pd.read_csv(root / "ingested" / "articles.csv", keep_default_na=False)
    sents = sents[sents.article_id.isin(arts.article_id[arts.article_id == arts.canonical_id])]
    copies = pages_sharing(sents, pd.concat([train.text, check.text]))
    sents = sents[~sents.article_id.isin(copies) & sents.text.map(lambda t: AI.search(t) is not None)]
    sents = sents.iloc[np.random.default_rng(seed).permutation(len(sents))]
    sents = sents[sents.groupby("article_id").cumcount() < POOL_PER_PAGE]
    return sents.text.sort_index().reset_index(drop=True)


def pseudo_labels(prob: np.ndarray, classes: np.ndarray, y_train: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The pool rows to add and their labels: per frame, up to its share of ``k`` (its share of
    ``y_train``) of the rows predicted as that frame, surest first. A frame the model predicts for
    fewer rows than its quota adds only those (no row gets a label the model did not predict)."""
    labels, counts = np.unique(y_train, return_counts=True)
    best = prob.argmax(axis=1)
    rows, pseudo = [], []
    for lab, n in zip(labels, counts):
        c = list(classes).index(lab)
        mine = np.where(best == c)[0]
        take = mine[np.argsort(-prob[mine, c], kind="stable")][: int(round(k * n / len(y_train)))]
        rows.append(take)
        pseudo.append(np.full(len(take), lab, dtype=object))
    return np.concatenate(rows), np.concatenate(pseudo)


def _self_train(params: dict, X: pd.DataFrame, y: np.ndarray, train: np.ndarray, test: np.ndarray,
                pool: pd.DataFrame, k: int) -> tuple[np.ndarray, dict[str, int]]:
    """One fold of self-training: fit, label the pool, add :func:`pseudo_labels`, refit; returns the
    held-out predictions and how many rows of each frame were added. Written out because scikit-learn's
    SelfTrainingClassifier turns X into a numeric array (this estimator needs the feature table's text
    column) and picks its k by overall confidence, which would fill the quota with the commonest frame."""
    first = TrialClassifier(**params).fit(X.iloc[train], y[train])
    d = first.decision_function(pool)
    prob = np.exp(d - d.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    picked, pseudo = pseudo_labels(prob, first.classes_, y[train], k)
    Xa = pd.concat([X.iloc[train][pool.columns], pool.iloc[picked]], ignore_index=True)
    ya = np.concatenate([y[train], pseudo])
    added = {lab: int((pseudo == lab).sum()) for lab in LABELS}
    return TrialClassifier(**params).fit(Xa, ya).predict(X.iloc[test]), added


def self_training(base: dict, feats: pd.DataFrame, coded: pd.DataFrame, jobs: int) -> list[dict]:
    pool_texts = unlabeled_pool()
    print(f"self-training pool: {len(pool_texts):,} real web sentences", flush=True)
    pool = featurize(pool_texts, embed=True)[feats.columns]
    y = coded.frame.to_numpy(dtype=object)
    rows = []
    for k in SELF_TRAIN_SIZES:
        for scheme in T.SELECTION_SCHEMES:
            splits = list(LeaveOneGroupOut().split(feats, y, groups=coded[T.SCHEMES[scheme]].to_numpy()))
            res = Parallel(n_jobs=jobs)(delayed(_self_train)(base, feats, y, tr, te, pool, k) for tr, te in splits)
            pred = np.empty(len(y), dtype=object)
            for (_tr, te), (p, _added) in zip(splits, res):
                pred[te] = p
            added = {f"added_{lab}": round(float(np.mean([a[lab] for _p, a in res])), 1) for lab in LABELS}
            rows.append({"trial": f"self-training, quota {k} of {len(pool)}", "scheme": scheme,
                         **T.scores(coded.frame, pd.Series(pred)), **added, "items": np.arange(len(y)), "pred": pred})
            print(f"{rows[-1]['trial']:28s} {scheme:9s} macro-F1 {rows[-1]['macro_f1']:.4f} added per fold "
                  + ", ".join(f"{v:g}" for v in added.values()), flush=True)
    return rows


def change_intervals(df: pd.DataFrame, coded: pd.DataFrame) -> list[tuple[float, float]]:
    """Per row, a paired 95 % interval of its change in macro-F1 from the report's model on the same folds
    (adaptation rows: from ``adaptation ×0`` on the same items): one bootstrap over articles scores both
    predictions, so a reader can see which changes the corpus can tell from none."""
    y, art = coded.frame.to_numpy(dtype=object), coded.article_id.to_numpy()
    ref = {r.scheme: r.pred for r in df.itertuples() if r.trial == "report model"}
    ref.update({r.scheme: r.pred for r in df.itertuples() if r.trial == "adaptation ×0"})
    return [T.macro_f1_change_interval(y[r.items], ref[r.scheme], r.pred, art[r.items]) for r in df.itertuples()]


def trial_names() -> list[str]:
    """The names of :func:`trials`, in order (they do not depend on the feature columns)."""
    return list(trials(defaultdict(list), {}))


def canonical_order(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order a full run writes them: the trials, adaptation, self-training (a rerun of some
    trials with --only writes the same bytes as a full run with the same results)."""
    names = trial_names()
    rank = df.trial.map(lambda t: names.index(t) if t in names else len(names) + t.startswith("self-training"))
    return df.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated trial names (default: all); their rows replace "
                    "those in the committed table when the report model scores as it did there")
    args = ap.parse_args(argv)
    only = [n for n in args.only.split(",") if n]
    known = [*trial_names(), "self-training"]
    unknown = [n for n in only if n not in known]
    if unknown:
        print(f"model_trials: no trial named {', '.join(unknown)} (--only takes: {', '.join(known)})", file=sys.stderr)
        return 2
    if not encoder.available():
        print("model_trials: the sentence encoder is not installed (make setup installs it)", file=sys.stderr)
        return 2
    if (not only or "self-training" in only) and not CRAWL.is_file():
        print(f"model_trials: {CRAWL} not found (the self-training trial needs the shared crawl)", file=sys.stderr)
        return 2
    coded = load_coded().reset_index(drop=True)
    feats = featurize(coded.text, embed=True)
    extra, cols = extra_features(coded, feats)
    X = pd.concat([feats, extra], axis=1)
    base = report_params()
    chosen = trials(cols, base)
    if only:
        chosen = {k: v for k, v in chosen.items() if k in only or k == "report model"}
    rows = []
    for name, params in chosen.items():
        for scheme in T.SELECTION_SCHEMES:
            pred = out_of_fold(params, X, coded, scheme, args.jobs)
            rows.append({"trial": name, "scheme": scheme, **T.scores(coded.frame, pred),
                         "items": np.arange(len(coded)), "pred": pred.to_numpy()})
            print(f"{name:28s} {scheme:9s} macro-F1 {rows[-1]['macro_f1']:.4f}", flush=True)
    if not only:
        rows += adaptation(base, X, coded, args.jobs)
    if not only or "self-training" in only:  # one name for all its quotas
        rows += self_training(base, feats, coded, args.jobs)
    df = pd.DataFrame(rows)
    ref = df[df.trial == "report model"].set_index("scheme").macro_f1
    adapt0 = df.loc[df.trial == "adaptation ×0", "macro_f1"]
    df["vs_report_model"] = [
        round(r.macro_f1 - (ref[r.scheme] if r.scheme in ref else float(adapt0.iloc[0])), 4) for r in df.itertuples()]
    df[["vs_report_model_low", "vs_report_model_high"]] = change_intervals(df, coded)
    keep = ["trial", "scheme", "n", "macro_f1", "vs_report_model", "vs_report_model_low", "vs_report_model_high",
            "cohen_kappa",
            *[f"recall_{lab}" for lab in LABELS], *[f"added_{lab}" for lab in LABELS]]  # added: self-training only
    df = df.reindex(columns=keep)
    if only:  # the named trials replace their rows in the committed table, if the model is the one it scored
        old = pd.read_csv(OUT).reindex(columns=keep) if OUT.is_file() else None
        same = old is not None and old[old.trial == "report model"].reset_index(drop=True).equals(
            df[df.trial == "report model"].reset_index(drop=True))
        if not same:
            print(f"model_trials: the report model scores differently from {OUT.relative_to(paths.ROOT)} "
                  "(or it is missing): rerun every trial (no --only) to rewrite it", file=sys.stderr)
            return 1
        drop = old.trial.isin(set(df.trial) - {"report model"})
        if "self-training" in only:
            drop |= old.trial.str.startswith("self-training")
        df = pd.concat([old[~drop], df[df.trial != "report model"]], ignore_index=True)
    df = canonical_order(df)
    write_csv_atomic(df, OUT)
    print(f"wrote {OUT.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The coded training corpus (``data/training/``): texts with provenance, sentences, final codes.

``manifest.csv`` lists every article with the usual manifest columns plus its ``storyline``,
``register``, ``source_kind`` (``crawl``: real page; ``written``: written for the project), ``source``
(URL or note) and ``writer``. :func:`build_sentences` runs the project's own ingestion over it (the
classifier learns from text segmented exactly as a user's corpus will be) and adds each article's
headline as an item of its own, since headlines carry frames too. The result is committed as
``sentences.csv``; ``codes/`` holds the coders' files (:mod:`newsframing.measure.coding`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsframing import paths
from newsframing.errors import NewsframingError
from newsframing.measure.coding import final_codes

TRAINING = paths.DATA / "training"
MANIFEST = TRAINING / "manifest.csv"
SENTENCES = TRAINING / "sentences.csv"
CODES = TRAINING / "codes"
FRAME_CODES = TRAINING / "frame_codes.csv"
META = ["storyline", "register", "source_kind", "source", "writer"]
COLUMNS = ["sentence_id", "article_id", "outlet", "kind", "paragraph", "position", *META, "text"]


def build_sentences(manifest=MANIFEST) -> pd.DataFrame:
    """Headline plus sentences of every training article, with the article's provenance columns."""
    from newsframing.ingest import build_corpus
    from newsframing.ingest.manifest import read_manifest

    corpus = build_corpus(manifest)
    rows = read_manifest(manifest)
    meta = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    missing = [c for c in META if c not in meta.columns]
    if missing:
        raise NewsframingError(manifest, f"training manifest needs columns {missing}")
    meta["article_id"] = [r.article_id for r in rows]
    a = corpus.articles
    heads = a.loc[a.title.astype(str).str.strip() != "", ["article_id", "outlet", "title"]].rename(columns={"title": "text"})
    heads = heads.assign(sentence_id=heads.article_id + "-h00", kind="headline", paragraph=0, position=0)
    body = corpus.sentences.assign(kind="sentence")
    out = pd.concat([heads, body], ignore_index=True).merge(meta[["article_id", *META]], on="article_id", how="left")
    order = {aid: k for k, aid in enumerate(meta.article_id)}
    out = out.sort_values(["article_id", "position"], key=lambda c: c.map(order) if c.name == "article_id" else c,
                          kind="stable")
    return out[COLUMNS].reset_index(drop=True)


def read_sentences() -> pd.DataFrame:
    if not SENTENCES.is_file():
        raise NewsframingError(SENTENCES, "training sentences not built; run `make training-data`")
    return pd.read_csv(SENTENCES, dtype=str, keep_default_na=False).astype({"paragraph": int, "position": int})


def load_coded(sentences: pd.DataFrame | None = None, codes_dir=CODES) -> pd.DataFrame:
    """Training sentences joined to their final codes (``frame``); every sentence must be coded."""
    sentences = read_sentences() if sentences is None else sentences
    codes = final_codes(codes_dir)
    df = sentences.merge(codes[["sentence_id", "frame", "status"]], on="sentence_id", how="left", validate="one_to_one")
    missing = df.sentence_id[df.frame.isna()]
    if len(missing):
        raise NewsframingError(codes_dir, f"{len(missing)} training sentence(s) not coded, e.g. {missing.iloc[0]}")
    extra = sorted(set(codes.sentence_id) - set(sentences.sentence_id))
    if extra:
        raise NewsframingError(codes_dir, f"codes for unknown sentence(s), e.g. {extra[0]} (rebuild sentences.csv?)")
    return df


VALIDATION = paths.VALIDATION


def error_rate_tables(model_file: Path) -> dict[str, Path]:
    """Where ``newsframing train`` wrote the transfer predictions (the error rates the outlet estimates
    are corrected with) and the check on held-out outlets (τ, and which estimate to lead with) of a
    trained model: the model without the encoder has its own (``*_fast.csv``). A model must be
    corrected with its own error rates; the two models' differ enough to move an outlet's corrected
    net framing by 0.1."""
    from newsframing.measure.frames import MODEL_FILE

    suffix = "_fast" if Path(model_file).name == MODEL_FILE.name else ""
    return {name: VALIDATION / f"{name}{suffix}.csv"
            for name in ("transfer_predictions", "quantification_check", "quantification_check_summary")}


def transfer_tables(coded: pd.DataFrame, feats: pd.DataFrame, candidates, jobs: int = 1) -> tuple[list[str], dict[str, pd.DataFrame]]:
    """Compare every candidate by transfer, pick the best without and (when its candidates are
    compared) with the sentence encoder, and describe the picks in detail: per-class scores and
    confusion under each scheme (baselines beside them), scores per held-out storyline and register,
    calibrated out-of-fold probabilities (storyline held out) and their reliability. The last pick is
    the one the report uses (the encoder model when it was compared); ``transfer_predictions_fast`` holds
    the same for the pick without the encoder, so that analyze corrects that model with its own error rates."""
    from newsframing.measure import transfer as T

    tables = T.compare(feats, coded, candidates, jobs=jobs)
    sc = tables["transfer_scores"]
    picks = [T.select(sc, encoder=False)]
    if any(T.uses_encoder(c.features) for c in candidates):
        picks.append(T.select(sc, encoder=True))
    chosen = [next(c for c in candidates if c.name == name) for name in picks]
    extra, per_class, confusion, groups = [], [], [], []
    base = coded[["sentence_id", "article_id", "outlet", "storyline", "register", "source_kind", "kind", "frame"]].rename(
        columns={"frame": "code"}).reset_index(drop=True)
    preds, fast_preds = base.copy(), base.copy()
    for cand in [*T.BASELINES, *chosen]:
        label = cand.name if cand not in chosen else ("model with encoder" if T.uses_encoder(cand.features) else "model")
        primary = cand is chosen[-1]
        for scheme in T.SCHEMES:
            # calibrated (which never changes a label) for each trained model: its own error rates
            cal = cand in chosen and scheme == "storyline"
            oof = T.out_of_fold(cand, feats, coded, scheme, calibrate=cal, jobs=jobs)
            if cand is chosen[0]:  # the model without the encoder
                fast_preds[f"pred_{scheme}"] = oof.pred.to_numpy()
                if cal:
                    for col in ("p_opportunity", "p_threat", "p_neutral"):
                        fast_preds[col] = oof[col].round(4).to_numpy()
            if scheme not in T.SELECTION_SCHEMES:
                extra.append({"candidate": cand.name, "features": cand.features or "—", "model": cand.model or "rule",
                              "C": cand.C if cand.rule is None else float("nan"), "scheme": scheme,
                              "n_groups": coded[T.SCHEMES[scheme]].nunique(), **T.scores(coded.frame, oof.pred)})
            per_class.append(T.per_class(coded.frame, oof.pred).assign(candidate=label, scheme=scheme))
            confusion.append(T.confusion(coded.frame, oof.pred).assign(candidate=label, scheme=scheme))
            if primary:
                preds[f"pred_{scheme}"] = oof.pred.to_numpy()
                if scheme != "article":
                    groups.append(T.by_group(coded, oof.pred, scheme))
                if cal:
                    for col in ("p_opportunity", "p_threat", "p_neutral"):
                        preds[col] = oof[col].round(4).to_numpy()
    scores = pd.concat([sc, pd.DataFrame(extra)], ignore_index=True)
    scores["selected"] = scores.candidate.map(lambda n: "report" if n == picks[-1] else
                                              ("without encoder" if n == picks[0] else ""))
    rank = {c.name: i for i, c in enumerate(candidates)}
    srank = {s: i for i, s in enumerate(T.SCHEMES)}
    scores = scores.sort_values(["candidate", "scheme"], kind="stable",
                                key=lambda c: c.map(rank) if c.name == "candidate" else c.map(srank))
    cols = lambda df, first: df[first + [c for c in df.columns if c not in first]]  # noqa: E731
    preds = preds.reset_index(drop=True)
    fast_preds = fast_preds[list(preds.columns)]
    out = {
        "transfer_scores": scores.reset_index(drop=True),
        "transfer_per_class": cols(pd.concat(per_class, ignore_index=True), ["candidate", "scheme"]),
        "transfer_confusion": cols(pd.concat(confusion, ignore_index=True), ["candidate", "scheme"]),
        "transfer_by_group": pd.concat(groups, ignore_index=True),
        "transfer_predictions": preds,
        "transfer_predictions_fast": fast_preds,
        "reliability": T.reliability(coded.frame.reset_index(drop=True), preds),
    }
    return picks, out


def corpus_summary(coded: pd.DataFrame) -> pd.DataFrame:
    """Items per storyline × register × source kind, with their frame counts."""
    g = coded.groupby(["storyline", "register", "source_kind"], sort=True)
    out = g.agg(articles=("article_id", "nunique"), items=("sentence_id", "size")).reset_index()
    counts = coded.pivot_table(index=["storyline", "register", "source_kind"], columns="frame",
                               values="sentence_id", aggfunc="size", fill_value=0).reset_index()
    return out.merge(counts, on=["storyline", "register", "source_kind"], how="left")


def train_and_validate(jobs: int = 1, write: bool = True):
    """``newsframing train``: rebuild the training sentences, compare candidates by transfer, fit the
    chosen ones on every coded item, and write the models and the validation tables. With the optional
    encoder installed, its candidates are compared too and a second model is written."""
    from newsframing.atomic import staged_outputs, write_csv
    from newsframing.compare.quantify import check_on_outlets, check_summary
    from newsframing.measure import encoder, outside
    from newsframing.measure import transfer as T
    from newsframing.measure.coding import agreement, read_coders
    from newsframing.measure.estimator import FrameClassifier
    from newsframing.measure.frames import ENCODER_MODEL_FILE, LEXICON_FILE, MODEL_FILE, featurize, file_sha256
    from newsframing.measure.voices import transfer_check as voice_transfer_check

    sentences = build_sentences()
    checks = outside.load_all()  # the outside checks, read before the long comparison: a broken one fails now
    codes = final_codes(CODES)
    coded = load_coded(sentences)
    with_encoder = encoder.available()
    feats = featurize(coded.text, embed=with_encoder)
    candidates = T.candidates(with_encoder)
    picks, tables = transfer_tables(coded, feats, candidates, jobs=jobs)
    models = {}
    sc = tables["transfer_scores"]
    for name in picks:
        best = next(c for c in candidates if c.name == name)
        clf = FrameClassifier(best.features, best.model, best.C).fit(feats, coded.frame, groups=coded.article_id)
        model = clf.export()
        sel = sc[sc.candidate == name].set_index("scheme")
        model.meta = {
            "trained_on": f"{len(coded)} coded items from {coded.article_id.nunique()} articles (data/training)",
            "selected_by": "mean macro-F1, leave-one-storyline-out and leave-one-register-out",
            "transfer_macro_f1": {s: float(sel.loc[s, "macro_f1"]) for s in sel.index},
            "codes_sha256": file_sha256(CODES / "adjudication.csv"),
            "sentences_sha256": _frame_sha256(sentences),
            "lexicon": LEXICON_FILE.name, "lexicon_sha256": file_sha256(LEXICON_FILE),
        }
        models[ENCODER_MODEL_FILE if T.uses_encoder(best.features) else MODEL_FILE] = model
    held = [(c, (ENCODER_MODEL_FILE if T.uses_encoder(c.features) else MODEL_FILE).name)
            for c in candidates if c.name in picks]
    tables[outside.HOLDOUT_TABLE] = outside.site_holdout(coded, feats, held, checks)  # the outside checks' sites too
    report_model = next(c for c in candidates if c.name == picks[-1])
    tables["learning_curve"] = T.learning_curve(report_model, feats, coded, jobs=jobs)
    for suffix in ("", "_fast"):  # error rates and outlet-to-outlet error of each trained model, for analyze
        check = check_on_outlets(tables[f"transfer_predictions{suffix}"].rename(columns={"pred_storyline": "pred"}))
        tables[f"quantification_check{suffix}"] = check
        tables[f"quantification_check_summary{suffix}"] = check_summary(check)
    tables["intercoder_agreement"] = agreement(read_coders(CODES))
    tables["training_corpus"] = corpus_summary(coded)
    tables["model_top_terms"] = models[MODEL_FILE].top_terms()
    tables["voice_transfer"] = voice_transfer_check(sentences)
    if write:
        with staged_outputs(TRAINING) as tmp:
            write_csv(sentences, tmp / SENTENCES.name)
            write_csv(codes, tmp / FRAME_CODES.name)
        with staged_outputs(VALIDATION) as tmp:
            for name, df in tables.items():
                write_csv(df, tmp / f"{name}.csv")
        with staged_outputs(MODEL_FILE.parent) as tmp:
            for path, model in models.items():
                (tmp / path.name).write_text(model.to_json(), encoding="utf-8")
    return models, tables


def _frame_sha256(df: pd.DataFrame) -> str:
    import hashlib

    return hashlib.sha256(df.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()

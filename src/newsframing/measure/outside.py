"""The outside checks: the trained models scored on coded text never used to train or choose them.

Transfer scores (:mod:`newsframing.measure.transfer`) hold out parts of the training corpus, which was
coded, selected and partly written for the project as one body of text. The outside checks are text
from elsewhere, each a folder of ``data/outside/`` with ``sentences.csv`` and the coders' ``codes/``:

* ``web``: real sentences about AI from web pages that are not in the training corpus (drawn by
  ``experiments/outside_sample.py``);
* ``news``: news articles written for the project by writers who never saw it - three events, each
  covered by four fictional outlets - ingested with ``newsframing ingest`` and coded sentence by sentence.

Each was coded by two coders with the codebook and adjudicated, and is scored once per trained model,
never used to fit, choose or calibrate anything. Besides sentence scores it asks the question a report
answers: does each outlet's net framing (share opportunity − share threat) come out as the hand codes
give it?

Example::

    >>> tables = run(paths.OUTSIDE)          # outside_scores, outside_outlets, outside_agreement
    >>> tables["outside_scores"][["check", "method", "macro_f1"]]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from newsframing import paths
from newsframing.errors import NewsframingError
from newsframing.measure import coding, transfer
from newsframing.measure.frames import LABELS, classify_frame, featurize, load_model

OUTLET_TOLERANCE = 0.10  # issue #7: every outlet's net framing within 0.10 of the hand codes
TABLES = ("outside_scores", "outside_outlets", "outside_agreement")
HOLDOUT_TABLE = "outside_site_holdout"  # written by ``newsframing train``: it refits on the training corpus
LABEL_SUMMARY = ["outlets", "outlets_within_tolerance", "outlets_same_sign", "outlet_spearman", "outlet_mean_abs_error"]
HOLDOUT_COLUMNS = ["check", "method", "model_file", "held_out", "outlets_held_out", "training_sentences_removed", "n",
                   "articles", "macro_f1", "macro_f1_low", "macro_f1_high", "cohen_kappa", "accuracy",
                   *(f"{m}_{lab}" for lab in LABELS for m in ("precision", "recall")), *LABEL_SUMMARY,
                   "macro_f1_change", "macro_f1_change_low", "macro_f1_change_high"]  # sites minus pages; sites rows only


def load(folder: Path) -> pd.DataFrame:
    """``sentences.csv`` joined with the final codes of ``codes/`` (two coders, adjudicated)."""
    folder = Path(folder)
    path = folder / "sentences.csv"
    if not path.is_file():
        raise NewsframingError(path, "outside-check sentences not found")
    sents = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("sentence_id", "article_id", "outlet", "text") if c not in sents.columns]
    if missing:
        raise NewsframingError(path, f"needs columns sentence_id, article_id, outlet, text (missing {', '.join(missing)})")
    if sents.empty:
        raise NewsframingError(path, "has no sentences")
    dup = sents.sentence_id[sents.sentence_id.duplicated()]
    if len(dup):
        raise NewsframingError(path, f"sentence {dup.iloc[0]} appears twice")
    codes = coding.final_codes(folder / "codes")
    stray = sorted(set(codes.sentence_id) - set(sents.sentence_id))
    if stray:
        raise NewsframingError(folder / "codes", f"codes sentence {stray[0]}, which is not in {path.name}")
    uncoded = sorted(set(sents.sentence_id) - set(codes.sentence_id))
    if uncoded:
        raise NewsframingError(folder / "codes", f"{len(uncoded)} sentence(s) not coded, e.g. {uncoded[0]}")
    single = codes.sentence_id[codes.coder_2 == ""]
    if len(single):
        raise NewsframingError(folder / "codes", f"{len(single)} sentence(s) coded by one coder only, e.g. "
                                                 f"{single.iloc[0]}; an outside check needs two coders per sentence")
    return sents.merge(codes, on="sentence_id", validate="one_to_one")


def _net(labels: pd.Series) -> float:
    return float((labels == "opportunity").mean() - (labels == "threat").mean())


def score(coded: pd.DataFrame, model_files: list[Path]) -> dict[str, pd.DataFrame]:
    """Sentence scores of the two baselines and each model, and per outlet net framing from the hand codes
    against each method's label shares (CC) and, for models, mean calibrated probabilities (PCC) and
    the report's corrected estimate and calibrated intervals (:func:`report_estimates`)."""
    coded = coded.reset_index(drop=True)
    texts, y, articles = coded.text, coded.frame, coded.article_id.to_numpy()
    feats = {False: featurize(texts, embed=False)}
    runs: list[tuple[str, Path | None, pd.Series, pd.DataFrame | None]] = [
        (cand.name, None, cand.rule(feats[False]), None) for cand in transfer.BASELINES]
    for path in model_files:
        model = load_model(Path(path))
        if model.uses_encoder not in feats:
            feats[model.uses_encoder] = featurize(texts, embed=True)
        out = classify_frame(texts, model, feats=feats[model.uses_encoder])
        name = f"{model.params['features']} · {model.params['model']} · C={model.params['C']:g}"
        runs.append((name, Path(path), out.frame, out))
    rows, outlets = [], []
    for name, path, pred, out in runs:
        per = outlet_rows(coded, pred, out)
        if out is not None:
            per = per.join(report_estimates(coded, out, path), on="outlet")
        file = path.name if path is not None else ""
        outlets.append(per.assign(method=name, model_file=file))
        rows.append({"method": name, "model_file": file, **_scores(y, pred, articles), **_outlet_summary(per)})
    cols = ["method", "model_file", *OUTLET_COLUMNS, *REPORT_COLUMNS]
    scores = pd.DataFrame(rows)
    counts = [c for c in scores.columns if c.startswith("outlets_")]
    scores[counts] = scores[counts].astype("Int64")  # counts, empty for the rules (no probabilities to correct)
    return {"outside_scores": scores,
            "outside_outlets": pd.concat(outlets, ignore_index=True).reindex(columns=cols)}


OUTLET_COLUMNS = ["outlet", "n", "articles", "net_coded", "net_classified", "net_probabilistic", "error_classified",
                  "error_probabilistic", "within_tolerance_classified", "within_tolerance_probabilistic"]
REPORT_COLUMNS = ["net_adjusted", "error_adjusted", "within_tolerance_adjusted", "calibrated_ci_low",
                  "calibrated_ci_high", "adjusted_calibrated_ci_low", "adjusted_calibrated_ci_high",
                  "coded_in_calibrated_ci", "coded_in_adjusted_calibrated_ci"]


def report_estimates(coded: pd.DataFrame, out: pd.DataFrame, model_file: Path) -> pd.DataFrame:
    """Per outlet, what a report of this text would print: the estimate corrected with the model's own
    transfer error rates (PACC) and the intervals widened by the outlet-to-outlet error, as ``analyze``
    computes them (:func:`newsframing.analyze.outlet_table`), and whether they hold the hand-coded value."""
    from newsframing.analyze import outlet_error_sds, outlet_table, transfer_validation
    from newsframing.measure.training import error_rate_tables

    files = error_rate_tables(model_file)
    taus = outlet_error_sds(files["quantification_check_summary"])
    if not taus:
        raise NewsframingError(files["quantification_check_summary"], "outlet check not found; run `make train`")
    sf = out.assign(outlet=coded.outlet.to_numpy(), article_id=coded.article_id.to_numpy())
    table, _q = outlet_table(sf, transfer_validation(files["transfer_predictions"], Path(model_file).name), taus)
    t = table.set_index("outlet")
    coded_net = coded.groupby("outlet").frame.apply(_net).round(4)
    res = pd.DataFrame(index=t.index)
    res["net_adjusted"] = t.net_framing_adjusted
    res["error_adjusted"] = (t.net_framing_adjusted - coded_net).round(4)
    res["within_tolerance_adjusted"] = res.error_adjusted.abs() <= OUTLET_TOLERANCE
    for col in REPORT_COLUMNS[3:7]:
        res[col] = t[col]
    res["coded_in_calibrated_ci"] = (t.calibrated_ci_low <= coded_net) & (coded_net <= t.calibrated_ci_high)
    res["coded_in_adjusted_calibrated_ci"] = ((t.adjusted_calibrated_ci_low <= coded_net)
                                              & (coded_net <= t.adjusted_calibrated_ci_high))
    return res


def outlet_rows(coded: pd.DataFrame, pred: pd.Series, out: pd.DataFrame | None) -> pd.DataFrame:
    """Net framing per outlet: hand codes, label shares, and mean probabilities when there are any."""
    rows = []
    for outlet, idx in coded.groupby("outlet", sort=True).groups.items():
        net_coded = round(_net(coded.frame[idx]), 4)
        cc = round(_net(pd.Series(np.asarray(pred))[idx]), 4)
        pcc = (round(float(out.p_opportunity[idx].mean() - out.p_threat[idx].mean()), 4)
               if out is not None else float("nan"))
        rows.append({"outlet": outlet, "n": len(idx), "articles": int(coded.article_id[idx].nunique()),
                     "net_coded": net_coded, "net_classified": cc, "net_probabilistic": pcc,
                     "error_classified": round(cc - net_coded, 4), "error_probabilistic": round(pcc - net_coded, 4),
                     "within_tolerance_classified": bool(abs(round(cc - net_coded, 4)) <= OUTLET_TOLERANCE),
                     "within_tolerance_probabilistic": (bool(abs(round(pcc - net_coded, 4)) <= OUTLET_TOLERANCE)
                                                        if out is not None else pd.NA)})
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def _outlet_summary(per: pd.DataFrame) -> dict[str, float]:
    """How the outlets come out from the labels: how many within the tolerance, with the hand codes' sign
    (at two decimals, so a 0.00 counts as a sign of its own), and the rank correlation of the two."""
    sign = np.sign(per.net_classified.round(2)) == np.sign(per.net_coded.round(2))
    rho = per.net_classified.corr(per.net_coded, method="spearman") if len(per) > 1 else float("nan")
    out = {"outlets": len(per), "outlets_within_tolerance": int(per.within_tolerance_classified.sum()),
           "outlets_same_sign": int(sign.sum()), "outlet_spearman": round(float(rho), 4),
           "outlet_mean_abs_error": round(float(per.error_classified.abs().mean()), 4)}
    model = "net_adjusted" in per and per.net_adjusted.notna().all()  # a model: the report's estimates too
    out.update({"outlets_within_tolerance_adjusted": int(per.within_tolerance_adjusted.sum()) if model else pd.NA,
                "outlets_in_calibrated_ci": int(per.coded_in_calibrated_ci.sum()) if model else pd.NA,
                "outlets_in_adjusted_calibrated_ci": int(per.coded_in_adjusted_calibrated_ci.sum()) if model else pd.NA,
                "outlet_mean_abs_error_adjusted": round(float(per.error_adjusted.abs().mean()), 4) if model else pd.NA})
    return out


def check_folders(root: Path) -> list[Path]:
    """The checks under ``root``: ``root`` itself when it holds ``sentences.csv``, else its subfolders that do."""
    root = Path(root)
    if (root / "sentences.csv").is_file():
        return [root]
    found = sorted(p for p in root.iterdir() if (p / "sentences.csv").is_file()) if root.is_dir() else []
    if not found:
        raise NewsframingError(root, "no outside check here (a folder with sentences.csv and codes/, or folders of them)")
    return found


def run(root: Path = paths.OUTSIDE, model_files: list[Path] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the outside checks (:data:`TABLES`) under ``root``, for the trained models; the
    ``check`` column names the folder."""
    files = default_model_files() if model_files is None else model_files
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    for folder in check_folders(root):
        tables = score(load(folder), files)
        tables["outside_agreement"] = coding.agreement(coding.read_coders(folder / "codes"))
        for name in TABLES:
            parts[name].append(tables[name].assign(check=folder.name))
    return {name: _check_first(pd.concat(dfs, ignore_index=True)) for name, dfs in parts.items()}


def _check_first(df: pd.DataFrame) -> pd.DataFrame:
    return df[["check", *(c for c in df.columns if c != "check")]]


def _scores(y: pd.Series, pred: pd.Series, articles: np.ndarray) -> dict[str, float]:
    """:func:`transfer.scores` plus a 95 % interval of macro-F1 that resamples articles (web pages)."""
    lo, hi = transfer.macro_f1_interval(y, pred, clusters=articles)
    s = transfer.scores(y, pd.Series(np.asarray(pred)))
    return {"n": s.pop("n"), "articles": len(set(articles)), "macro_f1": s.pop("macro_f1"),
            "macro_f1_low": round(lo, 4), "macro_f1_high": round(hi, 4), **s}


def load_all(root: Path = paths.OUTSIDE) -> dict[str, pd.DataFrame]:
    """Every outside check under ``root`` (:func:`load`), by folder name; none when ``root`` does not exist.
    ``train`` loads them before its long comparison, so a broken check fails it at once."""
    return {f.name: load(f) for f in check_folders(root)} if Path(root).exists() else {}


def site_holdout(coded: pd.DataFrame, feats: pd.DataFrame, candidates: list[tuple[transfer.Candidate, str]],
                 checks: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each outside check scored once more with its outlets (sites) held out of training as well as its pages.

    The web check's pages are not in the training corpus, but other pages of its sites are: a model may
    have learnt a site's furniture and house style. For every check outlet that is also a training
    outlet (same name), the candidate is refitted without that outlet's training sentences and predicts
    that outlet's check sentences; the other outlets' sentences are predicted by the fit on everything.
    One row per check, candidate and ``held_out`` ("pages": the fit on everything, as the trained model;
    "sites": as described), with :func:`score`'s sentence scores and label-share outlet summary (not the
    corrected estimates, which need each refit's own error rates); a "sites" row also has the change in
    macro-F1 from its "pages" row with a paired 95 % interval (the same resamples of pages score both).
    Checks that share no outlet with training are left out. ``coded``/``feats`` are the training corpus and its features (embeddings
    included when a candidate uses them); ``candidates`` pairs each with its model file's name; ``checks``
    is :func:`load_all`. Only the linear model is refitted (``calibrate=False``), with the settings chosen
    on the whole corpus: calibration multiplies the scores by a positive temperature, so it never
    changes which frame wins. Outlets match by exact name (a crawl's site, ``www.`` removed).

    Example::

        >>> site_holdout(coded, featurize(coded.text), [(candidate, "frame_classifier.json")], load_all())
    """
    coded = coded.reset_index(drop=True)
    feats = feats.reset_index(drop=True)
    rows = []
    for name, check in checks.items():
        check = check.reset_index(drop=True)
        shared = sorted(set(check.outlet) & set(coded.outlet))
        if not shared:
            continue
        removed = int(coded.outlet.isin(shared).sum())
        check_feats: dict[bool, pd.DataFrame] = {}
        for cand, file in candidates:
            embed = transfer.uses_encoder(cand.features)
            if embed not in check_feats:
                check_feats[embed] = featurize(check.text, embed=embed)
            X = check_feats[embed]
            every = cand.estimator(calibrate=False).fit(feats, coded.frame, groups=coded.article_id)
            pages = pd.Series(every.predict(X), index=check.index, dtype=object)
            sites = pages.copy()
            for outlet in shared:
                keep = (coded.outlet != outlet).to_numpy()
                fit = cand.estimator(calibrate=False).fit(feats[keep], coded.frame[keep],
                                                          groups=coded.article_id[keep])
                mine = (check.outlet == outlet).to_numpy()
                sites[mine] = fit.predict(X[mine])
            for held_out, pred in (("pages", pages), ("sites", sites)):
                summary = _outlet_summary(outlet_rows(check, pred, None))
                rows.append({"check": name, "method": cand.name, "model_file": file, "held_out": held_out,
                             "outlets_held_out": len(shared) if held_out == "sites" else 0,
                             "training_sentences_removed": removed if held_out == "sites" else 0,
                             **_scores(check.frame, pred, check.article_id.to_numpy()),
                             **{k: summary[k] for k in LABEL_SUMMARY}})
            lo, hi = transfer.macro_f1_change_interval(check.frame, pages, sites, check.article_id.to_numpy())
            rows[-1].update(macro_f1_change=round(rows[-1]["macro_f1"] - rows[-2]["macro_f1"], 4),
                            macro_f1_change_low=lo, macro_f1_change_high=hi)
    return pd.DataFrame(rows, columns=HOLDOUT_COLUMNS)  # the columns even when no check shares an outlet


def default_model_files() -> list[Path]:
    """The trained models this installation can run: the encoder model (the report's, when the optional
    encoder is installed) and the fast one."""
    from newsframing.measure import encoder
    from newsframing.measure.frames import ENCODER_MODEL_FILE, MODEL_FILE

    files = [ENCODER_MODEL_FILE] if encoder.available() and ENCODER_MODEL_FILE.is_file() else []
    return files + ([MODEL_FILE] if MODEL_FILE.is_file() else [])


__all__ = ["HOLDOUT_TABLE", "LABELS", "OUTLET_TOLERANCE", "TABLES", "check_folders", "default_model_files", "load",
           "load_all", "outlet_rows", "run", "score", "site_holdout"]

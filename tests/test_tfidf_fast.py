"""The classifier's TF-IDF blocks with the faster counting give scikit-learn's matrices exactly."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from newsframing.measure.frames import (MODEL_FILE, _char_vectorizer, _CountingTfidfVectorizer, _word_vectorizer,
                                        load_model)
from test_sentiment_fast import packaged_texts


def _plain(vec: _CountingTfidfVectorizer) -> TfidfVectorizer:
    """The same vectorizer as plain scikit-learn, with the same fitted state."""
    plain = TfidfVectorizer(**vec.get_params())
    plain.__dict__.update({k: v for k, v in vec.__dict__.items() if k.endswith("_") and not k.startswith("_")})
    plain._tfidf = vec._tfidf
    return plain


def _same(a, b) -> None:
    assert type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert a.indices.dtype == b.indices.dtype
    assert np.array_equal(a.data, b.data)  # exact floats, not approximately


@lru_cache(maxsize=1)
def _model_vectorizers():
    return load_model(MODEL_FILE)._vectorizers


def test_stored_model_uses_the_counting_vectorizer():
    vecs = _model_vectorizers()
    assert set(vecs) == {"words", "chars"}
    assert all(type(v) is _CountingTfidfVectorizer for v in vecs.values())


def test_same_matrices_on_packaged_real_texts():
    texts = packaged_texts()
    for vec in _model_vectorizers().values():
        _same(vec.transform(texts), _plain(vec).transform(texts))
        _same(vec.transform(texts[:500]), _plain(vec).transform(texts[:500]))  # again, from the word cache


words = st.one_of(st.sampled_from(["AI", "artists", "fear", "the", "jobs", "Sora", "can't", "won't", "text-to-video",
                                   "studios'", "’s", "naïve", "ΣΑΣ", "İstanbul", "x"]),
                  st.text(min_size=1, max_size=8))
docs = st.lists(st.lists(words, max_size=15).map(lambda ws: " ".join(ws)) | st.text(max_size=40), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs)
def test_same_matrices_on_generated_text(batch):
    for vec in _model_vectorizers().values():
        _same(vec.transform(batch), _plain(vec).transform(batch))


def test_fitting_is_scikit_learns():
    texts = packaged_texts()[:800]
    for make in (_word_vectorizer, _char_vectorizer):
        ours, plain = make(), TfidfVectorizer(**make().get_params())
        _same(ours.fit_transform(texts), plain.fit_transform(texts))
        assert ours.vocabulary_ == plain.vocabulary_
        _same(ours.transform(texts[::-1]), plain.transform(texts[::-1]))

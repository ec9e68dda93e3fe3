"""The classifier's TF-IDF blocks, applied without scikit-learn (newsframing.measure.ngrams) and counted
faster at training time, give scikit-learn's matrices exactly."""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from newsframing.measure.estimator import _char_vectorizer, _CountingTfidfVectorizer, _word_vectorizer
from newsframing.measure.frames import MODEL_FILE, load_model
from newsframing.measure.ngrams import NgramTfidf
from test_sentiment_fast import packaged_texts


def _same(a, b) -> None:
    assert a.format == b.format == "csr" and a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert a.indices.dtype == b.indices.dtype
    assert np.array_equal(a.data, b.data)  # exact floats, not approximately


def _sklearn(block: NgramTfidf) -> TfidfVectorizer:
    """Plain scikit-learn with the stored block's vocabulary and IDF (what training fitted)."""
    make = _word_vectorizer if block.kind == "words" else _char_vectorizer
    vec = TfidfVectorizer(**make().get_params())
    vec.set_params(vocabulary={t: i for i, t in enumerate(block.terms)})
    vec.fit([""])  # a fixed vocabulary: fit only sets the transformer up
    vec.idf_ = block.idf
    return vec


@lru_cache(maxsize=1)
def _model_blocks() -> dict[str, tuple[NgramTfidf, TfidfVectorizer]]:
    return {name: (b, _sklearn(b)) for name, b in load_model(MODEL_FILE)._ngrams.items()}


def test_stored_model_has_both_blocks_and_no_scikit_learn_vectorizer():
    blocks = _model_blocks()
    assert set(blocks) == {"words", "chars"}
    assert all(type(b) is NgramTfidf for b, _ in blocks.values())


def test_same_matrices_on_packaged_real_texts():
    texts = list(packaged_texts())
    for block, plain in _model_blocks().values():
        _same(block.transform(texts), plain.transform(texts))
        _same(block.transform(texts[:500]), plain.transform(texts[:500]))  # again, a smaller chunk


def test_given_tokens_give_the_same_matrix():
    from newsframing.measure.text import tokens

    texts = list(packaged_texts()[:300])
    block, plain = _model_blocks()["words"]
    _same(block.transform(texts, [tokens(t) for t in texts]), plain.transform(texts))


words = st.one_of(st.sampled_from(["AI", "artists", "fear", "the", "jobs", "Sora", "can't", "won't", "text-to-video",
                                   "studios'", "’s", "naïve", "ΣΑΣ", "İstanbul", "x"]),
                  st.text(min_size=1, max_size=8))
docs = st.lists(st.lists(words, max_size=15).map(lambda ws: " ".join(ws)) | st.text(max_size=40), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs)
def test_same_matrices_on_generated_text(batch):
    for block, plain in _model_blocks().values():
        _same(block.transform(batch), plain.transform(batch))


def test_training_vectorizer_counts_like_scikit_learn():
    """At training time the counting is NgramCounter's inside scikit-learn's vectorizer."""
    assert [make()._kind() for make in (_word_vectorizer, _char_vectorizer)] == ["words", "chars"]
    texts = packaged_texts()[:800]
    for make in (_word_vectorizer, _char_vectorizer):
        ours, plain = make(), TfidfVectorizer(**make().get_params())
        _same(ours.fit_transform(texts), plain.fit_transform(texts))
        assert ours.vocabulary_ == plain.vocabulary_
        _same(ours.transform(texts[::-1]), plain.transform(texts[::-1]))


def test_character_table_numpy_and_python_paths_agree():
    """CharGramTable looks n-grams up in numpy when the vocabulary's alphabet fits 64-bit keys, else in
    Python; both give the same words x vocabulary counts (and the Python path is scikit-learn's)."""
    import scipy.sparse as sp

    from newsframing.measure.ngrams import CharGramTable, char_wb_ngrams

    block, _ = _model_blocks()["chars"]
    vocab = block.counter.vocabulary
    words = sorted({w for t in packaged_texts()[:3000] for w in t.lower().split()}) + ["a", "é", "x—y", "🙂",
                                                                                     "half\ud83d", "banana"]  # lone surrogate; repeats
    fast = CharGramTable(vocab)
    slow = CharGramTable(vocab)
    slow._vectorized = False
    a, b = fast.matrix(words), slow.matrix(words)
    assert fast._vectorized and (a != b).nnz == 0 and a.shape == (len(words), len(vocab))
    k = words.index("banana")  # "an", "na", "ana" occur twice: a repeated n-gram counts twice
    expected = sp.csr_array(np.bincount([vocab[g] for g in char_wb_ngrams(words[k]) if g in vocab],
                                        minlength=len(vocab)).astype(float)[None, :])
    assert expected.max() >= 2 and (a[[k]] != expected).nnz == 0


def test_text_with_a_lone_surrogate_counts_like_scikit_learn():
    """Python strings can hold half a surrogate pair (json.loads('"\\ud83d"')); scikit-learn counts it."""
    block, plain = _model_blocks()["chars"]
    docs = ["the studio \ud83d deal", json.loads('"AI \\ud83d tools"')]
    _same(block.transform(docs), plain.transform(docs))


def test_character_block_with_a_large_alphabet_falls_back_to_python():
    """More than about 6,000 distinct characters in the vocabulary (CJK text) do not fit base-(A+1) keys
    of five characters in 64 bits: the Python path is taken, with scikit-learn's counts."""
    from sklearn.feature_extraction.text import CountVectorizer

    docs = [" ".join(chr(0x4E00 + (7 * i + j) % 6400) + chr(0x4E00 + (11 * i + j) % 6400) for j in range(5))
            for i in range(2000)]
    plain = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(docs)
    ours = _CountingTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, dtype=np.float64)
    ours.set_params(vocabulary=plain.vocabulary_)
    ours.fit([""])
    X = ours._count_vocab(docs, True)[1]
    assert not ours._counter._chars._vectorized
    _same(X, plain.transform(docs).astype(np.float64))

"""TF-IDF of word and character n-grams over a fixed vocabulary: what a stored model applies.

Learning a vocabulary and its IDF is scikit-learn's ``TfidfVectorizer`` (:mod:`newsframing.measure.estimator`,
at training time). *Applying* a stored model needs only the transform, and this module does it without
scikit-learn's vectorizer objects, faster, and on tokens the lexicon matcher has already computed (each
text is tokenized once), with the same matrix, float for float:

* n-grams are scikit-learn's: words - the project's tokens and their bigrams joined by a space
  (``_word_ngrams``, ``ngram_range=(1, 2)``); characters - ``char_wb`` 2-5-grams of each lower-cased
  whitespace-separated word padded with one space (``_char_wb_ngrams``);
* counts are computed by numpy instead of a Python ``try``/``except`` per n-gram, and for characters
  each distinct word's vocabulary indices are computed once and reused (a sentence's words mostly
  recur across a corpus);
* TF-IDF is ``TfidfTransformer``'s: ``1 + log(count)``, times the IDF, rows scaled to unit length with
  the squares summed in column order as scikit-learn's Cython loop does.

``tests/test_tfidf_fast.py`` compares every matrix with scikit-learn's (indices, and data with
``array_equal``) on real and generated text. Written by hand because no library applies a fitted
scikit-learn vectorizer without scikit-learn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from newsframing.measure.text import tokens

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
WORD_CACHE_LIMIT = 500_000  # distinct words whose character n-gram indices are kept (then the cache restarts)


def word_ngrams(toks: Sequence[str]) -> list[str]:
    """Unigrams then bigrams, as scikit-learn's ``_word_ngrams`` with ``ngram_range=(1, 2)``."""
    return [*toks, *map(" ".join, zip(toks, toks[1:]))]


def char_wb_ngrams(word: str, ngram_range: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    """Character n-grams of one word padded with spaces, as scikit-learn's ``_char_wb_ngrams``
    (a word shorter than n contributes itself once, padded, and no longer n-grams)."""
    w = f" {word} "
    size = len(w)
    out: list[str] = []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        if size <= n:
            out.append(w)
            break
        out += [w[i:i + n] for i in range(size - n + 1)]
    return out


def count_matrix(indices: list[np.ndarray], lengths: list[int], n_terms: int, dtype=np.float64) -> sp.csr_array | None:
    """The documents' count matrix from each document's vocabulary indices (``lengths[k]`` of them for
    document k, concatenated in ``indices``), with sorted column indices, as scikit-learn builds it.
    ``None`` when 32-bit indices would overflow (the caller falls back to scikit-learn)."""
    n_docs = len(lengths)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    if indptr[-1] > np.iinfo(np.int32).max:
        return None
    cols = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32)
    # one entry per n-gram occurrence; summing the duplicates gives each row's counts
    X = sp.csr_array((np.ones(len(cols), dtype=np.intc), cols, indptr.astype(np.int32)), shape=(n_docs, n_terms))
    X.sum_duplicates()
    X = sp.csr_array((X.data, X.indices, X.indptr), shape=(n_docs, n_terms), dtype=dtype)
    X.sort_indices()
    return X


def tfidf(X: sp.csr_array, idf: np.ndarray) -> sp.csr_array:
    """``TfidfTransformer(sublinear_tf=True, norm="l2")`` on a float64 count matrix, in place."""
    np.log(X.data, X.data)
    X.data += 1.0
    X.data *= idf[X.indices]
    # squared lengths summed left to right per row (scipy's CSR product accumulates in column order,
    # like scikit-learn's _inplace_csr_row_normalize_l2); empty rows are left alone
    squares = sp.csr_array((X.data * X.data, X.indices, X.indptr), shape=X.shape)
    norms = np.sqrt(squares @ np.ones(X.shape[1]))
    norms[norms == 0.0] = 1.0
    X.data /= np.repeat(norms, np.diff(X.indptr))
    return X


@dataclass
class NgramCounter:
    """Vocabulary indices of word (``kind="words"``) or character (``"chars"``) n-grams per document."""

    kind: str
    vocabulary: dict[str, int]
    _cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ("words", "chars"):
            raise ValueError(f"kind must be 'words' or 'chars', not {self.kind!r}")

    def indices(self, texts: Iterable[str],
                token_lists: Iterable[Sequence[str]] | None = None) -> tuple[list[np.ndarray], list[int]]:
        """Per document, the vocabulary indices of its n-grams (one entry per occurrence) and their count.
        ``token_lists`` (:func:`~newsframing.measure.text.tokens` of the texts, words only) saves tokenizing again."""
        get = self.vocabulary.get
        parts: list[np.ndarray] = []
        lengths: list[int] = []
        if self.kind == "words":
            for toks in (token_lists if token_lists is not None else map(tokens, texts)):
                idx = np.fromiter((i for i in map(get, word_ngrams(toks)) if i is not None), dtype=np.int32)
                parts.append(idx)
                lengths.append(len(idx))
            return parts, lengths
        cache = self._cache
        for doc in texts:
            k = 0
            for w in doc.lower().split():  # split() already treats any whitespace run as one separator
                hit = cache.get(w)
                if hit is None:
                    if len(cache) > WORD_CACHE_LIMIT:
                        cache.clear()
                    hit = cache[w] = np.fromiter((i for i in map(get, char_wb_ngrams(w)) if i is not None),
                                                 dtype=np.int32)
                parts.append(hit)
                k += len(hit)
            lengths.append(k)
        return parts, lengths


@dataclass
class NgramTfidf:
    """A stored TF-IDF block (vocabulary in column order and IDF) applied to texts."""

    kind: str
    terms: list[str]
    idf: np.ndarray
    counter: NgramCounter = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.idf = np.asarray(self.idf, dtype=np.float64)
        if len(self.idf) != len(self.terms):
            raise ValueError(f"{self.kind}: {len(self.terms)} terms but {len(self.idf)} IDF values")
        self.counter = NgramCounter(self.kind, {t: i for i, t in enumerate(self.terms)})

    def transform(self, texts: Sequence[str], token_lists: Sequence[Sequence[str]] | None = None) -> sp.csr_array:
        parts, lengths = self.counter.indices(texts, token_lists)
        X = count_matrix(parts, lengths, len(self.terms))
        if X is None:  # pragma: no cover - more than 2**31 n-grams in one chunk
            raise ValueError("too many n-grams in one chunk for 32-bit indices; use a smaller --chunk-size")
        return tfidf(X, self.idf)

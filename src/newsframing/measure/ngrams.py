"""TF-IDF of word and character n-grams over a fixed vocabulary: what a stored model applies.

Learning a vocabulary and its IDF is scikit-learn's ``TfidfVectorizer`` (:mod:`newsframing.measure.estimator`,
at training time). *Applying* a stored model needs only the transform, and this module does it without
scikit-learn's vectorizer objects, faster, and on tokens the lexicon matcher has already computed (each
text is tokenized once), with the same matrix, float for float:

* n-grams are scikit-learn's: words - the project's tokens and their bigrams joined by a space
  (``_word_ngrams``, ``ngram_range=(1, 2)``); characters - ``char_wb`` 2-5-grams of each lower-cased
  whitespace-separated word padded with one space (``_char_wb_ngrams``);
* counts are computed by numpy instead of a Python ``try``/``except`` per n-gram. For characters a
  chunk's distinct words are found once (pandas' hash table), the n-grams of all of them are looked up
  at once in numpy (:class:`CharGramTable`), and the documents' counts are the product of a documents x
  words and a words x n-grams matrix: no Python loop over n-grams and no cache, so a word costs the
  same in a small corpus as in a large one;
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
import pandas as pd
import scipy.sparse as sp

from newsframing.measure.text import tokens

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)


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


class CharGramTable:
    """Each distinct word's character n-gram counts over a fixed vocabulary, computed for all the words of
    a chunk at once in numpy instead of one Python string and dictionary look-up per n-gram.

    The vocabulary's characters get codes 1..A, so an n-gram of at most ``CHAR_NGRAMS[1]`` characters
    is one integer in base A + 1 (exact in 64 bits while (A + 1)**5 < 2**63, i.e. up to about 6,000
    distinct characters; beyond that, and for an empty vocabulary, the n-grams are listed in Python).
    A code of 0 marks a character the vocabulary never uses: an n-gram containing one cannot be a term.
    Written by hand because scikit-learn's ``char_wb`` analyzer builds every n-gram as a Python string.
    """

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int] = CHAR_NGRAMS) -> None:
        self.vocabulary = vocabulary
        self.ngram_range = ngram_range
        alphabet = sorted({c for t in vocabulary for c in t})
        self._base = len(alphabet) + 1
        self._vectorized = bool(alphabet) and self._base ** ngram_range[1] < 2 ** 63 \
            and all(ngram_range[0] <= len(t) <= ngram_range[1] for t in vocabulary)
        if not self._vectorized:
            return
        self._alphabet = np.array([ord(c) for c in alphabet], dtype=np.int64)
        code = {c: i + 1 for i, c in enumerate(alphabet)}
        keys = np.array([self._key(t, code) for t in vocabulary], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._columns = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))[order]

    def _key(self, term: str, code: dict[str, int]) -> int:
        k = 0
        for c in term:
            k = k * self._base + code[c]
        return k

    def matrix(self, words: Sequence[str]) -> sp.csr_array:
        """A words x vocabulary matrix of counts (float64): row k counts ``char_wb_ngrams(words[k])``."""
        shape = (len(words), len(self.vocabulary))
        if not self._vectorized:
            get = self.vocabulary.get
            rows, cols = [], []
            for k, w in enumerate(words):
                hits = [i for i in map(get, char_wb_ngrams(w, self.ngram_range)) if i is not None]
                rows += [k] * len(hits)
                cols += hits
            return self._csr(np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), shape)
        lo, hi = self.ngram_range
        padded = "".join(f" {w} " for w in words)
        points = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)  # one per code point
        at = np.minimum(np.searchsorted(self._alphabet, points), len(self._alphabet) - 1)
        codes = np.where(self._alphabet[at] == points, at + 1, 0)
        sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        ends = np.repeat(np.cumsum(sizes), sizes)  # where each position's padded word ends
        owner = np.repeat(np.arange(len(words)), sizes)
        n_pos = len(codes)
        codes = np.concatenate([codes, np.zeros(hi, dtype=np.int64)])
        key = np.zeros(n_pos, dtype=np.int64)
        known = np.ones(n_pos, dtype=bool)
        start = np.arange(n_pos)
        rows, cols = [], []
        for n in range(1, hi + 1):  # the key of the n-gram starting at each position, one character longer each time
            digit = codes[n - 1 : n - 1 + n_pos]
            key = key * self._base + digit
            known &= digit != 0
            if n < lo:
                continue
            ok = known & (start + n <= ends)
            k = key[ok]
            at = np.minimum(np.searchsorted(self._keys, k), len(self._keys) - 1)
            hit = self._keys[at] == k
            rows.append(owner[ok][hit])
            cols.append(self._columns[at[hit]])
        return self._csr(np.concatenate(rows), np.concatenate(cols), shape)

    @staticmethod
    def _csr(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_array:
        return sp.coo_array((np.ones(len(rows)), (rows, cols)), shape=shape).tocsr()  # duplicates summed


@dataclass
class NgramCounter:
    """Counts of word (``kind="words"``) or character (``"chars"``) n-grams over a fixed vocabulary."""

    kind: str
    vocabulary: dict[str, int]
    _chars: CharGramTable | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ("words", "chars"):
            raise ValueError(f"kind must be 'words' or 'chars', not {self.kind!r}")

    def counts(self, texts: Iterable[str], token_lists: Iterable[Sequence[str]] | None = None,
               dtype=np.float64) -> sp.csr_array | None:
        """The documents' count matrix with sorted column indices, as scikit-learn builds it; ``None`` when
        32-bit indices would overflow (the caller falls back to scikit-learn). ``token_lists``
        (:func:`~newsframing.measure.text.tokens` of the texts, words only) saves tokenizing again."""
        if self.kind == "words":
            get = self.vocabulary.get
            parts: list[np.ndarray] = []
            for toks in (token_lists if token_lists is not None else map(tokens, texts)):
                parts.append(np.fromiter((i for i in map(get, word_ngrams(toks)) if i is not None), dtype=np.int32))
            return count_matrix(parts, [len(p) for p in parts], len(self.vocabulary), dtype)
        # characters: the chunk's distinct words once (pandas' hash table), then documents x words @ words x n-grams
        split = [doc.lower().split() for doc in texts]  # split() already treats any whitespace run as one separator
        lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        ids, distinct = pd.factorize(pd.Series([w for ws in split for w in ws], dtype=object), sort=False)
        if self._chars is None:
            self._chars = CharGramTable(self.vocabulary)
        indptr = np.zeros(len(split) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        docs = sp.csr_array((np.ones(len(ids)), ids.astype(np.int64), indptr), shape=(len(split), len(distinct)))
        X = docs @ self._chars.matrix(list(distinct))
        if X.nnz > np.iinfo(np.int32).max:
            return None
        X = sp.csr_array((X.data.astype(dtype), X.indices.astype(np.int32), X.indptr.astype(np.int32)), shape=X.shape)
        X.sort_indices()
        return X


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
        X = self.counter.counts(texts, token_lists)
        if X is None:  # pragma: no cover - more than 2**31 n-grams in one chunk
            raise ValueError("too many n-grams in one chunk for 32-bit indices; use a smaller --chunk-size")
        return tfidf(X, self.idf)

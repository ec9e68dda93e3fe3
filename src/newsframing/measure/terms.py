"""Distinctive vocabulary by outlet: TF-IDF, weighted log-odds with an informative Dirichlet prior,
keyword-in-context lines and collocations.

* TF-IDF (scikit-learn): each outlet's canonical text is one document; shows what is frequent in an
  outlet and rare elsewhere, but has no notion of significance.
* Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
  Words"), each outlet against all the others, with z-scores: compares many groups at once and shrinks
  rare words towards the pooled rate, so a word used once by one outlet does not top the list. The
  prior is the pooled corpus counts (alpha_w = pooled count of w, alpha_0 = corpus size).
  |z| > 1.96 is conventionally significant; with hundreds of words tested, expect a few by chance.
* Keyword in context, so readers see the evidence behind each term: the first lines of each term as NLTK's
  ConcordanceIndex finds them, found in one pass over the sentences (written out here so it can stream).
* Collocations: NLTK's bigram finder ranked by Dunning's log-likelihood ratio, for multi-word terms.
Stop words: scikit-learn's built-in English list (offline; NLTK's list needs a download).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from newsframing.measure.text import tokens

STOP = frozenset(ENGLISH_STOP_WORDS) | {"s", "said", "says", "t"}
Z_SIGNIFICANT = 1.96
BOUNDARY = "<s>"


def content_tokens(text: str) -> list[str]:
    """Tokens for vocabulary statistics: lower-case, no stop words, no bare numbers."""
    return [t for t in tokens(text) if t not in STOP and not t.isdigit() and len(t) > 1]


def outlet_documents(sentences: pd.DataFrame) -> pd.Series:
    """One document per outlet (sorted by outlet name), its sentences in corpus order."""
    return sentences.groupby("outlet", sort=True)["text"].apply(" ".join)


@dataclass
class TermCounts:
    """What the vocabulary tables need, added chunk by chunk so a corpus never has to be in memory:
    each outlet's content-token counts (in first-occurrence order, as counting the outlet's joined text
    gives them) and the corpus's word and within-sentence bigram counts for the collocations.

    Example::

        >>> tc = TermCounts()
        >>> tc.add(["A", "B"], ["Unions fear job losses.", "The tool saves time."])
        >>> tfidf_from_counts(tc.by_outlet, k=2).term.tolist()
        ['fear', 'job', 'saves', 'time']
    """

    by_outlet: dict[str, Counter] = field(default_factory=dict)
    words: Counter = field(default_factory=Counter)
    bigrams: Counter = field(default_factory=Counter)

    def add(self, outlets: Iterable[str], texts: Iterable[str]) -> None:
        for outlet, text in zip(outlets, texts):
            toks = content_tokens(text)
            counts = self.by_outlet.get(outlet)
            if counts is None:
                counts = self.by_outlet[outlet] = Counter()
            counts.update(toks)
            seq = toks + [BOUNDARY]  # a sentence boundary, so bigrams never cross sentences
            self.words.update(seq)
            self.bigrams.update(zip(seq, seq[1:]))

    @classmethod
    def of(cls, sentences: pd.DataFrame) -> "TermCounts":
        tc = cls()
        tc.add(sentences.outlet, sentences.text)
        return tc


def _expand(counts: Counter) -> list[str]:
    """A token list with ``counts``' multiset in its first-occurrence order: what scikit-learn counts
    from it is exactly what it counts from the outlet's text (same matrix, same element order)."""
    return [w for w, n in counts.items() for _ in range(n)]


def tfidf_from_counts(by_outlet: dict[str, Counter], k: int = 10) -> pd.DataFrame:
    """Top ``k`` TF-IDF terms per outlet (each outlet's text one document; scikit-learn's TF-IDF with
    sublinear tf), from :class:`TermCounts` ``by_outlet``."""
    outlets = sorted(by_outlet)
    vec = TfidfVectorizer(analyzer=_expand, sublinear_tf=True)
    X = vec.fit_transform([by_outlet[o] for o in outlets]).toarray()
    vocab = vec.get_feature_names_out()
    rows = []
    for i, outlet in enumerate(outlets):
        order = sorted(range(len(vocab)), key=lambda j: (-X[i, j], vocab[j]))[:k]
        for rank, j in enumerate(order, start=1):
            rows.append({"outlet": outlet, "rank": rank, "term": vocab[j], "tfidf": round(float(X[i, j]), 4)})
    return pd.DataFrame(rows)


def tfidf_top_terms(sentences: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    return tfidf_from_counts(TermCounts.of(sentences).by_outlet, k=k)


def log_odds_from_counts(counts: dict[str, Counter], min_count: int = 2) -> pd.DataFrame:
    """Each outlet vs. the rest: delta (log-odds ratio), its z-score, and counts (Monroe et al. 2008).

    Computed as arrays over the vocabulary, one outlet at a time (a million-sentence corpus has ~10^5
    words x outlets: a Python dict per pair took over a GB); values are rounded with Python's ``round``
    as before, so the table is the same to the byte."""
    outlets = sorted(counts)
    pooled: Counter[str] = Counter()
    for o in outlets:
        pooled.update(counts[o])
    vocab = [w for w, a in pooled.items() if a >= min_count]
    a = np.fromiter((pooled[w] for w in vocab), dtype=float, count=len(vocab))
    a0 = float(sum(pooled.values()))
    parts = []
    for outlet in outlets:
        c = counts[outlet]
        yi = np.fromiter((c.get(w, 0) for w in vocab), dtype=float, count=len(vocab))
        yj = a - yi  # the rest of the corpus: pooled minus this outlet
        n_i = float(sum(c.values()))
        n_j = a0 - n_i
        li = np.log((yi + a) / (n_i + a0 - yi - a))
        lj = np.log((yj + a) / (n_j + a0 - yj - a))
        delta = li - lj
        z = delta / np.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
        parts.append(pd.DataFrame({
            "outlet": outlet, "term": vocab, "count_outlet": yi.astype(np.int64), "count_rest": yj.astype(np.int64),
            "log_odds": [round(v, 4) for v in delta.tolist()], "z": [round(v, 4) for v in z.tolist()]}))
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["outlet", "term", "count_outlet", "count_rest", "log_odds", "z"])
    df["significant"] = df.z.abs() > Z_SIGNIFICANT
    return df.sort_values(["outlet", "z", "term"], ascending=[True, False, True], ignore_index=True)


def log_odds_dirichlet(sentences: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    return log_odds_from_counts(TermCounts.of(sentences).by_outlet, min_count=min_count)


_KWIC_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
KWIC_CONTEXT = 12  # tokens of the same sentence on either side


def kwic_stream(chunks: Iterable[pd.DataFrame], terms: pd.DataFrame, width: int = 45, per_term: int = 3) -> pd.DataFrame:
    """Keyword-in-context lines for each (outlet, term) pair in ``terms``: the first ``per_term``
    occurrences (case-insensitive, as NLTK's ConcordanceIndex finds them) in each outlet's sentences in
    corpus order, with up to 12 tokens of the same sentence either side. ``chunks`` of sentences
    (``sentence_id, outlet, text``) are read once and in order, so a corpus never has to be in memory;
    the scan stops as soon as every pair has its lines."""
    wanted = {o: list(g.term) for o, g in terms.groupby("outlet", sort=True)}
    lookup: dict[str, dict[str, list[str]]] = {}
    for o, ts in wanted.items():
        for t in dict.fromkeys(ts):
            lookup.setdefault(o, {}).setdefault(t.lower(), []).append(t)
    hits: dict[tuple[str, str], list[dict]] = {(o, t): [] for o, ts in wanted.items() for t in ts}
    open_pairs = len(hits)
    for chunk in chunks:
        if not open_pairs:
            break
        for sid, outlet, text in zip(chunk.sentence_id, chunk.outlet, chunk.text):
            keys = lookup.get(outlet)
            if not keys:
                continue
            toks = _KWIC_TOKEN.findall(text)
            for i, tok in enumerate(toks):
                for term in keys.get(tok.lower(), ()):
                    found = hits[(outlet, term)]
                    if len(found) < per_term:
                        found.append({"outlet": outlet, "term": term, "sentence_id": sid,
                                      "left": " ".join(toks[max(0, i - KWIC_CONTEXT):i])[-width:], "keyword": tok,
                                      "right": " ".join(toks[i + 1:i + 1 + KWIC_CONTEXT])[:width]})
                        open_pairs -= len(found) == per_term
    rows = [line for o, ts in wanted.items() for t in ts for line in hits[(o, t)]]
    return pd.DataFrame(rows, columns=["outlet", "term", "sentence_id", "left", "keyword", "right"])


def kwic(sentences: pd.DataFrame, terms: pd.DataFrame, width: int = 45, per_term: int = 3) -> pd.DataFrame:
    """Keyword-in-context lines (see :func:`kwic_stream`) from a sentence table in memory."""
    return kwic_stream([sentences], terms, width=width, per_term=per_term)


def collocations_from_counts(words: Counter, bigrams: Counter, min_freq: int = 2, k: int = 25) -> pd.DataFrame:
    """Bigrams that occur together more than chance (NLTK, Dunning log-likelihood; PMI alongside), from
    :class:`TermCounts` word and bigram counts."""
    # the bigrams below min_freq are what apply_freq_filter removes; leaving them out of the copy keeps a
    # large corpus's millions of one-off bigrams out of memory (scores use only the kept bigrams' counts)
    finder = BigramCollocationFinder(FreqDist(words), FreqDist({bg: c for bg, c in bigrams.items() if c >= min_freq}))
    finder.apply_freq_filter(min_freq)
    finder.apply_word_filter(lambda w: w == BOUNDARY)
    m = BigramAssocMeasures()
    # the k best by (rounded LLR, bigram), kept as they stream past: a row per bigram is not needed
    # (the space sorts before every token character, so the joined string orders as the pair does)
    top = heapq.nsmallest(k, ((-round(float(s), 4), " ".join(bg), bg) for bg, s in finder.score_ngrams(m.likelihood_ratio)))
    rows = [{"bigram": joined, "freq": finder.ngram_fd[bg], "llr": -neg,
             "pmi": round(float(finder.score_ngram(m.pmi, *bg)), 4)} for neg, joined, bg in top]
    df = pd.DataFrame(rows, columns=["bigram", "freq", "llr", "pmi"])
    return df.sort_values(["llr", "bigram"], ascending=[False, True], ignore_index=True).head(k)


def collocations(sentences: pd.DataFrame, min_freq: int = 2, k: int = 25) -> pd.DataFrame:
    tc = TermCounts.of(sentences)
    return collocations_from_counts(tc.words, tc.bigrams, min_freq=min_freq, k=k)

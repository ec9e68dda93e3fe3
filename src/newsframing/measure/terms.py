"""Distinctive vocabulary by outlet: TF-IDF, weighted log-odds with an informative Dirichlet prior,
keyword-in-context lines and collocations.

* TF-IDF (scikit-learn): each outlet's canonical text is one document; shows what is frequent in an
  outlet and rare elsewhere, but has no notion of significance.
* Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
  Words"), each outlet against all the others, with z-scores: compares many groups at once and shrinks
  rare words towards the pooled rate, so a word used once by one outlet does not top the list. The
  prior is the pooled corpus counts (alpha_w = pooled count of w, alpha_0 = corpus size).
  |z| > 1.96 is conventionally significant; with hundreds of words tested, expect a few by chance.
* Keyword in context: NLTK's ConcordanceIndex, so readers see the evidence behind each term.
* Collocations: NLTK's bigram finder ranked by Dunning's log-likelihood ratio, for multi-word terms.
Stop words: scikit-learn's built-in English list (offline; NLTK's list needs a download).
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.text import ConcordanceIndex
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from newsframing.measure.text import tokens

STOP = frozenset(ENGLISH_STOP_WORDS) | {"s", "said", "says", "t"}
Z_SIGNIFICANT = 1.96


def content_tokens(text: str) -> list[str]:
    """Tokens for vocabulary statistics: lower-case, no stop words, no bare numbers."""
    return [t for t in tokens(text) if t not in STOP and not t.isdigit() and len(t) > 1]


def outlet_documents(sentences: pd.DataFrame) -> pd.Series:
    """One document per outlet (sorted by outlet name), its sentences in corpus order."""
    return sentences.groupby("outlet", sort=True)["text"].apply(" ".join)


def tfidf_top_terms(sentences: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    docs = outlet_documents(sentences)
    vec = TfidfVectorizer(tokenizer=content_tokens, token_pattern=None, lowercase=False, sublinear_tf=True)
    X = vec.fit_transform(docs.to_numpy()).toarray()
    vocab = vec.get_feature_names_out()
    rows = []
    for i, outlet in enumerate(docs.index):
        order = sorted(range(len(vocab)), key=lambda j: (-X[i, j], vocab[j]))[:k]
        for rank, j in enumerate(order, start=1):
            rows.append({"outlet": outlet, "rank": rank, "term": vocab[j], "tfidf": round(float(X[i, j]), 4)})
    return pd.DataFrame(rows)


def log_odds_dirichlet(sentences: pd.DataFrame, min_count: int = 2) -> pd.DataFrame:
    """Each outlet vs. the rest: delta (log-odds ratio), its z-score, and counts (Monroe et al. 2008)."""
    counts = {o: Counter(content_tokens(d)) for o, d in outlet_documents(sentences).items()}
    pooled: Counter[str] = sum(counts.values(), Counter())
    a0 = float(sum(pooled.values()))
    rows = []
    for outlet, c in counts.items():
        rest = pooled - c
        n_i, n_j = sum(c.values()), sum(rest.values())
        for w, a in pooled.items():
            if a < min_count:
                continue
            yi, yj = c.get(w, 0), rest.get(w, 0)
            li = np.log((yi + a) / (n_i + a0 - yi - a))
            lj = np.log((yj + a) / (n_j + a0 - yj - a))
            delta = li - lj
            z = delta / np.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
            rows.append({"outlet": outlet, "term": w, "count_outlet": yi, "count_rest": yj,
                         "log_odds": round(float(delta), 4), "z": round(float(z), 4)})
    df = pd.DataFrame(rows)
    df["significant"] = df.z.abs() > Z_SIGNIFICANT
    return df.sort_values(["outlet", "z", "term"], ascending=[True, False, True], ignore_index=True)


def kwic(sentences: pd.DataFrame, terms: pd.DataFrame, width: int = 45, per_term: int = 3) -> pd.DataFrame:
    """Keyword-in-context lines (NLTK ConcordanceIndex) for each (outlet, term) pair in ``terms``."""
    rows = []
    for outlet, group in terms.groupby("outlet", sort=True):
        sub = sentences[sentences.outlet == outlet]
        toks: list[str] = []
        owner: list[str] = []
        for r in sub.itertuples():
            ts = re.findall(r"[\w’'-]+|[^\w\s]", r.text)
            toks += ts
            owner += [r.sentence_id] * len(ts)
        index = ConcordanceIndex(toks, key=lambda s: s.lower())
        for term in group.term:
            for off in index.offsets(term)[:per_term]:
                sid = owner[off]
                left = " ".join(t for t, o in zip(toks[max(0, off - 12):off], owner[max(0, off - 12):off]) if o == sid)
                right = " ".join(t for t, o in zip(toks[off + 1:off + 13], owner[off + 1:off + 13]) if o == sid)
                rows.append({"outlet": outlet, "term": term, "sentence_id": sid,
                             "left": left[-width:], "keyword": toks[off], "right": right[:width]})
    return pd.DataFrame(rows, columns=["outlet", "term", "sentence_id", "left", "keyword", "right"])


def collocations(sentences: pd.DataFrame, min_freq: int = 2, k: int = 25) -> pd.DataFrame:
    """Bigrams that occur together more than chance (NLTK, Dunning log-likelihood; PMI alongside)."""
    words: list[str] = []
    for t in sentences.text:
        words += content_tokens(t) + ["<s>"]  # sentence boundary so bigrams never cross sentences
    finder = BigramCollocationFinder.from_words(words)
    finder.apply_freq_filter(min_freq)
    finder.apply_word_filter(lambda w: w == "<s>")
    m = BigramAssocMeasures()
    pmi = dict(finder.score_ngrams(m.pmi))
    rows = [{"bigram": " ".join(bg), "freq": finder.ngram_fd[bg], "llr": round(float(s), 4), "pmi": round(float(pmi[bg]), 4)}
            for bg, s in finder.score_ngrams(m.likelihood_ratio)]
    df = pd.DataFrame(rows, columns=["bigram", "freq", "llr", "pmi"])
    return df.sort_values(["llr", "bigram"], ascending=[False, True], ignore_index=True).head(k)

import pandas as pd

from newsframing.measure.terms import (Z_SIGNIFICANT, collocations, content_tokens, kwic, log_odds_dirichlet,
                                      tfidf_top_terms)

S = pd.DataFrame({
    "sentence_id": [f"x{i}" for i in range(8)],
    "outlet": ["A"] * 4 + ["B"] * 4,
    "text": ["Union leaders warn about job losses and job losses again.", "The union strike continues.",
             "Union members rally for the strike.", "The studio said nothing about job losses.",
             "The model renders video quickly.", "A faster model renders video at low cost.",
             "Video tools render scenes.", "The studio praised the model."],
})


def test_content_tokens_drop_stop_words_and_numbers():
    assert content_tokens("The 2024 strike is about AI and the jobs") == ["strike", "ai", "jobs"]


def test_tfidf_ranks_outlet_specific_terms_first():
    top = tfidf_top_terms(S, k=3)
    assert set(top[top.outlet == "A"].term) & {"union", "job", "losses", "strike"}
    assert "video" in set(top[top.outlet == "B"].term) or "model" in set(top[top.outlet == "B"].term)


def test_log_odds_gives_opposite_z_for_the_two_outlets():
    lo = log_odds_dirichlet(S).set_index(["outlet", "term"])
    assert lo.loc[("A", "union"), "z"] > 0 > lo.loc[("B", "union"), "z"]
    assert lo.loc[("A", "union"), "z"] > lo.loc[("A", "studio"), "z"]  # shared word is not distinctive
    assert lo.loc[("A", "union"), "z"] == -lo.loc[("B", "union"), "z"]  # two groups: symmetric


def test_kwic_lines_show_the_term_in_its_sentence():
    lines = kwic(S, pd.DataFrame({"outlet": ["A"], "term": ["strike"]}))
    assert len(lines) == 2 and set(lines.keyword.str.lower()) == {"strike"}
    assert lines.iloc[0].left.endswith("union") or "union" in lines.iloc[0].left.lower()


def test_collocations_find_repeated_bigrams_and_never_cross_sentences():
    col = collocations(S, min_freq=2)
    assert "job losses" in set(col.bigram)
    assert not any("<s>" in b for b in col.bigram)


def _log_odds_reference(counts, min_count=2):
    """The per-(outlet, word) loop log_odds_from_counts replaced: the arrays must give the same table."""
    from collections import Counter

    import numpy as np

    counts = {o: counts[o] for o in sorted(counts)}
    pooled = sum(counts.values(), Counter())
    a0 = float(sum(pooled.values()))
    rows = []
    for outlet, c in counts.items():
        rest = pooled - c
        n_i, n_j = sum(c.values()), sum(rest.values())
        for w, a in pooled.items():
            if a < min_count:
                continue
            yi, yj = c.get(w, 0), rest.get(w, 0)
            delta = np.log((yi + a) / (n_i + a0 - yi - a)) - np.log((yj + a) / (n_j + a0 - yj - a))
            z = delta / np.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
            rows.append({"outlet": outlet, "term": w, "count_outlet": yi, "count_rest": yj,
                         "log_odds": round(float(delta), 4), "z": round(float(z), 4)})
    df = pd.DataFrame(rows)
    df["significant"] = df.z.abs() > Z_SIGNIFICANT
    return df.sort_values(["outlet", "z", "term"], ascending=[True, False, True], ignore_index=True)


def test_log_odds_arrays_equal_the_per_pair_formula():
    import random
    from collections import Counter

    from newsframing.measure.terms import log_odds_from_counts

    rng = random.Random(5)
    words = [f"w{i}" for i in range(400)]
    counts = {f"o{k}": Counter({w: rng.randint(1, 50) for w in rng.sample(words, rng.randint(20, 300))}) for k in range(7)}
    got, ref = log_odds_from_counts(counts), _log_odds_reference(counts)
    assert got.to_csv(index=False, float_format="%.4f") == ref.to_csv(index=False, float_format="%.4f")

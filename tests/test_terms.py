import pandas as pd

from newsframing.measure.terms import collocations, content_tokens, kwic, log_odds_dirichlet, tfidf_top_terms

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

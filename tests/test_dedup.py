from newsframing.ingest.dedup import Sent, duplicate_groups, merge_copies

A = ("Several film studios are testing software that clones an actor's voice to dub movies into other languages. "
     "Executives say the tools could cut the cost of a dub by more than half. "
     "Voice actors see it differently and want consent rules in their next contract.")
B = A.replace("clones an", "Zanzibarclones an") + " Early tests were run on trailers."
C = ("A museum opened a gallery where visitors describe a scene and an image model draws it. "
     "Curators say the project shows how such tools help people without art training.")


def test_mirror_is_grouped_and_unrelated_text_is_not():
    groups, sims = duplicate_groups({"a": A, "b": B, "c": C})
    assert groups == [["a", "b"]]
    assert 0.5 <= sims[("a", "b")] < 1.0


def _sents(text, src):
    import pysbd
    return [Sent(1, s.strip(), src) for s in pysbd.Segmenter(language="en", clean=False).segment(text)]


def test_merge_restores_missing_inner_sentence_and_drops_injected_token():
    canon = _sents(A.replace("clones an", "Zanzibarclones an"), "a")  # canonical copy carries the injection
    other = _sents(A, "b")  # the clean copy
    other.insert(2, Sent(1, "Early tests were run on trailers rather than films.", "b"))
    merged, notes = merge_copies(canon, other, "b")
    texts = [s.text for s in merged]
    assert "Zanzibarclones" not in " ".join(texts) and "clones an actor's" in texts[0]
    assert texts[2] == "Early tests were run on trailers rather than films." and merged[2].source == "b"
    assert {n.category for n in notes} >= {"injected token removed", "sentence missing from canonical copy"}


def test_trailing_mirror_only_sentences_are_not_restored():
    canon = _sents(A, "a")
    other = _sents(A, "b") + [Sent(1, "Hot deals on earbuds today only.", "b")]
    merged, _ = merge_copies(canon, other, "b")
    assert [s.text for s in merged] == [s.text for s in canon]

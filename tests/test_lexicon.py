"""The frame lexicon file and its matcher."""

import pandas as pd
import pytest

from newsframing.measure.lexicon import LEXICON_FILE, frame_scores, load_lexicon, match_sentence, quoted_token_mask


def test_lexicon_file_is_documented_and_valid():
    df = pd.read_csv(LEXICON_FILE)
    assert list(df.columns) == ["pattern", "frame", "weight", "category", "on_negation", "rationale"]
    assert set(df.on_negation) == {"flip", "keep"}
    assert set(df.frame) == {"opportunity", "threat"}
    assert df.weight.between(1, 3).all()
    assert df.pattern.is_unique
    assert (df.rationale.str.split().str.len() >= 6).all(), "every entry needs a one-line rationale"
    assert df.frame.value_counts().min() >= 50
    for cat in ["job loss", "consent and copyright", "deepfakes", "strikes", "fear", "capability",
                "creative empowerment", "collaboration", "efficiency"]:
        assert cat in set(df.category), cat


def pats(text):
    return [(m.pattern, m.frame) for m in match_sentence(text)]


def test_stem_prefix_gap_and_alternation():
    assert ("replac*", "threat") in pats("Studios are replacing storyboard artists.")
    assert ("deepfake*", "threat") in pats("Deepfakes of actors spread online.")
    assert ("earn * living", "threat") in pats("They can no longer earn a decent living.")
    assert ("lawsuit*", "threat") in pats("The lawsuits were filed in March.")


def test_stem_matching_does_not_overreach():
    assert pats("The robotics team built a robot.") == []  # 'rob' is a stem pattern, not a prefix
    assert pats("The band played at the bank.") == []  # 'ban' likewise
    assert pats("First impressions were collected.") == []  # 'impressive*' is not 'impression'


def test_longer_patterns_consume_their_tokens():
    assert pats("Fears of job losses grew.") == [("fear*", "threat"), ("job loss*", "threat")]


def test_negation_flips_but_not_inside_negated_patterns():
    assert pats("It is a benefit, not a hindrance.") == [("benefit*", "opportunity"), ("hindrance", "opportunity")]
    m = match_sentence("The company has not been transparent about it.")
    assert [(x.pattern, x.frame, x.negated) for x in m] == [("not * transparent", "threat", False)]
    assert pats("This is not a threat to anyone.") == [("threat*", "opportunity")]
    assert pats("Crews can no longer earn a living.") == [("earn * living", "threat")]  # on_negation = keep


def test_main_clause_weighs_more_than_concession():
    s = frame_scores(match_sentence("While the tool is exciting, artists fear for their livelihoods."))
    assert s["threat"] > s["opportunity"]
    s = frame_scores(match_sentence("Some fear job losses, but the tool could create new jobs and cut costs."))
    assert s["opportunity"] > s["threat"]


def test_quoted_speech_is_flagged_and_scare_quotes_are_not():
    assert any(quoted_token_mask('He said "this will replace a lot of jobs" yesterday.'))
    assert not any(quoted_token_mask('A "big name" director signed on.'))
    m = match_sentence('"They will replace us all," a writer said.')
    assert m and m[0].quoted


def test_lexicon_is_loaded_longest_first():
    lens = [len([p for p in e.parts if p[0] != "gap"]) for e in load_lexicon()]
    assert lens == sorted(lens, reverse=True)


@pytest.mark.parametrize("bad, msg", [("pattern,frame,weight,category,on_negation,rationale\nfoo,hope,1,x,flip,y\n", "unknown frame"),
                                      ("pattern,frame,weight,category,on_negation,rationale\nfoo,threat,1,x,maybe,y\n", "flip or keep"),
                                      ("pattern,frame\nfoo,threat\n", "needs columns")])
def test_bad_lexicon_file(tmp_path, bad, msg):
    from newsframing.errors import NewsframingError

    p = tmp_path / "lex.csv"
    p.write_text(bad)
    with pytest.raises(NewsframingError, match=msg):
        load_lexicon(p)

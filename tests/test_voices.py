import pandas as pd
import pytest

from newsframing.measure.voices import attribute_voices, find_speaker, voice_of


@pytest.mark.parametrize("text, speaker, kind", [
    ('"We will fight this in court," said union president Dana Lee.', "union president Dana Lee", "quote"),
    ('"It saves us weeks," the director said.', "the director", "quote"),
    ("The studio plans to expand, according to Variety.", "Variety", "paraphrase"),
    ("Several animators told reporters they had not been asked.", "Several animators", "paraphrase"),
    ('A "big name" actor has joined, the report says.', "the report", "paraphrase"),
    ("He hopes so, according to a Bloomberg report on Saturday that cited sources.", "a Bloomberg report", "paraphrase"),
    ("The titles were never released in Spanish, Castellar said in a statement.", "Castellar", "paraphrase"),
    ("Revenue rose, she said, because clients wanted more versions.", "she", "paraphrase"),
    ("MADRID (Meridian Newswire) - Dubbing company Estudios Castellar said on Monday it will dub 400 titles.",
     "Dubbing company Estudios Castellar", "paraphrase"),
])
def test_find_speaker(text, speaker, kind):
    assert find_speaker(text) == (speaker, kind)


def test_no_attribution_is_the_outlets_voice():
    assert find_speaker("The model can render a minute of video.") is None


@pytest.mark.parametrize("speaker, voice", [
    ("the Writers Guild", "unions"), ("SAG-AFTRA", "unions"), ("an actors' union", "unions"),
    ("a spokesperson for the startup", "AI companies & executives"), ("Google", "AI companies & executives"),
    ("illustrator Kim Park", "creators & critics"), ("critics", "creators & critics"),
    ("a studio executive", "studios & industry"), ("Reuters", "other sources"), ("Mr Smith", "other sources"),
])
def test_voice_of(speaker, voice):
    assert voice_of(speaker) == voice


def test_names_continuations_and_pronouns_within_an_article():
    s = pd.DataFrame({
        "sentence_id": ["a1", "a2", "a3", "a4", "a5"], "article_id": ["a"] * 5, "paragraph": [1, 1, 1, 2, 3],
        "text": ["The film features work by animator Rosa Diaz.",
                 '"The tool gave me my weekends back," said Diaz.',
                 '"I still check every frame."',
                 "She repeated the point on Monday.",
                 "The release is planned for May."],
    })
    v = attribute_voices(s).set_index("sentence_id")
    assert v.loc["a2", "voice"] == "creators & critics" and v.loc["a2", "speech"] == "quote"
    assert v.loc["a3", "voice"] == "creators & critics"  # continuation of the quotation
    assert v.loc["a5", "voice"] == "outlet"


@pytest.mark.parametrize("text, speaker", [
    ("Jane Roe, policy director at OpenAI, said the tool would help studios.", "Jane Roe, policy director at OpenAI"),
    ('"We are being very careful here," said Jane Roe, a director at Runway.', "Jane Roe, a director at Runway"),
    ("The tool is new, said Jane Roe, a director at Runway.", "Jane Roe, a director at Runway"),
    ('"We are being very careful here," said Roe, adding that studios had asked for it.', "Roe"),
])
def test_a_role_after_the_name_is_part_of_the_speaker(text, speaker):
    assert find_speaker(text)[0] == speaker


@pytest.mark.parametrize("speaker, voice", [
    ("Jane Roe, policy director at OpenAI", "AI companies & executives"),
    ("a director at Warner Bros", "studios & industry"),
    ("director Paul Trillo", "creators & critics"), ("the director of photography", "creators & critics"),
    ("an AI start-up", "AI companies & executives"), ("a record label", "studios & industry"),
])
def test_an_employee_speaks_for_the_organisation(speaker, voice):
    assert voice_of(speaker) == voice


def _voices(texts: list[str]) -> list[str]:
    """The voices of one article's sentences, one paragraph each."""
    n = len(texts)
    s = pd.DataFrame({"sentence_id": [f"a{k}" for k in range(n)], "article_id": ["a"] * n,
                      "paragraph": list(range(1, n + 1)), "text": texts})
    return list(attribute_voices(s).voice)


def test_a_company_name_is_not_remembered_as_a_person():
    """'policy director at OpenAI' once made 'OpenAI' a remembered surname (Open + AI) of a creator."""
    v = _voices(["Jane Roe, policy director at OpenAI, said the tool would help studios.",
                 "OpenAI said it would publish the rules.",
                 "Mark Smith, an actor who has appeared in many films, said he was worried.",
                 "Smith warned that the jobs would go."])
    assert v == ["AI companies & executives", "AI companies & executives", "creators & critics",
                       "creators & critics"]


@pytest.mark.parametrize("text", ["Imagine being told you will never be able to speak again.",
                                  "How would you capture what you most want to be able to say in the future?"])
def test_a_clause_is_not_a_speaker(text):
    assert find_speaker(text) is None


def test_the_writers_own_i_is_the_outlet_and_pronouns_find_the_last_speaker():
    v = _voices(["I told myself the tool would never reach my desk.",
                 "Chief operating officer Dana Wu of the ad agency Calder said costs fell.",
                 "The memo listed three offices.",
                 "Regional versions now cost a third as much, she said."])
    assert v == ["outlet", "studios & industry", "outlet", "studios & industry"]

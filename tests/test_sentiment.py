import pandas as pd
import pytest

from newsframing.measure.sentiment import afinn_raw, lexicon_agreement, normalise, polarity, score_sentences, vader_compound


def test_reference_vader_values():
    # values of the reference vaderSentiment 3.3.2 implementation
    assert vader_compound("The tool is great.") == pytest.approx(0.6249, abs=1e-4)
    assert vader_compound("Artists fear losing their jobs.") < -0.05
    assert vader_compound("The meeting is on Tuesday.") == 0.0


def test_afinn_and_shared_scale():
    assert afinn_raw("good") == 3.0 and afinn_raw("bad") == -3.0
    assert normalise(0) == 0 and -1 < normalise(-50) < -0.99 and normalise(3) == pytest.approx(3 / 24 ** 0.5)
    assert polarity(0.05) == "positive" and polarity(-0.05) == "negative" and polarity(0.01) == "neutral"


def test_agreement_table():
    s = score_sentences(pd.Series(["A wonderful, exciting tool.", "A terrible, harmful tool.", "It is Tuesday."]))
    agr = lexicon_agreement(s).set_index("measure").value
    assert agr["sentences"] == 3 and agr["polarity_agreement"] == 1.0 and agr["opposite_polarity_sentences"] == 0

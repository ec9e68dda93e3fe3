"""Stage 2, measure: per-sentence measurements.

``text`` (tokens shared by every measure), ``lexicon`` (opportunity/threat frame lexicon),
``sentiment`` (VADER and AFINN), ``frames`` (the sentence frame classifier and its validation),
``terms`` (TF-IDF, log-odds, KWIC, collocations), ``voices`` (who speaks).
"""

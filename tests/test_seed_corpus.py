"""Regression on the seed corpus: what must come out of ingestion, and what must not."""

import re

SEED_JUNK = [
    # furniture and teaser text seen in the seed files: none may reach an analysed sentence
    "Netherlands", "Tweet is currently unavailable", "Topics Artificial", "Previous:", "Best board game",
    "kb", "Copyright ©", "Skip to main content", "Recommended Videos", "enable Javascript", "Trevor Mogg",
    "Contributing Editor", "tea-loving", "Read more", "art washing", "mammoths", "Orion", "Kalinowski",
    "Subscribe to get", "Matthias Bastian", "flickering", "Ideogram", "Sources:", "same old story", "(#)",
]
KEY_SENTENCES = {
    "001_4f7541c7ad608358": [
        "OpenAI is ramping up plans for its AI video generator Sora — and that involves a charm offensive in Hollywood.",
        "The use of AI video tools threatens to upend the film industry by replacing jobs that range from VFX professionals, to writers, and even to actors.",
        "Already, images featuring generative AI have crept into films such as Late Night with the Devil.",
        '"Artistwashing: when you solicit positive comments about your generative AI model from a handful of creators, while training on people\'s work without permission/payment," wrote Ed Newton-Rex, CEO of ethical AI data sourcing non-profit Fairly Trained.',
    ],
    "002_cbf9bd2fa0dbd2d4": [
        "Many fear that the technology will take their jobs or, at the very least, diminish their ability to earn a decent living.",
        "As Bloomberg points out, AI is a highly sensitive issue in the entertainment industry.",
    ],
    "003_b67a27205f7456a0": [
        "The rise of deepfakes and other creative issues may make AI systems like Sora a tough sell in film and TV circles, but OpenAI will try to convince studios that its technology can be a benefit — not a hindrance — to the movie industry.",
        "“We look forward to an ongoing dialogue with artists and creatives.”",
    ],
    "004_9f0b4f2dc7aaa5a3": [
        "U.S. actor Tyler Perry has said he halted a planned $800 million expansion of his studio after seeing Sora.",
        "But the technology also raises fears that it could rob creators - from illustrators to voice actors - of their livelihoods.",
        "He confirmed this statement in January 2024.",
    ],
}


def test_rows_and_canonical_articles(seed_corpus):
    a = seed_corpus.articles
    assert len(a) == 5
    canon = a[a.article_id == a.canonical_id]
    assert len(canon) == 4
    assert sorted(canon.outlet) == ["Digital Trends", "Mashable", "The Decoder", "Tubefilter"]
    mirror = a.set_index("article_id").loc["000_17fb8b560dc9357d"]
    assert mirror.canonical_id == "001_4f7541c7ad608358"


def test_no_boilerplate_or_teaser_text_in_any_sentence(seed_corpus):
    for text in seed_corpus.sentences.text:
        for junk in SEED_JUNK:
            assert junk not in text, (junk, text)


def test_key_sentences_kept(seed_corpus):
    s = seed_corpus.sentences
    for aid, sentences in KEY_SENTENCES.items():
        have = set(s.loc[s.article_id == aid, "text"])
        for sent in sentences:
            assert sent in have, (aid, sent)


def test_teasers_recorded_not_analysed(seed_corpus):
    t = seed_corpus.teasers
    assert list(t.article_id.unique()) == ["002_cbf9bd2fa0dbd2d4"] and len(t) == 3


def test_log_explains_each_kind_of_removal(seed_corpus):
    log = seed_corpus.log
    actions = set(zip(log.action, log.category))
    for expected in [("dropped", "headline run"), ("dropped", "embed placeholder"), ("dropped", "author bio"),
                     ("split", "teaser article"), ("merged", "near-duplicate"),
                     ("restored", "sentence missing from canonical copy"), ("dropped", "mirror-only token"),
                     ("repaired", "paragraph broken mid-sentence"), ("dropped", "image credit")]:
        assert expected in actions, expected


def test_every_sentence_is_prose(seed_corpus):
    for text in seed_corpus.sentences.text:
        assert re.search(r"[.!?…][\"'”’)]*$", text), text

"""Furniture rules on generic examples (none taken from the seed corpus)."""

import pytest

from newsframing.ingest.boilerplate import furniture_category, is_headline_run, is_sentence_like


@pytest.mark.parametrize(
    "line, category",
    [
        ("Skip to content", "navigation"),
        ("Advertisement", "navigation"),
        ("Continue reading", "teaser marker"),
        ("Related Stories", "widget prompt"),
        ("Related Story Machine-learning algorithms find and apply patterns in data. And they pretty much run the world.",
         "related link"),
        ("by Jo Bloggs Share facebooklink opens in a new window twitterlink opens in a new window June 17, 2020 Age: 31 "
         "Her program sifts through data faster so scientists can focus more on science.", "share buttons"),
        ("You might also like", "widget prompt"),
        ("JavaScript is disabled in your browser.", "widget prompt"),
        ("This post is unavailable.", "embed placeholder"),
        ("The video is currently unavailable. It might be loading or has been removed.", "embed placeholder"),
        ("Sign up for our morning newsletter", "subscribe prompt"),
        ("Photo: Jane Doe/Getty Images", "image credit"),
        ("Illustration generated with Midjourney by the art desk", "image credit"),
        ("References:", "section list"),
        ("Tags: AI, film, labour", "tags"),
        ("Copyright 2023 Some Paper Ltd.", "copyright footer"),
        ("All rights reserved.", "copyright footer"),
        ("0.0312s, 512.5 kb", "render footer"),
        ("By Alex Morgan", "byline"),
        ("Senior Technology Reporter", "byline"),
    ],
)
def test_furniture_categories(line, category):
    assert furniture_category(line) == category


@pytest.mark.parametrize(
    "line",
    [
        "The lawsuit alleges copyright infringement on a massive scale, the filing says.",
        "Readers who subscribe to the theory that AI will replace editors may be surprised by the study.",
        "Credit for the idea goes to the studio's small research team, which built the first prototype.",
        # prose, not a label (the label is followed by the other story's capitalised title)
        "Related stories about the strike ran in every paper that week, and the union counted more than forty of "
        "them before the studios agreed to talk again, its president said.",
        "The link opens in a new window only when readers click twice, the designer said.",
    ],
)
def test_prose_that_mentions_furniture_words_is_kept(line):
    assert furniture_category(line) is None


def test_headline_run_versus_prose():
    run = ("Best Phone Deals This Week Save Big On Laptops Today Top Ten Streaming Shows Ranked "
           "Cheap Flights To Rome Garden Sale Ends Soon Ten Recipes For Summer Nights Tech Gifts "
           "For Dad New Trailers You Missed Weather Warning For The Coast")
    prose = ("The studio said on Tuesday that it would test the software on two productions this year, "
             "and that it had agreed with the union to pay performers whose voices are used in the "
             "training data, a spokesperson said in a statement sent to reporters.")
    assert is_headline_run(run)
    assert not is_headline_run(prose)


def test_sentence_like():
    assert is_sentence_like('He said it was "a turning point."')
    assert not is_sentence_like("Studios weigh AI dubbing tools")
    assert not is_sentence_like("Yes.")


def test_labels_glued_into_a_paragraph_are_dropped_sentence_by_sentence():
    from newsframing.ingest.boilerplate import sentence_label

    assert sentence_label("Related Story The AI moonshot was founded in the spirit of transparency.") == "related link"
    assert sentence_label("Related stories about the strike ran in every paper that week.") is None
    assert sentence_label("Share facebooklink opens in a new window twitterlink opens in a new window") == "share buttons"
    assert sentence_label("Photo: Getty Images") is None  # block-level categories are not applied to sentences

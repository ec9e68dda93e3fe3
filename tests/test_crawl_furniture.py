"""Rules written from the ai-tech-pages crawl: menus, markup and other languages inside a prose line,
text a site repeats on many pages, over-long sentences; and the faster segmenter equals pysbd."""

import pysbd
from hypothesis import given, settings
from hypothesis import strategies as st

from newsframing.ingest.boilerplate import furniture_runs, is_markup, is_navigation_run, is_not_english
from newsframing.ingest.clean import clean_blocks
from newsframing.ingest.corpus import MAX_SENTENCE_CHARS, build_corpus
from newsframing.ingest.extract import Block
from newsframing.ingest.segment import split_sentences
from newsframing.ingest.sitewide import sitewide_runs, sitewide_sentences, strip_run

MENU = ("Topics AI Biotech Computing Space Energy Future Tech Robotics Science Experts Featured Experts "
        "Perspectives Books Events Videos Latest Series Interviews About Singularity About Programs Membership "
        "Experts Community Careers Subscribe Welcome Search.")
PROSE = ("The robot fries food without human help, its makers said on Friday. It costs less than a cook and "
         "works through the night, which is why the owners of the small restaurant where it was first tested "
         "decided to keep it after the trial. They said it had not replaced any of their staff so far.")


def test_menu_inside_a_prose_line_is_cut_and_logged():
    doc = clean_blocks([Block(MENU + " " + PROSE)])
    assert doc.paragraphs == [PROSE]
    assert [(e.action, e.category, e.detail) for e in doc.log] == [("dropped", "navigation run", MENU)]


def test_prose_listing_names_is_not_a_menu():
    names = ("The post features feedback from director Paul Trillo, production company Shy Kids, creative agency "
             "Native Foreign, artist August Kamp, creative director Josephine Miller, and AR/XR artist Don Allen "
             "Stevenson III.")
    assert not is_navigation_run(names)
    assert is_navigation_run(MENU)
    assert furniture_runs(names + " " + PROSE) == (names + " " + PROSE, [])


def test_markup_leftovers():
    assert is_markup('st0{fill:#FFFFFF;} .st1{fill:url(#SVGID_1_);} Singularity Hub')
    assert is_markup('All Gaming @keyup.enter="$event.target.checked =!$event.target.checked"> Controllers')
    assert is_markup('<\\/p>\\n "https:\\/\\/techcrunch.com\\/2023\\/01\\/24\\/how-the-apps\\/\\">How')
    assert not is_markup("She said the deal, worth $3 billion, was “fair” to both sides (for now).")


def test_other_languages():
    assert is_not_english("आपके ब्राउजिंग डिवाइस पर कुकी कितने समय तक रहेगी यह इस बात पर निर्भर करता है।")
    assert is_not_english("Los Activos Digitales siempre se almacenan y transmiten en sus respectivas redes de blockchain.")
    assert is_not_english("Des conditions générales supplémentaires peuvent régir des applications, du contenu et des services.")
    assert not is_not_english("Unquestionably, technology destroys low-skilled, low-paying jobs while creating high-skilled ones.")
    assert not is_not_english("Café owners in São Paulo said the déjà vu was real.")  # too short to judge: kept


def test_text_repeated_across_a_site_is_found_once_per_distinct_file():
    nav = "News and Insights from Singularity Group Search Subscribe to our newsletter Facebook Twitter."
    pages = {f"p{i}": ("hub", f"sha{i}", [nav, f"Story {i} is about robots and their makers."]) for i in range(5)}
    pages["q"] = ("other", "shaq", [nav])
    assert sitewide_sentences(pages) == {"hub": {nav: 5}}
    same_file = {f"p{i}": ("hub", "sha", [nav]) for i in range(6)}  # one page saved six times
    assert sitewide_sentences(same_file) == {}


def test_site_wide_text_is_dropped_logged_and_no_longer_makes_pages_duplicates(make_corpus, tmp_path):
    nav = "News and Insights from Singularity Group Search Subscribe to our newsletter Facebook Twitter Youtube."
    stories = [
        "Researchers built a robot that fries food without human help, the company said on Friday.",
        "A seismic telescope revealed a plume of hot rock feeding volcanoes deep under the Pacific.",
        "People trust faces made by image generators more than real faces, a new study finds.",
        "Quantum computers are still small but the field has moved faster than many expected.",
        "Starlink satellites leak signals that interfere with radio telescopes, astronomers report.",
    ]
    files = {f"p{i}.txt": f"{nav}\n{s}\nThe team plans {i + 2} more tests next year.\n" for i, s in enumerate(stories)}
    m = make_corpus(files, "file,outlet\n" + "".join(f"{n},Hub\n" for n in files))
    c = build_corpus(m)
    assert (c.articles.article_id == c.articles.canonical_id).all()  # five articles, none merged
    assert nav not in set(c.sentences.text)
    assert (c.log.category == "site-wide text").sum() == 5


BANNER = "Featured Topics Newsletters Events Podcasts Featured Topics Newsletters Events Podcasts"
HEADS = ["What is AI?", "Microsoft is investing $1 billion in a lab.", "“We’re in a diversity crisis,” she said.",
         "The technology behind the model is a transformer.", "Training a single AI model can emit a lot of carbon.",
         "The Download: robots fry food."]


def test_a_banner_glued_to_sentences_is_cut_where_the_real_sentence_starts():
    pages = {f"p{i}": ("tr", f"sha{i}", [f"{BANNER} {h}", f"Story {i} is about robots.",
                                          "According To The Company Said it would hire more people."])
             for i, h in enumerate(HEADS)}
    pages["short"] = ("tr", "shaS", ["Featured Topics Newsletters Events Podcasts She risked everything."])
    runs = sitewide_runs(pages)["tr"]
    assert tuple(BANNER.split()) in runs and runs[tuple(BANNER.split())] == 6
    assert not any("According" in r for r in runs)  # the next word is lowercase: a sentence, not a banner
    assert not any(len(r) > 10 for r in runs)  # "The" opens two pages' headlines only: not part of the banner
    assert strip_run(f"{BANNER} Microsoft is investing $1 billion in a lab.", runs) == (
        "Microsoft is investing $1 billion in a lab.", tuple(BANNER.split()))
    assert strip_run("Featured Topics Newsletters Events Podcasts She risked everything.", runs)[0] == "She risked everything."
    assert strip_run(f"{BANNER} what is AI?", runs) is None  # the rest must open with a capital, as on the pages
    assert strip_run("Robots fry food in a lab, the company said.", runs) is None


def test_banner_runs_are_cut_in_the_corpus_and_logged(make_corpus):
    files = {f"p{i}.txt": f"{BANNER} {h} It ships next year, the makers said.\nThe team plans {i + 2} more tests.\n"
             for i, h in enumerate(HEADS)}
    m = make_corpus(files, "file,outlet\n" + "".join(f"{n},Hub\n" for n in files))
    c = build_corpus(m)
    assert not c.sentences.text.str.contains("Featured Topics").any()
    runs = c.log[c.log.category == "site-wide run"]
    assert len(runs) == len(HEADS) and runs.detail.str.contains("on 6 pages of Hub").all()
    assert "What is AI?" not in set(c.sentences.text)  # left as a fragment: dropped (the log keeps it whole)


def test_over_long_sentences_are_dropped_and_logged(make_corpus):
    run_on = "This clause continues" + ", and then it continues" * 60 + " until it ends."
    assert len(run_on) > MAX_SENTENCE_CHARS
    m = make_corpus({"a.txt": "The board approved the plan on Monday after a long debate.\n" + run_on + "\n"})
    c = build_corpus(m)
    assert c.sentences.text.str.len().max() <= MAX_SENTENCE_CHARS
    assert list(c.log.loc[c.log.category == "over-long sentence", "detail"]) == [run_on]


_STOCK = pysbd.Segmenter(language="en", clean=False)
_ALPHABET = st.sampled_from(list("abc XYZ.,!?;:'\"()-–—…\n ") + ["U.S.", "Dr.", "Mr.", "e.g.", "No.", "a.m.", "St.",
                                                                  " 3.5 ", "“", "”", "Inc.", " i.e. ", "p.m."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_segmenter_equals_stock_pysbd(text):
    assert split_sentences(text) == [s.strip() for s in _STOCK.segment(text) if s.strip()]

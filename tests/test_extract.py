from pathlib import Path

from newsframing.ingest.extract import blocks_from_html, blocks_from_markdown, blocks_from_text, sniff_format

FIX = Path(__file__).parent / "fixtures" / "messy"


def test_html_keeps_article_body_only():
    blocks, title = blocks_from_html((FIX / "page.html").read_text(encoding="utf-8"))
    text = "\n".join(b.text for b in blocks)
    assert title == "Studios weigh AI dubbing tools as voice actors push back"
    assert "clones an actor's voice" in text and "minor roles" in text
    for junk in ("cookies", "Accept all", "Ten gadgets", "Privacy policy", "All rights reserved", "Scroll to continue"):
        assert junk not in text, junk


def test_markdown_links_emphasis_and_images_become_plain_text():
    blocks = blocks_from_markdown((FIX / "notes.md").read_text(encoding="utf-8"))
    assert blocks[0].kind == "heading" and blocks[0].text == "Museum lets visitors co-create exhibits with an image model"
    body = [b.text for b in blocks if b.kind == "para"]
    assert body[0].startswith("The city museum opened a gallery")
    text = " ".join(b.text for b in blocks)
    for markup in ("](", "[", "**", "*", "![", "example.org"):
        assert markup not in text, markup
    assert "visitor.jpg" not in text and "A visitor at a touch screen" not in text  # image and its alt dropped


def test_blanked_markdown_links_in_a_txt_file_are_sniffed():
    text = "[OpenAI](#) said [more](#) things.\n\nAnother [link](#) here."
    assert sniff_format(text, "text") == "markdown"
    assert sniff_format("<html><body><p>a</p><p>b</p></body></html>", "text") == "html"
    assert sniff_format("Just prose.", "text") == "text"


def test_hard_wrapped_paragraphs_are_joined():
    wrapped = ("The studio said on Tuesday that it would test the software on two\n"
               "productions this year, and that it had agreed with the union to pay\n"
               "performers whose voices are used in the training data, a spokesperson\n"
               "said.\n\nSecond paragraph here.")
    blocks = blocks_from_text(wrapped)
    assert len(blocks) == 2 and blocks[0].text.endswith("a spokesperson said.")

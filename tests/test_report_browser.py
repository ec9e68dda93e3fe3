"""The rendered report in a real browser (Debian's chromium driven by Playwright).

Builds the no-Quarto HTML report (what CI and `make report` produce here) into a temporary folder from
the committed, executed notebooks, opens every page and checks images, alt text, console errors and
links; saves screenshots to tests/artifacts/ (gitignored). A second test feeds an article containing
``<script>`` markup through ingestion, analysis, the notebooks and the report, and checks the markup
is shown as text and never runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from newsframing import paths

import os


def _find_chromium() -> str | None:
    """Debian's chromium here; other names on other machines (e.g. GitHub's Ubuntu runners)."""
    if os.environ.get("NEWSFRAMING_CHROMIUM"):
        return os.environ["NEWSFRAMING_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _find_chromium()
ARTIFACTS = paths.ROOT / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (make browser-deps installs Debian's chromium)")]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from newsframing.render.site import build_fallback

    out = tmp_path_factory.mktemp("site") / "_site"
    build_fallback(out)
    return out


def check_page(browser, page_path: Path, shot: str) -> dict:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => ({src: e.src.slice(0, 40), loaded: e.complete && e.naturalWidth > 0, alt: e.getAttribute('alt')}))")
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    page.close()
    return {"errors": errors, "images": images, "links": links, "ids": ids, "requests": requests}


def assert_page_ok(res: dict, page_path: Path, min_images: int) -> None:
    assert res["errors"] == [], res["errors"]
    assert len(res["images"]) >= min_images
    for img in res["images"]:
        assert img["loaded"], img
        assert img["alt"] and len(img["alt"]) > 20, f"missing alt text: {img}"
    offline = [u for u in res["requests"] if not (u.startswith("file:") or u.startswith("data:"))]
    assert offline == [], f"page requests the network: {offline}"
    for href in res["links"]:
        if href.startswith("#"):
            assert href[1:] in res["ids"], f"broken in-page link {href}"
        elif not urlparse(href).scheme:
            target = (page_path.parent / unquote(href.split("#")[0])).resolve()
            assert target.exists(), f"broken link {href} in {page_path.name}"


def test_report_page_renders_offline_with_alt_text(browser, site):
    index = site / "index.html"
    res = check_page(browser, index, "report-index.png")
    assert_page_ok(res, index, min_images=7)
    assert len([h for h in res["links"] if h.startswith("notebooks/")]) >= 6  # appendices linked


def test_notebook_appendices_render(browser, site):
    pages = sorted((site / "notebooks").glob("*.html"))
    assert len(pages) == 6
    for p in pages:
        assert_page_ok(check_page(browser, p, f"notebook-{p.stem}.png"), p, min_images=0)


def test_interactive_strip_shows_sentence_on_hover(browser, site):
    page = browser.new_page()
    page.goto((site / "index.html").as_uri())
    rect = page.locator("svg.nf-strip rect[tabindex='0']").first
    assert rect.count() == 1
    title = rect.locator("title").text_content()
    assert "[" in title and len(title) > 40  # sentence id, frame and text
    rect.hover()
    page.close()


MALICIOUS = ("Writers fear <script>window.__pwned = 1</script> the studio tool will replace their jobs, the union said.\n"
             'Actors worry <img src=x onerror="window.__pwned = 2"> deepfakes will copy their faces without consent.\n'
             "The studio said the tool would cut costs and help small crews experiment with new ideas.\n")


def test_article_text_is_escaped_end_to_end(browser, tmp_path):
    from newsframing.analyze import analyze
    from newsframing.ingest.corpus import ingest
    from newsframing.render.site import build_fallback, execute_notebook, notebook_paths

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(MALICIOUS, encoding="utf-8")
    (corpus / "plain.txt").write_text("Unions said on Monday they would press studios for limits on AI.\n"
                                      "The talks continue next week, both sides said.\n", encoding="utf-8")
    (corpus / "manifest.csv").write_text("file,outlet\nevil.txt,Evil <b>Outlet</b>\nplain.txt,Plain News\n")
    processed = tmp_path / "processed"
    c = ingest(corpus / "manifest.csv", processed)
    assert c.sentences.text.str.contains("<script>", regex=False).any()  # the markup reached the corpus
    analyze(processed)
    params = {"PROCESSED": str(processed), "VALIDATION": str(paths.PROCESSED)}
    nbdir = tmp_path / "notebooks"
    for nb in notebook_paths(paths.NOTEBOOKS):
        execute_notebook(nb, nbdir / nb.name, params=params, cwd=paths.NOTEBOOKS)
    site = build_fallback(tmp_path / "_site", notebooks=nbdir, params=params).parent
    for page_path in [site / "index.html", *sorted((site / "notebooks").glob("*.html"))]:
        page = browser.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, f"injected script ran in {page_path.name}"
        assert page.locator("b", has_text="Outlet").count() == 0, "outlet name rendered as HTML"
        page.close()
    page = browser.new_page()
    page.goto((site / "notebooks" / "04-framing.html").as_uri())
    assert "<script>window.__pwned = 1</script>" in page.inner_text("body")  # shown as text
    page.close()
    page = browser.new_page()
    page.goto((site / "index.html").as_uri())  # the report page embeds this corpus's figures, not the seed's
    titles = " ".join(page.locator("svg.nf-strip rect title").all_text_contents())
    assert "<script>window.__pwned = 1</script>" in titles and "Sora" not in titles
    assert "evidence: nan" not in titles
    assert "Sora" not in page.locator("h1").first.inner_text()  # seed-specific title replaced
    page.close()

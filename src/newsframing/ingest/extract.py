"""Turn a decoded file into an ordered list of text blocks (paragraphs, headings), per format.

* HTML: trafilatura (a maintained main-content extractor) keeps the article body and drops
  navigation, ads, cookie banners, related links and footers using DOM signals (link density, tag
  names, class names) that plain text no longer has.
* Markdown: markdown-it-py parses it; links keep their text, emphasis markers and images go.
* Plain text: one block per line, or per blank-line-separated paragraph when the file is hard-wrapped.

Blocks are then cleaned by :mod:`newsframing.ingest.boilerplate`, the same for every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

_MD_HINTS = re.compile(r"\]\([^)]*\)|^#{1,6}\s|^\s*[-*]\s|\*\*[^*]+\*\*|^>\s", re.M)
_HTML_HINTS = re.compile(r"<(html|body|p|div|article|br|span|a)\b[^>]*>", re.I)


@dataclass
class Block:
    """A paragraph-level piece of text; ``kind`` is 'para' or 'heading' (from markup)."""

    text: str
    kind: str = "para"


def sniff_format(text: str, declared: str) -> str:
    """The real format: a ``.txt`` file may hold markdown or HTML (saved pages often do)."""
    if declared != "text":
        return declared
    if len(_HTML_HINTS.findall(text)) >= 3:
        return "html"
    if len(_MD_HINTS.findall(text)) >= 2:
        return "markdown"
    return "text"


def blocks_from_text(text: str) -> list[Block]:
    """Plain text: blank lines separate paragraphs; single newlines too, unless hard-wrapped."""
    blocks: list[Block] = []
    for group in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in group.split("\n") if ln.strip()]
        if not lines:
            continue
        if _hard_wrapped(lines):
            blocks.append(Block(" ".join(lines)))
        else:
            blocks.extend(Block(ln) for ln in lines)
    return blocks


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a fixed width (e.g. 72 columns) belong to one paragraph."""
    if len(lines) < 3:
        return False
    body = lines[:-1]
    lengths = [len(ln) for ln in body]
    ended = sum(1 for ln in body if re.search(r"[.!?…][\"'”’)]*$", ln))
    return (max(lengths) <= 100 and min(lengths) >= 40 and min(lengths) >= 0.6 * max(lengths)
            and ended * 2 < len(body))


def blocks_from_markdown(text: str) -> list[Block]:
    """Markdown to plain-text blocks: link text kept, URLs/emphasis/images dropped."""
    tokens = MarkdownIt("commonmark").parse(text)
    blocks: list[Block] = []
    kind = "para"
    for tok in tokens:
        if tok.type == "heading_open":
            kind = "heading"
        elif tok.type in ("paragraph_open", "bullet_list_open", "ordered_list_open", "blockquote_open"):
            if kind != "heading":
                kind = "para"
        elif tok.type == "inline":
            parts: list[str] = []
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                # link_open/close, em/strong markers and images contribute no text
            line = re.sub(r"\s+", " ", "".join(parts)).strip()
            if line:
                blocks.append(Block(line, kind))
            kind = "para"
        elif tok.type in ("fence", "code_block"):
            continue  # code is not article prose
    return blocks


def blocks_from_html(html: str) -> tuple[list[Block], str]:
    """Main-content extraction with trafilatura; returns blocks and the page title (may be '')."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "") if meta is not None else ""
    body = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not body:
        return [], title
    return blocks_from_markdown(body), title


def extract_blocks(text: str, fmt: str) -> tuple[list[Block], str]:
    """Dispatch on format; returns (blocks, title found in markup or '')."""
    if fmt == "html":
        return blocks_from_html(text)
    if fmt == "markdown":
        return blocks_from_markdown(text), ""
    return blocks_from_text(text), ""

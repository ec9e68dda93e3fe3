"""Make Quarto's HTML load nothing from the network (run as a Quarto post-render step).

Quarto adds require.js and jQuery from cdnjs to every page whose notebook output contains ``text/html``
(it assumes a JavaScript widget such as plotly might need them). The report's HTML outputs are tables
and an inline SVG that need neither, so the tags are removed. Any other reference to a remote script,
stylesheet, image or frame that remains is an error, so a new network dependency cannot slip in unseen.

Embeds also leave ``data-notebook*`` attributes holding the notebook's absolute path on the build
machine (Quarto reads them only to make notebook previews, which the project turns off); they are
removed so the pages do not depend on where they were built.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from newsframing.errors import NewsframingError, display_path

_WIDGET_TAGS = re.compile(
    r'[ \t]*<script src="https://cdnjs\.cloudflare\.com/ajax/libs/(?:require\.js|jquery)/[^"]*"[^>]*></script>\n?'
    r"|[ \t]*<script type=\"application/javascript\">define\('jquery', \[\],function\(\) \{return window\.jQuery;\}\)</script>\n?")
_NOTEBOOK_ATTRS = re.compile(r' data-notebook(?:-title|-cellid)?="[^"]*"')
_REMOTE = re.compile(r"<(script|img|iframe|source|video|audio)\b[^>]*?\bsrc=[\"']((?:https?:)?//[^\"']+)"
                     r"|<link\b(?=[^>]*\brel=[\"'](?:stylesheet|preload|modulepreload|icon)[\"'])[^>]*?\bhref=[\"']((?:https?:)?//[^\"']+)"
                     r"|@import\s+url\([\"']?((?:https?:)?//[^\"')]+)", re.I)


def remote_references(html: str) -> list[str]:
    """URLs that a browser would fetch from the network when opening ``html``."""
    return [next(g for g in m.groups()[1:] if g) for m in _REMOTE.finditer(html)]


def make_offline(site: Path) -> int:
    """Strip the CDN widget tags and build-path attributes from every page under ``site`` (rewritten
    atomically); return how many pages changed. Raises when a page still references the network."""
    changed = 0
    for page in sorted(Path(site).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        clean = _NOTEBOOK_ATTRS.sub("", _WIDGET_TAGS.sub("", html))
        remote = remote_references(clean)
        if remote:
            raise NewsframingError(page, f"page loads {remote[0]} from the network (the report must work offline)")
        if clean != html:
            tmp = page.with_name(page.name + ".tmp")
            tmp.write_text(clean, encoding="utf-8")
            tmp.replace(page)
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0] if args else os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_site"))
    try:
        make_offline(site)
    except NewsframingError as exc:
        print(f"newsframing: error: {exc}", file=sys.stderr)
        return 2
    print(f"offline check: no page under {display_path(site)} loads anything from the network")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Read and validate a corpus manifest (CSV: file, outlet required; title, author, published, url).

Every problem is reported as one line naming the manifest or the file, before any text is processed,
so a bad corpus fails fast and writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from newsframing.errors import NewsframingError

REQUIRED = ("file", "outlet")
OPTIONAL = ("title", "author", "published", "url")
SUPPORTED_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class ManifestRow:
    row: int  # 1-based data row number (header is row 0), for error messages
    file: str  # as written in the manifest, relative to the manifest's folder
    path: Path  # resolved absolute path
    outlet: str
    title: str = ""
    author: str = ""
    published: str = ""
    url: str = ""

    @property
    def article_id(self) -> str:
        """Stable id from the relative path: folders joined by '-', suffix dropped."""
        rel = Path(self.file)
        return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(rel.with_suffix("").parts)).strip("-")


def read_manifest(manifest: Path) -> list[ManifestRow]:
    """Parse and validate ``manifest``; raise NewsframingError on the first problem found."""
    manifest = Path(manifest)
    if not manifest.is_file():
        raise NewsframingError(manifest, "manifest not found")
    base = manifest.parent.resolve()
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise NewsframingError(manifest, "manifest is not UTF-8 text") from None
    if not text.strip():
        raise NewsframingError(manifest, "manifest is empty")
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise NewsframingError(
            manifest, f"manifest has no {', '.join(repr(c) for c in missing)} column (header: {','.join(header)})"
        )
    rows: list[ManifestRow] = []
    seen: dict[Path, int] = {}
    ids: dict[str, int] = {}
    for n, raw in enumerate(reader, start=1):
        rec = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(rec.values()):
            continue  # blank line
        for col in REQUIRED:
            if not rec.get(col):
                raise NewsframingError(manifest, f"row {n}: empty '{col}'")
        path = (base / rec["file"]).resolve()
        if not path.is_relative_to(base):
            raise NewsframingError(path, f"path is outside the manifest's folder ({rec['file']!r} in row {n})")
        if path in seen:
            raise NewsframingError(path, f"listed twice in the manifest (rows {seen[path]} and {n})")
        seen[path] = n
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise NewsframingError(
                path, f"unsupported file type {path.suffix or '(none)'!r}; use .txt, .md or .html"
            )
        if not path.exists():
            raise NewsframingError(path, f"file not found (row {n} of the manifest)")
        published = rec.get("published", "")
        if published:
            try:
                dt.date.fromisoformat(published[:10])
            except ValueError:
                raise NewsframingError(manifest, f"row {n}: published {published!r} is not an ISO date (YYYY-MM-DD)") from None
        row = ManifestRow(
            row=n, file=rec["file"], path=path, outlet=rec["outlet"],
            **{k: rec.get(k, "") for k in OPTIONAL},
        )
        if row.article_id in ids:
            raise NewsframingError(path, f"article id {row.article_id!r} clashes with row {ids[row.article_id]}; rename one file")
        ids[row.article_id] = n
        rows.append(row)
    if not rows:
        raise NewsframingError(manifest, "manifest lists no files")
    return rows

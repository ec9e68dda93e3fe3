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


@dataclass(frozen=True)
class Rejected:
    """A manifest row that could not be ingested: the file as written and the one-line reason."""

    file: str
    reason: str
    row: int = 0  # data row of the manifest, to list rejections in manifest order


def read_manifest(manifest: Path) -> list[ManifestRow]:
    """Parse and validate ``manifest``; raise NewsframingError on the first problem found."""
    rows, _ = scan_manifest(manifest, on_error="stop")
    return rows


def scan_manifest(manifest: Path, on_error: str = "stop") -> tuple[list[ManifestRow], list[Rejected]]:
    """Parse and validate ``manifest``: the usable rows and, with ``on_error="skip"``, the rejected ones.

    Problems with the manifest itself (missing, not UTF-8, no ``file``/``outlet`` column) always raise
    NewsframingError; a problem with one row raises with ``"stop"`` and is returned with ``"skip"``."""
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
    rejected: list[Rejected] = []
    seen: dict[Path, int] = {}
    ids: dict[str, int] = {}
    for n, raw in enumerate(reader, start=1):
        rec = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(rec.values()):
            continue  # blank line
        try:
            row = _check_row(manifest, base, n, rec, seen, ids)
        except NewsframingError as exc:
            if on_error != "skip":
                raise
            rejected.append(Rejected(rec.get("file") or f"(row {n})", str(exc), n))
            continue
        rows.append(row)
    if not rows and not rejected:
        raise NewsframingError(manifest, "manifest lists no files")
    return rows, rejected


def _check_row(manifest: Path, base: Path, n: int, rec: dict[str, str],
               seen: dict[Path, int], ids: dict[str, int]) -> ManifestRow:
    """One data row as a ManifestRow; records it in ``seen``/``ids`` only when it is usable."""
    for col in REQUIRED:
        if not rec.get(col):
            raise NewsframingError(manifest, f"row {n}: empty '{col}'")
    path = (base / rec["file"]).resolve()
    if not path.is_relative_to(base):
        raise NewsframingError(path, f"path is outside the manifest's folder ({rec['file']!r} in row {n})")
    if path in seen:
        raise NewsframingError(path, f"listed twice in the manifest (rows {seen[path]} and {n})")
    if path.is_dir():
        raise NewsframingError(path, f"is a directory, not a file (row {n} of the manifest)")
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
    seen[path] = n
    ids[row.article_id] = n
    return row

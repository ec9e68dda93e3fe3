"""Read an article file as text: UTF-8 first, cp1252 as a warned fallback, binary refused.

Scraped files arrive in whatever encoding the saving tool used. Windows-1252 (curly quotes as bytes
0x91-0x94) is by far the most common non-UTF-8 case in English news text; anything that is neither is
refused rather than guessed, because a wrong guess silently corrupts every downstream token.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from newsframing.errors import NewsframingError

_BOMS = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or many C0 control bytes other than whitespace, mean this is not a text file."""
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


def decode_bytes(data: bytes, path: Path) -> DecodedText:
    """Decode raw bytes; raise NewsframingError naming ``path`` when they are not usable text."""
    if not data.strip():
        raise NewsframingError(path, "file is empty")
    for bom, enc in _BOMS.items():
        if data.startswith(bom):
            return _finish(data.decode(enc), enc, [])
    if _looks_binary(data):
        raise NewsframingError(path, "file is binary (contains NUL or control bytes), not text")
    try:
        return _finish(data.decode("utf-8-sig"), "utf-8", [])
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise NewsframingError(
            path,
            f"cannot decode text: not UTF-8 (bad byte at offset {first_bad}) "
            f"and not cp1252 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
        ) from None
    warning = f"not valid UTF-8 (bad byte at offset {first_bad}); decoded as cp1252"
    return _finish(text, "cp1252", [warning])


def _finish(text: str, encoding: str, warnings: list[str]) -> DecodedText:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return DecodedText(text=text, encoding=encoding, warnings=warnings)


def read_text(path: Path) -> DecodedText:
    """Read ``path`` (never modified) and decode it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NewsframingError(path, "file not found") from None
    except IsADirectoryError:
        raise NewsframingError(path, "is a directory, not a file") from None
    except PermissionError:
        raise NewsframingError(path, "permission denied") from None
    return decode_bytes(data, path)

from pathlib import Path

import pytest

from newsframing.errors import NewsframingError
from newsframing.ingest.read import decode_bytes, read_text

P = Path("some/file.txt")


def test_utf8_is_decoded_without_warning():
    d = decode_bytes("Café “quotes” — dash".encode("utf-8"), P)
    assert d.text == "Café “quotes” — dash" and d.encoding == "utf-8" and d.warnings == []


def test_utf8_bom_and_crlf_are_normalised():
    d = decode_bytes(b"\xef\xbb\xbfLine one.\r\nLine two.\r\n", P)
    assert d.text == "Line one.\nLine two.\n"


def test_cp1252_curly_quotes_decode_with_a_warning():
    d = decode_bytes("He said \u201cno\u201d \u2014 twice.".encode("cp1252"), P)
    assert d.text == "He said \u201cno\u201d \u2014 twice."
    assert d.encoding == "cp1252"
    assert d.warnings and "cp1252" in d.warnings[0]


def test_utf16_with_bom_is_text_not_binary():
    d = decode_bytes("Hello there.".encode("utf-16"), P)
    assert d.text == "Hello there."


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"plain \x81\x8d text \xff\xfe\x90 here", "cannot decode"),
    ],
)
def test_unusable_bytes_raise_an_error_naming_the_file(data, problem):
    with pytest.raises(NewsframingError) as exc:
        decode_bytes(data, P)
    assert problem in str(exc.value) and "file.txt" in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(NewsframingError, match="file not found"):
        read_text(tmp_path / "nope.txt")

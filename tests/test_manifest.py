import pytest

from newsframing.errors import NewsframingError
from newsframing.ingest.manifest import read_manifest

from conftest import GOOD_ARTICLE


def test_reads_optional_columns_and_ids(make_corpus):
    m = make_corpus({"a/one.txt": GOOD_ARTICLE},
                    "file,outlet,title,author,published,url\na/one.txt,Wire,T,A,2024-03-25,http://x\n")
    (row,) = read_manifest(m)
    assert (row.outlet, row.title, row.author, row.published, row.url) == ("Wire", "T", "A", "2024-03-25", "http://x")
    assert row.article_id == "a-one"


@pytest.mark.parametrize(
    "manifest, message",
    [
        ("outlet\nWire\n", "no 'file' column"),
        ("file\none.txt\n", "no 'outlet' column"),
        ("file,outlet\none.txt,Wire\none.txt,Wire\n", "listed twice"),
        ("file,outlet\n../outside.txt,Wire\n", "outside the manifest's folder"),
        ("file,outlet\nmissing.txt,Wire\n", "file not found"),
        ("file,outlet\none.txt,\n", "empty 'outlet'"),
        ("file,outlet,published\none.txt,Wire,March 2024\n", "not an ISO date"),
        ("file,outlet\none.pdf,Wire\n", "unsupported file type"),
        ("", "manifest is empty"),
        ("file,outlet\n", "lists no files"),
    ],
)
def test_bad_manifests_are_refused_with_a_clear_message(make_corpus, manifest, message):
    m = make_corpus({"one.txt": GOOD_ARTICLE, "one.pdf": GOOD_ARTICLE}, manifest)
    (m.parent.parent / "outside.txt").write_text(GOOD_ARTICLE)
    with pytest.raises(NewsframingError, match=message):
        read_manifest(m)

"""ingest hands files to the mapper largest first (for load balance) but uses the results in manifest
order: same tables, same first error with --on-error stop."""

from __future__ import annotations

import pytest

from conftest import GOOD_ARTICLE
from newsframing.errors import NewsframingError
from newsframing.ingest.corpus import build_corpus, in_input_order, largest_first
from newsframing.ingest.manifest import ManifestRow, scan_manifest


def test_in_input_order_restores_the_order_as_soon_as_it_can():
    arrived = iter([(2, "c"), (0, "a"), (3, "d"), (1, "b")])
    out = in_input_order(arrived)
    assert next(out) == "a"  # available after the second arrival, before the rest is read
    assert next(arrived) == (3, "d")
    assert list(out) == ["b", "c"]  # (3, "d") was taken from the iterator above, so the rest ends at 2


def test_in_input_order_complains_about_a_gap():
    with pytest.raises(ValueError):
        list(in_input_order([(0, "a"), (2, "c")]))


def test_largest_first_keeps_manifest_order_for_ties_and_puts_missing_files_last(make_corpus):
    m = make_corpus({"small.txt": "x" * 10, "gone.txt": "x" * 5000, "big.txt": "x" * 1000, "tie.txt": "y" * 10,
                     "mid.txt": "x" * 100}, "file,outlet\nsmall.txt,A\ngone.txt,B\nbig.txt,C\ntie.txt,D\nmid.txt,E\n")
    rows, _ = scan_manifest(m, on_error="skip")
    (m.parent / "gone.txt").unlink()  # vanished after the scan: its error comes when it is parsed
    assert [rows[i].file for i in largest_first(rows)] == ["big.txt", "mid.txt", "small.txt", "tie.txt", "gone.txt"]


def _recording_map(seen: list[str]):
    """``map``, noting the files handed to it in order (it is also given the texts to MinHash)."""
    def mapper(func, items):
        items = list(items)
        seen.extend(r.file for r in items if isinstance(r, ManifestRow))
        return map(func, items)
    return mapper


OTHER = ("A regional newspaper said on Tuesday that it would stop using automated summaries of council meetings. "
         "Editors found that the summaries missed the votes readers cared about most.\n")


def test_files_go_largest_first_and_tables_stay_in_manifest_order(make_corpus):
    m = make_corpus({"short.txt": OTHER, "long.txt": GOOD_ARTICLE * 3}, "file,outlet\nshort.txt,A\nlong.txt,B\n")
    seen: list[str] = []
    c = build_corpus(m, mapper=_recording_map(seen))
    assert seen == ["long.txt", "short.txt"]
    assert list(c.articles.file) == ["short.txt", "long.txt"]
    assert list(c.sentences.outlet.drop_duplicates()) == ["A", "B"]


def test_stop_reports_the_first_bad_file_of_the_manifest_even_if_a_later_one_fails_first(make_corpus):
    # nav.txt is larger than empty.txt, so it is parsed (and rejected) first; the error is still empty.txt's
    m = make_corpus({"ok.txt": GOOD_ARTICLE, "empty.txt": "", "nav.txt": "Home\nSubscribe\nAdvertisement\n"},
                    "file,outlet\nok.txt,A\nempty.txt,B\nnav.txt,C\n")
    seen: list[str] = []
    with pytest.raises(NewsframingError, match="empty.txt: file is empty"):
        build_corpus(m, mapper=_recording_map(seen))
    assert seen.index("nav.txt") < seen.index("empty.txt")


def test_cli_and_parsing_code_load_without_pandas_or_datasketch():
    """--help answers without loading pandas, and the per-file code (what pool workers fork with) does
    not need pandas or datasketch/scipy: those are imported while the first files are parsed."""
    import subprocess
    import sys

    code = ("import sys, newsframing.cli, newsframing.ingest, newsframing.ingest.corpus as c; "
            "print(sorted(m for m in ('pandas', 'datasketch', 'scipy') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"

"""Raw data is never modified: every file matches the sha256 in the sources register."""

import hashlib

import pandas as pd

from newsframing import paths


def test_raw_files_match_sources_register():
    reg = pd.read_csv(paths.RAW / "sources.csv")
    assert len(reg) == 5
    for row in reg.itertuples():
        digest = hashlib.sha256((paths.RAW / row.file).read_bytes()).hexdigest()
        assert digest == row.sha256, f"{row.file} changed"
    readme = (paths.RAW / "README.md").read_text(encoding="utf-8")
    for digest in reg.sha256:
        assert digest in readme


def test_manifest_lists_every_registered_file():
    reg = pd.read_csv(paths.RAW / "sources.csv")
    man = pd.read_csv(paths.MANIFEST)
    assert list(man.file) == list(reg.file)

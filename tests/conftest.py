"""Shared fixtures: paths to the seed corpus and a builder for small corpora of bad input."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from newsframing import paths

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed_manifest() -> Path:
    return paths.MANIFEST


@pytest.fixture(scope="session")
def seed_corpus():
    """The seed corpus ingested once per session (in memory; nothing written)."""
    from newsframing.ingest.corpus import build_corpus

    return build_corpus(paths.MANIFEST)


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Write files (name -> str|bytes) and a manifest into tmp_path/corpus; return the manifest path."""

    def _make(files: dict[str, str | bytes], manifest: str | None = None) -> Path:
        root = tmp_path / "corpus"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            p = root / name
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(content, encoding="utf-8")
        if manifest is None:
            manifest = "file,outlet\n" + "".join(f"{n},Outlet {i}\n" for i, n in enumerate(files))
        m = root / "manifest.csv"
        m.write_text(manifest, encoding="utf-8")
        return m

    return _make


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run ``python -m newsframing`` as a user would, capturing output."""
    return subprocess.run([sys.executable, "-m", "newsframing", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


GOOD_ARTICLE = (
    "Studio unions said on Monday that they would negotiate limits on synthetic performers.\n"
    "The talks follow a year in which several productions tested generative video tools.\n"
)

"""Every project path in one place, so notebooks, CLI and tests agree on where things live."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    """The repository root: the folder holding pyproject.toml above this file (editable install),
    else the current directory (a plain install used from inside a checkout)."""
    env = os.environ.get("NEWSFRAMING_ROOT")
    if env:
        return Path(env).resolve()
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data").is_dir():
            return parent
    return Path.cwd().resolve()


ROOT = _find_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
LEXICONS = DATA / "lexicons"
ANNOTATIONS = DATA / "annotations"
MANIFEST = RAW / "manifest.csv"
NOTEBOOKS = ROOT / "notebooks"
REPORT = ROOT / "report"
MODELS = ROOT / "models"
VALIDATION = DATA / "validation"
OUTSIDE = DATA / "outside"  # the outside check: coded real text never used in training

"""User-facing errors: one line naming the file and the problem, no traceback (the CLI prints them)."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # different drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


class NewsframingError(Exception):
    """Bad input or a failed precondition the user can fix. ``str()`` is the whole message."""

    def __init__(self, path: Path | str | None, problem: str) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        where = f"{display_path(self.path)}: " if self.path is not None else ""
        super().__init__(f"{where}{problem}")

"""Write outputs so a failed run leaves nothing half-written.

Everything a command produces is first written into a temporary folder beside the destination (same
filesystem, so the final ``os.replace`` is atomic per file); only when all files are complete are they
moved into place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only in annotations: writing a table needs no import of pandas here
    import pandas as pd

FLOAT_FORMAT = "%.4f"


@contextmanager
def staged_outputs(out_dir: Path) -> Iterator[Path]:
    """Yield a temporary folder; on success move every file in it into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-tmp-", dir=out_dir.parent))
    try:
        yield tmp
        out_dir.mkdir(parents=True, exist_ok=True)
        for item in sorted(tmp.rglob("*")):
            if item.is_file():
                dest = out_dir / item.relative_to(tmp)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(item, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Deterministic CSV: fixed float format, ``\\n`` line ends, no index."""
    df.to_csv(path, index=False, lineterminator="\n", float_format=FLOAT_FORMAT)


def default_mode() -> int:
    """The mode ``open()`` gives a new file (0666 less the umask: 0644 usually). Temporary files are
    created 0600; outputs get this mode so colleagues and web servers can read them like any table."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` (with :func:`default_mode`),
    on failure it is removed and ``path`` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv_atomic(df: pd.DataFrame, path: Path) -> None:
    """Write one CSV atomically (temp file in the same folder, then rename)."""
    with atomic_file(path) as tmp:
        write_csv(df, tmp)

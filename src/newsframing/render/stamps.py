"""Skip build steps whose inputs and outputs are unchanged (content hashes, not timestamps).

A step is *fresh* when the stamp file records the same input key (a sha256 over the contents of
everything the step reads, plus the parameters) and the same digest of its outputs as they are now. A
step is stamped only after it succeeded, so an interrupted or failed step runs again next time.
Deleting the stamp file (``make clean`` removes ``_build/``) or ``newsframing report --force`` runs
every step.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from newsframing import paths

_SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}


def _files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and not (_SKIP_NAMES & set(p.relative_to(path).parts))
                  and not p.name.endswith(".tmp") and "-tmp-" not in p.name)


def digest(*parts: object) -> str:
    """sha256 over strings, bytes and files/folders (by relative name and content); a missing path
    counts as such, so creating it changes the digest."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            files = _files(part)
            h.update(f"path {part.name} {len(files)} exists={part.exists()}\n".encode())
            for f in files:
                h.update(f"{f.relative_to(part) if f != part else f.name}\n".encode())
                h.update(hashlib.sha256(f.read_bytes()).digest())
        elif isinstance(part, bytes):
            h.update(b"bytes %d\n" % len(part) + part)
        else:
            s = json.dumps(part, sort_keys=True, default=str)
            h.update(f"json {len(s)}\n{s}".encode())
    return h.hexdigest()


def environment_digest() -> str:
    """Everything besides the corpus that can change an analysis result: the package source, lexicons,
    hand codes, the trained model, the pinned dependencies and the Python version."""
    from newsframing.measure.frames import default_model_file

    src = Path(__file__).resolve().parents[1]  # src/newsframing
    return digest(sys.version, src, paths.LEXICONS, paths.ANNOTATIONS, paths.MODELS, paths.VALIDATION,
                  str(default_model_file().name), paths.ROOT / "requirements.lock", paths.ROOT / "pyproject.toml")


def corpus_digest(manifest: Path) -> str | None:
    """The manifest and every file it lists; None when the manifest cannot be read (the step then runs
    and reports the problem)."""
    manifest = Path(manifest)
    try:
        with open(manifest, newline="", encoding="utf-8-sig") as fh:
            files = [row["file"] for row in csv.DictReader(fh)]
        listed = [manifest.parent / f for f in files]
        if not all(p.is_file() for p in listed):
            return None
        return digest(manifest, files, *listed)
    except (OSError, KeyError, UnicodeDecodeError, csv.Error, TypeError):
        return None


def notebook_inputs(nb_path: Path) -> str:
    """A notebook's sources without its outputs: what executing it depends on."""
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    cells = [(c.get("cell_type"), c.get("source"), c.get("metadata", {}).get("tags", [])) for c in nb.get("cells", [])]
    return digest(cells, nb.get("metadata", {}).get("kernelspec"))


class Stamps:
    """Input keys and output digests of the build steps, in one JSON file."""

    def __init__(self, file: Path, force: bool = False) -> None:
        self.file = Path(file)
        self.force = force
        try:
            self.data: dict[str, dict[str, str]] = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def fresh(self, step: str, key: str | None, outputs: Iterable[Path]) -> bool:
        rec = self.data.get(step)
        return (not self.force and key is not None and rec is not None and rec.get("key") == key
                and rec.get("outputs") == digest(*outputs))

    def record(self, step: str, key: str | None, outputs: Iterable[Path]) -> None:
        if key is None:
            self.data.pop(step, None)
        else:
            self.data[step] = {"key": key, "outputs": digest(*outputs)}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(self.file.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(self.file)

    def forget(self, step: str) -> None:
        if step in self.data:
            self.record(step, None, [])

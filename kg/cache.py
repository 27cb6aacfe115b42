"""The extraction cache: what each input file gave, kept inside the output folder for the next build.

An entry is one file's extraction (its Page, Records and Rejects, pickled), stored under a key
that names everything the extraction depends on: the file's name and decoded text, kg's version
and a hash of kg's own source files (a code change invalidates every entry), the `--as-of` date
(yearless dates depend on it) and, for formats that read with the names other pages print
(compact lists), a hash of that set of names. The folder itself is the index: an entry is a file
named by its key, so a changed input simply has a new key, and entries no build asked for are
removed at the end (a removed or changed input leaves nothing behind).

Entries are pickles: the cache is trusted as the rest of the output folder is (kg wrote it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import kg
from kg.read import Text

FOLDER = ".kg-cache"  # inside --out; hidden, so find_inputs never reads it as an input
LAYOUT = "extract-v2"  # changes when the entry format does (v2: records as tuples of their fields)


@cache
def code_hash() -> str:
    """A hash of kg's own files (sources and data), so an edited reader never serves stale entries."""
    root = Path(kg.__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or "__pycache__" in rel.parts or path.suffix in (".pyc", ".pyo"):
            continue
        h.update(rel.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def environment(as_of: dt.date) -> str:
    """What every entry of one build shares: layout, kg's version and code, the reference date."""
    return hashlib.sha256(f"{LAYOUT}\0{kg.__version__}\0{code_hash()}\0{as_of.isoformat()}".encode()).hexdigest()


def text_hash(text: Text) -> str:
    """The content a reader sees: the decoded lines and the read's notes (BOM, line ends)."""
    h = hashlib.blake2b(digest_size=20)
    h.update("\n".join(text.lines).encode("utf-8", "surrogatepass"))
    h.update(b"\0" + "\n".join(text.notes).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def names_hash(names: Iterable[str]) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update("\n".join(sorted(names)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def key(env: str, source: str, content: str, names: str = "") -> str:
    """One entry's key; `names` is empty for formats that read a file on its own."""
    raw = f"{env}\0{source}\0{content}\0{names}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


@dataclass
class Cache:
    """One build's view of the cache folder: entries are read and written by key; `used` keeps
    every key this build asked for, so `prune` can drop the rest."""

    folder: Path
    used: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0

    def path(self, k: str) -> Path:
        return self.folder / f"{k}.pickle"

    def get(self, k: str) -> bytes | None:
        try:
            return self.path(k).read_bytes()
        except OSError:
            return None

    def put(self, k: str, blob: bytes) -> None:
        """Written beside and renamed into place: a build killed half-way leaves no half entry."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, self.path(k))
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self) -> int:
        """Removes entries this build did not use (inputs removed or changed, older code); returns how many."""
        removed = 0
        try:
            names = os.listdir(self.folder)
        except OSError:
            return 0
        for name in names:
            stem = name.removesuffix(".pickle")
            if stem != name and stem in self.used:
                continue
            try:
                os.remove(self.folder / name)
                removed += 1
            except OSError:
                pass
        return removed


def seed(previous: Path, staged: Path) -> None:
    """The previous build's entries linked into a staged build's cache folder: the new build
    reads them and writes beside them without touching `previous` (entries are replaced by
    rename, never written in place), so an interrupted build leaves the old cache as it was."""
    try:
        names = sorted(os.listdir(previous))
    except OSError:
        return  # no previous cache
    staged.mkdir(parents=True, exist_ok=True)
    for name in names:
        if name.endswith(".pickle"):
            try:
                os.link(previous / name, staged / name)
            except OSError:
                shutil.copy2(previous / name, staged / name)  # another file system: a copy

"""What an earlier run wrote, so a re-run can keep files whose inputs are
unchanged instead of encoding them again.

The manifest maps each file name this export wrote to a digest of
everything that determines its content (text, voice settings, pauses, gain,
format, tags), and the file's size and modification time when written. It
is rewritten atomically after every file, so an interrupted run still lets
the next one reuse what was finished.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from reader.fileio import write_text_atomic

MANIFEST_NAME = ".reader-export.json"


def digest(payload: Any) -> str:
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One file this export wrote: the digest of its inputs, and its size and
    modification time when written (so a file damaged or replaced since is
    not kept)."""

    digest: str
    size: int
    mtime_ns: int


class Manifest:
    """File name → what it was written from, persisted in the output folder."""

    VERSION = 2

    def __init__(self, directory: Path) -> None:
        self.path = directory / MANIFEST_NAME
        self._lock = threading.Lock()
        self.previous: dict[str, Entry] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == self.VERSION:
                self.previous = {str(k): Entry(**v) for k, v in data.get("files", {}).items()}
        except (OSError, ValueError, AttributeError, TypeError):
            self.previous = {}  # unreadable or older: everything is written again
        self.current: dict[str, Entry] = {}

    def unchanged(self, name: str, content_digest: str) -> bool:
        """True when ``name`` was written from the same inputs and is still
        the file that was written then; it then counts as written by this
        run too."""
        entry = self.previous.get(name)
        if entry is None or entry.digest != content_digest:
            return False
        try:
            info = (self.path.parent / name).stat()
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (entry.size, entry.mtime_ns):
            return False
        with self._lock:
            self.current[name] = entry
        return True

    def record(self, name: str, content_digest: str) -> None:
        """``name`` (already in place) was written from inputs with this digest."""
        info = (self.path.parent / name).stat()
        with self._lock:
            self.current[name] = Entry(content_digest, info.st_size, info.st_mtime_ns)
            self._save({**self.previous, **self.current})

    def stale(self) -> list[str]:
        """Names an earlier run wrote that this run did not."""
        return sorted(set(self.previous) - set(self.current))

    def remove_stale(self) -> None:
        """Delete the files an earlier run wrote and this one did not, and
        forget them."""
        _delete(self.path.parent, self.stale())
        with self._lock:
            self.previous = dict(self.current)
            self._save(self.current)

    def _save(self, files: dict[str, Entry]) -> None:
        payload = {"version": self.VERSION, "files": {name: dataclasses.asdict(e) for name, e in files.items()}}
        write_text_atomic(self.path, json.dumps(payload, indent=1) + "\n")


def remove_written_files(directory: Path) -> None:
    """Delete every file an export into ``directory`` wrote (as its
    manifest lists them), then the manifest; anything else stays."""
    manifest = Manifest(directory)
    _delete(directory, manifest.previous)
    manifest.path.unlink(missing_ok=True)


def _delete(directory: Path, names: Iterable[str]) -> None:
    """Delete the named files of ``directory`` (never anything outside it)."""
    for name in names:
        path = directory / name
        if path.parent == directory and path.is_file():
            path.unlink()

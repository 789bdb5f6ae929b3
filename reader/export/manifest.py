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
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from reader.fileio import parse_json, write_text_atomic

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
        self.previous_gain: float | None = None
        """The gain the earlier run encoded with (see :func:`reader.export.gain.steady_gain`)."""
        try:
            data = parse_json(self.path.read_text(encoding="utf-8"))
            if data.get("version") == self.VERSION:
                self.previous = {str(k): Entry(**v) for k, v in data.get("files", {}).items()}
                gain = data.get("gain")
                self.previous_gain = float(gain) if isinstance(gain, (int, float)) and gain > 0 else None
        except (OSError, ValueError, AttributeError, TypeError):
            self.previous = {}  # unreadable or older: everything is written again
        self.current: dict[str, Entry] = {}
        self.gain: float | None = None
        """The gain this run encodes with, saved with the files."""

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

    def remove_stale(self, delete: bool = True) -> Removal:
        """Delete the files an earlier run wrote and this one did not, and forget them.

        A file changed since it was written is the user's now: it is spared
        and forgotten. ``delete=False`` (a partial export): nothing is
        deleted and the other files stay recorded, for a later full export.
        """
        stale = {name: self.previous[name] for name in self.stale()}
        removal = _delete(self.path.parent, stale) if delete else Removal([], [])
        with self._lock:
            kept = {} if delete else stale
            self.previous = {**kept, **self.current}
            self._save(self.previous)
        return removal

    def _save(self, files: dict[str, Entry]) -> None:
        payload: dict[str, Any] = {
            "version": self.VERSION,
            "files": {name: dataclasses.asdict(e) for name, e in files.items()},
        }
        gain = self.gain if self.gain is not None else self.previous_gain
        if gain is not None:
            payload["gain"] = gain
        write_text_atomic(self.path, json.dumps(payload, indent=1) + "\n")


@dataclass(frozen=True)
class Removal:
    """What removing an earlier export's files did."""

    removed: list[str]
    spared: list[str]
    """Files changed since the export wrote them (or no longer regular files): left alone."""


def remove_written_files(directory: Path) -> Removal:
    """Delete every file an export into ``directory`` wrote (as its
    manifest lists them, unchanged since), then the manifest; anything else stays.
    A folder that is a symbolic link is never entered."""
    if directory.is_symlink() or not directory.is_dir():
        return Removal([], [])
    manifest = Manifest(directory)
    removal = _delete(directory, manifest.previous)
    manifest.path.unlink(missing_ok=True)
    return removal


def _delete(directory: Path, entries: Mapping[str, Entry]) -> Removal:
    """Delete the listed files of ``directory``: only regular files (never a
    symbolic link, never outside the folder) whose size and modification time
    are still those recorded when they were written."""
    removed: list[str] = []
    spared: list[str] = []
    for name, entry in sorted(entries.items()):
        path = directory / name
        if path.parent != directory or name in ("", ".", ".."):
            continue
        try:
            info = os.lstat(path)
        except OSError:
            continue  # already gone
        if stat.S_ISREG(info.st_mode) and (info.st_size, info.st_mtime_ns) == (entry.size, entry.mtime_ns):
            path.unlink()
            removed.append(name)
        else:
            spared.append(name)
    return Removal(removed, spared)

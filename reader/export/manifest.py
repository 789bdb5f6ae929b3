"""What an earlier run wrote, so a re-run can keep files whose inputs are
unchanged instead of encoding them again.

The manifest maps each file name this export wrote to a digest of
everything that determines its content (text, voice settings, pauses, gain,
format, tags). It is rewritten atomically after every file, so an
interrupted run still lets the next one reuse what was finished.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from reader.fileio import write_text_atomic

MANIFEST_NAME = ".reader-export.json"


def digest(payload: Any) -> str:
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


class Manifest:
    """File name → content digest, persisted in the output folder."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / MANIFEST_NAME
        self._lock = threading.Lock()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.previous: dict[str, str] = {str(k): str(v) for k, v in data.get("files", {}).items()}
        except (OSError, ValueError, AttributeError):
            self.previous = {}
        self.current: dict[str, str] = {}

    def unchanged(self, name: str, content_digest: str) -> bool:
        """True when ``name`` exists and was written from the same inputs;
        the file then counts as written by this run too."""
        if self.previous.get(name) == content_digest and (self.path.parent / name).is_file():
            with self._lock:
                self.current[name] = content_digest
            return True
        return False

    def record(self, name: str, content_digest: str) -> None:
        with self._lock:
            self.current[name] = content_digest
            merged = {**self.previous, **self.current}
            write_text_atomic(self.path, json.dumps({"version": 1, "files": merged}, indent=1) + "\n")

    def stale(self) -> list[str]:
        """Names an earlier run wrote that this run did not."""
        return sorted(set(self.previous) - set(self.current))

    def forget_stale(self) -> None:
        with self._lock:
            self.previous = dict(self.current)
            write_text_atomic(self.path, json.dumps({"version": 1, "files": self.current}, indent=1) + "\n")

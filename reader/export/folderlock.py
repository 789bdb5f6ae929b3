"""One export at a time per output folder.

Two exports into one folder would race: each removes the other's leftovers
and working folders at start-up. An export holds an exclusive advisory lock
on ``DIR/.reader-export.lock`` for its whole run; a second one is refused at
once with a clear message (it does not wait: a listener at the terminal
would not know what it waits for). The lock goes with the process, so a
killed export never leaves the folder locked; a finished or failed export
removes the lock file (the folder keeps only the export's own files).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

from reader.errors import ReaderError

LOCK_NAME = ".reader-export.lock"


@contextlib.contextmanager
def folder_lock(directory: Path) -> Iterator[None]:
    """Hold the folder's export lock, or raise :class:`ReaderError` when another export holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks here, exports are not serialised
        yield
        return
    fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReaderError(
                f"another export is writing into {directory}: wait for it to finish or choose another folder with -o"
            ) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(directory / LOCK_NAME)  # still ours: nobody else could take it
    finally:
        os.close(fd)  # closing releases the lock


__all__ = ["LOCK_NAME", "folder_lock"]

"""Atomic file writes: a crash or Ctrl-C never leaves a truncated file
under its final name."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable, Iterator


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextlib.contextmanager
def atomic_path(target: Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on
    success, delete it on failure.

    The temporary name keeps the target's extension (tools such as ffmpeg pick
    the container from it) and starts with ``.`` so it is hidden.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=suffix if suffix is not None else target.suffix, dir=target.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp creates the file 0600; a finished output should have the
    # permissions any new file gets (e.g. 0644), so others can read exports.
    os.chmod(tmp_path, 0o666 & ~_UMASK)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if exc.filename is not None and Path(exc.filename) == tmp_path:
            # the user asked for target; the hidden temporary name would only confuse
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


@contextlib.contextmanager
def atomic_open(target: Path, mode: str = "w", encoding: str | None = "utf-8", fsync: bool = True) -> Iterator[IO]:
    """Open a temporary file for writing; it replaces ``target`` on success.

    ``fsync=False`` skips flushing to disk (for caches, where losing a file on
    power loss only costs time)."""
    if "b" in mode:
        encoding = None
    with atomic_path(target) as tmp:
        with open(tmp, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())


def remove_leftovers(directory: Path, names: Iterable[str]) -> list[Path]:
    """Delete temporary files that :func:`atomic_path` left in ``directory``
    for the given final ``names`` when a process was killed before it could
    clean up (SIGKILL, power loss). Only names of that exact shape are
    touched (``.<stem>.<8 random characters><suffix>``); return them."""
    removed = []
    for name in names:
        final = Path(name)
        pattern = re.compile(rf"\.{re.escape(final.stem)}\.[a-z0-9_]{{8}}{re.escape(final.suffix)}")
        for candidate in Path(directory).glob(f".{glob.escape(final.stem)}.*{glob.escape(final.suffix)}"):
            if pattern.fullmatch(candidate.name) and candidate.is_file():
                with contextlib.suppress(OSError):
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def write_text_atomic(target: Path, text: str) -> None:
    with atomic_open(target, "w") as fh:
        fh.write(text)


def write_bytes_atomic(target: Path, data: bytes, fsync: bool = True) -> None:
    with atomic_open(target, "wb", fsync=fsync) as fh:
        fh.write(data)


def parse_json(text: str) -> Any:
    """:func:`json.loads`, with JSON nested deeper than the parser can follow
    (``[[[[…`` 100,000 deep) reported as ``ValueError`` like any other broken
    JSON, so a corrupted state file is set aside instead of crashing."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None

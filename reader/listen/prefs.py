"""What ``reader listen`` remembers for the user: ``<config dir>/listen.toml``.

``output`` is the output mode last chosen with ``--output`` (see
:data:`reader.listen.console.OutputMode`) and ``rate`` the speed last set with
``+``/``-`` or ``--rate``, so a screen-reader user chooses once. The file is
the user's: a broken one is an error naming it, never silently replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from reader.listen.console import OUTPUT_MODES, OutputMode, output_mode
from reader.errors import ReaderError
from reader.fileio import write_text_atomic
from reader.paths import config_dir
from reader.tomlfile import read_toml

PREFS_FILE: Final = "listen.toml"


@dataclass(frozen=True)
class ListenPrefs:
    """The remembered choices; ``None`` where nothing was chosen yet."""

    output: OutputMode | None = None
    rate: int | None = None


def prefs_path() -> Path:
    return config_dir() / PREFS_FILE


def load_prefs(path: Path | None = None) -> ListenPrefs:
    """The remembered choices (none when the file does not exist)."""
    path = path or prefs_path()
    if not path.exists():
        return ListenPrefs()
    data = read_toml(path, "listen settings file")
    output, rate = data.get("output"), data.get("rate")
    mode = output_mode(output) if isinstance(output, str) else None
    if output is not None and mode is None:
        raise ReaderError(
            f"listen settings file {path}: output must be one of {', '.join(OUTPUT_MODES)}, not {output!r}"
        )
    if rate is not None and (type(rate) is not int or rate <= 0):
        raise ReaderError(f"listen settings file {path}: rate must be a whole number of words per minute")
    return ListenPrefs(output=mode, rate=rate)


def save_prefs(prefs: ListenPrefs, path: Path | None = None) -> None:
    """Write the choices (atomically); keys left ``None`` are left out."""
    lines = ["# reader listen remembers these; edit or delete freely"]
    if prefs.output is not None:
        lines.append(f'output = "{prefs.output}"')
    if prefs.rate is not None:
        lines.append(f"rate = {int(prefs.rate)}")
    write_text_atomic(path or prefs_path(), "\n".join(lines) + "\n")


__all__ = ["PREFS_FILE", "ListenPrefs", "load_prefs", "prefs_path", "save_prefs"]

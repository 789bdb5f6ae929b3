"""Files the project ships: voice presets (``voices/``) and sample articles
(``content/``).

In a wheel they are installed as the data packages ``reader.voices`` and
``reader.content`` (see ``pyproject.toml``); in a source checkout or an
editable install they are the top-level folders beside ``reader/``.
"""

from __future__ import annotations

import importlib.resources
import shlex
from pathlib import Path
from typing import Final

DEFAULT_ARTICLE: Final = "how-sleep-shapes-memory.md"
"""The bundled article that commands read when no SOURCE is given."""

_REPO_ROOT: Final = Path(__file__).resolve().parent.parent


def _shipped_dir(package: str, folder: str) -> Path:
    local = _REPO_ROOT / folder
    if local.is_dir():
        return local
    try:
        return Path(str(importlib.resources.files(package)))
    except ModuleNotFoundError:  # pragma: no cover - broken install
        return local


def voices_dir() -> Path:
    """Folder holding the built-in voice presets (``*.toml``)."""
    return _shipped_dir("reader.voices", "voices")


def content_dir() -> Path:
    """Folder holding the bundled sample articles."""
    return _shipped_dir("reader.content", "content")


def default_article() -> Path:
    """Path of the bundled default article."""
    return content_dir() / DEFAULT_ARTICLE


def suggested_command(command: str, source: str) -> str:
    """``'reader COMMAND SOURCE'`` for messages: no SOURCE for the bundled
    article (it is the default), a placeholder for stdin or an unknown one."""
    if source == str(default_article()):
        return f"'reader {command}'"
    where = shlex.quote(source) if source not in ("", "-") else "SOURCE"
    return f"'reader {command} {where}'"

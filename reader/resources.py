"""Files the project ships: voice presets (``voices/``) and sample articles
(``content/``).

They are the data packages ``reader.voices`` and ``reader.content`` (see
``pyproject.toml``), found through the import system in every install mode:
in a wheel they live in ``site-packages/reader/``, in an editable install
they are the top-level folders beside ``reader/``.
"""

from __future__ import annotations

import importlib.util
import shlex
from pathlib import Path
from typing import Final

DEFAULT_ARTICLE: Final = "how-sleep-shapes-memory.md"
"""The bundled article that commands read when no SOURCE is given."""

_REPO_ROOT: Final = Path(__file__).resolve().parent.parent


def _shipped_dir(package: str, folder: str) -> Path:
    """Where the data package is installed (a wheel's ``reader/content``, or
    the source folder an editable install maps it to).

    The data packages have no ``__init__.py``, so they are namespace packages
    and ``importlib.resources.files`` hands back a ``MultiplexedPath``, not a
    path; the import system's search location is the folder itself.
    """
    try:
        spec = importlib.util.find_spec(package)
    except ModuleNotFoundError:  # pragma: no cover - broken install
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if locations else _REPO_ROOT / folder


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

"""User directories (config, cache, state, data).

Each can be overridden by an environment variable so tests (and users with
unusual set-ups) can point them elsewhere: ``READER_CONFIG_DIR``,
``READER_CACHE_DIR``, ``READER_STATE_DIR``, ``READER_DATA_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "article-reader"


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value) if value else Path(default)


def config_dir() -> Path:
    """Where user presets (``presets/*.toml``) and ``pronunciations.toml`` live."""
    return _dir("READER_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME))


def cache_dir() -> Path:
    """Synthesized-sentence cache; safe to delete."""
    return _dir("READER_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME))


def state_dir() -> Path:
    """Resume positions and bookmarks."""
    return _dir("READER_STATE_DIR", platformdirs.user_state_dir(APP_NAME))


def data_dir() -> Path:
    """User-installed voices (e.g. Piper ``.onnx`` files under ``voices/``)."""
    return _dir("READER_DATA_DIR", platformdirs.user_data_dir(APP_NAME))

"""Reading the user's TOML files (presets, pronunciation rules) with one
clear error per way they can be broken."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, published as tomli before Python 3.11
    import tomli as tomllib

from reader.errors import ReaderError


TOMLDecodeError = tomllib.TOMLDecodeError


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML text (raises :data:`TOMLDecodeError`)."""
    return tomllib.loads(text)


def read_toml(path: Path, what: str, unreadable_hint: str = "fix it or remove it") -> dict[str, Any]:
    """Parse ``path``; ``what`` names the file in messages (``"preset file"``)."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ReaderError(f"{what} {path} is not valid TOML: {exc}; fix the file or remove it") from None
    except UnicodeDecodeError:
        raise ReaderError(f"{what} {path} is not UTF-8 text: save it as UTF-8 or remove it") from None
    except OSError as exc:
        raise ReaderError(f"cannot read {what} {path}: {exc.strerror or exc}; {unreadable_hint}") from None

"""Command-line interface: thin wrappers over the core modules.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import importlib

from reader.cli.app import app

for _module in ("outline", "speech", "preview", "export", "listen"):
    try:
        importlib.import_module(f"reader.cli.{_module}")
    except ModuleNotFoundError as _exc:  # command module not written yet
        if _exc.name != f"reader.cli.{_module}":
            raise


def main() -> None:
    """Console-script entry point."""
    app(prog_name="reader")


__all__ = ["app", "main"]

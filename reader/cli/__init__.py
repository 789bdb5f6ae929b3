"""Command-line interface: thin wrappers over the core modules.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import importlib

from reader.cli.app import app

for _module in ("outline", "speech", "preview", "export", "listen"):
    # Each module registers its commands on `app` when imported.
    importlib.import_module(f"reader.cli.{_module}")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="reader")


__all__ = ["app", "main"]

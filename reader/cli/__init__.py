"""Command-line interface: thin wrappers over the core modules.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import importlib
import sys

from reader.cli import process

try:
    from reader.cli.app import app

    for _module in ("outline", "speech", "preview", "export", "listen"):
        # Each module registers its commands on `app` when imported.
        importlib.import_module(f"reader.cli.{_module}")
except KeyboardInterrupt:
    # Ctrl-C while the libraries load (before the CLI's own handler is in place).
    sys.stderr.write("reader: error: interrupted\n")
    raise SystemExit(130) from None


def main() -> None:
    """Console-script entry point."""
    process.tune()  # the program's own settings; importing reader.cli changes nothing
    try:
        app(prog_name="reader")
    except KeyboardInterrupt:
        # Ctrl-C while Typer builds the commands, before ReaderGroup runs.
        sys.stderr.write("reader: error: interrupted\n")
        raise SystemExit(130) from None
    finally:
        process.before_exit()


__all__ = ["app", "main"]

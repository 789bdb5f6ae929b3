"""Command-line interface: thin wrappers over the core modules.

Each command lives in its own module and registers itself on :data:`app`.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys

# The work is already spread over the cores by reader's own workers and
# encoders; numpy's OpenBLAS would start a thread per core at import that
# spins for a while (measured: ~0.1 CPU-s taken from the encoders in an
# export), for matrix products far too small to gain from threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# Start-up imports (typer, pydantic, numpy, NLTK's Punkt, …) create ~50k
# objects that live until the end; with the default threshold (700) the
# collector walks them all in two full collections before a command has
# done any work (~25 ms measured on an export). Young objects are still
# collected, 5000 allocations at a time instead of 700.
gc.set_threshold(5000, 10, 10)

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
    try:
        app(prog_name="reader")
    except KeyboardInterrupt:
        # Ctrl-C while Typer builds the commands, before ReaderGroup runs.
        sys.stderr.write("reader: error: interrupted\n")
        raise SystemExit(130) from None
    finally:
        # Everything left is freed when the process ends; the interpreter's
        # final garbage collection over it (NLTK, numpy, pydantic objects)
        # would only delay the exit, by ~40 ms. Outputs are all closed by now.
        gc.freeze()


__all__ = ["app", "main"]

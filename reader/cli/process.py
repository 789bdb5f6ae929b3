"""Process-wide settings for the command-line program (never for the core
used as a library): how this one short-lived, two-core-busy process uses
threads, memory and the garbage collector. Each was measured on
``reader export`` of the bundled article (``benchmarks/export_vs_peer.py``).
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
"""glibc ``mallopt`` parameters (malloc.h)."""


def tune() -> None:
    """Apply the settings; call before numpy is imported."""
    # The work is already spread over the cores by reader's own workers and
    # encoders; numpy's OpenBLAS would start a thread per core at import
    # that spins for a while (~0.1 CPU-s taken from the encoders), for
    # matrix products far too small to gain from threads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Start-up imports (typer, pydantic, numpy, NLTK's Punkt, …) create ~50k
    # objects that live until the end; with the default threshold (700) the
    # collector walks them all in two full collections before a command has
    # done any work (~25 ms). Young objects are still collected, 5000
    # allocations at a time instead of 700.
    gc.set_threshold(5000, 10, 10)
    _reuse_freed_memory()
    _stop_on_termination_like_ctrl_c()


def _stop_on_termination_like_ctrl_c() -> None:
    """SIGTERM (``kill``, a closing service manager) and SIGHUP (a closed
    terminal) would end the process at once, leaving an export's temporary
    files and encoder folders behind. As KeyboardInterrupt in the main
    thread they take the same way out as Ctrl-C: workers stop, temporary
    files are deleted, and the command exits with "interrupted" (130).
    ``reader listen`` installs its own handlers while the terminal is in
    single-key mode."""

    def interrupt(_signum, _frame) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, interrupt)


def _reuse_freed_memory() -> None:
    """Keep audio buffers' memory for the next sentence instead of handing it
    back to the kernel.

    Every sentence makes a few arrays of 0.1–4 MB. glibc serves blocks that
    size with fresh ``mmap`` pages (and trims freed heap back to the kernel),
    so each new buffer is page-faulted and zeroed again: ~58,000 extra page
    faults and ~0.1 CPU-s per export of the bundled article. Serving them
    from the heap and keeping up to 16 MB of freed memory removes that, for
    ~16 MB more peak memory (per worker thread at most: each may keep its
    own). Only glibc has ``mallopt``; settings in the environment
    (``MALLOC_MMAP_THRESHOLD_``, ``GLIBC_TUNABLES=glibc.malloc…``) win."""
    if not sys.platform.startswith("linux"):
        return
    if any(name in os.environ for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")):
        return
    if "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", ""):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mallopt(M_MMAP_THRESHOLD, 8 << 20)
    mallopt(M_TRIM_THRESHOLD, 16 << 20)


def before_exit() -> None:
    """Called by the console-script entry point as the program ends.

    Everything left is freed when the process ends; the interpreter's final
    garbage collection over it (NLTK, numpy, pydantic objects) would only
    delay the exit, by ~40 ms. Outputs are all closed by now (``with``
    blocks); temporary folders and the pyttsx3 worker are cleaned up by
    ``weakref.finalize``, which still runs at exit."""
    gc.freeze()

"""Key presses from the terminal, one key name at a time.

While listening the terminal is in cbreak mode (keys arrive at once, not
after Enter, and are not echoed; Ctrl-C still interrupts). The previous mode
is restored on every exit path: normal return, exception, and SIGTERM/SIGHUP
(turned into an exception so ``finally`` blocks run). When standard input is
not a terminal there are no keys and the article is simply read through.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
from typing import Callable, Iterator, Protocol


class KeyDecoderLike(Protocol):
    def feed(self, data: bytes) -> list[str]: ...


class KeySource(Protocol):
    """Anything the session can read key names from."""

    def start(self, deliver: Callable[[str], None]) -> None:
        """Begin delivering key names (from a background thread)."""

    def close(self) -> None: ...


class NoKeys:
    """Standard input is not a terminal: no keys, read straight through."""

    def start(self, deliver: Callable[[str], None]) -> None:
        pass

    def close(self) -> None:
        pass


class ScriptedKeys:
    """Keys given in advance (tests), delivered when the session asks."""

    def __init__(self, keys: list[str] | None = None) -> None:
        self.keys = list(keys or [])
        self._deliver: Callable[[str], None] | None = None

    def start(self, deliver: Callable[[str], None]) -> None:
        self._deliver = deliver
        for key in self.keys:
            deliver(key)

    def press(self, key: str) -> None:
        if self._deliver is None:
            raise RuntimeError("key source not started")
        self._deliver(key)

    def close(self) -> None:
        pass


class TerminalKeys:
    """Reads bytes from a terminal file descriptor in a background thread and
    decodes them into key names."""

    def __init__(self, decoder: KeyDecoderLike, fd: int | None = None) -> None:
        self.decoder = decoder
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._stop_r, self._stop_w = os.pipe()
        self._thread: threading.Thread | None = None

    def start(self, deliver: Callable[[str], None]) -> None:
        self._thread = threading.Thread(target=self._run, args=(deliver,), name="keys", daemon=True)
        self._thread.start()

    def _run(self, deliver: Callable[[str], None]) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd, self._stop_r], [], [])
            except (OSError, ValueError):
                return
            if self._stop_r in ready:
                return
            try:
                data = os.read(self.fd, 1024)
            except OSError:
                return
            if not data:  # terminal closed
                deliver("eof")
                return
            for key in self.decoder.feed(data):
                deliver(key)
            # A lone Escape is only known to be complete when no more bytes follow.
            if data.endswith(b"\x1b"):
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if not ready:
                    flush = getattr(self.decoder, "flush", None)
                    for key in flush() if flush else []:
                        deliver(key)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._stop_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=1)
        for fd in (self._stop_r, self._stop_w):
            with contextlib.suppress(OSError):
                os.close(fd)


def in_foreground(fd: int | None = None) -> bool:
    """True when ``fd`` is a terminal and this process owns it (not started
    with ``&``, not stopped into the background): only then may it read keys
    and change the terminal mode without being stopped by SIGTTIN/SIGTTOU."""
    try:
        fd = sys.stdin.fileno() if fd is None else fd
        return os.isatty(fd) and os.tcgetpgrp(fd) == os.getpgrp()
    except (OSError, ValueError, AttributeError):  # AttributeError: stdin closed (sys.stdin is None)
        return False


@contextlib.contextmanager
def cbreak_mode(fd: int | None = None) -> Iterator[None]:
    """Put the terminal in cbreak mode (no echo, no line buffering) and always
    restore it. SIGTERM and SIGHUP become KeyboardInterrupt so the caller's
    quit-and-save path runs too. Ctrl-Z gives the shell its normal terminal
    back while stopped, and ``fg`` puts cbreak mode back (otherwise keys
    would only arrive after Enter, echoed)."""
    import termios
    import tty

    fd = sys.stdin.fileno() if fd is None else fd
    saved = termios.tcgetattr(fd)
    previous: dict[int, object] = {}

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def suspend(signum: int, frame: object) -> None:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT

    def continued(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTSTP, suspend)
        if in_foreground(fd):
            with contextlib.suppress(termios.error):
                tty.setcbreak(fd, termios.TCSANOW)

    handlers = {signal.SIGTERM: interrupt, signal.SIGHUP: interrupt, signal.SIGTSTP: suspend, signal.SIGCONT: continued}
    for sig, handler in handlers.items():
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            previous[sig] = signal.signal(sig, handler)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        for number, earlier in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, earlier)  # type: ignore[arg-type]  # what signal.signal returned

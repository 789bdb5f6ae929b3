"""Shared fixtures."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Final, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_EXAMPLE = ROOT.parent / "shared" / "example-scraped-article.txt"


def has_program(name: str) -> bool:
    return shutil.which(name) is not None


NOBODY: Final = 65534
"""The unprivileged user that permission tests run as when the suite runs as root (as CI does)."""


@functools.cache
def can_drop_privileges() -> bool:
    """Permission checks can be tested here: we are not root, or we are root
    and this Python runs as nobody (it may live in a folder nobody cannot enter)."""
    if os.geteuid() != 0:
        return True
    if not has_program("setpriv"):
        return False
    probe = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-c", "pass"]
    return subprocess.run(probe, cwd="/", capture_output=True).returncode == 0


@contextlib.contextmanager
def shared_tmp() -> Iterator[Path]:
    """A temp folder that the unprivileged user can enter too (pytest's own are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="reader-perm-"))
    path.chmod(0o777)
    try:
        yield path
    finally:
        for sub in [path, *path.rglob("*")]:
            with contextlib.suppress(OSError):
                sub.chmod(0o700)
        shutil.rmtree(path, ignore_errors=True)


def run_unprivileged(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python args…`` from the repository as a user without root's
    power to read and write anything: ourselves, or nobody when we are root.
    ``home`` (a :func:`shared_tmp` folder) holds its user directories."""
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT)}
    for name in ("CONFIG", "CACHE", "STATE", "DATA"):
        env[f"READER_{name}_DIR"] = str(home / name.lower())
    command = [sys.executable, *args]
    if os.geteuid() == 0:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.run(command, cwd=home, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pulse():
    """A private PulseAudio daemon with a null sink, for one test module (see :mod:`tests.audio_env`)."""
    from tests.audio_env import start_pulse

    server = start_pulse()
    yield server
    server.stop()


def outline_error(path: Path) -> str:
    """``reader outline PATH`` in a child process, which must fail with one line and no traceback: that line."""
    result = subprocess.run(
        [sys.executable, "-m", "reader", "outline", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C as a terminal gives it, wherever the suite is started from. A shell without job
    control (``cmd &`` in a script) starts a background command with SIGINT ignored, and every
    process a test starts inherits that: the tests that press Ctrl-C, in this process or in a
    real ``reader listen``, would then wait forever."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory, monkeypatch):
    """Point every user directory at a fresh temp dir: tests never touch the
    real config, cache or state."""
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("CONFIG", "CACHE", "STATE", "DATA"):
        path = base / name.lower()
        path.mkdir()
        monkeypatch.setenv(f"READER_{name}_DIR", str(path))
    return base


@pytest.fixture
def listen_env(pulse, user_dirs) -> dict[str, str]:
    """The environment for the real ``reader listen``: the test's PulseAudio, a 200-column
    terminal, unbuffered output, no debug tracebacks."""
    out = {**os.environ, **pulse.env, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
    out.pop("READER_DEBUG", None)
    return out


def spawn_listen(args: list[str], env: dict[str, str]):
    """``reader listen ARGS`` in a pseudo-terminal (pexpect), keeping everything it prints."""
    import io

    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "reader", "listen", *args],
        env=env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 200),
    )
    child.logfile_read = io.StringIO()  # everything the program printed
    return child


class QuietHTTPServer(ThreadingHTTPServer):
    """The local HTTP server of the URL tests. Handlers that outlive their
    client (a timeout test hangs up first) would print a traceback to
    stderr whenever their thread gets to it, i.e. into a later test's
    captured output; the tests check what the client sees instead."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when the block runs longer than ``seconds`` (a runaway pattern)."""

    def give_up(_signum: int, _frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def serving(handler) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A :class:`QuietHTTPServer` on 127.0.0.1 running ``handler`` in a thread; yields its base URL."""
    httpd = QuietHTTPServer(("127.0.0.1", 0), handler)
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def ffmpeg_loudness(path: Path) -> dict:
    """ffmpeg's own EBU R128 measurement of a file (``input_i`` in LUFS,
    ``input_tp`` in dBTP…): an independent check of what reader measured."""
    out = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "loudnorm=print_format=json", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    return json.loads(out[out.rindex("{") :])

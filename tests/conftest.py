"""Shared fixtures."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_EXAMPLE = ROOT.parent / "shared" / "example-scraped-article.txt"


def has_program(name: str) -> bool:
    return shutil.which(name) is not None


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


class QuietHTTPServer(ThreadingHTTPServer):
    """The local HTTP server of the URL tests. Handlers that outlive their
    client (a timeout test hangs up first) would print a traceback to
    stderr whenever their thread gets to it, i.e. into a later test's
    captured output; the tests check what the client sees instead."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass


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
        capture_output=True, text=True, check=True,
    ).stderr
    return json.loads(out[out.rindex("{") :])

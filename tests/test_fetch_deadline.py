"""A URL fetch ends within its deadline and never accepts a truncated page (issue 9), on a real local server."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

import pytest

from reader.errors import ReaderError
from reader.document.fetch import fetch
from tests.conftest import serving

PAGE = b"<html><body><p>" + b"The tide comes in twice a day. " * 20 + b"</p></body></html>"


class Trickle(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        if self.path == "/short":
            self.wfile.write(PAGE[:100])
            self.wfile.flush()
            return  # the connection closes before Content-Length
        for byte in PAGE:  # one byte every 20 ms: never a timeout, never done
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.02)


@pytest.fixture
def server():
    with serving(Trickle) as url:
        yield url


def test_a_server_trickling_bytes_is_given_up_after_the_deadline(server):
    started = time.monotonic()
    with pytest.raises(ReaderError, match="too slowly"):
        fetch(f"{server}/slow", timeout=5, max_bytes=10_000_000, deadline=0.5)
    assert time.monotonic() - started < 5  # the deadline, not the whole trickle (13 s)


def test_a_page_cut_short_is_refused_not_read(server):
    with pytest.raises(ReaderError, match="closed the connection after 100 of"):
        fetch(f"{server}/short", timeout=5, max_bytes=10_000_000)

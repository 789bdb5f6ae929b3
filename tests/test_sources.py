"""Reading sources for real: files on disk, stdin bytes and a local HTTP server."""

from __future__ import annotations

import codecs
import io
import os
import socket
import time
from http.server import BaseHTTPRequestHandler

import pytest

from reader.errors import ReaderError
from reader.document.sources import USER_AGENT, read_source
from tests.conftest import can_drop_privileges, run_unprivileged, serving, shared_tmp

HTML_PAGE = "<!doctype html><html><head><title>Hi</title></head><body><p>Hello from the web.</p></body></html>"
LATIN_PAGE = "<html><body><p>Caf\u00e9 \u201cculture\u201d in Lisbon.</p></body></html>".encode("cp1252")


class _Handler(BaseHTTPRequestHandler):
    """Routes for the test server; each path exercises one behaviour."""

    seen_user_agents: list[str] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str | None, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).seen_user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/article.html":
            self._send(200, HTML_PAGE.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/notes":
            self._send(200, "Plain notes.\nSecond line.\n".encode(), "text/plain")
        elif path == "/post":
            self._send(200, b"# Title\n\nSome *markdown*.\n", "text/markdown; charset=utf-8")
        elif path == "/latin":
            self._send(200, LATIN_PAGE, "text/html; charset=ISO-8859-1")
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/nowhere":
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-closed-port":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{_closed_port()}/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.startswith("/loop"):
            self.send_response(301)
            self.send_header("Location", f"/loop{len(path)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/photo.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        elif path == "/download":
            self._send(200, b"%PDF-1.7 ...", "application/octet-stream")
        elif path == "/huge":
            self._send(200, b"a" * 5000, "text/plain")
        elif path == "/huge-unannounced":
            self._send(200, b"word " * 20000, "text/plain", length=False)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, b"too late", "text/plain")
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server():
    with serving(_Handler) as url:
        yield url


def _error(source: str, **kwargs) -> str:
    with pytest.raises(ReaderError) as info:
        read_source(source, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- web


def test_html_page_is_read_with_its_media_type(server):
    got = read_source(f"{server}/article.html")
    assert "Hello from the web." in got.text
    assert got.media_type == "text/html"
    assert got.url == f"{server}/article.html"


def test_plain_text_and_markdown_urls_keep_their_media_types(server):
    assert read_source(f"{server}/notes").media_type == "text/plain"
    post = read_source(f"{server}/post")
    assert post.media_type == "text/markdown"
    assert post.text.startswith("# Title")


def test_requests_send_a_user_agent(server):
    _Handler.seen_user_agents.clear()
    read_source(f"{server}/notes")
    assert _Handler.seen_user_agents == [USER_AGENT]


def test_redirect_is_followed_and_final_url_recorded(server):
    got = read_source(f"{server}/moved")
    assert "Hello from the web." in got.text
    assert got.url == f"{server}/article.html"


def test_endless_redirects_are_an_error(server):
    assert "too many redirects" in _error(f"{server}/loop")


def test_a_redirect_without_a_location_says_so(server):
    assert _error(f"{server}/nowhere") == (
        f"HTTP 302 from {server}/nowhere without a Location to go to: open it in a browser and save the page"
    )


def test_an_unreachable_redirect_target_is_the_host_named(server):
    assert _error(f"{server}/to-closed-port") == (
        "cannot reach host 127.0.0.2: check your connection or save the page and pass the file"
    )


def _closed_port() -> int:
    """A port on which nothing listens (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_http_404_names_status_and_url(server):
    assert _error(f"{server}/nothing-here") == (
        f"HTTP 404 from {server}/nothing-here: check the address or save the page and pass the file"
    )


def test_image_content_type_is_refused_by_name(server):
    message = _error(f"{server}/photo.png")
    assert "image/png" in message and "not a web page" in message


def test_octet_stream_is_refused(server):
    assert "application/octet-stream" in _error(f"{server}/download")


def test_body_over_the_limit_is_refused(server):
    assert "larger than" in _error(f"{server}/huge", max_bytes=1000)


def test_body_without_length_stops_at_the_limit(server):
    assert "larger than" in _error(f"{server}/huge-unannounced", max_bytes=10_000)


def test_slow_server_times_out(server):
    started = time.monotonic()
    message = _error(f"{server}/slow", timeout=0.3)
    assert "did not answer within 0.3 seconds" in message
    assert time.monotonic() - started < 1.5


def test_declared_latin1_charset_decodes_smart_quotes_like_a_browser(server):
    got = read_source(f"{server}/latin")
    assert "Caf\u00e9 \u201cculture\u201d" in got.text
    assert got.encoding == "cp1252"


def test_connection_refused_explains_what_to_do():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    message = _error(f"http://127.0.0.1:{port}/article")
    assert message == ("cannot reach host 127.0.0.1: check your connection or save the page and pass the file")


def test_unknown_host_explains_what_to_do():
    message = _error("http://no-such-host.invalid/article")
    assert message.startswith("cannot reach host no-such-host.invalid")


# --------------------------------------------------------------------------- stdin


def test_stdin_bytes_are_decoded():
    got = read_source("-", stdin=io.BytesIO("Stdin text with caf\u00e9.\n".encode("utf-8")))
    assert got.text == "Stdin text with caf\u00e9.\n"
    assert got.name == "-" and got.url is None and got.media_type is None


def test_empty_stdin_is_named_in_the_error():
    assert _error("-", stdin=io.BytesIO(b"")) == "standard input is empty: pass an article with some text"


# --------------------------------------------------------------------------- files and encodings


def test_utf8_with_bom_loses_the_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Na\u00efve text.\r\nNext line.\r\n".encode("utf-8"))
    got = read_source(str(path))
    assert got.text == "Na\u00efve text.\nNext line.\n"
    assert got.encoding == "utf-8"
    assert got.media_type == "text/plain"


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "wide.md"
    path.write_bytes("# Titel\n\nGr\u00fc\u00dfe aus K\u00f6ln.\n".encode("utf-16"))
    got = read_source(str(path))
    assert got.text == "# Titel\n\nGr\u00fc\u00dfe aus K\u00f6ln.\n"
    assert got.media_type == "text/markdown"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_decoded_not_called_binary(tmp_path, encoding):
    text = "# Titel\n\nGr\u00fc\u00dfe aus K\u00f6ln. Das Wetter ist sch\u00f6n.\n"
    path = tmp_path / "wide.md"
    path.write_bytes(text.encode(encoding))
    got = read_source(str(path))
    assert (got.text, got.encoding) == (text, encoding)


def test_a_binary_file_with_nul_bytes_is_still_refused(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 8)
    assert "looks like a binary file" in _error(str(path))


def test_a_page_with_a_stray_nul_byte_is_read_without_it(tmp_path):
    path = tmp_path / "page.html"
    body = "<p>The council met on Tuesday and agreed the budget for the new library.</p>\n" * 60
    path.write_bytes(f"<html><body>{body}<p>Closing\x00 words.</p></body></html>".encode())
    got = read_source(str(path))
    assert "Closing words." in got.text
    assert "\x00" not in got.text


def test_windows_1252_without_declaration_is_detected(tmp_path):
    path = tmp_path / "legacy.txt"
    text = "We met at the caf\u00e9 on Rua Augusta. \u201cIt\u2019s the na\u00efve ones who stay,\u201d she said.\n"
    path.write_bytes(text.encode("cp1252"))
    got = read_source(str(path))
    assert got.text == text
    assert got.encoding == "cp1252"


def test_meta_charset_is_honoured(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(
        b'<html><head><meta charset="windows-1252"></head><body><p>r\xe9sum\xe9 \x96 \x93ok\x94</p></body></html>'
    )
    assert "r\u00e9sum\u00e9 \u2013 \u201cok\u201d" in read_source(str(path)).text


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"ID3\x04\x00\x00\x00\x00\x00#TSSE", "MP3 audio"),
        (b"some text\x00\x01\x02\x00 more", "it contains NUL bytes"),
    ],
)
def test_binary_files_are_named(tmp_path, content, kind):
    path = tmp_path / "thing.txt"
    path.write_bytes(content)
    assert _error(str(path)) == (
        f"{path} looks like a binary file ({kind}), not an article: pass a text, Markdown or HTML file"
    )


def test_many_control_characters_mean_binary(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 32)) * 20 + b"a few words")
    assert "looks like a binary file" in _error(str(path))


@pytest.mark.parametrize("content", [b"", b"  \n\t\n  "])
def test_empty_or_blank_file_is_an_error(tmp_path, content):
    path = tmp_path / "blank.md"
    path.write_bytes(content)
    assert _error(str(path)) == f"{path} is empty: pass an article with some text"


def test_missing_file_is_named():
    assert _error("no/such/article.md") == "no such file: no/such/article.md; check the name and the folder (see ls)"


def test_directory_is_refused(tmp_path):
    assert _error(str(tmp_path)) == f"{tmp_path} is a directory: pass an article file inside it"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or not can_drop_privileges(), reason="needs a user without root's rights"
)
def test_unreadable_file_is_refused():
    with shared_tmp() as folder:
        path = folder / "secret.txt"
        path.write_text("hidden")
        path.chmod(0)
        result = run_unprivileged(["-m", "reader", "outline", str(path)], folder)
    assert result.returncode != 0
    assert result.stderr.startswith("reader: error: ") and "permission denied" in result.stderr
    assert "Traceback" not in result.stderr


def test_oversize_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    assert "larger than" in _error(str(path), max_bytes=100)

"""Fetch an article over http(s) with ``urllib``: one GET with a timeout, a
redirect limit, a size limit and a User-Agent, nothing more (no extra
dependency). Every failure becomes a one-line :class:`ReaderError`.

Kept apart from :mod:`reader.document.sources` so that reading a local file does not
import the network stack (http.client, ssl, …).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from http.client import HTTPResponse

from reader.errors import ReaderError
from reader.document.sources import ACCEPTED_MEDIA_TYPES, MAX_REDIRECTS, USER_AGENT, check_size, is_url

_CHUNK = 64 * 1024
"""Bytes read from the response at a time (the size limit is checked on each)."""


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most :data:`MAX_REDIRECTS` redirects to web pages only, and
    remembers where it went, so an error names the host that failed."""

    max_redirections = MAX_REDIRECTS

    def __init__(self) -> None:
        super().__init__()
        self.last_url: str | None = None

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urljoin(req.full_url, newurl)
        self.last_url = target
        if not is_url(target):
            # urllib would follow ftp:// and refuse file:// with a confusing error.
            raise ReaderError(
                f"{req.full_url} redirects to {target}, which is not a web page: open it in a browser and save the page"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


DEADLINE = 60.0
"""Seconds a whole fetch may take (``timeout`` bounds each wait; a server trickling one byte at a time
would otherwise hold the reader for ever)."""


def fetch(
    url: str, *, timeout: float, max_bytes: int, deadline: float = DEADLINE
) -> tuple[bytes, str | None, str, str | None]:
    """GET ``url``; return (body, media type, final URL, declared charset)."""
    _host_of(url)  # an unusable URL fails here, before any connection
    end = time.monotonic() + deadline
    redirects = _LimitedRedirects()
    opener = urllib.request.build_opener(redirects)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.1",
            "Accept-Encoding": "identity",
        },
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            body, media_type = _read_body(response, url, max_bytes, end, deadline)
            return body, media_type, response.geturl(), response.headers.get_content_charset()
    except ReaderError:
        raise
    except urllib.error.HTTPError as exc:
        raise _http_error(exc, url) from None
    except urllib.error.URLError as exc:
        raise _network_error(exc.reason, *_where(url, redirects.last_url), timeout) from None
    except (TimeoutError, socket.timeout, OSError) as exc:
        raise _network_error(exc, *_where(url, redirects.last_url), timeout) from None
    except http.client.HTTPException as exc:
        # BadStatusLine, IncompleteRead, too many headers…: not a web server we can talk to.
        reason = type(exc).__name__
        raise ReaderError(
            f"{url} did not answer like a web server ({reason}): check the address or save the page and pass the file"
        ) from None
    except ValueError as exc:  # e.g. a port out of range
        raise ReaderError(f"invalid URL {url} ({exc}): check the address") from None


def _read_body(
    response: HTTPResponse, url: str, max_bytes: int, end: float, deadline: float
) -> tuple[bytes, str | None]:
    """The response's body and media type, refused when it is not a page, too big, too slow or cut short."""
    headers: Message = response.headers
    media_type = headers.get_content_type() if headers.get("Content-Type") else None
    if media_type and media_type not in ACCEPTED_MEDIA_TYPES and not media_type.startswith("text/"):
        raise ReaderError(f"{url} is {media_type}, not a web page or text: pass the URL of an article page")
    length = headers.get("Content-Length")
    if length and length.isdigit():
        check_size(int(length), max_bytes, url)
    chunks: list[bytes] = []
    received = 0
    while chunk := response.read1(_CHUNK):
        received += len(chunk)
        check_size(received, max_bytes, url)
        chunks.append(chunk)
        if time.monotonic() > end:
            raise ReaderError(
                f"{url} sent its page too slowly (not done after {deadline:g} seconds): "
                "try again later or save the page and pass the file"
            )
    if length and length.isdigit() and received < int(length):
        raise ReaderError(
            f"{url} closed the connection after {received} of {int(length)} bytes: try again later "
            "or save the page and pass the file"
        )
    return b"".join(chunks), media_type


def _http_error(exc: urllib.error.HTTPError, url: str) -> ReaderError:
    """The message for an HTTP error status, redirects that could not be followed included."""
    if 300 <= exc.code < 400:
        location = (exc.headers.get("Location") or exc.headers.get("URI")) if exc.headers else None
        target = urllib.parse.urljoin(exc.url or url, location) if location else ""
        if target and not is_url(target):
            # urllib refuses e.g. file:// before redirect_request sees it.
            return ReaderError(
                f"{url} redirects to {target}, which is not a web page: open it in a browser and save the page"
            )
        if not location:
            return ReaderError(
                f"HTTP {exc.code} from {exc.url or url} without a Location to go to: "
                "open it in a browser and save the page"
            )
        return ReaderError(
            f"too many redirects from {url} (more than {MAX_REDIRECTS}): open it in a browser and save the page"
        )
    return ReaderError(f"HTTP {exc.code} from {url}: check the address or save the page and pass the file")


def _where(url: str, redirected_to: str | None) -> tuple[str, str]:
    """The URL and host a network error happened at: the last redirect's
    target when there was one ("cannot reach host B", not the host that
    redirected there)."""
    if not redirected_to:
        return url, _host_of(url)
    try:
        return f"{redirected_to} (redirected from {url})", _host_of(redirected_to)
    except ReaderError:
        return url, _host_of(url)


def _host_of(url: str) -> str:
    """The URL's host name; a :class:`ReaderError` if the URL cannot be used."""
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number or out of range
    except ValueError as exc:
        raise ReaderError(f"invalid URL {url} ({exc}): check the address") from None
    if not parts.hostname:
        raise ReaderError(f"invalid URL {url}: it has no host name; check the address")
    return parts.hostname


def _network_error(reason: object, url: str, host: str, timeout: float) -> ReaderError:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return ReaderError(
            f"{url} did not answer within {timeout:g} seconds: try again later or save the page and pass the file"
        )
    if isinstance(reason, ssl.SSLError):
        return ReaderError(
            f"secure connection to {host} failed ({reason.reason or reason}): save the page and pass the file"
        )
    return ReaderError(f"cannot reach host {host}: check your connection or save the page and pass the file")

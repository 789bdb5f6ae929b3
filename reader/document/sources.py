"""Read an article's bytes from a file, standard input or an http(s) URL and
decode them to text.

Every failure a user can cause (missing file, 404, offline, a PDF passed by
mistake, an unknown encoding) becomes a one-line :class:`ReaderError` that
says what to do. Decoding is in :mod:`reader.document.decoding`.

Fetching URLs is in :mod:`reader.document.fetch`, imported only when a URL is given.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from reader import __version__
from reader.document.decoding import decode
from reader.document.mojibake import repair_mojibake
from reader.safetext import clean_document
from reader.errors import ReaderError

STDIN_NAME: Final = "-"
USER_AGENT: Final = f"article-reader-tts/{__version__} (+offline text-to-speech reader)"
MAX_REDIRECTS: Final = 5

ACCEPTED_MEDIA_TYPES: Final = frozenset(
    {
        "text/html",
        "text/plain",
        "text/markdown",
        "text/x-markdown",
        "application/xhtml+xml",
        "application/epub+zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf",
    }
)
"""Content types fetched from a URL that we try to read as an article."""

MEDIA_TYPE_BY_EXTENSION: Final = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".mdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".epub": "application/epub+zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
"""The one table of file extensions: what a local file's name says it holds
(the loaders choose their format from it, :func:`media_type_for_name`)."""


@dataclass(frozen=True)
class SourceText:
    """An article's text as read from its source, before any parsing."""

    text: str
    """Decoded text with newlines normalised to ``\\n`` and no BOM."""
    name: str
    """The source as the user gave it: a path, a URL or ``-`` for stdin."""
    media_type: str | None
    """``text/html`` etc. from the Content-Type header or the file extension."""
    url: str | None
    """Final URL after redirects, for web sources; ``None`` otherwise."""
    encoding: str
    """The encoding the bytes were decoded with (``utf-8``, ``cp1252``…)."""
    data: bytes | None = None
    """The raw bytes of a book read as a whole (an EPUB); ``text`` is then empty."""


def describe(source: str) -> str:
    """How to name a source in a message."""
    return "standard input" if source == STDIN_NAME else source


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


_SCHEME_RE: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _local_path(source: str) -> str:
    """``source`` as a local path: ``file://`` URLs become paths; other
    non-web addresses (``ftp://``…) are refused with a message."""
    scheme = _SCHEME_RE.match(source)
    if not scheme:
        return source
    if scheme.group(1).lower() == "file":
        parts = urllib.parse.urlsplit(source)
        if parts.netloc not in ("", "localhost"):
            raise ReaderError(f"{source} names a file on another computer: copy it here and pass its path")
        from urllib.request import url2pathname

        return url2pathname(parts.path)
    raise ReaderError(
        f"cannot read {scheme.group(1)}:// addresses ({source}): only http and https URLs are fetched; "
        "download the article and pass the file"
    )


def read_source(
    source: str,
    *,
    stdin: BinaryIO | None = None,
    timeout: float = 15.0,
    max_bytes: int = 20_000_000,
) -> SourceText:
    """Read and decode ``source`` (a path, an http(s) URL or ``-``)."""
    if source == STDIN_NAME:
        data = _read_stdin(stdin, max_bytes)
        media_type, url, charset = None, None, None
    elif is_url(source):
        from reader.document.fetch import fetch  # the network stack only for URLs

        data, media_type, url, charset = fetch(source, timeout=timeout, max_bytes=max_bytes)
    else:
        path = _local_path(source)
        data = _read_file(path, max_bytes)
        media_type, url, charset = media_type_for_name(path), None, None
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return SourceText(text="", name=source, media_type="application/pdf", url=url, encoding="binary", data=data)
    if data.startswith(b"PK\x03\x04"):
        from reader.document.loaders import docx, epubpackage  # zip handling only for zips

        for media, looks_like in (
            (epubpackage.MEDIA_TYPE, epubpackage.looks_like_epub),
            (docx.MEDIA_TYPE, docx.looks_like_docx),
        ):
            if looks_like(data):
                return SourceText(text="", name=source, media_type=media, url=url, encoding="binary", data=data)
    text, encoding = decode(data, name=describe(source), declared_charset=charset)
    return SourceText(text=tidy_decoded(text), name=source, media_type=media_type, url=url, encoding=encoding)


def tidy_decoded(text: str) -> str:
    """Decoded text as the loaders get it: mojibake repaired (see :mod:`reader.document.mojibake`), and no
    escape or control character, which must never reach a terminal or a sidecar file (see :mod:`reader.safetext`)."""
    return clean_document(repair_mojibake(text))


def media_type_for_name(name: str) -> str | None:
    """Media type implied by a path's or URL's extension, if we know it."""
    path = urllib.parse.urlsplit(name).path if is_url(name) else name
    return MEDIA_TYPE_BY_EXTENSION.get(Path(path).suffix.lower())


# --------------------------------------------------------------------------- local


def _read_stdin(stdin: BinaryIO | None, max_bytes: int) -> bytes:
    stream = stdin if stdin is not None else sys.stdin
    stream = getattr(stream, "buffer", stream)  # a text stream's bytes underneath
    if stream is None:
        raise ReaderError("standard input is closed: pass a file or URL instead of -")
    data = stream.read(max_bytes + 1)
    if isinstance(data, str):  # a text stream without .buffer (e.g. StringIO)
        data = data.encode("utf-8")
    check_size(len(data), max_bytes, "standard input")
    return data


def _read_file(source: str, max_bytes: int) -> bytes:
    path = Path(source).expanduser()
    try:
        if path.is_dir():
            raise ReaderError(f"{source} is a directory: pass an article file inside it")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReaderError(f"no such file: {source}; check the name and the folder (see ls)") from None
    except PermissionError:
        raise ReaderError(f"permission denied reading {source}: check the file's permissions") from None
    except IsADirectoryError:
        raise ReaderError(f"{source} is a directory: pass an article file inside it") from None
    except OSError as exc:
        raise ReaderError(f"cannot read {source}: {exc.strerror or exc}") from None
    check_size(len(data), max_bytes, source)
    return data


def check_size(size: int, max_bytes: int, name: str) -> None:
    """A :class:`ReaderError` if ``size`` bytes of ``name`` exceed ``max_bytes``."""
    if size > max_bytes:
        raise ReaderError(
            f"{name} is larger than {max_bytes // 1_000_000 or max_bytes} "
            f"{'MB' if max_bytes >= 1_000_000 else 'bytes'}: that is not an article; pass a smaller file"
        )

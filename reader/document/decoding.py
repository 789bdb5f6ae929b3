"""Decode an article's bytes to text, as browsers do.

The order of precedence: byte order mark, then the charset the server
declared, then the one the document declares (``<meta charset>``, XML
declaration), then UTF-8, then detection. A UTF-8 page with a few stray
invalid bytes is read as UTF-8 (U+FFFD for each); only a declaration that
clearly does not fit the bytes, or that names no real text encoding
(``unicode_escape``, ``rot13``, ``base64``…), is ignored. Binary files (a
PDF or an MP3 passed by mistake) are named instead of decoded to mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import warnings
from typing import Final

from reader.errors import ReaderError

# (prefix, offset, description). Checked before decoding so that a PDF or an
# MP3 passed by mistake gets a message naming it instead of mojibake.
_MAGIC: Final = (
    (b"%PDF-", 0, "PDF"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "Microsoft Office document"),
    (b"ID3", 0, "MP3 audio"),
    (b"\xff\xfb", 0, "MP3 audio"),
    (b"\xff\xf3", 0, "MP3 audio"),
    (b"OggS", 0, "Ogg audio"),
    (b"fLaC", 0, "FLAC audio"),
    (b"WAVE", 8, "WAV audio"),
    (b"WEBP", 8, "WebP image"),
    (b"ftyp", 4, "MP4 media"),
    (b"\x1f\x8b", 0, "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"\x7fELF", 0, "program"),
)
STRAY_NUL_BYTES: Final = 1000
"""Text may carry a stray NUL byte (a scraper's or a server's slip, kept by browsers and copied pages): at
most one in this many bytes of the head is stray, and the cleaner removes it; more make a binary file."""

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DOC_CHARSET_RE: Final = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# Labels that, per the WHATWG encoding standard, browsers decode as cp1252.
_CP1252_ALIASES: Final = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819"})


# Single-byte Latin-script code pages that detection confuses with cp1252.
_LATIN_CODEPAGES: Final = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "latin-1",
        "iso8859-1",
        "iso8859-2",
        "iso8859-3",
        "iso8859-4",
        "iso8859-9",
        "iso8859-10",
        "iso8859-13",
        "iso8859-14",
        "iso8859-15",
        "iso8859-16",
        "mac-roman",
        "mac-latin2",
        "mac-iceland",
        "mac-turkish",
        "cp437",
        "cp850",
        "cp858",
    }
)


def decode(data: bytes, *, name: str, declared_charset: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)``.

    Raises :class:`ReaderError` for binary files and for empty input.
    """
    text, encoding = _decode(data, name, declared_charset)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReaderError(f"{name} is empty: pass an article with some text")
    if _control_share(text) > 0.05:
        raise ReaderError(f"{name} looks like a binary file, not an article: pass a text, Markdown or HTML file")
    return text, encoding


def _decode(data: bytes, name: str, declared_charset: str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    wide = _utf16_without_bom(data)
    if wide:
        return wide
    kind = binary_kind(data)
    if kind:
        raise ReaderError(
            f"{name} looks like a binary file ({kind}), not an article: pass a text, Markdown or HTML file"
        )
    if not data.strip():
        raise ReaderError(f"{name} is empty: pass an article with some text")
    for charset in (declared_charset, _document_charset(data)):
        decoded = _try_declared(data, charset)
        if decoded:
            return decoded
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    return _detect(data)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` for UTF-16 text saved without a byte order mark
    (some Windows tools do): NUL bytes then fill one byte of nearly every
    pair, the same one, wherever the text is mostly Latin script."""
    head = data[:8192]
    if len(head) < 16 or len(data) % 2 or b"\x00" not in head:
        return None
    pairs = len(head) // 2
    even, odd = head[0::2].count(0) / pairs, head[1::2].count(0) / pairs
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > 0.6 and others < 0.02:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def binary_kind(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` is, or ``None`` if it may be text."""
    for magic, offset, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return kind
    head = data[:8192]
    if head.count(b"\x00") * STRAY_NUL_BYTES > len(head):
        return "it contains NUL bytes"
    return None


def _document_charset(data: bytes) -> str | None:
    match = _DOC_CHARSET_RE.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", errors="ignore")


def _try_declared(data: bytes, charset: str | None) -> tuple[str, str] | None:
    """``(text, encoding)`` in the declared ``charset``, or ``None`` when the
    declaration is no text encoding or clearly does not fit the bytes."""
    if not charset:
        return None
    label = charset.strip().lower()
    if label in _CP1252_ALIASES or label in {"windows-1252", "cp1252"}:
        # Pages labelled Latin-1 are very often really UTF-8 (the label is a
        # server default); valid multi-byte UTF-8 is almost never accidental.
        mostly = None if data.isascii() else _mostly_utf8(data)
        if mostly is not None:
            return mostly, "utf-8"
        label = "cp1252"
    codec = _text_codec(label)
    if codec is None or codec.name.startswith(("utf-16", "utf-32")):
        return None  # a UTF-16 page without BOM that declares itself in ASCII is a lie
    if codec.name == "utf-8":
        mostly = _mostly_utf8(data)
        return (mostly, "utf-8") if mostly is not None else None
    try:
        return data.decode(codec.name), codec.name
    except UnicodeDecodeError:
        return None


_ASCII_PROBE: Final = bytes(range(0x20, 0x7F)) + b"\t\n\r" + b"\\x1b[2J +ADw- .xn--ls8h. \\u0041"
"""Printable ASCII, plus what escape-like codecs (``unicode_escape``, UTF-7,
punycode, IDNA) would turn into something else."""


def _text_codec(label: str) -> codecs.CodecInfo | None:
    """The codec named ``label`` if a web page can really be written in it, else ``None``.

    A charset declaration is itself written in ASCII, so the page's encoding
    must read ASCII as ASCII: that admits the real text encodings (UTF-8,
    the Windows and ISO code pages, Shift_JIS, GB18030…) and refuses what
    Python also calls codecs but turns text into other text (``unicode_escape``
    makes the letters ``\\x1b`` a real escape byte; ``rot13``, ``punycode``,
    ``idna``, UTF-7), is no text encoding at all (``base64``, ``zlib``,
    ``hex``, ``undefined``), or is EBCDIC.
    """
    try:
        codec = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    if not getattr(codec, "_is_text_encoding", True):
        return None
    try:
        with warnings.catch_warnings():  # unicode_escape warns about "\\]" before it is refused
            warnings.simplefilter("ignore")
            return codec if codec.decode(_ASCII_PROBE)[0] == _ASCII_PROBE.decode("ascii") else None
    except (UnicodeError, ValueError, TypeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8, a stray invalid byte replaced by U+FFFD, when it is
    mostly UTF-8: its well-formed multi-byte characters outnumber the invalid
    sequences (a legacy code page's accents are nearly all invalid UTF-8, so
    its text never passes). ``None`` otherwise."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    if invalid == 0:
        return text
    well_formed = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    return text if well_formed > invalid else None


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        guess = codecs.lookup(best.encoding).name
        if guess in _LATIN_CODEPAGES and _decodes(data, "cp1252"):
            # Short Western text is often guessed as a sibling code page
            # (cp1250 turns "naïve" into "naďve"); cp1252 is by far the most
            # common legacy encoding of articles, so it wins among siblings.
            return data.decode("cp1252"), "cp1252"
        if _decodes(data, guess):
            return data.decode(guess), guess
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _control_share(text: str) -> float:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch not in "\n\t\f\v" and unicodedata.category(ch) == "Cc")
    return controls / max(len(sample), 1)


__all__ = ["binary_kind", "decode"]

"""Decoding web pages: declared UTF-8 with stray bytes stays UTF-8; only real text codecs are charsets."""

from __future__ import annotations

import pytest

from reader.document.loaders.html import parse
from reader.document.decoding import decode

ESC = "\x1b"
BODY = "Größe und Übermaß, ein Café am Fluss. " * 20


def _page(charset: str, body: str = BODY) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><article><p>{body}</p></article></body></html>'


def test_meta_utf8_with_a_few_stray_bytes_is_utf8_with_replacement_marks():
    data = _page("utf-8").encode("utf-8").replace(b"Fluss", b"Flu\xff", 2)
    text, encoding = decode(data, name="page.html")
    assert encoding == "utf-8"
    assert "Größe und Übermaß" in text and "Ã" not in text
    assert text.count("\ufffd") == 2


def test_http_declared_utf8_with_stray_bytes_is_utf8():
    data = _page("utf-8").encode("utf-8").replace(b"Caf\xc3\xa9", b"Caf\xe9", 1)
    text, encoding = decode(data, name="page", declared_charset="utf-8")
    assert encoding == "utf-8" and "Übermaß" in text


def test_a_page_labelled_latin1_that_is_mostly_utf8_is_utf8():
    data = _page("iso-8859-1").encode("utf-8") + b"\x81"
    text, encoding = decode(data, name="page.html")
    assert encoding == "utf-8" and "Größe" in text


def test_declared_utf8_that_is_really_a_legacy_code_page_is_detected():
    data = _page("utf-8").encode("cp1252")
    text, encoding = decode(data, name="page.html")
    assert encoding != "utf-8"
    assert "Größe und Übermaß" in text and "\ufffd" not in text


def test_a_stray_byte_does_not_turn_a_utf8_article_into_mojibake_end_to_end():
    data = _page("utf-8").encode("utf-8").replace(b"Fluss", b"Flu\x96", 1)
    text, _ = decode(data, name="page.html")
    assert "Größe und Übermaß, ein Café am Fluss." in parse(text).blocks[0].text


@pytest.mark.parametrize(
    "codec",
    [
        "unicode_escape",
        "raw_unicode_escape",
        "rot13",
        "punycode",
        "idna",
        "hex",
        "base64",
        "zlib",
        "uu",
        "bz2",
        "quopri",
        "undefined",
        "utf-7",
        "cp037",
        "utf-16",
        "no-such-charset",
    ],
)
def test_a_declared_codec_that_is_no_page_encoding_is_ignored(codec: str):
    data = _page(codec, "The tide \\x1b[2J comes in +ADw-b+AD4- at six.").encode("ascii")
    for declared in (None, codec):
        text, encoding = decode(data, name="page.html", declared_charset=declared)
        assert ESC not in text and "<b>" not in text
        assert "The tide \\x1b[2J comes in +ADw-b+AD4- at six." in text


@pytest.mark.parametrize(
    ("codec", "sample"), [("koi8-r", "Привет, мир"), ("shift_jis", "こんにちは"), ("windows-1250", "Zażółć")]
)
def test_a_real_legacy_charset_is_still_honoured(codec: str, sample: str):
    text, encoding = decode(_page(codec, sample).encode(codec), name="page.html")
    assert sample in text and encoding != "utf-8"

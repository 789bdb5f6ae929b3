"""Mojibake in scraped text (UTF-8 once decoded as Windows-1252) is read back as the text it was."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reader.cli import app
from reader.document.mojibake import repair_mojibake

TEXT = "It’s a café — “open” all year, says Zoë."


def _garbled(text: str) -> str:
    """What a scraper that read UTF-8 bytes as Windows-1252 saved (as browsers decode it: the five bytes
    the code page leaves undefined become the C1 control characters of the same number)."""
    return "".join(_windows_1252(byte) for byte in text.encode("utf-8"))


def _windows_1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def test_utf8_read_as_windows_1252_is_repaired():
    assert _garbled(TEXT) != TEXT
    assert repair_mojibake(_garbled(TEXT)) == TEXT


def test_lines_with_and_without_mojibake_are_repaired_line_by_line():
    mixed = f"Déjà vu in São Paulo.\n{_garbled(TEXT)}\nNÃO is Portuguese for no."
    assert repair_mojibake(mixed) == f"Déjà vu in São Paulo.\n{TEXT}\nNÃO is Portuguese for no."


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "Plain ASCII, with &amp; an entity and a “quote”.",
        "The ﬁnal ligature, ｆｕｌｌ width letters and a soft line\r\nend stay as they are.",
        "Ångström, Ærøskøbing and Øresund are real words.",
    ],
)
def test_text_without_mojibake_is_left_as_it_is(text):
    assert repair_mojibake(text) == text


def test_a_scraped_file_with_mojibake_is_read_repaired(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(f"Opening hours\n\n{_garbled(TEXT)}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["outline", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    sentences = [s for section in json.loads(result.stdout)["sections"] for s in section["sentences"]]
    assert TEXT in sentences

"""Text from documents is hostile: no escape or control character from an article reaches the terminal
or a sidecar file, whatever the format (issue 9)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reader.cli import app
from reader.safetext import clean, clean_document

runner = CliRunner()

ESC = "\x1b"
ATTACKS = (
    f"{ESC}]52;c;ZWNobyBwd25lZA=={ESC}\\",  # OSC 52: write the clipboard
    f"{ESC}]0;owned\x07",  # window title
    f"{ESC}[2J",  # clear screen
    f"{ESC}[1A{ESC}[2K",  # cursor up, erase line
    "\x9b2J",  # C1 CSI
    "\u202eevil",  # right-to-left override
)
PAYLOAD = "".join(ATTACKS)

PROSE = " ".join(["The harbour keeps a board of the day's tides by the slipway, chalked each morning."] * 12)
FORMATS = {
    "txt": f"Tide Tables {PAYLOAD}\n\nThe tide comes in twice a day {PAYLOAD}. It goes out again.\n\n"
    f"Heading {PAYLOAD}\n\nMore text about the sea. It is salty.\n\n{PROSE}\n",
    "md": f"# Tide Tables {PAYLOAD}\n\nThe tide comes in twice a day {PAYLOAD}. It goes out again.\n\n"
    f"## Heading {PAYLOAD}\n\nMore text about the sea. It is salty.\n\n{PROSE}\n",
    "html": f"<html><head><title>Tide Tables {PAYLOAD}</title></head><body><article><h1>Tide Tables {PAYLOAD}</h1>"
    f"<p>The tide comes in twice a day {PAYLOAD}. It goes out again. The moon pulls the water.</p>"
    f"<h2>Heading {PAYLOAD}</h2><p>More text about the sea. It is salty and cold in winter.</p><p>{PROSE}</p>"
    f"</article></body></html>",
}

_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_clean_removes_every_control_but_newline_and_tab():
    assert clean(f"a{PAYLOAD}b\tc\nd\re\x00") == "a]52;c;ZWNobyBwd25lZA==\\]0;owned[2J[1A[2K2Jevilb\tc\nde"
    assert not _FORBIDDEN.search(clean("".join(chr(c) for c in range(0x200))))


def test_documents_keep_line_and_page_breaks():
    assert clean_document("a\r\nb\fc\x1b[2Jd") == "a\r\nb\fc[2Jd"


@pytest.mark.parametrize("suffix", sorted(FORMATS))
@pytest.mark.parametrize("command", [["outline"], ["outline", "--json"], ["preview", "--section", "1"]])
def test_escape_sequences_in_an_article_never_reach_the_terminal(tmp_path: Path, suffix: str, command: list[str]):
    path = tmp_path / f"tides.{suffix}"
    path.write_text(FORMATS[suffix], encoding="utf-8")
    result = runner.invoke(app, [command[0], str(path), *command[1:]])
    assert result.exit_code == 0, result.output
    assert "Tide" in result.output or "tide" in result.output
    assert not _FORBIDDEN.search(result.output), repr(result.output)
    assert "\\u001b" not in result.output  # not even escaped into JSON


def test_a_page_declaring_a_code_that_unescapes_text_cannot_make_escape_bytes(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_bytes(
        b'<html><head><meta charset="unicode_escape"><title>Tides</title></head><body><article>'
        b"<h1>Tides</h1><p>The tide comes in \\x1b[2J twice a day. It goes out again. The moon pulls "
        b"the water up the beach and lets it go.</p></article></body></html>"
    )
    result = runner.invoke(app, ["outline", str(page), "--json"])
    assert result.exit_code == 0, result.output
    assert ESC not in result.output and "\\u001b" not in result.output


def test_sidecar_files_of_an_export_carry_no_control_characters(tmp_path: Path):
    if sys.platform != "linux":
        pytest.skip("needs espeak-ng")
    path = tmp_path / "tides.md"
    path.write_text(FORMATS["md"], encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    sidecars = [p for p in out.rglob("*") if p.suffix in (".vtt", ".m3u8", ".m3u", ".xml", ".json", ".txt", ".srt")]
    assert sidecars
    for sidecar in sidecars:
        text = sidecar.read_text(encoding="utf-8")
        assert not _FORBIDDEN.search(text.replace("\r", "")), sidecar
        assert "\\u001b" not in text, sidecar


def test_an_error_naming_a_hostile_file_name_prints_no_escape(tmp_path: Path):
    result = runner.invoke(app, ["outline", str(tmp_path / f"missing{ESC}]0;owned\x07.txt")])
    assert result.exit_code == 1
    assert result.stderr.startswith("reader: error: ")
    assert not _FORBIDDEN.search(result.stderr)


def test_a_utf8_page_with_a_stray_byte_is_still_read_as_utf8():
    from reader.document.decoding import decode

    body = "Größe und Übermaß, ein Café am Fluss. " * 40
    data = f'<html><head><meta charset="utf-8"></head><body><p>{body}</p></body></html>'.encode("utf-8")
    data = data.replace(b"Fluss", b"Flu\xff", 1)
    text, encoding = decode(data, name="page.html")
    assert encoding == "utf-8"
    assert "Größe und Übermaß" in text and "Ã" not in text


@pytest.mark.parametrize("codec", ["unicode_escape", "raw_unicode_escape", "rot13", "base64", "punycode"])
def test_codecs_that_rewrite_text_are_never_taken_as_a_charset(codec: str):
    from reader.document.decoding import decode

    data = f'<html><head><meta charset="{codec}"></head><body><p>The tide \\x1b[2J comes in.</p></body></html>'
    text, encoding = decode(data.encode("ascii"), name="page.html")
    assert ESC not in text and "\\x1b[2J" in text

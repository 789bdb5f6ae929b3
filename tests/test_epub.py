"""EPUB books (issue 11): chapters titled and nested by the book's own table of
contents, front and back matter listed but not read, note markers not read,
damaged and DRM-protected books refused in one line; through the real CLI."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reader.cli import app
from tests.conftest import ROOT, outline_error
from tests.epubs import PROSE, BookSpec, Chapter, build_epub, ncx_only_epub2, novel_epub3

runner = CliRunner()


def outline_json(path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["outline", str(path), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def titled(outline: dict) -> list[tuple[int, str]]:
    return [(s["level"], s["title"]) for s in outline["sections"] if s["title"]]


def test_epub3_chapters_come_from_its_navigation_document(tmp_path):
    book = tmp_path / "harbour.epub"
    book.write_bytes(novel_epub3())
    outline = outline_json(book)
    assert outline["title"] == "The Harbour Book" and outline["author"] == "Ann Tide"
    assert titled(outline) == [(1, "Chapter One: The Wall"), (1, "Chapter Two: The Sea"), (2, "Repairs")]


def test_front_and_back_matter_are_listed_not_read_unless_asked(tmp_path):
    book = tmp_path / "harbour.epub"
    book.write_bytes(novel_epub3())
    outline = outline_json(book)
    reasons = " ".join(d["reason"] for d in outline["dropped"])
    for kind in ("cover", "title page", "copyright page", "notes", "index"):
        assert kind in reasons
    read = json.dumps(outline["sections"])
    assert "All rights reserved" not in read and "church hall, 1" not in read
    everything = json.dumps(outline_json(book, "--keep-all")["sections"])
    assert "All rights reserved" in everything and "The record tide of 1953." in everything


def test_note_markers_are_not_read_in_the_running_text(tmp_path):
    book = tmp_path / "harbour.epub"
    book.write_bytes(novel_epub3())
    result = runner.invoke(app, ["preview", str(book), "--section", "sea"])
    assert result.exit_code == 0, result.output
    assert "The sea rose higher than anyone could remember." in result.stdout
    assert "remember.1" not in result.stdout and "rebuilt it.2" not in result.stdout


def test_epub2_with_only_an_ncx_takes_its_chapter_titles_from_it(tmp_path):
    book = tmp_path / "parts.epub"
    book.write_bytes(ncx_only_epub2())
    outline = outline_json(book)
    assert titled(outline) == [(1, "The Quay"), (1, "The Lighthouse")]
    assert any("copyright page" in d["reason"] for d in outline["dropped"])


def test_a_book_without_a_table_of_contents_keeps_its_own_headings(tmp_path):
    chapters = [
        Chapter("a", f"<h1>Arrival</h1><p>{PROSE}</p><h2>The Pier</h2><p>{PROSE}</p>"),
        Chapter("b", f"<h1>Departure</h1><p>{PROSE}</p>"),
    ]
    book = tmp_path / "plain.epub"
    book.write_bytes(build_epub(BookSpec(chapters=chapters)))
    assert titled(outline_json(book)) == [(1, "Arrival"), (2, "The Pier"), (1, "Departure")]


def test_an_epub_renamed_to_zip_is_still_a_book(tmp_path):
    book = tmp_path / "harbour.zip"
    book.write_bytes(novel_epub3())
    assert titled(outline_json(book))[0] == (1, "Chapter One: The Wall")


def test_a_truncated_book_is_one_clear_line(tmp_path):
    book = tmp_path / "cut.epub"
    book.write_bytes(novel_epub3()[:1500])
    assert "is a damaged EPUB" in outline_error(book)


def test_a_drm_protected_book_is_refused(tmp_path):
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    spec = BookSpec(
        chapters=[Chapter("ch1", f"<p>{PROSE}</p>")], extra={"META-INF/encryption.xml": encryption.encode()}
    )
    book = tmp_path / "locked.epub"
    book.write_bytes(build_epub(spec))
    assert "protected by DRM" in outline_error(book)


def test_obfuscated_fonts_are_not_drm(tmp_path):
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/fonts/serif.otf"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    spec = BookSpec(
        chapters=[Chapter("ch1", f"<h1>One</h1><p>{PROSE}</p>")], extra={"META-INF/encryption.xml": encryption.encode()}
    )
    book = tmp_path / "fonts.epub"
    book.write_bytes(build_epub(spec))
    assert titled(outline_json(book)) == [(1, "One")]


def test_a_zip_bomb_is_not_unpacked(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for n in range(4):
            z.writestr(f"OEBPS/zeros{n}.xhtml", b"\0" * 100_000_000)
    book = tmp_path / "bomb.epub"
    book.write_bytes(buffer.getvalue())
    assert "unpacks to more than any book" in outline_error(book)


def test_forcing_epub_on_a_text_file_is_a_clearoutline_error(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Just some notes.\n")
    result = runner.invoke(app, ["outline", str(text), "--format", "epub"])
    assert result.exit_code != 0 and "is not an EPUB book" in result.output


@pytest.mark.e2e
def test_listen_jumps_to_a_chapter_of_a_book_by_name(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    book = tmp_path / "harbour.epub"
    book.write_bytes(novel_epub3())
    child = pexpect.spawn(
        sys.executable,
        ["-m", "reader", "listen", str(book), "--output", "text", "--rate", "200"],
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=20,
    )
    try:
        child.expect(r"\[1\] The harbour wall")
        child.send("g")
        child.expect("Go to section")
        child.send("repairs\r")
        child.expect(r"\[2\.1\] The harbour wall")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()

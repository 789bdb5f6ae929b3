"""Text PDFs (issue 11): PDFs written by code with reportlab, read through the
real CLI: headings from bookmarks or type size, running heads and page
numbers gone, hyphenation joined, two columns in order, references listed
as back matter; scans and encrypted files refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reader.cli import app
from tests.conftest import outline_error

pdfs = pytest.importorskip("tests.pdfs")
runner = CliRunner()


def outline_of(tmp_path: Path, data: bytes, *args: str, name: str = "report.pdf") -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["outline", str(path), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def titled(outline: dict) -> list[tuple[int, str]]:
    return [(s["level"], s["title"]) for s in outline["sections"] if s["title"]]


def read_text(outline: dict) -> str:
    return " ".join(t for s in outline["sections"] for t in s["sentences"])


@pytest.mark.parametrize("bookmarks", [True, False], ids=["bookmarks", "type-size"])
def test_headings_come_from_bookmarks_or_type_size(tmp_path, bookmarks):
    outline = outline_of(tmp_path, pdfs.report(bookmarks=bookmarks))
    assert outline["title"] == "Kettleby Harbour Report" and outline["author"] == "Ann Tide"
    assert titled(outline) == [(1, "The Wall"), (1, "The Sea"), (2, "Repairs")]


def test_running_heads_and_page_numbers_are_not_read(tmp_path):
    text = read_text(outline_of(tmp_path, pdfs.report()))
    assert "Draft for the council" not in text and "Page 2" not in text


def test_a_word_hyphenated_at_a_line_end_is_joined(tmp_path):
    text = read_text(outline_of(tmp_path, pdfs.report()))
    assert "allowed it to be rebuilt in the old way" in text
    assert "re- built" not in text and "re-built" not in text


def test_two_columns_are_read_one_after_the_other(tmp_path):
    outline = outline_of(tmp_path, pdfs.two_columns(), name="columns.pdf")
    text = read_text(outline)
    assert "Left column opens the story of the harbour and its old wall, which stood two hundred years." in text
    assert text.index("which stood two hundred years") < text.index("Right column ends the story")
    assert outline["title"] is None  # reportlab's default "untitled" is no title


def test_references_are_back_matter(tmp_path):
    outline = outline_of(tmp_path, pdfs.report())
    assert "Harbour walls. Kettleby Press" not in read_text(outline)
    assert any("references" in d["reason"] for d in outline["dropped"])
    assert "Kettleby Press" in read_text(outline_of(tmp_path, pdfs.report(), "--keep-all"))


def test_a_scan_without_text_names_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdfs.scan())
    assert "no text layer" in outline_error(path) and "ocrmypdf" in outline_error(path)


def test_an_encrypted_pdf_is_refused(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(pdfs.encrypted())
    assert "is encrypted" in outline_error(path)


def test_a_truncated_pdf_is_one_clear_line(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdfs.report()[:600])
    message = outline_error(path)
    assert "PDF" in message


@pytest.mark.parametrize("make", [pdfs.report, pdfs.two_columns])
def test_each_text_run_starts_where_pdfium_places_it(make):
    """Runs' first characters found from the page's text lines (the fast way)
    are those PDFium's position lookup gives, second columns included."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from reader.document.loaders.pdfpages import run_starts

    document = pdfium.PdfDocument(make())
    for number in range(len(document)):
        textpage = document[number].get_textpage()
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        looked_up = [
            raw.FPDFText_GetCharIndexAtPos(textpage.raw, r[0] + 1.0, (r[1] + r[3]) / 2, 3.0, 3.0) for r in rects
        ]
        assert run_starts(textpage, rects, textpage.get_text_range(0, textpage.count_chars())) == looked_up


def test_a_long_pdf_read_by_two_processes_is_the_pdf_read_by_one(monkeypatch):
    """Past PARALLEL_PAGES a second process reads the later half of the pages:
    the document is the same, every page's heading in page order."""
    from reader.document.loaders import pdf

    if not pdf._can_fork():
        pytest.skip("two processes only by fork, on Linux with two cores")
    pages = pdf.PARALLEL_PAGES + 2
    data = pdfs.long_report(pages)
    split = pdf.parse(data)
    monkeypatch.setattr(pdf, "PARALLEL_PAGES", 10**6)
    assert pdf.parse(data) == split
    headings = [b.text for b in split.blocks if b.kind == "heading"]
    assert headings == [f"Day {n} at the harbour" for n in range(1, pages + 1)]

"""PDFs written by code with reportlab for the tests: a report with running
heads, page numbers, hyphenation, headings by size and bookmarks; a
two-column page; a scan without text; an encrypted file."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4
BODY = ("Helvetica", 10)
LINE = 13

WALL = [
    "The harbour wall at Kettleby has stood for two hundred years and gave",
    "way this winter after three storms in a row. The council met on Monday",
    "and agreed that the masons would start as soon as the sea allowed it to",
    "be re-",
    "built in the old way, stone by stone, with lime mortar.",
]
SEA = [
    "The sea rose higher than anyone in the town could remember, and the",
    "boats were moved inland to the car park behind the church hall.",
]
REPAIRS = [
    "Stone by stone the masons rebuilt the wall over the spring. Each block",
    "was numbered so that it went back where it had been for two centuries.",
]


def _page_furniture(c: canvas.Canvas, page: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawString(72, HEIGHT - 40, "Kettleby Harbour Report - Draft for the council")
    c.drawString(WIDTH / 2, 30, f"Page {page}")


def _lines(c: canvas.Canvas, y: float, lines: list[str], font: tuple[str, int] = BODY) -> float:
    c.setFont(*font)
    for text in lines:
        c.drawString(72, y, text)
        y -= LINE
    return y - LINE  # a paragraph gap


def report(bookmarks: bool = False, title: str | None = "Kettleby Harbour Report") -> bytes:
    """Three pages: title, three sections (one a subsection), references, running heads, page numbers."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    if title:
        c.setTitle(title)
    c.setAuthor("Ann Tide")
    pages = [
        [
            ("title", "Kettleby Harbour Report"),
            ("h1", "The Wall"),
            ("p", WALL),
            ("p", SEA[:1] + ["and then the boats went."]),
        ],
        [("h1", "The Sea"), ("p", SEA), ("h2", "Repairs"), ("p", REPAIRS)],
        [("h1", "References"), ("p", ["Tide, A. (2026). Harbour walls. Kettleby Press."])],
    ]
    for number, items in enumerate(pages, start=1):
        _page_furniture(c, number)
        y = HEIGHT - 100
        for kind, content in items:
            if kind == "title":
                c.setFont("Helvetica-Bold", 22)
                c.drawString(72, y, str(content))
                y -= 40
            elif kind in ("h1", "h2"):
                c.setFont("Helvetica-Bold", 16 if kind == "h1" else 13)
                c.drawString(72, y, str(content))
                if bookmarks:
                    key = f"b{number}-{content}"
                    c.bookmarkHorizontal(key, 0, y + 20)
                    c.addOutlineEntry(str(content), key, level=0 if kind == "h1" else 1)
                y -= 24
            else:
                y = _lines(c, y, list(content))
        c.showPage()
    c.save()
    return buffer.getvalue()


LEFT = ["Left column opens the story of", "the harbour and its old wall,", "which stood two hundred years."]
RIGHT = ["Right column ends the story with", "the masons and the new stone", "they set in lime mortar."]


def two_columns() -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setFont(*BODY)
    for i, (left, right) in enumerate(zip(LEFT, RIGHT)):  # drawn row by row: the columns interleave in the file
        y = HEIGHT - 100 - i * LINE
        c.drawString(72, y, left)
        c.drawString(WIDTH / 2 + 20, y, right)
    c.showPage()
    c.save()
    return buffer.getvalue()


def scan() -> bytes:
    """A page with only shapes: no text layer."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for i in range(30):
        c.rect(72, HEIGHT - 100 - i * 14, 400, 8, fill=1)
    c.showPage()
    c.save()
    return buffer.getvalue()


def encrypted() -> bytes:
    from reportlab.lib import pdfencrypt

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.setFont(*BODY)
    c.drawString(72, HEIGHT - 100, "Nothing to see without the password.")
    c.showPage()
    c.save()
    return buffer.getvalue()


def long_report(pages: int) -> bytes:
    """``pages`` pages, each under a bold chapter heading naming its page, with running heads and page numbers."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle("Kettleby Harbour Logbook")
    for page in range(1, pages + 1):
        _page_furniture(c, page)
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, HEIGHT - 200, f"Day {page} at the harbour")  # clear of the running-head band
        _lines(c, HEIGHT - 230, WALL[:2] + SEA + REPAIRS)
        c.showPage()
    c.save()
    return buffer.getvalue()

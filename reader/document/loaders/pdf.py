"""Text PDFs: lines rebuilt into paragraphs, headings from the bookmarks or the
type size, running heads and page numbers removed.

pypdfium2 (PDFium, Apache-2.0/BSD; PyMuPDF is AGPL) hands over each page's
text runs with their boxes in reading order, which PDFium already derives
for multi-column pages. From them:

* a *line* is the runs on one baseline, with its type size and weight;
* lines that repeat at the top or bottom of most pages (running heads,
  "Page 3 of 9", a bare page number) are dropped;
* a *heading* is a bookmark's title found on its page, or, in a PDF without
  bookmarks, a short line set larger (or bolder) than the body text; levels
  follow the bookmarks' nesting or the type sizes;
* lines join into paragraphs until a larger gap, a size change or a heading;
  a word hyphenated at a line end is joined again ("re-" + "built");
* a References or Bibliography section is back matter: listed as dropped,
  read with ``--keep-all``.

A long PDF's pages are read by two processes, half each (PDFium is not
thread-safe); the page reading itself is :mod:`reader.document.loaders.pdfpages`.

A PDF with no text layer (a scan) is an error that names OCR as the way out;
an encrypted one asks for the password's owner to export it.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Final, Iterator

from reader.errors import ReaderError
from reader.document.loaders import article_language
from reader.document.loaders import pdfpages
from reader.document.loaders.htmltext import clean_text
from reader.document.model import Block, DroppedBlock, RawDocument
from reader.text import word_key

EDGE_SHARE: Final = 0.1
"""Lines within this share of the page height from its top or bottom may be running heads or page numbers."""
REPEAT_SHARE: Final = 0.4
"""An edge line whose text (digits ignored) is on at least this share of the pages is a running head."""
HEADING_SIZE_RATIO: Final = 1.15
"""A short line this much larger than the body text is a heading (in a PDF without bookmarks)."""
HEADING_MAX_WORDS: Final = 14
BOLD_HEADING_MAX_WORDS: Final = 8
"""A line of body size set in bold is a heading up to this many words (only
such lines are asked whether they are bold)."""
COLUMN_GAP: Final = 2.0
"""Runs on one baseline further apart than this many type sizes are in different columns."""
PARALLEL_PAGES: Final = 48
"""A PDF with this many pages or more is read by two processes (measured: they break even at about 24
pages, and save a fifth of the time at 48 and a third at 300)."""
MIN_COLUMN_LINES: Final = 3
"""Lines wholly in each half of a page that make it a two-column page."""
_NO_TITLE: Final = re.compile(r"^(?:untitled|anonymous|microsoft word - .*|.*\.(?:docx?|pdf|tex|odt|rtf))$", re.I)
"""Metadata titles that are a tool's default or a file name, not the document's title."""
PARAGRAPH_GAP: Final = 1.6
"""A line further below the one before than this many times its type size starts a new paragraph."""
BACK_MATTER: Final = re.compile(r"^(?:\d+\.?\s*)?(references|bibliography|works cited|literature cited)$", re.I)
_PAGE_NUMBER: Final = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.I)


_RUN_TEXT: Final = str.maketrans({"\r": " ", "\n": " ", "\x02": "-", "\ufffe": "-"})
"""Line breaks inside a run as spaces; PDFium's line-end hyphen (\x02 in
bounded text, U+FFFE in the page's text) as a hyphen."""


@dataclass(slots=True)
class Line:
    """One line of text on a page, in reading order."""

    text: str
    page: int
    top: float
    """Distance from the page's top, in points."""
    height: float
    size: float
    bold: bool
    """Every run of the line is bold; asked only of lines short enough for it to matter."""
    left: float
    right: float
    runs: list[int] = field(default_factory=list)
    """The index of each of its runs' first character on the page (−1: unknown)."""


def parse(data: bytes, *, keep_all: bool = False, name: str = "the PDF") -> RawDocument:
    """The PDF's text as headings and paragraphs."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReaderError(
                f"{name} is encrypted: open it with its password and export or print it to an unprotected PDF"
            ) from None
        raise ReaderError(f"{name} is a damaged PDF ({exc}): download or export it again") from None
    try:
        lines, pages = _lines(document, data)
        outline = list(pdfpages.bookmarks(document))
        meta = document.get_metadata_dict()
    finally:
        document.close()
    if not any(line.text.strip() for line in lines):
        raise ReaderError(
            f"{name} has no text layer (a scan or images of text): make it searchable with OCR first, "
            "e.g. 'ocrmypdf in.pdf out.pdf', then read out.pdf"
        )
    lines = _drop_running_heads(lines, pages)
    blocks = list(_blocks(lines, outline))
    blocks, dropped = _back_matter(blocks, keep_all)
    declared = clean_text(meta.get("Title") or "")
    title = declared if declared and not _NO_TITLE.match(declared) else _largest_line(lines)
    if title:  # the title set on the first page is the title, not a heading or paragraph to read again
        blocks = [b for i, b in enumerate(blocks) if not (i < 3 and word_key(b.text) == word_key(title))]
    author = clean_text(meta.get("Author") or "")
    return RawDocument(
        title=title or None,
        blocks=tuple(blocks),
        author=author if author and not _NO_TITLE.match(author) else None,
        language=article_language(None, blocks, title),
        dropped=tuple(dropped),
    )


def _lines(document: Any, data: bytes) -> tuple[list[Line], int]:
    """Every page's lines: PDFium's text runs, merged per baseline, in its reading order.

    A long PDF is read by two processes, each taking half of its pages
    (PDFium is not thread-safe, and its text extraction is most of the time)."""
    pages = len(document)
    if pages < PARALLEL_PAGES or not _can_fork():
        return _page_lines(document, range(pages)), pages
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    half = pages // 2
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        second = pool.submit(_lines_in_child, data, half, pages)
        first = _page_lines(document, range(half))
        return first + [Line(*row) for row in second.result()], pages


def _can_fork() -> bool:
    """Two processes by fork: on Linux with more than one core, and only from a
    process with one thread (elsewhere, or beside other threads, fork is unsafe)."""
    import os
    import threading

    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _lines_in_child(data: bytes, start: int, stop: int) -> list[tuple]:
    """The lines of pages ``start`` to ``stop`` as plain tuples (they cross
    the process boundary in half the time of the objects)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        lines = _page_lines(document, range(start, stop))
    finally:
        document.close()
    return [(x.text, x.page, x.top, x.height, x.size, x.bold, x.left, x.right, x.runs) for x in lines]


def _page_lines(document: Any, numbers: range) -> list[Line]:
    """The lines of the pages ``numbers``."""
    import pypdfium2.raw as raw

    lines: list[Line] = []
    fonts = pdfpages.Fonts()
    for number in numbers:
        page = document[number]
        height = page.get_height()
        textpage = page.get_textpage()
        page_lines: list[Line] = []
        try:
            current: Line | None = None
            for left, bottom, right, top, index, text in pdfpages.runs(textpage):
                text = text.translate(_RUN_TEXT).strip()
                if not text:
                    continue
                size = float(raw.FPDFText_GetFontSize(textpage.raw, index)) if index >= 0 else top - bottom
                run = Line(text, number, height - top, top - bottom, round(size, 1), False, left, right, [index])
                same_line = current is not None and abs(current.top - run.top) < 0.5 * max(run.height, 1.0)
                if current is not None and same_line and 0 <= run.left - current.right < COLUMN_GAP * max(size, 1.0):
                    current.text += " " + run.text
                    current.runs.append(index)
                    current.right = run.right
                    continue
                if current is not None:
                    page_lines.append(current)
                current = run
            if current is not None:
                page_lines.append(current)
            for line in page_lines:
                if len(line.text.split()) <= BOLD_HEADING_MAX_WORDS:
                    line.bold = all(fonts.bold(textpage, index) for index in line.runs)
            lines.extend(_reading_order(page_lines, page.get_width()))
        finally:
            textpage.close()
            page.close()
    return lines


def _reading_order(lines: list[Line], width: float) -> list[Line]:
    """The page's lines with two columns read one after the other: when
    several lines sit wholly in each half of the page, the left column's
    lines (top to bottom) come before the right column's; lines spanning
    both (a title, a footer) keep their place above or below them."""
    middle = width / 2
    left = [line for line in lines if line.right <= middle + 2]
    right = [line for line in lines if line.left >= middle - 2]
    if len(left) < MIN_COLUMN_LINES or len(right) < MIN_COLUMN_LINES:
        return lines
    columns_top = min(line.top for line in left + right)
    spanning = [line for line in lines if line not in left and line not in right]
    above = [line for line in spanning if line.top < columns_top]
    below = [line for line in spanning if line.top >= columns_top]
    by_top = lambda group: sorted(group, key=lambda line: line.top)  # noqa: E731
    return by_top(above) + by_top(left) + by_top(right) + by_top(below)


def _edge_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.casefold()).strip()


def _drop_running_heads(lines: list[Line], pages: int) -> list[Line]:
    """Without the lines at the top or bottom of pages that repeat on most pages, and page numbers."""
    heights = max((line.top + line.height for line in lines), default=0.0)
    edge = EDGE_SHARE * heights

    def at_edge(line: Line) -> bool:
        return line.top < edge or line.top + line.height > heights - edge

    counts = Counter(_edge_key(line) for line in lines if at_edge(line))
    repeated = {key for key, n in counts.items() if pages >= 2 and n >= max(2, REPEAT_SHARE * pages)}
    return [
        line
        for line in lines
        if not (at_edge(line) and (_edge_key(line) in repeated or _PAGE_NUMBER.match(line.text.strip())))
    ]


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _blocks(lines: list[Line], outline: list[tuple[int, str, int]]) -> Iterator[Block]:
    """Headings and paragraphs from the lines."""
    body = _body_size(lines)
    bookmarks = {(page, word_key(title)): level for level, title, page in outline if title}
    sized = [not bookmarks and _size_heading(line, body) for line in lines]
    heading_sizes = sorted({line.size for line, heading in zip(lines, sized) if heading}, reverse=True)
    paragraph: list[Line] = []

    def flush() -> Iterator[Block]:
        if paragraph:
            yield Block("paragraph", _join(paragraph))
            paragraph.clear()

    previous: Line | None = None
    for line, heading in zip(lines, sized):
        level = bookmarks.get((line.page, word_key(line.text))) if bookmarks else None
        if heading:
            level = heading_sizes.index(line.size) + 1
        if level is not None:
            yield from flush()
            yield Block("heading", line.text, min(level, 6))
            previous = None
            continue
        if previous is not None and not _continues(previous, line):
            yield from flush()
        paragraph.append(line)
        previous = line
    yield from flush()


def _size_heading(line: Line, body: float) -> bool:
    words = len(line.text.split())
    if not 1 <= words <= HEADING_MAX_WORDS or line.text.rstrip().endswith((".", ",", ";")):
        return False
    return line.size >= HEADING_SIZE_RATIO * body or (
        line.bold and line.size >= body and words <= BOLD_HEADING_MAX_WORDS
    )


def _continues(previous: Line, line: Line) -> bool:
    """``line`` is the next line of the paragraph ``previous`` is in: the
    same size, one line pitch lower (not a gap), or across a page break
    mid-sentence."""
    if line.page != previous.page:
        return not previous.text.rstrip().endswith((".", "!", "?", ":")) or line.text[:1].islower()
    if abs(line.size - previous.size) > 0.6:
        return False
    pitch = line.top - previous.top
    return 0 < pitch <= PARAGRAPH_GAP * max(previous.size, previous.height, 1.0)


def _join(lines: list[Line]) -> str:
    """The lines as one paragraph: a word hyphenated at a line end joined again."""
    text = ""
    for line in lines:
        piece = line.text.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].islower():
            text = text[:-1] + piece
        else:
            text = f"{text} {piece}" if text else piece
    return clean_text(text)


def _back_matter(blocks: list[Block], keep_all: bool) -> tuple[list[Block], list[DroppedBlock]]:
    """A References section (to the next heading of its level or higher) is not read."""
    if keep_all:
        return blocks, []
    out: list[Block] = []
    dropped: list[DroppedBlock] = []
    skipping: int | None = None
    for block in blocks:
        if block.kind == "heading" and skipping is not None and block.level <= skipping:
            skipping = None
        if block.kind == "heading" and BACK_MATTER.match(block.text.strip()):
            skipping = block.level
        if skipping is not None:
            dropped.append(DroppedBlock(block.text, "references (back matter; --keep-all reads it)"))
        else:
            out.append(block)
    return out, dropped


def _largest_line(lines: list[Line]) -> str | None:
    """The first page's line set largest: the title when the PDF names none."""
    first = [line for line in lines if line.page == 0 and len(line.text.split()) <= 20]
    if not first:
        return None
    biggest = max(line.size for line in first)
    if biggest < HEADING_SIZE_RATIO * statistics.median(line.size for line in lines):
        return None
    return next(line.text for line in first if line.size == biggest)


def looks_like_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


MEDIA_TYPE: Final = "application/pdf"

__all__ = ["MEDIA_TYPE", "looks_like_pdf", "parse"]

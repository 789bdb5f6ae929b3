"""What PDFium gives of a PDF's pages: text runs with their boxes and first
characters, boldness, and the bookmarks; the layout is :mod:`reader.document.loaders.pdf`'s.

Kept apart because it is the ctypes side: pypdfium2's raw calls with
out-parameters made once and reused (its helpers make new ones per call,
which costs more than the text itself on a long document).
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Final, Iterator

from reader.errors import ReaderError
from reader.document.loaders.htmltext import clean_text


def bookmarks(document: Any) -> Iterator[tuple[int, str, int]]:
    """``(level, title, page index)`` of each bookmark that points at a page."""
    for bookmark in document.get_toc():
        destination = bookmark.get_dest()
        page = destination.get_index() if destination is not None else None
        title = clean_text(bookmark.get_title() or "")
        if title and page is not None:
            yield bookmark.level + 1, title, page


class Fonts:
    """Boldness of characters (by weight or by a "Bold"/"Black" font name),
    with one name buffer and each font name judged once."""

    def __init__(self) -> None:
        import ctypes

        self._buffer = ctypes.create_string_buffer(128)
        self._flags = ctypes.c_int(0)
        self._flags_ref = ctypes.byref(self._flags)
        self._bold_names: dict[bytes, bool] = {}

    def bold(self, textpage: Any, index: int) -> bool:
        import pypdfium2.raw as raw

        if index < 0:
            return False
        if raw.FPDFText_GetFontWeight(textpage.raw, index) >= 600:
            return True
        raw.FPDFText_GetFontInfo(textpage.raw, index, self._buffer, len(self._buffer), self._flags_ref)
        name = self._buffer.value
        bold = self._bold_names.get(name)
        if bold is None:
            lowered = name.decode("latin-1", "replace").lower()
            bold = self._bold_names[name] = any(w in lowered for w in ("bold", "black", "heavy", "semibold"))
        return bold


_TEXT_LINE: Final = re.compile(r"[^\r\n]+")
"""A line of a page's text as PDFium gives it (it ends lines with CR LF)."""


def runs(textpage: Any) -> Iterator[tuple[float, float, float, float, int, str]]:
    """PDFium's text runs of a page: ``(left, bottom, right, top, first char index, text)``.

    A run's text is the page text from its first character to the next run's
    (runs come in text order): one call for the whole page's text, where asking
    PDFium for each run's bounded text scans the page once per run."""

    rects = _rects(textpage)
    count = textpage.count_chars()
    full = textpage.get_text_range(0, count)
    starts = run_starts(textpage, rects, full)
    ends = starts[1:] + [count]
    for (left, bottom, right, top), start, end in zip(rects, starts, ends):
        if len(full) == count and 0 <= start < end:
            text = full[start:end]
        else:  # characters beyond the BMP, or a run PDFium cannot place: ask for its text
            text = textpage.get_text_bounded(left, bottom, right, top)
        yield left, bottom, right, top, start, text


def _out_doubles(count: int) -> tuple[list[Any], list[Any]]:
    """``count`` C doubles and references to them, for PDFium calls that fill
    them in (made once and reused call after call)."""
    import ctypes

    values = [ctypes.c_double() for _ in range(count)]
    return values, [ctypes.byref(value) for value in values]


def _rects(textpage: Any) -> list[tuple[float, float, float, float]]:
    """Every run's box ``(left, bottom, right, top)``, through one set of
    ctypes out-parameters (pypdfium2's ``get_rect`` makes four per call)."""
    import pypdfium2.raw as raw

    count = textpage.count_rects()
    (left, top, right, bottom), refs = _out_doubles(4)  # PDFium's order: left, top, right, bottom
    rects = []
    for index in range(count):
        if not raw.FPDFText_GetRect(textpage.raw, index, *refs):
            raise ReaderError("PDFium could not place a run of text on a page of this PDF")
        rects.append((left.value, bottom.value, right.value, top.value))
    return rects


def run_starts(textpage: Any, rects: list[tuple[float, float, float, float]], full: str) -> list[int]:
    """The index of each run's first character. A line of the page's text
    starts the first run on its baseline (checked against that character's
    box); only a further run on the same baseline (a second column) is looked
    up by position, which costs PDFium a scan of the page."""

    import pypdfium2.raw as raw

    def at(rect: tuple[float, float, float, float]) -> int:
        return int(raw.FPDFText_GetCharIndexAtPos(textpage.raw, rect[0] + 1.0, (rect[1] + rect[3]) / 2, 3.0, 3.0))

    box, box_refs = _out_doubles(4)  # left, right, bottom, top: filled by each call

    def inside(index: int, rect: tuple[float, float, float, float]) -> bool:
        if not raw.FPDFText_GetCharBox(textpage.raw, index, *box_refs):
            return False
        x, y = (box[0].value + box[1].value) / 2, (box[2].value + box[3].value) / 2
        return rect[0] - 1 <= x <= rect[2] + 1 and rect[1] - 1 <= y <= rect[3] + 1

    line_starts = [m.start() for m in _TEXT_LINE.finditer(full)]
    starts: list[int] = []
    line = -1
    for i, rect in enumerate(rects):
        same_baseline = i > 0 and abs((rect[1] + rect[3]) - (rects[i - 1][1] + rects[i - 1][3])) < rect[3] - rect[1]
        if not same_baseline and line + 1 < len(line_starts) and inside(line_starts[line + 1], rect):
            line += 1
            starts.append(line_starts[line])
        else:
            starts.append(at(rect))
            line = bisect.bisect_right(line_starts, starts[-1]) - 1  # back in step with the text's lines
    return starts


__all__ = ["Fonts", "bookmarks", "run_starts", "runs"]

"""Cut scraped plain text into units: paragraphs, list items, quotes and code.

A unit is one paragraph-like piece of the page, before headings are decided.
Scrapes come one line per paragraph or hard-wrapped at 72–80 columns, so the
wrap width is detected first and the lines of a wrapped paragraph are joined;
Markdown-like markers the page kept (``#``, bullets, ``1.``, ``>``, fences,
underlines) start units of their kind; wiki "[edit]" links and footnote
markers are dropped because they are read aloud as noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Iterator, Literal

from reader.document.loaders.bylines import byline_author
from reader.document.loaders.casing import is_caps_line
from reader.document.loaders.emphasis import strip_emphasis
from reader.text import CLOSERS, collapse_whitespace, split_words

UnitKind = Literal["text", "list", "quote", "code", "dek"]
"""``dek``: a subtitle under the title, always read as intro text."""

_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s*([-*_=~•·])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)[-*+•·▪◦‣●○■□►▸➤✓✔–]\s+(\S.*)$")
_ORDERED = re.compile(r"^(\s*)(?:(\d{1,3})[.)]|\(?([a-zA-Z]|\d{1,3})\))\s+(\S.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
CELL_GAP: Final = 4
"""Spaces between two words that no sentence has: a renderer laid out a table's cells in one line
(inscriptis puts a page's layout columns side by side: "Home      Storm Closes the Coast Road")."""
_CELL_GAP = re.compile(rf"(?<=\S) {{{CELL_GAP},}}(?=\S)")
WRAP_SLACK: Final = 2
"""Columns of doubt about where wrapped lines end: a line that would have held the next line's first word
with this much room to spare was ended, not wrapped (a headline over "printable version", a title over its
byline)."""

NEAR_WIDTH: Final = 0.7
"""A line this share of the wrap width long or longer is near it: long enough that the wrapper may have cut it."""
MIN_LONG_LINES: Final = 5
LONG_CUT_SHARE: Final = 0.4
"""Text is wrapped, however many short lines (a text browser's menus) it holds, when of its
:data:`MIN_LONG_LINES` or more lines near the width this share stop mid-sentence over a line going on in
lower case (text of one line per paragraph ends its long lines with a full stop)."""

_EDIT_LINK = re.compile(r"\s*\[\s*(?:edit|edit source)\s*\]\s*$", re.I)
_CITATION_MARK = (
    r"\[(?:\d{1,3}|[a-z]|(?:note|nb|n) ?\d{1,3}|citation needed|clarification needed|according to whom\?"
    r"|when\?|who\?|which\?|by whom\?|failed verification|dubious\s*[–-]\s*discuss|better source needed)\]"
)
_CITATION_AFTER_PUNCTUATION = re.compile(rf"[.,;:\"”)]{_CITATION_MARK}", re.I)
_CITATION = re.compile(rf"(?<=[\w.,;:!?)\"”’'])(?:{_CITATION_MARK})+(?=[\s.,;:!?)]|$)", re.I)

_SAYABLE = re.compile(r"[^\W_]")
"""A letter or digit: a unit without one has nothing to read ("_ _", "|", "* |")."""

_TERMINAL = ".!?:;"
_FUNCTION_WORD_END = re.compile(
    r"\b(the|a|an|of|in|to|and|or|for|with|on|at|by|from|as|that|is|are|was|were|this|their|its|our|your)$"
)


@dataclass
class Unit:
    """One paragraph-like piece of the source, before headings are decided."""

    kind: UnitKind
    text: str
    chunk: int
    """Index of the blank-line-separated chunk it came from."""
    lines: int = 1
    ordinal: int | None = None
    """The number of a ``1.``/``1)`` list item."""
    explicit_level: int | None = None
    """Heading level given by the source (``#``, underline, ``2.3``)."""
    alone: bool = False
    """Blank lines (or the text's edges) on both sides."""
    heading: bool = False
    level: int = 0
    style: str = "plain"
    """How it was set: ``plain``, ``markdown`` (``#``), ``underline=``, ``numbered``, ``caps``, ``label``,
    ``wiki`` (a wiki's section-edit link, "[edit]", ended it) or ``cell`` (one cell of a row a renderer
    laid out: never a heading)."""
    indent: int = 0
    """The columns its first line is set in by (a list item's: its bullet's)."""
    raw_lines: list[str] = field(default_factory=list)
    """A code block's lines as written; for other units, the pieces of text their later lines add, joined
    onto ``text`` once the units are finished."""
    toc_level: int | None = None
    """The depth a numbered table of contents gave this line."""
    score: float = 1.0
    """The boilerplate model's probability that this is article text (1 when no model ran)."""


def _is_marker_line(line: str) -> bool:
    return bool(
        _MD_HEADING.match(line)
        or _RULE.match(line)
        or _BULLET.match(line)
        or _ORDERED.match(line)
        or _QUOTE.match(line)
        or _FENCE.match(line)
    )


def _wrap_width(lines: list[str]) -> int | None:
    """The column the text is hard-wrapped at, or ``None`` if it is not wrapped.

    Wrapped text breaks lines mid-sentence: many lines end without
    punctuation and the next line starts in lower case. One-line-per-paragraph
    text (the usual scrape) almost never does.
    """
    plain = [ln for ln in lines if ln.strip() and not _is_marker_line(ln)]
    if len(plain) < 4:
        return None
    lengths = sorted(len(ln.strip()) for ln in plain)
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if width > 110:
        return None
    breaks = list(_text_line_breaks(lines))
    cut = [len(a.strip()) for a, b in breaks if _is_cut(a, b)]  # lengths of lines that stop mid-sentence
    # a wrapped line is cut close to the width; short cut lines are list items under a label
    full = sum(1 for n in cut if n >= NEAR_WIDTH * width)
    if full < 0.5 * len(cut):
        return None
    if len(breaks) >= 3 and len(cut) >= 0.25 * len(breaks):
        return width
    # a text browser's page: menus of short lines dilute the breaks, but its long lines are still cut
    long = sum(1 for a, _ in breaks if len(a.strip()) >= NEAR_WIDTH * width)
    return width if long >= MIN_LONG_LINES and full >= LONG_CUT_SHARE * long else None


def _wrap_column(lines: list[str]) -> int | None:
    """The column wrapped lines end by, their indentation included (a line indented deeper has less room),
    measured on the lines cut mid-sentence only: a converter leaves long links and rules unbroken."""
    cut = sorted(len(a.rstrip()) for a, b in _text_line_breaks(lines) if _is_cut(a, b))
    return cut[int(0.95 * (len(cut) - 1))] if cut else None


def _text_line_breaks(lines: list[str]) -> Iterator[tuple[str, str]]:
    """Each line of text with the line of text right under it (blank and marker lines break no sentence)."""
    for a, b in zip(lines, lines[1:]):
        if a.strip() and b.strip() and not _is_marker_line(a) and not _is_marker_line(b):
            yield a, b


def _is_cut(line: str, below: str) -> bool:
    """``line`` stops mid-sentence and ``below`` goes on in lower case: a wrapper's cut."""
    return _is_open_end(line) and below.strip()[0].islower()


def _is_open_end(line: str) -> bool:
    """The line stops mid-sentence (no closing punctuation)."""
    s = line.rstrip()
    return bool(s) and s[-1] not in _TERMINAL + CLOSERS


def _continues(previous: str, line: str, unit: Unit, wrap: int | None, column: int | None = None) -> bool:
    """Does ``line`` continue the unit whose last source line is ``previous``? (``column``: the column
    wrapped lines end by, see :func:`_wrap_column`.) Nothing continues a byline, even where the line under
    it would not have fit beside it in wrapped text (checked only for a line that would join: the check
    costs more than the rules)."""
    return _runs_on(previous, line, unit, wrap, column) and not (
        unit.lines == 1 and isinstance(byline_author(previous.strip()), str)
    )


def _runs_on(previous: str, line: str, unit: Unit, wrap: int | None, column: int | None) -> bool:
    """:func:`_continues` by layout alone. A line set deeper than a list item's bullet continues the item,
    but for a byline under a line its writer ended: a text browser sets a blog's posts as list items, and
    the post's title then ran on into its byline."""
    if unit.style == "markdown" and unit.explicit_level is not None:
        # a converter wraps its ``#`` headings too (html2text at 78 columns): the next line finishes one cut near the width
        return wrap is not None and not _is_marker_line(line) and len(previous.rstrip()) >= 0.8 * wrap
    if _is_marker_line(line) or unit.kind == "code" or unit.explicit_level is not None:
        return False
    stripped = line.strip()
    indent = len(line) - len(line.lstrip())
    prev = previous.rstrip()
    if unit.kind == "list" and indent > unit.indent:
        return not (_line_ended(prev, stripped, wrap, column) and isinstance(byline_author(stripped), str))
    if re.match(r"[,.;:!?)\]}»”’%](?:\s|$)", stripped):
        return True  # no line starts with a comma: a link or bold word was set on a line of its own
    if is_caps_line(prev) and not is_caps_line(stripped):
        return False
    if re.search(r"[A-Za-z]-$", prev) and stripped[0].islower():
        return True
    if column is not None and _line_ended(prev, stripped, None, column):
        return False  # a wrapper cuts a line only where the next word does not fit: this line was ended
    mid_sentence = len(prev) >= 30 and (_FUNCTION_WORD_END.search(prev) or prev.endswith(","))
    if _is_open_end(prev) and (mid_sentence or (stripped[0].islower() and _may_run_on(prev, wrap))):
        return True
    if wrap is not None and len(prev.strip()) >= NEAR_WIDTH * wrap and not prev.endswith(":"):
        return True
    return False


def _line_ended(prev: str, line: str, wrap: int | None, column: int | None) -> bool:
    """Did ``prev`` end where its writer ended it, not where a wrapper cut it (the next word would fit)?"""
    width = column if column is not None else wrap
    return width is None or len(prev) + 1 + len(line.split()[0]) < width - WRAP_SLACK


def _may_run_on(prev: str, wrap: int | None) -> bool:
    """Can a line starting in lower case continue ``prev``?

    In wrapped text, yes. In one-line-per-paragraph text a short line
    followed by lower-case lines is a label over list items whose bullets
    were lost ("Symptoms include:" / "sneezing" / "a runny nose"); only a
    line visibly cut mid-phrase (a link split out of its sentence) runs on.
    """
    return wrap is not None or bool(_FUNCTION_WORD_END.search(prev)) or prev.endswith(("-", "—"))


def _join(unit: Unit, line: str) -> None:
    """Add ``line`` to the end of ``unit``'s text, in its pieces (one string for the whole text would be
    copied at every line: quadratic in a unit of many lines)."""
    line = line.strip()
    tail = unit.raw_lines[-1] if unit.raw_lines else unit.text
    if re.search(r"[A-Za-z]-$", tail[-2:]) and line[:1].islower():
        unit.raw_lines.append(line)  # a word hyphenated at the wrap ("well-" + "known")
    elif re.match(r"[,.;:!?)\]}»”’%]", line):
        unit.raw_lines.append(line)  # a link or bold word set on its own line: "Flammkuchen" + ", morgen"
    else:
        unit.raw_lines.append(" " + line)


def _fence_after(fence: str | None, line: str) -> str | None:
    """The code fence open after ``line`` (``None`` outside one): a line starting ``` or ~~~ opens
    one, and inside it a line starting with the same marker closes it."""
    if fence is not None:
        return None if line.strip().startswith(fence) else fence
    match = _FENCE.match(line)
    return match.group(1) if match else None


def _cells(lines: list[str]) -> Iterator[tuple[str | None, bool]]:
    """The lines, each row of laid-out cells cut into its cells (outside code fences); ``None``
    between two cells (a gap, like a blank line). The flag says the line is one of a row's cells."""
    fence: str | None = None
    for line in lines:
        inside = fence is not None
        fence = _fence_after(fence, line)
        if inside or fence is not None or not _CELL_GAP.search(line):
            yield line, False
            continue
        indent = line[: len(line) - len(line.lstrip())]
        for k, cell in enumerate(_CELL_GAP.split(line.strip())):
            if k:
                yield None, True
            yield (cell if k else indent + cell), True


def units_from_lines(lines: list[str]) -> list[Unit]:
    """Cut lines into units; blank lines separate chunks."""
    wrap = _wrap_width(lines)
    column = _wrap_column(lines) if wrap is not None else None
    units: list[Unit] = []
    chunk = 0
    current: Unit | None = None
    previous_line = ""
    fence: str | None = None
    for line, is_cell in _cells(lines):
        if line is None:
            chunk += 1
            current = None
            continue
        if fence is not None:
            fence = _fence_after(fence, line)
            if fence is None:
                current = None
            else:
                assert current is not None
                current.raw_lines.append(line)
            continue
        if not line.strip():
            chunk += 1
            current = None
            continue
        fence = _fence_after(None, line)
        if fence is not None:
            current = Unit("code", "", chunk)
            units.append(current)
            continue
        if current is not None and current.kind == "text" and current.lines == 1 and _RULE.match(line):
            char = line.strip()[0]
            if char in "=-" and len(split_words(current.text)) <= 15 and current.explicit_level is None:
                current.explicit_level = 1 if char == "=" else 2
                current.style = f"underline{char}"
                current = None
                continue
        if current is not None and current.kind == "quote" and _QUOTE.match(line):
            body = _QUOTE.match(line).group(1).strip()  # type: ignore[union-attr]
            if body:
                _join(current, body)
                current.lines += 1
            else:
                current = None
            continue
        if current is not None and _continues(previous_line, line, current, wrap, column):
            _join(current, line)
            current.lines += 1
            previous_line = line
            continue
        current = _new_unit(line, chunk)
        previous_line = line
        if current is not None:
            if is_cell and current.style == "plain":
                current.style = "cell"
            units.append(current)
    return _finished(units, _has_citation_markers(lines))


def _finished(units: list[Unit], citations: bool) -> list[Unit]:
    """The units' text tidied (code kept as written), those with nothing to
    say dropped, and each marked whether it is alone in its chunk."""
    for unit in units:
        if unit.kind == "code":
            unit.text = "\n".join(unit.raw_lines)
        else:
            unit.text += "".join(unit.raw_lines)
            # Whitespace collapsed first: the marks' patterns then scan no long runs of it (linear time).
            text, edit_link = _strip_wiki_marks(collapse_whitespace(unit.text), citations)
            if edit_link and unit.kind == "text" and unit.style == "plain":
                unit.style = "wiki"
            unit.text = collapse_whitespace(strip_emphasis(text))
    units = [u for u in units if _SAYABLE.search(u.text) or (u.kind == "code" and u.text.strip())]
    chunk_sizes: dict[int, int] = {}
    for unit in units:
        chunk_sizes[unit.chunk] = chunk_sizes.get(unit.chunk, 0) + 1
    for unit in units:
        unit.alone = chunk_sizes[unit.chunk] == 1
    return units


def _has_citation_markers(lines: list[str]) -> bool:
    """Wiki-style footnote markers ("…together.[1]") appear more than once."""
    return sum(len(_CITATION_AFTER_PUNCTUATION.findall(line)) for line in lines) >= 2


def _strip_wiki_marks(text: str, citations: bool) -> tuple[str, bool]:
    """Drop "[edit]" after headings and, in wiki-style text, footnote markers (read aloud as noise); and
    whether an "[edit]" link was dropped (the line is then a wiki's section heading)."""
    text, edit_links = _EDIT_LINK.subn("", text)
    return (_CITATION.sub("", text) if citations else text), edit_links > 0


def _new_unit(line: str, chunk: int) -> Unit | None:
    if _RULE.match(line):
        return None  # a separator such as *** or ---
    heading = _MD_HEADING.match(line)
    if heading:
        unit = Unit("text", heading.group(2).strip(), chunk, explicit_level=len(heading.group(1)))
        unit.style = "markdown"
        return unit
    quote = _QUOTE.match(line)
    if quote:
        return Unit("quote", quote.group(1).strip(), chunk) if quote.group(1).strip() else None
    bullet = _BULLET.match(line)
    if bullet:  # a converter's heading inside an item ("* #### Title") is the item's text without its marks
        item = _MD_HEADING.match(bullet.group(2))
        return Unit("list", item.group(2) if item else bullet.group(2), chunk, indent=len(bullet.group(1)))
    ordered = _ORDERED.match(line)
    if ordered:
        number = ordered.group(2)
        return Unit(
            "list", ordered.group(4), chunk, ordinal=int(number) if number else None, indent=len(ordered.group(1))
        )
    return Unit("text", line.strip(), chunk, indent=len(line) - len(line.lstrip()))


__all__ = ["Unit", "UnitKind", "units_from_lines"]

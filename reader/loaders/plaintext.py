"""Plain text, typically scraped from a web page, to a :class:`RawDocument`.

Scraped text has lost its markup: headings are bare short lines, paragraphs
may be one line each or hard-wrapped at 72–80 columns, and the page's chrome
(breadcrumbs, share buttons, "Related posts") is mixed in. The pipeline:

1. normalise odd characters and line ends;
2. cut the text into *units* (paragraphs, list items, quotes, code), joining
   the lines of hard-wrapped paragraphs;
3. drop chrome at the page edges, isolated chrome lines and the page tail;
4. drop a table of contents that repeats later headings;
5. take the title (a repeated title counts once) and byline lines;
6. score each remaining line as heading or prose, and give headings levels
   from explicit markers (``#``, underlines, ``2.3``) or from structure
   (a heading followed directly by a heading is its parent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

from reader.loaders import chrome
from reader.loaders.bylines import byline_author as _byline_author
from reader.loaders.pagehead import find_page_head
from reader.loaders.toc import drop_table_of_contents as _drop_table_of_contents
from reader.loaders.toc import is_short_line as _is_short_line
from reader.loaders.toc import match_key as _match_key
from reader.model import Block, RawDocument

UnitKind = Literal["text", "list", "quote", "code", "dek"]
"""``dek``: a subtitle under the title, always read as intro text."""

_DROP_CHARS: Final = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u180e"), None)
_SPACE_CHARS: Final = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v]")

_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s*([-*_=~•·])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)[-*+•·▪◦‣●○■□►▸➤✓✔–]\s+(\S.*)$")
_ORDERED = re.compile(r"^(\s*)(?:(\d{1,3})[.)]|\(?([a-zA-Z]|\d{1,3})\))\s+(\S.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
_PLAIN_NUMBER = re.compile(r"^(\d{1,2})\s+([A-Z].*)$")

_EDIT_LINK = re.compile(r"\s*\[\s*(?:edit|edit source)\s*\]\s*$", re.I)
_CITATION_MARK = (
    r"\[(?:\d{1,3}|[a-z]|(?:note|nb|n) ?\d{1,3}|citation needed|clarification needed|according to whom\?"
    r"|when\?|who\?|which\?|by whom\?|failed verification|dubious\s*[–-]\s*discuss|better source needed)\]"
)
_CITATION_AFTER_PUNCTUATION = re.compile(rf"[.,;:\"”)]{_CITATION_MARK}", re.I)
_CITATION = re.compile(rf"(?<=[\w.,;:!?)\"”’'])(?:{_CITATION_MARK})+(?=[\s.,;:!?)]|$)", re.I)

_ADMONITION = re.compile(
    r"^(note|tip|hint|warning|caution|important|info|danger|attention|remember|heads up)\s*:?$", re.I
)
_BYLINE_PREFIX = re.compile(r"^(by|author|written by)\b", re.I)
_FIELD = re.compile(r"^[A-Z][\w ]{0,24}:\s+\S.{0,40}$")
"""A "Key: Value" line of a metadata block ("Prep Time: 10 minutes")."""

_TERMINAL = ".!?:;"
_CLOSERS = "\"'”’)]»"
_SMALL_WORDS: Final = frozenset(
    "a an the and but or nor for so yet of in on at to by up as is it its with from into onto over per via vs "
    "than be are was were do does not no if how what why when where who vs.".split()
)
_ABBREVIATIONS: Final = frozenset("mr mrs ms dr st mt vs no vol fig jr sr prof inc ltd co e.g i.e etc u.s u.k".split())
_FUNCTION_WORD_END = re.compile(
    r"\b(the|a|an|of|in|to|and|or|for|with|on|at|by|from|as|that|is|are|was|were|this|their|its|our|your)$"
)

_PROSE_OPENER = re.compile(r"^(so|but|and|or|yet|then|now|well|still|of course|after all|in short)\b", re.I)

@dataclass
class _Unit:
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
    indent: int = 0
    raw_lines: list[str] = field(default_factory=list)
    toc_level: int | None = None
    """The depth a numbered table of contents gave this line."""


def parse(text: str) -> RawDocument:
    """Parse scraped plain text into a title, an author and blocks."""
    lines = normalise(text).split("\n")
    units = _drop_chrome(_units_from_lines(lines))
    head = find_page_head(units, lambda i: _is_title_like(units[i]), lambda i: _is_dek(units[i]))
    if head is not None:
        if head.dek_at is not None:
            units[head.dek_at].kind = "dek"
        units = [u for k, u in enumerate(units) if k not in head.drop]
    title, author, units = _take_title_and_byline(units, title_first=head is not None)
    if author is None and head is not None:
        author = head.author
    units = _merge_admonition_labels(_drop_author_lines(units, author))
    _mark_headings(units)
    _assign_levels(units, title)
    return RawDocument(title=title, blocks=tuple(_to_block(u) for u in units), author=author)


# --------------------------------------------------------------------------- normalising


def normalise(text: str) -> str:
    """Strip BOM, zero-width and soft-hyphen characters; unify spaces and line ends."""
    text = text.translate(_DROP_CHARS)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n\n")
    text = _SPACE_CHARS.sub(lambda m: "    " if m.group() == "\t" else " ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    return text.split()


# --------------------------------------------------------------------------- units


def _is_marker_line(line: str) -> bool:
    return bool(
        _MD_HEADING.match(line) or _RULE.match(line) or _BULLET.match(line) or _ORDERED.match(line)
        or _QUOTE.match(line) or _FENCE.match(line)
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
    breaks = 0
    cut: list[int] = []  # lengths of lines that stop mid-sentence
    for a, b in zip(lines, lines[1:]):
        if not a.strip() or not b.strip() or _is_marker_line(a) or _is_marker_line(b):
            continue
        breaks += 1
        if _is_open_end(a) and b.strip()[0].islower():
            cut.append(len(a.strip()))
    # a wrapped line is cut close to the width; short cut lines are list items under a label
    full = sum(1 for n in cut if n >= 0.7 * width)
    if breaks >= 3 and len(cut) >= 0.25 * breaks and full >= 0.5 * len(cut):
        return width
    return None


def _is_open_end(line: str) -> bool:
    """The line stops mid-sentence (no closing punctuation)."""
    s = line.rstrip()
    return bool(s) and s[-1] not in _TERMINAL + _CLOSERS


def _continues(previous: str, line: str, unit: _Unit, wrap: int | None) -> bool:
    """Does ``line`` continue the unit whose last source line is ``previous``?"""
    if _is_marker_line(line) or unit.kind == "code" or unit.explicit_level is not None:
        return False
    stripped = line.strip()
    indent = len(line) - len(line.lstrip())
    if unit.kind == "list" and indent > unit.indent:
        return True
    prev = previous.rstrip()
    if _is_caps_line(prev) and not _is_caps_line(stripped):
        return False
    if re.search(r"[A-Za-z]-$", prev) and stripped[0].islower():
        return True
    mid_sentence = len(prev) >= 30 and (_FUNCTION_WORD_END.search(prev) or prev.endswith(","))
    if _is_open_end(prev) and (mid_sentence or (stripped[0].islower() and _may_run_on(prev, wrap))):
        return True
    if wrap is not None and len(prev.strip()) >= 0.7 * wrap and not prev.endswith(":"):
        return True
    return False


def _may_run_on(prev: str, wrap: int | None) -> bool:
    """Can a line starting in lower case continue ``prev``?

    In wrapped text, yes. In one-line-per-paragraph text a short line
    followed by lower-case lines is a label over list items whose bullets
    were lost ("Symptoms include:" / "sneezing" / "a runny nose"); only a
    line visibly cut mid-phrase (a link split out of its sentence) runs on.
    """
    return wrap is not None or bool(_FUNCTION_WORD_END.search(prev)) or prev.endswith(("-", "—"))


def _join(text: str, line: str) -> str:
    line = line.strip()
    if re.search(r"[A-Za-z]-$", text) and line[:1].islower():
        return text + line  # a word hyphenated at the wrap ("well-" + "known")
    return f"{text} {line}"


def _units_from_lines(lines: list[str]) -> list[_Unit]:
    """Cut lines into units; blank lines separate chunks."""
    wrap = _wrap_width(lines)
    units: list[_Unit] = []
    chunk = 0
    current: _Unit | None = None
    previous_line = ""
    fence: str | None = None
    for line in lines:
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                current = None
            else:
                assert current is not None
                current.raw_lines.append(line)
            continue
        if not line.strip():
            chunk += 1
            current = None
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            fence = fence_match.group(1)
            current = _Unit("code", "", chunk)
            units.append(current)
            continue
        if current is not None and current.kind == "text" and current.lines == 1 and _RULE.match(line):
            char = line.strip()[0]
            if char in "=-" and len(_words(current.text)) <= 15 and current.explicit_level is None:
                current.explicit_level = 1 if char == "=" else 2
                current.style = f"underline{char}"
                current = None
                continue
        if current is not None and current.kind == "quote" and _QUOTE.match(line):
            body = _QUOTE.match(line).group(1).strip()  # type: ignore[union-attr]
            if body:
                current.text = _join(current.text, body)
                current.lines += 1
            else:
                current = None
            continue
        if current is not None and _continues(previous_line, line, current, wrap):
            current.text = _join(current.text, line)
            current.lines += 1
            previous_line = line
            continue
        current = _new_unit(line, chunk)
        previous_line = line
        if current is not None:
            units.append(current)
    citations = _has_citation_markers(lines)
    for unit in units:
        if unit.kind == "code":
            unit.text = "\n".join(unit.raw_lines)
        else:
            unit.text = _collapse(_strip_wiki_marks(unit.text, citations))
    units = [u for u in units if u.text.strip()]
    chunk_sizes: dict[int, int] = {}
    for unit in units:
        chunk_sizes[unit.chunk] = chunk_sizes.get(unit.chunk, 0) + 1
    for unit in units:
        unit.alone = chunk_sizes[unit.chunk] == 1
    return units


def _has_citation_markers(lines: list[str]) -> bool:
    """Wiki-style footnote markers ("…together.[1]") appear more than once."""
    return sum(len(_CITATION_AFTER_PUNCTUATION.findall(line)) for line in lines) >= 2


def _strip_wiki_marks(text: str, citations: bool) -> str:
    """Drop "[edit]" after headings and, in wiki-style text, footnote markers (read aloud as noise)."""
    text = _EDIT_LINK.sub("", text)
    return _CITATION.sub("", text) if citations else text


def _new_unit(line: str, chunk: int) -> _Unit | None:
    if _RULE.match(line):
        return None  # a separator such as *** or ---
    heading = _MD_HEADING.match(line)
    if heading:
        unit = _Unit("text", heading.group(2).strip(), chunk, explicit_level=len(heading.group(1)))
        unit.style = "markdown"
        return unit
    quote = _QUOTE.match(line)
    if quote:
        return _Unit("quote", quote.group(1).strip(), chunk) if quote.group(1).strip() else None
    bullet = _BULLET.match(line)
    if bullet:
        return _Unit("list", bullet.group(2), chunk, indent=len(bullet.group(1)))
    ordered = _ORDERED.match(line)
    if ordered:
        number = ordered.group(2)
        return _Unit("list", ordered.group(4), chunk, ordinal=int(number) if number else None,
                     indent=len(ordered.group(1)))
    return _Unit("text", line.strip(), chunk)


# --------------------------------------------------------------------------- chrome


def _word_count(units: list[_Unit]) -> int:
    return sum(len(_words(u.text)) for u in units)


def _drop_chrome(units: list[_Unit]) -> list[_Unit]:
    """Drop chrome at the edges, the page tail and isolated chrome lines."""
    start = 0
    while start < len(units) and _is_edge_chrome(units[start]):
        start += 1
    units = _drop_table_of_contents(units[start:])
    total = _word_count(units)
    before = 0
    for i, unit in enumerate(units):
        if unit.kind != "code" and len(_words(unit.text)) <= 10 and chrome.is_tail_marker(unit.text):
            after = total - before - len(_words(unit.text))
            if before >= 150 or before >= 0.5 * total or after <= 0.25 * total:
                units = units[:i]
                break
        before += len(_words(unit.text))
    units = [u for u in units if u.kind == "code" or not chrome.is_chrome_line(u.text)]
    end = len(units)
    while end > 0 and _is_edge_chrome(units[end - 1]):
        end -= 1
    return units[:end]


def _is_edge_chrome(unit: _Unit) -> bool:
    return unit.kind in ("text", "list") and len(_words(unit.text)) <= 6 and chrome.is_navigation_line(unit.text)


# --------------------------------------------------------------------------- title and byline


def _is_title_like(unit: _Unit) -> bool:
    text = unit.text
    n = len(_words(text))
    if unit.kind != "text" or n == 0 or n > 25 or unit.lines > 2:
        return False
    if text[-1] in ".,;:" or not _starts_upper(text):
        return False
    return not _SECTION_NUMBER.match(text)


def _take_title_and_byline(
    units: list[_Unit], title_first: bool = False
) -> tuple[str | None, str | None, list[_Unit]]:
    """The title, the author and the units left; ``title_first``: the title is ``units[0]``."""
    author: str | None = None
    drop: set[int] = set()

    def take_byline(i: int) -> bool:
        nonlocal author
        if units[i].kind != "text":
            return False
        found = _byline_author(units[i].text)
        if found is False:
            return False
        if found and author is None:
            author = found
        drop.add(i)
        return True

    i = 0
    while not title_first and i < min(3, len(units)) and take_byline(i):
        i += 1
    title_at = 0 if title_first and units else _repeated_title(units, i)
    if title_at is not None:
        drop.update(range(i, title_at))  # kickers and labels above a repeated title
    elif i < len(units) and _is_title_like(units[i]) and i + 1 < len(units):
        title_at = i
        if _is_kicker(units, i):
            drop.add(i)  # a short section label above the real title
            title_at = i + 1
    title = None
    if title_at is not None:
        title = units[title_at].text
        drop.add(title_at)
        title_key = _match_key(title)
        for j in range(title_at + 1, min(title_at + 6, len(units))):
            if _match_key(units[j].text) == title_key or take_byline(j):
                drop.add(j)
            elif j == title_at + 1 and j + 1 < len(units) and _is_dek(units[j]) and _byline_author(
                units[j + 1].text
            ) is not False:
                units[j].kind = "dek"  # a subtitle: intro text, never a heading
            elif len(_words(units[j].text)) > 60 or (_is_title_like(units[j]) and _is_title_case(units[j].text)):
                break
    else:
        for j in range(i, min(i + 4, len(units))):
            take_byline(j)
    return title, author, [u for k, u in enumerate(units) if k not in drop]


def _is_kicker(units: list[_Unit], i: int) -> bool:
    """A 1–3 word label ("Psychedelic Medicine") right above a longer title."""
    if i + 2 >= len(units) or len(_words(units[i].text)) > 3:
        return False
    title = units[i + 1]
    after = units[i + 2]
    longer = _is_title_like(title) and len(_words(title.text)) >= len(_words(units[i].text)) + 2
    if _byline_author(title.text) is not False:
        return False
    return longer and (
        _byline_author(after.text) is not False or not _is_title_like(after) or not _is_title_case(after.text)
    )


def _is_dek(unit: _Unit) -> bool:
    """A sentence-case subtitle under the title ("A small dip in the ground can…")."""
    return unit.kind == "text" and len(_words(unit.text)) >= 6 and not _is_title_case(unit.text)


def _repeated_title(units: list[_Unit], start: int) -> int | None:
    """A title-like line near the top that the page repeats shortly after."""
    for i in range(start, min(start + 6, len(units))):
        if not _is_title_like(units[i]):
            if len(_words(units[i].text)) > 6:
                return None
            continue
        key = _match_key(units[i].text)
        if any(_match_key(u.text) == key for u in units[i + 1 : i + 5]):
            return i
    return None


def _drop_author_lines(units: list[_Unit], author: str | None) -> list[_Unit]:
    """A "By X" / "Author: X" line naming the article's author again (a recipe card) is not body."""
    if not author:
        return units
    return [u for u in units if u.kind not in ("text", "list") or not (
        _BYLINE_PREFIX.match(u.text) and _byline_author(u.text) == author)]


def _merge_admonition_labels(units: list[_Unit]) -> list[_Unit]:
    """A lone "Note" or "Warning" over a paragraph is a callout's label, not a section: "Note: …"."""
    out: list[_Unit] = []
    skip = False
    for i, unit in enumerate(units):
        if skip:
            skip = False
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if (unit.kind == "text" and unit.explicit_level is None and _ADMONITION.match(unit.text)
                and nxt is not None and nxt.kind == "text" and _is_body(nxt)):
            nxt.text = f"{unit.text.rstrip(':')}: {nxt.text}"
            out.append(nxt)
            skip = True
            continue
        out.append(unit)
    return out


# --------------------------------------------------------------------------- headings


def _starts_upper(text: str) -> bool:
    first = next((w for w in _words(text) if re.search(r"[^\W\d_]", w)), "")
    if not first:
        return bool(re.match(r"\d", text))
    letter = next(c for c in first if c.isalpha())
    return letter.isupper() or any(c.isupper() for c in first)


def _is_caps_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(_words(text)) <= 14


def _is_title_case(text: str) -> bool:
    words = [w.strip("\"'“”‘’()[]:,-–—") for w in _words(text)]
    words = [w for w in words if w and w[0].isalpha()]
    significant = [w for w in words[1:] if w.casefold() not in _SMALL_WORDS]
    if not significant:
        return len(words) <= 3
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised >= 0.7 * len(significant)


def _has_two_sentences(text: str) -> bool:
    for match in re.finditer(r"(\S+)[.!?]\s+[A-Z“\"]", text):
        word = match.group(1).casefold().strip("(\"'“")
        if word not in _ABBREVIATIONS and len(word) > 1:
            return True
    return False


def _could_be_heading(text: str) -> bool:
    """Hard limits: a heading is short, starts upper case and has no closing period."""
    words = _words(text)
    if not words or len(words) > 20 or len(text) > 160:
        return False
    stripped = text.rstrip()
    if stripped[-1] in ".,;:…" or (stripped[-1] in _CLOSERS and len(stripped) > 1 and stripped[-2] in ".,!?"):
        return False
    if not _starts_upper(text) or _has_two_sentences(text):
        return False
    return not re.search(r"https?://|www\.|\S@\S", text)


def _is_body(unit: _Unit) -> bool:
    if unit.kind != "text":
        return True
    return len(_words(unit.text)) > 12 or unit.text.rstrip()[-1] in ".!?:;" + _CLOSERS


def _heading_score(units: list[_Unit], i: int, line_per_unit: bool, prefer_title_case: bool) -> int:
    unit = units[i]
    text = unit.text
    n = len(_words(text))
    nxt = units[i + 1] if i + 1 < len(units) else None
    prev = units[i - 1] if i > 0 else None
    title_case = _is_title_case(text)
    score = 0
    if _is_caps_line(text):
        score += 4
    if title_case:
        score += 4 if n <= 10 else 3 if n <= 14 else 2
    else:
        score += 3 if n <= 9 else 2 if n <= 12 else -2
        if prefer_title_case:
            score -= 1
        if text.endswith("?") and (prefer_title_case or n > 8):
            score -= 1  # a question in the flow of prose
        if _PROSE_OPENER.match(text):
            score -= 2  # "So what changed?", "But not for long"
    if text.endswith("!"):
        score -= 1
    first_of_chunk = prev is None or prev.chunk != unit.chunk
    if unit.alone or line_per_unit or first_of_chunk:
        score += 1
    if nxt is None:
        score -= 4
    elif _is_body(nxt) or _starts_bare_list(units, i + 1):
        score += 1
    if unit.toc_level is not None:
        score += 2  # the page's own contents list names it
    if _FIELD.match(text) and any(n is not None and _FIELD.match(n.text) for n in (prev, nxt)):
        score -= 5  # "Course: Side Dish" in a block of "Key: Value" lines
    if prev is not None and prev.kind == "text" and prev.text.endswith(":"):
        score -= 2
    label = re.match(r"^([^:]{1,30}):\s+(\S)", text)
    if label and (label.group(2).isdigit() or label.group(2).islower()):
        score -= 3
    if text[0] in "\"'“‘(":
        score -= 2
    if unit.lines > 1:
        score -= 2
    return score


def _starts_bare_list(units: list[_Unit], i: int) -> bool:
    """Two or more short lines starting with a number or in lower case: items whose bullets were lost."""
    items = units[i : i + 2]
    return len(items) == 2 and all(
        u.kind == "text" and _is_short_line(u) and re.match(r"[\d½¼¾a-z]", u.text) for u in items
    )


def _numbered_heading(unit: _Unit) -> tuple[int, str] | None:
    """``(depth, text)`` if the unit starts with a section number such as ``2.3``."""
    if unit.kind == "list" and unit.ordinal is not None and unit.alone:
        return (1, unit.text) if _could_be_heading(unit.text) and len(_words(unit.text)) <= 14 else None
    if unit.kind != "text" or unit.explicit_level is not None:
        return None
    match = _SECTION_NUMBER.match(unit.text) or _PLAIN_NUMBER.match(unit.text)
    if not match or not _could_be_heading(match.group(2)) or len(_words(match.group(2))) > 14:
        return None
    return match.group(1).count(".") + 1, match.group(2)


def _mark_headings(units: list[_Unit]) -> None:
    """Decide which units are headings (and which short-line groups are lists)."""
    chunks: dict[int, list[_Unit]] = {}
    for unit in units:
        chunks.setdefault(unit.chunk, []).append(unit)
    line_per_unit = len(chunks) <= 2 and len(units) > 4

    numbered = {i: found for i, u in enumerate(units) if (found := _numbered_heading(u))}
    numbered = {
        i: found for i, found in numbered.items()
        if i + 1 < len(units) and not (units[i + 1].kind == "list" and units[i + 1].ordinal is not None)
    }
    if len(numbered) >= 2 and any(_is_body(units[i + 1]) and units[i + 1].kind == "text" for i in numbered):
        for i, (depth, text) in numbered.items():
            unit = units[i]
            unit.kind, unit.text, unit.heading = "text", text, True
            unit.explicit_level, unit.style = depth, "numbered"

    for unit in units:
        if unit.explicit_level is not None:
            unit.heading = True

    candidates = [
        i for i, u in enumerate(units)
        if u.kind == "text" and not u.heading and u.style != "label" and _could_be_heading(u.text)
    ]
    confident = [i for i in candidates if _heading_score(units, i, line_per_unit, False) >= 5]
    title_cased = sum(1 for i in confident if _is_title_case(units[i].text))
    prefer_title_case = len(confident) >= 3 and title_cased >= 0.75 * len(confident)
    line_groups = {
        c for c, group in chunks.items()
        if len(group) >= 3 and not line_per_unit and all(_is_short_line(u) and u.kind == "text" for u in group)
    }
    for chunk in line_groups:
        _mark_line_group(chunks[chunk])
    for i in candidates:
        unit = units[i]
        group = chunks[unit.chunk]
        if unit.chunk in line_groups:
            if unit is not group[0] or unit.kind != "list" or _heading_score(
                units, i, line_per_unit, prefer_title_case
            ) < 5:
                continue
            unit.kind = "text"
        if _heading_score(units, i, line_per_unit, prefer_title_case) >= 5:
            unit.heading = True
            unit.style = "caps" if _is_caps_line(unit.text) else "plain"
    _demote_list_like_runs(units)
    found = [u for u in units if u.heading]
    if found and all(u.text.endswith("?") and not _is_title_case(u.text) for u in found):
        for unit in found:  # only sentence-case questions: rhetorical questions in the prose
            unit.heading = False


def _mark_line_group(group: list[_Unit]) -> None:
    """A block of short lines is a list: ingredients, facts, an address.

    When most lines start in lower case ("Do" / "wear sunglasses" / "shower
    after being outside") the capitalised short lines among them are labels
    of the items below them: kept as text, never headings.
    """
    labelled = sum(1 for u in group if u.text[:1].islower()) >= 0.5 * len(group)

    def label(unit: _Unit) -> bool:
        return labelled and unit.text[:1].isupper() and (len(_words(unit.text)) <= 3 or unit.text.endswith(":"))

    # one label on top may be a heading ("Ingredients" / "flour" / "eggs"): the scores decide
    several = sum(1 for u in group if label(u)) >= 2
    for k, unit in enumerate(group):
        if label(unit) and (k > 0 or several or unit.text.endswith(":")):
            unit.kind, unit.style = "text", "label"
        else:
            unit.kind = "list"


def _demote_list_like_runs(units: list[_Unit]) -> None:
    """Short lines one after another with no body between are a list, not headings.

    Two headings in a row are a parent and its first child; three or more in a
    row after a lead-in ending with ":" (or four or more anywhere) are the
    items of a list whose bullets were lost.
    """
    def implicit_heading(unit: _Unit) -> bool:
        return unit.heading and unit.explicit_level is None

    def bare_item(unit: _Unit) -> bool:
        return unit.kind == "text" and unit.explicit_level is None and _is_short_line(unit) and (
            unit.heading or len(_words(unit.text)) <= 8
        )

    i = 0
    while i < len(units):
        lead_in = i > 0 and units[i - 1].kind == "text" and units[i - 1].text.endswith(":")
        accept = bare_item if lead_in else implicit_heading
        j = i
        while j < len(units) and accept(units[j]):
            j += 1
        if j - i >= 4 or (j - i >= 2 and lead_in and j < len(units) and any(u.heading for u in units[i:j])):
            for unit in units[i:j]:
                unit.heading, unit.kind = False, "list"
        i = max(j, i + 1)


def _assign_levels(units: list[_Unit], title: str | None = None) -> None:
    """Levels for headings, then one level down for everything under a repeat of the title."""
    _assign_outline_levels(units)
    _nest_under_title_repeat(units, title)


def _nest_under_title_repeat(units: list[_Unit], title: str | None) -> None:
    """A later heading that repeats the title (a recipe card) is a part: what follows is inside it."""
    if not title:
        return
    key = _match_key(title)
    headings = [u for u in units if u.heading]
    at = next((k for k, u in enumerate(headings) if k > 0 and _match_key(u.text) == key), None)
    if at is None:
        return
    part = headings[at]
    after = headings[at + 1 :]
    if not after or any(u.explicit_level is not None for u in headings):
        return
    top = min(u.level for u in headings)
    part.level = top
    for unit in after:
        unit.level = max(unit.level, top) + 1


def _assign_outline_levels(units: list[_Unit]) -> None:
    """Levels for headings without explicit ones, from the shape of the outline."""
    headings = [u for u in units if u.heading]
    for unit in headings:
        if unit.explicit_level is not None:
            unit.level = unit.explicit_level
    implicit = [u for u in headings if u.explicit_level is None]
    if sum(u.toc_level is not None for u in implicit) >= max(2, 0.5 * len(implicit)):
        level = 1
        for unit in implicit:  # the contents list knows better than the shape of the outline
            level = unit.level = unit.toc_level or level
        return
    styles = {u.style for u in implicit}
    if styles == {"caps", "plain"}:
        for unit in implicit:
            unit.level = 1 if unit.style == "caps" else 2
        return
    # runs of consecutive implicit headings (no body between): all but the last are parents
    runs: list[list[_Unit]] = []
    current: list[_Unit] = []
    for unit in units:
        if unit.heading and unit.explicit_level is None:
            current.append(unit)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    long_runs = [r for r in runs if len(r) >= 3]
    depth = 3 if len(long_runs) >= 2 or (long_runs and runs and runs[0] is long_runs[0]) else 2
    if not any(len(r) >= 2 for r in runs):
        depth = 1
    seen_parent = False
    for run in runs:
        if len(run) == 1:
            run[0].level = depth if seen_parent else 1
            continue
        seen_parent = True
        k = min(len(run), depth)
        extra = len(run) - k
        for unit in run[:extra]:
            unit.level = 1
        for offset, unit in enumerate(run[extra:]):
            unit.level = depth - k + 1 + offset


def _to_block(unit: _Unit) -> Block:
    if unit.kind == "dek":
        return Block("paragraph", unit.text)
    if unit.heading:
        return Block("heading", unit.text, max(1, unit.level))
    if unit.kind == "list":
        return Block("list_item", unit.text)
    if unit.kind in ("quote", "code"):
        return Block(unit.kind, unit.text)
    return Block("paragraph", unit.text)


__all__ = ["normalise", "parse"]

"""The title and byline lines at the top of the units a scraped page keeps.

After the page chrome is dropped, the first title-like line (or one the page
repeats just below) is the title; a short label right above a longer title is
its kicker; "By …" and dated lines around it name the author and are not read;
a sentence-case line under the title, over a byline, is its subtitle (a dek).
"""

from __future__ import annotations

import re
from typing import Final

from reader.document.loaders.bylines import byline_author as _byline_author
from reader.document.loaders.bylines import has_date
from reader.document.loaders.casing import is_title_case, starts_upper
from reader.document.loaders.headings import SECTION_NUMBER
from reader.document.loaders.toc import match_key as _match_key
from reader.document.loaders.units import Unit
from reader.text import collapse_whitespace, split_words

_BYLINE_PREFIX = re.compile(r"^(by|author|written by)\b", re.I)
_DATELINE = re.compile(
    r"(?:\s*[,;:|·–—]\s*|\s+-\s+|\s+)(?:published|posted|last updated|updated|last modified)\b", re.I
)
"""Where a date line a text browser ran onto the title's line starts ("… a Punjabi abuse Published on …")."""
_TITLE_MIN_WORDS: Final = 3
"""A title cut off a date line keeps at least this many words; a shorter part is not taken for the title."""


def is_title_like(unit: Unit) -> bool:
    text = unit.text
    n = len(split_words(text))
    if unit.kind != "text" or n == 0 or n > 25 or unit.lines > 2:
        return False
    if text[-1] in ".,;:" or not starts_upper(text):
        return False
    return not SECTION_NUMBER.match(text)


def take_title_and_byline(units: list[Unit], title_first: bool = False) -> tuple[str | None, str | None, list[Unit]]:
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
    elif i < len(units) and is_title_like(units[i]) and i + 1 < len(units):
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
            elif (
                j == title_at + 1
                and j + 1 < len(units)
                and is_dek(units[j])
                and _byline_author(units[j + 1].text) is not False
            ):
                units[j].kind = "dek"  # a subtitle: intro text, never a heading
            elif len(split_words(units[j].text)) > 60 or (is_title_like(units[j]) and is_title_case(units[j].text)):
                break
    else:
        for j in range(i, min(i + 4, len(units))):
            take_byline(j)
    return title, author, [u for k, u in enumerate(units) if k not in drop]


def split_title(line: str) -> tuple[str, str | None]:
    """The title a title line holds, and what a renderer ran onto it (``None``: nothing).

    Inline text joins a headline's line in a text browser's dump: the same
    words a second time (a visible copy beside a hidden one: "American
    Gladiators: Hellga American Gladiators: Hellga"), or the date line under it
    ("… a Punjabi abuse Published on January 12, 2008 by IANS").
    """
    flat = collapse_whitespace(line)
    for gap in ("", " "):
        half, odd = divmod(len(flat) - len(gap), 2)
        if not odd and flat[half : half + len(gap)] == gap and flat[:half] == flat[half + len(gap) :]:
            if len(split_words(flat[:half])) >= 2:
                return flat[:half], flat[:half]
    match = _DATELINE.search(flat)
    if match and has_date(flat[match.end() :]) and len(split_words(flat[: match.start()])) >= _TITLE_MIN_WORDS:
        return flat[: match.start()].rstrip(" -–—|·,;:"), flat[match.start() :].lstrip(" -–—|·,")
    return line, None


def _is_kicker(units: list[Unit], i: int) -> bool:
    """A 1–3 word label ("Psychedelic Medicine") right above a longer title."""
    if i + 2 >= len(units) or len(split_words(units[i].text)) > 3:
        return False
    title = units[i + 1]
    after = units[i + 2]
    longer = is_title_like(title) and len(split_words(title.text)) >= len(split_words(units[i].text)) + 2
    if _byline_author(title.text) is not False:
        return False
    return longer and (
        _byline_author(after.text) is not False or not is_title_like(after) or not is_title_case(after.text)
    )


def is_dek(unit: Unit) -> bool:
    """A sentence-case subtitle under the title ("A small dip in the ground can…")."""
    return unit.kind == "text" and len(split_words(unit.text)) >= 6 and not is_title_case(unit.text)


def _repeated_title(units: list[Unit], start: int) -> int | None:
    """A title-like line near the top that the page repeats shortly after."""
    for i in range(start, min(start + 6, len(units))):
        if not is_title_like(units[i]):
            if len(split_words(units[i].text)) > 6:
                return None
            continue
        key = _match_key(units[i].text)
        if any(_match_key(u.text) == key for u in units[i + 1 : i + 5]):
            return i
    return None


def drop_author_lines(units: list[Unit], author: str | None) -> list[Unit]:
    """A "By X" / "Author: X" line naming the article's author again (a recipe card) is not body."""
    if not author:
        return units
    return [
        u
        for u in units
        if u.kind not in ("text", "list") or not (_BYLINE_PREFIX.match(u.text) and _byline_author(u.text) == author)
    ]


__all__ = ["drop_author_lines", "is_dek", "is_title_like", "split_title", "take_title_and_byline"]

"""Tables of contents in scraped text: find them, drop them, keep what they say about levels.

A copied page often repeats its headings near the top ("Contents",
"In this article", "On this page", or just a run of short lines). Read
aloud, that list is noise; but when it is numbered ("1.2 Enclosure") it
tells the depth of each heading, which the text alone cannot.
"""

from __future__ import annotations

import re
from typing import Protocol, Sequence, TypeVar

from reader.document.loaders import chrome
from reader.text import split_words


MAX_ENTRIES = 80
"""A longer run of short lines is not searched as one table of contents (it keeps the step linear)."""
LEADING_SKIP = 3
"""How many short lines at the start of a run may precede its contents list."""


class TocUnit(Protocol):
    """What this module needs of a unit of the page (see the plain-text loader)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...

    toc_level: int | None


U = TypeVar("U", bound=TocUnit)


def match_key(text: str) -> str:
    """Text compared between a table of contents and headings: no numbers or punctuation."""
    text = re.sub(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[ivx]+\.|step \d+:?)\s+", "", text.casefold())
    return " ".join(re.findall(r"\w+", text))


def is_short_line(unit: TocUnit) -> bool:
    return (
        unit.kind in ("text", "list")
        and len(split_words(unit.text)) <= 15
        and not unit.text.rstrip().endswith((".", ",", ";"))
    )


def drop_table_of_contents(units: list[U]) -> list[U]:
    """Remove a run of short lines near the top that repeat later headings."""
    keys = [match_key(u.text) for u in units]
    last_seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        last_seen[key] = i
    search_end = max(8, int(len(units) * 0.5))

    def repeated_after(i: int, end: int) -> bool:
        return bool(keys[i]) and last_seen.get(keys[i], -1) >= end

    # not filler between entries (bare numbers, "Toggle … subsection")
    entries = [bool(re.search(r"[^\W\d_]", key)) and not chrome.is_chrome_line(u.text) for u, key in zip(units, keys)]
    short = [is_short_line(u) for u in units]
    run_start = 0
    for i in range(min(search_end, len(units))):
        if not (short[i] and i > 0 and short[i - 1]):
            run_start = i
        header = chrome.is_toc_header(units[i].text) and len(split_words(units[i].text)) <= 5
        if not header and i - run_start > LEADING_SKIP:
            continue  # a contents list starts at (or just after) the start of its run of short lines
        first = i + 1 if header else i
        end = first
        while end < len(units) and end - first < MAX_ENTRIES and short[end]:
            end += 1
        # shrink the run until all (header: most) of its lines appear again after it
        while end > first:
            matched = sum(entries[j] and repeated_after(j, end) for j in range(first, end))
            size = sum(entries[first:end])
            if (header and matched >= max(1, 0.5 * size)) or (size >= 3 and matched == size):
                break
            end -= 1
        if end - first >= (1 if header else 3):
            if header:
                # trailing entries that do not match belong to the content
                while end > first and not repeated_after(end - 1, end) and units[end - 1].kind != "list":
                    end -= 1
            _note_toc_levels(units, first, end, keys)
            return units[:i] + units[end:]
        if header:
            return units[:i] + units[i + 1 :]
    return units


def _note_toc_levels(units: Sequence[TocUnit], first: int, end: int, keys: list[str]) -> None:
    """A numbered contents list ("1.2 Enclosure", or "1.2" on its own line) gives its headings' levels."""
    levels: dict[str, int] = {}
    number: str | None = None
    for unit in units[first:end]:
        match = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\.?(?:\s+(.*))?$", unit.text)
        if match and not match.group(2):
            number = match.group(1)  # the number on a line of its own, the entry on the next
            continue
        if match:
            number = match.group(1)
        key = match_key(unit.text)
        if number and key:
            levels.setdefault(key, number.count(".") + 1)
        number = None
    if len(levels) < 2:
        return
    for k in range(end, len(units)):
        depth = levels.pop(keys[k], None)
        if depth is not None:
            units[k].toc_level = depth


__all__ = ["drop_table_of_contents", "is_short_line", "match_key"]

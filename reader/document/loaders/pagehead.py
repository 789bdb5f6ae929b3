"""Find where a scraped article starts: its title, and the page head above it.

A copied web page begins with the site's masthead (site name, tagline,
menus, sidebar navigation, a "Discover more" box) before the article's
title, and puts a cluster of metadata between the title and the first
paragraph: bylines, dates, "Follow" and "Listen" buttons, like counts,
ratings, page tabs. Working *back* from the first real paragraph is more
reliable than working forward from the top of the page: the title is the
title-like line just above that metadata (and above a subtitle, if any).

The masthead above the title is only dropped when the evidence is strong:
a byline or several metadata lines under the title, or a menu above it
(several short capitalised unpunctuated lines, one of them a menu word such
as "Home" or "Search"); a list of ingredients is not a menu. Otherwise :func:`find_page_head`
gives up and the caller's simpler top-down rules apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Final, Protocol, Sequence

from reader.document.loaders import chrome
from reader.document.loaders.bylines import byline_author, is_count_line, name_line
from reader.text import word_count

_SEARCH_LIMIT: Final = 80
"""Units searched for the first body paragraph; a page head is never longer."""
_MASTHEAD_LINE_WORDS: Final = 15
"""Longer lines above the title are not masthead: give up rather than drop them."""

_MENU_LINES: Final = 5
"""Without a byline, only this many short menu-like lines above the title are dropped as a masthead."""

_RATING = re.compile(
    r"^(?:rated )?\d(?:[.,]\d)?(?: ?/ ?5| out of 5| stars?)?(?: from| based on)? \(?[\d,]+ (?:votes|ratings|reviews)\)?$"
    r"|^[★☆✩✭⭐ ]{3,}.{0,30}$",
    re.I,
)
_HATNOTE = re.compile(
    r"^(?:for (?:the |other |a )?.{1,120}, see .{1,120}|not to be confused with .{1,120}"
    r"|[\"“].{1,80}[\"”] redirects here\..{0,200}|this article is about .{1,160})$",
    re.I,
)
_LANGUAGES = re.compile(r"^\d{1,3} languages?$", re.I)


class HeadUnit(Protocol):
    """What the finder needs to know about a unit of the page."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...


@dataclass
class PageHead:
    """Where the article starts."""

    title_at: int
    """Index of the title unit."""
    drop: set[int] = field(default_factory=set)
    """Units that are not the article: the masthead above the title and the
    metadata between the title and the first paragraph."""
    dek_at: int | None = None
    """A subtitle directly under the title (intro text, never a heading)."""
    author: str | None = None


def _is_body_paragraph(unit: HeadUnit) -> bool:
    """A real paragraph of the article: long, and finished like prose."""
    if unit.kind != "text":
        return False
    words = word_count(unit.text)
    return (words >= 15 and unit.text.rstrip()[-1] in ".!?\"'”’)") or words >= 30


def _metadata(units: Sequence[HeadUnit], i: int, below_is_meta: bool) -> tuple[bool, str | None, bool]:
    """``(is_metadata, author, is_byline)`` for the unit at ``i`` in the head."""
    unit = units[i]
    if unit.kind not in ("text", "list"):
        return False, None, False
    text = unit.text.strip()
    found = byline_author(text)
    if found is not False:
        return True, found, True
    if is_count_line(text) or _RATING.match(text) or _HATNOTE.match(text) or _LANGUAGES.match(text):
        return True, None, False
    if len(text.split()) <= 3 and chrome.is_navigation_line(text):
        return True, None, False  # "Follow", "Listen", page tabs
    name = name_line(text)
    if name and below_is_meta:
        return True, name, True  # a bare author name over a date or a Follow button (no "By" line yet)
    return False, None, False


def find_page_head(
    units: Sequence[HeadUnit],
    is_title_like: Callable[[int], bool],
    is_dek: Callable[[int], bool],
) -> PageHead | None:
    """The article's start, or ``None`` when the page head is not clear enough."""
    body = next((i for i, u in enumerate(units[:_SEARCH_LIMIT]) if _is_body_paragraph(u)), None)
    if body is None or body == 0:
        return None
    meta: list[int] = []
    authors: list[str] = []
    names: list[int] = []  # bare name lines, which might be the title after all
    bylines = 0
    j = body - 1
    while j >= 0:
        is_meta, author, is_byline = _metadata(units, j, below_is_meta=bool(meta) and meta[-1] == j + 1 and not authors)
        if not is_meta:
            break
        meta.append(j)
        bylines += is_byline
        if author:
            authors.append(author)
            if byline_author(units[j].text) is False:
                names.append(j)
        j -= 1
    dek_at = None
    if j >= 1 and is_dek(j) and is_title_like(j - 1) and len(units[j - 1].text.split()) >= 3:
        dek_at, j = j, j - 1
    if (j < 0 or not is_title_like(j)) and dek_at is None and names and names[-1] == meta[-1]:
        j = meta.pop()  # no title above the "author name": it was the title ("Ada Lovelace" over a date)
        authors.pop()
        bylines -= 1
    if j < 0 or not is_title_like(j):
        return None
    prefix = units[:j]
    short = all(len(u.text.split()) <= _MASTHEAD_LINE_WORDS for u in prefix)
    menus = (
        len(prefix) >= _MENU_LINES
        and sum(len(u.text.split()) <= 3 for u in prefix) >= 0.6 * len(prefix)
        and sum(u.text[:1].isupper() for u in prefix) >= 0.8 * len(prefix)  # menus are capitalised
        and any(chrome.is_navigation_line(u.text) for u in prefix)  # "Home", "Search", "Contact"…
        and not any(u.text.rstrip()[-1:] in (".", "!", "?") for u in prefix)
    )
    if prefix and not (short and (bylines or len(meta) >= 2 or menus)):
        return None
    if not prefix and not meta:
        return None
    return PageHead(
        title_at=j,
        drop=set(range(j)) | set(meta),
        dek_at=dek_at,
        author=authors[-1] if authors else None,  # the one nearest the title
    )


__all__ = ["HeadUnit", "PageHead", "find_page_head"]

"""A headline the page's links cut into lines, made whole again from the page's first line.

A scraper that saves a page's text one piece per line (BeautifulSoup's ``get_text("\\n")``) sets a linked or
emphasised name in a headline on a line of its own: "NatGeo's Brilliant" / "Doomsday Preppers" / "Game is Tiny
Tower, Only Underground". The same scraper saves the page's ``<title>`` as its first line, whole. Where the title
ranker picked one such piece and the pieces around it, joined, are found letter for letter in the first line, the
title is that stretch of the first line and the other pieces are not read as article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Sequence

from reader.document.loaders.pagetitle import SITE_SEPARATOR, TAB_SEPARATOR
from reader.document.loaders.units import Unit
from reader.text import word_count

MAX_PIECES: Final = 5
"""A headline cut into more lines than this is not looked for."""
MIN_WORDS: Final = 4
"""The whole headline has at least this many words (two menu words found in a menu line are no headline)."""
PIECE_WORDS: Final = 30
"""A piece of a headline is a short line."""
_LETTERS: Final = re.compile(r"\w+")
_CLOSING: Final = re.compile(r"[.!?…'’\"”)]*")
TITLE_PIECE: Final = "a piece of the title (the page's links cut it into lines)"


@dataclass(frozen=True)
class WholeTitle:
    """The headline found whole in the first line: its text there and the units its pieces are."""

    text: str
    first: int
    last: int


def _squashed(text: str) -> tuple[str, list[int]]:
    """``text`` folded to its letters and digits alone, and where each of them is in ``text`` (a letter that
    folds to two, "ß" to "ss", gives both the same place)."""
    letters: list[str] = []
    where: list[int] = []
    for match in _LETTERS.finditer(text):
        for k, char in enumerate(match.group()):
            folded = char.casefold()
            letters.append(folded)
            where.extend([match.start() + k] * len(folded))
    return "".join(letters), where


def whole_title(units: Sequence[Unit], pick: int) -> WholeTitle | None:
    """The headline ``units[pick]`` is a piece of, where the pieces around it, joined, are found in the first line
    with no site separator between two of them ("Site » Headline": the site's name is no piece of the headline)."""
    if pick < 1 or units[0].kind != "text":
        return None
    text = units[0].text
    line, where = _squashed(text)
    pieces = {
        i: _squashed(units[i].text)[0]
        for i in range(max(1, pick - MAX_PIECES), pick + MAX_PIECES)
        if i < len(units) and units[i].kind == "text" and word_count(units[i].text) <= PIECE_WORDS
    }

    def at(first: int, last: int) -> int | None:
        """Where the pieces ``first`` to ``last`` start in the first line, joined as it joins them."""
        if any(i not in pieces or not pieces[i] for i in range(first, last + 1)):
            return None
        start = line.find("".join(pieces[i] for i in range(first, last + 1)))
        if start < 0:
            return None
        gaps = [text[where[end - 1] + 1 : where[end]] for end in _ends(pieces, first, last, start)]
        return None if any(SITE_SEPARATOR.search(gap) for gap in gaps) else start

    cuts = [cut.split(text) for cut in (SITE_SEPARATOR, TAB_SEPARATOR)]
    parts = {_squashed(part)[0] for cut in cuts if len(cut) > 1 for part in cut}
    if at(pick, pick) is None or pieces[pick] in parts:
        return None  # a pick that is a whole part of "Headline | Site" is the headline

    def once(i: int) -> bool:  # a piece found twice in the first line is the site's name (lynx's link titles)
        return bool(pieces.get(i)) and line.count(pieces[i]) == 1

    first = last = pick
    while last - first + 1 < MAX_PIECES:
        if first > 1 and once(first - 1) and at(first - 1, last) is not None:
            first -= 1
        elif once(last + 1) and at(first, last + 1) is not None:
            last += 1
        else:
            break
    if first == last or word_count(" ".join(u.text for u in units[first : last + 1])) < MIN_WORDS:
        return None
    start = at(first, last) or 0
    end = where[start + sum(len(pieces[i]) for i in range(first, last + 1)) - 1] + 1
    end += len(_CLOSING.match(text, end).group())  # type: ignore[union-attr]
    return WholeTitle(text[where[start] : end].strip(), first, last)


def _ends(pieces: dict[int, str], first: int, last: int, start: int) -> list[int]:
    """Where in the squashed first line each piece after ``first`` begins."""
    ends, at = [], start
    for i in range(first, last):
        at += len(pieces[i])
        ends.append(at)
    return ends


def mend_cut_title(units: list[Unit], title_at: int | None) -> tuple[int | None, dict[int, str]]:
    """Where the title the ranker picked is a piece of a headline (see :func:`whole_title`): the title unit, now
    holding the whole headline, and why each of the other pieces is not read. The first piece becomes the title."""
    whole = None if title_at is None else whole_title(units, title_at)
    if whole is None:
        return title_at, {}
    units[whole.first].text = whole.text
    return whole.first, {i: TITLE_PIECE for i in range(whole.first + 1, whole.last + 1)}

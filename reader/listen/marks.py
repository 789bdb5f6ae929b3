"""The bookmark keys' replies: add (``b``), go to the next (``'``), list
(``m``) and delete (``B``), each as the words said back and, for a jump,
the place to go. Pure but for the position store it is given."""

from __future__ import annotations

from dataclasses import dataclass

from reader.listen.commands import Cursor
from reader.listen.navigation import Navigator
from reader.listen.resume import Positions


@dataclass(frozen=True)
class Reply:
    """What a bookmark key answers."""

    message: str
    go_to: Cursor | None = None
    """The place to jump to (``'``), if any."""
    asked: bool = True
    """A reply to a question the listener asked: printed even with ``--quiet``."""


def add(positions: Positions | None, nav: Navigator, cursor: Cursor) -> Reply:
    """Bookmark ``cursor`` under the next free number."""
    if positions is None:
        return Reply("Bookmarks are not available")
    label = nav.short_position(cursor)
    return Reply(f"Bookmark {positions.add_bookmark(cursor, label)}: {label}")


def next_after(positions: Positions | None, nav: Navigator) -> Reply:
    """The next bookmark after this sentence (wrapping round) and its number."""
    marks = positions.bookmarks() if positions is not None else []
    target = nav.next_mark([cursor for _, cursor in marks])
    if target is None:
        return Reply(
            "No bookmarks here yet: press b to add one" if not marks else "No bookmark in this part", asked=False
        )
    number = max(n for n, cursor in marks if cursor == target)
    return Reply(f"Bookmark {number}", target)


def listing(positions: Positions | None, nav: Navigator) -> Reply:
    """Every bookmark: its number and place, nearest the start first."""
    marks = sorted(positions.bookmarks() if positions is not None else [], key=lambda m: (m[1].section, m[1].sentence))
    if not marks:
        return Reply("No bookmarks yet: press b to add one")
    places = "; ".join(f"{number}: {nav.short_position(cursor)}" for number, cursor in marks)
    count = f"{len(marks)} bookmarks" if len(marks) > 1 else "1 bookmark"
    return Reply(f"{count}. {places}. Press ' to go to the next one.")


def remove_at(positions: Positions | None, cursor: Cursor) -> Reply:
    """Delete the bookmark(s) at ``cursor``, naming them."""
    numbers = [n for n, at in positions.bookmarks() if at == cursor] if positions is not None else []
    if not numbers or positions is None:
        return Reply("No bookmark at this sentence", asked=False)
    for number in numbers:
        positions.remove_bookmark(number)
    return Reply(f"Bookmark {' and '.join(map(str, numbers))} deleted")


__all__ = ["Reply", "add", "listing", "next_after", "remove_at"]

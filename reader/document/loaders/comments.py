"""Where a scraped page's comment thread starts, so it is not read as the article.

A blog or news page often ends in its readers' comments: prose, so a line
model judges each of them article text. What marks a thread is its shape,
not a site's words: a header line ("12 Comments", "Comments (33)",
"3 thoughts on “Title”", "Leave a Reply", a bare "Comments") followed by
comments, each under a short line naming who and when ("Nathan 07.16.12 at
21:35", "Milan on September 12, 2018 at 4:47 pm said:", "Posted by: Jo |
January 07 2008 at 03:06 PM"). A header alone is not enough: the same words
stand in bylines ("4 Comments" beside the date), in menus and in blog
footers between posts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

from reader.document.loaders.bylines import has_date
from reader.document.loaders.chrome import any_of, chrome_key
from reader.document.loaders.units import Unit
from reader.text import word_count

ARTICLE_WORDS: Final = 100
"""A thread starts only after this many words of article (a count in the byline is no thread); the
doubtful lines between the title and the body (a byline, a date) count too."""
LOOK_AHEAD: Final = 14
"""Units after a header searched for the thread's first comments (a comment of several paragraphs, or one
whose "who" and "when" a renderer set on lines of their own, spans several units)."""
HEADER_PIECES: Final = 4
"""Lines a header may be cut into: a scraper that saves each piece of a page's text on a line of its own
sets a header's count, its words and its link apart ("53" / "comments… read them below or" / "add one")."""
_PIECE_WORDS: Final = 10
"""The longest piece of a cut header, in words."""
META_LINES: Final = 2
"""Comment headers ("who, when") needed in that window: one dated line may be the article's byline. A header
that counts one comment ("1 Comment", "One Response to …") needs only its one, when no other count follows
it on the page (a front page's posts each end in a count)."""
META_WORDS: Final = 20
"""A comment's header line is at most this long."""

_COMMENT_WORDS: Final = (
    r"(comments?|responses?|replies|thoughts?|reactions?|kommentare?|commentaires?|comentarios?|commenti)"
)
_COMMENT_WORD: Final = re.compile(rf"{_COMMENT_WORDS}|reply", re.I)
"""In every header: each of :data:`_HEADER`'s shapes names comments, replies or responses."""
_COUNT: Final = r"(\d[\d,.]*k?|no|one|two|three|four|five|six|seven|eight|nine|ten)"
_QUOTED: Final = r"[“\"'‘«].{1,160}"
_HEADER: Final = any_of(
    rf"{_COUNT} {_COMMENT_WORDS}( (on|to|for|about) {_QUOTED}| so far|\s?[^\w\s][^.!?]{{0,60}})?",
    rf"{_COMMENT_WORDS} ?[(\[:]? ?{_COUNT}[)\]]?",
    r"(leave|post|add|write|submit) (a|your) (comment|reply|response)\b[^.!?]{0,60}",
    r"(reader )?comments",
)
_CLOCK: Final = re.compile(r"\b\d{1,2}:\d{2}\b")
_SAID: Final = re.compile(r"\b(said|says|wrote|writes|replied)\s*:?$", re.I)


def is_comments_header(text: str) -> bool:
    """A line that opens a comment thread: "12 Comments", "Comments (33)", "Leave a Reply"…"""
    if len(text) > 200:
        return False
    key = chrome_key(text.strip().strip("{}[]()<>").strip())
    return bool(key) and bool(_HEADER.fullmatch(key))


def is_comment_meta(text: str) -> bool:
    """A comment's own header: a short line with a date or a clock time, or one ending "said", "says",
    "wrote", "writes" or "replied" (with or without a colon)."""
    return word_count(text) <= META_WORDS and (_is_dated(text) or bool(_SAID.search(text)))


def _is_dated(text: str) -> bool:
    return bool(has_date(text) or _CLOCK.search(text))


def _shape(text: str) -> str:
    """A header with its counts and the post title it names left out: "# thoughts", "comments (#)"."""
    return re.sub(r"\d[\d,.]*", "#", _without_post_title(text))


def _without_post_title(text: str) -> str:
    """The header's words before the post title it names: "3 thoughts on “Title”" → "3 thoughts"."""
    return re.split(r" (?:on|to|for|about) ", chrome_key(text), maxsplit=1)[0]


def _counts_one(text: str) -> bool:
    """The header counts a single comment: "1 Comment", "Comments (1)", "One response to …"."""
    count = re.search(rf"\b{_COUNT}\b", _without_post_title(text))
    return count is not None and count.group() in ("1", "one")


def _thread_under(window: Sequence[Unit], needed: int = META_LINES) -> bool:
    """``needed`` comments' own headers in ``window``, at least one of them dated."""
    metas = [u.text for u in window if is_comment_meta(u.text)]
    return len(metas) >= needed and any(_is_dated(text) for text in metas)


def thread_start(units: Sequence[Unit], kept: Callable[[int], bool], start: int) -> int | None:
    """The index of the header of the page's comment thread, or ``None``.

    ``kept(i)``: whether unit ``i`` is so far judged article text; ``start``:
    the first unit after the title. The header must follow ``ARTICLE_WORDS``
    words of kept text, stand on a line of its own (not a cell of a laid-out
    row), be followed within ``LOOK_AHEAD`` units by ``META_LINES`` comment
    headers (one of them dated), and not be a count repeated later:
    "Comments (0)", "Comments (2)"… under every post of a blog's front page
    are footers between posts, not a thread (a bare "Comments" over the
    thread and a "Comments:" label in the form under it are one thread).
    """
    headers = [_header_at(units, i) for i in range(len(units))]
    shapes = [_shape(text) if text else "" for text, _ in headers]
    last = {shape: j for j, shape in enumerate(shapes) if shape}
    last_count = max((j for j, shape in enumerate(shapes) if "#" in shape), default=-1)
    words = 0
    for i in range(start, len(units)):
        shape = shapes[i]
        if (
            shape
            and words >= ARTICLE_WORDS
            and units[i].style != "cell"
            and not ("#" in shape and last[shape] > i)
            and _thread_under(
                units[headers[i][1] + 1 : headers[i][1] + 1 + LOOK_AHEAD], _needed(headers[i][0], last_count > i)
            )
        ):
            return i
        if kept(i):
            words += word_count(units[i].text)
    return None


def _header_at(units: Sequence[Unit], i: int) -> tuple[str, int]:
    """The comment header that starts at unit ``i`` and the index of its last unit (``("", i)`` if none starts
    there): the unit's own text, or up to :data:`HEADER_PIECES` short units read as one line."""
    if units[i].kind != "text":
        return "", i
    if is_comments_header(units[i].text):
        return units[i].text, i
    window = units[i : i + HEADER_PIECES]
    if not any(_COMMENT_WORD.search(u.text) for u in window) or word_count(units[i].text) > _PIECE_WORDS:
        return "", i  # most lines of a page: no cut header starts here
    pieces = [units[i].text]
    for unit in window[1:]:
        if unit.kind != "text" or word_count(unit.text) > _PIECE_WORDS:
            break
        pieces.append(unit.text)
        if is_comments_header(" ".join(pieces)):
            return " ".join(pieces), i + len(pieces) - 1
    return "", i


def _needed(header: str, counts_follow: bool) -> int:
    """Comments' own headers to look for under ``header``: one where it counts one and is the page's last count."""
    return 1 if _counts_one(header) and not counts_follow else META_LINES


__all__ = ["is_comment_meta", "is_comments_header", "thread_start"]

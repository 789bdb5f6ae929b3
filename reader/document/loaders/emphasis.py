"""Drop the Markdown marks a converter (html2text, pandoc) leaves in page text.

Emphasis around words ("**Note:**", "_Wool blend_", "_History_"), escapes before punctuation
("\\- Nov 19") and a table's edge pipes: read aloud or shown as a heading they are noise;
snake_case names and lone asterisks stay. Every step is linear in the line: a lazy pattern
that looks for a closing mark after every opening one took minutes on a long line of
unpaired marks (a 28 KB html2text line of one CleanEval page took 0.9 s).
"""

from __future__ import annotations

import bisect
import re
import string
from typing import Final

_STAR_RUN: Final = re.compile(r"\*+")
_UNDERSCORES: Final = re.compile(r"(?<![\w*])(__?)(?=[^\s_])(?=[^_]*\s)([^_]*?)(?<=[^\s_]) ?\1(?![\w*])")
"""Underscore emphasis only around several words, so ``__init__`` and ``_id_`` stay as written (the
lookahead asks for a space before the next underscore once, where a lazy ``[^_]*?\\s[^_]*?`` tried every split).
The closing mark may follow a space: html2text writes ``<em>Have a great week! </em>`` as "_Have a great week! _"."""
_ONE_WORD_UNDERSCORES: Final = re.compile(r"(?<![\w*])_((?=[A-Z\d])[^\s_]+|[^\W\d_]+(?:['’-][^\W\d_]+)*)_(?![\w*])")
"""``_History_``, ``_1820_``, ``_all_``: one word or number in underscores is emphasis (a name such as
``__init__`` or ``_id2_`` has doubled underscores or a digit in it)."""
_ESCAPE: Final = re.compile(r"\\(?=[-*_#\[\]().!+`>|])")
"""A Markdown escape a converter wrote before punctuation ("\\- Nov 19", "1\\. Mix")."""
_EDGE_MARKS: Final = re.compile(r"^(?=[*_]{2})_*\*[*_]*(?=\S)|(?<=\S)(?<![*_])(?=[*_]*\*)[*_]{2,}$")
"""Emphasis marks with a star left unpaired at a line's edge ("**_CALENDAR YEAR 2006_")."""
_STRAY_STARS: Final = re.compile(r"(?<![*\w])\*{2,}(?![*_])")
"""A whole run of two stars or more that no word comes right before: half of a converter's bold pair whose other
half was lost ("Meditation **Other", "Family Roast **", "system.**Interface"). A run after a letter stays
("f**k", "s***"), and so does a lone star (a bullet, "5 * 3"); one before an underscore is left to
:data:`_EDGE_MARKS`."""
_TABLE_EDGES: Final = "|" + string.whitespace
"""What is stripped from the edges of a line of a Markdown table ("| Life is Local |"), with the pipes of the
empty cells beside its text: html2text writes a headline set in a layout table as "| | | Custom Gun and Knife
Display Cases". ``str.strip``, not a pattern: one ending in ``(?:\\s*\\|)+\\s*$`` is tried from every pipe of a
long row of them to its end (minutes for 200 KB of "| ")."""


def strip_emphasis(text: str) -> str:
    """``text`` without a converter's emphasis marks, escapes and table edge pipes."""
    text = _without_table_edges(_ESCAPE.sub("", text))
    text = _ONE_WORD_UNDERSCORES.sub(r"\1", _UNDERSCORES.sub(r"\2", unstar(text)))
    text = _EDGE_MARKS.sub("", _STRAY_STARS.sub(_stray_stars_out, text))
    if text.count("_") == 1 and len(text) > 1 and (text.startswith("_") or text.endswith("_")):
        text = text.strip("_")  # the other half of a pair stripped above
    return text


def _stray_stars_out(match: re.Match[str]) -> str:
    """Nothing for a run of stray stars, or a space where it stood between a mark and a word ("system. Interface")."""
    text, start, end = match.string, match.start(), match.end()
    between = start > 0 and not text[start - 1].isspace() and end < len(text) and text[end].isalnum()
    return " " if between else ""


def _without_table_edges(text: str) -> str:
    """``text`` without the pipes at either edge, and the spaces beside them (:data:`_TABLE_EDGES`)."""
    if text.lstrip().startswith("|"):
        text = text.lstrip(_TABLE_EDGES)
    if text.rstrip().endswith("|"):
        text = text.rstrip(_TABLE_EDGES)
    return text


def unstar(text: str) -> str:
    """``text`` with each ``*word*`` or ``**words**`` pair's marks removed, pairs taken left to right.

    An opening mark is a run of one or two stars after no letter or digit and before a character
    that is neither a space nor a star; its closing mark is the first run of as many stars, on the
    same line, after a character that is not a space and before no letter or digit. The runs are
    found once and each opening one's closing run by bisection, so a line of unpaired marks costs
    no more than one of paired ones.
    """
    runs = [(m.start(), m.end()) for m in _STAR_RUN.finditer(text)]
    if len(runs) < 2:
        return text
    closing: dict[int, list[int]] = {1: [], 2: []}
    for start, end in runs:
        if end - start <= 2 and start > 0 and not text[start - 1].isspace() and not _alnum_at(text, end):
            closing[end - start].append(start)
    parts, done = [], 0
    for start, end in runs:
        width = end - start
        if start < done or width > 2 or _alnum_at(text, start - 1) or end == len(text) or text[end].isspace():
            continue
        ends = closing[width]
        k = bisect.bisect_right(ends, end)  # after one character of emphasised text at least
        line_end = text.find("\n", end)
        if k == len(ends) or (line_end != -1 and ends[k] > line_end):
            continue
        parts += [text[done:start], text[end : ends[k]]]
        done = ends[k] + width
    return "".join(parts) + text[done:]


def _alnum_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum()


__all__ = ["strip_emphasis", "unstar"]

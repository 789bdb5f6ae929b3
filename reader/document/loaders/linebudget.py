"""A page of more short lines than any real page: its runs of short lines are read a few lines to a unit.

Every stage of the plain-text loader (cutting units, the model's features and trees, the title ranker, the
comment and contents rules) is linear in the page's units, at some tens of microseconds a unit. A real page has
a few thousand lines at most, but a 200 KB text can hold 100,000 short ones (a word list, a column of numbers,
one mark a line), and read line by line that took 3 to 20 seconds. Past :data:`MAX_SHORT_LINES` short lines,
when its lines are also tiny on average (under :data:`MEAN_CHARS` characters), each run of short lines is joined
a few lines at a time, so such a page costs no more units than that. A page within the budget, a book of any
length whose lines are of a book's length (verse and a play's speakers' names included: their time grows with
their size, not with their shape), and every line longer than :data:`SHORT_WORDS` words are left as they are.
"""

from __future__ import annotations

from typing import Final

MAX_SHORT_LINES: Final = 8_000
"""Short lines a page may have before its runs of them are joined. The most any text copy of the corpus's
3,471 pages has (five renderers, both splits, every language) is 4,566 (a soup copy; browser copies 3,103):
no page of the corpus is touched. A page of this many one-word lines reads in about half a second, and one of
100,000, joined into groups, in as long."""
MEAN_CHARS: Final = 14
"""Below this many characters a non-blank line on average, lines are tiny: a list of words, dates or marks. At
this length or more a 200 KB page has at most about 13,000 lines, about a second line by line; verse, a play
(its speakers' names on lines of their own) and scraped pages average more."""
SHORT_WORDS: Final = 8
SHORT_CHARS: Final = 60
"""A line of this many words (split at spaces) and characters or fewer is short; a longer one (a
sentence, a wrapped paragraph's line, a line of Chinese) stays as it is. A 200 KB page holds at most a few
thousand longer lines."""


def within_budget(lines: list[str]) -> list[str]:
    """``lines`` as they are, or, past :data:`MAX_SHORT_LINES` short lines when the lines average under
    :data:`MEAN_CHARS` characters, each run of short lines (blank lines between them are part of the run)
    joined by spaces a few lines at a time, one paragraph each."""
    short = [_is_short(line) for line in lines]
    count = sum(short)
    if count <= MAX_SHORT_LINES:
        return lines
    sizes = [len(line.strip()) for line in lines if line.strip()]
    if sum(sizes) >= MEAN_CHARS * len(sizes):
        return lines
    per_group = -(-count // (MAX_SHORT_LINES // 2))
    joined: list[str] = []
    group: list[str] = []

    def close() -> None:
        if group:
            joined.extend((" ".join(group), ""))
            group.clear()

    for line, is_short in zip(lines, short):
        if is_short:
            group.append(line.strip())
            if len(group) == per_group:
                close()
        elif line.strip():
            close()
            joined.append(line)
        elif not group:
            joined.append(line)
    close()
    return joined


def _is_short(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= SHORT_CHARS and len(stripped.split(None, SHORT_WORDS)) <= SHORT_WORDS

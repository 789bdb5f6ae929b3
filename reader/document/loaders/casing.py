"""Letter case of a line of scraped text: all capitals, title case, an upper-case start.

Scraped text has lost its markup, so the case of a short line is much of what
tells a heading ("How Sleep Shapes Memory", "RESULTS") or a title from prose.
Shared by the plain-text loader's line joining, title finding and heading scoring.
"""

from __future__ import annotations

import re
from reader.text import split_words
from typing import Final

_SMALL_WORDS: Final = frozenset(
    "a an the and but or nor for so yet of in on at to by up as is it its with from into onto over per via vs "
    "than be are was were do does not no if how what why when where who vs.".split()
)


def starts_upper(text: str) -> bool:
    """The first word with a letter has a capital (or, with no letters, the text starts with a digit)."""
    first = next((w for w in split_words(text) if any(c.isalpha() for c in w)), "")
    if not first:
        return bool(re.match(r"\d", text))
    letter = next(c for c in first if c.isalpha())
    return letter.isupper() or any(c.isupper() for c in first)


def is_caps_line(text: str) -> bool:
    """An all-capitals line ("RESULTS AND DISCUSSION"): four letters or more, 14 words at most."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(split_words(text)) <= 14


def is_title_case(text: str) -> bool:
    """Most words after the first, small words aside, are capitalised."""
    words = [w.strip("\"'“”‘’()[]:,-–—") for w in split_words(text)]
    words = [w for w in words if w and w[0].isalpha()]
    significant = [w for w in words[1:] if w.casefold() not in _SMALL_WORDS]
    if not significant:
        return len(words) <= 3
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised >= 0.7 * len(significant)


__all__ = ["is_caps_line", "is_title_case", "starts_upper"]

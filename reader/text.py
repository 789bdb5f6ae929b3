"""Small text helpers every layer shares: words, whitespace, loose comparison."""

from __future__ import annotations

import re
from typing import Final

_WHITESPACE: Final = re.compile(r"\s+")
_WORD: Final = re.compile(r"\w+")


def split_words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``."""
    return text.split()


def word_count(text: str) -> int:
    """How many whitespace-separated words ``text`` holds."""
    return len(text.split())


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace become one space; leading/trailing space is removed."""
    return _WHITESPACE.sub(" ", text).strip()


def word_key(text: str) -> str:
    """``text`` for a loose comparison: its words, case-folded, without punctuation."""
    return " ".join(_WORD.findall(text.casefold()))


def same_words(a: str | None, b: str | None) -> bool:
    """Whether two texts have the same words, ignoring case, spacing and punctuation."""
    return a is not None and b is not None and word_key(a) == word_key(b)


__all__ = ["collapse_whitespace", "same_words", "split_words", "word_count", "word_key"]

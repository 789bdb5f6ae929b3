"""Small text helpers every layer shares: words, whitespace, loose comparison."""

from __future__ import annotations

import re
from typing import Final

_WHITESPACE: Final = re.compile(r"\s+")
_WORD: Final = re.compile(r"\w+")
_CONTENT_WORD: Final = re.compile(r"\w{4,}")

CJK: Final = "\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
"""Kana and Han characters (with 々, 〆, 〇 and half-width katakana), as a regular-expression class body:
scripts written without spaces between words. Hangul is not among them: Korean puts spaces between words."""
CJK_CHARACTER: Final = re.compile(f"[{CJK}]")
CLOSERS: Final = "\"'”’)]»"
"""Quotes and brackets that may close a sentence after its final punctuation."""
_CJK_WORD: Final = re.compile(f"[{CJK}]{{1,2}}[^\\w\\s]*|[^\\s{CJK}]+")


def split_words(text: str) -> list[str]:
    """The words of ``text``: what whitespace separates, and in Chinese and Japanese each two characters.

    Those languages put no spaces between words, and their words average under two characters; counted
    as one word, a paragraph of Chinese would be as short as a menu item to every rule that weighs length."""
    if not CJK_CHARACTER.search(text):
        return text.split()
    return _CJK_WORD.findall(text)


def word_count(text: str) -> int:
    """How many words ``text`` holds (see :func:`split_words`)."""
    return len(split_words(text))


def content_words(text: str) -> list[str]:
    """Words of four letters or more, case-folded, a plural's final s taken off ("lentils" counts as
    "lentil"): the words that say what a text is about."""
    return [
        w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w
        for w in _CONTENT_WORD.findall(text.casefold())
    ]


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace become one space; leading/trailing space is removed."""
    return _WHITESPACE.sub(" ", text).strip()


def word_key(text: str) -> str:
    """``text`` for a loose comparison: its words, case-folded, without punctuation."""
    return " ".join(_WORD.findall(text.casefold()))


def same_words(a: str | None, b: str | None) -> bool:
    """Whether two texts have the same words, ignoring case, spacing and punctuation."""
    return a is not None and b is not None and word_key(a) == word_key(b)


__all__ = [
    "CJK",
    "CJK_CHARACTER",
    "CLOSERS",
    "collapse_whitespace",
    "content_words",
    "same_words",
    "split_words",
    "word_count",
    "word_key",
]

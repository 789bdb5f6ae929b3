"""Text of HTML elements, and the blocks made of it: shared by every step of the HTML loader.

Metadata, page preparation, trafilatura's XML and our own walk all tidy text
the same way (non-breaking spaces and runs of whitespace become one space; a
heading loses a trailing permalink mark). Keeping that in one place keeps the
two extractors' blocks comparable: the HTML loader matches the walk's
headings and code to the text trafilatura kept. No space is left before
punctuation that markup split from its word (``<b>Flammkuchen</b>``, a line break, ``, morgen``).
"""

from __future__ import annotations

import re
from typing import Final, Iterator

import lxml.html

from reader.document.model import Block, BlockKind

SPACE_RE: Final = re.compile(r"\s+")
HEADING_TAGS: Final = {f"h{n}": n for n in range(1, 7)}

_HEADING_ANCHOR_RE: Final = re.compile(r"\s*[¶§🔗]+\s*$|\s+#\s*$")

_CLOSING: Final = r",.;:!?…)\]}”’"
_SPACE_BEFORE_CLOSING_RE: Final = re.compile(rf"\s+(?!::)([{_CLOSING}]+)(?=\s|$|[\"'])")
"""Whitespace before punctuation or a closing quote/bracket that ends a word
(``<b>Flammkuchen</b>``, a line break, ``, morgen``): markup, not the writer, put it there.
Only when the mark is followed by a space or the end, so ``.NET`` and ``.5``
keep theirs, and never before ``::``, a title's separator. (“ and ‘ open
quotes in English and close them in German, so they are left alone.)"""
_SPACE_THEN_CLOSING: Final = re.compile(rf" [{_CLOSING}]")
"""Where :data:`_SPACE_BEFORE_CLOSING_RE` can match at all, once whitespace is single spaces."""
_SPACE_AFTER_OPENING_RE: Final = re.compile(r"(?:(?<=\s)|^)([(\[{])\s+")
"""Whitespace after an opening bracket that starts a word (``( <i>ja</i>)``)."""


def text_blocks(kind: BlockKind, text: str, level: int = 0) -> Iterator[Block]:
    """The block of ``kind`` holding ``text``, tidied; none if no text is left."""
    if kind == "code":
        text = text.strip("\n")
        if text.strip():
            yield Block("code", text)
        return
    text = clean_text(text)
    if kind == "heading":
        text = _HEADING_ANCHOR_RE.sub("", text)  # "Configuration¶": Sphinx/GitHub permalink marks
    if text:
        yield Block(kind, text, level)


def clean_text(text: str) -> str:
    """``text`` with non-breaking spaces and runs of whitespace as one space,
    none before punctuation that closes a word (``Flammkuchen , morgen``) or
    after a bracket that opens one, stripped."""
    # str.split() and the regex \s agree on what whitespace is; split is
    # several times faster, and most texts need neither pattern below (a
    # 300-page PDF's paragraphs: 0.11 s -> 0.03 s).
    text = " ".join(text.replace("\u00a0", " ").split())
    if _SPACE_THEN_CLOSING.search(text):
        text = _SPACE_BEFORE_CLOSING_RE.sub(r"\1", text)
    if "( " in text or "[ " in text or "{ " in text:
        text = _SPACE_AFTER_OPENING_RE.sub(r"\1", text)
    return text


def is_link_only(p: lxml.html.HtmlElement) -> bool:
    """A short paragraph whose text is (almost) all link text: navigation, not prose."""
    text = clean_text(p.text_content())
    if not text or len(text.split()) > 12:
        return False
    linked = sum(len(clean_text(a.text_content())) for a in p.iter("a"))
    return linked >= 0.9 * len(text)

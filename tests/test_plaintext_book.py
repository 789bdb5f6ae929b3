"""A plain-text book, longer than any web page the boilerplate model learned from, is read to its last chapter."""

from __future__ import annotations

import random

from reader.document.loaders.boilerplate import LONG_PAGE_WORDS, WINDOW_MARGIN, WINDOW_WORDS, page_windows
from reader.document.loaders.plaintext import parse
from reader.document.loaders.units import Unit
from reader.text import word_count
from tests.conftest import CONTENT


def _paragraphs() -> list[str]:
    """The bundled plain-text articles' paragraphs of running prose."""
    found = []
    for path in sorted(CONTENT.glob("*.txt")):
        for chunk in path.read_text(encoding="utf-8").split("\n\n"):
            text = " ".join(chunk.split())
            if word_count(text) >= 30 and text[-1] in ".?!":
                found.append(text)
    return found


def _book(chapters: int) -> str:
    rng = random.Random(7)
    paragraphs = _paragraphs()
    parts = ["The Long Night: A Book About Sleep"]
    for k in range(1, chapters + 1):
        parts.append(f"Chapter {k}: {rng.choice(['Dreams', 'Memory', 'Rest', 'Habits'])} and More")
        parts.extend(rng.sample(paragraphs, 10))
    return "\n\n".join(parts) + "\n"


def test_a_book_longer_than_any_web_page_is_read_to_its_last_chapter():
    # Past about 6,000 words every line of such a book was judged page chrome: a 180,000-word book read 7 chapters.
    text = _book(120)
    assert word_count(text) > LONG_PAGE_WORDS
    doc = parse(text)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    read = sum(word_count(b.text) for b in doc.blocks)
    assert headings[-1].startswith("Chapter 120:")
    assert len(headings) >= 115
    assert read >= 0.95 * word_count(text)


def test_a_long_text_is_judged_in_windows_that_cover_every_line_once():
    units = [Unit("text", f"Line {k} " + "word " * (k % 40), 0) for k in range(12_000)]
    windows = page_windows(units)
    kept = [i for _, _, keep_from, keep_to in windows for i in range(keep_from, keep_to)]
    assert kept == list(range(len(units)))
    for start, end, keep_from, keep_to in windows:
        assert start <= keep_from < keep_to <= end
        assert sum(word_count(u.text) for u in units[start:end]) <= WINDOW_WORDS + 2 * WINDOW_MARGIN + 100


def test_a_page_of_web_page_length_is_judged_whole():
    units = [Unit("text", "word " * 40, 0) for _ in range(LONG_PAGE_WORDS // 40)]
    assert page_windows(units) == [(0, len(units), 0, len(units))]

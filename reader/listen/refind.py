"""Finding a saved sentence again in an edited article.

A saved place and each bookmark keep their sentence's text. When the article
changed, :func:`fit` keeps a place that still points at its sentence (or finds
the same sentence moved), and :func:`refind` also accepts the sentence that
took its place or the most similar one, saying whether the match is exact.
"""

from __future__ import annotations

import difflib
from typing import Final

from reader.document.model import Article
from reader.listen.commands import Cursor

SIMILAR: Final = 0.75
"""How alike (difflib ratio) an edited sentence anywhere must be to count as the one the listener left off at."""
SIMILAR_IN_PLACE: Final = 0.5
"""How alike the sentence still at the saved section and sentence number must be (a short sentence with one
word changed: "Beta two continues." → "Beta two goes on." is 0.67)."""


def refind(text: str, article: Article, near: Cursor | None = None) -> tuple[Cursor | None, bool]:
    """Where ``text`` is in ``article`` (exact); else the sentence still at
    ``near`` (the saved place) when it is a near copy, or the most similar
    sentence anywhere when it is alike enough; else ``None``. And whether the
    match is exact."""
    if not text:
        return None, False
    if near is not None:
        sections = article.sections
        if near.section < len(sections) and near.sentence < len(sections[near.section].sentences):
            here = sections[near.section].sentences[near.sentence].text
            if here != text and difflib.SequenceMatcher(None, here, text, autojunk=False).ratio() >= SIMILAR_IN_PLACE:
                exact = refind(text, article)
                return exact if exact[1] else (near, False)
    best: tuple[float, Cursor | None] = (0.0, None)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(text)
    for si, ti, sentence in article.iter_sentences():
        if sentence.text == text:
            return Cursor(si, ti), True
        matcher.set_seq1(sentence.text)
        if matcher.real_quick_ratio() > best[0] and matcher.quick_ratio() > best[0]:
            ratio = matcher.ratio()
            if ratio > best[0]:
                best = (ratio, Cursor(si, ti))
    return (best[1], False) if best[0] >= SIMILAR else (None, False)


def fit(cursor: Cursor, text: str, article: Article) -> Cursor | None:
    """``cursor`` if it points at ``text`` (or at some sentence, when no text
    was stored) in ``article``; else where ``text`` is now; else ``None``."""
    sections = article.sections
    in_range = cursor.section < len(sections) and cursor.sentence < len(sections[cursor.section].sentences)
    if in_range and (not text or sections[cursor.section].sentences[cursor.sentence].text == text):
        return cursor
    if text:
        matches = [Cursor(si, ti) for si, ti, s in article.iter_sentences() if s.text == text]
        if matches:
            # The same sentence may occur twice: take the one nearest the old place.
            return min(matches, key=lambda c: (abs(c.section - cursor.section), abs(c.sentence - cursor.sentence)))
    return None


__all__ = ["SIMILAR", "SIMILAR_IN_PLACE", "fit", "refind"]

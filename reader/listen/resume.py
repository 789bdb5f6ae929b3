"""The resume position and bookmarks of the article being read: the
:class:`Positions` a listening session saves to, and :class:`StoredPositions`,
which keeps them for one article in a :class:`~reader.listen.positions.PositionStore`."""

from __future__ import annotations

import os
from typing import Protocol

from reader.document.model import Article
from reader.listen.commands import Cursor
from reader.listen.positions import CarriedOver, PositionStore, article_key


class Positions(Protocol):
    """Resume position and bookmarks of the article being read."""

    def save(self, cursor: Cursor) -> None: ...

    def clear(self) -> None: ...

    def add_bookmark(self, cursor: Cursor, label: str) -> int:
        """Store a bookmark; return its number (1-based)."""
        ...

    def bookmarks(self) -> list[tuple[int, Cursor]]:
        """The article's bookmarks: ``(number, cursor)`` in the order they were made."""
        ...

    def remove_bookmark(self, number: int) -> bool:
        """Delete bookmark ``number``; ``False`` if there was none."""
        ...


class StoredPositions:
    """:class:`Positions` for one article, kept in a :class:`~reader.listen.positions.PositionStore`."""

    def __init__(self, store: PositionStore, article: Article, *, keep_place: bool = True) -> None:
        """``keep_place=False`` (``--only``): reading one part must not move or
        erase the article's saved place; bookmarks are still kept."""
        self.store = store
        self.article = article
        self.key = article_key(article)
        self.keep_place = keep_place
        self.carried: CarriedOver | None = None
        """Set by :meth:`load` when the place came from an earlier version of the article."""

    @property
    def source(self) -> str | None:
        """The article's file (absolute) or URL; ``None`` for standard input."""
        source = self.article.source
        if not source or source == "-":
            return None
        if "://" in source:
            return source
        return os.path.abspath(source)

    def _text(self, cursor: Cursor) -> str:
        sentences = self.article.sections[cursor.section].sentences
        return sentences[cursor.sentence].text if cursor.sentence < len(sentences) else ""

    def load(self) -> Cursor | None:
        """The saved place; for an edited article, the place carried over from
        its earlier version (see :attr:`carried`)."""
        cursor = self.store.load(self.key, self.article)
        if cursor is None:
            self.carried = self.store.carry_over(self.key, self.article, self.source)
            cursor = self.carried.cursor if self.carried is not None else None
        return cursor

    def save(self, cursor: Cursor) -> None:
        if not self.keep_place:
            return
        label = self.article.sections[cursor.section].number
        self.store.save(self.key, cursor, label, text=self._text(cursor), title=self.article.title, source=self.source)

    def clear(self) -> None:
        if self.keep_place:
            self.store.clear(self.key)

    def add_bookmark(self, cursor: Cursor, label: str) -> int:
        number = self.article.sections[cursor.section].number
        return self.store.add_bookmark(self.key, cursor, label=number, text=self._text(cursor))

    def bookmarks(self) -> list[tuple[int, Cursor]]:
        return [(mark.number, mark.cursor) for mark in self.store.bookmarks(self.key, self.article)]

    def remove_bookmark(self, number: int) -> bool:
        return self.store.remove_bookmark(self.key, number)

"""The document model: Article → Section → Paragraph → Sentence.

Loaders do not build these directly. Each loader turns its input into a
:class:`RawDocument` (a flat list of :class:`Block` s with heading levels as
found in the source); :mod:`reader.document.structure` then normalises heading levels,
numbers the sections and splits paragraphs into sentences. Everything here is
immutable so that navigation and export can share one article safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "quote", "code", "table_row"]
ParagraphKind = Literal["prose", "list_item", "quote", "code"]


@dataclass(frozen=True)
class Block:
    """One structural unit found by a loader, in reading order."""

    kind: BlockKind
    """``heading``, ``paragraph``, ``list_item``, ``quote``, ``code`` or ``table_row`` (one row of a
    data table, its cells joined by commas)."""
    text: str
    """The block's text; for prose, whitespace inside it is not significant."""
    level: int = 0
    """For headings: the level as found in the source (1 = most important).
    Levels may have gaps (h2 then h4); :mod:`reader.document.structure` makes them
    relative. Ignored for other kinds."""


@dataclass(frozen=True)
class DroppedBlock:
    """A piece of the source a loader judged not to be article text, and why."""

    text: str
    reason: str
    """Short and plain: ``page chrome (score 0.12)``, ``table of contents``…"""


@dataclass(frozen=True)
class Cover:
    """A book's cover image, for audiobook tags."""

    data: bytes = field(repr=False)
    mime_type: str
    """``image/jpeg`` or ``image/png``."""


@dataclass(frozen=True)
class RawDocument:
    """What a loader produces: metadata plus blocks in reading order."""

    title: str | None
    blocks: tuple[Block, ...]
    author: str | None = None
    language: str = "en"
    """BCP-47-ish language code (``en``, ``de``…) when the source says so."""
    dropped: tuple[DroppedBlock, ...] = ()
    """What the loader left out as not article text, in source order."""
    cover: Cover | None = None
    """The cover image of a book that has one (EPUB)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence as written (whitespace collapsed to single spaces)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A run of sentences that belong together (a paragraph or a list item).

    Code blocks are kept for completeness; their sentences are what the
    reading policy says of them (a notice, their lines, or none), see
    :class:`reader.document.structure.ReadingPolicy`.
    """

    sentences: tuple[Sentence, ...]
    kind: ParagraphKind = "prose"
    raw: str = ""
    """The original text (of a code block)."""
    notice: bool = False
    """Its one sentence only says that a code block or table was skipped."""


@dataclass(frozen=True)
class Section:
    """A heading and the paragraphs directly under it (not its subsections)."""

    number: str
    """Dotted outline number: ``"1"``, ``"2.3"``; ``"0"`` for the untitled
    text before the first heading."""
    title: str | None
    """The heading text, or ``None`` for the text before the first heading."""
    level: int
    """1 = top level; subsections are one deeper than their parent."""
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """All sentences directly under this heading, in reading order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def label(self) -> str:
        """Human label such as ``"2.1 Mechanism of Action"``."""
        return f"{self.number} {self.title}" if self.title else f"{self.number} (introduction)"


@dataclass(frozen=True)
class Article:
    """A whole article: optional title and sections in reading order."""

    title: str | None
    sections: tuple[Section, ...]
    author: str | None = None
    language: str = "en"
    source: str = ""
    """Where it came from (path, URL or ``-``), for messages and tags."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    """Loader-specific metadata (e.g. ``date``, ``url``); informational only."""
    dropped: tuple[DroppedBlock, ...] = ()
    """What the loader left out as not article text, with why (``reader outline --show-dropped``)."""
    cover: Cover | None = field(default=None, compare=False, hash=False)
    """A book's cover image (EPUB), for the audiobook's tags."""

    def iter_sentences(self) -> Iterator[tuple[int, int, Sentence]]:
        """Yield ``(section_index, sentence_index, sentence)`` in reading order."""
        for si, section in enumerate(self.sections):
            for ti, sentence in enumerate(section.sentences):
                yield si, ti, sentence

    @property
    def sentence_count(self) -> int:
        return sum(len(s.sentences) for s in self.sections)

    def has_text(self, indices: Iterable[int] | None = None) -> bool:
        """Whether the sections at ``indices`` (default: all) have something to read
        beyond notices of skipped code and tables."""
        chosen = self.sections if indices is None else [self.sections[i] for i in indices]
        return any(p.sentences and not p.notice for s in chosen for p in s.paragraphs)

    def subtree(self, index: int) -> tuple[Section, ...]:
        """The section at ``index`` followed by all its subsections."""
        head = self.sections[index]
        out = [head]
        for section in self.sections[index + 1 :]:
            if section.level <= head.level:
                break
            out.append(section)
        return tuple(out)

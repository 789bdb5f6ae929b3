"""From a loader's flat block list to a numbered :class:`Article`.

Heading levels in real documents are messy (a page may start at ``h2`` and
jump to ``h4``). Here they become relative: the outline depth of a heading is
one more than the depth of the nearest earlier heading with a smaller source
level, so the smallest level used is depth 1, gaps are compressed, and no
heading is ever more than one deeper than the heading before it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Final

from reader.document.model import Article, Block, Paragraph, RawDocument, Section, Sentence
from reader.document.sentences import bounded_sentences, split_sentences
from reader.text import collapse_whitespace

PREAMBLE_NUMBER = "0"
"""Outline number of the untitled text before the first heading."""

CODE_POLICIES: Final = ("notice", "read", "skip")
TABLE_POLICIES: Final = ("read", "notice", "skip")


@dataclass(frozen=True)
class ReadingPolicy:
    """What becomes of the parts that are not prose, the same for every input format.

    ``code``: ``notice`` (default) says "Code block skipped, 12 lines." where
    the block was; ``read`` reads it a line at a time; ``skip`` says nothing.
    ``tables``: ``read`` (default) reads a data table a row at a time, its cells
    joined by commas; ``notice`` says "Table skipped, 5 rows."; ``skip`` says nothing.
    The skipped text stays in the article (``reader outline`` shows code blocks).
    """

    code: str = "notice"
    tables: str = "read"

    def __post_init__(self) -> None:
        if self.code not in CODE_POLICIES:
            raise ValueError(f"code policy {self.code!r}: choose {', '.join(CODE_POLICIES)}")
        if self.tables not in TABLE_POLICIES:
            raise ValueError(f"tables policy {self.tables!r}: choose {', '.join(TABLE_POLICIES)}")


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


@dataclass
class _OpenSection:
    """A section being filled while walking the blocks."""

    number: str
    title: str | None
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(self.number, self.title, self.level, tuple(self.paragraphs))


class _Numbering:
    """Turns source heading levels into outline depths and dotted numbers."""

    def __init__(self) -> None:
        self._source_levels: list[int] = []  # source level of each open ancestor
        self._counters: list[int] = []

    def next(self, source_level: int) -> tuple[str, int]:
        """``(number, depth)`` for the next heading with this source level."""
        while self._source_levels and self._source_levels[-1] >= source_level:
            self._source_levels.pop()
        self._source_levels.append(source_level)
        depth = len(self._source_levels)
        del self._counters[depth:]
        if len(self._counters) < depth:
            self._counters.append(0)
        self._counters[depth - 1] += 1
        return ".".join(str(n) for n in self._counters), depth


def paragraph_from_block(block: Block, policy: ReadingPolicy = ReadingPolicy()) -> Paragraph | None:
    """The paragraph a non-heading block becomes, or ``None`` if it is empty."""
    if block.kind == "code":
        code = block.text.strip("\n")
        if not code.strip():
            return None
        lines = [line.strip() for line in code.splitlines() if line.strip()]
        said: tuple[Sentence, ...] = ()
        if policy.code == "notice":
            said = (Sentence(f"Code block skipped, {_count(len(lines), 'line')}."),)
        elif policy.code == "read":
            said = tuple(Sentence(line) for line in bounded_sentences(lines))
        return Paragraph(sentences=said, kind="code", raw=code, notice=policy.code == "notice")
    sentences = tuple(Sentence(s) for s in bounded_sentences(split_sentences(block.text)))
    if not sentences:
        return None
    kind = {"list_item": "list_item", "quote": "quote"}.get(block.kind, "prose")
    return Paragraph(sentences=sentences, kind=kind)  # type: ignore[arg-type]


def _table_paragraphs(rows: list[Block], policy: ReadingPolicy) -> list[Paragraph]:
    """A run of table rows: a paragraph per row, one notice, or nothing (see :class:`ReadingPolicy`)."""
    if policy.tables == "skip":
        return []
    if policy.tables == "notice":
        return [Paragraph(sentences=(Sentence(f"Table skipped, {_count(len(rows), 'row')}."),), notice=True)]
    read = (paragraph_from_block(Block("paragraph", row.text), policy) for row in rows)
    return [p for p in read if p is not None]


def _same_heading(a: str, b: str) -> bool:
    """The same heading but for case and spacing (punctuation counts: "C++" is not "C")."""
    return collapse_whitespace(a).casefold() == collapse_whitespace(b).casefold()


def build_article(raw: RawDocument, source: str = "", policy: ReadingPolicy = ReadingPolicy()) -> Article:
    """Number the sections of ``raw`` and split its prose into sentences;
    code blocks and tables as ``policy`` says."""
    title = collapse_whitespace(raw.title) if raw.title else None
    blocks = [b for b in raw.blocks if b.kind != "heading" or collapse_whitespace(b.text)]
    first_heading = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if first_heading is not None and title is not None and _same_heading(blocks[first_heading].text, title):
        del blocks[first_heading]  # it is the document title, not a section

    sections: list[_OpenSection] = []
    preamble = _OpenSection(PREAMBLE_NUMBER, None, 1)
    current = preamble
    numbering = _Numbering()
    for is_table, run in itertools.groupby(blocks, key=lambda b: b.kind == "table_row"):
        if is_table:  # a table's rows are read, announced or skipped together
            current.paragraphs.extend(_table_paragraphs(list(run), policy))
            continue
        for block in run:
            if block.kind == "heading":
                number, depth = numbering.next(block.level)
                current = _OpenSection(number, collapse_whitespace(block.text), depth)
                sections.append(current)
                continue
            paragraph = paragraph_from_block(block, policy)
            if paragraph is not None:
                current.paragraphs.append(paragraph)

    if preamble.paragraphs:
        sections.insert(0, preamble)
    return Article(
        title=title,
        sections=tuple(s.freeze() for s in sections),
        author=raw.author,
        language=raw.language,
        source=source,
        dropped=raw.dropped,
        cover=raw.cover,
    )

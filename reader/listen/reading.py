"""The part of an article being read, in reading order (pure: no state).

:class:`ReadingOrder` answers questions about places (:class:`Cursor`):
the sentence after or before one, where paragraphs start, how many words
are left, where a search or a bookmark lands, which headings a move passes.
Reading order is the article's sections in order, skipping sections with
no sentences; ``--only`` limits it to one section and its subsections.
The :class:`~reader.listen.navigation.Navigator` moves through it.
"""

from __future__ import annotations

from typing import Callable, Sequence

from reader.document.model import Article, Section
from reader.listen.commands import Cursor
from reader.text import word_count


def describe_duration(minutes: float) -> str:
    """``"less than a minute"``, ``"about 4 minutes"``, ``"about 1 hour 5 minutes"``."""
    if minutes < 1:
        return "less than a minute"
    total = max(1, round(minutes))
    hours, mins = divmod(total, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if mins:
        parts.append(f"{mins} minute" + ("s" if mins != 1 else ""))
    return "about " + " ".join(parts)


class ReadingOrder:
    """The sentences of ``article`` a session reads, in order."""

    def __init__(self, article: Article, only_section: int | None = None) -> None:
        """``only_section``: read just that section and its subsections (``--only``)."""
        self.article = article
        self.only_section = only_section
        self.counts = [len(section.sentences) for section in article.sections]
        """Sentences in each section of the article."""
        n = len(article.sections)
        if only_section is not None:
            if not 0 <= only_section < n:
                raise ValueError(f"section index {only_section} out of range 0..{n - 1}")
            self.first, self.last = only_section, only_section + len(article.subtree(only_section)) - 1
        else:
            self.first, self.last = 0, n - 1
        self.readable = [i for i in range(self.first, self.last + 1) if self.counts[i] > 0]
        """The sections with sentences, in reading order."""

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to read (only headings, or no text)."""
        return not self.readable

    def contains(self, section: int) -> bool:
        """Whether section ``section`` is in the part being read."""
        return self.first <= section <= self.last

    def scope_name(self) -> str:
        """``"the article"`` or ``"section 2.1"`` (for messages)."""
        if self.only_section is None:
            return "the article"
        return f"section {self.article.sections[self.only_section].number}"

    def sentence_text(self, cursor: Cursor) -> str:
        return self.article.sections[cursor.section].sentences[cursor.sentence].text

    def first_cursor(self) -> Cursor:
        return Cursor(self.readable[0], 0)

    def last_cursor(self) -> Cursor:
        last = self.readable[-1]
        return Cursor(last, self.counts[last] - 1)

    def all_cursors(self) -> list[Cursor]:
        """Every sentence of the part being read, in order."""
        return [Cursor(s, i) for s in self.readable for i in range(self.counts[s])]

    def after(self, cursor: Cursor) -> Cursor | None:
        """The sentence after ``cursor``, or ``None`` at the end."""
        if cursor.sentence + 1 < self.counts[cursor.section]:
            return Cursor(cursor.section, cursor.sentence + 1)
        following = self.section_after(cursor.section)
        return Cursor(following, 0) if following is not None else None

    def before(self, cursor: Cursor) -> Cursor | None:
        """The sentence before ``cursor``, or ``None`` at the start."""
        if cursor.sentence > 0:
            return Cursor(cursor.section, cursor.sentence - 1)
        before = self.section_before(cursor.section)
        return Cursor(before, self.counts[before] - 1) if before is not None else None

    def section_after(self, index: int) -> int | None:
        """The next section with sentences after section ``index``."""
        return next((i for i in self.readable if i > index), None)

    def section_before(self, index: int) -> int | None:
        """The previous section with sentences before section ``index``."""
        return next((i for i in reversed(self.readable) if i < index), None)

    def titled(self, first: int, last: int) -> tuple[int, ...]:
        """Indices in ``first..last`` whose heading can be announced."""
        return tuple(i for i in range(first, last + 1) if self.article.sections[i].title is not None)

    def paragraph_starts(self, section: int) -> list[int]:
        """Sentence index where each paragraph (or list item) of ``section`` starts."""
        starts, at = [], 0
        for paragraph in self.article.sections[section].paragraphs:
            if paragraph.sentences:
                starts.append(at)
                at += len(paragraph.sentences)
        return starts

    def words_from(self, cursor: Cursor) -> int:
        """Words from the start of ``cursor``'s sentence to the end of reading."""
        if self.is_empty:
            return 0
        sections = self.article.sections
        total = sum(word_count(s.text) for s in sections[cursor.section].sentences[cursor.sentence :])
        return total + sum(
            word_count(s.text) for index in self.readable if index > cursor.section for s in sections[index].sentences
        )

    def at_word(self, wanted_of: Callable[[int], float]) -> Cursor:
        """The sentence holding word ``wanted_of(total words)`` (the last when past the end)."""
        order = self.all_cursors()
        sizes = [word_count(self.sentence_text(c)) for c in order]
        wanted, seen = wanted_of(sum(sizes)), 0
        for cursor, size in zip(order, sizes):
            if seen + size > wanted:
                return cursor
            seen += size
        return order[-1]

    def find(self, words: str, here: Cursor) -> Cursor | None:
        """The first sentence after ``here`` that contains ``words``
        (case-insensitive), wrapping round; ``None`` when no sentence does."""
        wanted = " ".join(words.casefold().split())
        if not wanted:
            return None
        order = self.all_cursors()
        start = next((k for k, c in enumerate(order) if c == here), -1) + 1
        for cursor in order[start:] + order[:start]:
            if wanted in " ".join(self.sentence_text(cursor).casefold().split()):
                return cursor
        return None

    def next_mark(self, marks: Sequence[Cursor], here: Cursor) -> Cursor | None:
        """The first of ``marks`` after ``here``, wrapping round (``here``
        last); ``None`` when none is in the part being read."""
        inside = sorted(
            {m for m in marks if m.section in self.readable and 0 <= m.sentence < self.counts[m.section]},
            key=lambda m: (m.section, m.sentence),
        )
        key = (here.section, here.sentence)
        return next((m for m in inside if (m.section, m.sentence) > key), inside[0] if inside else None)

    def landing(self, start: Cursor | None) -> tuple[Cursor, tuple[int, ...]]:
        """Where reading begins for a requested ``start`` (e.g. a resume
        position) and the headings to announce there: a position in a section
        without sentences moves on to the next one with text; one past the
        end, or outside the part being read, starts over."""
        if self.is_empty:
            return Cursor(self.first, 0), ()
        first = self.readable[0]
        from_the_start = (Cursor(first, 0), self.titled(self.first, first))
        if start is None or not self.contains(start.section) or start.sentence < 0:
            return from_the_start
        if start.sentence < self.counts[start.section]:
            return start, self.titled(start.section, start.section)
        if self.counts[start.section] == 0:  # an empty heading: its first section with text
            landed = next((i for i in self.readable if i >= start.section), None)
            entered = start.section
        else:  # past the section's last sentence: the next section
            landed = self.section_after(start.section)
            entered = start.section + 1
        if landed is None:
            return from_the_start
        return Cursor(landed, 0), self.titled(entered, landed)

    # ------------------------------------------------------------ describing places

    def section_description(self, index: int) -> str:
        """``"Section 2.1, Mechanism of Action"`` / ``"Introduction"``."""
        section = self.article.sections[index]
        if section.title is None:
            return "Introduction"
        return f"Section {section.number}, {section.title}"

    def short_position(self, cursor: Cursor) -> str:
        """``"Section 2.1, Participants, sentence 3 of 8"``."""
        return f"{self.section_description(cursor.section)}, sentence {cursor.sentence + 1} of {self.counts[cursor.section]}"

    def section_place(self, index: int) -> str:
        """``"Section 2 of 6, Methods; subsection 2.1, Participants"``: listeners
        orient by the top-level section first (``of N`` counts those), then the subsection."""
        section = self.article.sections[index]
        if section.title is None:
            return "Introduction"
        top_level = sum(1 for s in self.article.sections if s.level == 1 and s.title is not None)
        top = self._top_level_ancestor(index)
        place = f"Section {top.number} of {top_level}, {top.title}"
        return place if top is section else f"{place}; subsection {section.number}, {section.title}"

    def where(self, cursor: Cursor, rate: int, *, paused: bool, finished: bool) -> str:
        """``"Section 2 of 6, Mechanism of Action, sentence 3 of 8, 40 percent
        through, about 4 minutes left, in Ketamine Therapy"`` (at ``rate`` words
        a minute). ``of N`` counts the top-level sections; the article's title
        comes last (the place first)."""
        if self.is_empty:
            return "There is nothing to read in this article"
        head = self.section_place(cursor.section)
        state = ", paused" if paused else ""
        title = f", in {self.article.title}" if self.article.title else ""
        if finished:
            return f"{head}, end reached{state}{title}"
        left = describe_duration(self.words_from(cursor) / rate)
        return (
            f"{head}, sentence {cursor.sentence + 1} of {self.counts[cursor.section]}, "
            f"{self.percent_through(cursor)} percent through, {left} left{state}{title}"
        )

    def next_paragraph(self, cursor: Cursor) -> Cursor | None:
        """The next paragraph's first sentence; after a section's last
        paragraph, the next section's first; ``None`` at the end."""
        later = [s for s in self.paragraph_starts(cursor.section) if s > cursor.sentence]
        if later:
            return Cursor(cursor.section, later[0])
        following = self.section_after(cursor.section)
        return None if following is None else Cursor(following, 0)

    def paragraph_back(self, cursor: Cursor, restart: bool) -> Cursor | None:
        """The start of ``cursor``'s paragraph if ``restart`` or if the cursor
        is past it; else the start of the paragraph before, across a section
        boundary if need be (``None`` at the start of reading)."""
        starts = self.paragraph_starts(cursor.section)
        here = max((s for s in starts if s <= cursor.sentence), default=0)
        if cursor.sentence > here or restart:
            return Cursor(cursor.section, here)
        earlier = [s for s in starts if s < here]
        if earlier:
            return Cursor(cursor.section, earlier[-1])
        before = self.section_before(cursor.section)
        return None if before is None else Cursor(before, self.paragraph_starts(before)[-1])

    def percent_through(self, cursor: Cursor) -> int:
        """How far into the part being read ``cursor`` is, by words."""
        total = self.words_from(self.first_cursor()) if self.readable else 0
        return round(100 * (total - self.words_from(cursor)) / total) if total else 0

    def _top_level_ancestor(self, index: int) -> Section:
        """The nearest level-1 section at or before ``index``."""
        for i in range(index, -1, -1):
            if self.article.sections[i].level == 1:
                return self.article.sections[i]
        return self.article.sections[index]


__all__ = ["ReadingOrder", "describe_duration"]

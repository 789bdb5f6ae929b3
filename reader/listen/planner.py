"""What the listening session says, planned once per section and rate, and
what it should make ahead of time (pure: no I/O, no threads).

A section's sentences are normalised and given their pauses once
(:meth:`SpeechPlanner.sentence`), not once per sentence asked for; a new
rate or a new pronunciation rule forgets the plans (:meth:`SpeechPlanner.replan`).
:meth:`SpeechPlanner.upcoming` orders what is likely to be wanted next, for
the :class:`~reader.listen.prefetch.Prefetcher` to synthesize.
"""

from __future__ import annotations

import dataclasses
from typing import Final, Iterable, Sequence

from reader.document.model import Article
from reader.listen.commands import Cursor
from reader.listen.navigation import Navigator
from reader.speech.presets import Preset
from reader.speech.utterances import Normalizer, Utterance, heading_utterance, sentence_utterances

PREFETCH_SENTENCES: Final = 4
"""How many sentences ahead are synthesized in the background."""
NEAR_HEADINGS: Final = 20
"""Headings this many sections either side of the place are prepared last, for jumps."""


class SpeechPlanner:
    """The utterances of one article at the current rate and pronunciations."""

    def __init__(
        self,
        article: Article,
        navigator: Navigator,
        preset: Preset,
        normalize: Normalizer,
        *,
        announce_headings: bool = True,
        ahead: int = PREFETCH_SENTENCES,
    ) -> None:
        self.article = article
        self.nav = navigator
        self.preset = preset
        self.normalize = normalize
        self.announce_headings = announce_headings
        self.ahead = ahead
        self._plans: dict[int, list[Utterance]] = {}
        """Each section's sentence utterances."""
        self._headings: dict[int, Utterance | None] = {}
        """Each section's heading utterance (``None``: it has none to say)."""

    def replan(self, *, rate: int | None = None, normalize: Normalizer | None = None) -> None:
        """The rate or the pronunciations changed: plan sentences and headings anew."""
        if rate is not None:
            self.preset = dataclasses.replace(self.preset, rate=rate)
        if normalize is not None:
            self.normalize = normalize
        self._plans.clear()
        self._headings.clear()

    def sentence(self, cursor: Cursor) -> Utterance:
        """The sentence's utterance, from its section's plan."""
        plan = self._plans.get(cursor.section)
        if plan is None:
            plan = self._plans[cursor.section] = sentence_utterances(
                self.article, cursor.section, self.preset, self.normalize
            )
        return plan[cursor.sentence]

    def headings(self, indices: Iterable[int]) -> list[Utterance]:
        """The announcements of these sections' headings (none when headings are not announced)."""
        if not self.announce_headings:
            return []
        out = []
        for index in indices:
            if index not in self._headings:
                self._headings[index] = heading_utterance(self.article, index, self.preset, self.normalize)
            heading = self._headings[index]
            if heading is not None:
                out.append(heading)
        return out

    def upcoming(self, cursor: Cursor, queued: Sequence[Utterance] = ()) -> list[Utterance]:
        """What is likely wanted next, most likely first: what is ``queued``,
        the following sentences (with the headings they cross), the previous
        one, the next section's start, and last the headings around, since a
        jump elsewhere (g, a digit, a search) starts with one: it sounds at
        once while the sentence after it is made (a neural voice takes a few
        hundred ms for that)."""
        upcoming: list[Utterance] = list(queued)
        here = cursor
        for _ in range(self.ahead):
            following = self.nav.next_cursor(here)
            if following is None:
                break
            if following.section != here.section:
                upcoming += self.headings(range(here.section + 1, following.section + 1))
            upcoming.append(self.sentence(following))
            here = following
        before = self.nav.prev_cursor(cursor)
        if before is not None:
            upcoming.append(self.sentence(before))
        next_section = self._next_section_start(cursor)
        if next_section is not None:
            upcoming += self.headings([next_section.section]) + [self.sentence(next_section)]
        sections = len(self.article.sections)
        upcoming += self.headings(
            range(max(0, cursor.section - NEAR_HEADINGS), min(sections, cursor.section + NEAR_HEADINGS))
        )
        return upcoming

    def _next_section_start(self, cursor: Cursor) -> Cursor | None:
        here = Cursor(cursor.section, len(self.article.sections[cursor.section].sentences) - 1)
        return self.nav.next_cursor(here)


__all__ = ["NEAR_HEADINGS", "PREFETCH_SENTENCES", "SpeechPlanner"]

"""The interactive reader's navigation state machine (pure: no I/O, no clock).

A :class:`Navigator` holds where the listener is (a :class:`Cursor`), whether
reading is paused or finished, and the speaking rate. The listening session
feeds it a :class:`Command` plus the current time (``time.monotonic()``, read
by the caller) and does what the returned :class:`Action` says. The loop is::

    action = nav.start(now)
    while True:
        apply(action)              # stop/pause/resume audio, say, announce, play
        if action.quit: break
        command = next_key_or_player_event()
        action = nav.handle(command, now, section=…, played=…)

Reading order (:class:`~reader.listen.reading.ReadingOrder`) is the article's
sections in order, skipping sections with no sentences. Empty headings (a parent whose text is all in its subsections)
are still jump targets: going to one lands on the first sentence of the next
section that has text, and every heading passed on the way is announced
(``Action.headings``).

Decisions the session can rely on:

* Moving while paused (sentence or section moves, go-to) moves the cursor and
  stays paused; the action has ``stop=True`` (drop the paused audio) and a
  spoken ``say`` telling where the cursor is now. Resuming then plays the new
  position from its start (``play`` set, with the heading announcements the
  move earned). Resuming without having moved has ``play=None``: continue the
  paused audio (a player that cannot continue mid-sentence may replay
  ``nav.cursor``).
* "Previous sentence" within the first :data:`RESTART_GRACE_SECONDS` seconds
  of a sentence goes back one sentence, later it restarts the current one.
  Time spent paused does not count. "Previous section" restarts the current
  section once the listener is past its first sentence or more than that many
  seconds into it, otherwise it goes to the previous section.
* Only reading on past the last sentence (``SENTENCE_FINISHED``) ends the
  article (or the ``--only`` section): ``finished`` is set and the cursor
  stays on the last sentence, so "previous"/"repeat" still work if the
  session keeps running. "Next sentence" on the last sentence and "next
  section" in the last section only say so and keep playing: a listener
  holding the key down must not lose the session by overshooting.
* ``SENTENCE_FINISHED`` may carry the cursor the player just finished
  (``played=``); an event for a sentence that is no longer current (the
  listener already moved on) is ignored. One that arrives just after a pause
  moves the cursor on silently, so resuming plays the next sentence.
"""

from __future__ import annotations

from typing import Callable, Final, Sequence

from reader.document.model import Article
from reader.listen.commands import NOTHING, Action, Command, Cursor
from reader.listen.reading import ReadingOrder, describe_duration
from reader.rates import DEFAULT_RATE, MAX_RATE, MIN_RATE

RESTART_GRACE_SECONDS: Final = 2.0
"""How long into a sentence (or section) "previous" still means "go back"."""
RATE_STEP: Final = 25
"""Words per minute added or removed by faster/slower."""
_REPLIES: Final[dict[Command, Action]] = {
    Command.QUIT: Action(stop=True, quit=True),
    Command.HELP: Action(show_help=True),
    Command.SEARCH: Action(prompt_search=True),
    Command.FIX_PRONUNCIATION: Action(prompt_fix=True),
    Command.NEXT_BOOKMARK: Action(to_bookmark=True),
    Command.LIST_BOOKMARKS: Action(list_bookmarks=True),
}
"""Commands whose action never depends on the place: the session does the work."""


class Navigator:
    """Position, pause state and rate of one listening session.

    ``start``: where to begin (e.g. a resume position); a position in a
    section without sentences moves forward to the next one with text.
    ``stop_after_section``: for ``--only``: reading (and navigation) is
    limited to that section and its subsections.
    """

    def __init__(
        self,
        article: Article,
        *,
        start: Cursor | None = None,
        stop_after_section: int | None = None,
        rate: int = DEFAULT_RATE,
        max_rate: int = MAX_RATE,
    ) -> None:
        self.article = article
        self.max_rate = max(MIN_RATE, min(MAX_RATE, max_rate))
        """The engine's ceiling: ``+`` stops there and says so."""
        self.order = ReadingOrder(article, stop_after_section)
        self.stop_after_section = stop_after_section
        self.rate = max(MIN_RATE, min(self.max_rate, int(rate)))
        self.paused = False
        self.finished = False
        self.started_at: float | None = None
        """When the current sentence started playing (caller's clock)."""
        self._paused_at: float | None = None
        self._moved_while_paused = False
        self._pending_headings: tuple[int, ...] = ()
        self.cursor, self._start_headings = self.order.landing(start)

    # ----------------------------------------------------------------- queries

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to read (only headings, or no text)."""
        return self.order.is_empty

    def next_cursor(self, cursor: Cursor | None = None) -> Cursor | None:
        """The sentence after ``cursor`` in reading order (for prefetching), or ``None`` at the end."""
        return self.order.after(cursor or self.cursor)

    def prev_cursor(self, cursor: Cursor | None = None) -> Cursor | None:
        """The sentence before ``cursor`` in reading order, or ``None``."""
        return self.order.before(cursor or self.cursor)

    def elapsed(self, now: float) -> float:
        """Seconds the current sentence has been playing (pauses excluded)."""
        if self.started_at is None:
            return 0.0
        end = self._paused_at if self._paused_at is not None else now
        return max(0.0, end - self.started_at)

    def short_position(self, cursor: Cursor | None = None) -> str:
        """``"Section 2.1, Participants, sentence 3 of 8"``."""
        return self.order.short_position(cursor or self.cursor)

    def where_am_i(self, now: float | None = None) -> str:
        """Where the listener is, how far through and how long is left (see :meth:`ReadingOrder.where`)."""
        return self.order.where(self.cursor, self.rate, paused=self.paused, finished=self.finished)

    # ---------------------------------------------------------------- commands

    def start(self, now: float) -> Action:
        """The first action: play the starting sentence, announcing its
        section heading (and empty parent headings before it)."""
        if self.is_empty:
            self.finished = True
            return Action(finished=True, say=f"Nothing to read: {self._scope_name()} has no text, only headings")
        return self._play(self.cursor, now, self._start_headings)

    def handle(
        self,
        command: Command,
        now: float,
        *,
        section: int | None = None,
        played: Cursor | None = None,
        percent: int | None = None,
    ) -> Action:
        """Apply ``command`` at time ``now``; ``section`` is the target of
        ``GOTO_SECTION``, ``played`` the sentence a ``SENTENCE_FINISHED``
        event is about (optional)."""
        if command in (Command.QUIT, Command.HELP):
            return _REPLIES[command]
        if command in (Command.NEXT_ARTICLE, Command.PREV_ARTICLE):
            return Action(article_step=1 if command is Command.NEXT_ARTICLE else -1)
        if command is Command.WHERE:
            return Action(say=self.where_am_i(now))
        if command in (Command.FASTER, Command.SLOWER):
            return self._change_rate(RATE_STEP if command is Command.FASTER else -RATE_STEP, now)
        if self.is_empty:
            return Action(finished=True, say=f"Nothing to read: {self._scope_name()} has no text")
        if command in _REPLIES:
            return _REPLIES[command]
        moves: dict[Command, Callable[[float], Action]] = {
            Command.TOGGLE_PAUSE: self._toggle_pause,
            Command.REPEAT: lambda now: self._move(self.cursor, now, ()),
            Command.NEXT_SENTENCE: self._next_sentence,
            Command.PREV_SENTENCE: self._prev_sentence,
            Command.NEXT_PARAGRAPH: self._next_paragraph,
            Command.PREV_PARAGRAPH: self._prev_paragraph,
            Command.NEXT_SECTION: self._next_section,
            Command.PREV_SECTION: self._prev_section,
            Command.START: lambda now: self.goto_fraction(0.0, now),
            Command.END: lambda now: self.goto(self.order.last_cursor(), now),
            Command.JUMP_PERCENT: lambda now: self.goto_fraction((percent or 0) / 100, now),
        }
        if command in moves:
            return moves[command](now)
        if command is Command.BOOKMARK:
            return Action(bookmark=self.cursor)
        if command is Command.DELETE_BOOKMARK:
            return Action(unmark=self.cursor)
        if command is Command.SENTENCE_FINISHED:
            return self._sentence_finished(now, played)
        if command is Command.GOTO_SECTION:
            return Action(prompt_section=True) if section is None else self.goto_section(section, now)
        raise ValueError(f"unknown command {command!r}")  # pragma: no cover

    def mark_started(self, now: float) -> None:
        """Tell the navigator the current sentence's audio really began (after
        synthesis and heading announcements), for the 2-second rule."""
        if not self.paused:
            self.started_at = now

    def find(self, words: str, after: Cursor | None = None) -> Cursor | None:
        """The first sentence after ``after`` (default: the current one) that
        contains ``words`` (case-insensitive), wrapping round to the start of
        the part being read; ``None`` when no sentence does."""
        return self.order.find(words, after or self.cursor)

    def next_mark(self, marks: Sequence[Cursor]) -> Cursor | None:
        """The first of ``marks`` after the current sentence in reading order,
        wrapping round (the current one last); ``None`` when none is in the part being read."""
        return self.order.next_mark(marks, self.cursor)

    def goto_fraction(self, fraction: float, now: float) -> Action:
        """Jump to the sentence at ``fraction`` (0–1) of the words of the part being read."""
        return self._goto_words(lambda total: max(0.0, min(fraction, 1.0)) * total, now)

    def goto_time(self, seconds: float, now: float) -> Action:
        """Jump to the sentence heard ``seconds`` after the start of the part
        being read, at the current rate (the estimate ``w``'s time left uses)."""
        return self._goto_words(lambda total: max(0.0, seconds) * self.rate / 60, now)

    def _goto_words(self, wanted_of: Callable[[int], float], now: float) -> Action:
        """Jump to the sentence holding word ``wanted_of(total words)`` of the part being read."""
        if self.is_empty:
            return Action(say=f"Nothing to read: {self._scope_name()} has no text")
        return self.goto(self.order.at_word(wanted_of), now)

    def goto(self, cursor: Cursor, now: float) -> Action:
        """Jump to ``cursor`` (a search result), announcing its section's heading when it is another section."""
        headings = () if cursor.section == self.cursor.section else self.order.titled(cursor.section, cursor.section)
        return self._move(cursor, now, headings)

    def goto_section(self, index: int, now: float) -> Action:
        """Jump to section ``index`` (an empty heading lands on the next
        section with text)."""
        if not 0 <= index < len(self.article.sections):
            return Action(say=f"There is no section {index + 1}")
        if not self.order.contains(index):
            return Action(say=f"{self.order.section_description(index)} is outside the part being read")
        target = index if self.order.counts[index] else self.order.section_after(index)
        if target is None:
            return Action(say=f"{self.order.section_description(index)} has no text")
        return self._move(Cursor(target, 0), now, self.order.titled(index, target))

    # --------------------------------------------------------------- internals

    def _scope_name(self) -> str:
        return self.order.scope_name()

    def _paused_suffix(self, message: str) -> str:
        return f"{message}. Paused" if self.paused else message

    def _end_word(self) -> str:
        return "article" if self.stop_after_section is None else "section"

    def _entered(self, following: Cursor) -> tuple[int, ...]:
        """Headings to announce when reading on from the cursor to ``following``."""
        if following.section == self.cursor.section:
            return ()
        return self.order.titled(self.cursor.section + 1, following.section)

    def _play(self, cursor: Cursor, now: float, headings: tuple[int, ...], **extra) -> Action:
        self.cursor = cursor
        self.finished = False
        self.started_at = now
        self._paused_at = None
        return Action(play=cursor, announce_heading=bool(headings), headings=headings, **extra)

    def _move(self, cursor: Cursor, now: float, headings: tuple[int, ...], say: str | None = None) -> Action:
        """Go to ``cursor``: play it, or (while paused) just move there."""
        if self.paused:
            if cursor.section != self.cursor.section or headings:
                self._pending_headings = headings
            self.cursor = cursor
            self.finished = False
            self.started_at = None
            self._moved_while_paused = True
            message = f"{self.short_position(cursor)}. Paused"
            return Action(stop=True, say=f"{say}. {message}" if say else message)
        return self._play(cursor, now, headings, say=say)

    def _finish(self) -> Action:
        self.cursor = self.order.last_cursor()
        self.finished = True
        self.started_at = None
        return Action(stop=True, finished=True, say=f"End of {self._end_word()}")

    def _toggle_pause(self, now: float) -> Action:
        if self.finished:
            return Action(say=f"End of {self._end_word()}")
        if not self.paused:
            self.paused = True
            self._paused_at = now
            self._moved_while_paused = False
            self._pending_headings = ()
            return Action(pause=True, say="Paused")
        self.paused = False
        if self._moved_while_paused:
            headings = self._pending_headings
            self._moved_while_paused = False
            self._pending_headings = ()
            return self._play(self.cursor, now, headings, resume=True, say="Resumed")
        if self.started_at is not None and self._paused_at is not None:
            self.started_at += now - self._paused_at
        self._paused_at = None
        return Action(resume=True, say="Resumed")

    def _sentence_finished(self, now: float, played: Cursor | None) -> Action:
        if self.finished or (played is not None and played != self.cursor):
            return NOTHING
        if self.paused and self._moved_while_paused:
            return NOTHING  # the listener already chose where to resume
        following = self.next_cursor()
        if following is None:
            self.paused = False
            self._paused_at = None
            return self._finish()
        headings = self._entered(following)
        if self.paused:
            # The sentence ended just as the listener paused: resume at the next one.
            self.cursor = following
            self.started_at = None
            self._moved_while_paused = True
            self._pending_headings = headings
            return NOTHING
        return self._play(following, now, headings)

    def _next_sentence(self, now: float) -> Action:
        following = self.next_cursor()
        if following is None:
            # Never end the session on a key press: a listener holding the
            # key down would lose the session (and the saved place) on overshoot.
            return Action(say=self._paused_suffix(f"Last sentence of {self._scope_name()}"))
        headings = self._entered(following)
        return self._move(following, now, headings)

    def _prev_sentence(self, now: float) -> Action:
        if self.finished or self.elapsed(now) > RESTART_GRACE_SECONDS:
            return self._move(self.cursor, now, ())
        before = self.prev_cursor()
        if before is None:
            return self._move(self.cursor, now, (), say=f"Start of {self._end_word()}")
        headings = () if before.section == self.cursor.section else self.order.titled(before.section, before.section)
        return self._move(before, now, headings)

    def _next_paragraph(self, now: float) -> Action:
        """The next paragraph's first sentence; after a section's last paragraph, the next section."""
        following = self.order.next_paragraph(self.cursor)
        if following is None:
            return Action(say=self._paused_suffix(f"Last paragraph of {self._scope_name()}"))
        return self._move(following, now, self._entered(following))

    def _prev_paragraph(self, now: float) -> Action:
        """The start of this paragraph, or of the one before when already at its start
        (within the first 2 seconds), across a section boundary if need be."""
        restart = self.elapsed(now) > RESTART_GRACE_SECONDS or self.finished
        before = self.order.paragraph_back(self.cursor, restart)
        if before is None:
            return self._move(self.cursor, now, (), say=f"Start of {self._end_word()}")
        headings = () if before.section == self.cursor.section else self.order.titled(before.section, before.section)
        return self._move(before, now, headings)

    def _next_section(self, now: float) -> Action:
        following = self.order.section_after(self.cursor.section)
        if following is None:
            return Action(say=self._paused_suffix(f"No more sections in {self._scope_name()}"))
        return self._move(Cursor(following, 0), now, self.order.titled(self.cursor.section + 1, following))

    def _prev_section(self, now: float) -> Action:
        current = self.cursor.section
        into = self.cursor.sentence > 0 or self.elapsed(now) > RESTART_GRACE_SECONDS or self.finished
        if into:
            return self._move(Cursor(current, 0), now, self.order.titled(current, current))
        before = self.order.section_before(current)
        if before is None:
            start_word = f"Start of {self._end_word()}"
            return self._move(Cursor(current, 0), now, self.order.titled(current, current), say=start_word)
        return self._move(Cursor(before, 0), now, self.order.titled(before, before))

    def _change_rate(self, step: int, now: float) -> Action:
        """Faster or slower, heard at once: speech is made a sentence at a time,
        so the sentence playing starts again at the new rate (paused: from the next play)."""
        new = max(MIN_RATE, min(self.max_rate, self.rate + step))
        if new == self.rate:
            limit = "Fastest" if step > 0 else "Slowest"
            return Action(say=f"{limit} rate, {self.rate} words per minute")
        self.rate = new
        message = f"{new} words per minute"
        if self.paused or self.finished or self.is_empty:
            return Action(rate_changed=new, say=message)
        return self._play(self.cursor, now, (), rate_changed=new, say=message)


__all__ = [
    "NOTHING",
    "RATE_STEP",
    "RESTART_GRACE_SECONDS",
    "Action",
    "Command",
    "Cursor",
    "Navigator",
    "describe_duration",
]

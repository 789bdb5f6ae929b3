"""The listening session: keys and player events in, speech and lines out.

:class:`ListenSession` wires the pure :class:`~reader.listen.navigation.Navigator`
to real effects. Everything it touches is injected (article, navigator,
synthesizer, audio output, key source, console, position store), so tests
drive it with a fake engine, a silent output and scripted keys.

One thread (the caller's) runs the loop and owns all state. Other threads
only put events on its queue: the key reader ("key"), and the audio device
("started" when a buffer's first frame goes out, "finished" when its last
one has). Upcoming sentences are synthesized ahead by :class:`Prefetcher`,
so moving to the next sentence or section plays audio that is already there.

Output is screen-reader friendly: one plain line per sentence as it starts
(``[2.1] The text.``), one per section (``== 2.1 Mechanism of Action ==``),
one per message; nothing is redrawn and no colour carries meaning.
"""

from __future__ import annotations

import dataclasses
import queue
import time
from dataclasses import dataclass
from typing import Callable, Final, Literal, Sequence

from reader.listen.player import AudioOutput
from reader.errors import ReaderError
from reader.document.model import Article
from reader.listen.commands import Action, Command, Cursor
from reader.listen import marks
from reader.listen.navigation import Navigator
from reader.listen.resume import Positions
from reader.listen.planner import PREFETCH_SENTENCES, SpeechPlanner
from reader.listen.prefetch import Prefetcher
from reader.listen.prompt import Prompts
from reader.speech.presets import Preset
from reader.listen.console import Console
from reader.speech.utterances import Normalizer, Synthesizer, Utterance, identity, title_utterance, with_pause
from reader.listen.terminal import KeySource


MESSAGE_WAIT_SECONDS: Final = 8.0
"""Longest wait for a closing message ("End of article") to be spoken."""
REPEAT_QUIET_SECONDS: Final = 1.5
"""A message identical to the previous one within this time is spoken again
but not printed again (a held-down ``+`` must not flood a screen reader)."""
ANSWER_COMMANDS: Final = frozenset(
    {Command.WHERE, Command.HELP, Command.BOOKMARK, Command.LIST_BOOKMARKS, Command.NEXT_ARTICLE, Command.PREV_ARTICLE}
)
"""Keys whose reply is printed even with ``--quiet``: the listener asked."""

Outcome = Literal["finished", "quit", "next_article", "previous_article"]
"""How a session ended: the article read to its end, ``q``, or ``>``/``<`` to another article of the queue."""


@dataclass
class _Playing:
    """The buffer handed to the output most recently."""

    generation: int
    utterance: Utterance
    cursor: Cursor


class ListenSession:
    """One run of ``reader listen`` over one article."""

    def __init__(
        self,
        article: Article,
        navigator: Navigator,
        synthesizer: Synthesizer,
        preset: Preset,
        output: AudioOutput,
        keys: KeySource,
        console: Console,
        *,
        positions: Positions | None = None,
        normalize: Normalizer = identity,
        announce_headings: bool = True,
        command_for: Callable[[str], Command | None] | None = None,
        help_lines: Callable[[], list[str]] | None = None,
        key_text: Callable[[str], str | None] | None = None,
        resolve_section: Callable[[Article, str], int] | None = None,
        clock: Callable[[], float] = time.monotonic,
        prefetch: int = PREFETCH_SENTENCES,
        sleep_after: float | None = None,
        queue_place: tuple[int, int] = (0, 1),
        learn_pronunciation: Callable[[str, str], tuple[Normalizer, str]] | None = None,
    ) -> None:
        """``sleep_after``: seconds of listening after which the session stops
        at the end of a sentence, saving the place (a sleep timer).
        ``queue_place``: this article's index among how many ``reader listen``
        was given; ``>`` and ``<`` end the session towards its neighbours.
        ``learn_pronunciation``: see :class:`~reader.listen.prompt.Prompts`."""
        # Long only because of its parameters: each is a seam the CLI and the tests plug into.
        from reader.document import lookup
        from reader.listen import keymap

        self.article = article
        self.nav = navigator
        self.synthesizer = synthesizer
        self.output = output
        self.keys = keys
        self.console = console
        self.positions = positions
        self.announce_headings = announce_headings and preset.announce_headings
        self.planner = SpeechPlanner(
            article,
            navigator,
            dataclasses.replace(preset, rate=navigator.rate),
            normalize,
            announce_headings=self.announce_headings,
            ahead=prefetch,
        )
        """Holds the preset at the current rate and the normaliser with the listener's fixes."""
        self.command_for = command_for or keymap.command_for
        self.help_lines = help_lines or keymap.help_lines
        self.clock = clock
        self.queue_place = queue_place
        self.prompts = Prompts(
            self,
            key_text=key_text or keymap.key_text,
            resolve_section=resolve_section or lookup.resolve,
            learn_pronunciation=learn_pronunciation,
        )
        self._sleep_at = clock() + sleep_after if sleep_after is not None else None
        self.on_first_frame: Callable[[Utterance, float], None] | None = None
        """Hook for the latency benchmark: a buffer's first frame went out."""

        self._events: queue.Queue[tuple] = queue.Queue()
        self._prefetcher = Prefetcher(synthesizer.synthesize, synthesizer.engine.thread_safe)
        self._playlist: list[Utterance] = []
        self._target: Cursor | None = None
        self._playing: _Playing | None = None
        self._shown_section: int | None = None
        self._outcome: Outcome | None = None
        self._last_said: tuple[str, float] | None = None
        self._opening: Utterance | None = None
        """The article's title, said before the first sentence when reading starts at the beginning."""

    # ------------------------------------------------------------------ public

    def run(self, intro: str | None = None) -> Outcome:
        """Read until the end, ``q`` or Ctrl-C. ``intro`` is printed and
        spoken first (e.g. "Resuming at 2.1, sentence 3 …")."""
        self.output.on_finished = lambda generation: self._events.put(("finished", generation))
        self.output.on_first_frame = lambda generation, at: self._events.put(("started", generation, at))
        self.keys.start(lambda key: self._events.put(("key", key)))
        try:
            if intro:
                self.say(intro)
            elif self.announce_headings and self.nav.prev_cursor() is None:
                self._opening = title_utterance(
                    self.article, self.nav.cursor.section, self.planner.preset, self.planner.normalize
                )
            self.apply(self.nav.start(self.clock()))
            while self._outcome is None:
                try:
                    event = self._events.get(timeout=0.2)
                except queue.Empty:
                    continue
                self._dispatch(event)
        except KeyboardInterrupt:
            if self.prompts.open:
                self.prompts.end()  # end the half-typed line before the shell prompt
            self.quit()
        finally:
            self.output.stop()
            self.output.on_finished = None
            self.output.on_first_frame = None
            self.keys.close()
            self._prefetcher.close()
            if self._outcome is None:  # an error escaped: keep the place anyway
                self._save_position()
        return self._outcome or "quit"

    # ---------------------------------------------------------------- dispatch

    def _dispatch(self, event: tuple) -> None:
        kind = event[0]
        if kind == "key":
            self._on_key(event[1])
        elif kind == "finished":
            self._on_finished(event[1])
        elif kind == "started":
            self._on_started(event[1], event[2])

    def _on_key(self, key: str) -> None:
        if self.prompts.open:
            self.prompts.key(key)
            return
        command = self.command_for(key)
        if command is None:
            return
        self.output.stop_message()  # every key cuts what the tool itself is saying
        if command is Command.JUMP_PERCENT:
            self.apply(self.nav.handle(command, self.clock(), percent=10 * int(key)))
            return
        playing = self._playing
        if command is Command.NEXT_SENTENCE and playing is not None and playing.utterance.kind == "heading":
            self._skip_heading()  # the section's first sentence, not the one after it
            return
        self.apply(self.nav.handle(command, self.clock()), answer=command in ANSWER_COMMANDS)

    def _on_started(self, generation: int, at: float) -> None:
        playing = self._playing
        if playing is None or playing.generation != generation:
            return
        if playing.utterance.kind == "sentence":
            self.nav.mark_started(at)
        if self.on_first_frame:
            self.on_first_frame(playing.utterance, at)

    def _on_finished(self, generation: int) -> None:
        playing = self._playing
        if playing is None or playing.generation != generation:
            return  # a buffer that was skipped or stopped meanwhile
        if self._playlist:
            self._play_next()
            return
        self._playing = None
        if self._sleep_at is not None and self.clock() >= self._sleep_at and playing.utterance.kind == "sentence":
            self._fall_asleep(playing.cursor)
            return
        self.apply(self.nav.handle(Command.SENTENCE_FINISHED, self.clock(), played=playing.cursor))

    # ------------------------------------------------------------------ apply

    def apply(self, action: Action, answer: bool = False) -> None:
        if action.stop:
            self._stop_audio()
        if action.pause:
            self.output.pause()
        if action.rate_changed is not None:
            self.planner.replan(rate=action.rate_changed)
        if action.say:
            # Spoken only when nothing is about to play: a message before a
            # sentence would delay it, and "Resumed" is obvious.
            # In speech mode nothing is printed, so every message is spoken but "Resumed" (obvious).
            quiet_before_play = action.play is None or self.console.mode == "speech"
            self.say(action.say, speak=quiet_before_play and not action.resume, always=answer)
        if action.bookmark is not None:
            self.say(marks.add(self.positions, self.nav, action.bookmark).message, always=True)
        if action.show_help:
            if self.console.mode == "speech":
                self.speak_message(" ".join(self.help_lines()))
            for line in self.help_lines():
                self.console.line(line, always=True)
        if action.resume:
            self.output.resume()
        if action.play is not None:
            self._start(action.play, action.headings if action.announce_heading else ())
        if action.prompt_section:
            self.prompts.start("goto")
        if action.prompt_search:
            self.prompts.start("search")
        if action.prompt_fix:
            self.prompts.start_fix()
        if action.to_bookmark:
            self._to_bookmark()
        if action.list_bookmarks:
            self._reply(marks.listing(self.positions, self.nav))
        if action.unmark is not None:
            self._reply(marks.remove_at(self.positions, action.unmark))
        if action.article_step:
            self._change_article(action.article_step)
        if action.quit:
            self.quit()
        elif action.finished:
            self._finish()

    def _stop_audio(self) -> None:
        self.output.stop()
        self._playlist = []
        self._playing = None

    def _start(self, cursor: Cursor, headings: Sequence[int]) -> None:
        """Play ``cursor``'s sentence, after the announcements it earned
        (and the article's title, when reading starts at the beginning)."""
        opening, self._opening = self._opening, None
        if opening is not None:
            self.console.line(f"== {opening.text} ==")
        for index in headings:
            self._show_section(index)
        if cursor.section != self._shown_section:
            self._show_section(cursor.section)
        self._playlist = (
            ([opening] if opening else []) + self.planner.headings(headings) + [self.planner.sentence(cursor)]
        )
        self._target = cursor
        self._play_next()

    def _play_next(self) -> None:
        utterance = self._playlist.pop(0)
        audio = self._prefetcher.get(utterance)
        cursor = self._target or self.nav.cursor
        if utterance.kind == "sentence":
            label = self.article.sections[utterance.section_index].number
            self.console.line(f"[{label}] {utterance.text}")
        generation = self.output.play(with_pause(audio, utterance.pause_after))
        if self.nav.paused or self.prompts.open:
            # A heading's "finished" that raced a pause or the go-to prompt:
            # queue the sentence but keep quiet (play() always unpauses).
            self.output.pause()
        self._playing = _Playing(generation, utterance, cursor)
        self._prefetcher.want(self.planner.upcoming(cursor, self._playlist))

    def _skip_heading(self) -> None:
        """Cut the heading being announced and play the sentence it leads to."""
        self._playlist = [u for u in self._playlist if u.kind != "heading"]
        if not self._playlist:
            return
        self.output.stop()
        self._playing = None
        self._play_next()

    def _show_section(self, index: int) -> None:
        section = self.article.sections[index]
        self.console.line(f"== {section.label if section.title else 'Introduction'} ==")
        self._shown_section = index

    # --------------------------------------------------------------- speaking

    def say(self, text: str, speak: bool = True, always: bool = False) -> None:
        """Print a message and (usually) speak it over whatever plays."""
        now = self.clock()
        last = self._last_said
        if last is None or last[0] != text or now - last[1] > REPEAT_QUIET_SECONDS:
            self.console.line(text, always=always)
        self._last_said = (text, now)
        if speak:
            self.speak_message(text)

    def speak_message(self, text: str) -> None:
        if self.console.mode == "text":
            return  # the listener's own screen reader speaks what is printed
        try:
            audio = self.synthesizer.synthesize_text(
                self.planner.normalize(text), self.planner.preset.speech_settings()
            )
        except ReaderError as exc:
            self.console.error(f"cannot speak message: {exc}")
            return
        self.output.play_message(audio)

    def _to_bookmark(self) -> None:
        reply = marks.next_after(self.positions, self.nav)
        if reply.go_to is None:
            self.say(reply.message, speak=True)
        else:
            self.apply(dataclasses.replace(self.nav.goto(reply.go_to, self.clock()), say=reply.message))

    def _reply(self, reply: marks.Reply) -> None:
        self.say(reply.message, speak=True, always=reply.asked)

    # ------------------------------------------------------------ bookkeeping

    def _save_position(self) -> None:
        if self.positions is not None:
            self.positions.save(self.nav.cursor)

    def quit(self) -> None:
        self._stop_audio()
        self.output.stop_message()
        self._save_position()
        self._outcome = "quit"

    def _change_article(self, step: int) -> None:
        """End the session towards the next (``step`` 1) or previous article of the queue,
        keeping the place in this one; or say why there is none."""
        index, count = self.queue_place
        if count == 1:
            self.say("There is no other article: give several to reader listen to hear them in turn.", always=True)
        elif not 0 <= index + step < count:
            self.say("This is the last article." if step > 0 else "This is the first article.", always=True)
        else:
            self._stop_audio()
            self._save_position()
            self._outcome = "next_article" if step > 0 else "previous_article"

    def _fall_asleep(self, finished: Cursor) -> None:
        """The sleep timer ran out at the end of ``finished``: save the next
        sentence as the place, say so, and stop."""
        following = self.nav.next_cursor(finished)
        if self.positions is not None:
            if following is None:
                self.positions.clear()
            else:
                self.positions.save(following)
        self.say("Sleep timer: stopping here. Your place is saved.")
        self.output.wait_message(MESSAGE_WAIT_SECONDS)
        self._outcome = "quit"

    def _finish(self) -> None:
        self.output.wait_message(MESSAGE_WAIT_SECONDS)  # let "End of article" be heard
        if self.positions is not None:
            self.positions.clear()
        self._outcome = "finished"

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
import re
import time
from dataclasses import dataclass
from typing import Callable, Final, Literal, Sequence

from reader.listen.player import AudioOutput
from reader.speech.engines.base import Audio
from reader.errors import ReaderError
from reader.document.model import Article
from reader.listen.commands import Action, Command, Cursor
from reader.listen.navigation import Navigator
from reader.listen.positions import Positions
from reader.listen.prefetch import Prefetcher
from reader.speech.presets import Preset
from reader.speech.pronunciations import word_pattern
from reader.listen.console import Console
from reader.safetext import clean
from reader.speech.utterances import (
    Normalizer,
    Synthesizer,
    Utterance,
    heading_utterance,
    identity,
    sentence_utterances,
    title_utterance,
)
from reader.listen.terminal import KeySource


PREFETCH_SENTENCES: Final = 4
"""How many sentences ahead are synthesized in the background."""
NEAR_HEADINGS: Final = 20
"""Headings this many sections either side of the place are prepared last, for jumps."""
MESSAGE_WAIT_SECONDS: Final = 8.0
"""Longest wait for a closing message ("End of article") to be spoken."""
GOTO_PROMPT: Final = "Go to section (name, number, or a time such as 12:30; Enter to go, Escape to cancel): "
_TIME_RE: Final = re.compile(r"^(?:(\d{1,3}):([0-5]\d)|(\d{1,4}(?:\.\d+)?)\s*(?:m|min|mins|minutes?))$", re.I)


def spoken_time(query: str) -> float | None:
    """Seconds in ``12:30`` or ``12m``/``12 min`` (minutes into the article), else ``None``."""
    match = _TIME_RE.match(query.strip())
    if match is None:
        return None
    if match.group(1) is not None:
        return int(match.group(1)) * 60 + int(match.group(2))
    return float(match.group(3)) * 60


SEARCH_PROMPT: Final = "Find (words, Enter to go; Enter alone: the next match): "
PromptKind = Literal["goto", "search", "fix-word", "fix-say"]
PROMPTS: Final[dict[str, tuple[str, str]]] = {
    "goto": (GOTO_PROMPT, "Go to section"),
    "search": (SEARCH_PROMPT, "Find"),
    "fix-word": ("Fix pronunciation: type the word as written (Enter; Escape to cancel): ", "Fix which word?"),
}
"""Each prompt as printed and as spoken (``fix-say`` names the word, so it is made when asked)."""
REPEAT_QUIET_SECONDS: Final = 1.5
"""A message identical to the previous one within this time is spoken again
but not printed again (a held-down ``+`` must not flood a screen reader)."""
ANSWER_COMMANDS: Final = frozenset(
    {Command.WHERE, Command.HELP, Command.BOOKMARK, Command.LIST_BOOKMARKS, Command.NEXT_ARTICLE, Command.PREV_ARTICLE}
)
"""Keys whose reply is printed even with ``--quiet``: the listener asked."""
_SHELL_HINT: Final = re.compile(r";\s*run 'reader .*' to list them\s*$")

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
        ``learn_pronunciation(word, say_as)``: stores a pronunciation rule and
        returns the new normaliser and where the rule went (``f``)."""
        from reader.document import lookup
        from reader.listen import keymap

        self.article = article
        self.nav = navigator
        self.synthesizer = synthesizer
        self.preset = dataclasses.replace(preset, rate=navigator.rate)
        self.output = output
        self.keys = keys
        self.console = console
        self.positions = positions
        self.normalize = normalize
        self.announce_headings = announce_headings and preset.announce_headings
        self.command_for = command_for or keymap.command_for
        self.help_lines = help_lines or keymap.help_lines
        self.key_text = key_text or keymap.key_text
        self.resolve_section = resolve_section or lookup.resolve
        self.clock = clock
        self.prefetch_count = prefetch
        self.queue_place = queue_place
        self.learn_pronunciation = learn_pronunciation
        self._sleep_at = clock() + sleep_after if sleep_after is not None else None
        self.on_first_frame: Callable[[Utterance, float], None] | None = None
        """Hook for the latency benchmark: a buffer's first frame went out."""

        self._events: queue.Queue[tuple] = queue.Queue()
        self._prefetcher = Prefetcher(synthesizer.synthesize, synthesizer.engine.thread_safe)
        self._playlist: list[Utterance] = []
        self._target: Cursor | None = None
        self._playing: _Playing | None = None
        self._shown_section: int | None = None
        self._prompt: str | None = None
        self._outcome: Outcome | None = None
        self._last_said: tuple[str, float] | None = None
        self._opening: Utterance | None = None
        """The article's title, said before the first sentence when reading starts at the beginning."""
        self._prompt_kind: PromptKind = "goto"
        """What the open prompt asks for."""
        self._fix_word = ""
        """The word being given a pronunciation (between the two ``f`` prompts)."""
        self._last_search = ""
        self._plans: dict[int, list[Utterance]] = {}
        """Each section's sentence utterances at the current rate (see :meth:`_sentence`)."""
        self._headings: dict[int, Utterance | None] = {}
        """Each section's heading utterance at the current rate."""

    # ------------------------------------------------------------------ public

    def run(self, intro: str | None = None) -> Outcome:
        """Read until the end, ``q`` or Ctrl-C. ``intro`` is printed and
        spoken first (e.g. "Resuming at 2.1, sentence 3 …")."""
        self.output.on_finished = lambda generation: self._events.put(("finished", generation))
        self.output.on_first_frame = lambda generation, at: self._events.put(("started", generation, at))
        self.keys.start(lambda key: self._events.put(("key", key)))
        try:
            if intro:
                self._say(intro)
            elif self.announce_headings and self.nav.prev_cursor() is None:
                self._opening = title_utterance(self.article, self.nav.cursor.section, self.preset, self.normalize)
            self._apply(self.nav.start(self.clock()))
            while self._outcome is None:
                try:
                    event = self._events.get(timeout=0.2)
                except queue.Empty:
                    continue
                self._dispatch(event)
        except KeyboardInterrupt:
            if self._prompt is not None:
                self._end_prompt()  # end the half-typed line before the shell prompt
            self._quit()
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
        if self._prompt is not None:
            self._prompt_key(key)
            return
        command = self.command_for(key)
        if command is None:
            return
        self.output.stop_message()  # every key cuts what the tool itself is saying
        if command is Command.JUMP_PERCENT:
            self._apply(self.nav.handle(command, self.clock(), percent=10 * int(key)))
            return
        playing = self._playing
        if command is Command.NEXT_SENTENCE and playing is not None and playing.utterance.kind == "heading":
            self._skip_heading()  # the section's first sentence, not the one after it
            return
        self._apply(self.nav.handle(command, self.clock()), answer=command in ANSWER_COMMANDS)

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
        self._apply(self.nav.handle(Command.SENTENCE_FINISHED, self.clock(), played=playing.cursor))

    # ------------------------------------------------------------------ apply

    def _apply(self, action: Action, answer: bool = False) -> None:
        if action.stop:
            self._stop_audio()
        if action.pause:
            self.output.pause()
        if action.rate_changed is not None:
            self.preset = dataclasses.replace(self.preset, rate=action.rate_changed)
            self._forget_plans()
        if action.say:
            # Spoken only when nothing is about to play: a message before a
            # sentence would delay it, and "Resumed" is obvious.
            # In speech mode nothing is printed, so every message is spoken but "Resumed" (obvious).
            quiet_before_play = action.play is None or self.console.mode == "speech"
            self._say(action.say, speak=quiet_before_play and not action.resume, always=answer)
        if action.bookmark is not None:
            self._bookmark(action.bookmark)
        if action.show_help:
            if self.console.mode == "speech":
                self._speak_message(" ".join(self.help_lines()))
            for line in self.help_lines():
                self.console.line(line, always=True)
        if action.resume:
            self.output.resume()
        if action.play is not None:
            self._start(action.play, action.headings if action.announce_heading else ())
        if action.prompt_section:
            self._start_prompt("goto")
        if action.prompt_search:
            self._start_prompt("search")
        if action.prompt_fix:
            self._start_fix()
        if action.to_bookmark:
            self._to_bookmark()
        if action.list_bookmarks:
            self._list_bookmarks()
        if action.unmark is not None:
            self._unmark(action.unmark)
        if action.article_step:
            self._change_article(action.article_step)
        if action.quit:
            self._quit()
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
        self._playlist = ([opening] if opening else []) + self._heading_utterances(headings) + [self._sentence(cursor)]
        self._target = cursor
        self._play_next()

    def _play_next(self) -> None:
        utterance = self._playlist.pop(0)
        audio = self._prefetcher.get(utterance)
        cursor = self._target or self.nav.cursor
        if utterance.kind == "sentence":
            label = self.article.sections[utterance.section_index].number
            self.console.line(f"[{label}] {utterance.text}")
        generation = self.output.play(_with_pause(audio, utterance.pause_after))
        if self.nav.paused or self._prompt is not None:
            # A heading's "finished" that raced a pause or the go-to prompt:
            # queue the sentence but keep quiet (play() always unpauses).
            self.output.pause()
        self._playing = _Playing(generation, utterance, cursor)
        self._prefetch_from(cursor)

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

    def _sentence(self, cursor: Cursor) -> Utterance:
        """The sentence's utterance, from its section's plan: each section is
        planned (and normalised) once per rate, not once per sentence asked for."""
        plan = self._plans.get(cursor.section)
        if plan is None:
            plan = self._plans[cursor.section] = sentence_utterances(
                self.article, cursor.section, self.preset, self.normalize
            )
        return plan[cursor.sentence]

    def _forget_plans(self) -> None:
        """The rate or the pronunciations changed: plan sentences and headings anew."""
        self._plans.clear()
        self._headings.clear()

    def _heading_utterances(self, indices: Sequence[int]) -> list[Utterance]:
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

    def _prefetch_from(self, cursor: Cursor) -> None:
        """Prepare what is likely next: the rest of the playlist, the
        following sentences, the previous one and the next section's start."""
        upcoming: list[Utterance] = list(self._playlist)
        here: Cursor | None = cursor
        for _ in range(self.prefetch_count):
            following = self.nav.next_cursor(here) if here else None
            if following is None:
                break
            if following.section != here.section:  # type: ignore[union-attr]
                upcoming += self._heading_utterances(range(here.section + 1, following.section + 1))  # type: ignore[union-attr]
            upcoming.append(self._sentence(following))
            here = following
        before = self.nav.prev_cursor(cursor)
        if before is not None:
            upcoming.append(self._sentence(before))
        next_section = self._next_section_start(cursor)
        if next_section is not None:
            upcoming += self._heading_utterances([next_section.section]) + [self._sentence(next_section)]
        # Last, the headings around: a jump elsewhere (g, a digit, a search) starts with one, so it sounds
        # at once while the sentence after it is made (a neural voice takes a few hundred ms for that).
        near = range(
            max(0, cursor.section - NEAR_HEADINGS), min(len(self.article.sections), cursor.section + NEAR_HEADINGS)
        )
        upcoming += self._heading_utterances(near)
        self._prefetcher.want(upcoming)

    def _next_section_start(self, cursor: Cursor) -> Cursor | None:
        here = Cursor(cursor.section, len(self.article.sections[cursor.section].sentences) - 1)
        return self.nav.next_cursor(here)

    def _say(self, text: str, speak: bool = True, always: bool = False) -> None:
        """Print a message and (usually) speak it over whatever plays."""
        now = self.clock()
        last = self._last_said
        if last is None or last[0] != text or now - last[1] > REPEAT_QUIET_SECONDS:
            self.console.line(text, always=always)
        self._last_said = (text, now)
        if speak:
            self._speak_message(text)

    def _speak_message(self, text: str) -> None:
        if self.console.mode == "text":
            return  # the listener's own screen reader speaks what is printed
        try:
            audio = self.synthesizer.synthesize_text(self.normalize(text), self.preset.speech_settings())
        except ReaderError as exc:
            self.console.error(f"cannot speak message: {exc}")
            return
        self.output.play_message(audio)

    # ----------------------------------------------------------------- go to

    def _start_prompt(self, kind: PromptKind, text: tuple[str, str] | None = None) -> None:
        self._prompt = ""
        self._prompt_kind = kind
        if not self.nav.paused:
            self.output.pause()
        prompt, spoken = text or PROMPTS[kind]
        self.console.partial(prompt)
        self._speak_message(spoken)

    def _prompt_key(self, key: str) -> None:
        if key == "ctrl-c":
            self._end_prompt()
            self._quit()
        elif key == "escape":
            self._end_prompt()
            self._say("Cancelled", speak=True)
            self._resume_after_prompt()
        elif key == "backspace":
            if self._prompt:
                self._prompt = self._prompt[:-1]
                self.console.partial("\b \b")
        elif key == "enter":
            query = (self._prompt or "").strip()
            self._end_prompt()
            if self._prompt_kind == "search":
                self._search(query or self._last_search)
                return
            if self._prompt_kind in ("fix-word", "fix-say") and query:
                self._fix_step(query)
                return
            if not query:
                self._say("Cancelled", speak=True)
                self._resume_after_prompt()
                return
            self._goto(query)
        else:
            text = self.key_text(key)
            if text:
                self._prompt = (self._prompt or "") + text
                self.console.partial(clean(text))

    def _end_prompt(self) -> None:
        self._prompt = None
        self.output.stop_message()
        self.console.partial("\n")

    def _resume_after_prompt(self) -> None:
        if not self.nav.paused:
            self.output.resume()

    def _goto(self, query: str) -> None:
        seconds = spoken_time(query)
        if seconds is not None:  # "12:30": that far into the article at the current rate
            self._apply(self.nav.goto_time(seconds, self.clock()))
            return
        try:
            index = self._find_section(query)
        except ReaderError as exc:
            # The shell hint ("run 'reader outline'") is no use mid-session.
            message = _SHELL_HINT.sub("", str(exc))
            message = f"{message[:1].upper()}{message[1:]}; press g to try again"
            if self.console.mode != "speech":
                self.console.error(message)
            self._speak_message(message)
            self._resume_after_prompt()
            return
        action = self.nav.handle(Command.GOTO_SECTION, self.clock(), section=index)
        if action.play is None and not action.stop:
            self._resume_after_prompt()  # e.g. "outside the part being read"
        self._apply(action)

    def _search(self, words: str) -> None:
        """Jump to the next sentence holding ``words`` (wrapping round), or say there is none."""
        self._last_search = words
        found = self.nav.find(words) if words else None
        if found is None:
            self._say(f"Not found: {words}" if words else "Nothing to find yet: type words after /", speak=True)
            self._resume_after_prompt()
            return
        self._apply(self.nav.goto(found, self.clock()))

    def _start_fix(self) -> None:
        if self.learn_pronunciation is None:
            self._say("Pronunciation fixes are not available here", speak=True)
            return
        self._start_prompt("fix-word")

    def _fix_step(self, typed: str) -> None:
        """The word (first prompt), then how to say it (second): store the rule and say the sentence again."""
        if self._prompt_kind == "fix-word":
            sentence = self.nav.sentence_text()
            if not re.search(word_pattern(typed), sentence, re.I):  # the rule's own pattern
                self._say(f"{typed} is not a word of this sentence; press f to try again", speak=True)
                self._resume_after_prompt()
                return
            self._fix_word = typed
            self._start_prompt("fix-say", (f"Say {typed} as (spell it as it sounds): ", f"Say {typed} as"))
            return
        assert self.learn_pronunciation is not None
        try:
            self.normalize, where = self.learn_pronunciation(self._fix_word, typed)
        except ReaderError as exc:
            self._say(f"Not saved: {exc}", speak=True, always=True)
            self._resume_after_prompt()
            return
        self._forget_plans()
        self.console.line(clean(f"Saved in {where}: {self._fix_word} is said as {typed}"), always=True)
        self._apply(self.nav.handle(Command.REPEAT, self.clock()))
        self._resume_after_prompt()

    def _to_bookmark(self) -> None:
        """Jump to the next bookmark after this sentence (wrapping round), saying its number."""
        marks = self.positions.bookmarks() if self.positions is not None else []
        target = self.nav.next_mark([cursor for _, cursor in marks])
        if target is None:
            self._say(
                "No bookmarks here yet: press b to add one" if not marks else "No bookmark in this part", speak=True
            )
            return
        number = max(n for n, cursor in marks if cursor == target)
        self._apply(dataclasses.replace(self.nav.goto(target, self.clock()), say=f"Bookmark {number}"))

    def _list_bookmarks(self) -> None:
        """Say every bookmark: its number and place, nearest the start first."""
        marks = sorted(
            self.positions.bookmarks() if self.positions is not None else [],
            key=lambda m: (m[1].section, m[1].sentence),
        )
        if not marks:
            self._say("No bookmarks yet: press b to add one", speak=True, always=True)
            return
        places = "; ".join(f"{number}: {self.nav.short_position(cursor)}" for number, cursor in marks)
        count = f"{len(marks)} bookmarks" if len(marks) > 1 else "1 bookmark"
        self._say(f"{count}. {places}. Press ' to go to the next one.", speak=True, always=True)

    def _unmark(self, cursor: Cursor) -> None:
        """Delete the bookmark(s) at ``cursor``, saying which."""
        marks = self.positions.bookmarks() if self.positions is not None else []
        numbers = [n for n, at in marks if at == cursor]
        if not numbers or self.positions is None:
            self._say("No bookmark at this sentence", speak=True)
            return
        for number in numbers:
            self.positions.remove_bookmark(number)
        self._say(f"Bookmark {' and '.join(map(str, numbers))} deleted", speak=True, always=True)

    def _find_section(self, query: str) -> int:
        """The section ``query`` names; "intro" finds the untitled introduction."""
        return self.resolve_section(self.article, query)

    # ------------------------------------------------------------ bookkeeping

    def _bookmark(self, cursor: Cursor) -> None:
        if self.positions is None:
            self._say("Bookmarks are not available", always=True)
            return
        label = self.nav.short_position(cursor)
        number = self.positions.add_bookmark(cursor, label)
        self._say(f"Bookmark {number}: {label}", always=True)

    def _save_position(self) -> None:
        if self.positions is not None:
            self.positions.save(self.nav.cursor)

    def _quit(self) -> None:
        self._stop_audio()
        self.output.stop_message()
        self._save_position()
        self._outcome = "quit"

    def _change_article(self, step: int) -> None:
        """End the session towards the next (``step`` 1) or previous article of the queue,
        keeping the place in this one; or say why there is none."""
        index, count = self.queue_place
        if count == 1:
            self._say("There is no other article: give several to reader listen to hear them in turn.", always=True)
        elif not 0 <= index + step < count:
            self._say("This is the last article." if step > 0 else "This is the first article.", always=True)
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
        self._say("Sleep timer: stopping here. Your place is saved.")
        self.output.wait_message(MESSAGE_WAIT_SECONDS)
        self._outcome = "quit"

    def _finish(self) -> None:
        self.output.wait_message(MESSAGE_WAIT_SECONDS)  # let "End of article" be heard
        if self.positions is not None:
            self.positions.clear()
        self._outcome = "finished"


def _with_pause(audio: Audio, seconds: float) -> Audio:
    """The sentence followed by its pause, so the next one starts on time and
    a key press during the pause acts at once."""
    from reader.speech.utterances import silence

    if seconds <= 0:
        return audio
    return Audio(audio.pcm + silence(seconds, audio.sample_rate), audio.sample_rate)

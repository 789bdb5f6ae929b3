"""The articles given to ``reader listen``, read in turn: each loaded (an
unreadable one skipped with its reason), started at the right place (the
saved one, ``--section``, ``--bookmark``, ``--from-start``), announced by
its title when there are several, and read by a :class:`ListenSession`."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.resources import suggested_command
from reader.safetext import clean

if TYPE_CHECKING:
    from reader.document.model import Article
    from reader.document.structure import ReadingPolicy
    from reader.listen.commands import Cursor
    from reader.listen.positions import CarriedOver
    from reader.speech.speaker import Speaker
    from reader.speech.utterances import Normalizer


@dataclass
class ListenQueue:
    """The articles given to ``reader listen`` and how to start each: read in
    turn, each announced by its title when there are several, ``>``/``<``
    moving between them; one sleep timer for the whole queue."""

    paths: list[str]
    fmt: str
    keep_all: bool
    policy: "ReadingPolicy"
    section: str | None
    only: bool
    from_start: bool
    bookmark: int | None
    speaker_options: dict
    announce_headings: bool
    sleep_until: float | None

    def run(self, first: "Article", speaker: "Speaker", sound, console, key_fd) -> int:
        """Read the queue from ``first`` (``paths[0]``, already loaded, read by
        ``speaker``); ``key_fd``: the fd keys come from (``None``: stdin), or
        ``False`` for no keys. Returns the rate at the end."""
        index, step = 0, 1
        article: Article | None = first
        voice: Speaker | int = speaker  # the next article's speaker, or the rate to resolve one at
        rate = speaker.preset.rate
        while 0 <= index < len(self.paths):
            if article is None:
                article = self._load(index, console)
            if article is not None:
                outcome, rate = self._listen_to(article, index, voice, sound, console, key_fd)
                voice = rate
                if outcome == "quit":
                    break
                step = -1 if outcome == "previous_article" else 1
            index, article = index + step, None
        return rate

    def _load(self, index: int, console) -> "Article | None":
        from reader.document.loaders import load_article

        try:
            return load_article(self.paths[index], self.fmt, keep_all=self.keep_all, policy=self.policy)
        except ReaderError as exc:
            console.line(clean(f"Skipping article {index + 1} ({self.paths[index]}): {exc}"), always=True)
            return None

    def _listen_to(
        self, article: "Article", index: int, speaker: "Speaker | int", sound, console, key_fd
    ) -> tuple[str, int]:
        """Read one article; ``speaker``: the first one's, resolved already, or the rate to resolve one at."""
        from reader.speech.cache import AudioCache
        from reader.listen.keymap import KeyDecoder
        from reader.listen.navigation import Navigator
        from reader.listen.positions import PositionStore
        from reader.listen.resume import StoredPositions
        from reader.listen.session import ListenSession
        from reader.speech.speaker import resolve_speaker
        from reader.speech.utterances import Synthesizer
        from reader.speech.spoken import make_normalizer, speech_language
        from reader.listen.terminal import NoKeys, TerminalKeys

        if isinstance(speaker, int):
            speaker = resolve_speaker(
                **self.speaker_options, rate=speaker, language=article.language, rate_may_change=True
            )
        language = speech_language(speaker.preset.language, article.language)
        positions = StoredPositions(PositionStore(), article, keep_place=not self.only)
        start, stop_after, resuming = self._start_place(article, positions)
        navigator = Navigator(
            article, start=start, stop_after_section=stop_after, rate=speaker.preset.rate, max_rate=speaker.max_rate
        )
        intro = _intro(article, navigator, positions, resuming)
        if navigator.is_empty or not article.has_text():
            if len(self.paths) == 1:
                raise ReaderError(_nothing_to_read(article, stop_after))
            console.line(clean(f"Skipping article {index + 1}: {_nothing_to_read(article, stop_after)}"), always=True)
            return "finished", speaker.preset.rate
        if len(self.paths) > 1:
            title = article.title or os.path.basename(self.paths[index].rstrip("/")) or self.paths[index]
            intro = f"Article {index + 1} of {len(self.paths)}: {title}." + (f" {intro}" if intro else "")
        sleep_after = max(0.0, self.sleep_until - time.monotonic()) if self.sleep_until is not None else None
        session = ListenSession(
            article,
            navigator,
            Synthesizer(
                speaker.engine, AudioCache(), fast_engine=speaker.fast_engine, heading_chime=speaker.heading_chime
            ),
            speaker.preset,
            sound,
            NoKeys() if key_fd is False else TerminalKeys(KeyDecoder(), key_fd),
            console,
            positions=positions,
            normalize=make_normalizer(language),
            announce_headings=self.announce_headings,
            sleep_after=sleep_after,
            queue_place=(index, len(self.paths)),
            learn_pronunciation=lambda word, say_as: _learn(word, say_as, language),
        )
        outcome = session.run(intro=intro)
        return outcome, navigator.rate

    def _start_place(self, article: "Article", positions) -> tuple["Cursor | None", int | None, bool]:
        """Where to start (``None``: the beginning), the section to stop after
        (``--only``) and whether this resumes a saved place."""
        from reader.document.lookup import resolve
        from reader.listen.navigation import Cursor

        saved = positions.load()  # also carries an edited article's place and bookmarks over
        if self.section is not None:
            index = resolve(article, self.section)
            return Cursor(index, 0), index if self.only else None, False
        if self.bookmark is not None:
            return _bookmark_cursor(positions, self.bookmark, article.source), None, False
        if self.from_start:
            return None, None, False
        return saved, None, True


def _learn(word: str, say_as: str, language: str) -> "tuple[Normalizer, str]":
    """Store a pronunciation given with ``f`` in the user's file; the normaliser that uses it, and the file."""
    from reader.speech.pronunciations import add_word_rule
    from reader.speech.spoken import make_normalizer

    path = add_word_rule(word, say_as)
    return make_normalizer(language), str(path)


def _intro(article: "Article", navigator, positions, resuming: bool) -> str | None:
    """Said before the first sentence: where a resumed article goes on, or that its place was lost."""
    if resuming and navigator.prev_cursor() is not None:
        return resume_message(article, navigator.cursor, positions.carried)
    if resuming and positions.carried is not None and positions.carried.cursor is None:
        return "This article changed since you last listened and your place in it could not be found: reading from the start."
    return None


def resume_message(article: "Article", cursor: "Cursor", carried: "CarriedOver | None" = None) -> str:
    """Printed and spoken before resuming: where (and whether the article
    changed since, with how sure the place is), and how to start over."""
    section = article.sections[cursor.section]
    where = f"section {section.number}" if section.title else "the introduction"
    changed = ""
    if carried is not None:
        changed = (
            "The article changed since you stopped; your sentence is still there. "
            if carried.exact
            else "The article changed since you stopped; this is the closest sentence to your place. "
        )
    return (
        f"{changed}Resuming at {where}, sentence {cursor.sentence + 1}. To start over, quit and run with --from-start."
    )


def _nothing_to_read(article: "Article", only: int | None) -> str:
    if only is not None:
        section = article.sections[only]
        return f"nothing to read: section {section.label} has no text; leave out --only to read on from it"
    from reader.document.loaders import require_sentences

    try:
        require_sentences(article)
    except ReaderError as exc:  # says what was found instead (headings, code)
        return str(exc)
    return f"nothing to read; {suggested_command('outline', article.source)} shows what was found"


def _bookmark_cursor(positions, number: int, source: str):
    marks = positions.store.bookmarks(positions.key, positions.article)
    for mark in marks:
        if mark.number == number:
            return mark.cursor
    if not marks:
        raise ReaderError("this article has no bookmarks; press b while listening to add one")
    raise ReaderError(
        f"no bookmark {number} for this article; run {suggested_command('bookmarks', source)} to list them"
    )


__all__ = ["ListenQueue", "resume_message"]

"""``reader listen`` (read aloud with keyboard navigation) and ``reader bookmarks``."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import time
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from reader.cli.app import app
from reader.cli.options import (
    CodeOpt,
    EngineOpt,
    FormatOpt,
    KeepAllOpt,
    PresetOpt,
    RateOpt,
    SourceArg,
    TablesOpt,
    VoiceOpt,
    reading_policy,
    source_or_default,
)
from reader.errors import ReaderError, UsageError
from reader.safetext import clean
from reader.resources import suggested_command

if TYPE_CHECKING:
    from reader.document.model import Article
    from reader.listen.navigation import Cursor
    from reader.listen.positions import CarriedOver
    from reader.speech.utterances import Normalizer
    from reader.speech.speaker import Speaker
    from reader.document.structure import ReadingPolicy


def _keys_epilog() -> str:
    from reader.listen.keymap import help_lines

    # "\b" keeps click from rewrapping the paragraph that follows it.
    return "\b\nKeys while listening:\n" + "\n".join(f"  {line}" for line in help_lines())


ListenSectionOpt = Annotated[
    Optional[str],
    typer.Option(
        "--section",
        "-s",
        help="Start at this section: number, name, part of its name, or a fuzzy match.",
        show_default=False,
    ),
]


@app.command(epilog=_keys_epilog())
def listen(
    sources: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="SOURCE",
            help="Articles to read: files (.txt, .md, .html, .epub, .pdf, .docx), http(s) URLs, or - for stdin. "
            "Several are read one after another (> and < move between them). Default: the bundled sample article.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = "auto",
    section: ListenSectionOpt = None,
    keep_all: KeepAllOpt = False,
    code: CodeOpt = "notice",
    tables: TablesOpt = "read",
    only: Annotated[
        bool, typer.Option("--only", help="Read only the --section (and its subsections), then stop.")
    ] = False,
    from_start: Annotated[
        bool, typer.Option("--from-start", help="Start at the beginning even if a position was saved.")
    ] = False,
    bookmark: Annotated[
        Optional[int],
        typer.Option("--bookmark", help="Start at bookmark N (see 'reader bookmarks').", show_default=False),
    ] = None,
    preset: PresetOpt = None,
    voice: VoiceOpt = None,
    rate: RateOpt = None,
    engine: EngineOpt = None,
    no_headings: Annotated[bool, typer.Option("--no-headings", help="Do not speak section headings.")] = False,
    audio_device: Annotated[
        Optional[str],
        typer.Option(
            "--audio-device",
            help="Play on the device whose name contains NAME ('null' = silent, for testing).",
            metavar="NAME",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            metavar="MODE",
            help="speech: the tool speaks everything and prints nothing (self-voicing); text: it prints a line "
            "per sentence and message and makes no sound (for your screen reader or braille display); both: "
            "speaks and prints. Remembered for next time. Default: both.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Same as --output speech (not remembered).")] = False,
    sleep: Annotated[
        Optional[str],
        typer.Option(
            "--sleep",
            metavar="DURATION",
            help="Stop at the end of a sentence after this long (20m, 90s, 1h; a bare number is minutes), saving the place.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read articles aloud; move by sentence or section with single keys.

    Prints one line per sentence as it is spoken (see --output for screen
    readers). Quitting saves the place; the next 'reader listen' of the same
    article resumes there. A speed set with + and - is remembered. Several
    articles form a queue, each announced by its title.
    """
    # Long only by its signature, which is the command's option table (Typer).
    from reader.listen.console import output_mode
    from reader.listen.prefs import load_prefs, save_prefs
    from reader.speech.speaker import warm_up_in_background

    chosen_mode = output_mode(output) if output is not None else None
    if output is not None and chosen_mode is None:
        raise UsageError(f"invalid value for '--output': {output!r}; choose speech, text or both")
    paths = [source_or_default(s) for s in sources] if sources else [source_or_default(None)]
    policy = reading_policy(code, tables)
    _check_start_options(paths, section=section, bookmark=bookmark, from_start=from_start, only=only)
    prefs = load_prefs()
    rate = rate if rate is not None else prefs.rate
    if quiet or (chosen_mode or prefs.output) != "text":
        # A neural voice's model loads while the rest of the reader is imported and the article read.
        warm_up_in_background(preset=preset, voice=voice, rate=rate, engine=engine, rate_may_change=True)

    from reader.listen.player import NULL_DEVICE, open_output
    from reader.listen.console import Console
    from reader.document.loaders import load_article
    from reader.listen.terminal import cbreak_mode

    if chosen_mode is not None and chosen_mode != prefs.output:
        prefs = dataclasses.replace(prefs, output=chosen_mode)
        save_prefs(prefs)
    mode = "speech" if quiet else (chosen_mode or prefs.output or "both")
    first = load_article(paths[0], fmt, keep_all=keep_all, policy=policy)  # a bad first article fails before any sound
    plan = _ListenPlan(
        paths,
        fmt=fmt,
        keep_all=keep_all,
        policy=policy,
        section=section,
        only=only,
        from_start=from_start,
        bookmark=bookmark,
        speaker_options=dict(preset=preset, voice=voice, engine=engine),
        announce_headings=not no_headings,
        sleep_until=time.monotonic() + parse_duration(sleep) if sleep is not None else None,
    )
    from reader.speech.speaker import resolve_speaker

    # Resolved before the audio device opens, so a bad --rate or --voice is a usage error first.
    speaker = resolve_speaker(**plan.speaker_options, rate=rate, language=first.language, rate_may_change=True)
    key_fd, interactive = _key_input(paths)
    with contextlib.ExitStack() as stack:
        sound = stack.enter_context(open_output(NULL_DEVICE if mode == "text" else audio_device))
        if key_fd is not None:
            stack.callback(os.close, key_fd)
        if interactive:
            stack.enter_context(cbreak_mode(key_fd))
        final_rate = plan.run(first, speaker, sound, Console(mode=mode), key_fd if interactive else False)
    if final_rate != speaker.preset.rate:  # changed with + or -: the listener's speed from now on
        save_prefs(dataclasses.replace(prefs, rate=final_rate))


def _key_input(paths: list[str]) -> tuple[int | None, bool]:
    """Where keys come from (a file descriptor; ``None``: standard input) and
    whether they can be read at all: with an article on standard input, keys
    come from the controlling terminal; in the background, there are none."""
    from reader.listen.terminal import in_foreground

    key_fd = None
    if "-" in paths:
        with contextlib.suppress(OSError):
            key_fd = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    interactive = in_foreground(key_fd) if key_fd is not None else (in_foreground() and "-" not in paths)
    return key_fd, interactive


def _check_start_options(
    paths: list[str], *, section: str | None, bookmark: int | None, from_start: bool, only: bool
) -> None:
    if only and section is None:
        raise UsageError("--only needs --section NAME: which section should be read?")
    chosen = [
        name
        for name, given in (
            ("--section", section is not None),
            ("--bookmark", bookmark is not None),
            ("--from-start", from_start),
        )
        if given
    ]
    if len(chosen) > 1:
        raise UsageError(f"{' and '.join(chosen)} both choose where to start; give only one")
    if len(paths) > 1 and (section is not None or bookmark is not None):
        raise UsageError(f"{chosen[0]} picks a place in one article: give one SOURCE, or leave it out")
    if paths.count("-") > 1:
        raise UsageError("standard input (-) can be given only once")


@dataclasses.dataclass
class _ListenPlan:
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
        from reader.listen.positions import PositionStore, StoredPositions
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


_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(h|hours?|m|min|minutes?|s|sec|seconds?)?\s*$", re.I)


def parse_duration(text: str) -> float:
    """Seconds in ``20m``, ``90s``, ``1.5h`` or a bare number of minutes."""
    match = _DURATION_RE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise UsageError(f"invalid value for '--sleep': {text!r}; give a duration such as 20m, 90s or 1h")
    unit = (match.group(2) or "m")[0].lower()
    return float(match.group(1)) * {"h": 3600, "m": 60, "s": 1}[unit]


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


@app.command()
def bookmarks(
    source: SourceArg = None, fmt: FormatOpt = "auto", code: CodeOpt = "notice", tables: TablesOpt = "read"
) -> None:
    """List the bookmarks set with b while listening, and the saved position."""
    from reader.document.loaders import load_article
    from reader.listen.positions import PositionStore, StoredPositions

    article = load_article(source_or_default(source), fmt, policy=reading_policy(code, tables))
    positions = StoredPositions(PositionStore(), article)
    saved = positions.load()
    marks = positions.store.bookmarks(positions.key, article)
    if saved is not None:
        typer.echo(f"Saved position: {article.sections[saved.section].number}, sentence {saved.sentence + 1}")
    if not marks:
        typer.echo("No bookmarks. Press b while listening to add one.")
        return
    for mark in marks:
        section = article.sections[mark.cursor.section]
        typer.echo(clean(f"{mark.number}. {section.label}, sentence {mark.cursor.sentence + 1}: {mark.preview}"))
    typer.echo("Start at one with: reader listen --bookmark N")

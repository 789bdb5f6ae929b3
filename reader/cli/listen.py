"""``reader listen`` (read aloud with keyboard navigation) and ``reader bookmarks``."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from reader.cli.app import app
from reader.cli.options import (
    EngineOpt,
    FormatOpt,
    KeepAllOpt,
    PresetOpt,
    RateOpt,
    SourceArg,
    VoiceOpt,
    source_or_default,
)
from reader.errors import ReaderError, UsageError
from reader.safetext import clean
from reader.resources import suggested_command

if TYPE_CHECKING:
    from reader.model import Article
    from reader.navigation import Cursor
    from reader.positions import CarriedOver


def _keys_epilog() -> str:
    from reader.keymap import help_lines

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
    source: SourceArg = None,
    fmt: FormatOpt = "auto",
    section: ListenSectionOpt = None,
    keep_all: KeepAllOpt = False,
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
    """Read an article aloud; move by sentence or section with single keys.

    Prints one line per sentence as it is spoken (see --output for screen
    readers). Quitting saves the place; the next 'reader listen' of the same
    article resumes there. A speed set with + and - is remembered.
    """
    from reader.console import output_mode
    from reader.listenprefs import load_prefs, save_prefs
    from reader.speaker import resolve_speaker, warm_up_in_background

    chosen_mode = output_mode(output) if output is not None else None
    if output is not None and chosen_mode is None:
        raise UsageError(f"invalid value for '--output': {output!r}; choose speech, text or both")
    prefs = load_prefs()
    rate = rate if rate is not None else prefs.rate
    if quiet or (chosen_mode or prefs.output) != "text":
        # A neural voice's model loads while the rest of the reader is imported and the article read.
        warm_up_in_background(preset=preset, voice=voice, rate=rate, engine=engine, rate_may_change=True)

    from reader.audio_out import NULL_DEVICE, open_output
    from reader.audiocache import AudioCache
    from reader.keymap import KeyDecoder
    from reader.loaders import load_article
    from reader.lookup import resolve
    from reader.navigation import Cursor, Navigator
    from reader.positions import PositionStore
    from reader.session import Console, ListenSession, StoredPositions
    from reader.speech import Synthesizer
    from reader.spoken import make_normalizer, speech_language
    from reader.terminal import NoKeys, TerminalKeys, cbreak_mode, in_foreground

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

    if chosen_mode is not None and chosen_mode != prefs.output:
        prefs = dataclasses.replace(prefs, output=chosen_mode)
        save_prefs(prefs)
    mode = "speech" if quiet else (chosen_mode or prefs.output or "both")
    article = load_article(source_or_default(source), fmt, keep_all=keep_all)
    speaker = resolve_speaker(
        preset=preset, voice=voice, rate=rate, engine=engine, language=article.language, rate_may_change=True
    )
    positions = StoredPositions(PositionStore(), article, keep_place=not only)

    start: Cursor | None = None
    stop_after: int | None = None
    intro: str | None = None
    saved = positions.load()  # also carries an edited article's place and bookmarks over
    if section is not None:
        index = resolve(article, section)
        start = Cursor(index, 0)
        stop_after = index if only else None
    elif bookmark is not None:
        start = _bookmark_cursor(positions, bookmark, article.source)
    elif not from_start:
        start = saved

    navigator = Navigator(
        article, start=start, stop_after_section=stop_after, rate=speaker.preset.rate, max_rate=speaker.max_rate
    )
    if navigator.is_empty:
        raise ReaderError(_nothing_to_read(article, stop_after))
    resuming = section is None and bookmark is None and not from_start
    if start is not None and resuming and navigator.prev_cursor() is not None:
        intro = resume_message(article, navigator.cursor, positions.carried)
    elif resuming and positions.carried is not None and positions.carried.cursor is None:
        intro = "This article changed since you last listened and your place in it could not be found: reading from the start."
    console = Console(mode=mode)
    sleep_after = parse_duration(sleep) if sleep is not None else None
    key_fd = None
    if source == "-":  # the article came on stdin: keys come from the controlling terminal
        with contextlib.suppress(OSError):
            key_fd = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    interactive = in_foreground(key_fd) if key_fd is not None else (in_foreground() and source != "-")
    with contextlib.ExitStack() as stack:
        sound = stack.enter_context(open_output(NULL_DEVICE if mode == "text" else audio_device))
        session = ListenSession(
            article,
            navigator,
            Synthesizer(
                speaker.engine, AudioCache(), fast_engine=speaker.fast_engine, heading_chime=speaker.heading_chime
            ),
            speaker.preset,
            sound,
            TerminalKeys(KeyDecoder(), key_fd) if interactive else NoKeys(),
            console,
            positions=positions,
            normalize=make_normalizer(speech_language(speaker.preset.language, article.language)),
            announce_headings=not no_headings,
            sleep_after=sleep_after,
        )
        if key_fd is not None:
            stack.callback(os.close, key_fd)
        if interactive:
            stack.enter_context(cbreak_mode(key_fd))
        session.run(intro=intro)
    if navigator.rate != speaker.preset.rate:  # changed with + or -: the listener's speed from now on
        save_prefs(dataclasses.replace(prefs, rate=navigator.rate))


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
    from reader.loaders import require_sentences

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
def bookmarks(source: SourceArg = None, fmt: FormatOpt = "auto") -> None:
    """List the bookmarks set with b while listening, and the saved position."""
    from reader.loaders import load_article
    from reader.positions import PositionStore
    from reader.session import StoredPositions

    article = load_article(source_or_default(source), fmt)
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

"""``reader listen`` (read aloud with keyboard navigation) and ``reader bookmarks``."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import time
from typing import Annotated, Optional

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
from reader.errors import UsageError
from reader.safetext import clean


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
    from reader.listen.queue import ListenQueue

    plan = ListenQueue(
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


_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(h|hours?|m|min|minutes?|s|sec|seconds?)?\s*$", re.I)


def parse_duration(text: str) -> float:
    """Seconds in ``20m``, ``90s``, ``1.5h`` or a bare number of minutes."""
    match = _DURATION_RE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise UsageError(f"invalid value for '--sleep': {text!r}; give a duration such as 20m, 90s or 1h")
    unit = (match.group(2) or "m")[0].lower()
    return float(match.group(1)) * {"h": 3600, "m": 60, "s": 1}[unit]


@app.command()
def bookmarks(
    source: SourceArg = None, fmt: FormatOpt = "auto", code: CodeOpt = "notice", tables: TablesOpt = "read"
) -> None:
    """List the bookmarks set with b while listening, and the saved position."""
    from reader.document.loaders import load_article
    from reader.listen.positions import PositionStore
    from reader.listen.resume import StoredPositions

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

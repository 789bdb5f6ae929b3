"""``reader engines`` and ``reader voices``: what can speak, and how.

Output is plain lines (no box drawing, no colour) so it reads well in a
screen reader and pipes cleanly into grep.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from reader.cli.app import app
from reader.rates import MAX_RATE

if TYPE_CHECKING:
    from reader.speech.engines.base import Engine


@app.command()
def engines() -> None:
    """List the speech engines, whether each is available here, and how to install it."""
    from reader.speech.engines import registered

    classes = sorted(registered().values(), key=lambda c: (-c.priority, c.name))
    instances = [cls() for cls in classes]
    available = {e.name: e.available() for e in instances}
    auto = _default_engine()
    width = max(len(e.name) for e in instances)
    for engine in instances:
        status = "available" if available[engine.name] else "not available"
        line = f"{engine.name:<{width}}  {status}"
        if auto is not None and engine.name == auto.name:
            line += " (the default)"
        line += f": {engine.description}"
        if not available[engine.name] and engine.install_hint:
            line += f". To install: {engine.install_hint}"
        typer.echo(line)
    if auto is None:
        typer.echo("No engine is available; install espeak-ng first.", err=True)
    else:
        typer.echo(default_engine_line(auto, [e for e in instances if available[e.name]]))


LANGUAGE_NAMES = {"en": "English"}


def _default_engine() -> "Engine | None":
    from reader.speech.engines import get_engine
    from reader.errors import ReaderError

    try:
        return get_engine("auto")
    except ReaderError:
        return None


def default_engine_line(default: "Engine", available: "list[Engine]") -> str:
    """Which engine speaks by default, and why (the rule in the README's voice section)."""
    from reader.speech.engines import ENGINE_ENV

    if os.environ.get(ENGINE_ENV, "").strip() not in ("", "auto"):
        return f"Default: {os.environ[ENGINE_ENV].strip()}, set by {ENGINE_ENV}."
    line = f"Default: {default.name}, the most intelligible engine installed that answers keys at once"
    limits = []
    if default.max_rate < MAX_RATE:
        limits.append(f"above {default.max_rate} words a minute")
    if default.languages:
        names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in default.languages)
        limits.append(f"articles not in {names}")
    takeover = next((e for e in available if e.name != default.name and e.max_rate >= MAX_RATE), None)
    if limits and takeover is not None:
        line += f"; {takeover.name} speaks {' and '.join(limits)}"
    return line + f". Choose another with --engine, a preset, or {ENGINE_ENV}."


@app.command()
def voices(
    engine: Annotated[
        str, typer.Option("--engine", "-e", help="Engine whose voices to list (see 'reader engines').")
    ] = "auto",
    language: Annotated[
        Optional[str],
        typer.Option("--language", "-l", help="Only voices for this language, e.g. en or en-gb.", show_default=False),
    ] = None,
    presets: Annotated[
        bool, typer.Option("--presets", help="List the voice presets and their settings instead.")
    ] = False,
) -> None:
    """List an engine's voices (id, name, language, gender), or the presets."""
    if presets:
        typer.echo("\n".join(preset_lines()))
        return
    from reader.speech.engines import get_engine
    from reader.speech.speaker import language_matches
    from reader.errors import ReaderError

    speech_engine = get_engine(engine, language=language)
    if engine == "auto" and language:  # the engine auto would use for that language's voices
        speech_engine = _first_with_language(language) or speech_engine
    found = speech_engine.voices()
    if language:
        found = [v for v in found if language_matches(v.language, language)]
        if not found:
            raise ReaderError(
                f"{speech_engine.name} has no voice for language {language!r}; "
                f"run 'reader voices --engine {speech_engine.name}' to see them all"
            )
    rows = [("id", "name", "language", "gender")] + [(v.id, v.name, v.language or "-", v.gender or "-") for v in found]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])
    default = _default_engine() if engine == "auto" else None
    if default is not None:
        from reader.speech.engines import ranked

        usable = list(ranked())
        whose = f"These are {speech_engine.name}'s voices"
        if speech_engine.name != default.name:
            whose += f", the first engine in auto's order with a {language} voice"
        typer.echo(f"{whose}. {default_engine_line(default, usable)}")


def _first_with_language(language: str) -> "Engine | None":
    """The first available engine, in ``auto``'s order, with a voice for ``language``."""
    from reader.speech.engines import ranked
    from reader.speech.speaker import language_matches

    return next((e for e in ranked() if any(language_matches(v.language, language) for v in e.voices())), None)


def preset_lines() -> list[str]:
    """Each preset: its name, description and key settings, as short lines."""
    from reader.paths import config_dir
    from reader.speech.presets import DEFAULT_PRESET, list_presets

    lines: list[str] = []
    user_dir = config_dir() / "presets"
    for preset in list_presets():
        tags = [
            t
            for t, on in (
                ("default", preset.name == DEFAULT_PRESET),
                ("user", (user_dir / f"{preset.name}.toml").is_file()),
            )
            if on
        ]
        lines.append(preset.name + (f" ({', '.join(tags)})" if tags else ""))
        if preset.description:
            lines.append(f"  {preset.description}")
        engines = " (else ".join(e.strip() for e in preset.engine.split(",")) + ")" * preset.engine.count(",")
        voice = f"voice {preset.voice}" if preset.voice else "the engine's default voice"
        lines.append(f"  rate {preset.rate} words a minute; engine {engines}; {voice}")
        lines.append(
            f"  pauses: {preset.sentence_pause:g} s after a sentence, {preset.paragraph_pause:g} s after a paragraph, "
            f"{preset.section_pause:g} s after a section"
        )
        headings = f'announced as "{preset.heading_template}"' if preset.announce_headings else "not announced"
        lines.append(f"  headings {headings}")
    return lines

"""Options shared by every speaking command (one definition, one help text)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

SourceArg = Annotated[
    Optional[str],
    typer.Argument(
        metavar="SOURCE",
        help="Article to read: a file (.txt, .md, .html), an http(s) URL, or - for stdin. "
        "Default: the bundled sample article.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="Input format: auto, text, markdown, html, epub, docx or pdf."
    ),
]
PresetOpt = Annotated[
    Optional[str],
    typer.Option("--preset", metavar="NAME", help="Voice preset (see 'reader voices --presets').", show_default=False),
]
VoiceOpt = Annotated[
    Optional[str],
    typer.Option("--voice", metavar="VOICE", help="Engine voice id (see 'reader voices').", show_default=False),
]
RateOpt = Annotated[
    Optional[int], typer.Option("--rate", metavar="WPM", help="Speaking rate in words per minute.", show_default=False)
]
EngineOpt = Annotated[
    Optional[str],
    typer.Option(
        "--engine",
        metavar="ENGINE",
        help="Speech engine (see 'reader engines'); default from the preset.",
        show_default=False,
    ),
]
KeepAllOpt = Annotated[
    bool,
    typer.Option(
        "--keep-all", help="Read everything: drop no page chrome (menus, share lines, footers) from scraped pages."
    ),
]

SectionOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--section",
        "-s",
        metavar="NAME",
        help="Section by number, name, part of its name, or a fuzzy match.",
        show_default=False,
    ),
]


def source_or_default(source: str | None) -> str:
    """The SOURCE argument, or the bundled default article."""
    if source:
        return source
    from reader.resources import default_article

    return str(default_article())

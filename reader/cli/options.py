"""Options shared by every speaking command (one definition, one help text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from reader.document.structure import ReadingPolicy

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

CodeOpt = Annotated[
    str,
    typer.Option(
        "--code",
        metavar="POLICY",
        help="Code blocks: notice (say 'Code block skipped, N lines'), read (a line at a time) or skip.",
    ),
]

TablesOpt = Annotated[
    str,
    typer.Option(
        "--tables",
        metavar="POLICY",
        help="Data tables: read (a row at a time, cells joined by commas), notice ('Table skipped, N rows') or skip.",
    ),
]


def reading_policy(code: str, tables: str) -> "ReadingPolicy":
    """The :class:`~reader.document.structure.ReadingPolicy` of ``--code`` and ``--tables``, or a usage error."""
    from reader.errors import UsageError
    from reader.document.structure import CODE_POLICIES, TABLE_POLICIES, ReadingPolicy

    if code not in CODE_POLICIES:
        raise UsageError(f"invalid value for '--code': {code[:40]!r}; choose {', '.join(CODE_POLICIES)}")
    if tables not in TABLE_POLICIES:
        raise UsageError(f"invalid value for '--tables': {tables[:40]!r}; choose {', '.join(TABLE_POLICIES)}")
    return ReadingPolicy(code=code, tables=tables)


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

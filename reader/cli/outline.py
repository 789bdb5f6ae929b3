"""``reader outline``: list an article's numbered sections."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from reader.cli.app import app
from reader.cli.options import (
    CodeOpt,
    FormatOpt,
    KeepAllOpt,
    SectionOpt,
    SourceArg,
    TablesOpt,
    reading_policy,
    source_or_default,
)


@app.command()
def outline(
    source: SourceArg = None,
    fmt: FormatOpt = "auto",
    section: SectionOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the sections and their sentences as one JSON object (with 'dropped').")
    ] = False,
    show_dropped: Annotated[
        bool, typer.Option("--show-dropped", help="Also list every piece left out as page chrome, and why.")
    ] = False,
    keep_all: KeepAllOpt = False,
    code: CodeOpt = "notice",
    tables: TablesOpt = "read",
) -> None:
    """List the numbered sections with sentence counts and listening times."""
    from reader.document.loaders import load_article
    from reader.document.lookup import selected_indices
    from reader.document.outline import dropped_lines, outline_json, outline_lines

    article = load_article(source_or_default(source), fmt, keep_all=keep_all, policy=reading_policy(code, tables))
    indices = selected_indices(article, section)
    if as_json:
        typer.echo(json.dumps(outline_json(article, indices), ensure_ascii=False, indent=2))
    else:
        lines = outline_lines(article, indices) + (dropped_lines(article) if show_dropped else [])
        typer.echo("\n".join(lines))

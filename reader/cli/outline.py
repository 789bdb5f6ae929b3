"""``reader outline``: list an article's numbered sections."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from reader.cli.app import app
from reader.cli.options import FormatOpt, SectionOpt, SourceArg, source_or_default


@app.command()
def outline(
    source: SourceArg = None,
    fmt: FormatOpt = "auto",
    section: SectionOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the sections and their sentences as one JSON object.")
    ] = False,
) -> None:
    """List the numbered sections with sentence counts and listening times."""
    from reader.loaders import load_article
    from reader.lookup import selected_indices
    from reader.outline import outline_json, outline_lines

    article = load_article(source_or_default(source), fmt)
    indices = selected_indices(article, section)
    if as_json:
        typer.echo(json.dumps(outline_json(article, indices), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(outline_lines(article, indices)))

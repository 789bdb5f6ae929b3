"""``reader preview``: show exactly what the engine will be given to say."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator, Optional, Sequence

import typer

from reader.cli.app import app
from reader.cli.options import (
    CodeOpt,
    FormatOpt,
    KeepAllOpt,
    PresetOpt,
    SectionOpt,
    SourceArg,
    TablesOpt,
    reading_policy,
    source_or_default,
)

if TYPE_CHECKING:
    from reader.document.model import Article
    from reader.speech.utterances import Utterance

PronunciationsOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--pronunciations",
        help="Pronunciation rules file (TOML) to use instead of the one in the config directory.",
        dir_okay=False,
        show_default=False,
    ),
]


def preview_lines(article: "Article", utterances: Sequence["Utterance"], show_written: bool = False) -> Iterator[str]:
    """Plain lines: a ``Section …`` line where each section starts, then one
    ``[n] spoken text`` line per utterance (``[n] heading: …`` for heading
    announcements), numbered in reading order."""
    current = None
    for number, utterance in enumerate(utterances, start=1):
        if utterance.section_index != current:
            if current is not None:
                yield ""
            current = utterance.section_index
            yield f"Section {article.sections[current].label}"
        marker = "heading: " if utterance.kind == "heading" else ""
        yield f"[{number}] {marker}{utterance.spoken}"
        differs = (
            utterance.text not in utterance.spoken
            if utterance.kind == "heading"
            else utterance.text != utterance.spoken
        )
        if show_written and differs:
            yield f"    written: {utterance.text}"


@app.command()
def preview(
    source: SourceArg = None,
    fmt: FormatOpt = "auto",
    section: SectionOpt = None,
    keep_all: KeepAllOpt = False,
    code: CodeOpt = "notice",
    tables: TablesOpt = "read",
    preset: PresetOpt = None,
    pronunciations: PronunciationsOpt = None,
    no_pronunciations: Annotated[
        bool, typer.Option("--no-pronunciations", help="Ignore the user's pronunciation rules.")
    ] = False,
    written: Annotated[
        bool, typer.Option("--written", help="Also show each sentence as written, where it differs.")
    ] = False,
) -> None:
    """Show what will be said, sentence by sentence, after numbers, symbols and abbreviations are spelled out."""
    from reader.errors import ReaderError
    from reader.document.loaders import load_article, require_sentences
    from reader.document.lookup import selected_indices
    from reader.speech.presets import load_preset
    from reader.speech.utterances import plan_article
    from reader.speech.spoken import make_normalizer, speech_language

    chosen = load_preset(preset)
    article = load_article(source_or_default(source), fmt, keep_all=keep_all, policy=reading_policy(code, tables))
    indices = selected_indices(article, section)
    require_sentences(article, indices if section else None)
    rules: bool | Path = False if no_pronunciations else (pronunciations or True)
    normalize = make_normalizer(speech_language(chosen.language, article.language), rules)
    utterances = plan_article(article, chosen, normalize, indices)
    if not utterances:
        raise ReaderError("nothing to say: the selected sections have no text; choose other sections with --section")
    for line in preview_lines(article, utterances, show_written=written):
        typer.echo(line)

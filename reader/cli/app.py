"""The Typer application and the one place errors become messages."""

from __future__ import annotations

import os
import sys

import click
import typer
from typer.core import TyperGroup

from reader.errors import ExitStatus, ReaderError


class ReaderGroup(TyperGroup):
    """Command group that turns core errors into ``reader: error: …``."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ReaderError as exc:
            _fail(str(exc), exc.exit_status)
        except KeyboardInterrupt:
            _fail("interrupted", ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            # e.g. `reader outline x | head`: not an error worth a message.
            sys.stderr.close()
            ctx.exit(ExitStatus.OK)
        except OSError as exc:
            if os.environ.get("READER_DEBUG"):
                raise
            where = f": {exc.filename}" if exc.filename else ""
            _fail(f"{exc.strerror or exc}{where}", ExitStatus.ERROR)


def _fail(message: str, status: int) -> None:
    click.echo(f"reader: error: {message}", err=True)
    raise typer.Exit(int(status))  # typer vendors click: only its own Exit is honoured


app = typer.Typer(
    cls=ReaderGroup,
    name="reader",
    help="Read articles aloud in the terminal, or turn them into podcast audio. Fully offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: box drawing is noise for screen readers and braille displays.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

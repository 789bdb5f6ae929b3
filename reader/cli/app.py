"""The Typer application and the one place errors become messages.

Every failure leaves as one line ``reader: error: <what happened>; <what to
do>`` on stderr with exit status 2 (usage), 130 (Ctrl-C) or 1 (anything
else), never as a traceback: tracebacks are long, noisy and hard to follow in
a screen reader. ``READER_DEBUG=1`` re-raises unexpected errors for
developers.
"""

from __future__ import annotations

import errno
import os
import select
import sys
from typing import NoReturn

import typer
from typer.core import TyperGroup

from reader import __version__
from reader.errors import ExitStatus, ReaderError
from reader.safetext import clean

# What to do about an OSError nobody turned into a ReaderError, by errno.
_OS_ERROR_HINTS = {
    errno.ENOSPC: "free some disk space and try again",
    errno.EDQUOT: "free some disk space and try again",
    errno.EACCES: "check the permissions or choose another location",
    errno.EPERM: "check the permissions or choose another location",
    errno.EROFS: "choose a location on a writable disk",
    errno.ENOENT: "check the path",
    errno.ENOTDIR: "check the path: part of it is a file, not a folder",
    errno.EISDIR: "give a file, not a folder",
}

_COMMAND_PATH = "reader.command_path"


class ReaderGroup(TyperGroup):
    """Command group that turns core errors into ``reader: error: …``."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        # `reader --bogus` fails here, before invoke().
        try:
            return super().parse_args(ctx, args)
        except KeyboardInterrupt:
            _fail("interrupted", ExitStatus.INTERRUPTED)
        except typer.TyperException as exc:
            _fail_usage(exc, ctx.command_path)

    def resolve_command(self, ctx: typer.Context, args: list[str]):  # type: ignore[override]
        name, command, rest = super().resolve_command(ctx, args)
        # Some parsing errors carry no context; this names the command in their message.
        ctx.meta[_COMMAND_PATH] = f"{ctx.command_path} {name}" if name else ctx.command_path
        return name, command, rest

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ReaderError as exc:
            _fail(str(exc), exc.exit_status)
        except KeyboardInterrupt:
            _fail("interrupted", ExitStatus.INTERRUPTED)
        except typer.TyperException as exc:
            # Click's own parsing errors (unknown option, bad --rate value,
            # missing -o…) for the subcommands.
            _fail_usage(exc, ctx.meta.get(_COMMAND_PATH, ctx.command_path))
        except BrokenPipeError as exc:
            if _stdout_reader_gone():
                # e.g. `reader outline x | head`: not an error worth a message.
                _silence_closed_pipe()
                ctx.exit(ExitStatus.OK)
            # A helper program (ffmpeg, espeak-ng) died while we wrote to it.
            if os.environ.get("READER_DEBUG"):
                raise
            _fail(
                f"a helper program stopped unexpectedly ({exc.strerror or exc}); try again, "
                "or run with READER_DEBUG=1 to see where",
                ExitStatus.ERROR,
            )
        except OSError as exc:
            if os.environ.get("READER_DEBUG"):
                raise
            _fail(_os_error_message(exc), ExitStatus.ERROR)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            # A bug: still one line, and say how to get the details.
            if os.environ.get("READER_DEBUG"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); this is a bug, please report it "
                "with the output of the same command run with READER_DEBUG=1",
                ExitStatus.ERROR,
            )


def _os_error_message(exc: OSError) -> str:
    where = f": {exc.filename}" if exc.filename else ""
    message = f"{exc.strerror or exc}{where}"
    hint = _OS_ERROR_HINTS.get(exc.errno or 0)
    return f"{message}; {hint}" if hint else message


def _fail_usage(exc: typer.TyperException, command_path: str) -> NoReturn:
    """One line for a click parsing error, e.g. ``reader: error: invalid
    value for '--rate': 'abc' is not a valid integer; see 'reader listen --help'``."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        raise exc  # plain `reader`: click prints the help, which is what is wanted
    message = exc.format_message().strip().rstrip(".")
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[0].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else command_path
    _fail(f"{message}; see '{command} --help'", getattr(exc, "exit_code", ExitStatus.USAGE))


def _stdout_reader_gone() -> bool:
    """Whether our stdout is a pipe whose reading end was closed (the
    BrokenPipeError was about stdout, not a pipe to a helper program)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _fd, events in poller.poll(0))
    except (OSError, AttributeError, ValueError):
        return False  # no real file descriptor (e.g. CliRunner): it cannot be the one that broke


def _silence_closed_pipe() -> None:
    """After the reader of our stdout went away: make the final flush at exit
    go nowhere, so Python prints no "Exception ignored" message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass  # not a real file descriptor (e.g. CliRunner): nothing will flush to the pipe


def _fail(message: str, status: int) -> NoReturn:
    one_line = " ".join(clean(str(message)).split())  # a file name or a state file may carry escapes
    typer.echo(f"reader: error: {one_line}", err=True)
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


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"reader {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    pass

"""What ``reader listen`` prints, and in which output mode (``--output``).

Screen-reader users hear everything the tool prints as well as what it
speaks, so printing is a choice: see :data:`OutputMode`.
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import Final, Literal, TextIO

from reader.safetext import clean

OutputMode = Literal["speech", "text", "both"]
"""How ``reader listen`` talks to its listener (``--output``):

* ``speech``: self-voicing; everything is spoken (answers, help, errors) and
  nothing is printed but the go-to line being typed;
* ``text``: for a screen reader or braille display; one printed line per
  sentence, heading and message, and never a sound;
* ``both``: spoken and printed (the sighted default)."""

OUTPUT_MODES: Final = ("speech", "text", "both")


def output_mode(value: str) -> OutputMode | None:
    """``value`` as an :data:`OutputMode`, or ``None`` when it is not one."""
    for mode in ("speech", "text", "both"):
        if value == mode:
            return mode
    return None


class Console:
    """Where the session writes: whole lines, prompt echo, and errors.

    In ``speech`` mode no line is printed (the screen reader would speak
    it over the tool's own voice); errors and the go-to line still are.
    Lines are wrapped at word boundaries to ``width`` (the terminal's, when
    the output is one), never inside a word: 40 columns suit braille."""

    def __init__(
        self, out: TextIO | None = None, err: TextIO | None = None, mode: OutputMode = "both", width: int | None = None
    ) -> None:
        # a closed stdout or stderr (``reader listen >&-``) is None: keep reading aloud, print nowhere
        self.out = out if out is not None else (sys.stdout or open(os.devnull, "w"))  # noqa: SIM115
        self.err = err if err is not None else (sys.stderr or open(os.devnull, "w"))  # noqa: SIM115
        self.mode = mode
        self.width = width if width is not None else _terminal_width(self.out)

    def line(self, text: str, always: bool = False) -> None:
        """Print a whole line (``always``: an answer the listener asked for; still
        not printed in ``speech`` mode, where it is spoken)."""
        if self.mode != "speech":
            self._write(self.out, _wrap(clean(text), self.width) + "\n")

    def partial(self, text: str) -> None:
        """Text without a newline (the go-to prompt and what is typed into it)."""
        self._write(self.out, text)

    def error(self, text: str) -> None:
        self._write(self.err, _wrap(clean(text), self.width) + "\n")

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        try:
            stream.write(text)
            stream.flush()
        except (BrokenPipeError, ValueError):  # output closed: keep speaking
            pass


def _terminal_width(out: TextIO) -> int | None:
    """Columns of the terminal ``out`` writes to; ``None`` (no wrapping) for a pipe or file."""
    try:
        if not out.isatty():
            return None
        return os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None


def _wrap(text: str, width: int | None) -> str:
    """``text`` broken at spaces to lines of at most ``width`` columns; a word
    longer than the line stays whole (a screen reader or braille display
    must never get half a word)."""
    if not width or width < 10 or len(text) <= width:
        return text
    return "\n".join(
        textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False, replace_whitespace=False) or [""]
    )


__all__ = ["OUTPUT_MODES", "Console", "OutputMode", "output_mode"]

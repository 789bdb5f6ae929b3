"""Text from documents is hostile until cleaned: one sanitiser for everything shown or written.

An article can carry terminal escape sequences (ESC ``[2J`` clears the
screen, OSC 52 writes the clipboard, OSC 0 retitles the window), other C0/C1
control characters, and bidirectional overrides that make text display in
another order than it is read. None of that may reach a terminal or a text
sidecar (VTT, M3U8, feed). Two places use :func:`clean`: the source reader,
on every decoded document, and the CLI's output, on every line it prints
(so text from state files, bookmarks and error messages is covered too).

The rule: every character of Unicode category ``Cc`` (C0, DEL, C1) is
removed except newline and tab (and, in documents, carriage return and form
feed, which the loaders turn into line and page breaks); bidirectional
embedding, override and isolate controls are removed. Nothing else changes.
"""

from __future__ import annotations

import re
from typing import Final

_BIDI_CONTROLS: Final = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DOCUMENT_KEEP: Final = "\t\n\r\f"
_TERMINAL_KEEP: Final = "\t\n"


def _pattern(keep: str) -> re.Pattern[str]:
    controls = "".join(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in keep)
    return re.compile(f"[{re.escape(controls + _BIDI_CONTROLS)}]+")


_DOCUMENT: Final = _pattern(_DOCUMENT_KEEP)
_TERMINAL: Final = _pattern(_TERMINAL_KEEP)


def clean(text: str) -> str:
    """``text`` with no control characters but newline and tab, and no bidirectional controls."""
    return _TERMINAL.sub("", text)


def clean_document(text: str) -> str:
    """A decoded document without escape or control characters (line and page breaks kept)."""
    return _DOCUMENT.sub("", text)


__all__ = ["clean", "clean_document"]

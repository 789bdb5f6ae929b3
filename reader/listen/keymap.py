"""The listening keys: one table used by the session, ``?`` help, ``--help``
and the README, plus a decoder from raw terminal bytes to key names.

Key names are ``"space"``, ``"enter"``, ``"backspace"``, ``"escape"``,
``"tab"``, ``"up"``, ``"down"``, ``"left"``, ``"right"``, ``"home"``,
``"end"``, ``"delete"``, ``"pageup"``, ``"pagedown"``, ``"ctrl-<letter>"``
(``"ctrl-c"``) and any other printable character as itself (``"n"``, ``"é"``).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Final

from reader.listen.commands import Command


@dataclass(frozen=True)
class KeyBinding:
    """Keys that trigger one command, and how to describe them."""

    keys: tuple[str, ...]
    """Key names as produced by :class:`KeyDecoder`; the first is the main one."""
    command: Command
    label: str
    """How the keys are written for people: ``"n or Right arrow"``."""
    description: str
    """What the keys do, as a sentence fragment."""


_KEY_NAMES: Final = {
    "space": "Space",
    "right": "Right arrow",
    "left": "Left arrow",
    "up": "Up arrow",
    "down": "Down arrow",
    "enter": "Enter",
    "ctrl-c": "Ctrl-C",
    "pagedown": "Page Down",
    "pageup": "Page Up",
    "home": "Home",
    "end": "End",
}


def key_label(key: str) -> str:
    """How a key name is written for people: ``"right"`` → ``"Right arrow"``."""
    return _KEY_NAMES.get(key, key)


def _bind(keys: tuple[str, ...], command: Command, description: str) -> KeyBinding:
    return KeyBinding(keys, command, " or ".join(key_label(k) for k in keys), description)


KEY_BINDINGS: Final[tuple[KeyBinding, ...]] = (
    _bind(("space",), Command.TOGGLE_PAUSE, "pause or resume"),
    _bind(("n", "right"), Command.NEXT_SENTENCE, "next sentence"),
    _bind(
        ("p", "left"),
        Command.PREV_SENTENCE,
        "previous sentence (within the first 2 seconds go to the previous one; later restart the current one)",
    ),
    _bind(("r",), Command.REPEAT, "repeat the current sentence"),
    _bind(("}",), Command.NEXT_PARAGRAPH, "next paragraph"),
    _bind(("{",), Command.PREV_PARAGRAPH, "previous paragraph (restart the current one if already into it)"),
    _bind(("]", "down"), Command.NEXT_SECTION, "next section"),
    _bind(("[", "up"), Command.PREV_SECTION, "previous section (restart the current section if already into it)"),
    _bind(
        ("g",),
        Command.GOTO_SECTION,
        "go to a section (part of its name or its number) or a time (12:30, 12m): type it, then Enter",
    ),
    _bind(("home",), Command.START, "go to the start of the article"),
    _bind(("end",), Command.END, "go to the last sentence"),
    KeyBinding(tuple("0123456789"), Command.JUMP_PERCENT, "0 to 9", "jump to 0 %, 10 % … 90 % of the way through"),
    _bind(("/",), Command.SEARCH, "find words: type them, then Enter; Enter alone finds the next match"),
    _bind(("+", "="), Command.FASTER, "speak faster"),
    _bind(("-",), Command.SLOWER, "speak slower"),
    _bind(("w",), Command.WHERE, "where am I: section, sentence, percent through, time left and title"),
    _bind(("b",), Command.BOOKMARK, "set a bookmark here"),
    _bind(("'",), Command.NEXT_BOOKMARK, "go to the next bookmark (they are kept between sessions)"),
    _bind(("m",), Command.LIST_BOOKMARKS, "list the bookmarks: the number and place of each"),
    _bind(("x",), Command.DELETE_BOOKMARK, "delete the bookmark at this sentence"),
    _bind(
        ("f",),
        Command.FIX_PRONUNCIATION,
        "fix how a word is said: type the word, Enter, then how to say it, Enter; the sentence is said again",
    ),
    _bind((">", "pagedown"), Command.NEXT_ARTICLE, "next article, when several were given to reader listen"),
    _bind(("<", "pageup"), Command.PREV_ARTICLE, "previous article of those given"),
    _bind(("?",), Command.HELP, "list these keys"),
    _bind(("q", "ctrl-c"), Command.QUIT, "quit (the position is saved)"),
)
"""Every listening key. Change keys here only: the session, ``?`` help,
``reader listen --help`` and the README all come from this table."""

_BY_KEY: Final[dict[str, Command]] = {key: b.command for b in KEY_BINDINGS for key in b.keys}


def command_for(key: str) -> Command | None:
    """The command a key name triggers; letters work with Caps Lock too."""
    command = _BY_KEY.get(key)
    if command is None and len(key) == 1 and key.isupper():
        command = _BY_KEY.get(key.lower())
    return command


def key_text(key: str) -> str | None:
    """The text a key types into a prompt (``"space"`` → ``" "``), or ``None``
    for keys that type nothing (arrows, Enter, …)."""
    if key == "space":
        return " "
    if len(key) == 1 and key.isprintable():
        return key
    return None


def help_lines() -> list[str]:
    """The key help as plain lines (for ``?`` and ``--help``)."""
    width = max(len(b.label) for b in KEY_BINDINGS)
    return [f"{b.label.ljust(width)}  {b.description}" for b in KEY_BINDINGS]


def markdown_table() -> str:
    """The key table for the README (a test keeps the README in sync)."""
    rows = ["| Key | Action |", "| --- | --- |"]
    for b in KEY_BINDINGS:
        keys = " or ".join(f"`{k}`" if k not in _KEY_NAMES else key_label(k) for k in b.keys)
        if len(b.keys) > 3:  # a range such as the digits: its label ("0 to 9")
            keys = f"`{b.label}`"
        description = (b.description[0].upper() + b.description[1:]).replace("|", "\\|")
        rows.append(f"| {keys} | {description} |")
    return "\n".join(rows) + "\n"


# ------------------------------------------------------------------ decoding

ESC: Final = 0x1B
_CSI_FINAL: Final = {"A": "up", "B": "down", "C": "right", "D": "left", "H": "home", "F": "end"}
_CSI_TILDE: Final = {
    "1": "home",
    "2": "insert",
    "3": "delete",
    "4": "end",
    "5": "pageup",
    "6": "pagedown",
    "7": "home",
    "8": "end",
}
_CONTROL: Final = {
    0x09: "tab",
    0x0A: "enter",
    0x0D: "enter",
    0x08: "backspace",
    0x7F: "backspace",
    0x00: "ctrl-space",
}


class KeyDecoder:
    """Turns raw terminal bytes into key names, across reads.

    An escape sequence or a UTF-8 character split between two reads is held
    until the rest arrives. A lone Escape is ambiguous (it starts every arrow
    key), so it is held too: call :meth:`flush` when no more input came
    within a short time (say 50 ms) to get ``"escape"``.
    """

    def __init__(self) -> None:
        self._seq = bytearray()
        """An unfinished escape sequence (starts with ESC)."""
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")

    @property
    def pending(self) -> bool:
        """True when bytes are held waiting for the rest of a sequence."""
        return bool(self._seq) or bool(self._utf8.getstate()[0])

    def feed(self, data: bytes) -> list[str]:
        keys: list[str] = []
        for byte in data:
            if self._seq:
                self._seq.append(byte)
                keys.extend(self._escape_step())
            elif byte == ESC:
                keys.extend(self._drain_utf8())
                self._seq.append(byte)
            elif byte < 0x80:
                keys.extend(self._drain_utf8())
                keys.extend(self._ascii(byte))
            else:
                keys.extend(self._char(c) for c in self._utf8.decode(bytes([byte])))
        return [k for k in keys if k]

    def flush(self) -> list[str]:
        """Emit whatever is held: a lone ``"escape"``, broken UTF-8 as ``"�"``."""
        keys = self._drain_utf8()
        if self._seq:
            keys.append("escape")
            rest = bytes(self._seq[1:])
            self._seq.clear()
            keys.extend(self.feed(rest))
            keys.extend(self.flush())
        return keys

    def _drain_utf8(self) -> list[str]:
        if not self._utf8.getstate()[0]:
            return []
        text = self._utf8.decode(b"", final=True)
        self._utf8.reset()
        return [self._char(c) for c in text]

    @staticmethod
    def _char(char: str) -> str:
        return "space" if char == " " else char if char.isprintable() else ""

    @staticmethod
    def _ascii(byte: int) -> list[str]:
        if byte in _CONTROL:
            return [_CONTROL[byte]]
        if byte < 0x20:
            return [f"ctrl-{chr(byte + 0x60)}"]
        return ["space" if byte == 0x20 else chr(byte)]

    def _escape_step(self) -> list[str]:
        """Advance the held escape sequence; return keys when it is complete."""
        seq = self._seq
        if len(seq) == 2:
            if seq[1] in (ord("["), ord("O")):
                return []  # CSI or SS3: wait for more
            # ESC then something else: Escape followed by that key (or Alt+key).
            rest = bytes(seq[1:])
            seq.clear()
            if rest[0] == ESC:
                seq.append(ESC)
                return ["escape"]
            return ["escape", *self.feed(rest)]
        final = seq[-1]
        if seq[1] == ord("O"):  # SS3: exactly one byte after "O"
            seq.clear()
            return [_CSI_FINAL.get(chr(final), "")]
        if 0x40 <= final <= 0x7E:  # CSI final byte
            body = bytes(seq[2:-1]).decode("ascii", "replace")
            seq.clear()
            if chr(final) == "~":
                return [_CSI_TILDE.get(body.split(";")[0], "")]
            return [_CSI_FINAL.get(chr(final), "")]
        if not 0x20 <= final <= 0x3F or len(seq) > 32:
            # Not a valid CSI parameter/intermediate byte: give up on the sequence.
            rest = bytes(seq[2:])
            seq.clear()
            return self.feed(rest)
        return []


def decode_keys(data: bytes) -> list[str]:
    """Key names in one complete chunk of terminal input."""
    decoder = KeyDecoder()
    return decoder.feed(data) + decoder.flush()

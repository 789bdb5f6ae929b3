"""The key table and the terminal input decoder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.listen.keymap import (
    KEY_BINDINGS,
    KeyDecoder,
    command_for,
    decode_keys,
    help_lines,
    key_text,
    markdown_table,
)
from reader.listen.navigation import Command


@pytest.mark.parametrize(
    ("key", "command"),
    [
        ("space", Command.TOGGLE_PAUSE),
        ("n", Command.NEXT_SENTENCE),
        ("right", Command.NEXT_SENTENCE),
        ("p", Command.PREV_SENTENCE),
        ("left", Command.PREV_SENTENCE),
        ("r", Command.REPEAT),
        ("]", Command.NEXT_SECTION),
        ("down", Command.NEXT_SECTION),
        ("[", Command.PREV_SECTION),
        ("up", Command.PREV_SECTION),
        ("g", Command.GOTO_SECTION),
        ("+", Command.FASTER),
        ("=", Command.FASTER),
        ("-", Command.SLOWER),
        ("w", Command.WHERE),
        ("b", Command.BOOKMARK),
        ("?", Command.HELP),
        ("q", Command.QUIT),
        ("ctrl-c", Command.QUIT),
    ],
)
def test_documented_keys_map_to_commands(key, command):
    assert command_for(key) is command


def test_caps_lock_letters_work_and_unbound_keys_do_nothing():
    assert command_for("N") is Command.NEXT_SENTENCE
    assert command_for("Q") is Command.QUIT
    assert command_for("X") is Command.DELETE_BOOKMARK
    assert command_for("z") is None
    assert command_for("escape") is None


def test_no_key_is_bound_twice():
    keys = [k for b in KEY_BINDINGS for k in b.keys]
    assert len(keys) == len(set(keys))


def test_every_user_command_has_a_key():
    bound = {b.command for b in KEY_BINDINGS}
    assert bound == set(Command) - {Command.SENTENCE_FINISHED}


def test_help_lines_list_every_binding_in_order():
    lines = help_lines()
    assert len(lines) == len(KEY_BINDINGS)
    for line, binding in zip(lines, KEY_BINDINGS):
        assert line.startswith(binding.label) and line.endswith(binding.description)
    assert lines[1].startswith("n or Right arrow")


def test_markdown_table_has_a_row_per_binding():
    rows = markdown_table().strip().splitlines()
    assert rows[0] == "| Key | Action |"
    assert len(rows) == 2 + len(KEY_BINDINGS)
    assert "| `q` or Ctrl-C | Quit" in rows[-1]
    assert all(row.count("|") == 3 for row in rows)


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        (b"n", ["n"]),
        (b" ", ["space"]),
        (b"\r", ["enter"]),
        (b"\n", ["enter"]),
        (b"\x7f", ["backspace"]),
        (b"\x08", ["backspace"]),
        (b"\x03", ["ctrl-c"]),
        (b"\x04", ["ctrl-d"]),
        (b"\x1b[A\x1b[B\x1b[C\x1b[D", ["up", "down", "right", "left"]),
        (b"\x1bOA\x1bOB\x1bOC\x1bOD", ["up", "down", "right", "left"]),
        (b"\x1b[1;5C", ["right"]),
        (b"\x1b[3~\x1b[5~\x1b[H", ["delete", "pageup", "home"]),
        (b"\x1b", ["escape"]),
        (b"\x1bq", ["escape", "q"]),
        (b"\x1b\x1b[A", ["escape", "up"]),
        (b"\x1b[15~x", ["x"]),  # F5: unknown, dropped
        ("é€😀".encode(), ["é", "€", "😀"]),
        (b"ab]+", ["a", "b", "]", "+"]),
    ],
)
def test_decode_keys(data, keys):
    assert decode_keys(data) == keys


@pytest.mark.parametrize("split", range(1, 3))
def test_escape_sequence_split_across_reads(split):
    data = b"\x1b[C"
    decoder = KeyDecoder()
    assert decoder.feed(data[:split]) == []
    assert decoder.pending
    assert decoder.feed(data[split:]) == ["right"]
    assert not decoder.pending


def test_ss3_and_modifier_sequences_split_byte_by_byte():
    decoder = KeyDecoder()
    out = []
    for byte in b"\x1bOD\x1b[1;2A n":
        out += decoder.feed(bytes([byte]))
    assert out == ["left", "up", "space", "n"]


def test_utf8_character_split_across_reads():
    data = "ü😀".encode()
    decoder = KeyDecoder()
    out = []
    for byte in data:
        out += decoder.feed(bytes([byte]))
    assert out == ["ü", "😀"]


def test_lone_escape_is_held_until_flush():
    decoder = KeyDecoder()
    assert decoder.feed(b"\x1b") == []
    assert decoder.flush() == ["escape"]
    assert decoder.flush() == []


def test_broken_utf8_becomes_replacement_character_not_an_error():
    decoder = KeyDecoder()
    assert decoder.feed(b"\xc3") == []
    assert decoder.feed(b"n") == ["\ufffd", "n"]
    assert decode_keys(b"\xff") == ["\ufffd"]


def test_garbage_inside_escape_sequence_does_not_swallow_following_keys():
    assert decode_keys(b"\x1b[\x03n") == ["ctrl-c", "n"]


def test_key_text_for_prompts():
    assert key_text("space") == " "
    assert key_text("é") == "é"
    assert key_text("2") == "2"
    assert key_text("enter") is None
    assert key_text("right") is None


_pieces = st.sampled_from(
    [b"n", b" ", b"\r", b"\x03", b"\x1b[A", b"\x1bOD", b"\x1b[1;5C", b"\x1b[3~", "é".encode(), "😀".encode(), b"]"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, max_size=12), st.lists(st.integers(0, 60), max_size=6))
def test_splitting_input_anywhere_gives_the_same_keys(pieces, cuts):
    data = b"".join(pieces)
    decoder = KeyDecoder()
    keys: list[str] = []
    start = 0
    for cut in sorted(c for c in cuts if c <= len(data)) + [len(data)]:
        keys += decoder.feed(data[start:cut])
        start = cut
    keys += decoder.flush()
    assert keys == decode_keys(data)
    assert len(keys) == len(pieces)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_arbitrary_bytes_never_raise_and_always_end_unpending(data):
    decoder = KeyDecoder()
    keys = decoder.feed(data) + decoder.flush()
    assert all(isinstance(k, str) and k for k in keys)
    assert not decoder.pending

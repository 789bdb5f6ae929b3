"""``reader engines`` and ``reader voices`` through the real CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from reader.cli import app
from reader.paths import config_dir
from tests.conftest import has_program
from tests.fakes import FakeEngine, install_fake_engine

runner = CliRunner()
needs_espeak = pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng not installed")


@needs_espeak
def test_engines_lists_every_engine_with_its_availability():
    result = runner.invoke(app, ["engines"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    espeak = next(line for line in lines if line.startswith("espeak-ng "))
    assert espeak.startswith("espeak-ng  available")
    assert any(line.startswith("pyttsx3 ") for line in lines)
    assert sum("(the default)" in line for line in lines) == 1
    assert lines[-1].startswith("Default: ")
    assert result.stderr == ""


def test_engines_shows_the_install_hint_for_a_missing_engine(monkeypatch):
    install_fake_engine(monkeypatch, FakeEngine(is_available=False), make_default=False)
    result = runner.invoke(app, ["engines"])
    assert result.exit_code == 0
    fake = next(line for line in result.stdout.splitlines() if line.startswith("fake "))
    assert "not available" in fake
    assert "To install: only for tests" in fake


@needs_espeak
def test_voices_lists_espeak_voices_as_a_table_with_a_header():
    result = runner.invoke(app, ["voices", "--engine", "espeak-ng"])
    assert result.exit_code == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["id", "name", "language", "gender"]
    assert len(rows) > 50
    us = next(row for row in rows if row.startswith("en-us "))
    assert "English (America)" in us and us.rstrip().endswith("male")


@needs_espeak
def test_voices_language_filter_keeps_only_that_language():
    result = runner.invoke(app, ["voices", "--language", "en-gb"])
    assert result.exit_code == 0, result.stderr
    *table, note = result.stdout.splitlines()
    assert note.startswith("These are espeak-ng's voices")
    ids = [row.split()[0] for row in table[1:]]
    assert "en-gb" in ids and "en-gb-x-rp" in ids
    assert "en-us" not in ids


def test_voices_of_an_injected_engine(monkeypatch):
    install_fake_engine(monkeypatch)
    result = runner.invoke(app, ["voices", "-e", "fake", "-l", "fr"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].split() == ["fake-fr", "Fake", "French", "fr", "-"]


def test_voices_for_a_language_nobody_speaks_is_an_error(monkeypatch):
    install_fake_engine(monkeypatch)
    result = runner.invoke(app, ["voices", "-e", "fake", "--language", "xx"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("reader: error: fake has no voice for language 'xx'")


def test_unknown_engine_is_a_usage_error_listing_the_choices():
    result = runner.invoke(app, ["voices", "--engine", "festival"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "reader: error: unknown engine 'festival'; choose one of: auto, espeak-ng" in result.stderr


def test_presets_listing_shows_settings_and_descriptions():
    result = runner.invoke(app, ["voices", "--presets"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "narrator (default)" in text.splitlines()
    assert "rate 280 words a minute" in text
    assert 'headings announced as "Section {number}: {title}."' in text
    assert "Slower and clearer" in text


def test_presets_listing_marks_user_presets():
    folder = config_dir() / "presets"
    folder.mkdir(parents=True)
    (folder / "podcast.toml").write_text("rate = 150\n")
    result = runner.invoke(app, ["voices", "--presets"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("podcast (user)")
    assert "rate 150 words a minute" in lines[start + 2]


def test_broken_user_preset_is_reported_not_a_traceback():
    folder = config_dir() / "presets"
    folder.mkdir(parents=True)
    (folder / "podcast.toml").write_text("rate = [\n")
    result = runner.invoke(app, ["voices", "--presets"])
    assert result.exit_code == 1
    assert "reader: error: preset file" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_both_commands_have_help():
    for command in ("engines", "voices"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "List" in result.stdout

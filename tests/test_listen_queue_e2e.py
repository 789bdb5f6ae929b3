"""``reader listen A B`` (a reading queue), ``--sleep`` and fixing a pronunciation
with ``f``, end to end (issue 10):
the real CLI in a pseudo-terminal with real espeak-ng on a PulseAudio null sink."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.audio_env import has_pulseaudio
from tests.conftest import ROOT, has_program, spawn_listen

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not has_pulseaudio(), reason="pulseaudio is not installed"),
    pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng is not installed"),
]

FIRST = """# Harbour Walls

## Storms

Alpha one is here. Alpha two follows. Alpha three ends it.
"""

SECOND = """# Winter Gardens

## Frost

Beta one starts. Beta two continues. Beta three ends.
"""


@pytest.fixture
def articles(tmp_path) -> tuple[Path, Path]:
    first, second = tmp_path / "harbour.md", tmp_path / "gardens.md"
    first.write_text(FIRST, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    return first, second


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "listen", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_two_articles_are_read_one_after_another_each_announced_by_its_title(articles, listen_env):
    result = run([str(articles[0]), str(articles[1]), "--rate", "450", "--audio-device", "null"], listen_env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    order = [
        "Article 1 of 2: Harbour Walls.",
        "[1] Alpha three ends it.",
        "Article 2 of 2: Winter Gardens.",
        "[1] Beta one starts.",
        "[1] Beta three ends.",
    ]
    positions = [out.find(text) for text in order]
    assert -1 not in positions and positions == sorted(positions), out


def test_greater_than_goes_to_the_next_article_and_less_than_back_to_the_place_left(articles, listen_env):
    child = spawn_listen([str(articles[0]), str(articles[1]), "--output", "text", "--rate", "160"], listen_env)
    try:
        child.expect("Article 1 of 2: Harbour Walls")
        child.expect(r"\[1\] Alpha one is here\.")
        child.send("n")
        child.expect(r"\[1\] Alpha two follows\.")
        child.send(">")
        child.expect("Article 2 of 2: Winter Gardens")
        child.expect(r"\[1\] Beta one starts\.")
        child.send(">")
        child.expect("This is the last article")
        child.send("<")
        child.expect("Article 1 of 2: Harbour Walls\\. Resuming at section 1, sentence 2")
        child.expect(r"\[1\] Alpha two follows\.")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_an_unreadable_article_in_the_queue_is_skipped_with_a_message(articles, listen_env, tmp_path):
    missing = tmp_path / "gone.md"
    result = run(
        [str(articles[0]), str(missing), str(articles[1]), "--rate", "450", "--audio-device", "null"], listen_env
    )
    assert result.returncode == 0, result.stderr
    assert "Skipping article 2" in result.stdout and "gone.md" in result.stdout
    assert "Article 3 of 3: Winter Gardens." in result.stdout
    assert "[1] Beta three ends." in result.stdout


def test_a_queue_refuses_options_that_pick_a_place_in_one_article(articles, listen_env):
    result = run([str(articles[0]), str(articles[1]), "--section", "frost"], listen_env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "reader: error: --section picks a place in one article: give one SOURCE, or leave it out"
    )


def test_the_sleep_timer_stops_after_a_sentence_saves_the_place_and_exits(articles, listen_env):
    child = spawn_listen([str(articles[0]), "--output", "text", "--rate", "120", "--sleep", "1s"], listen_env)
    try:
        child.expect(r"\[1\] Alpha one is here\.")
        child.expect("Sleep timer: stopping here. Your place is saved.")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    printed = child.logfile_read.getvalue()
    assert "Alpha three ends it." not in printed  # it stopped early, after one sentence
    again = spawn_listen([str(articles[0]), "--output", "text", "--rate", "120"], listen_env)
    try:
        again.expect("Resuming at section 1, sentence 2")
        again.expect(r"\[1\] Alpha two follows\.")
        again.send("q")
        again.expect(pexpect.EOF)
    finally:
        again.close()


def test_f_fixes_a_word_for_listen_and_preview_alike(articles, listen_env, user_dirs):
    child = spawn_listen([str(articles[0]), "--output", "text", "--rate", "120"], listen_env)
    try:
        child.expect(r"\[1\] Alpha one is here\.")
        child.send("f")
        child.expect("Fix pronunciation")
        child.send("alpha\r")
        child.expect("Say alpha as")
        child.send("al fah\r")
        child.expect("Saved in .*pronunciations.toml: alpha is said as al fah")
        child.expect(r"\[1\] Alpha one is here\.")  # said again at once
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    rules = (user_dirs / "config" / "pronunciations.toml").read_text(encoding="utf-8")
    assert 'replace = "al fah"' in rules
    preview = subprocess.run(
        [sys.executable, "-m", "reader", "preview", str(articles[0])],
        capture_output=True,
        text=True,
        env=listen_env,
        cwd=ROOT,
        timeout=60,
    )
    assert preview.returncode == 0, preview.stderr
    assert "al fah one is here." in preview.stdout

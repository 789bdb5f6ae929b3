"""Escape sequences from an article never reach a real terminal (issue 9):
``reader listen`` in a pseudo-terminal with real espeak-ng and a null sink,
moving through every kind of line it prints (title, headings, sentences,
where-am-I, the go-to prompt and its "closest" error), then ``bookmarks``."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.audio_env import has_pulseaudio
from tests.conftest import ROOT, has_program
from tests.test_hostile_text import PAYLOAD

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not has_pulseaudio(), reason="pulseaudio is not installed"),
    pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng is not installed"),
]

PROSE = "The harbour board lists the day's tides, chalked by the harbour master each morning. " * 6
ARTICLE = f"""# Tide Tables {PAYLOAD}

## Springs {PAYLOAD}

Spring tides {PAYLOAD} are the largest. They follow the full moon.

{PROSE}

## Neaps {PAYLOAD}

Neap tides are the smallest {PAYLOAD}. They come at the quarter moons.

{PROSE}
"""

PAYLOAD_BYTES = re.compile(r"\x1b\]52|\x1b\]0;owned|\x1b\[2J|\x1b\[1A|\x9b|\u202e")
"""What the article's payload would put on the screen if it got through."""


def test_listen_and_bookmarks_put_no_escape_from_the_article_on_the_terminal(tmp_path: Path, pulse, user_dirs):
    article = tmp_path / "tides.md"
    article.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, **pulse.env, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "reader", "listen", str(article), "--rate", "400"]
    child = pexpect.spawn(command[0], command[1:], env=env, cwd=str(ROOT), encoding="utf-8", timeout=20)
    child.logfile_read = io.StringIO()
    try:
        child.expect(r"Spring tides")
        child.send("w")  # where am I: title, section, sentence
        child.send("b")  # a bookmark, listed below
        child.send("]")
        child.expect(r"Neap tides")
        child.send("g")
        child.expect("Go to section")
        child.send("zzqqxx\r")  # no such section: the error names the closest headings
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    shown = child.logfile_read.getvalue()
    assert "Springs" in shown and "Neaps" in shown
    assert not PAYLOAD_BYTES.search(shown), repr(shown)

    listing = subprocess.run(
        [sys.executable, "-m", "reader", "bookmarks", str(article)],
        env=env,
        cwd=str(ROOT),
        capture_output=True,
        text=True,
    )
    assert listing.returncode == 0, listing.stderr
    assert "Spring" in listing.stdout or "Tide" in listing.stdout
    assert not PAYLOAD_BYTES.search(listing.stdout + listing.stderr), repr(listing.stdout)

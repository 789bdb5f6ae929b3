"""``reader listen`` end to end: the real CLI in a pseudo-terminal, real
espeak-ng speech, played into a private PulseAudio null sink."""

from __future__ import annotations

import io
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.audio_env import dead_audio_env, has_pulseaudio
from tests.conftest import ROOT, has_program, spawn_listen

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not has_pulseaudio(), reason="pulseaudio is not installed"),
    pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng is not installed"),
]

ARTICLE = """\
# Listening Test

## Background

Alpha one is here. Alpha two follows. Alpha three ends it.

## Method

Beta one starts. Beta two continues. Beta three ends.

## Safety and Side Effects

Gamma one warns. Gamma two explains. Gamma three closes.
"""

SENTENCE = re.compile(r"^\[([\d.]+)\] (.+?)\s*$", re.M)


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "listening-test.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def reader_command() -> list[str]:
    return [sys.executable, "-m", "reader", "listen"]


def sentences(text: str) -> list[str]:
    return [f"[{m.group(1)}] {m.group(2)}" for m in SENTENCE.finditer(text.replace("\r", ""))]


def line(text: str) -> str:
    return re.escape(text) + r"\r?\n"


def test_keys_move_pause_and_quit_then_the_next_run_resumes(article, listen_env):
    child = spawn_listen([str(article), "--rate", "220"], listen_env)
    try:
        child.expect(line("[1] Alpha one is here."))
        child.send("n")
        child.expect(line("[1] Alpha two follows."))
        child.send("p")  # within 2 s of its start: the previous sentence
        child.expect(line("[1] Alpha one is here."))
        child.send("r")
        child.expect(line("[1] Alpha one is here."))
        child.send("]")
        child.expect(line("== 2 Method =="))
        child.expect(line("[2] Beta one starts."))
        child.send("[")  # at the very start of a section: the previous section
        child.expect(line("[1] Alpha one is here."))
        child.send("g")
        child.expect("Go to section")
        child.send("safety\r")
        child.expect(line("[3] Gamma one warns."))
        child.send(" ")
        child.expect(line("Paused"))
        with pytest.raises(pexpect.TIMEOUT):  # nothing new is read while paused
            child.expect(r"\[\d", timeout=1.5)
        child.send(" ")
        child.expect(line("[3] Gamma two explains."))
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    transcript = child.logfile_read.getvalue()
    assert child.exitstatus == 0, transcript
    assert sentences(transcript) == [
        "[1] Alpha one is here.",
        "[1] Alpha two follows.",
        "[1] Alpha one is here.",
        "[1] Alpha one is here.",
        "[2] Beta one starts.",
        "[1] Alpha one is here.",
        "[3] Gamma one warns.",
        "[3] Gamma two explains.",
    ]

    # Second run in a shell that reports its status and the terminal mode afterwards.
    command = " ".join(shlex.quote(a) for a in reader_command() + [str(article), "--rate", "220"])
    again = pexpect.spawn(
        "/bin/sh",
        ["-c", f"trap : INT; {command}; echo exit=$?; stty -a"],
        env=listen_env,
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=20,
    )
    try:
        again.expect("Resuming at section 3, sentence 2")
        again.expect(SENTENCE)
        first = again.match.group(0).strip()
        again.sendintr()  # Ctrl-C quits too, and saves
        again.expect(r"exit=(\d+)")
        status = int(again.match.group(1))
        again.expect(pexpect.EOF)
        modes = again.before
    finally:
        again.close()
    assert first == "[3] Gamma two explains."
    assert status == 0
    assert re.search(r"(?<!-)icanon", modes) and re.search(r"(?<!-)echo\b", modes)  # cbreak undone


def test_ctrl_z_gives_the_shell_its_terminal_and_fg_brings_the_keys_back(article, listen_env):
    shell = pexpect.spawn(
        "/bin/bash",
        ["--norc", "--noprofile", "-i"],
        env={**listen_env, "PS1": "$ "},
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=20,
    )
    shell.logfile_read = io.StringIO()
    try:
        shell.expect_exact("$ ")
        command = " ".join(shlex.quote(a) for a in reader_command() + [str(article), "--rate", "220"])
        shell.sendline(command)
        shell.expect(line("[1] Alpha one is here."))
        shell.sendcontrol("z")
        shell.expect("Stopped")
        shell.expect_exact("$ ")
        shell.sendline("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | sort | tr '\\n' ' '; echo")
        shell.expect(r"echo icanon \r?\n")  # the shell's line editing works while reader is stopped
        shell.sendline("fg")
        time.sleep(0.5)
        shell.send("n")  # a single key, no Enter: cbreak mode is back
        shell.expect(line("[1] Alpha two follows."), timeout=5)
        shell.send("q")
        shell.expect_exact("$ ")
        shell.sendline("exit")
        shell.expect(pexpect.EOF)
    finally:
        shell.close(force=True)


def test_without_a_terminal_it_reads_through_and_exits_0(article, listen_env):
    result = subprocess.run(
        reader_command() + [str(article), "--preset", "fast-skim", "--rate", "400"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=listen_env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sentences(result.stdout) == [
        "[1] Alpha one is here.",
        "[1] Alpha two follows.",
        "[1] Alpha three ends it.",
        "[2] Beta one starts.",
        "[2] Beta two continues.",
        "[2] Beta three ends.",
        "[3] Gamma one warns.",
        "[3] Gamma two explains.",
        "[3] Gamma three closes.",
    ]
    assert result.stdout.rstrip().endswith("End of article")


def test_with_no_audio_output_it_fails_with_one_clear_line(article, listen_env, tmp_path):
    dead = {**listen_env, **dead_audio_env(tmp_path)}
    result = subprocess.run(
        reader_command() + [str(article)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=dead,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: error: no audio output device found")
    assert "'reader export'" in lines[0]


def test_an_unknown_audio_device_is_named_with_the_choices(article, listen_env):
    result = subprocess.run(
        reader_command() + [str(article), "--audio-device", "nonexistent"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=listen_env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "reader: error: audio device 'nonexistent' not found; available devices: 'Null Output' "
        "(or use --audio-device null to read silently)"
    )


def test_help_lists_the_keys(listen_env):
    result = subprocess.run(
        reader_command() + ["--help"], capture_output=True, text=True, env=listen_env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0
    assert "Keys while listening:" in result.stdout
    assert re.search(r"n or Right arrow\s+next sentence", result.stdout)
    assert re.search(r"q or Ctrl-C\s+quit", result.stdout)


def test_after_a_one_word_edit_the_next_run_resumes_at_the_same_sentence_and_says_the_article_changed(
    article, listen_env
):
    child = spawn_listen([str(article), "--rate", "220"], listen_env)
    try:
        child.expect(line("[1] Alpha one is here."))
        child.send("]")
        child.expect(line("[2] Beta one starts."))
        child.send("n")
        child.expect(line("[2] Beta two continues."))
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    # One word changed in the sentence the listener stopped at, one in another section.
    article.write_text(
        ARTICLE.replace("Beta two continues.", "Beta two goes on.").replace("Gamma one warns.", "Gamma one cautions."),
        encoding="utf-8",
    )
    again = spawn_listen([str(article), "--rate", "220"], listen_env)
    try:
        again.expect("The article changed since you stopped; this is the closest sentence to your place.")
        again.expect("Resuming at section 2, sentence 2")
        again.expect(line("[2] Beta two goes on."))
        again.send("q")
        again.expect(pexpect.EOF)
    finally:
        again.close()
    assert again.exitstatus == 0, again.logfile_read.getvalue()

"""``reader listen --output`` end to end (issue 10): the real CLI in a
pseudo-terminal with real espeak-ng, and the PulseAudio null sink's monitor
recorded to prove what is heard: silence in text mode, speech in speech mode."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tests.audio_env import SINK_NAME, has_pulseaudio
from tests.conftest import ROOT, has_program

pexpect = pytest.importorskip("pexpect")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not has_pulseaudio(), reason="pulseaudio is not installed"),
    pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng is not installed"),
]

ARTICLE = """# Modes Test

## Background

Alpha one is here. Alpha two follows. Alpha three ends it.

## Method

Beta one starts. Beta two continues. Beta three ends.
"""

RATE = 16000


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "modes.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


class Recording:
    """What the null sink plays, from its monitor, while the block runs."""

    def __init__(self, env: dict[str, str], path: Path) -> None:
        self.path = path
        self.process = subprocess.Popen(
            ["parec", f"--device={SINK_NAME}.monitor", "--format=s16le", f"--rate={RATE}", "--channels=1"],
            env=env,
            stdout=path.open("wb"),
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.3)  # the stream is connected

    def so_far(self) -> np.ndarray:
        data = self.path.read_bytes()
        return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.int32)

    def wait_for_speech(self, seconds: float, deadline: float = 20.0) -> None:
        """Until ``seconds`` of speech have played (or ``deadline`` passed: a slow start is not silence)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end and loud_seconds(self.so_far()) <= seconds:
            time.sleep(0.2)

    def stop(self) -> np.ndarray:
        time.sleep(0.3)
        self.process.terminate()
        self.process.wait(timeout=5)
        return self.so_far()


def loud_seconds(samples: np.ndarray) -> float:
    """Seconds of 20 ms frames with speech-like level."""
    frame = RATE // 50
    count = samples.size // frame
    if count == 0:
        return 0.0
    rms = np.sqrt(np.mean(np.square(samples[: count * frame].reshape(count, frame).astype(np.float64)), axis=1))
    return float(np.sum(rms > 300)) / 50


def listen(article: Path, env: dict[str, str], *args: str):
    command = [sys.executable, "-m", "reader", "listen", str(article), "--rate", "300", *args]
    child = pexpect.spawn(
        command[0], command[1:], env=env, cwd=str(ROOT), encoding="utf-8", timeout=20, dimensions=(40, 120)
    )
    child.logfile_read = io.StringIO()
    return child


@pytest.fixture
def env(pulse, user_dirs) -> dict[str, str]:
    out = {**os.environ, **pulse.env, "PYTHONUNBUFFERED": "1"}
    out.pop("READER_DEBUG", None)
    return out


def test_text_mode_prints_each_line_and_makes_no_sound(article, env, tmp_path):
    recording = Recording({**os.environ, **env}, tmp_path / "text.raw")
    child = listen(article, env, "--output", "text")
    try:
        child.expect(r"\[1\] Alpha one is here\.")
        child.send("w")
        child.expect("Section 1 of 2")
        child.send("]")
        child.expect(r"\[2\] Beta one starts\.")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    samples = recording.stop()
    assert samples.size > RATE  # the monitor was recorded for more than a second
    assert loud_seconds(samples) == 0.0, "text mode made a sound"


def test_speech_mode_speaks_and_prints_no_sentence_or_answer(article, env, tmp_path):
    recording = Recording({**os.environ, **env}, tmp_path / "speech.raw")
    child = listen(article, env, "--output", "speech")
    try:
        recording.wait_for_speech(1.0)  # a few sentences' worth, however slowly the reader started
        child.send("w")
        time.sleep(1.5)
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    samples = recording.stop()
    shown = child.logfile_read.getvalue()
    assert "Alpha" not in shown and "Section 1 of 2" not in shown, shown
    assert loud_seconds(samples) > 1.0, "speech mode was silent"


def test_the_chosen_mode_is_remembered(article, env):
    first = listen(article, env, "--output", "text")
    try:
        first.expect(r"\[1\] Alpha one is here\.")
        first.send("q")
        first.expect(pexpect.EOF)
    finally:
        first.close()
    settings = Path(os.environ["READER_CONFIG_DIR"]) / "listen.toml"
    assert 'output = "text"' in settings.read_text()
    again = listen(article, env)  # no --output: text again, so the sentence is printed without a sound
    try:
        again.expect(r"Alpha one is here\.")
        again.send("q")
        again.expect(pexpect.EOF)
    finally:
        again.close()


def test_800_words_a_minute_is_accepted_and_spoken_faster_than_450(article, env):
    from reader.speech.engines.base import SpeechSettings
    from reader.speech.engines.espeak import EspeakEngine

    command = [sys.executable, "-m", "reader", "listen", str(article), "--rate", "800", "--audio-device", "null"]
    result = subprocess.run(command, env=env, cwd=str(ROOT), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Beta three ends." in result.stdout
    engine = EspeakEngine()
    text = "Power listeners take in long articles at seven or eight hundred words a minute."
    fast, faster = (engine.synthesize(text, SpeechSettings(rate=r)).duration for r in (450, 800))
    assert faster < 0.75 * fast  # not clamped at 450


@pytest.mark.parametrize(
    ("given", "message"), [("soon", "invalid value for '--sleep'"), ("0m", "invalid value for '--sleep'")]
)
def test_a_bad_sleep_duration_is_a_usage_error(article, given, message):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "listen", str(article), "--sleep", given],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and message in result.stderr


def test_an_article_on_stdin_still_takes_keys_from_the_terminal(article, env):
    command = f"cat '{article}' | {sys.executable} -m reader listen - --output text --rate 300"
    child = pexpect.spawn("/bin/sh", ["-c", command], env=env, cwd=str(ROOT), encoding="utf-8", timeout=20)
    child.logfile_read = io.StringIO()
    try:
        child.expect(r"\[1\] Alpha one is here\.")
        child.send("]")
        child.expect(r"\[2\] Beta one starts\.")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "Alpha three ends it." not in child.logfile_read.getvalue()  # the key moved on: not read straight through

"""The audio outputs: generations, stop/pause/resume, messages, real devices."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from reader.listen.player import BufferFeeder, MiniaudioOutput, NullOutput, open_output, resample
from reader.speech.engines.base import Audio
from reader.errors import ReaderError
from tests.audio_env import dead_audio_env, has_pulseaudio, start_pulse
from tests.conftest import ROOT

RATE = 22050


def tone(seconds: float, value: int = 1000, rate: int = RATE) -> Audio:
    return Audio(value.to_bytes(2, "little", signed=True) * round(seconds * rate), rate)


class Recorder:
    """Collects finished/first-frame reports with the time they arrived."""

    def __init__(self) -> None:
        self.finished: list[tuple[int, float]] = []
        self.first: list[tuple[int, float]] = []
        self.done = threading.Event()

    def on_finished(self, generation: int) -> None:
        self.finished.append((generation, time.monotonic()))
        self.done.set()

    def on_first_frame(self, generation: int, at: float) -> None:
        self.first.append((generation, at))


def attach(output) -> Recorder:
    recorder = Recorder()
    output.on_finished = recorder.on_finished
    output.on_first_frame = recorder.on_first_frame
    return recorder


def test_feeder_hands_out_the_buffer_then_silence_and_reports_the_finish_once():
    feeder = BufferFeeder(RATE)
    finished: list[int] = []
    feeder.on_finished = finished.append
    generation = feeder.play(b"\x01\x00" * 5)
    assert feeder.pull(3) == b"\x01\x00" * 3
    assert feeder.pull(3) == b"\x01\x00" * 2 + b"\x00\x00"
    assert feeder.pull(3) == b"\x00" * 6
    assert finished == [generation]


def test_feeder_stop_drops_the_buffer_and_its_finish():
    feeder = BufferFeeder(RATE)
    finished: list[int] = []
    feeder.on_finished = finished.append
    feeder.play(b"\x01\x00" * 10)
    feeder.pull(2)
    feeder.stop()
    assert feeder.pull(10) == b"\x00" * 20
    assert finished == [] and not feeder.is_playing


def test_a_finish_from_a_skipped_buffer_carries_an_old_generation():
    feeder = BufferFeeder(RATE)
    first = feeder.play(b"\x01\x00" * 4)
    second = feeder.play(b"\x02\x00" * 4)
    assert second != first
    assert feeder.generation == second


def test_paused_feeder_plays_silence_and_resumes_where_it_was():
    feeder = BufferFeeder(RATE)
    feeder.play(b"\x01\x00\x02\x00\x03\x00\x04\x00")
    assert feeder.pull(1) == b"\x01\x00"
    feeder.set_paused(True)
    assert feeder.pull(2) == b"\x00" * 4
    feeder.set_paused(False)
    assert feeder.pull(3) == b"\x02\x00\x03\x00\x04\x00"


def test_a_message_plays_over_a_paused_buffer_which_then_waits():
    feeder = BufferFeeder(RATE)
    feeder.play(b"\x01\x00" * 4)
    feeder.set_paused(True)
    feeder.play_message(b"\x09\x00" * 2)
    assert feeder.pull(3) == b"\x09\x00" * 2 + b"\x00\x00"
    assert feeder.message_done.is_set()
    assert feeder.pull(2) == b"\x00" * 4  # still paused
    feeder.set_paused(False)
    assert feeder.pull(2) == b"\x01\x00" * 2


def test_resample_keeps_the_duration():
    audio = tone(0.5, rate=16000)
    out = resample(audio, 22050)
    assert abs(len(out) // 2 - 11025) <= 1
    assert set(out[100:110]) <= {0xE8, 0x03}  # 1000 = 0x03E8 stays 1000


def test_null_output_takes_as_long_as_the_audio():
    with NullOutput() as output:
        recorder = attach(output)
        start = time.monotonic()
        generation = output.play(tone(0.3))
        assert recorder.done.wait(2)
        elapsed = recorder.finished[0][1] - start
        assert recorder.finished[0][0] == generation
        # never faster than real time; the upper bound only says "not stuck" (timing is the benchmark's job)
        assert 0.25 <= elapsed <= 1.5, elapsed
        assert recorder.first[0][1] - start < 0.25  # handed over before the audio could have played


def test_null_output_pause_holds_the_finish_back():
    with NullOutput() as output:
        recorder = attach(output)
        output.play(tone(0.2))
        time.sleep(0.05)
        output.pause()
        time.sleep(0.4)
        assert recorder.finished == []
        output.resume()
        assert recorder.done.wait(1)


def test_stop_reports_no_finish():
    with NullOutput(speed=10) as output:
        recorder = attach(output)
        output.play(tone(0.5))
        time.sleep(0.01)
        output.stop()
        time.sleep(0.2)
        assert recorder.finished == [] and not output.is_playing


def test_null_device_name_opens_the_silent_output():
    output = open_output("null")
    try:
        assert isinstance(output, NullOutput)
    finally:
        output.close()


NO_DEVICE_SCRIPT = """
import sys
from reader.listen.player import MiniaudioOutput
from reader.errors import ReaderError
try:
    MiniaudioOutput()
except ReaderError as exc:
    print(exc)
    sys.exit(3)
"""


def test_no_audio_output_is_one_clear_error_without_library_noise(tmp_path):
    env = {**os.environ, **dead_audio_env(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", NO_DEVICE_SCRIPT], env=env, capture_output=True, text=True, cwd=ROOT, timeout=30
    )
    assert result.returncode == 3
    assert "no audio output device found" in result.stdout
    assert "reader export" in result.stdout
    assert result.stderr == ""  # libasound's "cannot find card" lines are silenced


pulse_only = pytest.mark.skipif(not has_pulseaudio(), reason="pulseaudio is not installed")


@pytest.fixture(scope="module")
def pulse():
    server = start_pulse()
    saved = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    yield server
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    server.stop()


@pulse_only
def test_miniaudio_plays_into_the_null_sink_in_real_time(pulse):
    with MiniaudioOutput() as output:
        assert output.backend == "PulseAudio"
        recorder = attach(output)
        start = time.monotonic()
        generation = output.play(tone(0.5))
        assert recorder.done.wait(5)
        assert recorder.finished[0][0] == generation
        assert recorder.finished[0][1] - start >= 0.4


@pulse_only
def test_miniaudio_skip_starts_the_new_buffer_within_a_chunk(pulse):
    with MiniaudioOutput() as output:
        recorder = attach(output)
        output.play(tone(2.0))
        time.sleep(0.3)
        pressed = time.monotonic()
        second = output.play(tone(0.2, value=2000))
        deadline = time.monotonic() + 2
        while not any(g == second for g, _ in recorder.first) and time.monotonic() < deadline:
            time.sleep(0.005)
        at = next(t for g, t in recorder.first if g == second)
        # the old buffer still had 1.7 s to play: the new one started long before (latency: benchmarks/nav_latency.py)
        assert at - pressed < 0.5


@pulse_only
def test_a_named_device_is_found_and_an_unknown_one_is_listed(pulse):
    with MiniaudioOutput("null output") as output:
        assert output.name == "Null Output"
    with pytest.raises(ReaderError, match="'nonexistent' not found; available devices: 'Null Output'"):
        MiniaudioOutput("nonexistent")

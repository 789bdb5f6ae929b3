"""Audio building blocks: loudness meter, limiter, true peak, MP3 frames,
file names and sidecar text."""

from __future__ import annotations

import json
import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from reader.audio.limiter import limit, moving_average, sliding_min
from reader.audio.loudness import LoudnessMeter
from reader.audio.pcm import to_pcm16, true_peak
from reader.export.naming import numbered_name, slugify
from reader.export.sidecars import Cue, chapters_json, m3u8, PlaylistEntry, webvtt
from reader.export.tags import Chapter
from tests.conftest import ffmpeg_loudness, has_program

RATE = 22050


def sine(freq: float, amplitude: float, seconds: float, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(to_pcm16(samples))


def test_full_scale_1khz_sine_measures_minus_3_lufs_less_its_level():
    meter = LoudnessMeter(RATE)
    meter.add(sine(1000, 0.1, 5.0), 0)  # −20 dBFS peak
    assert meter.integrated() == pytest.approx(-23.0, abs=0.15)


def test_silence_has_no_loudness():
    meter = LoudnessMeter(RATE)
    meter.add(np.zeros(RATE, np.float32), 0)
    assert meter.integrated() == float("-inf")


@pytest.mark.skipif(not has_program("ffmpeg"), reason="needs ffmpeg")
def test_meter_agrees_with_ffmpeg_on_bursty_noise(tmp_path):
    rng = np.random.default_rng(7)
    pieces, meter, position = [], LoudnessMeter(RATE), 0
    for level in (0.05, 0.2, 0.1, 0.3, 0.02):
        burst = (rng.standard_normal(int(0.9 * RATE)) * level).astype(np.float32)
        meter.add(burst, position)  # utterances at uneven offsets, silence between
        pieces += [burst, np.zeros(3001, np.float32)]
        position += burst.size + 3001
    write_wav(tmp_path / "noise.wav", np.concatenate(pieces))
    expected = float(ffmpeg_loudness(tmp_path / "noise.wav")["input_i"])
    assert meter.integrated() == pytest.approx(expected, abs=0.3)


def test_limiter_keeps_every_sample_under_the_ceiling():
    rng = np.random.default_rng(1)
    loud = (rng.standard_normal(50_000) * 0.4).astype(np.float32)
    out = limit(loud, 0.5, RATE)
    assert np.abs(out).max() <= 0.5 + 1e-6
    assert np.abs(out).max() > 0.45  # it limits, it does not just turn everything down


def test_limiter_leaves_quiet_audio_alone():
    quiet = sine(440, 0.3, 0.5)
    assert limit(quiet, 0.5, RATE) is quiet


def test_running_minimum_and_average_match_brute_force():
    values = np.random.default_rng(3).random(500).astype(np.float32)
    assert np.allclose(sliding_min(values, 9), [values[max(0, i - 4) : i + 5].min() for i in range(500)])
    padded = np.pad(values, 3, mode="edge")
    assert np.allclose(moving_average(values, 7), [padded[i : i + 7].mean() for i in range(500)], atol=1e-5)


def test_true_peak_finds_peaks_between_samples():
    # A sine at a quarter of the sample rate, sampled 45° off its peaks:
    # every sample is at 0.707 of the true peak.
    t = np.arange(400)
    x = (0.5 * np.sin(np.pi / 2 * t + np.pi / 4)).astype(np.float32)
    assert np.abs(x).max() == pytest.approx(0.354, abs=0.01)
    assert true_peak(x, RATE) == pytest.approx(0.5, abs=0.02)


@pytest.mark.skipif(not has_program("ffprobe"), reason="needs ffmpeg")
def test_mp3_frame_count_matches_ffprobe(tmp_path):
    from reader.audio.mp3frames import count_frames

    write_wav(tmp_path / "a.wav", sine(300, 0.3, 2.3))
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(tmp_path / "a.wav"),
            "-ar",
            "44100",
            "-b:a",
            "64k",
            str(tmp_path / "a.mp3"),
        ],
        check=True,
    )
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_packets",
            "-select_streams",
            "a",
            "-show_entries",
            "stream=nb_read_packets",
            "-of",
            "csv=p=0",
            str(tmp_path / "a.mp3"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert count_frames(tmp_path / "a.mp3") == (int(probe.strip()), 1152)


@pytest.mark.parametrize("heading", ["../../etc/passwd", "CON", "x" * 300, "a/b\\c:d*e?f|g", "...", "\x00\x1f"])
def test_hostile_headings_make_plain_file_names(heading):
    name = numbered_name(3, 12, heading, "mp3", fallback="section-3")
    assert re.fullmatch(r"03-[\w-]{1,60}\.mp3", name), name
    assert ".." not in name and "/" not in name and "\\" not in name


def test_slug_keeps_letters_of_any_script():
    assert slugify("Schlaf & Gedächtnis", "x") == "schlaf-gedächtnis"
    assert slugify("", "fallback") == "fallback"


def test_webvtt_has_header_and_one_escaped_cue_per_line():
    text = webvtt([Cue(0.0, 1.25, "Intro"), Cue(61.5, 62.0, "a --> b & <c>")])
    assert text.startswith("WEBVTT\n\n")
    assert "00:00:00.000 --> 00:00:01.250" in text
    assert "00:01:01.500 --> 00:01:02.000\na --&gt; b &amp; &lt;c&gt;" in text


def test_chapters_json_follows_podcasting_2_0():
    data = json.loads(chapters_json([Chapter("One", 0.0, 2.5), Chapter("Two", 2.5, 4.0)], "T"))
    assert data["version"] == "1.2.0"
    assert [(c["startTime"], c["title"]) for c in data["chapters"]] == [(0.0, "One"), (2.5, "Two")]


def test_playlist_lists_files_with_durations():
    text = m3u8([PlaylistEntry("01-a.mp3", "A", 3.4), PlaylistEntry("02-b.mp3", "B", 7.6)], "Album", "Me")
    assert text.splitlines() == [
        "#EXTM3U",
        "#PLAYLIST:Album",
        "#EXTINF:3,Me - A",
        "01-a.mp3",
        "#EXTINF:8,Me - B",
        "02-b.mp3",
    ]


def test_limiter_touches_only_the_neighbourhood_of_a_peak():
    x = sine(200, 0.2, 1.0)
    x[5000] = 0.95  # a click
    out = limit(x, 0.5, RATE)
    assert abs(out[5000]) <= 0.5 + 1e-6
    assert np.array_equal(out[:4000], x[:4000]) and np.array_equal(out[6000:], x[6000:])


@pytest.mark.parametrize("input_rate", [22050, 16000, 44100])
def test_run_timeline_ends_every_section_on_a_frame_after_enough_silence(input_rate):
    from reader.audio.splitting import GRIDS, RunTimeline

    grid = GRIDS["mp3"]
    timeline = RunTimeline(input_rate, 44100, grid)
    inputs = outputs = 0
    for written, silent in [(12_345, 0), (50_000, 26_000), (1, 0), (7_777, 7_000)]:
        padding, span = timeline.close_section(written, silent)
        inputs += written + padding
        outputs += span
        assert outputs % grid.unit == 0 and timeline.outputs == outputs
        assert inputs == timeline.inputs == round(outputs * input_rate / 44100)
        sound_end = (inputs - padding - silent) * 44100 / input_rate  # where the last sound ends (output samples)
        assert outputs - sound_end >= grid.tail - 1  # the cut, LAME's delay early, stays in silence
        assert span < (written + padding) * 44100 / input_rate + 1  # never longer than what was written


@pytest.mark.skipif(not has_program("ffmpeg"), reason="needs ffmpeg")
@pytest.mark.parametrize("fmt_name", ["mp3", "wav"])
@pytest.mark.parametrize("collect_every", [1 << 22, 3000])
def test_sections_cut_from_one_encoder_decode_as_their_stretch_of_the_whole(
    tmp_path, monkeypatch, fmt_name, collect_every
):
    """Three tone bursts with pauses go through one encoder; each piece
    decodes alone to exactly the samples the joined stream has there, and
    the pieces add up to the whole (also when the output is cut while a
    section is still being written)."""
    from reader.audio import splitting
    from reader.audio.formats import FORMATS
    from reader.audio.splitting import GRIDS, SplitEncoder

    monkeypatch.setattr(splitting, "COLLECT_EVERY", collect_every)

    fmt = FORMATS[fmt_name]

    class Piece:
        def __init__(self):
            self.data, self.samples = bytearray(), None

        def write(self, data):
            self.data += data

        def finish(self, samples):
            self.samples = samples

        def abort(self):
            raise AssertionError("not aborted")

    pieces = [Piece() for _ in range(3)]
    splitter = SplitEncoder(tmp_path / f"stream.{fmt_name}", fmt, RATE, keep_tail=True)
    for number, piece in enumerate(pieces):
        pause = np.zeros(RATE // 2, np.float32)
        splitter.begin_section(piece)
        pcm = to_pcm16(np.concatenate([sine(300 + 200 * number, 0.3, 0.7 + 0.3 * number), pause]))
        for start in range(0, len(pcm), 4000):
            splitter.write(pcm[start : start + 4000])
        splitter.end_section(pause.size)
    splitter.close()
    assert all(p.samples for p in pieces)

    def decode(data: bytes) -> np.ndarray:
        path = tmp_path / f"piece.{fmt_name}"
        if fmt_name == "wav":
            with wave.open(str(path), "wb") as w:
                w.setnchannels(1), w.setsampwidth(2), w.setframerate(44100)
                w.writeframes(data)
        else:
            path.write_bytes(data)
        raw = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True
        )
        return np.frombuffer(raw.stdout, "<i2")

    whole = decode(b"".join(bytes(p.data) for p in pieces))
    position = 0
    for number, piece in enumerate(pieces):
        alone = decode(bytes(piece.data))
        assert alone.size == piece.samples
        assert np.array_equal(alone, whole[position : position + alone.size])
        if number:  # each section's tone starts where it was put: LAME's delay after its first frame
            onset = np.flatnonzero(np.abs(alone) > 300)[0]
            assert onset == pytest.approx(GRIDS[fmt_name].delay, abs=2)
        position += alone.size
    assert position == whole.size

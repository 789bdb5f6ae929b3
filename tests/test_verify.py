"""``reader export --verify`` (issue 15): the written episode is heard by an
offline recogniser; a deliberately truncated sentence is caught, normal
output passes, and voices the recogniser cannot follow are refused up front."""

from __future__ import annotations

import importlib.util

import pytest
from typer.testing import CliRunner

from reader.cli import app
from tests.conftest import has_program

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pocketsphinx") is None, reason="the verify extra is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("hibari") is None, reason="the natural extra is not installed"),
    pytest.mark.skipif(not has_program("ffmpeg"), reason="needs ffmpeg"),
]

ARTICLE = """# Harbour News

## The Wall

The harbour wall has stood for two hundred years. It gave way this winter after three storms.

## The Repairs

The masons rebuilt it stone by stone over the spring. The town paid for the work together.
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    source = folder / "news.md"
    source.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["export", str(source), "-o", str(folder / "out"), "--preset", "natural", "--engine", "hibari", "--verify"]
    )
    return folder, result


def test_normal_output_is_heard_and_passes(exported):
    _folder, result = exported
    assert result.exit_code == 0, result.output
    assert "verified by ear: 7 of 7 sentences heard" in result.stdout


def test_a_truncated_sentence_is_caught(exported):
    from reader.export.verify import RATE, check_cues, decode_pcm
    from reader.export.sidecars import Cue

    folder, _result = exported
    pcm = bytearray(decode_pcm(folder / "out" / "episode.mp3"))
    cues = _cues(folder / "out" / "transcript.vtt", Cue)
    target = next(c for c in cues if c.text.startswith("The masons rebuilt it"))
    cut = int((target.start + 0.4 * (target.end - target.start)) * RATE) * 2
    pcm[cut : int(target.end * RATE) * 2] = bytes(int(target.end * RATE) * 2 - cut)  # silence after 40 %
    checks = {c.text: c for c in check_cues(bytes(pcm), cues, {})}
    assert checks[target.text].flagged
    assert not checks["The harbour wall has stood for two hundred years."].flagged


def _cues(path, cue_type):
    from tests.test_export import parse_vtt

    return [cue_type(start, end, text) for start, end, text in parse_vtt(path.read_text())]


def test_verify_refuses_a_voice_the_recogniser_cannot_follow(tmp_path):
    source = tmp_path / "news.md"
    source.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["export", str(source), "-o", str(tmp_path / "out"), "--engine", "espeak-ng", "--verify"]
    )
    assert result.exit_code == 2 and "judges natural voices" in result.output


@pytest.mark.parametrize("engine_name", ["hibari", "piper"])
def test_each_natural_engine_is_heard_saying_the_words(engine_name):
    """The recogniser check per engine, with a generous threshold: most words of a plain sentence are heard."""
    import numpy as np

    from reader.audio.pcm import resample_linear
    from reader.speech.engines import get_engine
    from reader.speech.engines.base import SpeechSettings
    from reader.errors import ReaderError
    from reader.export.verify import RATE, heard_share

    try:
        engine = get_engine(engine_name)
    except ReaderError:
        pytest.skip(f"{engine_name} is not installed")
    text = "The harbour wall has stood for two hundred years and the town is proud of it."
    audio = engine.synthesize(text, SpeechSettings())
    samples = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float32)
    pcm = resample_linear(samples, audio.sample_rate, RATE).astype("<i2").tobytes()
    heard, tail = heard_share(pcm, text)
    assert heard >= 0.7 and tail >= 0.5, (heard, tail)

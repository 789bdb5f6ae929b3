"""The default voice: ``auto`` picks the most intelligible installed engine
that suits the rate and the article's language (hibari), espeak-ng above
hibari's ceiling, for other languages and as the fallback; the model loads
in the background; ``+`` past the ceiling hands over to espeak-ng.

Real engines throughout (hibari's packaged heart voice, espeak-ng).
"""

from __future__ import annotations

import importlib.util
import time

import pytest
from typer.testing import CliRunner

from reader.cli import app
from reader.speech.engines import get_engine
from reader.speech.engines.base import SpeechSettings
from reader.listen.navigation import Command, Navigator
from reader.speech.speaker import resolve_speaker, warm_up_in_background
from reader.speech.utterances import Synthesizer
from tests.conftest import has_program

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("hibari") is None, reason="the natural extra is not installed"),
    pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng not installed"),
]

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_engine_override(monkeypatch):
    monkeypatch.delenv("READER_ENGINE", raising=False)


def test_auto_is_hibari_for_english_at_ordinary_rates():
    assert get_engine("auto").name == "hibari"
    assert get_engine("auto", rate=300, language="en-GB").name == "hibari"


def test_auto_is_espeak_ng_above_hibaris_ceiling_and_for_other_languages():
    assert get_engine("auto", rate=500).name == "espeak-ng"
    assert get_engine("auto", language="de").name == "espeak-ng"


def test_a_preference_list_skips_an_engine_that_cannot_speak_the_rate():
    assert get_engine("hibari, espeak-ng", rate=600).name == "espeak-ng"
    assert get_engine("hibari", rate=600).name == "hibari"  # asked for by name: clamped, not replaced


def test_reader_engine_environment_variable_replaces_auto(monkeypatch):
    monkeypatch.setenv("READER_ENGINE", "espeak-ng")
    assert get_engine("auto").name == "espeak-ng"
    assert resolve_speaker().engine.name == "espeak-ng"


def test_the_default_speaker_hands_fast_rates_to_espeak_ng():
    speaker = resolve_speaker()
    assert speaker.engine.name == "hibari"
    assert speaker.fast_engine is not None and speaker.fast_engine.name == "espeak-ng"
    assert speaker.max_rate == 900
    assert resolve_speaker(engine="hibari").fast_engine is None  # chosen by name: no hand-over
    assert resolve_speaker(engine="hibari").max_rate == 340


def test_a_listener_who_starts_fast_gets_espeak_ng_and_can_slow_down_into_hibari():
    exporting = resolve_speaker(rate=500)
    assert exporting.engine.name == "espeak-ng" and exporting.fast_engine is None
    listening = resolve_speaker(rate=500, rate_may_change=True)
    assert listening.engine.name == "hibari"
    assert listening.fast_engine is not None and listening.fast_engine.name == "espeak-ng"
    assert listening.preset.rate == 500


def test_headings_chime_with_hibari_which_cannot_say_them_higher_but_not_with_espeak_ng():
    assert resolve_speaker().heading_chime
    assert not resolve_speaker(engine="espeak-ng").heading_chime


def test_a_german_article_or_an_espeak_voice_gets_espeak_ng():
    assert resolve_speaker(language="de").engine.name == "espeak-ng"
    assert resolve_speaker(voice="en-gb-x-rp").engine.name == "espeak-ng"


def test_a_rate_over_the_ceiling_is_spoken_by_the_fast_engine_in_its_own_voice():
    speaker = resolve_speaker()
    synthesizer = Synthesizer(speaker.engine, fast_engine=speaker.fast_engine)
    text = "The quick brown fox jumps over the lazy dog."
    natural = synthesizer.synthesize_text(text, SpeechSettings(voice="heart", rate=300))
    fast = synthesizer.synthesize_text(text, SpeechSettings(voice="heart", rate=600))
    assert natural.sample_rate == 24_000  # hibari
    assert fast.sample_rate == 22_050  # espeak-ng, its default voice: "heart" is not one of its voices
    assert 0 < fast.duration < natural.duration


def test_faster_stops_at_the_engines_ceiling_and_says_so():
    from reader.document.model import Block, RawDocument
    from reader.document.structure import build_article

    article = build_article(RawDocument(title="T", blocks=(Block("paragraph", "One sentence. Another one."),)))
    navigator = Navigator(article, rate=320, max_rate=340)
    navigator.start(0.0)
    assert navigator.handle(Command.FASTER, 1.0).rate_changed == 340
    action = navigator.handle(Command.FASTER, 2.0)
    assert action.rate_changed is None and action.say == "Fastest rate, 340 words per minute"


def test_the_model_loads_in_the_background_and_the_first_sentence_reuses_it():
    from reader.speech.engines import hibari

    hibari._MODELS.clear()
    hibari._LOADED.clear()
    hibari._SPELLING.clear()
    thread = warm_up_in_background()
    thread.join(30)
    assert "heart" in hibari._MODELS
    engine = get_engine("auto")
    started = time.monotonic()
    audio = engine.synthesize("Hello there.", SpeechSettings())
    assert audio.duration > 0.3
    # No model load on this call: loading takes about half a second, a short sentence tens of milliseconds.
    assert time.monotonic() - started < 5


def test_engines_and_voices_say_which_engine_is_the_default_and_why():
    engines = runner.invoke(app, ["engines"])
    assert engines.exit_code == 0, engines.stderr
    hibari_line = next(line for line in engines.stdout.splitlines() if line.startswith("hibari "))
    assert "(the default)" in hibari_line
    why = engines.stdout.splitlines()[-1]
    assert why.startswith("Default: hibari, the most intelligible engine installed")
    assert "espeak-ng speaks above 340 words a minute" in why
    voices = runner.invoke(app, ["voices"])
    assert voices.exit_code == 0, voices.stderr
    assert voices.stdout.splitlines()[1].startswith("heart ")
    assert "These are hibari's voices. Default: hibari" in voices.stdout


def test_a_command_that_ends_while_the_model_loads_exits_cleanly():
    """The load runs in onnxruntime's C++; an interpreter torn down under it used to abort (SIGABRT)."""
    import subprocess
    import sys

    code = (
        "import sys, time\n"
        "from reader.speech.speaker import warm_up_in_background\n"
        "warm_up_in_background()\n"
        "time.sleep(float(sys.argv[1]))\n"
        "sys.exit(3)\n"
    )
    for delay in [step / 10 for step in range(10)]:  # before, during and after the load
        result = subprocess.run([sys.executable, "-c", code, str(delay)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 3, (delay, result.stderr[-500:])
        assert result.stderr == ""

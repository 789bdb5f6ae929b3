"""Built-in presets, user overrides, and resolving a speaker (preset + engine + voice)."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.paths import config_dir
from reader.speech.presets import DEFAULT_PRESET, load_preset, preset_names
from reader.resources import voices_dir
from reader.speech.speaker import resolve_speaker
from tests.conftest import has_program
from tests.fakes import FakeEngine, install_fake_engine

MINE = ("narrator", "podcast", "slow-clear", "fast-skim")


def user_preset(name: str, text: str) -> None:
    folder = config_dir() / "presets"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


# -- built-in presets ----------------------------------------------------------


@pytest.mark.parametrize("name", MINE)
def test_builtin_preset_loads_from_its_own_file_with_a_description(name):
    assert (voices_dir() / f"{name}.toml").is_file()
    preset = load_preset(name)
    assert preset.name == name
    assert len(preset.description) > 20
    assert preset.engine == "auto"
    # The heading template must format with the documented fields only.
    spoken = preset.heading_template.format(number="2.1", title="Why We Dream", level=2)
    assert "Why We Dream" in spoken


def test_narrator_is_the_default_at_175_words_a_minute():
    assert DEFAULT_PRESET == "narrator"
    preset = load_preset(None)
    assert preset.name == "narrator"
    assert preset.rate == 175
    assert preset.heading_template == "{title}."


def test_slow_clear_is_slower_with_longer_pauses_than_narrator():
    narrator, slow = load_preset("narrator"), load_preset("slow-clear")
    assert slow.rate <= 140
    assert slow.sentence_pause > narrator.sentence_pause
    assert slow.paragraph_pause > narrator.paragraph_pause


def test_fast_skim_is_fast_with_short_pauses_and_still_announces_headings():
    narrator, fast = load_preset("narrator"), load_preset("fast-skim")
    assert fast.rate >= 250
    assert fast.sentence_pause < narrator.sentence_pause
    assert fast.section_pause < narrator.section_pause
    assert fast.announce_headings


def test_podcast_numbers_its_sections_and_pauses_longer_between_them():
    podcast = load_preset("podcast")
    assert podcast.heading_template.format(number=3, title="Dreams", level=1) == "Section 3: Dreams."
    assert podcast.section_pause > load_preset("narrator").section_pause


# -- user presets ----------------------------------------------------------------


def test_user_preset_overrides_only_the_keys_it_sets():
    builtin = load_preset("podcast")
    user_preset("podcast", "rate = 150\n")
    merged = load_preset("podcast")
    assert merged.rate == 150
    assert merged.heading_template == builtin.heading_template
    assert merged.section_pause == builtin.section_pause
    assert merged.description == builtin.description


def test_user_preset_with_a_new_name_is_added():
    user_preset("bedtime", 'description = "Quiet"\nrate = 120\nvolume = 0.5\n')
    assert "bedtime" in preset_names()
    assert load_preset("bedtime").volume == 0.5


def test_unknown_preset_lists_the_choices():
    with pytest.raises(ReaderError) as excinfo:
        load_preset("podcats")
    assert "unknown preset 'podcats'" in str(excinfo.value)
    for name in MINE:
        assert name in str(excinfo.value)


def test_bad_toml_is_a_clear_error_naming_the_file():
    user_preset("podcast", "rate = = 150\n")
    with pytest.raises(ReaderError, match=r"podcast\.toml is not valid TOML"):
        load_preset("podcast")


def test_unknown_key_in_a_preset_lists_the_known_keys():
    user_preset("podcast", "speed = 150\n")
    with pytest.raises(ReaderError, match="unknown keys: speed; known keys: .*rate"):
        load_preset("podcast")


def test_out_of_range_rate_in_a_preset_is_an_error():
    user_preset("podcast", "rate = 2000\n")
    with pytest.raises(ReaderError, match="out of range"):
        load_preset("podcast")


def test_heading_sound_must_be_auto_on_or_off():
    user_preset("podcast", 'heading_sound = "loud"\n')
    with pytest.raises(ReaderError, match="heading_sound should be one of auto, on, off, not 'loud'"):
        load_preset("podcast")


def test_a_heading_chime_is_added_only_to_headings_and_only_when_asked(monkeypatch):
    import numpy as np

    from reader.speech.utterances import EARCON_NOTES, Synthesizer, Utterance, earcon

    fake = install_fake_engine(monkeypatch)
    settings = load_preset().speech_settings()
    heading = Utterance("heading", 0, "Methods", "Methods.", settings, 0.5)
    sentence = Utterance("sentence", 0, "One line.", "One line.", settings, 0.3)
    plain, chiming = Synthesizer(fake), Synthesizer(fake, heading_chime=True)
    assert chiming.synthesize(sentence) == plain.synthesize(sentence)
    with_chime, without = chiming.synthesize(heading), plain.synthesize(heading)
    chime = earcon(without.sample_rate)
    assert with_chime.pcm == chime + without.pcm
    first_note = np.frombuffer(chime, dtype="<i2")[: round(EARCON_NOTES[0][1] * without.sample_rate)]
    spectrum = np.abs(np.fft.rfft(first_note))
    peak = np.fft.rfftfreq(len(first_note), 1 / without.sample_rate)[int(np.argmax(spectrum))]
    assert abs(peak - EARCON_NOTES[0][0]) < 30  # a tone, at the first note's pitch
    assert 0.05 < np.abs(first_note).max() / 32767 < 0.3  # audible, under speech level


# -- resolve_speaker ---------------------------------------------------------


def test_speaker_applies_rate_and_voice_overrides(monkeypatch):
    fake = install_fake_engine(monkeypatch)
    speaker = resolve_speaker("slow-clear", voice="fake-gb", rate=200, engine="fake")
    assert speaker.engine is fake
    assert speaker.preset.rate == 200
    assert speaker.preset.voice == "fake-gb"
    assert speaker.preset.sentence_pause == load_preset("slow-clear").sentence_pause


def test_voice_given_by_name_or_language_is_normalised_to_its_id(monkeypatch):
    install_fake_engine(monkeypatch)
    assert resolve_speaker(voice="fake british", engine="fake").preset.voice == "fake-gb"
    assert resolve_speaker(voice="en-us", engine="fake").preset.voice == "fake-us"


def test_unknown_voice_lists_voices_and_the_command_to_see_them(monkeypatch):
    install_fake_engine(monkeypatch)
    with pytest.raises(ReaderError) as excinfo:
        resolve_speaker(voice="robot", engine="fake")
    message = str(excinfo.value)
    assert message.startswith("unknown voice 'robot' for fake; try one of: ")
    assert "fake-us" in message and "fake-gb" in message
    assert "reader voices --engine fake" in message


def test_heading_voice_in_a_preset_is_checked_too(monkeypatch):
    install_fake_engine(monkeypatch)
    user_preset("duet", 'engine = "fake"\nvoice = "fake-us"\nheading_voice = "Fake British"\n')
    assert resolve_speaker("duet").preset.heading_voice == "fake-gb"
    user_preset("duet", 'engine = "fake"\nheading_voice = "nobody"\n')
    with pytest.raises(ReaderError, match="unknown voice 'nobody'"):
        resolve_speaker("duet")


def test_preset_voice_is_dropped_when_its_preferred_engine_is_missing(monkeypatch):
    install_fake_engine(monkeypatch, FakeEngine(is_available=False), make_default=False)
    other = install_fake_engine(monkeypatch, make_default=False, name="other")
    user_preset("fallback", 'engine = "fake, other"\nvoice = "nonexistent-on-other"\n')
    speaker = resolve_speaker("fallback")
    assert speaker.engine is other
    assert speaker.preset.voice is None
    # Asked for explicitly, a voice the engine lacks is still an error.
    with pytest.raises(ReaderError, match="unknown voice"):
        resolve_speaker("fallback", voice="nonexistent-on-other")


def test_unknown_engine_lists_the_engines(monkeypatch):
    with pytest.raises(ReaderError, match="unknown engine 'espeak'; choose one of: auto, espeak-ng"):
        resolve_speaker(engine="espeak")


def test_rate_override_out_of_range_is_an_error():
    with pytest.raises(ReaderError, match="--rate: rate 20 is out of range"):
        resolve_speaker(rate=20)


@pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng not installed")
def test_default_speaker_is_the_narrator_and_an_espeak_voice_name_picks_espeak_ng():
    speaker = resolve_speaker()
    assert speaker.preset.name == "narrator"
    assert speaker.engine.name in ("hibari", "espeak-ng")  # hibari when the natural extra is installed
    by_name = resolve_speaker(voice="English (America)")
    assert by_name.engine.name == "espeak-ng"
    assert by_name.preset.voice == "en-us"


def test_headings_are_said_higher_than_the_text_by_default_and_a_preset_can_set_it(tmp_path, monkeypatch):
    from reader.speech.presets import HEADING_PITCH_RISE, Preset

    assert Preset(name="p", pitch=50).heading_settings().pitch == 50 + HEADING_PITCH_RISE
    assert Preset(name="p", pitch=95).heading_settings().pitch == 100
    assert Preset(name="p", heading_pitch=40).heading_settings().pitch == 40


@pytest.mark.skipif(not has_program("espeak-ng"), reason="needs espeak-ng")
def test_espeak_ng_says_a_heading_at_a_higher_pitch():
    import numpy as np

    from reader.speech.engines import get_engine
    from reader.speech.presets import Preset

    def median_f0(audio) -> float:
        x = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float64)
        frame, rate, f0s = 1024, audio.sample_rate, []
        for start in range(0, x.size - frame, frame):
            chunk = x[start : start + frame] - x[start : start + frame].mean()
            if np.sqrt(np.mean(chunk**2)) < 500:
                continue  # silence or a consonant
            corr = np.correlate(chunk, chunk, "full")[frame - 1 :]
            low, high = rate // 400, rate // 70
            f0s.append(rate / (low + int(np.argmax(corr[low:high]))))
        return float(np.median(f0s))

    engine = get_engine("espeak-ng")
    preset = Preset(name="p")
    text = "Why we sleep and what the brain does at night."
    body, heading = (engine.synthesize(text, s) for s in (preset.speech_settings(), preset.heading_settings()))
    assert median_f0(heading) > 1.05 * median_f0(body)

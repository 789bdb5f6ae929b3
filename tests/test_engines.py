"""The espeak-ng and pyttsx3 engines, synthesizing for real.

Skipped only when espeak-ng is missing (pyttsx3's Linux driver needs its
library too). Audio is decoded and measured, never just checked to exist.
"""

from __future__ import annotations

import math
import struct
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from reader.speech.engines import get_engine, libespeak
from reader.speech.engines import pyttsx3_engine as p3
from reader.speech.engines.base import Audio, SpeechSettings
from reader.speech.engines.espeak import EspeakEngine, parse_voice_listing, voices_from_listing
from reader.speech.engines.wavdata import parse_wav_bytes, trim_silence
from reader.errors import ReaderError
from tests.conftest import has_program

needs_espeak = pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng not installed")

SHORT = "Sleep helps memory."
LONG = "Sleep helps the brain keep what it learned during the day, and dreams may replay it at night."


def rms(audio: Audio) -> float:
    samples = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float64)
    return math.sqrt(float(np.mean(samples**2))) if samples.size else 0.0


def edge_silence(audio: Audio, threshold: int = 200) -> tuple[float, float]:
    samples = np.abs(np.frombuffer(audio.pcm, dtype="<i2").astype(np.int32))
    loud = np.flatnonzero(samples > threshold)
    return loud[0] / audio.sample_rate, (samples.size - loud[-1]) / audio.sample_rate


def wav_bytes(pcm: bytes, rate: int, riff_size: int | None = None, data_size: int | None = None) -> bytes:
    riff = riff_size if riff_size is not None else 36 + len(pcm)
    data = data_size if data_size is not None else len(pcm)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    return (
        b"RIFF"
        + struct.pack("<I", riff)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", 16)
        + fmt
        + b"data"
        + struct.pack("<I", data)
        + pcm
    )


# -- WAV parsing and trimming (pure) ------------------------------------------


def test_streamed_wav_header_with_placeholder_sizes_is_read_to_the_end():
    pcm = struct.pack("<4h", 1, -2, 3, -4)
    audio = parse_wav_bytes(wav_bytes(pcm, 22050, riff_size=0xFFFFFFFF, data_size=0xFFFFFFFF))
    assert audio == Audio(pcm, 22050)
    zero = parse_wav_bytes(wav_bytes(pcm, 16000, riff_size=0, data_size=0x7FFFF000))
    assert zero == Audio(pcm, 16000)


def test_wav_with_a_list_chunk_before_data_is_read():
    pcm = struct.pack("<2h", 100, -100)
    plain = wav_bytes(pcm, 8000)
    with_list = plain[:36] + b"LIST" + struct.pack("<I", 3) + b"abc\x00" + plain[36:]
    assert parse_wav_bytes(with_list) == Audio(pcm, 8000)


def test_non_wav_output_is_a_reader_error():
    with pytest.raises(ReaderError, match="did not produce WAV"):
        parse_wav_bytes(b"Error: something went wrong\n", source="espeak-ng")


def test_trim_keeps_a_short_margin_around_speech():
    rate = 1000
    speech = struct.pack("<5h", 5000, -5000, 5000, -5000, 5000)
    audio = Audio(b"\x00\x00" * 500 + speech + b"\x00\x00" * 800, rate)
    trimmed = trim_silence(audio, keep_leading=0.02, keep_trailing=0.05)
    assert trimmed.frames == 20 + 5 + 50
    assert trim_silence(Audio(b"\x00\x00" * 100, rate)).frames == 0


# -- espeak-ng voice listing (pure) --------------------------------------------

LISTING = """\
Pty Language       Age/Gender VoiceName          File                 Other Languages
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  en-us           --/F      us-mbrola-1        mb/mb-us1            (en 8)
 5  variant         --/M      Storm              !v/Storm             (en-us 5)
 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)
 5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping (zh-yue 5)(zh 8)
"""


def test_voice_listing_drops_variants_and_uninstalled_mbrola_voices(monkeypatch):
    monkeypatch.setattr("reader.speech.engines.espeak.MBROLA_DIRS", (Path("/nonexistent"),))
    voices = voices_from_listing(parse_voice_listing(LISTING))
    assert [v.id for v in voices] == ["en-gb", "en-us", "sit/yue", "sit/yue-Latn-jyutping"]
    assert voices[1].name == "English (America)"
    assert voices[1].gender == "male"


# -- espeak-ng, real ---------------------------------------------------------


@pytest.fixture(params=["library", "program"])
def espeak(request, monkeypatch):
    """The engine through libespeak-ng in-process, and through the program."""
    if not has_program("espeak-ng"):
        pytest.skip("espeak-ng not installed")
    if request.param == "program":
        monkeypatch.setenv("READER_ESPEAK_CLI", "1")
    engine = EspeakEngine()
    assert (engine.library() is not None) == (request.param == "library")
    return engine


def test_espeak_speaks_a_sentence_into_nonsilent_22khz_audio(espeak):
    audio = espeak.synthesize(LONG, SpeechSettings())
    assert audio.sample_rate == 22050
    # 18 words at 175 wpm: roughly 6 s; allow the engine its own timing.
    assert 3.5 < audio.duration < 9.0
    assert rms(audio) > 500


def test_espeak_duration_grows_with_text_and_shrinks_with_rate(espeak):
    engine = espeak
    short = engine.synthesize(SHORT, SpeechSettings())
    long = engine.synthesize(LONG, SpeechSettings())
    fast = engine.synthesize(LONG, SpeechSettings(rate=350))
    assert long.duration > 2 * short.duration
    assert fast.duration < 0.7 * long.duration


def test_espeak_volume_lowers_the_level(espeak):
    engine = espeak
    assert rms(engine.synthesize(SHORT, SpeechSettings(volume=0.3))) < 0.5 * rms(
        engine.synthesize(SHORT, SpeechSettings())
    )


def test_espeak_trims_its_own_end_of_sentence_pause(espeak):
    lead, trail = edge_silence(espeak.synthesize(SHORT, SpeechSettings(rate=80)))
    # Untrimmed, espeak-ng adds ~0.9 s of silence at 80 wpm; presets add pauses.
    assert lead < 0.08
    assert trail < 0.12


def test_espeak_reads_text_starting_with_a_dash_and_very_long_text(espeak):
    engine = espeak
    dash = engine.synthesize("-v en-gb --help is not an option here", SpeechSettings())
    assert dash.duration > 1.0
    long = engine.synthesize(" ".join([LONG] * 40), SpeechSettings(rate=450))
    assert long.duration > 30


@needs_espeak
def test_espeak_voices_include_english_with_names_and_languages():
    engine = EspeakEngine()
    voices = {v.id: v for v in engine.voices()}
    assert {"en-us", "en-gb"} <= set(voices)
    assert voices["en-us"].language == "en-us"
    assert "America" in voices["en-us"].name
    english = engine.voices("en")
    assert english and all(v.language.startswith("en") for v in english)
    assert len(english) < len(voices)


def test_espeak_voice_changes_the_sound(espeak):
    engine = espeak
    us = engine.synthesize(SHORT, SpeechSettings(voice="en-us"))
    gb = engine.synthesize(SHORT, SpeechSettings(voice="en-gb"))
    assert us.pcm != gb.pcm


def test_espeak_unknown_voice_is_an_error_naming_the_fix(espeak):
    with pytest.raises(ReaderError, match="reader voices --engine espeak-ng"):
        espeak.synthesize(SHORT, SpeechSettings(voice="xx-nonexistent"))


def test_espeak_identity_names_the_version(espeak):
    assert espeak.identity().startswith("espeak-ng 1.")


def test_missing_espeak_is_reported_with_the_install_command(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReaderError, match="apt-get install espeak-ng"):
        get_engine("espeak-ng")


@needs_espeak
def test_auto_picks_espeak_ng_when_no_natural_engine_is_installed(monkeypatch):
    from reader.speech.engines.hibari import HibariEngine

    monkeypatch.setattr(HibariEngine, "available", lambda self: False)
    assert get_engine("auto").name == "espeak-ng"


# -- espeak-ng in-process (libespeak-ng) ----------------------------------------


@needs_espeak
def test_library_and_program_speak_alike_but_are_cached_apart(monkeypatch):
    library = EspeakEngine(use_library=True)
    program = EspeakEngine(use_library=False)
    for settings in (SpeechSettings(), SpeechSettings(voice="en-gb", rate=300, pitch=20, volume=0.5)):
        ours, theirs = library.synthesize(LONG, settings), program.synthesize(LONG, settings)
        assert ours.sample_rate == theirs.sample_rate == 22050
        assert abs(ours.duration - theirs.duration) < 0.03 * theirs.duration
        assert abs(rms(ours) - rms(theirs)) < 0.1 * rms(theirs)
    assert library.identity().endswith("+lib")
    assert library.identity() != program.identity()
    monkeypatch.setenv("READER_ESPEAK_CLI", "1")
    assert EspeakEngine().identity() == program.identity()


INTERRUPTED_SYNTHESIS = textwrap.dedent(
    """
    import os, signal, threading
    from reader.speech.engines import libespeak
    speech = libespeak.load()
    text = "A sentence long enough to keep the library busy for a while, with many words in it. " * 20
    threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT)).start()
    try:
        for _ in range(20):
            speech.synthesize(text, "en-us", 175, 50, 100)
    except KeyboardInterrupt:
        print("interrupted")
    """
)


@needs_espeak
def test_ctrl_c_during_in_process_synthesis_on_the_main_thread_interrupts_it():
    # Signal handlers run on the main thread; raised inside the library's
    # ctypes callback, the KeyboardInterrupt would be printed and ignored.
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_SYNTHESIS],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.stdout == "interrupted\n"
    assert done.stderr == ""


@needs_espeak
def test_without_the_library_the_program_speaks(monkeypatch):
    def missing():
        raise libespeak.LibEspeakError("libespeak-ng.so.1: cannot open shared object file")

    monkeypatch.setattr(libespeak, "load", missing)
    engine = EspeakEngine()
    audio = engine.synthesize(SHORT, SpeechSettings())
    assert rms(audio) > 500 and 0.7 < audio.duration < 3.5
    assert "cannot open" in engine.library_failure
    assert not engine.identity().endswith("+lib")
    assert engine.thread_safe  # one process per call


def test_library_that_cannot_be_found_is_a_library_error(monkeypatch):
    monkeypatch.setattr(libespeak, "_loaded", None)
    monkeypatch.setattr(libespeak, "_failure", None)
    monkeypatch.setattr(libespeak, "LIBRARY_NAMES", ("libespeak-ng-nonexistent.so.9",))
    with pytest.raises(libespeak.LibEspeakError, match="nonexistent"):
        libespeak.load()
    with pytest.raises(libespeak.LibEspeakError):  # remembered, not retried
        libespeak.load()


@needs_espeak
def test_library_reads_markup_and_brackets_as_text():
    engine = EspeakEngine(use_library=True)
    plain = engine.synthesize("Hello there.", SpeechSettings())
    # With the SSML or phoneme flags these would be silent tags/phonemes.
    tagged = engine.synthesize("<speak>Hello there.</speak>", SpeechSettings())
    phonemes = engine.synthesize("[[h@'loU]] Hello there.", SpeechSettings())
    assert tagged.duration > plain.duration + 0.8
    assert phonemes.duration > plain.duration + 0.5


def spectrum(audio: Audio) -> np.ndarray:
    """Average magnitude spectrum, normalised: a voice's timbre in one vector."""
    samples = np.frombuffer(audio.pcm, dtype="<i2").astype(np.float64)
    frames = samples[: samples.size // 512 * 512].reshape(-1, 512)
    spectrum = np.abs(np.fft.rfft(frames, axis=1)).mean(axis=0)
    return spectrum / spectrum.sum()


@needs_espeak
def test_library_unknown_voice_leaves_the_engine_speaking_the_voice_asked_for():
    engine = EspeakEngine(use_library=True)
    text = "The laboratory schedule says aluminium, tomato, and garage."
    gb = spectrum(engine.synthesize(text, SpeechSettings(voice="en-gb")))
    us = spectrum(engine.synthesize(text, SpeechSettings(voice="en-us")))
    with pytest.raises(ReaderError, match="no usable voice 'xx-nonexistent'"):
        engine.synthesize(SHORT, SpeechSettings(voice="xx-nonexistent"))
    for voice, own, other in (("en-us", us, gb), ("en-gb", gb, us), (None, gb, us)):  # None: espeak's "en"
        again = spectrum(engine.synthesize(text, SpeechSettings(voice=voice)))
        assert np.abs(again - own).sum() < 0.5 * np.abs(again - other).sum(), voice


@needs_espeak
def test_missing_mbrola_voice_is_an_error_and_nothing_reaches_stderr(capfd, monkeypatch):
    monkeypatch.setattr("reader.speech.engines.espeak.MBROLA_DIRS", (Path("/nonexistent"),))
    with pytest.raises(ReaderError, match="reader voices --engine espeak-ng"):
        EspeakEngine(use_library=True).synthesize(SHORT, SpeechSettings(voice="mb-us1"))
    out, err = capfd.readouterr()
    assert out + err == ""


@needs_espeak
def test_library_synthesis_from_two_threads_keeps_each_calls_settings():
    # The interactive reader's prefetch thread and main thread both synthesize.
    engine = EspeakEngine(use_library=True)
    jobs = [SpeechSettings(voice="en-gb", rate=175), SpeechSettings(voice="en-us", rate=400, volume=0.3)]
    expected = [engine.synthesize(LONG, s) for s in jobs]
    results: dict[int, list[Audio]] = {0: [], 1: []}
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            for _ in range(12):
                results[index].append(engine.synthesize(LONG, jobs[index]))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for index, audios in results.items():
        assert len(audios) == 12
        for audio in audios:
            assert abs(audio.duration - expected[index].duration) < 0.02 * expected[index].duration
            assert abs(rms(audio) - rms(expected[index])) < 0.15 * rms(expected[index])


@needs_espeak
def test_library_engine_is_used_serially_so_exports_are_reproducible():
    assert EspeakEngine(use_library=True).thread_safe is False


# -- pyttsx3, real (its Linux driver uses libespeak-ng) -------------------------


@pytest.fixture(scope="module")
def pyttsx3_engine():
    if not has_program("espeak-ng"):
        pytest.skip("espeak-ng not installed")
    engine = get_engine("pyttsx3")
    yield engine
    engine.close()


def test_pyttsx3_two_sentences_in_a_row_both_come_out(pyttsx3_engine):
    # The driver's save_to_file target "sticks"; each call must still get its own audio.
    first = pyttsx3_engine.synthesize(SHORT, SpeechSettings())
    second = pyttsx3_engine.synthesize(LONG, SpeechSettings())
    assert first.sample_rate == second.sample_rate == 22050
    assert rms(first) > 500 and rms(second) > 500
    assert 0.7 < first.duration < 3.5
    assert 3.5 < second.duration < 9.0
    assert first.pcm != second.pcm


def test_pyttsx3_rate_changes_apply_to_the_very_next_sentence(pyttsx3_engine):
    # libespeak-ng drops a queued rate change when pyttsx3 cancels; measured
    # about one in five before the worker waited for it to settle.
    durations = [
        (rate, pyttsx3_engine.synthesize(LONG, SpeechSettings(rate=rate)).duration)
        for rate in (175, 350, 100, 350, 175, 100) * 2
    ]
    by_rate: dict[int, list[float]] = {}
    for rate, seconds in durations:
        by_rate.setdefault(rate, []).append(seconds)
    for rate, values in by_rate.items():
        assert max(values) - min(values) < 0.1, (rate, values)
    assert max(by_rate[350]) < 0.7 * min(by_rate[175]) < 0.7 * min(by_rate[100])


def test_pyttsx3_voice_choice_is_applied_and_none_means_the_default(pyttsx3_engine):
    voices = {v.id: v for v in pyttsx3_engine.voices()}
    assert any(v.language.startswith("en") for v in voices.values())
    assert {"gmw/en-us", "gmw/en"} <= set(voices)  # espeak driver ids; gmw/en is its default
    text = "The laboratory schedule says aluminium, tomato, and garage."

    def seconds(voice):
        return pyttsx3_engine.synthesize(text, SpeechSettings(voice=voice)).duration

    us, gb, us_again, default = seconds("gmw/en-us"), seconds("gmw/en"), seconds("gmw/en-us"), seconds(None)
    assert abs(us - us_again) < 0.01
    assert abs(us - gb) > 0.02  # American and British pronunciations differ in length
    assert abs(default - gb) < 0.01  # no voice: back to the default, not the last one used


def test_pyttsx3_unknown_voice_is_an_error_and_the_engine_keeps_working(pyttsx3_engine):
    with pytest.raises(ReaderError, match="reader voices --engine pyttsx3"):
        pyttsx3_engine.synthesize(SHORT, SpeechSettings(voice="no-such-voice"))
    assert pyttsx3_engine.synthesize(SHORT, SpeechSettings()).duration > 0.5


def test_pyttsx3_restarts_a_worker_that_died(pyttsx3_engine):
    pyttsx3_engine.synthesize(SHORT, SpeechSettings())
    pyttsx3_engine._state["worker"]._proc.kill()
    assert rms(pyttsx3_engine.synthesize(SHORT, SpeechSettings())) > 500


def test_pyttsx3_driver_chatter_never_reaches_our_output(pyttsx3_engine, capfd):
    pyttsx3_engine.synthesize(SHORT, SpeechSettings())
    out, err = capfd.readouterr()
    assert "Audio saved" not in out + err


def test_pyttsx3_leaves_no_temporary_files(pyttsx3_engine):
    pyttsx3_engine.synthesize(SHORT, SpeechSettings())
    assert list(Path(pyttsx3_engine._state["tmp"]).iterdir()) == []


def test_pyttsx3_hung_worker_is_stopped_at_the_timeout(tmp_path, monkeypatch):
    hanging = tmp_path / "hang.py"
    hanging.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setattr(p3, "WORKER_SCRIPT", hanging)
    monkeypatch.setattr(p3, "START_TIMEOUT", 0.5)
    engine = p3.Pyttsx3Engine()
    started = time.monotonic()
    assert engine.available() is False
    assert time.monotonic() - started < 5
    assert "did not answer" in engine.unavailable_reason


def test_pyttsx3_worker_that_fails_to_start_makes_it_unavailable(tmp_path, monkeypatch):
    broken = tmp_path / "broken.py"
    broken.write_text("import sys\nsys.stderr.write('ImportError: no espeak library\\n')\nsys.exit(1)\n")
    monkeypatch.setattr(p3, "WORKER_SCRIPT", broken)
    engine = p3.Pyttsx3Engine()
    assert engine.available() is False
    assert "no espeak library" in engine.unavailable_reason
    assert "pip install pyttsx3" in engine.unavailable_reason


_FAKE_WORKER = """
import json, math, struct, sys, wave
synths = 0
for line in sys.stdin:
    request = json.loads(line)
    if request["op"] == "synth":
        synths += 1
        with wave.open(request["path"], "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            if synths > EMPTY:  # the first EMPTY files hold no audio, as the driver's race leaves them
                out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8))) for i in range(11025)))
    print(json.dumps({"ok": True}), flush=True)
"""


@pytest.mark.parametrize(("empty", "comes_out"), [(1, True), (2, False)])
def test_pyttsx3_an_empty_audio_file_is_asked_for_once_more_then_is_an_error(tmp_path, monkeypatch, empty, comes_out):
    worker = tmp_path / "worker.py"
    worker.write_text(_FAKE_WORKER.replace("EMPTY", str(empty)))
    monkeypatch.setattr(p3, "WORKER_SCRIPT", worker)
    engine = p3.Pyttsx3Engine()
    try:
        if comes_out:
            assert engine.synthesize(SHORT, SpeechSettings()).duration > 0.4
        else:
            with pytest.raises(ReaderError, match="empty audio file"):
                engine.synthesize(SHORT, SpeechSettings())
    finally:
        engine.close()

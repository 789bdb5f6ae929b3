"""The per-sentence audio cache."""

from __future__ import annotations

import os
import wave

import pytest

from reader.speech.cache import AudioCache
from reader.speech.engines.base import Audio, SpeechSettings
from tests.conftest import can_drop_privileges, run_unprivileged, shared_tmp

KEY = AudioCache.key("espeak-ng+lib 1.51", SpeechSettings(voice="en", rate=175), "Hello there.")
AUDIO = Audio(bytes(range(256)) * 40, 22050)


def test_stored_audio_comes_back_identical(tmp_path):
    cache = AudioCache(tmp_path)
    cache.put(KEY, AUDIO)
    assert cache.get(KEY) == AUDIO


def test_entries_are_ordinary_wav_files_and_no_temporary_file_is_left(tmp_path):
    AudioCache(tmp_path).put(KEY, AUDIO)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [f"{KEY}.wav"]
    with wave.open(str(files[0]), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        assert wav.readframes(wav.getnframes()) == AUDIO.pcm


def test_an_entry_is_replaced_whole_when_stored_again(tmp_path):
    cache = AudioCache(tmp_path)
    cache.put(KEY, Audio(b"\x01\x00" * 5000, 22050))
    cache.put(KEY, AUDIO)
    assert cache.get(KEY) == AUDIO


def test_unknown_and_damaged_entries_are_misses(tmp_path):
    cache = AudioCache(tmp_path)
    assert cache.get(KEY) is None
    cache.put(KEY, AUDIO)
    path = next(tmp_path.rglob("*.wav"))
    path.write_bytes(b"RIFF\x00\x00")
    assert cache.get(KEY) is None


UNWRITABLE_CACHE_PROBE = """
import sys
from pathlib import Path
from reader.speech.cache import AudioCache
from tests.test_audiocache import AUDIO, KEY
folder = Path(sys.argv[1])
cache = AudioCache(folder / "audio")
cache.put(KEY, AUDIO)
print("miss" if cache.get(KEY) is None else "hit", list(folder.iterdir()))
"""


@pytest.mark.skipif(not can_drop_privileges(), reason="needs a user without root's rights")
def test_a_cache_that_cannot_be_written_is_silently_skipped():
    with shared_tmp() as home:
        folder = home / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        result = run_unprivileged(["-c", UNWRITABLE_CACHE_PROBE, str(folder)], home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "miss []"


def test_a_cache_folder_that_is_a_file_is_silently_skipped(tmp_path):
    (tmp_path / "audio").write_text("not a folder")
    cache = AudioCache(tmp_path / "audio")
    cache.put(KEY, AUDIO)
    assert cache.get(KEY) is None


def test_an_entry_cut_short_is_a_miss(tmp_path):
    cache = AudioCache(tmp_path)
    cache.put(KEY, AUDIO)
    path = next(tmp_path.rglob("*.wav"))
    path.write_bytes(path.read_bytes()[:-6])
    assert cache.get(KEY) is None


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    cache = AudioCache(tmp_path)

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr("reader.speech.cache.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.put(KEY, AUDIO)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def _stored(tmp_path):
    cache = AudioCache(tmp_path)
    cache.put(KEY, Audio(b"\x01\x02" * 2000, 22050))
    return cache, next(tmp_path.rglob("*.wav"))


def _with_rate(data: bytes, rate: int) -> bytes:
    import struct

    return data[:24] + struct.pack("<II", rate, (2 * rate) % 2**32) + data[32:]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: os.urandom(len(data)),  # random bytes
        lambda data: _with_rate(data, 4_000_000_000),  # a rate that would allocate gigabytes
        lambda data: _with_rate(data, 0),  # a rate that fails every run
        lambda data: data[:60] + bytes([data[60] ^ 0xFF]) + data[61:],  # one sample changed: noise
        lambda data: data[:44] + data[44:1000],  # samples cut, checksum gone
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_removed_never_audio(tmp_path, damage):
    cache, path = _stored(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(KEY) is None
    assert not path.exists()
    cache.put(KEY, Audio(b"\x01\x02" * 2000, 22050))
    assert cache.get(KEY) == Audio(b"\x01\x02" * 2000, 22050)

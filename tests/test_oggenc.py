"""Mono Ogg Vorbis through oggenc (vorbis-tools) instead of ffmpeg: the same
libvorbis at the same quality, so the file decodes as ffmpeg's does, without
ffmpeg's start-up per section file (issue 13: Ogg export time)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from reader.audio import ffmpeg
from reader.audio.formats import get_format
from tests.conftest import has_program

pytestmark = pytest.mark.skipif(
    not (has_program("oggenc") and has_program("ffmpeg") and has_program("espeak-ng")),
    reason="needs oggenc (vorbis-tools), ffmpeg and espeak-ng",
)
RATE = 22_050


def speech(tmp_path: Path) -> bytes:
    """Real espeak-ng speech as the engine hands it over: mono 16-bit PCM at 22.05 kHz."""
    wav = tmp_path / "speech.wav"
    text = "The harbour wall has stood for two hundred years. It gave way this winter, after three storms in a row."
    subprocess.run(["espeak-ng", "-w", str(wav), text], check=True)
    command = ["ffmpeg", "-v", "error", "-i", str(wav), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"]
    return subprocess.run(command, capture_output=True, check=True).stdout


def encoded(pcm: bytes, target: Path) -> Path:
    with ffmpeg.Encoder(target, get_format("ogg"), RATE) as encoder:
        for start in range(0, len(pcm), 8192):  # in pieces, as sentences arrive
            encoder.write(pcm[start : start + 8192])
    return target


def decoded(path: Path) -> np.ndarray:
    command = ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"]
    return np.frombuffer(subprocess.run(command, capture_output=True, check=True).stdout, "<i2").astype(np.int32)


def test_mono_ogg_is_encoded_by_oggenc_and_decodes_as_ffmpegs_file(tmp_path, monkeypatch):
    pcm = speech(tmp_path)
    assert ffmpeg.oggenc_command(tmp_path / "x.ogg", get_format("ogg"), RATE, 1) is not None
    ours = decoded(encoded(pcm, tmp_path / "oggenc.ogg"))
    monkeypatch.setattr(ffmpeg, "oggenc_command", lambda *args: None)
    theirs = decoded(encoded(pcm, tmp_path / "ffmpeg.ogg"))
    assert len(ours) == len(theirs) == len(pcm) // 2
    difference = ours - theirs
    snr = 10 * np.log10(np.sum(theirs.astype(float) ** 2) / max(1.0, np.sum(difference.astype(float) ** 2)))
    assert snr > 40, f"{snr:.1f} dB"


def test_stereo_and_resampled_ogg_and_other_formats_stay_with_ffmpeg(tmp_path):
    ogg = get_format("ogg")
    assert ffmpeg.oggenc_command(tmp_path / "x.ogg", ogg, RATE, 2) is None  # the upmix is ffmpeg's pan filter
    assert ffmpeg.oggenc_command(tmp_path / "x.ogg", ogg, 8_000, 1) is None  # raised to 16 kHz by ffmpeg
    assert ffmpeg.oggenc_command(tmp_path / "x.opus", get_format("opus"), RATE, 1) is None

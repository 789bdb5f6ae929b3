"""M4B section files joined from their AAC packets (reader.audio.aacjoin):
real ffmpeg encodes, read back by ffprobe and ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from reader.audio import aacjoin
from tests.conftest import has_program

pytestmark = pytest.mark.skipif(not has_program("ffmpeg"), reason="needs ffmpeg")


def encode(seconds: float, target: Path, *codec: str) -> Path:
    """A tone between silences, encoded as the export encodes M4B."""
    t = np.arange(int(seconds * 22050)) / 22050
    pcm = (0.3 * np.sin(2 * np.pi * 440 * t) * ((t > 0.3) & (t < seconds - 0.3)) * 32767).astype("<i2")
    command = ["ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", "22050", "-ac", "1", "-i", "-", "-ar", "44100"]
    command += [*(codec or ("-c:a", "aac", "-b:a", "64k")), "-f", "ipod", str(target)]
    subprocess.run(command, input=pcm.tobytes(), check=True)
    return target


def packet_count(path: Path) -> int:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0"]
        + [str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip().strip(","))


def test_the_packets_read_from_the_sample_tables_are_the_ones_ffprobe_counts(tmp_path):
    path = encode(2.3, tmp_path / "a.m4b")
    track = aacjoin.read_track(path)
    assert track.packets == packet_count(path)
    assert track.priming == 1024  # ffmpeg's AAC encoder, as its edit list says
    data = path.read_bytes()
    assert all(offset + size <= len(data) for offset, size in zip(track.offsets, track.sizes))
    assert aacjoin.sample_rate(track.config) == 44100


def test_joined_files_decode_to_all_their_packets_in_order(tmp_path):
    parts = [encode(s, tmp_path / f"{n}.m4b") for n, s in enumerate([1.4, 2.2, 0.9])]
    tracks = aacjoin.read_tracks(parts)
    aacjoin.join(parts, tmp_path / "episode.m4b")
    assert packet_count(tmp_path / "episode.m4b") == sum(t.packets for t in tracks)
    decoded = subprocess.run(
        ["ffmpeg", "-v", "warning", "-i", str(tmp_path / "episode.m4b"), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    )
    assert decoded.stderr.strip() == b""
    assert len(decoded.stdout) // 2 == sum(t.packets for t in tracks) * aacjoin.SAMPLES_PER_PACKET


def test_files_encoded_with_other_settings_are_not_joined(tmp_path):
    first = encode(1.0, tmp_path / "a.m4b")
    other = encode(1.0, tmp_path / "b.m4b", "-c:a", "aac", "-b:a", "64k", "-ar", "48000")
    with pytest.raises(aacjoin.AacJoinError, match="other settings"):
        aacjoin.read_tracks([first, other])


@pytest.mark.parametrize("content", [b"", b"\0\0\0\x08ftyp", b"ID3\4\0\0\0\0\0\0 not mp4"])
def test_a_file_that_is_not_an_mp4_is_refused(tmp_path, content):
    path = tmp_path / "broken.m4b"
    path.write_bytes(content)
    with pytest.raises(aacjoin.AacJoinError):
        aacjoin.read_track(path)

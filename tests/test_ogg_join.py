"""Ogg Vorbis and Ogg Opus files joined packet by packet (reader.audio.ogg):
real ffmpeg encodes, decoded by ffmpeg, compared sample by sample."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from reader.audio import ogg
from tests.conftest import has_program

pytestmark = pytest.mark.skipif(not has_program("ffmpeg"), reason="needs ffmpeg")

CODEC = {"opus": ("-c:a", "libopus", "-b:a", "32k"), "ogg": ("-c:a", "libvorbis", "-q:a", "3")}
RATE = {"opus": 48_000, "ogg": 44_100}


def tone_burst(seconds: float, frequency: float, rate: int = 22_050) -> bytes:
    """A tone between two stretches of silence (as a section is speech between pauses)."""
    t = np.arange(int(seconds * rate)) / rate
    signal = 0.3 * np.sin(2 * np.pi * frequency * t) * ((t > 0.3) & (t < seconds - 0.3))
    return (signal * 32767).astype("<i2").tobytes()


def encode(pcm: bytes, target: Path, fmt: str, *codec: str) -> Path:
    command = ["ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", "22050", "-ac", "1", "-i", "-"]
    command += ["-ar", str(RATE[fmt]), *(codec or CODEC[fmt]), "-f", "ogg", str(target)]
    subprocess.run(command, input=pcm, check=True)
    return target


def decode(path: Path, rate: int) -> np.ndarray:
    command = ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"]
    return np.frombuffer(subprocess.run(command, capture_output=True, check=True).stdout, "<i2").astype(np.int32)


@pytest.fixture(params=["opus", "ogg"])
def sections(request, tmp_path) -> tuple[str, list[Path]]:
    fmt = request.param
    lengths = [1.37, 2.01, 1.64]  # not whole codec frames: every file has an end trim
    return fmt, [encode(tone_burst(s, 300 + 200 * n), tmp_path / f"s{n}.{fmt}", fmt) for n, s in enumerate(lengths)]


def test_the_checksum_is_the_one_ffmpeg_writes(tmp_path):
    path = encode(tone_burst(1.0, 440), tmp_path / "a.ogg", "ogg")
    data = path.read_bytes()
    pages = 0
    position = 0
    while position < len(data):
        count = data[position + 26]
        size = 27 + count + sum(data[position + 27 : position + 27 + count])
        page = bytearray(data[position : position + size])
        written = int.from_bytes(page[22:26], "little")
        page[22:26] = b"\0\0\0\0"
        assert ogg.ogg_crc(bytes(page)) == written
        position += size
        pages += 1
    assert pages >= 3


def test_each_section_decodes_unchanged_where_the_layout_places_it(sections, tmp_path):
    fmt, parts = sections
    rate = RATE[fmt]
    placements = ogg.join(parts, tmp_path / f"episode.{fmt}", fmt)
    assert placements == ogg.layout(parts, fmt)
    episode = decode(tmp_path / f"episode.{fmt}", rate)
    assert placements[0].start == 0
    assert episode.size == placements[-1].start + placements[-1].length
    for part, placement in zip(parts, placements):
        own = decode(part, rate)
        assert own.size == placement.length, part.name
        stretch = episode[placement.start : placement.start + placement.length]
        # The first packets after a seam may decode a little differently (the
        # decoder carries the previous encoder's state); it is all silence.
        settled = int(0.1 * rate)
        assert np.array_equal(stretch[settled:], own[settled:]), part.name
        assert np.abs(stretch[:settled] - own[:settled]).max() < 300, part.name


def test_a_seam_adds_at_most_two_codec_frames_of_silence(sections, tmp_path):
    """What a file's decoder drops at its ends (Opus priming and end trim;
    Vorbis's first half block and end trim) is heard at a seam: ≤ 50 ms."""
    fmt, parts = sections
    placements = ogg.layout(parts, fmt)
    for before, after in zip(placements, placements[1:]):
        gap = after.start - (before.start + before.length)
        assert 0 <= gap <= 0.05 * before.rate


def test_ffmpeg_reads_the_joined_stream_without_complaint(sections, tmp_path):
    fmt, parts = sections
    ogg.join(parts, tmp_path / f"episode.{fmt}", fmt)
    result = subprocess.run(
        ["ffmpeg", "-v", "warning", "-i", str(tmp_path / f"episode.{fmt}"), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr.strip() == ""


def test_files_encoded_with_other_settings_are_not_joined(tmp_path):
    pcm = tone_burst(1.0, 440)
    first = encode(pcm, tmp_path / "a.ogg", "ogg")
    other = encode(pcm, tmp_path / "b.ogg", "ogg", "-c:a", "libvorbis", "-q:a", "8")
    with pytest.raises(ogg.OggJoinError, match="other settings"):
        ogg.layout([first, other], "ogg")


@pytest.mark.parametrize("content", [b"", b"RIFF....WAVEfmt ", b"OggS\0\2"])
def test_a_file_that_is_not_a_whole_ogg_stream_is_refused(tmp_path, content):
    path = tmp_path / "broken.ogg"
    path.write_bytes(content)
    with pytest.raises(ogg.OggJoinError):
        ogg.layout([path], "ogg")


def test_a_packet_longer_than_a_page_is_carried_over_pages(tmp_path):
    """Lacing: 255 segments of 255 bytes at most per page; a longer packet
    continues on the next page, and the packets read back unchanged."""
    import io

    big, small = bytes(range(256)) * 300, b"\x05tail"
    buffer = io.BytesIO()
    writer = ogg._OggWriter(buffer, serial=7)
    writer.packet(b"head", 0)
    writer.end_page()
    writer.packet(big, 10)
    writer.packet(small, 20)
    writer.close(20)
    buffer.seek(0)
    pages = list(ogg._pages(buffer, "memory"))
    packets = [p for page in pages for p in page.packets]
    assert packets == [b"head", big, small]
    assert pages[-1].header_type & 0x04  # end of stream
    assert any(page.header_type & 0x01 for page in pages)  # a continued page

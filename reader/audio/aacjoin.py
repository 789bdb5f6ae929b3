"""M4B section files (AAC in MP4) joined without re-encoding.

Each section file's AAC packets are read from its MP4 sample tables (``stsz``,
``stsc``, ``stco``/``co64``), given ADTS headers and streamed, file after
file, into one ffmpeg that copies them into the episode's MP4. Every section
is encoded with the same settings, so their decoder configurations are the
same (this is checked); no audio is encoded twice.

Timing is exact from packet counts: an AAC packet holds 1024 samples. A
section file starts with the encoder's priming (its edit list tells its own
decoder to skip it, 1024 samples for ffmpeg's encoder); in the joined stream
every file's priming stays, as LAME's delay does in a joined MP3. So a
section's sound starts ``priming`` samples after its first packet, and the
episode lasts all its packets.

References: ISO/IEC 14496-12 (the MP4 boxes), ISO/IEC 14496-3 §1.6.2.1
(AudioSpecificConfig) and §1.A.2 (ADTS).
"""

from __future__ import annotations

import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Final, Sequence

from reader.audio.packetjoin import JoinError, Placement
from reader.errors import ReaderError

SAMPLES_PER_PACKET: Final = 1024
_CONTAINERS: Final = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts"}
_RATES: Final = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350)


class AacJoinError(JoinError):
    """The files cannot be joined without re-encoding."""


@dataclass(frozen=True)
class AacTrack:
    """One MP4 file's AAC stream: where its packets are and how to decode them."""

    config: bytes
    """The AudioSpecificConfig."""
    offsets: list[int]
    sizes: list[int]
    priming: int
    """Samples its own decoder skips at the start (the edit list's media time)."""

    @property
    def packets(self) -> int:
        return len(self.sizes)


def _boxes(data: bytes, start: int, end: int, found: dict[bytes, bytes]) -> dict[bytes, bytes]:
    """The leaf boxes in ``data[start:end]`` by type (the first of each), containers opened."""
    position = start
    while position + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, position + 8)[0], 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            raise AacJoinError("damaged MP4 box")
        if kind == b"trak" and b"trak" in found:
            raise AacJoinError("an MP4 file with more than one track")
        if kind in _CONTAINERS:
            found.setdefault(kind, b"")
            _boxes(data, position + header, position + size, found)
        else:
            found.setdefault(kind, data[position + header : position + size])
        position += size
    return found


def _moov(handle: BinaryIO, name: str) -> bytes:
    """What the ``moov`` box of an MP4 file holds (small: the sample tables), wherever it is."""
    while len(head := handle.read(8)) == 8:
        size, kind = struct.unpack(">I4s", head)
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", handle.read(8))[0], 16
        if kind == b"moov":
            return handle.read(size - header)
        if size < header:
            break
        handle.seek(size - header, 1)
    raise AacJoinError(f"{name} is not an MP4 file")


def read_track(path: Path) -> AacTrack:
    """The AAC stream of the MP4 file at ``path``."""
    with open(path, "rb") as handle:
        moov = _moov(handle, path.name)
    boxes = _boxes(moov, 0, len(moov), {})
    try:
        config = _audio_config(boxes[b"stsd"])
        sizes = _sample_sizes(boxes[b"stsz"])
        chunks = _chunk_offsets(boxes[b"co64"] if b"co64" in boxes else boxes[b"stco"], b"co64" in boxes)
        offsets = _sample_offsets(boxes[b"stsc"], chunks, sizes)
    except (KeyError, struct.error, IndexError):
        raise AacJoinError(f"{path.name} holds no AAC stream that can be joined") from None
    return AacTrack(config, offsets, sizes, _priming(boxes.get(b"elst", b"")))


def _audio_config(stsd: bytes) -> bytes:
    """The AudioSpecificConfig inside ``stsd`` → ``mp4a`` → ``esds`` (descriptor tag 5)."""
    at = stsd.find(b"esds")
    if stsd[12:16] != b"mp4a" or at < 0:
        raise AacJoinError("not an AAC stream")
    position = at + 8  # box type, version and flags
    while position < len(stsd):
        tag = stsd[position]
        position += 1
        length = 0
        for _ in range(4):
            byte = stsd[position]
            position += 1
            length = (length << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        if tag == 3:  # ES descriptor: ES id, flags, then its sub-descriptors
            flags = stsd[position + 2]
            position += 3 + (2 if flags & 0x80 else 0) + (2 if flags & 0x20 else 0)
            if flags & 0x40:
                position += 1 + stsd[position]
        elif tag == 4:  # decoder config: 13 bytes, then the specific info
            position += 13
        elif tag == 5:
            return stsd[position : position + length]
        else:
            position += length
    raise AacJoinError("no AAC decoder configuration")


def _sample_sizes(stsz: bytes) -> list[int]:
    fixed, count = struct.unpack_from(">II", stsz, 4)
    if fixed:
        return [fixed] * count
    return list(struct.unpack_from(f">{count}I", stsz, 12))


def _chunk_offsets(box: bytes, wide: bool) -> list[int]:
    (count,) = struct.unpack_from(">I", box, 4)
    return list(struct.unpack_from(f">{count}{'Q' if wide else 'I'}", box, 8))


def _sample_offsets(stsc: bytes, chunks: list[int], sizes: list[int]) -> list[int]:
    (entries,) = struct.unpack_from(">I", stsc, 4)
    runs = [struct.unpack_from(">III", stsc, 8 + 12 * i) for i in range(entries)]
    offsets: list[int] = []
    sample = 0
    for index, (first, per_chunk, _) in enumerate(runs):
        last = runs[index + 1][0] - 1 if index + 1 < len(runs) else len(chunks)
        for chunk in range(first - 1, last):
            position = chunks[chunk]
            for _ in range(per_chunk):
                if sample == len(sizes):
                    return offsets
                offsets.append(position)
                position += sizes[sample]
                sample += 1
    if len(offsets) != len(sizes):
        raise AacJoinError("the MP4 sample tables disagree")
    return offsets


def _priming(elst: bytes) -> int:
    """The first edit's media time (samples skipped at the start), else 0."""
    if len(elst) < 8:
        return 0
    version = elst[0]
    (count,) = struct.unpack_from(">I", elst, 4)
    if not count:
        return 0
    media_time = struct.unpack_from(">q" if version else ">i", elst, 8 + (8 if version else 4))[0]
    return max(0, int(media_time))


def _config_fields(config: bytes) -> tuple[int, int, int]:
    """The AudioSpecificConfig's audio object type, sampling rate index and channel configuration."""
    return config[0] >> 3, ((config[0] & 0x07) << 1) | (config[1] >> 7), (config[1] >> 3) & 0x0F


def _adts_headers(config: bytes) -> Callable[[int], bytes]:
    """The 7-byte ADTS header (no CRC) of a raw AAC packet of a given size,
    for this configuration (its fixed fields worked out once)."""
    object_type, rate_index, channels = _config_fields(config)
    if object_type > 4 or rate_index >= len(_RATES) or not 1 <= channels <= 7:
        raise AacJoinError("this AAC configuration cannot be carried in ADTS")
    profile = ((object_type - 1) << 6) | (rate_index << 2) | (channels >> 2)

    def header(size: int) -> bytes:
        length = size + 7
        # MPEG-4, layer 0, no CRC; buffer fullness "variable"; one raw data block
        fields = (0xFF, 0xF1, profile, ((channels & 3) << 6) | (length >> 11), (length >> 3) & 0xFF)
        return bytes((*fields, ((length & 7) << 5) | 0x1F, 0xFC))

    return header


def sample_rate(config: bytes) -> int:
    return _RATES[_config_fields(config)[1]]


def read_tracks(parts: Sequence[Path]) -> list[AacTrack]:
    """Every part's stream, checked to share one decoder configuration."""
    tracks = [read_track(part) for part in parts]
    for part, track in zip(parts, tracks):
        if track.config != tracks[0].config:
            raise AacJoinError(f"{part.name} was encoded with other settings than {parts[0].name}")
    return tracks


def layout(parts: Sequence[Path]) -> list[Placement]:
    """Where each file lands when ``parts`` are joined: all its packets,
    its encoder priming included (as LAME's delay stays in a joined MP3)."""
    tracks = read_tracks(parts)
    rate = sample_rate(tracks[0].config)
    placements, start = [], 0
    for track in tracks:
        length = track.packets * SAMPLES_PER_PACKET
        placements.append(Placement(start, length, rate, lead=track.priming))
        start += length
    return placements


def join(parts: Sequence[Path], target: Path) -> None:
    """Write ``target`` (MP4) as the parts' AAC packets one after another,
    copied by ffmpeg from an ADTS stream (no re-encoding)."""
    from reader.audio.ffmpeg import ffmpeg_path

    tracks = read_tracks(parts)
    header = _adts_headers(tracks[0].config)
    command = [ffmpeg_path(), "-v", "error", "-y", "-f", "aac", "-i", "pipe:0", "-c", "copy", "-f", "ipod"]
    process = subprocess.Popen(
        [*command, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # Ctrl-C stops this program, which then stops ffmpeg
    )
    assert process.stdin is not None and process.stderr is not None
    try:
        for part, track in zip(parts, tracks):
            with open(part, "rb") as source:
                for offset, size in zip(track.offsets, track.sizes):
                    source.seek(offset)
                    process.stdin.write(header(size) + source.read(size))
        process.stdin.close()
    except BaseException:
        process.kill()
        process.wait()
        raise
    error = process.stderr.read().decode("utf-8", "replace").strip()
    if process.wait() != 0:
        raise ReaderError(f"ffmpeg could not join the sections into {target.name}: {error[-200:]}")


__all__ = [
    "AacJoinError",
    "AacTrack",
    "SAMPLES_PER_PACKET",
    "join",
    "layout",
    "read_track",
    "read_tracks",
    "sample_rate",
]

"""Ogg Vorbis and Ogg Opus files joined packet by packet, without re-encoding.

The section files of an Ogg or Opus export are encoded one per section; the
episode is their audio packets copied, in order, into one logical stream
behind the first file's headers (every section is encoded with the same
settings, so their codec headers are the same; this is checked). No audio is
encoded twice, which is what makes these formats as quick to export as MP3.

Where each section lands in the joined stream is computed exactly from the
packets themselves:

* **Opus**: every packet says how many 48 kHz samples it holds (its TOC
  byte). A section file begins with ``pre-skip`` samples of encoder priming
  that its own decoder drops; in the joined stream only the first file's are
  dropped, so each later section's sound starts ``pre-skip`` samples after its
  first packet. The last file's end trim (its final granule position) is kept.
* **Vorbis**: a packet yields a quarter of the previous block plus a quarter
  of its own (block sizes from the identification header, each packet's
  block flag from its mode, read from the setup header). A file's first
  packet yields nothing on its own, so a section's own sample 0 is where its
  first packet ends in the joined stream.

The joins fall where one section's closing pause meets the next section's
start, so the seams (a decoder carrying state from one encoder's packets into
another's) are in silence.

References: RFC 3533 (Ogg), RFC 7845 (Ogg Opus), RFC 6716 §3.1 (the TOC
byte), the Vorbis I specification §4.3 and §A.2.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, Iterator, Sequence

from reader.audio.oggcodecs import CODECS, Codec, OggJoinError
from reader.audio.packetjoin import Placement

_PAGE_HEADER: Final = struct.Struct("<4sBBqIIIB")
"""capture pattern, version, header type, granule position, serial number,
page sequence number, CRC, number of segments."""
_CONTINUED, _FIRST, _LAST = 0x01, 0x02, 0x04
_MAX_PAGE_SEGMENTS: Final = 255
_PAGE_TARGET_BYTES: Final = 4096
"""Audio packets are gathered into pages of about this size (ffmpeg and
libogg write pages of 4–8 KB)."""
_REVERSED_BITS: Final = bytes(int(f"{b:08b}"[::-1], 2) for b in range(256))


def ogg_crc(data: bytes) -> int:
    """The Ogg page checksum: CRC-32, polynomial 0x04C11DB7, not reflected,
    initial value 0, no final xor. Computed by zlib's reflected CRC-32 on the
    bit-reversed bytes (fast, in C), its result bit-reversed back."""
    reflected = zlib.crc32(data.translate(_REVERSED_BITS), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int(f"{reflected:032b}"[::-1], 2)


@dataclass(frozen=True)
class _Page:
    header_type: int
    granule: int
    serial: int
    packets: list[bytes]
    """Packets that end on this page (the first may have begun on earlier pages)."""


def _pages(handle: BinaryIO, name: str) -> Iterator[_Page]:
    """The pages of one Ogg file, each with the packets that end on it."""
    pending = b""
    while head := handle.read(_PAGE_HEADER.size):
        if len(head) < _PAGE_HEADER.size:
            raise OggJoinError(f"{name} ends in the middle of an Ogg page")
        capture, version, header_type, granule, serial, _, _, count = _PAGE_HEADER.unpack(head)
        if capture != b"OggS" or version != 0:
            raise OggJoinError(f"{name} is not an Ogg file")
        lacing = handle.read(count)
        body = handle.read(sum(lacing))
        if len(lacing) < count or len(body) < sum(lacing):
            raise OggJoinError(f"{name} ends in the middle of an Ogg page")
        packets, start, offset = [], 0, 0
        for size in lacing:
            offset += size
            if size < 255:
                packets.append(pending + body[start:offset])
                pending, start = b"", offset
        pending += body[start:offset]
        yield _Page(header_type, granule, serial, packets)


@dataclass
class _OggFile:
    """One file's packets and the granule position of its last page."""

    headers: list[bytes]
    audio: list[bytes]
    final_granule: int
    first_audio_granule: int
    """Granule position of the first page that ends an audio packet."""
    audio_on_first_page: int
    """How many audio packets end on that page."""


def _read(path: Path, header_count: int) -> _OggFile:
    packets: list[bytes] = []
    final = first_granule = -1
    first_count = 0
    serial: int | None = None
    with open(path, "rb") as handle:
        for page in _pages(handle, path.name):
            if serial is None:
                serial = page.serial
            elif page.serial != serial:
                raise OggJoinError(f"{path.name} holds more than one Ogg stream")
            packets.extend(page.packets)
            if first_granule < 0 and len(packets) > header_count and page.granule >= 0:
                first_granule = page.granule
                first_count = len(packets) - header_count
            if page.granule >= 0:
                final = page.granule
    if len(packets) <= header_count or final < 0:
        raise OggJoinError(f"{path.name} holds no audio")
    return _OggFile(packets[:header_count], packets[header_count:], final, first_granule, first_count)


class _OggWriter:
    """Packets into pages of one logical stream."""

    def __init__(self, handle: BinaryIO, serial: int) -> None:
        self.handle = handle
        self.serial = serial
        self.sequence = 0
        self._segments: list[int] = []
        self._body: list[bytes] = []
        self._granule = -1
        """Granule position after the last packet completed on the page (−1: none)."""
        self._continued = False

    def packet(self, data: bytes, granule: int) -> None:
        """Add a packet that ends at ``granule``."""
        sizes = [255] * (len(data) // 255) + [len(data) % 255]
        if sum(self._segments) >= _PAGE_TARGET_BYTES or len(sizes) > _MAX_PAGE_SEGMENTS - len(self._segments):
            self.end_page()  # a packet begins a page unless it is too long for one
        offset = 0
        while len(sizes) > _MAX_PAGE_SEGMENTS - len(self._segments):
            room = _MAX_PAGE_SEGMENTS - len(self._segments)
            taken, sizes = sizes[:room], sizes[room:]
            self._add(taken, data[offset : offset + sum(taken)])
            offset += sum(taken)
            self.end_page()
            self._continued = True
        self._add(sizes, data[offset:])
        self._granule = granule

    def _add(self, sizes: list[int], data: bytes) -> None:
        self._segments += sizes
        self._body.append(data)

    def end_page(self) -> None:
        """Close the current page (the next packet starts a new one)."""
        if self._segments:
            self._write(0)

    def close(self, granule: int) -> None:
        """Write the last page, marked as the end of the stream, ending at ``granule``."""
        self._granule = granule
        self._write(_LAST)

    def _write(self, flags: int) -> None:
        header_type = flags | (_FIRST if self.sequence == 0 else 0) | (_CONTINUED if self._continued else 0)
        page = bytearray(
            _PAGE_HEADER.pack(
                b"OggS", 0, header_type, self._granule, self.serial, self.sequence, 0, len(self._segments)
            )
        )
        page += bytes(self._segments)
        page += b"".join(self._body)
        struct.pack_into("<I", page, 22, ogg_crc(bytes(page)))
        self.handle.write(page)
        self.sequence += 1
        self._segments, self._body, self._continued, self._granule = [], [], False, -1


def joinable(format_name: str) -> bool:
    """Whether this format's section files are joined by :func:`join` (no re-encoding)."""
    return format_name in CODECS


def layout(parts: Sequence[Path], format_name: str) -> list[Placement]:
    """Where each file lands when ``parts`` are joined (nothing is written)."""
    return _join(parts, format_name, None)


def join(parts: Sequence[Path], target: Path, format_name: str) -> list[Placement]:
    """Write ``target`` as ``parts``' audio packets in one stream (with empty
    comments, for the caller to tag); return where each part landed."""
    with open(target, "wb") as handle:
        return _join(parts, format_name, handle)


def _join(parts: Sequence[Path], format_name: str, handle: BinaryIO | None) -> list[Placement]:
    codec: Codec = CODECS[format_name]()
    writer: _OggWriter | None = None
    reference: list[bytes] = []
    placements: list[Placement] = []
    raw = 0  # samples the joined stream's packets yield so far (priming included)
    stream_priming = 0
    previous: bytes | None = None
    last_trim = 0
    for number, part in enumerate(parts):
        one = _read(part, codec.header_count)
        if number == 0:
            codec.start(one.headers)
            reference = [one.headers[0]] + one.headers[2:]
            stream_priming = codec.priming(one.headers)
            if handle is not None:
                writer = _OggWriter(handle, serial=0x52454144)  # "READ"
                writer.packet(one.headers[0], 0)
                writer.end_page()  # the identification header is alone on the first page
                for header in [codec.empty_comments(), *one.headers[2:]]:
                    writer.packet(header, 0)
                writer.end_page()  # audio begins on a page of its own
        elif [one.headers[0]] + one.headers[2:] != reference:
            raise OggJoinError(f"{part.name} was encoded with other settings than {parts[0].name}")
        own_raw = own_first = own_on_first_page = 0
        own_previous: bytes | None = None
        part_start = raw
        for index, packet in enumerate(one.audio):
            own_raw += codec.samples(packet, own_previous)
            own_previous = packet
            if index + 1 == one.audio_on_first_page:
                own_on_first_page = own_raw
            joined = codec.samples(packet, previous)
            if index == 0:
                own_first = joined
            raw += joined
            previous = packet
            if writer is not None:
                writer.packet(packet, raw)
        if own_on_first_page != one.first_audio_granule and one.audio_on_first_page < len(one.audio):
            # Start trimming by granule position, which a join could not keep.
            raise OggJoinError(f"{part.name} starts part-way into its first packets")
        priming = codec.priming(one.headers)
        own_length = one.final_granule - priming
        last_trim = own_raw - one.final_granule
        start = part_start + codec.own_start(own_first, priming) - stream_priming
        placements.append(Placement(start, own_length, codec.rate))
    if writer is not None:
        writer.close(raw - last_trim)
    return placements


__all__ = ["OggJoinError", "Placement", "join", "joinable", "layout", "ogg_crc"]

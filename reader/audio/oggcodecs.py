"""What joining Ogg files needs to know of the codecs inside: how many
samples each Opus or Vorbis packet yields, and what a file's decoder drops at
its start (see :mod:`reader.audio.ogg`).

References: RFC 7845 (Ogg Opus), RFC 6716 §3.1 (the TOC byte), the Vorbis I
specification §4.2–4.3.
"""

from __future__ import annotations

import struct
from typing import Final

from reader.audio.packetjoin import JoinError


class OggJoinError(JoinError):
    """The files cannot be joined without re-encoding (different codec settings, or not Ogg)."""


class Codec:
    """What the join needs to know about a codec's packets."""

    header_count: int
    rate: int

    def start(self, headers: list[bytes]) -> None:
        """Read the first file's headers."""

    def empty_comments(self) -> bytes:
        raise NotImplementedError

    def samples(self, packet: bytes, previous: bytes | None) -> int:
        """Samples ``packet`` yields when it follows ``previous`` (``None``: first of a stream)."""
        raise NotImplementedError

    def priming(self, headers: list[bytes]) -> int:
        """Samples at the start of a file that its own decoder drops."""
        return 0

    def own_start(self, first_packet_samples: int, priming: int) -> int:
        """Where a file's own sample 0 lies after the point its first packet begins at."""
        raise NotImplementedError


class Opus(Codec):
    header_count = 2
    rate = 48_000
    _FRAME_TENTHS_MS: Final = (100, 200, 400, 600) * 3 + (100, 200) * 2 + (25, 50, 100, 200) * 4

    def empty_comments(self) -> bytes:
        vendor = b"reader"
        return b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0)

    def samples(self, packet: bytes, previous: bytes | None) -> int:
        if not packet:
            return 0
        toc = packet[0]
        per_frame = self._FRAME_TENTHS_MS[toc >> 3] * 48 // 10
        code = toc & 3
        frames = 1 if code == 0 else 2 if code in (1, 2) else (packet[1] & 0x3F if len(packet) > 1 else 0)
        return per_frame * frames

    def priming(self, headers: list[bytes]) -> int:
        head = headers[0]
        if not head.startswith(b"OpusHead") or len(head) < 19:
            raise OggJoinError("not an Opus stream")
        return int(struct.unpack_from("<H", head, 10)[0])

    def own_start(self, first_packet_samples: int, priming: int) -> int:
        return priming


class Vorbis(Codec):
    header_count = 3

    def __init__(self) -> None:
        self.block_sizes = (0, 0)
        self.mode_flags: list[int] = []
        self.mode_bits = 0
        self.rate = 0

    def start(self, headers: list[bytes]) -> None:
        ident = headers[0]
        if not ident.startswith(b"\x01vorbis") or len(ident) < 30:
            raise OggJoinError("not a Vorbis stream")
        self.rate = int(struct.unpack_from("<I", ident, 12)[0])
        self.block_sizes = (1 << (ident[28] & 0x0F), 1 << (ident[28] >> 4))
        self.mode_flags = _vorbis_mode_flags(headers[2])
        self.mode_bits = (len(self.mode_flags) - 1).bit_length()

    def empty_comments(self) -> bytes:
        vendor = b"reader"
        return b"\x03vorbis" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0) + b"\x01"

    def _block(self, packet: bytes) -> int:
        mode = (packet[0] >> 1) & ((1 << self.mode_bits) - 1)
        if mode >= len(self.mode_flags):
            raise OggJoinError("a Vorbis packet names a mode its stream does not have")
        return self.block_sizes[self.mode_flags[mode]]

    def samples(self, packet: bytes, previous: bytes | None) -> int:
        if not packet or packet[0] & 1:
            return 0  # an empty packet, or not an audio packet: no output
        if previous is None or not previous or previous[0] & 1:
            return 0
        return (self._block(previous) + self._block(packet)) // 4

    def own_start(self, first_packet_samples: int, priming: int) -> int:
        return first_packet_samples


def _vorbis_mode_flags(setup: bytes) -> list[int]:
    """Each mode's block flag, read from the end of the setup header.

    The modes are the header's last field (before the framing bit): a 6-bit
    count minus one, then 41 bits per mode (block flag, window type 0,
    transform type 0, mapping). Everything before them is variable-length,
    so they are found from the end, as ffmpeg's and liboggz's parsers do: the
    largest mode count whose 6-bit field agrees and whose modes all have
    zero window and transform types."""
    bits = int.from_bytes(setup, "little")
    framing = bits.bit_length() - 1  # the framing bit is the last bit set

    def field(position: int, width: int) -> int:
        return (bits >> position) & ((1 << width) - 1)

    found = 0
    for count in range(1, 65):
        mode_at = framing - 41 * count
        if mode_at - 6 < 7 * 8:
            break
        if field(mode_at + 1, 16) or field(mode_at + 17, 16) or field(mode_at + 33, 8) > 63:
            break
        if field(mode_at - 6, 6) == count - 1:
            found = count
    if not found:
        raise OggJoinError("the Vorbis setup header's modes could not be read")
    first = framing - 41 * found
    return [field(first + 41 * i, 1) for i in range(found)]


CODECS: Final[dict[str, type[Codec]]] = {"opus": Opus, "ogg": Vorbis}
"""Export format name → the codec whose files can be joined."""


__all__ = ["CODECS", "Codec", "OggJoinError", "Opus", "Vorbis"]

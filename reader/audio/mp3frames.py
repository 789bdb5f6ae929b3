"""Count the audio frames of an MP3 file.

Chapter times in an episode made by joining section MP3s must come from the
frames actually present: every section brings its own encoder delay and
padding (up to ~50 ms), which would add up over many chapters.
"""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import Final

_BITRATES_V1_L3: Final = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0)
_BITRATES_V2_L3: Final = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0)
_RATES: Final = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _skip_id3(data: bytes) -> int:
    if data[:3] == b"ID3" and len(data) >= 10:
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        return 10 + size + (10 if data[5] & 0x10 else 0)
    return 0


def count_frames(path: Path) -> tuple[int, int]:
    """``(audio_frames, samples_per_frame)`` of a Layer III file, not counting
    a Xing/Info header frame."""
    with open(path, "rb") as handle:
        if Path(path).stat().st_size == 0:
            return 0, 1152
        # Mapped, not read: a long section file never has to fit in memory.
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _count(data)


def _count(data) -> tuple[int, int]:
    pos = _skip_id3(data[:10])
    frames = 0
    samples_per_frame = 1152
    first = True
    while pos + 4 <= len(data):
        b1, b2, b3 = data[pos + 1], data[pos + 2], data[pos + 3]
        if data[pos] != 0xFF or (b1 & 0xE0) != 0xE0:
            break  # end of audio (ID3v1 / APE tag) or garbage
        version = (b1 >> 3) & 0x3
        bitrate_index, rate_index, padding = b2 >> 4, (b2 >> 2) & 0x3, (b2 >> 1) & 0x1
        if version == 1 or rate_index == 3 or ((b1 >> 1) & 0x3) != 1:
            break
        mpeg1 = version == 3
        kbps = (_BITRATES_V1_L3 if mpeg1 else _BITRATES_V2_L3)[bitrate_index]
        rate = _RATES[version][rate_index]
        samples_per_frame = 1152 if mpeg1 else 576
        length = (144 if mpeg1 else 72) * kbps * 1000 // rate + padding
        if length <= 4:
            break
        if first:
            first = False
            mono = (b3 >> 6) == 3
            side = (17 if mono else 32) if mpeg1 else (9 if mono else 17)
            tag = bytes(data[pos + 4 + side : pos + 8 + side])
            if tag in (b"Xing", b"Info"):
                pos += length
                continue
        frames += 1
        pos += length
    return frames, samples_per_frame

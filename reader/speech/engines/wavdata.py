"""Helpers the engine adapters share: decode WAV bytes, trim silence.

``espeak-ng --stdout`` streams, so its WAV header carries placeholder sizes
(``0x7ffff000`` or ``0xffffffff``) that the :mod:`wave` module trusts; the
parser here walks the chunks itself and takes everything after ``data``.
"""

from __future__ import annotations

import struct
from typing import Final


from reader.speech.engines.base import Audio
from reader.errors import ReaderError

SILENCE_THRESHOLD: Final = 80
"""Samples quieter than this (of 32767) count as silence when trimming."""
KEEP_LEADING: Final = 0.02
"""Seconds of silence kept before speech so the first consonant is not clipped."""
KEEP_TRAILING: Final = 0.05
"""Seconds kept after speech; the preset's pauses add the real gap."""


def parse_wav_bytes(data: bytes, source: str = "engine") -> Audio:
    """Decode a mono 16-bit PCM WAV held in memory, tolerating streamed
    headers whose size fields are placeholders."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ReaderError(f"{source} did not produce WAV audio ({len(data)} bytes of something else)")
    pos = 12
    sample_rate = channels = bits = 0
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        body = pos + 8
        if chunk_id == b"fmt ":
            fmt, channels, sample_rate = struct.unpack_from("<HHI", data, body)
            (bits,) = struct.unpack_from("<H", data, body + 14)
            if fmt not in (1, 0xFFFE):
                raise ReaderError(f"{source} produced compressed WAV (format {fmt}); expected plain PCM")
        elif chunk_id == b"data":
            if not sample_rate:
                raise ReaderError(f"{source} produced a WAV without a format chunk")
            # A streamed header's size is a placeholder: take what is there.
            pcm = data[body : body + size] if size < len(data) - body else data[body:]
            return _to_mono16(pcm, channels, bits, sample_rate, source)
        pos = body + size + (size & 1)
    raise ReaderError(f"{source} produced a WAV without audio data")


def _to_mono16(pcm: bytes, channels: int, bits: int, sample_rate: int, source: str) -> Audio:
    if bits != 16:
        raise ReaderError(f"{source} produced {bits}-bit audio; expected 16-bit")
    frame = 2 * max(channels, 1)
    pcm = pcm[: len(pcm) // frame * frame]
    if channels > 1:
        import numpy as np  # only when audio is decoded: keeps `import reader.speech.engines` light

        samples = np.frombuffer(pcm, dtype="<i2").reshape(-1, channels)
        pcm = samples.mean(axis=1).astype("<i2").tobytes()
    return Audio(pcm, sample_rate)


def trim_silence(
    audio: Audio,
    keep_leading: float = KEEP_LEADING,
    keep_trailing: float = KEEP_TRAILING,
    *,
    relative_db: float | None = None,
) -> Audio:
    """Cut leading and trailing silence, keeping a short margin.

    Engines end each utterance with their own sentence pause (espeak-ng: about
    0.3 s at 175 wpm, 0.9 s at 80 wpm); presets set pauses explicitly, so the
    engine's would double them. Audio that is all silence comes back empty.

    ``relative_db``: for neural voices, whose "silence" is a low breath or
    hiss rather than zeros, an edge is quiet when its 10 ms frames stay this
    many dB under the loudest frame (and under :data:`SILENCE_THRESHOLD` is
    always quiet).
    """
    import numpy as np  # only when audio is decoded: keeps `import reader.speech.engines` light

    samples = np.frombuffer(audio.pcm, dtype="<i2")
    level = np.abs(samples.astype(np.int32))
    if relative_db is None:
        loud = np.flatnonzero(level > SILENCE_THRESHOLD)
    else:
        frame = max(1, audio.sample_rate // 100)
        count = level.size // frame
        if count == 0:
            return audio
        rms = np.sqrt(np.mean(np.square(level[: count * frame].reshape(count, frame).astype(np.float64)), axis=1))
        floor = max(float(SILENCE_THRESHOLD), float(rms.max()) * 10 ** (relative_db / 20))
        frames = np.flatnonzero(rms > floor)
        loud = np.array([frames[0] * frame, (frames[-1] + 1) * frame - 1]) if frames.size else frames
    if loud.size == 0:
        return Audio(b"", audio.sample_rate)
    start = max(0, int(loud[0]) - round(keep_leading * audio.sample_rate))
    end = min(samples.size, int(loud[-1]) + 1 + round(keep_trailing * audio.sample_rate))
    return Audio(samples[start:end].tobytes(), audio.sample_rate)

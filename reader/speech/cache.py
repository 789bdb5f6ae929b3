"""On-disk cache of synthesized audio, keyed by everything that changes the
sound: engine identity, voice, rate, pitch, volume and the spoken text.

Entries are small WAV files written atomically, so a crash never leaves a
truncated entry and several processes may share the cache. Each carries a
digest of its samples after them; an entry whose header, rate, length or
digest disagrees is a miss and is removed, never played or exported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import threading
from pathlib import Path

from reader.speech.engines.base import Audio, SpeechSettings
from reader.paths import cache_dir


class AudioCache:
    """A content-addressed store of :class:`Audio` buffers."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else cache_dir() / "audio"

    @staticmethod
    def key(engine_identity: str, settings: SpeechSettings, text: str) -> str:
        payload = json.dumps(
            [engine_identity, settings.voice, settings.rate, settings.pitch, round(settings.volume, 3), text],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def get(self, key: str) -> Audio | None:
        """The entry, or ``None``: missing, or damaged in any way (then it is removed, to be replaced)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        audio = _parse_entry(data)
        if audio is None:
            _remove(path)  # random bytes, a wild rate, a cut: a miss, never audio
        return audio

    def put(self, key: str, audio: Audio) -> None:
        """Store ``audio`` under ``key``, atomically (temporary file, then
        rename). This runs once per synthesized sentence on the export's
        busy threads, so it avoids the general-purpose helpers' costs
        (``mkstemp``'s random names, ``chmod``, a ``mkdir`` per call): the
        temporary name is unique per process (a random token, since PIDs
        repeat across containers sharing a cache) and thread, and the folder
        is created only when it is missing."""
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{_PROCESS_TOKEN}.{os.getpid()}.{threading.get_ident()}.tmp")
        checksum = _checksum_chunk(audio.pcm)
        data = _wav_header(len(audio.pcm), audio.sample_rate, len(checksum)) + audio.pcm + checksum
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        try:
            try:
                fd = os.open(tmp, flags, 0o666)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(tmp, flags, 0o666)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            _remove(tmp)  # a cache that cannot be written is only slower, never an error
        except BaseException:
            _remove(tmp)
            raise


_PROCESS_TOKEN = os.urandom(4).hex()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")
_CHECKSUM_ID = b"rdsm"
_CHECKSUM_BYTES = 16
RATES = range(8_000, 192_001)
"""Sample rates an entry may have; anything else is damage."""
MAX_ENTRY_BYTES = 256 * 1024 * 1024


def _checksum_chunk(pcm: bytes) -> bytes:
    """A RIFF chunk after the samples (WAV readers skip it) with a digest of them."""
    return (
        _CHECKSUM_ID + struct.pack("<I", _CHECKSUM_BYTES) + hashlib.blake2b(pcm, digest_size=_CHECKSUM_BYTES).digest()
    )


def _parse_entry(data: bytes) -> Audio | None:
    """The audio of an entry as :meth:`AudioCache.put` writes it, or ``None`` when anything disagrees."""
    if len(data) < _HEADER.size + 8 + _CHECKSUM_BYTES or len(data) > MAX_ENTRY_BYTES:
        return None
    riff, _, wave_id, fmt, fmt_size, codec, channels, rate, byte_rate, align, bits, data_id, size = _HEADER.unpack_from(
        data
    )
    if (riff, wave_id, fmt, data_id) != (b"RIFF", b"WAVE", b"fmt ", b"data") or (
        fmt_size,
        codec,
        channels,
        align,
        bits,
    ) != (16, 1, 1, 2, 16):
        return None
    if rate not in RATES or byte_rate != 2 * rate or size % 2:
        return None
    pcm = data[_HEADER.size : _HEADER.size + size]
    if len(pcm) != size or data[_HEADER.size + size :] != _checksum_chunk(pcm):
        return None
    return Audio(pcm, rate)


def _wav_header(data_bytes: int, sample_rate: int, extra: int = 0) -> bytes:
    """The 44-byte header of a mono 16-bit PCM WAV file (what :mod:`wave`
    writes), for ``extra`` bytes of chunks after the samples."""
    return _HEADER.pack(
        b"RIFF",
        36 + data_bytes + extra,
        b"WAVE",
        b"fmt ",
        16,
        1,
        1,
        sample_rate,
        sample_rate * 2,
        2,
        16,
        b"data",
        data_bytes,
    )

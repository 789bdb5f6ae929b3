"""On-disk cache of synthesized audio, keyed by everything that changes the
sound: engine identity, voice, rate, pitch, volume and the spoken text.

Entries are small WAV files written atomically, so a crash never leaves a
truncated entry and several processes may share the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import threading
import wave
from pathlib import Path

from reader.engines.base import Audio, SpeechSettings
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
        path = self._path(key)
        try:
            with wave.open(str(path), "rb") as wav:
                if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                    return None
                frames = wav.getnframes()
                pcm = wav.readframes(frames)
                if len(pcm) != 2 * frames:
                    return None  # cut short (disk full, a crash in another program): synthesize again
                return Audio(pcm, wav.getframerate())
        except (OSError, EOFError, wave.Error):
            return None

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
        data = _wav_header(len(audio.pcm), audio.sample_rate) + audio.pcm
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


def _wav_header(data_bytes: int, sample_rate: int) -> bytes:
    """The 44-byte header of a mono 16-bit PCM WAV file (what :mod:`wave`
    writes)."""
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16, b"data", data_bytes,
    )

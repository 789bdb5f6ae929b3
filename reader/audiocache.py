"""On-disk cache of synthesized audio, keyed by everything that changes the
sound: engine identity, voice, rate, pitch, volume and the spoken text.

Entries are small WAV files written atomically, so a crash never leaves a
truncated entry and several processes may share the cache.
"""

from __future__ import annotations

import hashlib
import io
import json
import wave
from pathlib import Path

from reader.engines.base import Audio, SpeechSettings
from reader.fileio import write_bytes_atomic
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
                return Audio(wav.readframes(wav.getnframes()), wav.getframerate())
        except (OSError, EOFError, wave.Error):
            return None

    def put(self, key: str, audio: Audio) -> None:
        buf = io.BytesIO()
        with wave.open(buf, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(audio.sample_rate)
            wav.writeframes(audio.pcm)
        try:
            write_bytes_atomic(self._path(key), buf.getvalue(), fsync=False)
        except OSError:
            pass  # a cache that cannot be written is only slower, never an error

"""hibari: a small natural English voice (a distilled Kokoro-82M, Apache-2.0),
through onnxruntime on the CPU, 24 kHz.

Only voices already on this machine are offered: "heart" ships in the wheel;
hibari downloads its other voices on first use, which this adapter never
triggers (the reader works offline): a voice file already in hibari's cache
is used, any other is an error saying how to get it.
Rate: hibari's own speed control (0.5–2.0 of its natural pace, about 175
words a minute at 1.0); faster rates are clamped to 2.0 — espeak-ng is the
engine for 400 words a minute and up.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any, ClassVar, Final

from reader.engines import register
from reader.engines.base import DEFAULT_RATE, Audio, Engine, SpeechSettings, Voice
from reader.engines.wavdata import trim_silence
from reader.errors import ReaderError

INSTALL_HINT: Final = "pip install 'article-reader-tts[natural]' (the hibari-tts package with its heart voice)"
SAMPLE_RATE: Final = 24_000
MIN_SPEED: Final = 0.5
MAX_SPEED: Final = 2.0
QUIET_DB: Final = -40.0
"""Edge frames this far under the loudest are trimmed, as for Piper."""

VOICES: Final = {
    "heart": Voice(id="heart", name="heart (American English, female)", language="en-us", gender="female"),
    "fenrir": Voice(id="fenrir", name="fenrir (American English, male)", language="en-us", gender="male"),
    "emma": Voice(id="emma", name="emma (British English, female)", language="en-gb", gender="female"),
    "fable": Voice(id="fable", name="fable (British English, male)", language="en-gb", gender="male"),
    "kore": Voice(id="kore", name="kore (American English, female)", language="en-us", gender="female"),
}
DEFAULT_VOICE: Final = "heart"


def _on_disk(voice: str) -> bool:
    """The voice's model is here already (the packaged one, or one in hibari's cache): no download."""
    try:
        from hibari import voices as registry

        registry.voice_path(voice, download_missing=False)
        return True
    except Exception:  # noqa: BLE001 - absent (FileNotFoundError) or any trouble: not here, and never fetched
        return False


@register
class HibariEngine(Engine):
    """hibari's distilled Kokoro voices, offline."""

    name: ClassVar[str] = "hibari"
    description: ClassVar[str] = "hibari: a small natural English voice (distilled Kokoro), offline (optional extra)"
    install_hint: ClassVar[str] = INSTALL_HINT
    priority: ClassVar[int] = 15
    """Below espeak-ng for ``auto``: a preset or ``--engine`` asks for it (see the README's voice table)."""
    thread_safe: ClassVar[bool] = False

    def __init__(self) -> None:
        self._models: dict[str, Any] = {}
        self._lock = threading.Lock()

    def available(self) -> bool:
        return importlib.util.find_spec("hibari") is not None and importlib.util.find_spec("onnxruntime") is not None

    def voices(self) -> list[Voice]:
        return [voice for name, voice in VOICES.items() if _on_disk(name)]

    def _model(self, voice: str) -> Any:
        if voice not in VOICES:
            raise ReaderError(f"unknown hibari voice {voice!r}; choose one of: {', '.join(VOICES)}")
        if not _on_disk(voice):
            raise ReaderError(
                f"hibari voice {voice!r} is not on this machine and reader never downloads: "
                f"run 'hibari --voice {voice} \"hello\"' once while online, or use the heart voice"
            )
        model = self._models.get(voice)
        if model is None:
            if not self.available():
                raise ReaderError(f"the hibari engine is not installed; {INSTALL_HINT}")
            from hibari import Hibari

            try:
                model = self._models[voice] = Hibari(voice=voice, threads=1)
            except Exception as exc:  # noqa: BLE001 - onnxruntime and hibari raise their own types
                raise ReaderError(f"cannot load hibari voice {voice!r}: {exc}") from None
        return model

    def synthesize(self, text: str, settings: SpeechSettings) -> Audio:
        import numpy as np

        speed = max(MIN_SPEED, min(MAX_SPEED, settings.rate / DEFAULT_RATE))
        with self._lock:
            model = self._model(settings.voice or DEFAULT_VOICE)
            try:
                samples = model(text, speed=speed, seed=0)
            except Exception as exc:  # noqa: BLE001
                raise ReaderError(f"hibari could not speak {text[:40]!r}: {exc}") from None
        volume = max(0.0, min(settings.volume, 1.0))
        pcm = (np.clip(np.asarray(samples, dtype=np.float32) * volume, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return trim_silence(Audio(pcm, SAMPLE_RATE), relative_db=QUIET_DB)

    def identity(self) -> str:
        import importlib.metadata

        try:
            return f"{self.name} {importlib.metadata.version('hibari-tts')}"
        except importlib.metadata.PackageNotFoundError:
            return self.name


__all__ = ["HibariEngine"]

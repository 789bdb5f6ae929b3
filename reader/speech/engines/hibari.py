"""hibari: a small natural English voice (a distilled Kokoro-82M, Apache-2.0),
through onnxruntime on the CPU, 24 kHz.

Only voices already on this machine are offered: "heart" ships in the wheel;
hibari downloads its other voices on first use, which this adapter never
triggers (the reader works offline): a voice file already in hibari's cache
is used, any other is an error saying how to get it.
Rate: hibari's own speed control (0.5–2.0 of its natural pace, measured at
about 189 words a minute at 1.0 and 347 at 2.0 on the bundled article);
faster rates are clamped to 2.0, so ``auto`` hands rates over 340 words a
minute to espeak-ng.

Loaded models are shared by every instance in the process, so a model
warmed up on a background thread (:meth:`HibariEngine.warm_up`) is the one the
first sentence uses.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import Any, ClassVar, Final

from reader.speech.engines import register
from reader.speech.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.speech.engines.wavdata import trim_silence
from reader.errors import ReaderError

INSTALL_HINT: Final = "pip install 'article-reader-tts[natural]' (the hibari-tts package with its heart voice)"
SAMPLE_RATE: Final = 24_000
MIN_SPEED: Final = 0.5
MAX_SPEED: Final = 2.0
NATURAL_PACE: Final = 189
"""Words a minute at speed 1.0 (measured on the bundled article, pauses trimmed)."""
PRIMER: Final = "Hello."
"""Spoken (and thrown away) once when a voice loads: the first sentence then starts at once."""
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

_MODELS: dict[str, list[Any]] = {}
"""Loaded models by voice that no thread is using, shared by all instances.
Each model serves one sentence at a time; a second thread gets a second model
(sharing the first one's spelling-to-sound tables), so two cores work at once."""
_SPELLING: dict[str, Any] = {}
"""Each voice's primed spelling-to-sound object, shared by its models."""
_LOADED: dict[str, int] = {}
"""How many models of each voice exist."""
_MODELS_LOCK = threading.Lock()
"""Guards the free lists (held only for a moment)."""
_LOAD_LOCK = threading.Lock()
"""Serialises loading, so the tables are read once per voice."""


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
    priority: ClassVar[int] = 60
    """Above espeak-ng for ``auto``: the most intelligible engine measured
    (word error rate 15 % against espeak-ng's 84 %) and fast enough on one
    core (about 100× real time, 30 ms for a sentence) to answer keys at once."""
    max_rate: ClassVar[int] = 340
    pitch_control: ClassVar[bool] = False
    languages: ClassVar[tuple[str, ...]] = ("en",)
    thread_safe: ClassVar[bool] = True
    """Each thread speaks with its own model (see ``_MODELS``)."""

    def available(self) -> bool:
        return importlib.util.find_spec("hibari") is not None and importlib.util.find_spec("onnxruntime") is not None

    def voices(self) -> list[Voice]:
        return [voice for name, voice in VOICES.items() if _on_disk(name)]

    def _acquire(self, voice: str) -> Any:
        """A model of ``voice`` for this thread alone; give it back with :meth:`_release`."""
        if voice not in VOICES:
            raise ReaderError(f"unknown hibari voice {voice!r}; choose one of: {', '.join(VOICES)}")
        with _MODELS_LOCK:
            free = _MODELS.get(voice)
            if free:
                return free.pop()
        with _LOAD_LOCK:
            with _MODELS_LOCK:  # one may have come back (or loaded) while this thread waited
                free = _MODELS.get(voice)
                if free:
                    return free.pop()
            return self._load(voice)

    def _load(self, voice: str) -> Any:
        """A new model of ``voice`` (the caller holds ``_LOAD_LOCK``)."""
        if not _on_disk(voice):
            raise ReaderError(
                f"hibari voice {voice!r} is not on this machine and reader never downloads: "
                f"run 'hibari --voice {voice} \"hello\"' once while online, or use the heart voice"
            )
        if not self.available():
            raise ReaderError(f"the hibari engine is not installed; {INSTALL_HINT}")
        from hibari import Hibari

        shared = _SPELLING.get(voice)
        try:
            model = Hibari(voice=voice, threads=1, g2p=shared)
            if shared is None:
                model(PRIMER, speed=1.0, seed=0)  # loads the spelling-to-sound tables (a quarter second)
                _SPELLING[voice] = model.g2p
        except Exception as exc:  # noqa: BLE001 - onnxruntime and hibari raise their own types
            raise ReaderError(f"cannot load hibari voice {voice!r}: {exc}") from None
        _LOADED[voice] = _LOADED.get(voice, 0) + 1
        return model

    @staticmethod
    def _release(voice: str, model: Any) -> None:
        with _MODELS_LOCK:
            _MODELS.setdefault(voice, []).append(model)

    def warm_up(self, voice: str | None = None) -> None:
        """Load and prime one model; on a machine with more cores, then a
        second one, for the prefetcher to use beside a sentence jumped to."""
        voice = voice or DEFAULT_VOICE
        self._release(voice, self._acquire(voice))
        if (os.cpu_count() or 1) > 1:
            with _LOAD_LOCK:
                second = self._load(voice) if _LOADED.get(voice, 0) < 2 else None
            if second is not None:
                self._release(voice, second)

    def synthesize(self, text: str, settings: SpeechSettings) -> Audio:
        import numpy as np

        speed = max(MIN_SPEED, min(MAX_SPEED, settings.rate / NATURAL_PACE))
        voice = settings.voice or DEFAULT_VOICE
        model = self._acquire(voice)
        try:
            samples = model(text, speed=speed, seed=0)
        except Exception as exc:  # noqa: BLE001
            raise ReaderError(f"hibari could not speak {text[:40]!r}: {exc}") from None
        finally:
            self._release(voice, model)
        volume = max(0.0, min(settings.volume, 1.0))
        pcm = (np.clip(np.asarray(samples, dtype=np.float32) * volume, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return trim_silence(Audio(pcm, SAMPLE_RATE), relative_db=QUIET_DB)

    def identity(self) -> str:
        import importlib.metadata

        try:
            return f"{self.name} {importlib.metadata.version('hibari-tts')} pace {NATURAL_PACE}"
        except importlib.metadata.PackageNotFoundError:
            return self.name


__all__ = ["HibariEngine"]

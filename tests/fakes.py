"""A fake speech engine for unit tests of logic built on engines.

:class:`FakeEngine` is deterministic (a 16 kHz tone whose length follows the
word count and the rate) and records every request, so tests can assert
*what* was asked for. It is not in the global registry unless a test calls
:func:`install_fake_engine`. Tests where users meet the engine use real
espeak-ng instead.
"""

from __future__ import annotations

import math
import threading
from typing import ClassVar

import numpy as np

from reader.speech.engines import ENGINES
from reader.speech.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.errors import ReaderError

FAKE_SAMPLE_RATE = 16000
TONE_HZ = 440.0
MIN_SECONDS = 0.1
"""Even one word gets this much audio, like a real engine."""


def fake_duration(text: str, rate: int) -> float:
    """Seconds of audio FakeEngine makes: one word lasts 60/rate seconds."""
    words = len(text.split())
    return max(MIN_SECONDS, words * 60.0 / max(rate, 1))


class FakeEngine(Engine):
    """Deterministic engine that records what it was asked to say."""

    name: ClassVar[str] = "fake"
    description: ClassVar[str] = "test engine: a tone as long as the words would take"
    install_hint: ClassVar[str] = "only for tests"
    priority: ClassVar[int] = 0
    thread_safe: ClassVar[bool] = True

    VOICES: ClassVar[list[Voice]] = [
        Voice(id="fake-us", name="Fake American", language="en-us", gender="female"),
        Voice(id="fake-gb", name="Fake British", language="en-gb", gender="male"),
        Voice(id="fake-fr", name="Fake French", language="fr", gender=""),
    ]

    def __init__(
        self, sample_rate: int = FAKE_SAMPLE_RATE, fail_on: str | None = None, is_available: bool = True
    ) -> None:
        self.sample_rate = sample_rate
        self.fail_on = fail_on
        """Text containing this raises ReaderError (to test error paths)."""
        self.is_available = is_available
        self.calls: list[tuple[str, SpeechSettings]] = []
        """Every ``synthesize`` request, in order."""
        self._lock = threading.Lock()

    @property
    def texts(self) -> list[str]:
        """Just the texts asked for, in order."""
        return [text for text, _ in self.calls]

    def available(self) -> bool:
        return self.is_available

    def voices(self) -> list[Voice]:
        return list(self.VOICES)

    def identity(self) -> str:
        return f"fake {self.sample_rate}"

    def synthesize(self, text: str, settings: SpeechSettings) -> Audio:
        with self._lock:
            self.calls.append((text, settings))
        if self.fail_on is not None and self.fail_on in text:
            raise ReaderError(f"fake engine refuses {self.fail_on!r}")
        if settings.voice is not None and settings.voice not in {v.id for v in self.VOICES}:
            raise ReaderError(f"unknown voice {settings.voice!r} for fake")
        if not text.strip():
            return Audio(b"", self.sample_rate)
        frames = round(fake_duration(text, settings.rate) * self.sample_rate)
        t = np.arange(frames) / self.sample_rate
        amplitude = 8000 * max(0.0, min(settings.volume, 1.0))
        samples = amplitude * np.sin(2 * math.pi * TONE_HZ * t)
        return Audio(samples.astype("<i2").tobytes(), self.sample_rate)


def install_fake_engine(
    monkeypatch, engine: FakeEngine | None = None, make_default: bool = True, name: str = "fake"
) -> FakeEngine:
    """Register ``engine`` (a new FakeEngine by default) as ``name``.

    ``get_engine("fake")`` then returns this very instance, so the test can
    inspect ``engine.calls``; with ``make_default`` it also wins ``auto``.
    Undone by ``monkeypatch`` at the end of the test.
    """
    instance = engine or FakeEngine()
    instance.name = name  # type: ignore[misc]  # a second fake can sit beside the first

    class Registered(type(instance)):  # type: ignore[misc, valid-type]
        priority: ClassVar[int] = 1000 if make_default else 0

        def __new__(cls, *args, **kwargs):  # always the same, inspectable instance
            return instance

        def __init__(self, *args, **kwargs) -> None:  # already initialised
            pass

    Registered.name = name
    monkeypatch.setitem(ENGINES, name, Registered)
    return instance

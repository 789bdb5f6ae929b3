"""The engine interface: synthesize one sentence into a PCM buffer.

Every engine (espeak-ng, pyttsx3, piper, the fake one in the tests) turns one
piece of text into an :class:`Audio` buffer; playback and export are built on
top of that, never on an engine's own playback.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import ClassVar

from reader.document.language import primary_language
from reader.rates import DEFAULT_RATE, MAX_RATE


@dataclass(frozen=True)
class Voice:
    """A voice an engine offers."""

    id: str
    """What ``--voice`` accepts for this engine."""
    name: str
    language: str = ""
    """Language code such as ``en-us`` (may be empty when unknown)."""
    gender: str = ""
    """``male``, ``female`` or empty when the engine does not say."""


@dataclass(frozen=True)
class SpeechSettings:
    """How to speak: the engine-independent knobs a preset sets."""

    voice: str | None = None
    """Engine voice id; ``None`` = the engine's default voice."""
    rate: int = DEFAULT_RATE
    """Words per minute."""
    pitch: int = 50
    """0–100, 50 = the voice's normal pitch."""
    volume: float = 1.0
    """0.0–1.0."""


@dataclass(frozen=True)
class Audio:
    """Mono signed 16-bit little-endian PCM."""

    pcm: bytes
    sample_rate: int

    @property
    def frames(self) -> int:
        return len(self.pcm) // 2

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0


class Engine(abc.ABC):
    """A speech synthesizer. Subclasses are registered in :mod:`reader.speech.engines`."""

    name: ClassVar[str]
    """Registry key, e.g. ``"espeak-ng"``."""
    description: ClassVar[str] = ""
    install_hint: ClassVar[str] = ""
    """How to make the engine available, shown when it is not."""
    priority: ClassVar[int] = 0
    """``auto`` picks the available engine with the highest priority that
    suits the rate and language (see :meth:`suits`)."""
    max_rate: ClassVar[int] = MAX_RATE
    """The fastest rate (words per minute) the engine speaks; faster is clamped."""
    pitch_control: ClassVar[bool] = True
    """Whether :attr:`SpeechSettings.pitch` changes the voice (headings are said higher with it)."""
    languages: ClassVar[tuple[str, ...]] = ()
    """Language codes the engine speaks (``("en",)``); empty = many, as espeak-ng."""
    thread_safe: ClassVar[bool] = True
    """Whether :meth:`synthesize` may be called from several threads at once."""

    @abc.abstractmethod
    def available(self) -> bool:
        """True when the engine can synthesize on this machine (cheap check)."""

    @abc.abstractmethod
    def voices(self) -> list[Voice]:
        """The voices this engine offers here."""

    @abc.abstractmethod
    def synthesize(self, text: str, settings: SpeechSettings) -> Audio:
        """Speak ``text`` (one sentence or clause) into a PCM buffer.

        Raises :class:`reader.errors.ReaderError` with a clear message when
        synthesis fails.
        """

    def suits(self, rate: int | None = None, language: str | None = None) -> bool:
        """Whether ``auto`` may choose this engine for ``rate`` words per minute
        and an article in ``language`` (either unknown: ``None``)."""
        if rate is not None and rate > self.max_rate:
            return False
        if language and self.languages:
            return primary_language(language) in self.languages
        return True

    def warm_up(self, voice: str | None = None) -> None:
        """Load what the first :meth:`synthesize` would (a neural model), so a
        caller can do it on a background thread while it prepares the
        article. Engines with nothing to load keep this no-op."""
        return None

    def find_voice(self, query: str) -> Voice | None:
        """The voice ``--voice query`` means: exact id, else a case-insensitive
        id or name match; ``None`` when nothing matches. Engines whose voices
        can also be given as file paths (Piper) override this."""
        voices = self.voices()
        for voice in voices:
            if voice.id == query:
                return voice
        folded = query.casefold()
        for voice in voices:
            if folded in (voice.id.casefold(), voice.name.casefold()):
                return voice
        return None

    def identity(self) -> str:
        """A string that changes when the same text would sound different
        (engine name and version); part of the synthesis cache key."""
        return self.name

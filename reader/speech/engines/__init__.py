"""Engine registry.

Built-in engines register exactly as a plug-in would: by adding their class
to :data:`ENGINES`. ``auto`` picks the available engine with the highest
``priority`` that suits the rate and the article's language: the priorities
rank the engines by how intelligible they measured (``benchmarks/voices.py``),
among those fast enough to answer a key at once. ``READER_ENGINE`` replaces
``auto`` for a user who always wants one engine.
"""

from __future__ import annotations

import os
import threading
from typing import Final, Iterator

from reader.speech.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.errors import ReaderError, UsageError

ENGINES: dict[str, type[Engine]] = {}


def register(cls: type[Engine]) -> type[Engine]:
    """Class decorator: add an engine class to the registry."""
    ENGINES[cls.name] = cls
    return cls


_BUILTINS: Final = ("espeak", "pyttsx3_engine", "piper", "hibari")
_loaded = False
_loading = threading.RLock()


def _load_builtins() -> None:
    """Import the built-in adapters (they register themselves) the first time
    an engine is wanted, not when ``reader.speech.engines.base``'s value types are:
    the navigator, the cache and ``reader --help`` never pay for them.

    Thread-safe: the voice's background warm-up and the main thread both ask
    at start-up, and neither may see the registry half filled."""
    global _loaded
    if _loaded:
        return
    with _loading:
        if _loaded:
            return
        import importlib

        for module in _BUILTINS:
            importlib.import_module(f"reader.speech.engines.{module}")
        _loaded = True


def registered() -> dict[str, type[Engine]]:
    """Every registered engine class by name, the built-ins loaded."""
    _load_builtins()
    return ENGINES


ENGINE_ENV: Final = "READER_ENGINE"
"""Environment variable naming the engine (or preference list) ``auto`` means."""


def ranked() -> Iterator[Engine]:
    """The available engines, a fresh instance of each, in ``auto``'s order (highest priority first)."""
    _load_builtins()
    for cls in sorted(ENGINES.values(), key=lambda c: -c.priority):
        engine = cls()
        if engine.available():
            yield engine


def get_engine(name: str = "auto", *, rate: int | None = None, language: str | None = None) -> Engine:
    """Return an available engine instance by name (or the best for ``auto``).

    ``name`` may be a comma-separated preference list such as
    ``"piper, espeak-ng"``: the first available one is used, and the error
    for the last one is raised if none is. For ``auto``, ``rate`` (words per
    minute) and ``language`` (the article's) rule out engines that cannot
    speak them (:meth:`Engine.suits`).
    """
    _load_builtins()
    if name == "auto":
        name = os.environ.get(ENGINE_ENV, "").strip() or "auto"
    if "," in name:
        choices = [n.strip() for n in name.split(",") if n.strip()]
        for choice in choices[:-1]:
            try:
                engine = get_engine(choice, rate=rate, language=language)
            except ReaderError:
                continue
            if engine.suits(rate, language):
                return engine
        return get_engine(choices[-1], rate=rate, language=language)
    if name == "auto":
        fallback: Engine | None = None
        for engine in ranked():
            if engine.suits(rate, language):
                return engine
            fallback = fallback or engine
        if fallback is not None:  # nothing suits: the best there is, clamping the rate
            return fallback
        candidates = sorted(ENGINES.values(), key=lambda c: -c.priority)
        hints = "; ".join(f"{c.name}: {c.install_hint}" for c in candidates if c.install_hint)
        raise ReaderError(f"no speech engine is available ({hints})")
    try:
        cls = ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES)) or "none"
        raise UsageError(f"unknown engine {name!r}; choose one of: auto, {known}") from None
    engine = cls()
    if not engine.available():
        raise ReaderError(f"engine {name!r} is not available: {cls.install_hint}")
    return engine


__all__ = [
    "Audio",
    "Engine",
    "SpeechSettings",
    "Voice",
    "ENGINES",
    "ENGINE_ENV",
    "register",
    "registered",
    "ranked",
    "get_engine",
]

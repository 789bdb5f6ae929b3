"""Engine registry.

Built-in engines register exactly as a plug-in would: by adding their class
to :data:`ENGINES`. ``auto`` picks the available engine with the highest
``priority``.
"""

from __future__ import annotations

from typing import Final

from reader.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.errors import ReaderError, UsageError

ENGINES: dict[str, type[Engine]] = {}


def register(cls: type[Engine]) -> type[Engine]:
    """Class decorator: add an engine class to the registry."""
    ENGINES[cls.name] = cls
    return cls


_BUILTINS: Final = ("espeak", "pyttsx3_engine", "piper", "hibari")
_loaded = False


def _load_builtins() -> None:
    """Import the built-in adapters (they register themselves) the first time
    an engine is wanted, not when ``reader.engines.base``'s value types are:
    the navigator, the cache and ``reader --help`` never pay for them."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in _BUILTINS:
        importlib.import_module(f"reader.engines.{module}")


def registered() -> dict[str, type[Engine]]:
    """Every registered engine class by name, the built-ins loaded."""
    _load_builtins()
    return ENGINES


def get_engine(name: str = "auto") -> Engine:
    """Return an available engine instance by name (or the best for ``auto``).

    ``name`` may be a comma-separated preference list such as
    ``"piper, espeak-ng"``: the first available one is used, and the error
    for the last one is raised if none is.
    """
    _load_builtins()
    if "," in name:
        choices = [n.strip() for n in name.split(",") if n.strip()]
        for choice in choices[:-1]:
            try:
                return get_engine(choice)
            except ReaderError:
                continue
        return get_engine(choices[-1])
    if name == "auto":
        candidates = sorted(ENGINES.values(), key=lambda c: -c.priority)
        for cls in candidates:
            engine = cls()
            if engine.available():
                return engine
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


__all__ = ["Audio", "Engine", "SpeechSettings", "Voice", "ENGINES", "register", "registered", "get_engine"]

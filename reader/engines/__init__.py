"""Engine registry.

Built-in engines register exactly as a plug-in would: by adding their class
to :data:`ENGINES`. ``auto`` picks the available engine with the highest
``priority``.
"""

from __future__ import annotations

from reader.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.errors import ReaderError, UsageError

ENGINES: dict[str, type[Engine]] = {}


def register(cls: type[Engine]) -> type[Engine]:
    """Class decorator: add an engine class to the registry."""
    ENGINES[cls.name] = cls
    return cls


def _load_builtins() -> None:
    # Imported for their side effect of registering. Each module imports
    # cheaply: optional third-party packages are imported lazily inside.
    import importlib

    for module in ("espeak", "pyttsx3_engine", "piper"):
        importlib.import_module(f"reader.engines.{module}")


_load_builtins()


def get_engine(name: str = "auto") -> Engine:
    """Return an available engine instance by name (or the best for ``auto``).

    ``name`` may be a comma-separated preference list such as
    ``"piper, espeak-ng"``: the first available one is used, and the error
    for the last one is raised if none is.
    """
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


__all__ = ["Audio", "Engine", "SpeechSettings", "Voice", "ENGINES", "register", "get_engine"]

"""Who speaks: a preset (with command-line overrides) bound to an engine.

Every speaking command (``listen``, ``export``, ``preview``) calls
:func:`resolve_speaker`, so an unknown preset, engine or voice fails the
same way everywhere, before any audio is made.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reader.engines import get_engine
from reader.engines.base import Engine, Voice
from reader.errors import UsageError
from reader.presets import Preset, load_preset

MAX_SUGGESTIONS = 8
"""How many voice ids an "unknown voice" message lists."""


@dataclass(frozen=True)
class Speaker:
    """A preset whose voices are known to exist on its engine."""

    preset: Preset
    """With ``voice``/``heading_voice`` normalised to engine voice ids."""
    engine: Engine


def resolve_speaker(
    preset: str | None = None,
    voice: str | None = None,
    rate: int | None = None,
    engine: str | None = None,
) -> Speaker:
    """Load ``preset``, apply ``--voice``/``--rate``/``--engine``, pick the
    engine and check the voices exist on it.

    Raises :class:`UsageError` naming the choices when any of them is unknown.
    """
    if engine is None and voice is not None and voice.lower().endswith(".onnx"):
        engine = "piper"  # a voice model file only Piper reads; the preset's engine would not know it
    chosen = load_preset(preset).with_overrides(voice=voice, rate=rate, engine=engine)
    speech_engine = get_engine(chosen.engine)
    if _fell_back(chosen.engine, speech_engine) and voice is None:
        # A preset's voices belong to the engine it prefers (a Piper voice in
        # "piper, espeak-ng"); on the fallback engine use that engine's own.
        chosen = dataclasses.replace(
            chosen,
            voice=_known_or_none(speech_engine, chosen.voice),
            heading_voice=_known_or_none(speech_engine, chosen.heading_voice),
        )
    chosen = dataclasses.replace(
        chosen,
        voice=_checked_voice(speech_engine, chosen.voice),
        heading_voice=_checked_voice(speech_engine, chosen.heading_voice),
    )
    return Speaker(preset=chosen, engine=speech_engine)


def _fell_back(requested: str, engine: Engine) -> bool:
    """Whether ``engine`` is not the first of a preference list like
    ``"piper, espeak-ng"``."""
    choices = [c.strip() for c in requested.split(",") if c.strip()]
    return len(choices) > 1 and choices[0] != engine.name


def _known_or_none(engine: Engine, query: str | None) -> str | None:
    return query if query is not None and find_voice(engine, query) is not None else None


def find_voice(engine: Engine, query: str) -> Voice | None:
    """The engine's own match (id, then name), else the first voice whose
    language is ``query`` (so ``--voice en-us`` works on every engine)."""
    found = engine.find_voice(query)
    if found is not None:
        return found
    folded = query.casefold().replace("_", "-")
    return next((v for v in engine.voices() if v.language.casefold() == folded), None)


def _checked_voice(engine: Engine, query: str | None) -> str | None:
    if query is None:
        return None
    found = find_voice(engine, query)
    if found is None:
        raise UsageError(unknown_voice_message(engine, query))
    return found.id


def unknown_voice_message(engine: Engine, query: str) -> str:
    """ "unknown voice 'xx' for espeak-ng; try one of: en-us, en-gb, … (see …)"."""
    voices = engine.voices()
    # Shortest English ids first: en-gb and en-us before en-gb-x-rp.
    english = sorted((v.id for v in voices if v.language.startswith("en")), key=lambda i: (len(i), i))
    others = [v.id for v in voices if not v.language.startswith("en")]
    suggestions = (english + others)[:MAX_SUGGESTIONS]
    more = ", …" if len(voices) > len(suggestions) else ""
    listing = ", ".join(suggestions) + more if suggestions else "none installed"
    return (
        f"unknown voice {query!r} for {engine.name}; try one of: {listing} (see 'reader voices --engine {engine.name}')"
    )

"""Who speaks: a preset (with command-line overrides) bound to an engine.

Every speaking command (``listen``, ``export``, ``preview``) calls
:func:`resolve_speaker`, so an unknown preset, engine or voice fails the
same way everywhere, before any audio is made.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Final

from reader.document.language import language_tag, primary_language
from reader.speech.engines import get_engine
from reader.speech.engines.base import Engine, Voice
from reader.errors import UsageError
from reader.speech.presets import Preset, load_preset

MAX_SUGGESTIONS = 8
"""How many voice ids an "unknown voice" message lists."""


@dataclass(frozen=True)
class Speaker:
    """A preset whose voices are known to exist on its engine."""

    preset: Preset
    """With ``voice``/``heading_voice`` normalised to engine voice ids."""
    engine: Engine
    fast_engine: Engine | None = None
    """When ``auto`` chose an engine with a rate ceiling (hibari): the engine
    that speaks rates above it (espeak-ng), so ``+`` keeps working up to 900."""

    @property
    def heading_chime(self) -> bool:
        """Whether headings start with a chime while listening: the preset's
        ``heading_sound``, and for ``auto`` when the engine cannot say them higher."""
        sound = self.preset.heading_sound
        return sound == "on" or (sound == "auto" and not self.engine.pitch_control)

    @property
    def max_rate(self) -> int:
        """The fastest rate this speaker can honour."""
        return max(self.engine.max_rate, self.fast_engine.max_rate if self.fast_engine else 0)


def resolve_speaker(
    preset: str | None = None,
    voice: str | None = None,
    rate: int | None = None,
    engine: str | None = None,
    language: str | None = None,
    rate_may_change: bool = False,
) -> Speaker:
    """Load ``preset``, apply ``--voice``/``--rate``/``--engine``, pick the
    engine (``auto``: the best that suits the rate and the article's
    ``language``) and check the voices exist on it. Where no voice is named,
    the engine's voice for the language the article is spoken in
    (:func:`voice_for_language`).

    ``rate_may_change`` (listening, where ``+`` and ``-`` change it): for
    ``auto``, the engine is chosen as if for an ordinary rate, with the
    fast engine taking the rates above its ceiling, so a listener who
    starts fast can still slow down into the natural voice.

    Raises :class:`UsageError` naming the choices when any of them is unknown.
    """
    chosen, speech_engine = _choose(preset, voice, rate, engine, language, rate_may_change)
    fast_engine = _fast_engine(speech_engine, language) if chosen.engine == "auto" else None
    if _fell_back(chosen.engine, speech_engine) and voice is None:
        # A preset's voices belong to the engine it prefers (a Piper voice in
        # "piper, espeak-ng"); on the fallback engine use that engine's own.
        chosen = dataclasses.replace(
            chosen,
            voice=_known_or_none(speech_engine, chosen.voice),
            heading_voice=_known_or_none(speech_engine, chosen.heading_voice),
        )
    if voice is None and chosen.voice is None and chosen.heading_voice is None and language:
        # no voice named anywhere: one of the language the text is spoken in (the preset's, else the article's)
        from reader.speech.spoken import speech_language

        spoken = speech_language(chosen.language, language)
        chosen = dataclasses.replace(chosen, voice=voice_for_language(speech_engine, spoken))
    chosen = dataclasses.replace(
        chosen,
        voice=_checked_voice(speech_engine, chosen.voice),
        heading_voice=_checked_voice(speech_engine, chosen.heading_voice),
    )
    return Speaker(preset=chosen, engine=speech_engine, fast_engine=fast_engine)


def _choose(
    preset: str | None,
    voice: str | None,
    rate: int | None,
    engine: str | None,
    language: str | None,
    rate_may_change: bool,
) -> tuple[Preset, Engine]:
    """The preset with the command line's overrides, and the engine that speaks it (see :func:`resolve_speaker`)."""
    if engine is None and voice is not None and voice.lower().endswith(".onnx"):
        engine = "piper"  # a voice model file only Piper reads; the preset's engine would not know it
    chosen = load_preset(preset).with_overrides(voice=voice, rate=rate, engine=engine)
    speech_engine = get_engine(chosen.engine, rate=None if rate_may_change else chosen.rate, language=language)
    if chosen.engine == "auto" and voice is not None and find_voice(speech_engine, voice) is None:
        # ``--voice en-gb-x-rp`` names another engine's voice: auto picks one that has it.
        speech_engine = _engine_with_voice(voice, chosen.rate, language) or speech_engine
    return chosen, speech_engine


def _engine_with_voice(voice: str, rate: int, language: str | None) -> Engine | None:
    """The best available engine (in ``auto``'s order) that has ``voice``."""
    from reader.speech.engines import ranked

    return next((e for e in ranked() if e.suits(rate, language) and find_voice(e, voice) is not None), None)


def _fast_engine(engine: Engine, language: str | None) -> Engine | None:
    """For ``auto``: the engine that takes over above ``engine``'s rate ceiling."""
    from reader.errors import ReaderError
    from reader.rates import MAX_RATE

    if engine.max_rate >= MAX_RATE:
        return None
    try:
        fast = get_engine("auto", rate=MAX_RATE, language=language)
    except ReaderError:
        return None
    return fast if fast.name != engine.name and fast.max_rate > engine.max_rate else None


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
    folded = language_tag(query)
    return next((v for v in engine.voices() if v.language.casefold() == folded), None)


_SAME_LANGUAGE: Final = {"zh": ("cmn", "yue"), "no": ("nb",), "nn": ("nb",)}
"""A language's code → the codes engines list its voices under (espeak-ng's Mandarin is ``cmn``)."""


def language_matches(voice_language: str, wanted: str) -> bool:
    """``en`` matches ``en``, ``en-us`` and ``en-gb-x-rp``; ``en-gb`` does not match ``en-us``."""
    have, want = language_tag(voice_language), language_tag(wanted)
    return have == want or have.startswith(want + "-")


def voice_for_language(engine: Engine, language: str) -> str | None:
    """The engine's voice for an article in ``language``, or ``None`` for its default voice.

    An English article keeps the default (every engine's default speaks English); any other gets a voice
    that speaks its language (for ``fr-CA``: ``fr-ca``, else ``fr``, else ``fr-fr``, else another ``fr-…``), so
    a German article is not read by the English voice. ``None`` too when the engine has no voice for it."""
    wanted, base = language_tag(language), primary_language(language)
    if base == "en":
        return None
    voices = engine.voices()
    for code in (wanted, base, *_SAME_LANGUAGE.get(base, ())):
        matching = [v for v in voices if language_matches(v.language, code)]
        if matching:
            # the language itself, then its home country's (fr-fr before fr-be), then any country's, in order
            return min(
                matching, key=lambda v: (language_tag(v.language) != code, language_tag(v.language) != f"{code}-{code}")
            ).id
    return None


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


def warm_up_in_background(
    preset: str | None = None,
    voice: str | None = None,
    rate: int | None = None,
    engine: str | None = None,
    rate_may_change: bool = False,
) -> threading.Thread:
    """Load, on a background thread, the model of the engine that
    :func:`resolve_speaker` picks from the same arguments (the article's
    language is not known yet), so it loads while the article is read and
    planned. Only the choice is made here, not the voice checks and the fast
    engine: they would delay the load. Any trouble is left for the main
    thread's own :func:`resolve_speaker` to report."""

    def load() -> None:
        try:
            chosen, speech_engine = _choose(preset, voice, rate, engine, None, rate_may_change)
            found = find_voice(speech_engine, chosen.voice) if chosen.voice else None
            speech_engine.warm_up(found.id if found else None)
        except Exception:  # noqa: BLE001 - reported properly by resolve_speaker on the main thread
            pass

    # Not a daemon: a command that fails while the model loads waits for the
    # load to end before the interpreter shuts down (onnxruntime aborts the
    # process when its session is torn down half made).
    thread = threading.Thread(target=load, name="engine-warm-up", daemon=False)
    thread.start()
    return thread

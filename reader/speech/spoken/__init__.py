"""Spoken-text normalisation: turn written text into what the engine should say.

Speech engines read digits, symbols and abbreviations badly and
inconsistently (``$49.95``, ``8:30 am``, ``e.g.``, ``https://…``), so every
sentence goes through :func:`to_spoken` before synthesis. The rules are a
fixed sequence of compiled regular-expression passes; order matters (URLs
before anything that touches dots, dates before ranges, currency before plain
numbers) and is spelled out in :meth:`reader.speech.spoken.rules.SpokenRules._passes`.

Language: number words come from ``num2words`` in the article's language;
the other words (currency names, "percent", "and", month names…) come from a
:class:`LanguageWords` table. English is complete; German and French have the
basics (numbers, currency, percent, dates, times, a few abbreviations); any
other language gets its number words from ``num2words`` when it knows the
language and English for everything else. English-only rules (units,
fractions, ordinals like ``3rd``, decades, the year heuristic) are not applied
to other languages, whose engines usually read those correctly themselves.

:func:`to_spoken` never raises: a rule that fails on some odd input is
skipped (``strict=True`` re-raises, for tests).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from reader.speech.spoken.numbers import NumberWords
from reader.speech.spoken.rules import SpokenRules
from reader.speech.spoken.words import ENGLISH, FRENCH, GERMAN, LANGUAGES, Currency, LanguageWords, language_words

if TYPE_CHECKING:
    from reader.speech.utterances import Normalizer


@functools.lru_cache(maxsize=16)
def rules_for(language: str = "en") -> SpokenRules:
    """The compiled rules for ``language`` (built once per language)."""
    return SpokenRules(language)


def to_spoken(text: str, language: str = "en", *, strict: bool = False) -> str:
    """What the engine should say for ``text`` written in ``language``.

    Never raises (unless ``strict``, which re-raises a failing rule's error).
    """
    if not isinstance(text, str) or not text:
        return "" if not isinstance(text, str) else text
    try:
        rules = rules_for(language if isinstance(language, str) else "en")
    except Exception:  # noqa: BLE001
        if strict:
            raise
        rules = rules_for("en")
    return rules(text, strict=strict)


def speech_language(preset_language: str | None, article_language: str | None) -> str:
    """The language to normalise in: the preset's, unless the preset says
    only the default ``en`` and the article declares another language (a
    German article read with the default preset gets German numbers)."""
    preset_language = (preset_language or "").strip()
    article_language = (article_language or "").strip()
    if preset_language and (preset_language.lower() != "en" or not article_language):
        return preset_language
    return article_language or preset_language or "en"


def make_normalizer(language: str = "en", pronunciations: bool | Path | str = True) -> "Normalizer":
    """A :data:`reader.speech.utterances.Normalizer` for ``language``.

    ``pronunciations``: ``True`` = the user's ``pronunciations.toml`` if it
    exists, ``False`` = none, a path = that file (which must exist).

    The user's rules run *first*, on the text as written: that is the text the
    user sees on screen and writes patterns against, and it lets a rule
    override a built-in one (``St\\. Louis`` → ``Saint Louis``). Their output
    then goes through the built-in rules, so a replacement may use digits or
    symbols.

    Raises :class:`reader.errors.ReaderError` for a broken pronunciation file
    (once, here); the returned function never raises.
    """
    from reader.speech.pronunciations import apply_rules, load_pronunciations

    if pronunciations is False:
        rules = []
    elif pronunciations is True:
        rules = load_pronunciations()
    else:
        rules = load_pronunciations(Path(pronunciations))
    spoken = rules_for(language)

    def normalize(text: str) -> str:
        return spoken(apply_rules(rules, text))

    return normalize


__all__ = [
    "ENGLISH",
    "FRENCH",
    "GERMAN",
    "LANGUAGES",
    "Currency",
    "LanguageWords",
    "NumberWords",
    "SpokenRules",
    "language_words",
    "make_normalizer",
    "rules_for",
    "speech_language",
    "to_spoken",
]

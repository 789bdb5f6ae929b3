"""The language an article is written in, when its source does not say.

Scraped plain text never declares it, and many HTML and Markdown files do not either; without it, a German
or Chinese article would be read with the English voice and English number words. The guess comes from
py3langid (a trained character n-gram classifier of 97 languages, about 0.2 s to load, a millisecond per
guess) and counts only when it is sure: menus and a few words stay English, the default.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

SAMPLE_CHARS: Final = 4000
"""The classifier reads this much of the text it is given (an article's opening once the chrome is gone; a
scraped page's longer lines, to choose the model that drops its chrome)."""
MIN_LETTERS: Final = 40
"""Below this many letters the text is too short to tell."""
CONFIDENCE: Final = 0.95
"""The classifier's probability a guess needs to be used."""
_LETTER: Final = re.compile(r"[^\W\d_]")


def language_tag(code: str) -> str:
    """``en_US`` → ``en-us``: a language code in the one form codes are compared in."""
    return code.casefold().replace("_", "-")


def primary_language(code: str) -> str:
    """``en-GB``, ``en_US``, ``EN`` → ``en``: the language, without its region or script."""
    return language_tag(code).split("-")[0]


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in (``de``, ``zh``), or ``None`` if unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if float(probability) >= CONFIDENCE else None


__all__ = ["guess_language", "language_tag", "primary_language"]

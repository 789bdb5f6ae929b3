"""Numbers as words, through ``num2words``, cached."""

from __future__ import annotations

import functools
import re

from num2words import CONVERTER_CLASSES, num2words


def num2words_language(language: str) -> str:
    """The ``num2words`` language code for ``language``, ``en`` if unsupported."""
    parts = re.split(r"[-_]", language.strip() or "en")
    regional = "_".join([parts[0].lower(), *(p.upper() for p in parts[1:2])])
    if regional in CONVERTER_CLASSES:
        return regional
    return parts[0].lower() if parts[0].lower() in CONVERTER_CLASSES else "en"


class NumberWords:
    """Number → words in one language (cached; ``num2words`` is slow)."""

    def __init__(self, language: str) -> None:
        self.lang = num2words_language(language)
        self.english = self.lang.startswith("en")
        self.cardinal = functools.lru_cache(maxsize=4096)(self._cardinal)
        self.ordinal = functools.lru_cache(maxsize=1024)(self._ordinal)
        self.year = functools.lru_cache(maxsize=1024)(self._year)

    def _convert(self, value: int, to: str = "cardinal") -> str:
        words = num2words(value, lang=self.lang, to=to)
        # Commas inside numbers ("one thousand, two hundred") make engines pause.
        return words.replace(",", "")

    def _cardinal(self, value: int) -> str:
        try:
            return self._convert(value)
        except (OverflowError, NotImplementedError, ValueError, TypeError, KeyError, IndexError):
            return self.digits(str(value))

    def _ordinal(self, value: int) -> str:
        try:
            return self._convert(value, "ordinal")
        except (OverflowError, NotImplementedError, ValueError, TypeError, KeyError, IndexError):
            return self.cardinal(value)

    def _year(self, value: int) -> str:
        if not self.english:
            try:
                return self._convert(value, "year")
            except (OverflowError, NotImplementedError, ValueError, TypeError, KeyError, IndexError):
                return self.cardinal(value)
        high, low = divmod(value, 100)
        if not 1000 <= value <= 9999 or (low == 0 and high % 10 == 0):
            return self.cardinal(value)  # 1000, 2000
        if 2000 <= value <= 2009:
            return f"two thousand {self.cardinal(low)}"
        if low == 0:
            return f"{self.cardinal(high)} hundred"
        if low < 10:
            return f"{self.cardinal(high)} oh {self.cardinal(low)}"
        return f"{self.cardinal(high)} {self.cardinal(low)}"

    def digits(self, digits: str) -> str:
        """Each digit as a word: ``"007"`` → "zero zero seven"."""
        return " ".join(self.cardinal(int(d)) for d in digits if d.isdigit())

    def integer(self, digits: str) -> str:
        """An integer written as digits; long or zero-padded ones digit by digit."""
        if len(digits) > 1 and digits.startswith("0") or len(digits) > 18:
            return self.digits(digits)
        return self.cardinal(int(digits))

    def decimal(self, integer: str, fraction: str, point: str) -> str:
        """``3`` and ``14`` → "three point one four" (fraction digit by digit)."""
        words = self.integer(integer) if integer else self.cardinal(0)
        return f"{words} {point} {self.digits(fraction)}" if fraction else words

    def fraction(self, numerator: int, denominator: int) -> str:
        """English fraction words: 1/2 → "one half", 3/4 → "three quarters"."""
        plural = numerator != 1
        if denominator == 2:
            name = "halves" if plural else "half"
        elif denominator == 4:
            name = "quarters" if plural else "quarter"
        else:
            name = self.ordinal(denominator) + ("s" if plural else "")
        return f"{self.cardinal(numerator)} {name}"


def plural_word(words: str) -> str:
    """ "nineteen ninety" → "nineteen nineties" (for decades)."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    return words + "s"

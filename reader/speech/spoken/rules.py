"""The normalisation rules: one compiled pass after another.

Order matters (URLs before anything that touches dots, dates before ranges,
currency before plain numbers) and is spelled out in :meth:`SpokenRules._passes`.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Callable, Final

from reader.speech.spoken.dates import DateReadings, keep_final_stop
from reader.speech.spoken.english import EnglishReadings
from reader.speech.spoken.numbers import NumberWords, plural_word
from reader.speech.spoken.patterns import SUPERSCRIPTS, LanguagePatterns
from reader.speech.spoken.phones import PHONE_RE, PHONE_TRIGGER, say_phone
from reader.speech.spoken.quantities import (
    FRACTION_CHARACTERS,
    FRACTION_DENOMINATORS,
    QUANTITY_BEFORE,
    UNITS,
    YEAR_FOLLOWERS,
)
from reader.speech.spoken.words import CURRENCY_CODES, ENGLISH, language_words

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_Pass = Callable[[str], str]

_ASCII_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NON_ASCII_RUN: Final = re.compile(r"[^\x00-\x7f]+")
_KEEP_SYMBOLS: Final = frozenset("°℃℉©®™")
_DROP_CHARACTERS: Final = frozenset("\u200d\u200b\u2060\u00ad\u20e3\ufeff")
_HOST: Final = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^@/?#\s]*@)?([^/?#:\s]*)")


def _is_dropped(char: str) -> bool:
    """Emoji, pictographs, private-use and invalid characters: not speakable."""
    if char in _DROP_CHARACTERS:
        return True
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0000 <= code <= 0xE007F:
        return True  # variation selectors, skin tones, tag characters
    category = unicodedata.category(char)
    if category == "So":
        return char not in _KEEP_SYMBOLS
    if category in ("Co", "Cs"):
        return True
    if category == "Cn":
        return code >= 0x1F000  # emoji newer than this Python's Unicode tables
    return False


def _clean_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return "".join(" " if _is_dropped(c) else c for c in run)


class SpokenRules(LanguagePatterns):
    """All rules for one language, compiled once; call it on text."""

    def __init__(self, language: str = "en") -> None:
        super().__init__(language_words(language))
        self.numbers = NumberWords(language)
        self.english = EnglishReadings(self.numbers)
        self.dates = DateReadings(self.words, self.numbers, self.month_numbers)
        self.passes = self._passes()

    # -- the sequence ------------------------------------------------------- #

    def _passes(self) -> list[tuple[str, _Pass, "re.Pattern[str] | None"]]:
        """(name, rule, trigger): a rule runs only if its trigger is found
        (most sentences have no digits, URLs or symbols)."""
        # Long as a table is: one entry per pass, in the order they must run.
        w = self.words
        english = w.english_rules
        digit = re.compile(r"[0-9]")

        def sub(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> _Pass:
            return lambda text: pattern.sub(repl, text)

        passes: list[tuple[str, _Pass, re.Pattern[str] | None]] = [
            ("characters", self._clean_characters, None),
            ("footnotes", sub(self.re_footnote, ""), re.compile(rf"[\[^†‡{SUPERSCRIPTS}]")),
            ("urls", sub(self.re_url, self._url), re.compile(r"://|www\.")),
            ("emails", sub(self.re_email, self._email), re.compile("@")),
            ("domains", sub(self.re_domain, self._url), re.compile(r"(?i)\.(?:com|org|net|edu|gov|io|dev|info|uk)\b")),
        ]
        if english:
            passes.append(
                ("degrees", sub(self.english.re_degree, self.english.degree), re.compile(r"[A-Z][a-z]?\.?[A-Z]"))
            )
        if self.re_abbreviation is not None:
            passes.append(
                (
                    "abbreviations",
                    sub(self.re_abbreviation, self._abbreviation),
                    re.compile(r"\.|\b(?:Dr|Mrs?|Ms|vs|Mme|Mlle)\b"),
                )
            )
        if english:
            passes += [
                ("roman numerals", sub(self.english.re_roman, self.english.roman), re.compile(r"\s[MDCLXVI]")),
                ("quarters", sub(self.english.re_quarter, self.english.quarter), re.compile(r"\b[QH][1-4]")),
                (
                    "scale suffixes",
                    sub(self.english.re_scale, self.english.scale),
                    re.compile(r"[0-9]\s?(?:bn|tn|trn)\b"),
                ),
            ]
        passes += [
            ("iso dates", sub(self.re_iso_date, self.dates.iso_date), digit),
            ("phone numbers", sub(PHONE_RE, lambda m: say_phone(m, self.numbers, w.plus)), PHONE_TRIGGER),
            ("digit chains", sub(self.re_digit_chain, self._digit_chain), digit),
            ("arithmetic minus", sub(self.re_arithmetic_minus, f" {w.minus} "), digit),
            ("dash ranges", sub(self.re_dash_range, f" {w.to} "), digit),
            ("spaced ranges", sub(self.re_spaced_hyphen_range, f" {w.to} "), digit),
            ("month-first dates", sub(self.re_month_first, self.dates.month_first), digit),
            ("day-first dates", sub(self.re_day_first, self.dates.day_first), digit),
            ("times", sub(self.re_time, self.dates.time), digit),
            ("ratios and scores", sub(self.re_ratio, f"\\1 {w.to} \\2"), re.compile(r"[0-9]:[0-9]")),
            ("initialisms", sub(self.re_initialism, self._initialism), re.compile(r"[A-Z]\.[A-Z]")),
            ("currency", sub(self.re_currency_before, self._currency), digit),
            ("currency after", sub(self.re_currency_after, self._currency), digit),
            ("percent", sub(self.re_percent, self._percent), digit),
        ]
        if english:
            passes += [
                ("versions", sub(self.re_version, self._version), digit),
                ("dimensions", sub(self.re_dimensions, " by "), digit),
                ("units", sub(self.re_unit, self._unit), digit),
                (
                    "fraction characters",
                    sub(self.re_fraction_char, self._fraction_char),
                    re.compile(f"[{''.join(FRACTION_CHARACTERS)}]"),
                ),
                ("fractions", sub(self.re_fraction, self._fraction), re.compile(r"[0-9][/⁄][0-9]")),
                ("ordinals", sub(self.re_ordinal, self._ordinal), digit),
                ("decades", sub(self.re_decade, self._decade), digit),
            ]
        passes += [
            ("years", sub(self.re_year, self._year), digit),
            ("word slashes", sub(self.re_word_slash, self._word_slash), re.compile("/")),
            ("symbols", self._symbols, self.re_any_symbol),
            ("numbers", sub(self.re_number, self._number), digit),
            ("leftovers", sub(self.re_leftovers, " "), None),
            ("whitespace", self._whitespace, None),
        ]
        return passes

    def __call__(self, text: str, *, strict: bool = False) -> str:
        for name, apply, trigger in self.passes:
            if trigger is not None and trigger.search(text) is None:
                continue
            try:
                text = apply(text)
            except Exception:  # noqa: BLE001 - one odd input must not stop the reading
                if strict:
                    raise
                log.debug("spoken-text rule %r failed; skipped", name, exc_info=True)
        return text

    # -- characters, footnotes, addresses ----------------------------------- #

    def _clean_characters(self, text: str) -> str:
        text = _ASCII_CONTROL.sub(" ", text)
        return _NON_ASCII_RUN.sub(_clean_run, text)

    def _host_words(self, host: str) -> str:
        host = host.lower().strip(".")
        if host.startswith("www."):
            host = host[4:]
        return f" {self.words.dot} ".join(part for part in host.split(".") if part)

    def _url(self, match: re.Match[str]) -> str:
        found = _HOST.match(match.group(0))
        return self._host_words(found.group(1)) if found else ""

    def _email(self, match: re.Match[str]) -> str:
        local, _, domain = match.group(0).rpartition("@")
        w = self.words
        local_words = re.sub(
            r"[._+-]",
            lambda m: {".": f" {w.dot} ", "_": " underscore ", "+": f" {w.plus} ", "-": " dash "}[m.group(0)],
            local,
        )
        return f"{local_words} {w.at} {self._host_words(domain)}"

    def _abbreviation(self, match: re.Match[str]) -> str:
        index = int(match.lastgroup[1:]) if match.lastgroup else -1
        if index < 0:
            return match.group(0)
        return keep_final_stop(self.abbreviation_replacements[index], match)

    def _initialism(self, match: re.Match[str]) -> str:
        letters = " ".join(c for c in match.group(0) if c.isalpha())
        return keep_final_stop(letters, match)

    # -- numbers with meaning ----------------------------------------------- #

    def _split_number(self, text: str) -> tuple[str, str]:
        """``"1,234.50"`` → (``"1234"``, ``"50"``) in this language's notation."""
        w = self.words
        integer, _, fraction = text.partition(w.decimal_separator)
        for sep in w.thousands_separator:
            integer = integer.replace(sep, "")
        return integer, fraction

    def _number_words(self, text: str) -> str:
        integer, fraction = self._split_number(text)
        return self.numbers.decimal(integer, fraction, self.words.point)

    def _currency(self, match: re.Match[str]) -> str:
        w, n = self.words, self.numbers
        symbol = match.group("sym").strip()
        currency = w.currencies.get(CURRENCY_CODES.get(symbol, symbol)) or ENGLISH.currencies.get(
            CURRENCY_CODES.get(symbol, symbol)
        )
        if currency is None:
            return match.group(0)
        minus = f"{w.minus} " if match.group("neg") else ""
        integer, fraction = self._split_number(match.group("num"))
        scale = match.group("scale")
        if scale:
            scale = w.scale_abbreviations.get(scale, scale)
            return f"{minus}{self._number_words(match.group('num'))} {scale} {currency.plural}"
        if fraction and (len(fraction) != 2 or currency.minor_singular is None):
            return f"{minus}{self._number_words(match.group('num'))} {currency.plural}"
        major = int(integer) if integer else 0
        minor = int(fraction) if fraction else 0
        parts = []
        if major or not minor:
            parts.append(f"{n.integer(integer or '0')} {currency.singular if major == 1 else currency.plural}")
        if minor:
            minor_name = currency.minor_singular if minor == 1 else currency.minor_plural
            parts.append(f"{n.cardinal(minor)} {minor_name}")
        return minus + f" {w.and_} ".join(parts)

    def _percent(self, match: re.Match[str]) -> str:
        minus = f"{self.words.minus} " if match.group("neg") else ""
        return f"{minus}{self._number_words(match.group('num'))} {self.words.percent}"

    def _unit(self, match: re.Match[str]) -> str:
        unit = match.group("unit").strip()
        singular, plural = UNITS[unit]
        minus = f"{self.words.minus} " if match.group("neg") else ""
        one = match.group("num") == "1"
        return f"{minus}{self._number_words(match.group('num'))} {singular if one else plural}"

    def _version(self, match: re.Match[str]) -> str:
        point = f" {self.words.point} "
        return point.join(self.numbers.integer(part) for part in match.group(0).split("."))

    def _digit_chain(self, match: re.Match[str]) -> str:
        parts = match.group(0).split("-")
        if len(parts) == 2:
            first, second = parts
            if second.startswith("0") and len(second) == 2 and len(first) == 4:
                return match.group(0)  # 2024-03: a month, not a range
            return f"{first} {self.words.to} {second}"
        # Phone numbers, ISBNs: digit by digit, a pause between groups.
        return ", ".join(self.numbers.digits(p) for p in parts)

    def _fraction_char(self, match: re.Match[str]) -> str:
        numerator, denominator = FRACTION_CHARACTERS[match.group("char")]
        return self._fraction_words(match.group("whole"), numerator, denominator)

    def _fraction_words(self, whole: str | None, numerator: int, denominator: int) -> str:
        words = self.numbers.fraction(numerator, denominator)
        if whole is None:
            return f" {words}"
        if numerator == 1:
            words = "a " + words.split(" ", 1)[1]
        return f"{self.numbers.integer(whole)} {self.words.and_} {words}"

    def _fraction(self, match: re.Match[str]) -> str:
        numerator, denominator = int(match.group("n")), int(match.group("d"))
        whole = match.group("whole")
        if 0 < numerator < denominator and denominator in FRACTION_DENOMINATORS:
            return self._fraction_words(whole, numerator, denominator)
        # 24/7, 50/50: both numbers, no slash said.
        prefix = f"{whole} " if whole else ""
        return f"{prefix}{match.group('n')} {match.group('d')}"

    def _ordinal(self, match: re.Match[str]) -> str:
        integer, _ = self._split_number(match.group("num"))
        return self.numbers.ordinal(int(integer))

    def _decade(self, match: re.Match[str]) -> str:
        if match.group("year"):
            return plural_word(self.numbers.year(int(match.group("year"))))
        return plural_word(self.numbers.cardinal(int(match.group("short"))))

    def _looks_like_year(self, match: re.Match[str]) -> bool:
        text = match.string
        before = self.re_prev_word.search(text, max(0, match.start() - 40), match.start())
        previous = before.group(1).lower() if before else ""
        if previous in self.words.year_context_before or previous in (m.lower() for m in self.words.months):
            return True
        if not self.words.english_rules:
            return False
        if previous in QUANTITY_BEFORE:
            return False
        after = self.re_next_word.match(text, match.end())
        if after is None:
            return True  # "(1999)", "in 1999.", "1999, when…"
        following = after.group(1)
        return not following[0].islower() or following in YEAR_FOLLOWERS

    def _year(self, match: re.Match[str]) -> str:
        if not self._looks_like_year(match):
            return match.group(0)
        return self.numbers.year(int(match.group("year")))

    # -- plain numbers and symbols ------------------------------------------ #

    def _number(self, match: re.Match[str]) -> str:
        minus = f"{self.words.minus} " if match.group("neg") else ""
        integer = match.group("int")
        for sep in self.words.thousands_separator:
            integer = integer.replace(sep, "")
        return minus + self.numbers.decimal(integer, match.group("frac") or "", self.words.point)

    def _word_slash(self, match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        joiners = {"and", "or", self.words.and_}
        if first.lower() in joiners or second.lower() in joiners or (first.isupper() and second.isupper()):
            return f"{first} "  # and/or → "and or", TCP/IP → "TCP IP"
        return f"{first} or "

    def _symbols(self, text: str) -> str:
        for trigger, pattern, replacement in self.symbol_rules:
            if trigger in text:
                text = pattern.sub(replacement, text)
        return text

    @staticmethod
    def _whitespace(text: str) -> str:
        text = re.sub(r"\s+", " ", text)
        text = re.sub(r" (?=[,.;:!?)\]])", "", text)
        text = re.sub(r"(?<=[(\[]) ", "", text)
        return text.strip()

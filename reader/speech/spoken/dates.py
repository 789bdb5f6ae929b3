"""Dates and times read aloud: "2024-03-05", "March 5", "5 March 2024",
"14:30", "9 a.m." in the words of the article's language."""

from __future__ import annotations

import re
from typing import Final

from reader.speech.spoken.numbers import NumberWords
from reader.speech.spoken.words import LanguageWords

_END: Final = re.compile(r"[\s\"'”’]*\Z")


def _ends_text(match: re.Match[str]) -> bool:
    return _END.match(match.string, match.end()) is not None


def keep_final_stop(replacement: str, match: re.Match[str]) -> str:
    """``etc.`` at the end of a sentence still ends it."""
    if match.group(0).endswith(".") and _ends_text(match):
        return replacement + "."
    return replacement


class DateReadings:
    """The date and time passes of :class:`~reader.speech.spoken.rules.SpokenRules`."""

    def __init__(self, words: LanguageWords, numbers: NumberWords, month_numbers: dict[str, int]) -> None:
        self.words = words
        self.numbers = numbers
        self.month_numbers = month_numbers

    def _day_words(self, day: int) -> str:
        return self.numbers.ordinal(day) if self.words.ordinal_days else self.numbers.cardinal(day)

    def _date(self, template: str, month: int, day: int, year: int | None, day2: int | None = None) -> str:
        w = self.words
        day_words = self._day_words(day)
        if day2 is not None:
            day_words = f"{day_words} {w.to} {self._day_words(day2)}"
        said = template.format(month=w.months[month - 1], day=day_words)
        if year is not None:
            said = w.date_with_year.format(date=said, year=self.numbers.year(year))
        return said

    def iso_date(self, match: re.Match[str]) -> str:
        year, month, day = (int(g) for g in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        template = self.words.month_first_date if self.words.english_rules else self.words.day_first_date
        return self._date(template, month, day, year)

    def _month_number(self, name: str) -> int:
        for candidate, number in self.month_numbers.items():
            if candidate.lower() == name.lower():
                return number
        raise KeyError(name)

    def month_first(self, match: re.Match[str]) -> str:
        day = int(match.group("day"))
        day2 = int(match.group("day2")) if match.group("day2") else None
        if not 1 <= day <= 31 or (day2 is not None and not 1 <= day2 <= 31):
            return match.group(0)
        year = int(match.group("year")) if match.group("year") else None
        return self._date(self.words.month_first_date, self._month_number(match.group("month")), day, year, day2)

    def day_first(self, match: re.Match[str]) -> str:
        day = int(match.group("day"))
        if not 1 <= day <= 31:
            return match.group(0)
        year = int(match.group("year")) if match.group("year") else None
        return self._date(self.words.day_first_date, self._month_number(match.group("month")), day, year)

    def time(self, match: re.Match[str]) -> str:
        w, n = self.words, self.numbers
        if match.group("h2") is not None:
            hour, minutes, seconds, ampm = int(match.group("h2")), 0, None, match.group("ampm2")
            if not 1 <= hour <= 12:
                return match.group(0)
        else:
            hour, minutes = int(match.group("h")), int(match.group("m"))
            seconds = int(match.group("s")) if match.group("s") else None
            ampm = match.group("ampm")
            if hour > 23 or minutes > 59 or (seconds is not None and seconds > 59) or (ampm and not 1 <= hour <= 12):
                return match.group(0)
        hour_words = n.cardinal(hour)
        if minutes == 0 and seconds is None:
            if ampm:
                said = hour_words
            elif hour > 12 or hour == 0:
                said = w.hour_hundred.format(hour=hour_words)
            else:
                said = w.oclock.format(hour=hour_words)
        else:
            minute_words = n.cardinal(minutes)
            if w.oh_minutes and minutes < 10:
                minute_words = f"oh {minute_words}"
            said = w.hour_minutes.format(hour=hour_words, minutes=minute_words)
            if seconds is not None:
                said += f" {w.and_} {n.cardinal(seconds)} {'second' if seconds == 1 else 'seconds'}"
        if ampm:
            # "AM", not "a m": engines say a lone "a" as the article
            letters = "".join(c.upper() for c in ampm if c.isalpha())
            said += " " + keep_final_stop(letters, match)
        return said


__all__ = ["DateReadings", "keep_final_stop"]

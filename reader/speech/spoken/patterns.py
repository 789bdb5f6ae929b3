"""The regular expressions of the spoken-text rules for one language,
compiled once (see :class:`~reader.speech.spoken.rules.SpokenRules`, which
applies them in order)."""

from __future__ import annotations

import re
from typing import Final

from reader.speech.spoken.quantities import FRACTION_CHARACTERS, UNITS, UNITS_NEED_SPACE
from reader.speech.spoken.words import CURRENCY_CODES, LanguageWords

SUPERSCRIPTS: Final = "⁰¹²³⁴⁵⁶⁷⁸⁹"


class LanguagePatterns:
    """The compiled patterns of one language's number, date, unit and symbol conventions."""

    def __init__(self, words: LanguageWords) -> None:
        # Long as a table is: one compiled pattern after another.
        self.words = w = words
        thousands = re.escape(w.thousands_separator)
        decimal = re.escape(w.decimal_separator)
        self.int_re = rf"[0-9]{{1,3}}(?:[{thousands}][0-9]{{3}})+|[0-9]+"
        number = rf"(?:{self.int_re})(?:{decimal}[0-9]+)?"
        not_before = r"(?<![\w.,])"
        not_after = r"(?![\w]|[.,][0-9])"

        self.re_footnote = re.compile(
            r"\s?\[(?:[0-9]{1,3}|[a-z]|citation needed|note [0-9]+)(?:\s*[,–-]\s*[0-9]{1,3})*\]"
            rf"|\^\[?[0-9]+\]?|(?<!m)(?<!ft)[{SUPERSCRIPTS}]+|[†‡]"
        )
        self.re_url = re.compile(
            r"(?:\b(?:https?|ftp)://|(?<![\w@./])www\.)[^\s<>\"'\]\[{}|\\^`]*[^\s<>\"'\]\[{}|\\^`.,;:!?)]"
        )
        self.re_email = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
        self.re_domain = re.compile(
            r"(?<![\w@./-])(?:[A-Za-z0-9-]+\.)+(?i:com|org|net|edu|gov|io|dev|info|co\.uk|org\.uk|ac\.uk)"
            r"(?![\w@]|\.[A-Za-z0-9])(?:/[^\s]*[^\s.,;:!?)])?"
        )
        # One alternation, one scan: group ``a<i>`` is abbreviation ``i``.
        self.abbreviation_replacements = [r for _p, r in w.abbreviations]
        self.re_abbreviation = (
            re.compile("|".join(f"(?P<a{i}>{p})" for i, (p, _r) in enumerate(w.abbreviations)))
            if w.abbreviations
            else None
        )
        self.re_initialism = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z](?:\.[A-Z])+\b")

        months = {name: i + 1 for i, name in enumerate(w.months)}
        months.update(w.month_abbreviations)
        self.month_numbers = months
        month_alt = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
        flags = re.IGNORECASE if w.code == "fr" else 0
        ordinal_suffix = r"(?:st|nd|rd|th)?" if w.english_rules else r"\.?"
        self.re_iso_date = re.compile(r"(?<![\w.-])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![\w]|-[0-9])")
        self.re_month_first = re.compile(
            rf"\b(?P<month>{month_alt})\.?\s+(?P<day>[0-9]{{1,2}}){ordinal_suffix}"
            rf"(?:(?:\s?[–-]\s?|\s+{re.escape(w.to)}\s+)(?P<day2>[0-9]{{1,2}}){ordinal_suffix})?(?![\w:])"
            rf"(?:,?\s+(?P<year>[0-9]{{4}})(?![\w]))?",
            flags,
        )
        self.re_day_first = re.compile(
            rf"(?<![\w.,])(?P<day>[0-9]{{1,2}}){ordinal_suffix}\s+(?P<month>{month_alt})\b\.?"
            rf"(?:,?\s+(?P<year>[0-9]{{4}})(?![\w]))?",
            flags,
        )
        self.re_digit_chain = re.compile(r"(?<![\w.,-])[0-9]+(?:[.,][0-9]+)*(?:-[0-9]+(?:[.,][0-9]+)*)+(?![0-9-])")
        self.re_dash_range = re.compile(r"(?:(?<=[0-9%])|(?<=[0-9][apAP][mM])|(?<=[0-9]s))\s*[–—]\s*(?=[$€£¥]?[0-9])")
        self.re_spaced_hyphen_range = re.compile(r"(?<=[0-9])\s+-\s+(?=[0-9])")
        self.re_arithmetic_minus = re.compile(
            r"(?<=[0-9])\s+[-−]\s+(?=[0-9][0-9.,]*\s*[=+])|(?<=[0-9])\s*−\s*(?=[0-9])"
        )
        self.re_ratio = re.compile(r"(?<![\w:.])([0-9]{1,3}):([0-9]{1,3})(?![\w:]|[.,][0-9])")
        """A score or ratio left after the times pass ("won 2:1", "16:9"): "two to one", never "colon"."""
        self.re_time = re.compile(
            r"(?<![\w:.])(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?(?![\w:]|[.,][0-9])"
            r"(?:\s?(?P<ampm>[AaPp]\.?\s?[Mm]\.?)(?!\w))?"
            r"|(?<![\w:.,])(?P<h2>[0-9]{1,2})\s?(?P<ampm2>[AaPp]\.?[Mm]\.?|[AaPp]\.?\s[Mm]\.)(?!\w)"
        )
        self.re_version = re.compile(r"(?<![\w.])[0-9]+(?:\.[0-9]+){2,}(?![\w]|\.[0-9])")

        codes = "|".join(re.escape(c) for c in sorted(CURRENCY_CODES, key=len, reverse=True))
        symbols = "|".join(re.escape(s) for s in sorted(set(w.currencies) - {"CHF"}, key=len, reverse=True))
        scale_words = "thousand|million|billion|trillion|Tausend|Million(?:en)?|Milliarden?|millions?|milliards?"
        scale_abbr = "|".join(re.escape(a) for a in sorted(w.scale_abbreviations, key=len, reverse=True))
        scale = f"{scale_words}|{scale_abbr}" if scale_abbr else scale_words
        self.re_currency_before = re.compile(
            rf"(?<![\w$€£¥])(?P<neg>[-−])?(?P<sym>{symbols}|(?:{codes})\s?)\s?(?P<num>{number})"
            rf"(?:\s?(?P<scale>{scale})\b)?(?![\w]|[.,][0-9])"
        )
        self.re_currency_after = re.compile(
            rf"{not_before}(?P<neg>[-−])?(?P<num>{number})(?:\s?(?P<scale>{scale_words})\b)?"
            rf"\s?(?P<sym>{symbols}|\b(?:{codes})\b)(?![\w$€£¥])"
        )
        self.re_percent = re.compile(rf"{not_before}(?P<neg>[-−])?(?P<num>{number})\s?(?:%|\bpercent\b|\bper cent\b)")

        units = sorted(UNITS, key=len, reverse=True)
        unit_alt = "|".join((r"\s" + re.escape(u) if u in UNITS_NEED_SPACE else r"\s?" + re.escape(u)) for u in units)
        self.re_unit = re.compile(rf"(?<![\w.,/])(?P<neg>[-−])?(?P<num>{number})(?P<unit>{unit_alt})(?![\w/²³])")
        self.re_dimensions = re.compile(r"(?<=[0-9])\s?[x×]\s?(?=[0-9])")
        fractions = "".join(FRACTION_CHARACTERS)
        self.re_fraction_char = re.compile(rf"(?:(?<![\w.,])(?P<whole>[0-9]+)\s?)?(?P<char>[{fractions}])")
        self.re_fraction = re.compile(
            r"(?<![\w/.,])(?:(?P<whole>[0-9]+)\s+)?(?P<n>[0-9]{1,3})[/⁄](?P<d>[0-9]{1,3})(?![\w/]|[.,][0-9])"
        )
        self.re_ordinal = re.compile(rf"{not_before}(?P<num>{self.int_re})(?P<suffix>st|nd|rd|th|ST|ND|RD|TH)\b")
        self.re_decade = re.compile(
            r"(?<![\w.,])(?P<year>1[0-9]{2}0|20[0-9]0)['’]?s\b|(?<![\w'’])['’]?(?P<short>[1-9]0)['’]?s\b"
        )
        self.re_year = re.compile(r"(?<![\w.,'’$€£¥])(?P<year>1[0-9]{3}|20[0-9]{2})(?![\w%]|[.,][0-9])")
        self.re_number = re.compile(
            rf"(?<![\w.,])(?P<neg>(?<![0-9)\]])[-−](?=[0-9]))?(?P<int>{self.int_re})"
            rf"(?:{decimal}(?P<frac>[0-9]+))?{not_after}"
        )
        symbol_rules = [
            ("&", r"\s*&\s*", f" {w.and_} "),
            ("+", r"(?<=[0-9])\s*\+\s*(?=[0-9])", f" {w.plus} "),
            ("+", r"(?<![\w+])\+(?=[0-9])", f"{w.plus} "),
            ("=", r"(?<![=<>!])\s*=\s*(?![=>])", f" {w.equals} "),
            ("~", r"~\s?(?=[-−]?[0-9])", f"{w.approximately} "),
            ("≈", r"\s*≈\s*", f" {w.approximately} "),
            ("#", r"#\s?(?=[0-9])", f"{w.number} "),
            ("×", r"\s*×\s*", f" {w.times} "),
            ("%", r"\s*%", f" {w.percent} "),
            ("°", r"\s*°", f" {w.degrees[1]} "),
        ]
        if w.english_rules:
            symbol_rules += [
                ("±", r"\s*±\s*", " plus or minus "),
                ("÷", r"\s*÷\s*", " divided by "),
                ("≠", r"\s*≠\s*", " is not equal to "),
                ("≤", r"\s*≤\s*", " is less than or equal to "),
                ("≥", r"\s*≥\s*", " is greater than or equal to "),
                ("→", r"\s*→\s*", " to "),
                ("§", r"§\s?", "section "),
            ]
        self.symbol_rules = [(t, re.compile(p), r) for t, p, r in symbol_rules]
        self.re_any_symbol = re.compile("[" + re.escape("".join({t for t, _p, _r in symbol_rules})) + "]")
        self.re_leftovers = re.compile(rf"[{SUPERSCRIPTS}#@*_~^|\\/`¶•·]+")
        self.re_word_slash = re.compile(r"([^\W\d_]+)/(?=([^\W\d_]+))")
        self.re_prev_word = re.compile(r"([^\W\d_]+)[^\w]*\Z")
        self.re_next_word = re.compile(r"\s+([^\W\d_]+)")


__all__ = ["SUPERSCRIPTS", "LanguagePatterns"]

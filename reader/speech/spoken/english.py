"""English readings that speech engines get wrong, measured by ear and by an
offline recogniser (issue 15): Roman numerals ("World War II" is said "World
War roman two"), academic degrees ("Ph.D." is spelled with "dot"), business
quarters ("Q3 2024" read as a quantity) and money suffixes ("1.5bn" read
"one point five B N").

Each rule is a compiled pattern and a replacement, added to the speaker's
passes by :meth:`reader.speech.spoken.rules.SpokenRules._passes` for English text only.
Roman numerals are read only where their context says they are numbers: after
a word such as "Chapter", "Part" or "World War" (cardinal: "Chapter Four"),
after a monarch's or pope's name (ordinal: "Henry the Eighth"), or, for
numerals of two or more letters made of I, V and X only, after another
capitalised word ("Type II", "Rocky III"). The pronoun "I", a lone "V" or
"X", and capitalised words that happen to be numerals ("MIX", "CD", "DC",
"LIV") are never read as numbers outside those contexts.
"""

from __future__ import annotations

import re
from typing import Final

from reader.speech.spoken.numbers import NumberWords

_ROMAN_VALUES: Final = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
_ROMAN: Final = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"

NUMBERED_BY: Final = (
    "Chapter",
    "Part",
    "Volume",
    "Vol.",
    "Book",
    "Act",
    "Scene",
    "Phase",
    "Stage",
    "Section",
    "Article",
    "Title",
    "Appendix",
    "Level",
    "Class",
    "Type",
    "Grade",
    "Round",
    "Episode",
    "Season",
    "Series",
    "Mark",
    "Mk",
    "World War",
    "Super Bowl",
    "Apollo",
    "Gemini",
    "Vatican",
    "Schedule",
    "Annex",
    "Canto",
    "Psalm",
    "Plate",
    "Figure",
    "Table",
    "Step",
    "Category",
    "Tier",
    "Division",
    "Corps",
    "Army",
    "Fleet",
    "Form",
    "Year",
)
"""Words after which a Roman numeral is a cardinal number ("Chapter IV", "World War I")."""

REGNAL_NAMES: Final = (
    "Alexander",
    "Alfonso",
    "Amenhotep",
    "Anne",
    "Antiochus",
    "Benedict",
    "Boniface",
    "Carlos",
    "Catherine",
    "Charles",
    "Christian",
    "Clement",
    "Constantine",
    "Cyrus",
    "Darius",
    "David",
    "Edward",
    "Elizabeth",
    "Ferdinand",
    "Francis",
    "Frederick",
    "Friedrich",
    "George",
    "Gregory",
    "Gustav",
    "Gustavus",
    "Haakon",
    "Harald",
    "Henry",
    "Henri",
    "Innocent",
    "Ivan",
    "James",
    "John",
    "Juan",
    "Karl",
    "Leo",
    "Leopold",
    "Louis",
    "Ludwig",
    "Mary",
    "Napoleon",
    "Nicholas",
    "Olav",
    "Otto",
    "Paul",
    "Pedro",
    "Peter",
    "Philip",
    "Philippe",
    "Pius",
    "Ptolemy",
    "Rama",
    "Ramesses",
    "Richard",
    "Robert",
    "Rudolf",
    "Sixtus",
    "Stephen",
    "Thutmose",
    "Umberto",
    "Urban",
    "Victor",
    "Wilhelm",
    "William",
)
"""Names after which a Roman numeral is an ordinal with "the" ("Henry VIII": "Henry the Eighth")."""

_ENDS_NAME: Final = re.compile(r"\s*(?:[,.;:!?)]|['’]s|$)")
"""After "Elizabeth I": the numeral ends the name (a comma, a full stop, a possessive), so "I" is no pronoun."""

_NOT_A_NAME: Final = frozenset(
    "The A An And Or Of In On At To For With By From If When So But As Is It This That These Those".split()
)

DEGREES: Final = {
    "Ph.D.": "PhD",
    "PhD": "PhD",
    "D.Phil.": "D Phil",
    "DPhil": "D Phil",
    "M.Phil.": "M Phil",
    "MPhil": "M Phil",
    "M.Sc.": "M S C",
    "MSc": "M S C",
    "B.Sc.": "B S C",
    "BSc": "B S C",
    "M.A.": "M A",
    "B.A.": "B A",
    "M.D.": "M D",
    "M.B.A.": "M B A",
    "MBA": "M B A",
    "LL.B.": "L L B",
    "LL.M.": "L L M",
    "Ed.D.": "E D D",
    "B.Ed.": "B Ed",
    "M.Ed.": "M Ed",
    "B.Eng.": "B Eng",
    "M.Eng.": "M Eng",
    "D.Sc.": "D S C",
}
"""Degrees as the engines say them well: letters spelled, no "dot" ("PhD" is read "P H D")."""

SCALE_WORDS: Final = {"bn": "billion", "tn": "trillion", "trn": "trillion"}
"""Money and count suffixes that cannot mean a unit of measure ("m" can be metres, so it is left alone)."""


def roman_value(numeral: str) -> int:
    """The value of a valid Roman numeral (``"XIV"`` → 14)."""
    total = 0
    for letter, following in zip(numeral, numeral[1:] + " "):
        value = _ROMAN_VALUES[letter]
        total += -value if following != " " and _ROMAN_VALUES[following] > value else value
    return total


class EnglishReadings:
    """The passes of this module, with their number words."""

    def __init__(self, numbers: NumberWords) -> None:
        self.numbers = numbers
        numbered = "|".join(re.escape(w) for w in sorted(NUMBERED_BY, key=len, reverse=True))
        regnal = "|".join(REGNAL_NAMES)
        self.re_roman = re.compile(
            rf"\b(?:(?P<numbered>{numbered})|(?P<regnal>{regnal})|(?P<name>[A-Z][a-z]+))"
            rf"(?P<space>\s+)(?P<numeral>(?=[MDCLXVI]){_ROMAN})(?=['’]s\b|(?![\w'’-]))(?P<after>\s*\S?)"
        )
        self.re_degree = re.compile(
            "|".join(
                rf"(?<![\w.]){re.escape(d)}" + (r"(?!\w)" if d[-1].isalpha() else "")
                for d in sorted(DEGREES, key=len, reverse=True)
            )
        )
        self.re_quarter = re.compile(
            r"\b(?P<letter>[QH])(?P<n>[1-4])(?:(?P<space>\s+|\s?')(?P<year>(?:19|20)?[0-9]{2}))?\b"
        )
        self.re_scale = re.compile(r"(?<![\w.$€£¥])(?P<number>[0-9]+(?:\.[0-9]+)?)\s?(?P<suffix>bn|tn|trn)\b")

    def roman(self, match: re.Match[str]) -> str:
        numeral = match.group("numeral")
        before = match.group("numbered") or match.group("regnal") or match.group("name")
        if not numeral:
            return match.group(0)
        if match.group("numbered"):
            said = self.numbers.cardinal(roman_value(numeral)).capitalize()
        elif match.group("regnal") and (numeral != "I" or _ENDS_NAME.match(match.group("after"))):
            said = "the " + self.numbers.ordinal(roman_value(numeral)).capitalize()
        elif len(numeral) >= 2 and set(numeral) <= {"I", "V", "X"} and before not in _NOT_A_NAME:
            said = self.numbers.cardinal(roman_value(numeral)).capitalize()
        else:
            return match.group(0)
        return f"{before}{match.group('space')}{said}{match.group('after')}"

    def degree(self, match: re.Match[str]) -> str:
        return DEGREES[match.group(0)]

    def quarter(self, match: re.Match[str]) -> str:
        said = f"{match.group('letter')} {self.numbers.cardinal(int(match.group('n')))}"
        year = match.group("year")
        if year:
            said += " " + (self.numbers.year(int(year)) if len(year) == 4 else self.numbers.cardinal(int(year)))
        return said

    def scale(self, match: re.Match[str]) -> str:
        return f"{match.group('number')} {SCALE_WORDS[match.group('suffix')]}"


__all__ = ["DEGREES", "NUMBERED_BY", "REGNAL_NAMES", "EnglishReadings", "roman_value"]

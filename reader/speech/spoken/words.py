"""Per-language word tables for spoken-text normalisation.

Number words come from ``num2words``; everything else the rules insert
(currency names, "percent", "and", month names, abbreviations) comes from a
:class:`LanguageWords` table here. English is complete; German and French
override what they need and fall back to English for the rest.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Final, Mapping


@dataclass(frozen=True)
class Currency:
    """Names of one currency in one language."""

    singular: str
    plural: str
    minor_singular: str | None = None
    """The hundredth (cent, penny); ``None`` if amounts have no minor unit."""
    minor_plural: str | None = None


@dataclass(frozen=True)
class LanguageWords:
    """The words the rules insert, for one language.

    Anything a language does not set is English (see :data:`GERMAN` for how a
    table overrides only some fields).
    """

    code: str
    and_: str = "and"
    to: str = "to"
    point: str = "point"
    minus: str = "minus"
    plus: str = "plus"
    equals: str = "equals"
    times: str = "times"
    percent: str = "percent"
    number: str = "number"
    approximately: str = "approximately"
    degrees: tuple[str, str] = ("degree", "degrees")
    dot: str = "dot"
    at: str = "at"
    months: tuple[str, ...] = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    month_abbreviations: Mapping[str, int] = field(
        default_factory=lambda: {
            "Jan": 1,
            "Feb": 2,
            "Mar": 3,
            "Apr": 4,
            "Jun": 6,
            "Jul": 7,
            "Aug": 8,
            "Sep": 9,
            "Sept": 9,
            "Oct": 10,
            "Nov": 11,
            "Dec": 12,
        }
    )
    month_first_date: str = "{month} {day}"
    """How ``March 3`` and ISO dates are said (``day`` is an ordinal)."""
    day_first_date: str = "the {day} of {month}"
    """How ``3 March`` is said."""
    date_with_year: str = "{date}, {year}"
    ordinal_days: bool = True
    """Days of the month are ordinals (English, German) or cardinals (French)."""
    oclock: str = "{hour} o'clock"
    hour_minutes: str = "{hour} {minutes}"
    hour_hundred: str = "{hour} hundred"
    """Full hours after 12 (``14:00``)."""
    oh_minutes: bool = True
    """``14:05`` → "fourteen oh five"."""
    currencies: Mapping[str, Currency] = field(
        default_factory=lambda: {
            "$": Currency("dollar", "dollars", "cent", "cents"),
            "€": Currency("euro", "euros", "cent", "cents"),
            "£": Currency("pound", "pounds", "penny", "pence"),
            "¥": Currency("yen", "yen"),
            "₹": Currency("rupee", "rupees", "paisa", "paise"),
            "CHF": Currency("franc", "francs", "centime", "centimes"),
        }
    )
    scale_abbreviations: Mapping[str, str] = field(
        default_factory=lambda: {
            "k": "thousand",
            "K": "thousand",
            "m": "million",
            "M": "million",
            "mn": "million",
            "bn": "billion",
            "b": "billion",
            "tn": "trillion",
            "t": "trillion",
        }
    )
    year_context_before: frozenset[str] = frozenset(
        "in since by from until till to year years circa c ca around before after during early late mid "
        "between and spring summer autumn fall winter of".split()
    )
    """Words that, right before a four-digit number, make it a year."""
    thousands_separator: str = ","
    decimal_separator: str = "."
    abbreviations: tuple[tuple[str, str], ...] = ()
    """(regex, replacement) pairs; a trailing full stop is kept at the end of the text."""
    english_rules: bool = False
    """Apply the English-only rules (units, fractions, ordinals, decades, years)."""


ENGLISH: Final = LanguageWords(
    code="en",
    english_rules=True,
    abbreviations=(
        (r"\bDr\.?(?=\s+[A-Z])", "Doctor"),
        (r"\bMrs\.?(?=\s+[A-Z])", "Missus"),
        (r"\bMr\.?(?=\s+[A-Z])", "Mister"),
        (r"\bMs\.?(?=\s+[A-Z])", "Miz"),
        (r"\bProf\.(?=\s+[A-Z])", "Professor"),
        (r"\bSt\.(?=\s+[A-Z])", "Saint"),
        (r"(?<=[a-z] )St\.", "Street"),
        (r"\bMt\.(?=\s+[A-Z])", "Mount"),
        (r"\bJr\.", "Junior"),
        (r"\bSr\.", "Senior"),
        (r"(?i:\be\.\s?g\.)", "for example"),
        (r"(?i:\bi\.\s?e\.)", "that is"),
        (r"(?i:\betc\.)", "et cetera"),
        (r"(?i:\bvs\.?)(?=\s)", "versus"),
        (r"(?i:\bapprox\.)", "approximately"),
        (r"(?i:\bincl\.)", "including"),
        (r"\b(?:ca|c)\.\s?(?=[0-9])", "circa "),
        (r"\b[Nn]o\.\s?(?=[0-9])", "number "),
        (r"\b[Nn]os\.\s?(?=[0-9])", "numbers "),
        (r"\b[Ff]ig\.\s?(?=[0-9])", "figure "),
        (r"\bpp\.\s?(?=[0-9])", "pages "),
        (r"\bp\.\s?(?=[0-9])", "page "),
        (r"\b[Vv]ol\.\s?(?=[0-9])", "volume "),
        (r"\b[Cc]h\.\s?(?=[0-9])", "chapter "),
    ),
)

GERMAN: Final = dataclasses.replace(
    ENGLISH,
    code="de",
    english_rules=False,
    and_="und",
    to="bis",
    point="Komma",
    minus="minus",
    plus="plus",
    equals="gleich",
    times="mal",
    percent="Prozent",
    number="Nummer",
    approximately="ungefähr",
    degrees=("Grad", "Grad"),
    dot="Punkt",
    at="at",
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    month_abbreviations={
        "Jan": 1,
        "Feb": 2,
        "Mär": 3,
        "Apr": 4,
        "Jun": 6,
        "Jul": 7,
        "Aug": 8,
        "Sep": 9,
        "Sept": 9,
        "Okt": 10,
        "Nov": 11,
        "Dez": 12,
    },
    month_first_date="{day} {month}",
    day_first_date="{day} {month}",
    date_with_year="{date} {year}",
    oclock="{hour} Uhr",
    hour_minutes="{hour} Uhr {minutes}",
    hour_hundred="{hour} Uhr",
    oh_minutes=False,
    currencies={
        "$": Currency("Dollar", "Dollar", "Cent", "Cent"),
        "€": Currency("Euro", "Euro", "Cent", "Cent"),
        "£": Currency("Pfund", "Pfund", "Penny", "Pence"),
        "¥": Currency("Yen", "Yen"),
        "CHF": Currency("Franken", "Franken", "Rappen", "Rappen"),
    },
    scale_abbreviations={"Mio": "Millionen", "Mrd": "Milliarden", "Tsd": "tausend"},
    year_context_before=frozenset("im seit bis von vor nach jahr jahre anfang ende mitte um ab".split()),
    thousands_separator=".",
    decimal_separator=",",
    abbreviations=(
        (r"\bz\.\s?B\.", "zum Beispiel"),
        (r"\bd\.\s?h\.", "das heißt"),
        (r"\busw\.", "und so weiter"),
        (r"\bbzw\.", "beziehungsweise"),
        (r"\bca\.", "circa"),
        (r"\bNr\.\s?(?=[0-9])", "Nummer "),
        (r"\bS\.\s?(?=[0-9])", "Seite "),
        (r"\bDr\.(?=\s+[A-ZÄÖÜ])", "Doktor"),
        (r"\bProf\.(?=\s+[A-ZÄÖÜ])", "Professor"),
    ),
)

FRENCH: Final = dataclasses.replace(
    ENGLISH,
    code="fr",
    english_rules=False,
    and_="et",
    to="à",
    point="virgule",
    minus="moins",
    plus="plus",
    equals="égale",
    times="fois",
    percent="pour cent",
    number="numéro",
    approximately="environ",
    degrees=("degré", "degrés"),
    dot="point",
    at="arobase",
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    month_abbreviations={},
    month_first_date="{day} {month}",
    day_first_date="{day} {month}",
    date_with_year="{date} {year}",
    ordinal_days=False,
    oclock="{hour} heures",
    hour_minutes="{hour} heures {minutes}",
    hour_hundred="{hour} heures",
    oh_minutes=False,
    currencies={
        "$": Currency("dollar", "dollars", "cent", "cents"),
        "€": Currency("euro", "euros", "centime", "centimes"),
        "£": Currency("livre", "livres", "penny", "pence"),
        "¥": Currency("yen", "yens"),
        "CHF": Currency("franc", "francs", "centime", "centimes"),
    },
    scale_abbreviations={},
    year_context_before=frozenset("en depuis année jusqu'en vers avant après de".split()),
    thousands_separator="\u202f\u00a0",
    decimal_separator=",",
    abbreviations=(
        (r"\bM\.(?=\s+[A-Z])", "Monsieur"),
        (r"\bMme\b", "Madame"),
        (r"\bMlle\b", "Mademoiselle"),
        (r"\bDr\b\.?(?=\s+[A-Z])", "Docteur"),
        (r"\betc\.", "et cetera"),
        (r"\bp\.\s?ex\.", "par exemple"),
        (r"\bn°\s?(?=[0-9])", "numéro "),
    ),
)

LANGUAGES: Final[Mapping[str, LanguageWords]] = {"en": ENGLISH, "de": GERMAN, "fr": FRENCH}

CURRENCY_CODES: Final = {"USD": "$", "US$": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF"}


def language_words(language: str) -> LanguageWords:
    """The table for ``language`` (``en-GB`` → ``en``); English if unknown."""
    primary = re.split(r"[-_]", language.strip().lower() or "en", maxsplit=1)[0]
    return LANGUAGES.get(primary, ENGLISH)

"""Bylines, dates and credits: the lines around a title that name who and when.

Shared by the plain-text loader's title/byline step and its page-head finder.
Every test is on a whole line. On a page in another language (:func:`in_language`), the words that open a
byline ("Von", "Par", "Por", "Di") and name a month or a date ("14. Juni 2024", "Publié le 1er juin 2024",
"vor 2 Stunden") are known too, in German, French, Spanish and Italian, and the months and dates in Dutch and
Portuguese. They are a closed class, like stop words; without them a German page's byline was read aloud and
its date could become a section. On English pages (and when the language is not known) they stay unknown:
"Von Neumann Architecture", "Mars 2020" and "Last Stand: June 6, 1944" are an English page's headings.
"""

from __future__ import annotations

import contextlib
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final, Iterator, Literal

from reader.document.language import primary_language
from reader.text import collapse_whitespace, split_words

_MONTH_EN = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?"
    r"|nov(ember)?|dec(ember)?"
)
_MONTH_OTHER = (
    # German, Dutch, French, Spanish, Italian, Portuguese: the long forms and the usual short ones
    r"|januar|februar|märz|mai|juni|juli|oktober|dezember|okt|dez|januari|februari|maart|mei|augustus"
    r"|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
    r"|janv|févr|fevr|avr|juil|sept|déc"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    r"|ene|abr|dic|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|genn|magg|giu|lug|sett|ott"
    r"|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"
)
_RELATIVE_EN = r"|\b\d+\s+(minutes?|hours?|days?|weeks?)\s+ago\b"
_RELATIVE_OTHER = (
    r"|\bvor\s+\d+\s+(minuten?|stunden?|tagen?|wochen?)\b|\bil y a\s+\d+\s+(minutes?|heures?|jours?)\b"
    r"|\bhace\s+\d+\s+(minutos?|horas?|días?)\b|\b\d+\s+(minut[oi]|or[ae]|giorn[oi])\s+fa\b"
    r"|\b\d+\s+(minuten?|uur|dagen?|weken?)\s+geleden\b|\bhá\s+\d+\s+(minutos?|horas?|dias?)\b"
)


def _date_pattern(months: str, day: str, of: str, relative: str) -> re.Pattern[str]:
    month = rf"({months})\.?"
    return re.compile(
        rf"\b{month}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b|\b{day}\s+{of}{month},?\s+{of}\d{{4}}\b"
        r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b" + relative + rf"|^{month}\s+\d{{4}}$",
        re.I,
    )


DATE: Final = _date_pattern(_MONTH_EN, r"\d{1,2}(st|nd|rd|th)?", "", _RELATIVE_EN)
"""A date in English (or in numbers)."""
_DATE_OTHER: Final = _date_pattern(
    _MONTH_EN + _MONTH_OTHER, r"\d{1,2}(st|nd|rd|th|er|º|\.)?", r"(de\s+)?", _RELATIVE_EN + _RELATIVE_OTHER
)
"""A date in English or another language: "14. Juni 2024", "1er juin 2024", "14 de junio de 2024"."""
_FILLER_EN = (
    r"published|updated|last updated|last modified|modified|posted|date|on|at|am|pm|gmt|utc|bst|cet|"
    r"[ecmp][sd]?t|\d{1,2}:\d{2}|\d+\s*(min|mins|minute|minutes)\s+(read|listen)|read|time"
)
_DATE_FILLER: Final = re.compile(rf"\b({_FILLER_EN})\b", re.I)
_DATE_FILLER_OTHER: Final = re.compile(
    rf"\b({_FILLER_EN}"
    r"|stand|aktualisiert|veröffentlicht|erstellt|zuletzt|um|uhr|mez|mesz|lesezeit"
    r"|publié|publie|mis à jour|modifié|le|à|publicado|actualizado|el|las|a|pubblicato|aggiornato|alle|ore|il"
    r"|gepubliceerd|bijgewerkt|om|op|atualizado|às|em)\b",
    re.I,
)
_LANGUAGE: ContextVar[str | None] = ContextVar("bylines_language", default=None)


@contextlib.contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Judge lines, inside this block, as lines of a page in ``language`` (``None``: not known, as English)."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|posted by|published by|author|authors|written by)\s*:?\s+(.+)$", re.I
)
_OTHER_BYLINE = re.compile(r"^(?:von|autor|autorin|autoren|par|auteur|por|autora|di|a cura di)\s*:?\s+(.+)$", re.I)
"""A byline in German, French, Spanish or Italian ("Von Jana Keller"); its name must have two words or more
("Von Miller" is an English name) and no English function word ("Par For The Course" is a heading). Dutch
"Door" and Scandinavian "Av" are left out: as English words they open too many headings ("Door Hardware")."""
_ENGLISH_WORDS: Final = frozenset("the of for to and a an in on with at from is are".split())
_OTHER_CREDIT = re.compile(
    r"^(?:medically reviewed|reviewed|fact[- ]checked|edited|illustrat(?:ed|ions)|photography|photos|"
    r"reporting|additional reporting)\s+by\b.{0,120}$",
    re.I,
)
_NAME_SPLIT = re.compile(r"\s+(?:\||·|•|—|–|-|on|updated|published|posted)\s+|,\s+|\s+\|\s*|\s*·\s*", re.I)
_DATED_BYLINE = re.compile(r"^(.+?)\s+by\s+(.+)$", re.I)
""""Posted on August 28, 2023 by Margaret Hale"."""
_DATED_BYLINE_OTHER = re.compile(r"^(.+?)\s+(?:by|von|par|por)\s+(.+)$", re.I)
""""14.06.2024 von Jana Keller" (and the English form) on a page in another language."""
_NAME_IN_PLACE = re.compile(r"^(.+?)\s+in\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})$")
""""Sam Jones in Madrid": a news byline without "By"."""
_FIELD = re.compile(r"^[A-Z][\w ]{0,20}:\s")
"""A labelled field beside a date and a byline ("Category: Eye Candy"), not a name."""
_LABEL_AFTER = re.compile(r"\s+[A-Z]\w*:(\s.*)?$")
"""A field run on after the name ("By Tim Ferriss Topics: Entrepreneurship")."""
_COUNT = re.compile(r"^[\d.,]+\s?[KkMm]?$")


@dataclass(frozen=True)
class _Rules:
    """The patterns that judge a page's lines, for English pages or for pages in another language."""

    date: re.Pattern[str]
    filler: re.Pattern[str]
    """Words that may stand beside a date on a date line ("Published", "Stand", "Uhr")."""
    dated_byline: re.Pattern[str]
    other_byline: re.Pattern[str] | None
    """A byline opened by another language's word ("Von"), with the stricter name test."""


_ENGLISH_RULES: Final = _Rules(DATE, _DATE_FILLER, _DATED_BYLINE, None)
_OTHER_RULES: Final = _Rules(_DATE_OTHER, _DATE_FILLER_OTHER, _DATED_BYLINE_OTHER, _OTHER_BYLINE)


def _rules() -> _Rules:
    """The rules for the page being judged (:func:`in_language`); English ones when its language is not known."""
    language = _LANGUAGE.get()
    return _OTHER_RULES if language is not None and primary_language(language) != "en" else _ENGLISH_RULES


def has_date(text: str) -> bool:
    """Whether ``text`` holds a date (in the page's language, or in English or numbers)."""
    return bool(_rules().date.search(text))


def _credited(match: re.Match[str]) -> str:
    """The name a byline credits: up to a separator, without a field run on after it."""
    return _LABEL_AFTER.sub("", _NAME_SPLIT.split(match.group(1))[0]).strip()


_NAME_PARTICLES: Final = frozenset(
    "and & de da del della di du van von der den la le bin ibn al el y und et e en og".split()
)


def byline_author(text: str) -> str | None | Literal[False]:
    """``False`` if ``text`` is not a byline; else the author's name (or ``None``)."""
    flat = collapse_whitespace(text)
    if len(split_words(flat)) > 16 or flat.endswith("."):
        return False
    if _OTHER_CREDIT.match(flat):
        return None
    rules = _rules()
    dated = rules.dated_byline.match(flat)
    if dated and is_date_line(dated.group(1)):
        name = _NAME_SPLIT.split(dated.group(2))[0].strip()
        return name if looks_like_name(name) else False
    match = _BYLINE.match(flat)
    if match:
        name = _credited(match)
        return name if looks_like_name(name) else False
    match = rules.other_byline.match(flat) if rules.other_byline else None
    if match:
        name = _credited(match)
        words = split_words(name)
        if looks_like_name(name) and len(words) >= 2 and not any(w.casefold() in _ENGLISH_WORDS for w in words):
            return name
    parts = [p.strip() for p in re.split(r"\s*[|·•]\s*|\s+[—–-]\s+", flat) if p.strip()]
    if len(parts) >= 2 and any(has_date(p) for p in parts):
        credited = [m.group(1) for m in map(_BYLINE.match, parts) if m]
        names = [n for n in (_NAME_SPLIT.split(c)[0].strip() for c in credited) if looks_like_name(n)]
        names += [p for p in parts if not has_date(p) and looks_like_name(p)]
        if all(is_date_line(p) or p in names or _BYLINE.match(p) or _FIELD.match(p) for p in parts):
            return names[0] if names else None
    if is_date_line(flat):
        return None
    return False


def is_date_line(text: str) -> bool:
    rules = _rules()
    if not rules.date.search(text) and not re.search(
        r"(?<!\d)\d+\s*(min|mins|minute|minutes)\s+(read|listen)", text, re.I
    ):
        return False
    rest = rules.filler.sub(" ", rules.date.sub(" ", text))
    return len(re.findall(r"[A-Za-z\u00c0-\u024f]{2,}", rest)) <= 1  # Latin words; other scripts never counted


def looks_like_name(text: str) -> bool:
    words = split_words(text)
    if not 1 <= len(words) <= 6:
        return False
    return all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words) and not re.search(r"[\d:]", text)


def name_line(text: str) -> str | None:
    """The name on a bare author line ("Sam Whitaker", "Sam Jones in Madrid"), else ``None``.

    Only the caller knows whether the line is an author line (it sits on a
    date or a "Follow" button); this only says whether it could be.
    """
    flat = collapse_whitespace(text)
    place = _NAME_IN_PLACE.match(flat)
    name = place.group(1) if place else flat
    words = split_words(name)
    return name if 2 <= len(words) <= 4 and looks_like_name(name) else None


def is_count_line(text: str) -> bool:
    """A bare number such as a like or comment count ("48", "1.2K")."""
    return bool(_COUNT.match(text.strip()))


__all__ = [
    "DATE",
    "byline_author",
    "has_date",
    "in_language",
    "is_count_line",
    "is_date_line",
    "looks_like_name",
    "name_line",
]

"""Bylines, dates and credits: the lines around a title that name who and when.

Shared by the plain-text loader's title/byline step and its page-head finder.
Every test is on a whole line.
"""

from __future__ import annotations

import re
from reader.text import collapse_whitespace, split_words
from typing import Final, Literal


_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?"
    r"|nov(ember)?|dec(ember)?)\.?"
)
DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d+\s+(minutes?|hours?|days?|weeks?)\s+ago\b"
    rf"|^{_MONTH}\s+\d{{4}}$",
    re.I,
)
_DATE_FILLER = re.compile(
    r"\b(published|updated|last updated|last modified|modified|posted|date|on|at|am|pm|gmt|utc|bst|cet|"
    r"[ecmp][sd]?t|\d{1,2}:\d{2}|\d+\s*(min|mins|minute|minutes)\s+(read|listen)|read|time)\b",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|posted by|published by|author|authors|written by)\s*:?\s+(.+)$", re.I
)
_OTHER_CREDIT = re.compile(
    r"^(?:medically reviewed|reviewed|fact[- ]checked|edited|illustrat(?:ed|ions)|photography|photos|"
    r"reporting|additional reporting)\s+by\b.{0,120}$",
    re.I,
)
_NAME_SPLIT = re.compile(r"\s+(?:\||·|•|—|–|-|on|updated|published|posted)\s+|,\s+|\s+\|\s*|\s*·\s*", re.I)
_DATED_BYLINE = re.compile(r"^(.+?)\s+by\s+(.+)$", re.I)
""""Posted on August 28, 2023 by Margaret Hale"."""
_NAME_IN_PLACE = re.compile(r"^(.+?)\s+in\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})$")
""""Sam Jones in Madrid": a news byline without "By"."""
_FIELD = re.compile(r"^[A-Z][\w ]{0,20}:\s")
"""A labelled field beside a date and a byline ("Category: Eye Candy"), not a name."""
_LABEL_AFTER = re.compile(r"\s+[A-Z]\w*:(\s.*)?$")
"""A field run on after the name ("By Tim Ferriss Topics: Entrepreneurship")."""
_COUNT = re.compile(r"^[\d.,]+\s?[KkMm]?$")
_NAME_PARTICLES: Final = frozenset("and & de da del della di du van von der den la le bin ibn al el y".split())


def byline_author(text: str) -> str | None | Literal[False]:
    """``False`` if ``text`` is not a byline; else the author's name (or ``None``)."""
    flat = collapse_whitespace(text)
    if len(split_words(flat)) > 16 or flat.endswith("."):
        return False
    if _OTHER_CREDIT.match(flat):
        return None
    dated = _DATED_BYLINE.match(flat)
    if dated and is_date_line(dated.group(1)):
        name = _NAME_SPLIT.split(dated.group(2))[0].strip()
        return name if looks_like_name(name) else False
    match = _BYLINE.match(flat)
    if match:
        name = _LABEL_AFTER.sub("", _NAME_SPLIT.split(match.group(1))[0]).strip()
        return name if looks_like_name(name) else False
    parts = [p.strip() for p in re.split(r"\s*[|·•]\s*|\s+[—–-]\s+", flat) if p.strip()]
    if len(parts) >= 2 and any(DATE.search(p) for p in parts):
        credited = [m.group(1) for m in map(_BYLINE.match, parts) if m]
        names = [n for n in (_NAME_SPLIT.split(c)[0].strip() for c in credited) if looks_like_name(n)]
        names += [p for p in parts if not DATE.search(p) and looks_like_name(p)]
        if all(is_date_line(p) or p in names or _BYLINE.match(p) or _FIELD.match(p) for p in parts):
            return names[0] if names else None
    if is_date_line(flat):
        return None
    return False


def is_date_line(text: str) -> bool:
    if not DATE.search(text) and not re.search(r"\d+\s*(min|mins|minute|minutes)\s+(read|listen)", text, re.I):
        return False
    rest = _DATE_FILLER.sub(" ", DATE.sub(" ", text))
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 1


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


__all__ = ["DATE", "byline_author", "is_count_line", "is_date_line", "looks_like_name", "name_line"]

"""Which units of scraped plain text are headings, and at what levels.

Scraped text has lost its markup: a heading is a bare short line. Each
candidate line is scored on its case, its length, its ending and what
surrounds it (body after it, a block of "Key: Value" fields around it); runs
of short lines with no body between are lists whose bullets were lost.
Levels come from explicit markers (``#``, underlines, ``2.3``), from a numbered
table of contents, or from structure: a heading followed directly by a
heading is its parent.
"""

from __future__ import annotations

import re
from typing import Final

from reader.document.loaders.bylines import byline_author, has_date
from reader.document.loaders.casing import is_caps_line, is_title_case, starts_upper
from reader.document.loaders.fields import in_field_block
from reader.document.loaders.toc import is_short_line as _is_short_line
from reader.document.loaders.toc import match_key as _match_key
from reader.document.loaders.units import Unit
from reader.text import CJK_CHARACTER, CLOSERS, content_words, split_words

SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$")
"""A dotted section number before a heading ("2.3 Methods")."""
_CLOCK = re.compile(r"\d{1,2}:\d{2}\s*(?:[ap]\.?m\b\.?)|^\s*\d{1,2}:\d{2}(?:\s*[|·•]|[^\W\d_])", re.I)
"""A time of day ("2:05 PM", "10:31 pm"), or a 24-hour one opening a news ticker's or a live blog's entry
("18:54 | Second stage approved", "21:00Antony Clements-Thrower": the time and the name run together)."""
_PLAIN_NUMBER = re.compile(r"^(\d{1,2})\s+([A-Z].*)$")
LABEL_VALUE: Final = re.compile(r"^([^:]{1,30}):\s+(\S)")
"""``Label: value`` (``Cook time: 35 minutes``, ``Filed under: Travel``)."""
_CREDIT = re.compile(
    r"(?:[,/]\s*|\bvia\s+)(?:the\s+)?(?:AP|AP Photo|Associated Press|Reuters|AFP|Getty\s?Images|Getty|EPA|"
    r"Shutterstock|iStock|Bloomberg)\s*$"
    r"|^(?:photo(?:graph)?|image|picture|cartoon|sketch|graphic)s?(?:\s+\w+)?\s+(?:by|from|courtesy)\b"
    r"|\((?:photo(?:graph)?|picture|image|credit)s?\s*:[^()]*\)\s*$|^(?:photo\s+)?credits?\s*:"
    r"|^(?:data\s+)?sources?\s*:\s*\S",
    re.I,
)
"""A photo credit ending in a wire or picture agency ("Michael Conroy, AP", "Paul Hackett/Reuters",
"… via AP"), opening with what it credits ("Photo by …", "Image captured from …", "Credit: …") or ending
in a credit in brackets ("… outside Parliament (Picture: AP)"), or a chart's source ("Source: Met Office"):
a caption's line, never a section."""
_ADDRESS = re.compile(r"https?://|www\.|[\w.+-]@[\w-]+\.\w|(?:^|\s)@\w")
"""A web or e-mail address or a social-media handle; not "TED@Doha" or "4K@60FPS" in a headline."""
_BRACKETED = re.compile(r"^\s*\[.*\]\s*$")
"""An aside in square brackets ("[Related: Salesforce keynote]", "[The Verge]", "[Interruption]"): of the 11,156
headings the corpus's gold marks, none is one."""
_LETTERS = re.compile(r"[^\W\d_]{2}")
"""Two letters together: the start of a word, in any script."""

HEADING_SCORE: Final = 0.8
"""A line the boilerplate model doubts (article score below this) may be read but is never made a section
heading: "Related articles" and "Comments" are what listeners would otherwise jump to (measured: chrome
headings on 5.6 % of pages at 0.8, 9.3 % at 0.7, 23 % at 0.45)."""
MARKED_HEADING_SCORE: Final = 0.6
"""The same bar for a line the text itself marks a heading (a converter's ``## Related stories``): the mark
is evidence, so the bar is lower. On html2text copies of the training pages, scored by trees that never saw
their site (``bars.py``): chrome headings on 7.4 % of pages at 0.5, 5.6 % at 0.6 (9 % fewer real headings),
4.9 % at 0.65 (15 % fewer); up to 0.6 a step costs no more real headings a point than the plain bar's last."""
FOREIGN_SHARE: Final = 0.25
"""A heading less than this share of whose words (of four letters or more) the article's text uses is
foreign to it: another story's headline, a widget's or a site's name."""

_ABBREVIATIONS: Final = frozenset("mr mrs ms dr st mt vs no vol fig jr sr prof inc ltd co e.g i.e etc u.s u.k".split())

_PROSE_OPENER = re.compile(r"^(so|but|and|or|yet|then|now|well|still|of course|after all|in short)\b", re.I)


def _has_two_sentences(text: str) -> bool:
    for match in re.finditer(r"(\S+)[.!?]\s+[A-Z“\"]", text):
        word = match.group(1).casefold().strip("(\"'“")
        if word not in _ABBREVIATIONS and len(word) > 1:
            return True
    return False


def heading_bar(unit: Unit, article_words: set[str]) -> float:
    """The article score ``unit`` needs to be a section heading (see :data:`HEADING_SCORE`). A converter
    marks every heading of the page, a widget's too, so a marked heading's lower bar holds only when the
    article's words (``article_words``) take up its own (:data:`FOREIGN_SHARE`); the author's section
    numbers ("2.1 Requirements") and a wiki's headings, ended by an edit link ("Enclosure[edit]"), always."""
    if unit.explicit_level is None:
        return MARKED_HEADING_SCORE if unit.style == "wiki" else HEADING_SCORE
    words = content_words(unit.text)
    if unit.style == "numbered" or not words or CJK_CHARACTER.search(unit.text):
        return MARKED_HEADING_SCORE
    shared = sum(w in article_words for w in words)
    return MARKED_HEADING_SCORE if shared >= FOREIGN_SHARE * len(words) else HEADING_SCORE


def _could_be_heading(text: str) -> bool:
    """Hard limits: a heading is short, starts upper case, has no closing period and is no line of the
    kinds :func:`_never_a_section` names."""
    words = split_words(text)
    if not words or len(words) > 20 or len(text) > 160:
        return False
    stripped = text.rstrip()
    if stripped[-1] in ".,;:…。，；：、" or (stripped[-1] in CLOSERS and len(stripped) > 1 and stripped[-2] in ".,!?"):
        return False
    return (
        starts_upper(text) and not _has_two_sentences(text) and not _only_numbers(text) and not _never_a_section(text)
    )


def _never_a_section(text: str) -> bool:
    """A line that is not a section a listener would jump to, however a converter marked it: a web or
    e-mail address, a date, a social-media handle ("Zachary Roth, @zackroth", "Follow @AliNBCNews"), a photo
    credit, an aside in square brackets, or a byline naming someone."""
    if _CREDIT.search(text) or _BRACKETED.match(text):
        return True
    author = byline_author(text)
    if text.lstrip().startswith(("--", "—", "–")) or (isinstance(author, str) and len(author.split()) >= 2):
        return True  # a signature ("-- Josh Marshall") or a byline naming someone ("By Phil Helsel")
    return bool(_ADDRESS.search(text) or _is_dated(text))


def _only_numbers(text: str) -> bool:
    """Numbers and no word ("212-714-2398", "11 12 13 14 15 16 17", "1.9 - 1.27 = 0.63"): a phone
    number, a calendar row or a sum, not a section a listener could name. A lone number ("1999") may be one."""
    return not _LETTERS.search(text) and len(re.findall(r"\d+", text)) > 1


def _is_dated(text: str) -> bool:
    """A line with a date or a time of day: a byline, a comment's header or a
    news ticker, never a section a listener would jump to."""
    return bool(has_date(text) or _CLOCK.search(text))


def is_body(unit: Unit) -> bool:
    """Body rather than a heading candidate: not plain text, long, or ending like a sentence."""
    if unit.kind != "text":
        return True
    return len(split_words(unit.text)) > 12 or unit.text.rstrip()[-1] in ".!?:;。！？：；" + CLOSERS


def _heading_score(units: list[Unit], i: int, line_per_unit: bool, prefer_title_case: bool) -> int:
    unit = units[i]
    text = unit.text
    n = len(split_words(text))
    nxt = units[i + 1] if i + 1 < len(units) else None
    prev = units[i - 1] if i > 0 else None
    title_case = is_title_case(text)
    score = 0
    if is_caps_line(text):
        score += 4
    if title_case:
        score += 4 if n <= 10 else 3 if n <= 14 else 2
    else:
        score += 3 if n <= 9 else 2 if n <= 12 else -2
        if prefer_title_case:
            score -= 1
        if text.endswith("?") and (prefer_title_case or n > 8):
            score -= 1  # a question in the flow of prose
        if _PROSE_OPENER.match(text):
            score -= 2  # "So what changed?", "But not for long"
    if text.endswith("!"):
        score -= 1
    first_of_chunk = prev is None or prev.chunk != unit.chunk
    if unit.alone or line_per_unit or first_of_chunk:
        score += 1
    if nxt is None:
        score -= 4
    elif is_body(nxt) or _starts_bare_list(units, i + 1):
        score += 1
    if unit.toc_level is not None:
        score += 2  # the page's own contents list names it
    if in_field_block(units, i):
        score -= 5  # "Course: Side Dish" in a block of "Key: Value" lines
    if prev is not None and prev.kind == "text" and prev.text.endswith(":"):
        score -= 2
    label = LABEL_VALUE.match(text)
    if label and (label.group(2).isdigit() or label.group(2).islower()):
        score -= 3
    if text[0] in "\"'“‘(":
        score -= 2
    if unit.lines > 1:
        score -= 2
    return score


def _starts_bare_list(units: list[Unit], i: int) -> bool:
    """Two or more short lines starting with a number or in lower case: items whose bullets were lost."""
    items = units[i : i + 2]
    return len(items) == 2 and all(
        u.kind == "text" and _is_short_line(u) and re.match(r"[\d½¼¾a-z]", u.text) for u in items
    )


def _numbered_heading(unit: Unit) -> tuple[int, str] | None:
    """``(depth, text)`` if the unit starts with a section number such as ``2.3``."""
    if unit.kind == "list" and unit.ordinal is not None and unit.alone:
        return (1, unit.text) if _could_be_heading(unit.text) and len(split_words(unit.text)) <= 14 else None
    if unit.kind != "text" or unit.explicit_level is not None:
        return None
    match = SECTION_NUMBER.match(unit.text) or _PLAIN_NUMBER.match(unit.text)
    if not match or not _could_be_heading(match.group(2)) or len(split_words(match.group(2))) > 14:
        return None
    return match.group(1).count(".") + 1, match.group(2)


def mark_headings(units: list[Unit]) -> None:
    """Decide which units are headings (and which short-line groups are lists)."""
    chunks: dict[int, list[Unit]] = {}
    for unit in units:
        chunks.setdefault(unit.chunk, []).append(unit)
    line_per_unit = len(chunks) <= 2 and len(units) > 4

    numbered = {i: found for i, u in enumerate(units) if (found := _numbered_heading(u))}
    numbered = {
        i: found
        for i, found in numbered.items()
        if i + 1 < len(units) and not (units[i + 1].kind == "list" and units[i + 1].ordinal is not None)
    }
    if len(numbered) >= 2 and any(is_body(units[i + 1]) and units[i + 1].kind == "text" for i in numbered):
        for i, (depth, text) in numbered.items():
            unit = units[i]
            unit.kind, unit.text, unit.heading = "text", text, True
            unit.explicit_level, unit.style = depth, "numbered"

    for unit in units:
        if unit.explicit_level is not None and _never_a_section(unit.text):
            unit.explicit_level, unit.style = None, "plain"  # a converter's "## Posted Oct 29, 2012": not a section
        elif unit.explicit_level is not None:
            unit.heading = True

    candidates = [
        i
        for i, u in enumerate(units)
        if u.kind == "text" and not u.heading and u.style not in ("label", "cell") and _could_be_heading(u.text)
    ]
    confident = [i for i in candidates if _heading_score(units, i, line_per_unit, False) >= 5]
    title_cased = sum(1 for i in confident if is_title_case(units[i].text))
    prefer_title_case = len(confident) >= 3 and title_cased >= 0.75 * len(confident)
    line_groups = {
        c
        for c, group in chunks.items()
        if len(group) >= 3 and not line_per_unit and all(_is_short_line(u) and u.kind == "text" for u in group)
    }
    for chunk in line_groups:
        _mark_line_group(chunks[chunk])
    for i in candidates:
        unit = units[i]
        group = chunks[unit.chunk]
        if unit.chunk in line_groups:
            if (
                unit is not group[0]
                or unit.kind != "list"
                or _heading_score(units, i, line_per_unit, prefer_title_case) < 5
            ):
                continue
            unit.kind = "text"
        if _heading_score(units, i, line_per_unit, prefer_title_case) >= 5:
            unit.heading = True
            unit.style = "caps" if is_caps_line(unit.text) else "wiki" if unit.style == "wiki" else "plain"
    _demote_list_like_runs(units)
    headings = [u for u in units if u.heading]
    if headings and all(u.text.endswith("?") and not is_title_case(u.text) for u in headings):
        for unit in headings:  # only sentence-case questions: rhetorical questions in the prose
            unit.heading = False


def _mark_line_group(group: list[Unit]) -> None:
    """A block of short lines is a list: ingredients, facts, an address.

    When most lines start in lower case ("Do" / "wear sunglasses" / "shower
    after being outside") the capitalised short lines among them are labels
    of the items below them: kept as text, never headings.
    """
    labelled = sum(1 for u in group if u.text[:1].islower()) >= 0.5 * len(group)

    def label(unit: Unit) -> bool:
        return labelled and unit.text[:1].isupper() and (len(split_words(unit.text)) <= 3 or unit.text.endswith(":"))

    # one label on top may be a heading ("Ingredients" / "flour" / "eggs"): the scores decide
    several = sum(1 for u in group if label(u)) >= 2
    for k, unit in enumerate(group):
        if label(unit) and (k > 0 or several or unit.text.endswith(":")):
            unit.kind, unit.style = "text", "label"
        else:
            unit.kind = "list"


def _demote_list_like_runs(units: list[Unit]) -> None:
    """Short lines one after another with no body between are a list, not headings.

    Two headings in a row are a parent and its first child; three or more in a
    row after a lead-in ending with ":" (or four or more anywhere) are the
    items of a list whose bullets were lost.
    """

    def implicit_heading(unit: Unit) -> bool:
        return unit.heading and unit.explicit_level is None

    def bare_item(unit: Unit) -> bool:
        return (
            unit.kind == "text"
            and unit.explicit_level is None
            and _is_short_line(unit)
            and (unit.heading or len(split_words(unit.text)) <= 8)
        )

    i = 0
    while i < len(units):
        lead_in = i > 0 and units[i - 1].kind == "text" and units[i - 1].text.endswith(":")
        accept = bare_item if lead_in else implicit_heading
        j = i
        while j < len(units) and accept(units[j]):
            j += 1
        if j - i >= 4 or (j - i >= 2 and lead_in and j < len(units) and any(u.heading for u in units[i:j])):
            for unit in units[i:j]:
                unit.heading, unit.kind = False, "list"
        i = max(j, i + 1)


def assign_levels(units: list[Unit], title: str | None = None) -> None:
    """Levels for headings, then one level down for everything under a repeat of the title."""
    _assign_outline_levels(units)
    _nest_under_title_repeat(units, title)


def _nest_under_title_repeat(units: list[Unit], title: str | None) -> None:
    """A later heading that repeats the title (a recipe card) is a part: what follows is inside it."""
    if not title:
        return
    key = _match_key(title)
    headings = [u for u in units if u.heading]
    at = next((k for k, u in enumerate(headings) if k > 0 and _match_key(u.text) == key), None)
    if at is None:
        return
    part = headings[at]
    after = headings[at + 1 :]
    if not after or any(u.explicit_level is not None for u in headings):
        return
    top = min(u.level for u in headings)
    part.level = top
    for unit in after:
        unit.level = max(unit.level, top) + 1


def _assign_outline_levels(units: list[Unit]) -> None:
    """Levels for headings without explicit ones, from the shape of the outline."""
    headings = [u for u in units if u.heading]
    for unit in headings:
        if unit.explicit_level is not None:
            unit.level = unit.explicit_level
    implicit = [u for u in headings if u.explicit_level is None]
    if sum(u.toc_level is not None for u in implicit) >= max(2, 0.5 * len(implicit)):
        level = 1
        for unit in implicit:  # the contents list knows better than the shape of the outline
            level = unit.level = unit.toc_level or level
        return
    styles = {u.style for u in implicit}
    if styles == {"caps", "plain"}:
        for unit in implicit:
            unit.level = 1 if unit.style == "caps" else 2
        return
    # runs of consecutive implicit headings (no body between): all but the last are parents
    runs: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in units:
        if unit.heading and unit.explicit_level is None:
            current.append(unit)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    long_runs = [r for r in runs if len(r) >= 3]
    depth = 3 if len(long_runs) >= 2 or (long_runs and runs and runs[0] is long_runs[0]) else 2
    if not any(len(r) >= 2 for r in runs):
        depth = 1
    seen_parent = False
    for run in runs:
        if len(run) == 1:
            run[0].level = depth if seen_parent else 1
            continue
        seen_parent = True
        k = min(len(run), depth)
        extra = len(run) - k
        for unit in run[:extra]:
            unit.level = 1
        for offset, unit in enumerate(run[extra:]):
            unit.level = depth - k + 1 + offset


__all__ = ["SECTION_NUMBER", "assign_levels", "is_body", "mark_headings"]

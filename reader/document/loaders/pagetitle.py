"""Which line of scraped text is the article's title: a small trained ranker.

The title of a copied page is a short line near where the article starts: above the first paragraphs, often
repeated (breadcrumb or browser title and the headline), title-like in case and length, followed by a byline, a
date or a lead, and made of words the article goes on to use; it is rarely a byline, a date or a bracketed aside
itself. Candidates are the short lines up to a few units past the body's second paragraph (its first may be a
sidebar's blurb above the headline); each is scored by gradient-boosted trees trained with the boilerplate model
(see :mod:`reader.document.loaders.boilerplate`), and the best one wins when its score is high enough. The
signals hold in any language.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Final, Sequence

import numpy as np

from reader.document.loaders.bylines import byline_author, has_date
from reader.document.loaders.casing import is_title_case
from reader.document.loaders.headings import LABEL_VALUE
from reader.document.loaders.units import Unit
from reader.text import content_words, split_words, word_count, word_key

MAX_TITLE_WORDS: Final = 30
BODY_WORDS: Final = 25
"""A unit this long with a high article score marks the start of the body."""
AFTER_BODY: Final = 3
"""Candidates run this many units past the body's second paragraph (a title under a lead photo caption)."""

TITLE_FEATURES: Final = (
    "score",
    "log_words",
    "title_case",
    "capitalised_share",
    "terminal_end",
    "colon_or_dash",
    "log_repeats",
    "units_to_body",
    "before_body",
    "rank_from_body",
    "score_rank",
    "next_score",
    "next_log_words",
    "next_has_digit",
    "previous_score",
    "longest_above_body",
    "separator",
    "position",
    "lead_overlap",
    "log_lead_mentions",
    "body_overlap",
    "log_body_mentions",
    "near_repeat",
    "byline_below",
    "date_below",
    "byline_or_date_above",
    "label_value",
    "title_case_above",
    "own_byline",
    "own_date",
    "bracketed",
    "cell",
    "lead_overlap_gap",
    "body_overlap_gap",
    "body_mentions_rank",
)

_WORD: Final = re.compile(r"\w+")
LEAD_UNITS: Final = 8
"""Units from the start of the body whose words a headline tends to repeat (the lead)."""
SITE_SEPARATOR: Final = re.compile(r"\s[|–—»·:-]\s")
TAB_SEPARATOR: Final = re.compile(SITE_SEPARATOR.pattern + r"|(?<=\S):\s")  # a first line: "Site: Headline" too
BODY_SCORE: Final = 0.5
"""Units from the start of the body scoring this high are the article a title's words recur in."""
_COMPARED: Final = ("lead_overlap", "body_overlap", "log_body_mentions")
"""Features also given relative to the page's other candidates (the ranker scores one line at a time)."""
SHORT_UNIT_WORDS: Final = 40
"""Units this short are where a title is repeated (a breadcrumb, "Title - Site", a share line)."""
BYLINE_SPAN: Final = 3
"""Units under (or over) a candidate searched for a byline or a date."""


def _headline_like(unit: Unit) -> bool:
    """A short title-case text line not ending like a sentence (the headline over a dek)."""
    text = unit.text.rstrip()
    return (
        unit.kind == "text" and word_count(text) <= MAX_TITLE_WORDS and text[-1:] not in ".!?:" and is_title_case(text)
    )


def _is_byline(text: str) -> bool:
    return len(text) < 200 and bool(byline_author(text))


def _is_dateline(text: str) -> bool:
    return len(text) < 200 and has_date(text)


def _is_paragraph(unit: Unit, score: float, bar: float) -> bool:
    """A paragraph of running article text: :data:`BODY_WORDS` long or more, article score at least ``bar``."""
    return score >= bar and word_count(unit.text) >= BODY_WORDS


def body_start(units: Sequence[Unit], scores: np.ndarray, threshold: float) -> int:
    """The first unit of running article text (or the first kept unit, or 0)."""
    bar = max(threshold, BODY_SCORE)
    for i, (unit, score) in enumerate(zip(units, scores)):
        if _is_paragraph(unit, score, bar):
            return i
    return next((i for i, s in enumerate(scores) if s >= threshold), 0)


def candidates(units: Sequence[Unit], scores: np.ndarray, body: int) -> list[int]:
    """Short text lines from the top to a few units past the second paragraph of the body
    (the first may be a sidebar's blurb above the headline)."""
    second = next((i for i in range(body + 1, len(units)) if _is_paragraph(units[i], scores[i], BODY_SCORE)), body)
    return [
        i
        for i in range(min(len(units), second + AFTER_BODY + 1))
        if (units[i].kind == "text" or _lone_item(units, i)) and 1 <= word_count(units[i].text) <= MAX_TITLE_WORDS
    ]


def _lone_item(units: Sequence[Unit], i: int) -> bool:
    """A list of one item over a byline or date, and no list under them: a text browser sets a blog's post,
    headline and all, as the one item of a list (a lone item over anything else is as often a teaser for
    another story)."""
    return (
        units[i].kind == "list"
        and (i == 0 or units[i - 1].kind != "list")
        and i + 1 < len(units)
        and units[i + 1].kind == "text"
        and byline_author(units[i + 1].text) is not False
        and (i + 2 == len(units) or units[i + 2].kind != "list")
    )


def headline_over_lead(units: Sequence[Unit], chosen: Sequence[int], pick: int, body: int) -> int:
    """``pick``, or the candidate right over the body's first paragraph where the pick lies below that paragraph,
    holds every word of that candidate, and the paragraph opens with them: the page's headline, whose words a
    section heading of the article repeats ("Check if you have hay fever" under "Hay fever" and its lead "Hay
    fever is a common allergy…"). The rankers score one line at a time and cannot see that pattern."""
    head = body - 1
    if pick <= body or head not in chosen:
        return pick
    words = _WORD.findall(units[head].text.casefold())
    if not words or not set(words) <= set(_WORD.findall(units[pick].text.casefold())):
        return pick
    return head if _WORD.findall(units[body].text.casefold())[: len(words)] == words else pick


def headline_of_site_title(units: Sequence[Unit], chosen: Sequence[int], ranked: np.ndarray, best: int) -> int:
    """``best`` (a position in ``chosen``), or a candidate that is word for word a part of it cut at a site separator:
    the pick is then a tab's title, "Headline | Site" (a scraper saves ``<title>`` as the page's first line, where
    "Site: Headline" is cut too). Where two parts are shown on their own (the headline, the site's name in the
    header), the rankers choose; where one is, it is the headline if it is the longest part (a shorter one is as
    often the site's name: "Bob Sutton"). A part of one word is a section's label ("… - Review")."""
    separator = TAB_SEPARATOR if chosen[best] == 0 else SITE_SEPARATOR
    parts = [part.strip() for part in separator.split(units[chosen[best]].text)]
    if len(parts) < 2:
        return best
    shown = [k for k, i in enumerate(chosen) if k != best and units[i].text.strip() in parts]
    shown = [k for k in shown if word_count(units[chosen[k]].text) >= 2]
    texts = {units[chosen[k]].text.strip() for k in shown}
    if not texts or (len(texts) == 1 and texts != {max(parts, key=len)}):
        return best
    return max(shown, key=lambda k: ranked[k])


MARKED_SHARE: Final = 0.05
"""A candidate the renderer marked as a heading wins over an unmarked pick of the rankers when it scores at least
this share of the pick's score."""
SET_IN_COLUMNS: Final = 4
"""A text browser sets paragraphs in by this many columns or fewer (lynx: three), headings flush left."""
PARAGRAPH_WORDS: Final = 12
"""Units this long that the model reads are the paragraphs whose indentation the page's column is."""


def _paragraph_column(units: Sequence[Unit], scores: np.ndarray, threshold: float) -> int:
    """The columns most of the page's paragraphs are set in by (0 if none)."""
    columns = Counter(
        unit.indent
        for unit, score in zip(units, scores)
        if unit.kind == "text"
        and unit.style != "cell"
        and score >= threshold
        and word_count(unit.text) >= PARAGRAPH_WORDS
    )
    return columns.most_common(1)[0][0] if columns else 0


def marked_headline(
    units: Sequence[Unit], chosen: Sequence[int], ranked: np.ndarray, best: int, scores: np.ndarray, threshold: float
) -> int:
    """``best`` (a position in ``chosen``), or the best-ranked candidate the renderer marked as a heading where the
    pick is not marked. A converter marks a heading with ``#`` (html2text); a text browser (``lynx -dump``) sets
    every paragraph, caption and teaser a few columns in and a heading flush left. The rankers learned the sites of
    their training pages well enough to do without the marks there, and on new sites take a photo's caption, a
    teaser or a share line over the headline the page marked. The marked line wins only when it scores at least
    :data:`MARKED_SHARE` of the pick: a menu's heading is marked too, and the rankers rule it out."""
    set_in = 0 < _paragraph_column(units, scores, threshold) <= SET_IN_COLUMNS
    marked = [k for k, i in enumerate(chosen) if _marked(units[i], set_in)]
    if not marked or best in marked:
        return best
    top = max(marked, key=lambda k: ranked[k])
    return top if ranked[top] >= MARKED_SHARE * ranked[best] else best


def _marked(unit: Unit, set_in: bool) -> bool:
    """A ``#`` heading, or where the page's paragraphs are set in, a text line set flush left (a row's cell
    lost the row's indentation when it was cut from it: it is never flush left)."""
    return unit.style == "markdown" or (set_in and unit.kind == "text" and unit.style != "cell" and unit.indent == 0)


@dataclass
class _ShortUnits:
    """The page's short units (where a title is repeated: a breadcrumb, "Title - Site", a share line) as sets
    of bits, one bit a unit: which hold each content word, which have each word key. Finding the one that
    shares most words with a line is then a few integer operations a word, not a set intersection for every
    pair of candidate and short unit (which grew with the square of a long menu's lines)."""

    holding: dict[str, int]
    """The units holding each content word."""
    keyed: dict[str, int]
    """The units with each word key."""
    every: int

    @classmethod
    def of(cls, units: Sequence[Unit]) -> _ShortUnits:
        holding: dict[str, int] = {}
        keyed: dict[str, int] = {}
        for k, unit in enumerate(units):
            for word in set(content_words(unit.text)):
                holding[word] = holding.get(word, 0) | 1 << k
            key = word_key(unit.text)
            keyed[key] = keyed.get(key, 0) | 1 << k
        return cls(holding, keyed, (1 << len(units)) - 1)

    def most_shared(self, words: set[str], key: str) -> int:
        """How many of ``words`` the short unit holding most of them holds, among those whose word key is not ``key``."""
        allowed = self.every & ~self.keyed.get(key, 0)
        digits: list[int] = []  # binary counters side by side: bit k of digits[j] is bit j of unit k's count
        for word in words:
            carry = self.holding.get(word, 0) & allowed
            for j in range(len(digits)):
                if not carry:
                    break
                digits[j], carry = digits[j] ^ carry, digits[j] & carry
            if carry:
                digits.append(carry)
        best, units = 0, allowed
        for j in reversed(range(len(digits))):  # the largest count: its highest digit first
            if units & digits[j]:
                units &= digits[j]
                best |= 1 << j
        return best


@dataclass
class _Page:
    """What every candidate's features are measured against: the page's units,
    their article scores, where the body starts and the words of its lead and body."""

    units: Sequence[Unit]
    scores: np.ndarray
    body: int
    chosen: list[int]
    keys: Counter[str]
    """How often each line's word key occurs on the page."""
    score_rank: dict[int, int]
    longest: int
    """The longest candidate above the body (-1 if none)."""
    up_to_body: int
    """How many candidates lie at or above the body's first unit (``chosen`` is in page order)."""
    lead: range
    lead_words: Counter[str]
    in_body: set[int]
    body_words: Counter[str]
    short_units: _ShortUnits

    @classmethod
    def of(cls, units: Sequence[Unit], scores: np.ndarray, body: int, chosen: list[int]) -> _Page:
        above = [i for i in chosen if i < body]
        lead = range(body, min(len(units), body + LEAD_UNITS))
        in_body = [j for j in range(body, len(units)) if scores[j] >= BODY_SCORE]
        return cls(
            units,
            scores,
            body,
            chosen,
            Counter(word_key(u.text) for u in units),
            {i: r for r, i in enumerate(sorted(chosen, key=lambda i: -scores[i]))},
            max(above, key=lambda i: word_count(units[i].text), default=-1),
            bisect.bisect_right(chosen, body),
            lead,
            Counter(w for j in lead for w in content_words(units[j].text)),
            set(in_body),
            Counter(w for j in in_body for w in content_words(units[j].text)),
            _ShortUnits.of([u for u in units if word_count(u.text) <= SHORT_UNIT_WORDS]),
        )


def _shape_and_place(page: _Page, i: int) -> list[float]:
    """The line's own shape, its place relative to the body and its neighbours' scores."""
    units, scores, text = page.units, page.scores, page.units[i].text
    words = split_words(text)
    letters = [w for w in words if w[:1].isalpha()]
    nxt = units[i + 1] if i + 1 < len(units) else None
    return [
        float(scores[i]),
        math.log1p(len(words)),
        float(is_title_case(text)),
        sum(1 for w in letters if w[0].isupper()) / len(letters) if letters else 0.0,
        float(text.rstrip()[-1:] in ".!?"),
        float(text.rstrip().endswith((":", "-", "–"))),
        math.log1p(page.keys[word_key(text)] - 1),
        float(page.body - i),
        float(i < page.body),
        float(page.up_to_body - bisect.bisect_right(page.chosen, i)),
        float(page.score_rank[i]),
        float(scores[i + 1]) if nxt is not None else -1.0,
        math.log1p(word_count(nxt.text)) if nxt is not None else -1.0,
        float(nxt is not None and any(c.isdigit() for c in nxt.text)),
        float(scores[i - 1]) if i > 0 else -1.0,
        float(i == page.longest),
        float(bool(SITE_SEPARATOR.search(text))),
        i / max(1, len(units) - 1),
    ]


def _overlaps(page: _Page, i: int) -> list[float]:
    """How much of the line's words the lead and the body repeat, and how much of it one other short line holds."""
    text = page.units[i].text
    own = Counter(content_words(text))
    others = {w: page.lead_words[w] - (own[w] if i in page.lead else 0) for w in own}
    mentioned = [w for w, n in others.items() if n > 0]
    in_article = {w: page.body_words[w] - (own[w] if i in page.in_body else 0) for w in own}
    recurring = [w for w, n in in_article.items() if n > 0]
    key, own_set = word_key(text), set(own)
    near = 0.0
    if len(own_set) >= 2:
        near = page.short_units.most_shared(own_set, key) / len(own_set)
    return [
        len(mentioned) / len(own) if own else 0.0,
        math.log1p(sum(others[w] for w in mentioned)),
        len(recurring) / len(own) if own else 0.0,
        math.log1p(sum(in_article[w] for w in recurring)),
        near,
    ]


def _surroundings(page: _Page, i: int) -> list[float]:
    """A byline or a date just under or over the line; the line a ``Key: value`` field; a headline over it;
    the line itself a byline, a date, a bracketed aside ("(From the last 12 hours)") or one cell of a laid-out row."""
    units, text = page.units, page.units[i].text
    below = units[i + 1 : i + 1 + BYLINE_SPAN]
    over = units[max(0, i - BYLINE_SPAN) : i]
    return [
        float(any(_is_byline(u.text) for u in below)),
        float(any(_is_dateline(u.text) for u in below)),
        float(any(_is_byline(u.text) or _is_dateline(u.text) for u in over)),
        float(bool(LABEL_VALUE.match(text))),
        float(i > 0 and _headline_like(units[i - 1])),
        float(_is_byline(text)),
        float(_is_dateline(text)),
        float(text.lstrip().startswith(("(", "[", "{", "<")) or text.rstrip().endswith((")", "]", "}", ">"))),
        float(units[i].style == "cell"),
    ]


def title_features(
    units: Sequence[Unit], unit_rows: np.ndarray, scores: np.ndarray, body: int, chosen: list[int]
) -> np.ndarray:
    """One row per candidate index in ``chosen``: :data:`TITLE_FEATURES`, then the unit's own
    boilerplate features (``unit_rows``, from :func:`reader.document.loaders.unitfeatures.page_features`)."""
    if not chosen:
        return np.zeros((0, len(TITLE_FEATURES) + unit_rows.shape[1]))
    page = _Page.of(units, scores, body, chosen)
    table = np.array(
        [_shape_and_place(page, i) + _overlaps(page, i) + _surroundings(page, i) for i in chosen], dtype=float
    )
    lead_share, body_share, body_mentions = (table[:, TITLE_FEATURES.index(n)] for n in _COMPARED)
    ranks = np.argsort(np.argsort(-body_mentions, kind="stable"), kind="stable")
    compared = np.column_stack([lead_share.max() - lead_share, body_share.max() - body_share, ranks])
    return np.hstack([table, compared, unit_rows[chosen]])


__all__ = [
    "TITLE_FEATURES",
    "body_start",
    "candidates",
    "headline_of_site_title",
    "marked_headline",
    "title_features",
]

"""Which line of scraped text is the article's title: a small trained ranker.

The title of a copied page is a short line near where the article starts:
above the first paragraphs, often repeated (breadcrumb or browser title and
the headline), title-like in case and length, and followed by a byline, a
date or a lead. Candidates are the short lines up to a few units past the
start of the body; each is scored by gradient-boosted trees trained with the
boilerplate model (see :mod:`reader.document.loaders.boilerplate`), and the best one
wins when its score is high enough. The signals hold in any language.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from typing import Final, Sequence

import numpy as np

from reader.document.loaders.casing import is_title_case
from reader.document.loaders.units import Unit
from reader.text import word_key

MAX_TITLE_WORDS: Final = 30
BODY_WORDS: Final = 25
"""A unit this long with a high article score marks the start of the body."""
AFTER_BODY: Final = 3
"""Candidates run this many units past the start of the body (a title under a lead photo caption)."""

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
)

_WORD: Final = re.compile(r"\w+")
_CONTENT_WORD: Final = re.compile(r"\w{4,}")
LEAD_UNITS: Final = 8
"""Units from the start of the body whose words a headline tends to repeat (the lead)."""
_SITE_SEPARATOR: Final = re.compile(r"\s[|–—»·:-]\s")


def body_start(units: Sequence[Unit], scores: np.ndarray, threshold: float) -> int:
    """The first unit of running article text (or the first kept unit, or 0)."""
    for i, (unit, score) in enumerate(zip(units, scores)):
        if score >= max(threshold, 0.5) and len(unit.text.split()) >= BODY_WORDS:
            return i
    return next((i for i, s in enumerate(scores) if s >= threshold), 0)


def candidates(units: Sequence[Unit], body: int) -> list[int]:
    """Short text lines from the top to a few units past the start of the body."""
    return [
        i
        for i in range(min(len(units), body + AFTER_BODY + 1))
        if units[i].kind == "text" and 1 <= len(units[i].text.split()) <= MAX_TITLE_WORDS
    ]


def title_features(
    units: Sequence[Unit], unit_rows: np.ndarray, scores: np.ndarray, body: int, chosen: list[int]
) -> np.ndarray:
    """One row per candidate index in ``chosen``: :data:`TITLE_FEATURES`, then the unit's own
    boilerplate features (``unit_rows``, from :func:`reader.document.loaders.unitfeatures.page_features`)."""
    if not chosen:
        return np.zeros((0, len(TITLE_FEATURES) + unit_rows.shape[1]))
    keys = Counter(word_key(u.text) for u in units)
    order = sorted(chosen, key=lambda i: -scores[i])
    score_rank = {i: r for r, i in enumerate(order)}
    above = [i for i in chosen if i < body]
    longest = max(above, key=lambda i: len(units[i].text.split()), default=-1)
    up_to_body = bisect.bisect_right(chosen, body)  # ``chosen`` is in page order
    lead = range(body, min(len(units), body + LEAD_UNITS))
    lead_words = Counter(w for j in lead for w in _CONTENT_WORD.findall(units[j].text.casefold()))
    rows = []
    for i in chosen:
        text = units[i].text
        words = text.split()
        own = Counter(_CONTENT_WORD.findall(text.casefold()))
        others = {w: lead_words[w] - (own[w] if i in lead else 0) for w in own}
        mentioned = [w for w, n in others.items() if n > 0]
        letters = [w for w in words if w[:1].isalpha()]
        nxt = units[i + 1] if i + 1 < len(units) else None
        rows.append(
            [
                float(scores[i]),
                math.log1p(len(words)),
                float(is_title_case(text)),
                sum(1 for w in letters if w[0].isupper()) / len(letters) if letters else 0.0,
                float(text.rstrip()[-1:] in ".!?"),
                float(text.rstrip().endswith((":", "-", "–"))),
                math.log1p(keys[word_key(text)] - 1),
                float(body - i),
                float(i < body),
                float(up_to_body - bisect.bisect_right(chosen, i)),
                float(score_rank[i]),
                float(scores[i + 1]) if nxt is not None else -1.0,
                math.log1p(len(nxt.text.split())) if nxt is not None else -1.0,
                float(nxt is not None and any(c.isdigit() for c in nxt.text)),
                float(scores[i - 1]) if i > 0 else -1.0,
                float(i == longest),
                float(bool(_SITE_SEPARATOR.search(text))),
                i / max(1, len(units) - 1),
                len(mentioned) / len(own) if own else 0.0,
                math.log1p(sum(others[w] for w in mentioned)),
            ]
        )
    return np.hstack([np.array(rows, dtype=float), unit_rows[chosen]])


__all__ = ["TITLE_FEATURES", "body_start", "candidates", "title_features"]

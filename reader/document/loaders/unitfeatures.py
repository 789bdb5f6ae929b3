"""Numbers that describe each unit of scraped text, for the boilerplate model.

The signals are the ones the field has found to separate article text from
page chrome when the markup is gone, and none of them is a word list, so they
work for any language written with spaces between words, and for Chinese and
Japanese once :func:`model_text` has given their text that shape:

* the unit itself: length in words and characters, sentence-ness (ends in
  terminal punctuation, how many sentences, commas), letter case, digits,
  dates and times, separators (``|``, ``·``, ``»``, ``/``), a URL or ``©``;
* the page's own function words: the most frequent short lower-case words of
  the page are, in any language, its articles and prepositions, and prose has
  many of them while menus and teasers have few;
* its place: how much of the page's prose lies before and after it, how
  dense the text around it is, how long the run of short lines it sits in is,
  and how often its exact text occurs on the page (menus and footers repeat);
* its neighbours: the same few numbers for the units just before and after;
* learned word odds: how much more often each word occurs in page chrome
  than in article text across the training corpus's sites (learned from
  data, not written by hand; a word it never saw, such as most words of a
  language the corpus lacks, counts as neutral).

:func:`page_features` returns one row per unit; :mod:`reader.document.loaders.boilerplate`
feeds them to the trained model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Final, Mapping, Sequence

import numpy as np

from reader.document.loaders.units import Unit
from reader.text import CJK_CHARACTER

_WORD: Final = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END: Final = re.compile(r"[.!?…。！？][\"'”’)\]»]*(?:\s+|$)")
_TERMINAL_END: Final = re.compile(r"[.!?…。！？][\"'”’)\]»]*$")
_YEAR: Final = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DATE: Final = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}\.? [^\W\d_]{3,}\.? \d{2,4}\b")
_TIME: Final = re.compile(r"\b\d{1,2}:\d\d\b")
_SEPARATORS: Final = re.compile(r"[|·»›•/>«‹◆■▪–—]")
_URLISH: Final = re.compile(r"https?://|www\.|\S@\S|[©®™]|\.(?:com|org|net|de|fr|uk)\b", re.I)
_LETTERS: Final = re.compile(r"[^\W\d_]")
_DIGIT: Final = re.compile(r"\d")
_COUNT: Final = re.compile(r"^\(?\d[\d.,]*\)?$")

LEXICON_FEATURES: Final = ("lexicon_mean", "lexicon_max", "lexicon_min", "lexicon_known")
"""The columns that depend on the model's word odds (:func:`with_lexicon`); the others are the page's own."""
UNIT_FEATURES: Final = (
    "log_words",
    "log_chars",
    "lines",
    "is_list",
    "is_quote_or_code",
    "alone",
    "marked_heading",
    "terminal_end",
    "colon_end",
    "log_sentences",
    "capitalised_share",
    "all_caps",
    "digit_share",
    "has_year",
    "has_date",
    "has_time",
    "separator_share",
    "comma_share",
    "mean_word_length",
    "urlish",
    "function_word_share",
    "starts_lower",
    "bracket_share",
    "question_or_exclamation",
    "starts_digit",
    "count_only",
    "chunk_units",
    *LEXICON_FEATURES,
)
_LEXICON_COLUMNS: Final = [UNIT_FEATURES.index(name) for name in LEXICON_FEATURES]
PAGE_FEATURES: Final = (
    "position",
    "words_before",
    "prose_before",
    "prose_after",
    "log_repeats",
    "log_density",
    "log_short_run",
    "log_page_words",
    "log_page_units",
    "relative_length",
)
NEIGHBOUR_FEATURES: Final = ("log_words", "terminal_end", "function_word_share", "capitalised_share", "is_list")
NEIGHBOUR_OFFSETS: Final = (-2, -1, 1, 2)

FEATURES: Final = (
    UNIT_FEATURES
    + PAGE_FEATURES
    + tuple(f"{name}@{offset:+d}" for offset in NEIGHBOUR_OFFSETS for name in NEIGHBOUR_FEATURES)
)
"""The columns of :func:`page_features`, in order (the model file repeats them)."""

_CJK_PUNCTUATION: Final = str.maketrans(
    {"。": ".", "、": ",", "，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")", "「": '"',
     "」": '"', "『": '"', "』": '"', "《": '"', "》": '"', "【": "[", "】": "]", "〈": '"', "〉": '"'}
)  # fmt: skip
_PSEUDO_LETTERS: Final = 4
MODEL_TEXT_CJK_SHARE: Final = 0.3
"""A line is reshaped (:func:`model_text`) when this share of its letters or more is Han or kana: an English line
that quotes a word of Japanese keeps the very features it had."""
_SPACES: Final = re.compile(r" {2,}")
_CJK_PAIR: Final = re.compile(f"{CJK_CHARACTER.pattern}{{1,2}}")
_SENTENCE_START: Final = re.compile(r"(?:^|(?<=[.!?] ))[a-z]")
_SPACE_BEFORE_MARK: Final = re.compile(r" (?=[.,;:?!)\]”’»])")


def _pseudo_word(match: re.Match[str]) -> str:
    code = sum(ord(c) * 7919**k for k, c in enumerate(match.group()))
    return " " + "".join(chr(97 + code // 26**k % 26) for k in range(_PSEUDO_LETTERS)) + " "


def model_text(text: str) -> str:
    """``text`` in the shape the model was trained on: words between spaces, ASCII sentence marks.

    Chinese and Japanese write no spaces between words and their own marks (``。``, ``，``). Each two Han or
    kana characters (a word, as :func:`reader.text.split_words` counts them) become a word of four letters of
    their own (the same pair, the same word, so the page's most frequent pairs are its function words, as
    articles are in English), capitalised where a sentence starts as English is, and each mark its ASCII twin,
    so that length, sentence-ness, case and function words mean what they mean in English. Measured on the
    corpus's Chinese training pages (browser copies): content F1 0.70 before, 0.88 with a word per
    character, 0.89 with a word per two (see benchmarks/EXTRACTION.md). A line less than
    :data:`MODEL_TEXT_CJK_SHARE` Han or kana is returned as it is."""
    if not CJK_CHARACTER.search(text):  # nearly every line of a page in any other script
        return text
    if len(CJK_CHARACTER.findall(text)) < MODEL_TEXT_CJK_SHARE * len(_LETTERS.findall(text)):
        return text
    shaped = _SPACES.sub(" ", _CJK_PAIR.sub(_pseudo_word, text.translate(_CJK_PUNCTUATION)))
    shaped = _SPACE_BEFORE_MARK.sub("", shaped).strip()
    return _SENTENCE_START.sub(lambda m: m.group().upper(), shaped)


_FUNCTION_WORDS_PER_PAGE: Final = 40
_PROSE_MIN_WORDS: Final = 12


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def function_words(units: Sequence[Unit], texts: Sequence[str]) -> frozenset[str]:
    """The page's most frequent short lower-case words (of its units' :func:`model_text`): its language's
    function words.

    They are counted in prose, where function words live: long units, and in Chinese or Japanese (which have
    no letter case to tell a menu's names from prose's words) only those with a sentence's mark in them."""
    counts: Counter[str] = Counter()
    for unit, text in zip(units, texts):
        if len(text) > 60 and (text is unit.text or _SENTENCE_END.search(text)):
            counts.update(t for t in _tokens(text) if t.islower() and len(t) <= 4)
    return frozenset(w for w, _ in counts.most_common(_FUNCTION_WORDS_PER_PAGE))


def _unit_row(
    unit: Unit, text: str, chunk_units: int, stop: frozenset[str], lexicon: Mapping[str, float]
) -> list[float]:
    words = text.split()
    n = len(words) or 1
    tokens = _tokens(text)
    alpha = [t for t in tokens if t[:1].isalpha()]
    stripped = text.rstrip()
    return [
        math.log1p(len(words)),
        math.log1p(len(text)),
        float(min(unit.lines, 20)),
        float(unit.kind == "list"),
        float(unit.kind in ("quote", "code")),
        float(unit.alone),
        float(unit.explicit_level is not None),
        float(bool(_TERMINAL_END.search(stripped))),
        float(stripped.endswith(":")),
        math.log1p(len(_SENTENCE_END.findall(text))),
        sum(1 for t in alpha if t[0].isupper()) / len(alpha) if alpha else 0.0,
        float(text.isupper() and len(_LETTERS.findall(text)) >= 3),
        len(_DIGIT.findall(text)) / (len(text) or 1),
        float(bool(_YEAR.search(text))),
        float(bool(_DATE.search(text))),
        float(bool(_TIME.search(text))),
        len(_SEPARATORS.findall(text)) / n,
        text.count(",") / n,
        sum(len(w) for w in words) / n,
        float(bool(_URLISH.search(text))),
        sum(1 for t in tokens if t in stop) / (len(tokens) or 1),
        float(bool(alpha) and alpha[0][0].islower()),
        sum(text.count(c) for c in "()[]{}") / n,
        float(stripped.endswith(("?", "!"))),
        float(text[:1].isdigit()),
        float(bool(_COUNT.match(text))),
        math.log1p(chunk_units),
        *_word_odds(text, lexicon),
    ]


def _word_odds(text: str, lexicon: Mapping[str, float]) -> tuple[float, float, float, float]:
    """The :data:`LEXICON_FEATURES` of a unit's model text: its words' mean, highest and lowest log-odds of
    chrome, and the share of its words the lexicon knows."""
    odds = [lexicon.get(t, 0.0) for t in _tokens(text.casefold())] or [0.0]
    return sum(odds) / len(odds), max(odds), min(odds), sum(1 for v in odds if v) / len(odds)


def with_lexicon(rows: np.ndarray, units: Sequence[Unit], lexicon: Mapping[str, float]) -> np.ndarray:
    """``rows`` (what :func:`page_features` gave ``units`` with some lexicon) as that call would give them
    with ``lexicon``: only the :data:`LEXICON_FEATURES` columns depend on it, so only they are recomputed."""
    out = rows.copy()
    if len(units):
        out[:, _LEXICON_COLUMNS] = [_word_odds(model_text(u.text), lexicon) for u in units]
    return out


def shifted(values: np.ndarray, offset: int, fill: float = -1.0) -> np.ndarray:
    """``values`` moved by ``offset`` rows: row ``i`` holds row ``i + offset`` (``fill`` past the edges)."""
    out = np.full_like(values, fill, dtype=float)
    if offset < 0:
        out[-offset:] = values[:offset]
    elif offset > 0:
        out[:-offset] = values[offset:]
    else:
        out[:] = values
    return out


def _short_runs(words: list[int]) -> list[int]:
    """For each unit, the length of the run of consecutive short units (≤ 5 words) it belongs to."""
    runs = [0] * len(words)
    i = 0
    while i < len(words):
        if words[i] > 5:
            i += 1
            continue
        j = i
        while j < len(words) and words[j] <= 5:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j
    return runs


def page_features(units: Sequence[Unit], lexicon: Mapping[str, float] | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per unit (linear in the page's length).

    ``lexicon``: learned word log-odds of page chrome against article text
    (see :mod:`reader.document.loaders.boilerplate`); words it lacks count 0.
    """
    n = len(units)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    texts = [model_text(u.text) for u in units]
    stop = function_words(units, texts)
    chunk_sizes = Counter(u.chunk for u in units)
    rows = [_unit_row(u, t, chunk_sizes[u.chunk], stop, lexicon or {}) for u, t in zip(units, texts)]
    base = np.array(rows, dtype=float)
    words = [len(t.split()) for t in texts]
    total = sum(words) or 1
    prose = [w if w >= _PROSE_MIN_WORDS and _TERMINAL_END.search(t.rstrip()) else 0 for t, w in zip(texts, words)]
    prose_total = sum(prose) or 1
    keys = [" ".join(_tokens(t.casefold())) for t in texts]
    repeats = Counter(keys)
    runs = _short_runs(words)
    cumulative = np.concatenate([[0], np.cumsum(words)])
    prose_cumulative = np.concatenate([[0], np.cumsum(prose)])
    median_words = float(np.median(words))
    has_prose = any(prose)
    page = np.empty((n, len(PAGE_FEATURES)))
    for i in range(n):
        lo, hi = max(0, i - 2), min(n, i + 3)
        page[i] = (
            i / max(1, n - 1),
            cumulative[i] / total,
            prose_cumulative[i] / prose_total,
            (prose_total - prose_cumulative[i + 1]) / prose_total if has_prose else 0.0,
            math.log1p(repeats[keys[i]] - 1),
            math.log1p((cumulative[hi] - cumulative[lo]) / (hi - lo)),
            math.log1p(runs[i]),
            math.log1p(total),
            math.log1p(n),
            math.log1p(words[i]) - math.log1p(median_words),
        )
    columns = [UNIT_FEATURES.index(name) for name in NEIGHBOUR_FEATURES]
    picked = base[:, columns]
    return np.hstack([base, page, *(shifted(picked, offset) for offset in NEIGHBOUR_OFFSETS)])


__all__ = ["FEATURES", "LEXICON_FEATURES", "function_words", "model_text", "page_features", "shifted", "with_lexicon"]

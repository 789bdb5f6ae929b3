"""How an extraction is scored against the human gold of a corpus page.

Content is compared as bags of words (case-folded ``\\w+`` tokens; in
Chinese and Japanese, which put no spaces between words, each pair of
adjacent Han or kana characters, as search engines index them: single
characters would match any page's chrome), the measure of the public
extraction benchmarks: precision is the share of the
words read that the gold has, recall the share of the gold's words read.
Beside them:

* *chrome dropped*: of the words the rendered page has beyond the gold
  (menus, teasers, footers…), the share the extraction left out;
* *chrome heading*: a section title the listener could jump to that is not
  article text (less than half of its words, or not its words in order,
  are in the gold);
* *title right*: the title found equals the gold headline, ignoring case and
  punctuation (or differs by a site-name suffix/prefix, at least 80 % shared).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reader.text import CJK, CJK_CHARACTER

_WORD = re.compile(f"[{CJK}]+|(?:(?![{CJK}])\\w)+")


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in _WORD.findall(text.casefold()):
        if len(token) > 1 and CJK_CHARACTER.match(token):
            out.extend(token[i : i + 2] for i in range(len(token) - 1))
        else:
            out.append(token)
    return out


def norm(text: str) -> str:
    return " ".join(tokens(text))


@dataclass
class Extraction:
    """What a system made of one page."""

    text: str
    """Everything it would read: title, section titles and body, in order."""
    title: str | None = None
    headings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


@dataclass
class PageScore:
    precision: float
    recall: float
    f1: float
    chrome_dropped: float | None
    """``None`` when the rendered page has no chrome at all."""
    chrome_headings: int
    headings: int
    title_right: bool | None
    """``None`` when the page has no gold title."""
    seconds: float
    error: str | None = None


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    pred, true = Counter(tokens(predicted)), Counter(tokens(gold))
    common = sum((pred & true).values())
    p_total, t_total = sum(pred.values()), sum(true.values())
    if not p_total and not t_total:
        return 1.0, 1.0, 1.0
    precision = common / p_total if p_total else 0.0
    recall = common / t_total if t_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def chrome_dropped(predicted: str, gold: str, rendered: str) -> float | None:
    true = Counter(tokens(gold))
    chrome_all = Counter(tokens(rendered)) - true
    total = sum(chrome_all.values())
    if total == 0:
        return None
    kept = sum(((Counter(tokens(predicted)) - true) & chrome_all).values())
    return 1 - kept / total


def heading_is_chrome(heading: str, gold_norm: str, gold_words: set[str]) -> bool:
    words = tokens(heading)
    if not words:
        return False
    if " ".join(words) in gold_norm:
        return False
    return sum(w in gold_words for w in words) / len(words) < 0.5


def title_right(found: str | None, gold: str | None) -> bool | None:
    if gold is None:
        return None
    if not found:
        return False
    a, b = norm(found), norm(gold)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and shorter in longer and len(shorter) >= 0.8 * len(longer)


def score_page(extraction: Extraction, gold: str, gold_title: str | None, rendered: str) -> PageScore:
    """Score one extraction; the gold title counts as gold text when the gold omits it."""
    if gold_title and norm(gold_title) not in norm(gold[: len(gold_title) * 3 + 200]):
        gold = f"{gold_title}\n\n{gold}"
    precision, recall, f1 = prf(extraction.text, gold)
    gold_norm = norm(gold)
    gold_words = set(gold_norm.split())
    chrome = sum(heading_is_chrome(h, gold_norm, gold_words) for h in extraction.headings)
    return PageScore(
        precision,
        recall,
        f1,
        chrome_dropped(extraction.text, gold, rendered),
        chrome,
        len(extraction.headings),
        title_right(extraction.title, gold_title),
        extraction.seconds,
        extraction.error,
    )


@dataclass
class Summary:
    pages: int
    precision: float
    recall: float
    f1: float
    """Harmonic mean of the mean precision and the mean recall (the benchmarks' F1)."""
    chrome_dropped: float
    chrome_heading_pages: float
    """Share of pages with at least one chrome section title."""
    title_right: float
    title_pages: int
    median_seconds: float
    max_seconds: float
    errors: int


def summarise(scores: list[PageScore]) -> Summary:
    n = len(scores) or 1
    precision = sum(s.precision for s in scores) / n
    recall = sum(s.recall for s in scores) / n
    dropped = [s.chrome_dropped for s in scores if s.chrome_dropped is not None]
    titled = [s.title_right for s in scores if s.title_right is not None]
    times = sorted(s.seconds for s in scores) or [0.0]
    return Summary(
        len(scores),
        precision,
        recall,
        2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        sum(dropped) / len(dropped) if dropped else 0.0,
        sum(s.chrome_headings > 0 for s in scores) / n,
        sum(titled) / len(titled) if titled else 0.0,
        len(titled),
        times[len(times) // 2],
        times[-1],
        sum(s.error is not None for s in scores),
    )

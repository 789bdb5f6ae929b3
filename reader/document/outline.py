"""The article outline: numbered section tree, counts and listening times.

Pure formatting, shared by ``reader outline`` and anything else that shows
the structure. The text form is plain lines (no box drawing, no colour) so a
screen reader reads it naturally; the JSON form is a stable contract::

    {"title": str | null, "author": str | null, "language": str,
     "sections": [{"number": "1.1", "title": str | null, "level": 1,
                   "sentences": [str, ...]}, ...],
     "dropped": [{"text": str, "reason": str}, ...]}

``dropped`` is what the loader left out as not article text (page chrome,
a table of contents), with why: nothing is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from reader.rates import DEFAULT_RATE
from reader.document.model import Article, Section
from reader.text import word_count

INDENT = "  "
"""Indentation per outline level below the top (the number also says the depth)."""


@dataclass(frozen=True)
class SectionStats:
    """What it takes to listen to one section."""

    sentences: int
    words: int
    """Words in the heading and in the sentences directly under it."""
    seconds: float
    """Estimated listening time at the given rate."""


def listening_seconds(words: int, rate: int = DEFAULT_RATE) -> float:
    """Estimated seconds to speak ``words`` words at ``rate`` words per minute."""
    return words * 60.0 / rate if rate > 0 else 0.0


def section_stats(section: Section, rate: int = DEFAULT_RATE) -> SectionStats:
    sentences = section.sentences
    words = sum(word_count(s.text) for s in sentences) + word_count(section.title or "")
    return SectionStats(len(sentences), words, listening_seconds(words, rate))


def format_duration(seconds: float) -> str:
    """``"45 s"``, ``"3 min 5 s"``, ``"1 h 2 min"`` (rounded to whole seconds)."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def outline_lines(article: Article, indices: Sequence[int] | None = None, rate: int = DEFAULT_RATE) -> list[str]:
    """The outline as plain text lines: title, one line per section, total.

    ``indices`` limits it to those sections (e.g. one ``--section`` subtree).
    """
    chosen = list(range(len(article.sections))) if indices is None else list(indices)
    lines = [article.title or "Untitled article"]
    if not chosen:
        lines.append("No sections: the article has no text to read.")
        return lines
    top = min(article.sections[i].level for i in chosen)
    total = SectionStats(0, 0, 0.0)
    for i in chosen:
        section = article.sections[i]
        stats = section_stats(section, rate)
        total = SectionStats(
            total.sentences + stats.sentences, total.words + stats.words, total.seconds + stats.seconds
        )
        indent = INDENT * (section.level - top)
        lines.append(
            f"{indent}{section.label}: {_plural(stats.sentences, 'sentence')}, about {format_duration(stats.seconds)}"
        )
    lines.append(
        f"Total: {_plural(len(chosen), 'section')}, {_plural(total.sentences, 'sentence')}, "
        f"about {format_duration(total.seconds)} at {rate} words per minute"
    )
    return lines


def outline_json(article: Article, indices: Sequence[int] | None = None) -> dict[str, Any]:
    """The outline as the JSON contract described in the module docstring."""
    chosen = range(len(article.sections)) if indices is None else indices
    return {
        "title": article.title,
        "author": article.author,
        "language": article.language,
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "level": s.level,
                "sentences": [t.text for t in s.sentences],
            }
            for s in (article.sections[i] for i in chosen)
        ],
        "dropped": [{"text": d.text, "reason": d.reason} for d in article.dropped],
    }


DROPPED_PREVIEW = 80
"""Characters of a dropped piece shown by ``--show-dropped`` (the JSON has all of it)."""


def dropped_lines(article: Article) -> list[str]:
    """What the loader left out, one line each with its reason (``reader outline --show-dropped``)."""
    if not article.dropped:
        return ["Nothing was dropped."]
    lines = [f"Dropped as not article text ({len(article.dropped)}):"]
    for piece in article.dropped:
        text = " ".join(piece.text.split())
        if len(text) > DROPPED_PREVIEW:
            text = text[: DROPPED_PREVIEW - 1].rstrip() + "…"
        lines.append(f"  {text}  ({piece.reason})")
    return lines

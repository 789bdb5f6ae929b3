"""Find a section by what a person types: ``4.2``, ``safety``, ``mechanizm``.

Used by ``--section`` on every command and by the ``g`` (go to) key of the
interactive reader. Matching is tried in tiers, most precise first: outline
number, exact title, title prefix, title substring, then a fuzzy match. Titles
are compared without case, accents or punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Sequence

from reader.errors import ReaderError
from reader.document.model import Article, Section

FUZZY_CUTOFF = 70.0
"""Lowest rapidfuzz WRatio score (0–100) accepted as a fuzzy match."""
FUZZY_TIE = 3.0
"""Fuzzy matches within this many points of the best are equally good."""
INTRO_WORDS = ("intro", "introduction")
"""Names of the untitled introduction, on the command line and after ``g`` alike."""
MAX_QUERY_CHARS = 300
"""Longest section name accepted: longer than any real heading, and it keeps
the fuzzy match (quadratic in the name's length) quick on a book's headings."""
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
_NOT_WORD = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", bare).strip()


def _labels(sections: Sequence[Section], indices: Iterable[int]) -> str:
    return ", ".join(sections[i].label for i in indices)


def outline_hint(article: Article) -> str:
    """``run 'reader outline SOURCE' to list them``, for messages about sections."""
    from reader.resources import suggested_command

    return f"run {suggested_command('outline', article.source)} to list them"


def _pick(article: Article, query: str, candidates: list[int]) -> int | None:
    """The one candidate, or the one top-level candidate; else ambiguous."""
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    top = [i for i in candidates if article.sections[i].level == 1]
    if len(top) == 1:
        return top[0]
    shown = candidates[:6]
    more = f" and {len(candidates) - len(shown)} more" if len(candidates) > len(shown) else ""
    raise ReaderError(
        f"section '{query}' is ambiguous: {_labels(article.sections, shown)}{more}; "
        "give more of the name or the section number"
    )


def resolve(article: Article, query: str) -> int:
    """Index into ``article.sections`` of the section ``query`` names.

    Raises :class:`ReaderError` when nothing matches (naming the closest
    sections) or when several sections match equally well.
    """
    sections = article.sections
    wanted = query.strip()
    if not wanted:
        raise ReaderError(f"empty section name; {outline_hint(article)}")
    if len(wanted) > MAX_QUERY_CHARS:
        raise ReaderError(
            f"a section name of {len(wanted):,} characters is longer than any heading: give a few words of it "
            f"or its number; {outline_hint(article)}"
        )
    if not sections:
        raise ReaderError(f"no section matches '{wanted}'; the article is empty")

    if wanted.casefold().rstrip(".") in INTRO_WORDS and sections[0].title is None:
        return 0  # the untitled text before the first heading
    is_number = bool(_NUMBER.match(wanted))
    if is_number:
        number = wanted.rstrip(".")
        for i, section in enumerate(sections):
            if section.number == number:
                return i

    key = normalize(wanted)
    titled = [(i, normalize(s.title)) for i, s in enumerate(sections) if s.title]
    if key:
        tiers = (
            [i for i, t in titled if t == key],
            [i for i, s in enumerate(sections) if normalize(s.label) == key],
            [i for i, t in titled if t.startswith(key)],
            [i for i, t in titled if key in t],
        )
        for candidates in tiers:
            found = _pick(article, wanted, candidates)
            if found is not None:
                return found

    if is_number:
        raise ReaderError(
            f"no section numbered '{wanted}'; the article's sections are "
            f"{sections[0].number} to {sections[-1].number}; {outline_hint(article)}"
        )
    scored = _fuzzy_scores(key or wanted, titled)
    if scored and scored[0][1] >= FUZZY_CUTOFF:
        best = scored[0][1]
        found = _pick(article, wanted, [i for i, score in scored if score >= best - FUZZY_TIE])
        if found is not None:
            return found

    if not titled:
        raise ReaderError(f"no section matches '{wanted}'; this article has no headings")
    closest = [i for i, _score in scored[:3]]
    raise ReaderError(f"no section matches '{wanted}'; closest: {_labels(sections, closest)}; {outline_hint(article)}")


def _fuzzy_scores(key: str, titled: list[tuple[int, str]]) -> list[tuple[int, float]]:
    """``(section index, score)`` for every titled section, best first."""
    if not titled:
        return []
    from rapidfuzz import fuzz, process  # only when no exact, prefix or substring match

    choices = {i: t for i, t in titled}
    matches = process.extract(key, choices, scorer=fuzz.WRatio, limit=None)
    # Stable: equal scores keep reading order.
    return sorted(((i, score) for _t, score, i in matches), key=lambda m: (-m[1], m[0]))


def resolve_many(article: Article, queries: Iterable[str]) -> list[int]:
    """Resolve several queries; indices in the order given, duplicates dropped."""
    seen: dict[int, None] = {}
    for query in queries:
        seen.setdefault(resolve(article, query), None)
    return list(seen)


def subtree_indices(article: Article, index: int) -> list[int]:
    """Indices of the section at ``index`` and all its subsections."""
    return list(range(index, index + len(article.subtree(index))))


def selected_indices(article: Article, queries: Iterable[str] | None) -> list[int]:
    """Sections to use for ``--section`` options: the subtrees of every
    matched section, in reading order; all sections when none are given."""
    queries = [q for q in (queries or []) if q is not None]
    if not queries:
        return list(range(len(article.sections)))
    chosen: set[int] = set()
    for index in resolve_many(article, queries):
        chosen.update(subtree_indices(article, index))
    return sorted(chosen)

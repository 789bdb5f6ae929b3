"""Shared checks for loader fixtures that carry a ``<name>.json`` expectation.

Each fixture ``tests/fixtures/<format>/<name>.<ext>`` may have a JSON file
beside it naming what a reader must get from it: ``title``, ``author``,
``language`` (optional), ``headings`` as ``[depth, text]`` after levels became
relative, ``under`` (fragments that must be read in that section itself;
``"(introduction)"`` is the text before the first heading), ``code`` (fragments
of code blocks in that section, never read as prose) and ``absent`` (chrome or
markup that must not be read).

The ``check_*`` functions take the built :class:`Article` and that dict, so the
HTML and Markdown tests assert exactly the same things. The plain-text tests
check the loader's flat :class:`RawDocument` instead, and share the loading,
the title check and the fragment assertions.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.document.model import Article, RawDocument, Section

INTRODUCTION = "(introduction)"
"""How an expectation names the untitled text before the first heading."""


# --------------------------------------------------------------------------- fixtures


def fixture_names(folder: Path, suffix: str) -> list[str]:
    """Stems of the files ending in ``.suffix`` in ``folder``, sorted (stable test ids)."""
    return sorted(p.stem for p in folder.glob(f"*.{suffix}"))


def load_expectation(folder: Path, name: str) -> dict:
    """The ``<name>.json`` expectation in ``folder``."""
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- reading an Article


def outline(article: Article) -> list[tuple[str, int, str | None]]:
    """``(number, level, title)`` per section, the shape an outline is shown in."""
    return [(s.number, s.level, s.title) for s in article.sections]


def all_text(article: Article) -> str:
    """Everything that would be read aloud, in order."""
    return " ".join(s.text for _, _, s in article.iter_sentences())


def section(article: Article, heading: str) -> Section:
    """The section titled ``heading`` (``"(introduction)"``: the untitled one)."""
    title = None if heading == INTRODUCTION else heading
    found = [s for s in article.sections if s.title == title]
    assert found, f"no section {heading!r} in {outline(article)}"
    return found[0]


# --------------------------------------------------------------------------- assertions


def assert_fragments_read(body: str, fragments: list[str], heading: str | None) -> None:
    """Every fragment is in ``body``, the text read under ``heading``."""
    for fragment in fragments:
        assert fragment in body, f"{fragment!r} not read under {heading or INTRODUCTION!r}"


def assert_not_read(text: str, unwanted: list[str]) -> None:
    """None of ``unwanted`` (chrome, markup) is in ``text``."""
    for fragment in unwanted:
        assert fragment not in text, f"{fragment!r} is read"


# --------------------------------------------------------------------------- one check per expectation key


def check_title_author_and_language(document: Article | RawDocument, expected: dict) -> None:
    """``title`` and ``author`` match (no ``author``: none found); ``language`` when given."""
    assert document.title == expected["title"]
    assert document.author == expected.get("author")
    if "language" in expected:
        assert document.language == expected["language"]


def check_relative_headings(article: Article, expected: dict) -> None:
    """The titled sections, as ``[depth, title]``, are exactly ``headings``."""
    assert [[s.level, s.title] for s in article.sections if s.title] == expected["headings"]


def check_sentences_under_headings(article: Article, expected: dict) -> None:
    """Each ``under`` fragment is read in that section itself, not a neighbour."""
    for heading, fragments in expected["under"].items():
        assert_fragments_read(" ".join(s.text for s in section(article, heading).sentences), fragments, heading)


def check_code_kept_as_code(article: Article, expected: dict) -> None:
    """Each ``code`` fragment is in a code block of its section and never read as prose."""
    text = all_text(article)
    for heading, fragments in expected.get("code", {}).items():
        code = "\n".join(p.raw for p in section(article, heading).paragraphs if p.kind == "code")
        for fragment in fragments:
            assert fragment in code, f"{fragment!r} not a code block under {heading!r}"
            assert fragment.splitlines()[0] not in text


def check_chrome_absent(article: Article, expected: dict) -> None:
    """Nothing in ``absent`` is read aloud."""
    assert_not_read(all_text(article), expected["absent"])

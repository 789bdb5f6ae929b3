"""A renderer marks the headline as a heading: a converter with ``#`` (html2text), a text browser (``lynx -dump``)
by setting it flush left where paragraphs are set a few columns in. The marked line is the title, not the photo
caption or teaser above it."""

from __future__ import annotations

import textwrap

import numpy as np

from reader.document.loaders.pagetitle import MARKED_SHARE, marked_headline
from reader.document.loaders.plaintext import parse
from reader.document.loaders.units import Unit, units_from_lines
from tests.harbour import STORY as _STORY

_MORE = (
    "The council will borrow most of the money over thirty years and expects a grant from the coastal fund to "
    "cover the rest, if its bid is accepted in the summer.",
    "A second meeting next month will choose the quarry that supplies the stone.",
)
_HEADLINE = "Harbour council votes to rebuild sea wall in stone"
_CAPTION = "The harbour wall after the February storms, seen from the fish market"


def _dump(column: int, headline_column: int = 0) -> str:
    """A text browser's copy of a news page: a menu, a photo's caption, the date and share line, then the
    headline over the story; paragraphs wrapped and set in by ``column``, headings by ``headline_column``."""
    pad, head = " " * column, " " * headline_column
    menu = [f"{pad}  * {item}" for item in ("Home", "News", "Sport", "Weather", "Harbour", "Opinion", "Contact us")]
    lines = [*menu, "", pad + _CAPTION, "", f"{pad}4 March 2026 Last updated at 09:15", f"{pad}Share this page"]
    lines += [f"{pad}  * print", "", head + _HEADLINE, "", f"{pad}By Mara Quint, harbour reporter", ""]
    for paragraph in _STORY:
        lines += [textwrap.fill(paragraph, 76, initial_indent=pad, subsequent_indent=pad), ""]
    lines += [head + "Paying for the work", ""]
    for paragraph in _MORE:
        lines += [textwrap.fill(paragraph, 76, initial_indent=pad, subsequent_indent=pad), ""]
    return "\n".join(lines)


def test_a_text_units_indentation_is_kept():
    units = units_from_lines(["   The wall gave way.", "", "Harbour news", "", "     * print"])
    assert [(u.text, u.indent) for u in units] == [("The wall gave way.", 3), ("Harbour news", 0), ("print", 5)]


def test_the_flush_left_headline_of_a_text_browsers_copy_is_the_title_not_the_caption_set_in_above_it():
    doc = parse(_dump(3))
    assert doc.title == _HEADLINE
    assert not any(_CAPTION in block.text for block in doc.blocks)
    assert any(block.text == "Paying for the work" for block in doc.blocks)


def _units(*indents: int, column: int = 3) -> list[Unit]:
    """Three candidate lines set in by ``indents``, then three paragraphs set in by ``column``."""
    return [Unit("text", f"line {k}", 0, indent=indent) for k, indent in enumerate(indents)] + [
        Unit("text", " ".join(["word"] * 20), 0, indent=column) for _ in range(3)
    ]


def test_a_flush_left_candidate_scoring_near_the_pick_wins_over_it():
    units = _units(3, 0, 3)
    scores = np.array([0.1, 0.1, 0.1, 0.9, 0.9, 0.9])
    ranked = np.array([0.8, 0.3, 0.2])
    assert marked_headline(units, [0, 1, 2], ranked, 0, scores, 0.3) == 1


def test_a_flush_left_candidate_the_rankers_rule_out_does_not_win():
    units = _units(3, 0, 3)
    scores = np.array([0.1, 0.1, 0.1, 0.9, 0.9, 0.9])
    ranked = np.array([0.8, 0.8 * MARKED_SHARE / 2, 0.2])
    assert marked_headline(units, [0, 1, 2], ranked, 0, scores, 0.3) == 0


def test_a_cell_of_a_laid_out_row_is_not_flush_left():
    units = _units(3, 0, 3)
    units[1].style = "cell"  # a row's second cell: cut from the row, it lost the row's indentation
    scores = np.array([0.1, 0.1, 0.1, 0.9, 0.9, 0.9])
    assert marked_headline(units, [0, 1, 2], np.array([0.8, 0.5, 0.2]), 0, scores, 0.3) == 0


def test_paragraphs_set_in_by_many_columns_are_nesting_and_keep_the_rankers_pick():
    # a converter that indents by nesting (inscriptis) sets a container's lines deeper than the one around it:
    # a line further left is not therefore a heading
    units = _units(10, 0, 10, column=10)
    scores = np.array([0.1, 0.1, 0.1, 0.9, 0.9, 0.9])
    assert marked_headline(units, [0, 1, 2], np.array([0.8, 0.5, 0.2]), 0, scores, 0.3) == 0


def test_text_at_the_margin_keeps_the_rankers_pick():
    units = [Unit("text", u.text, 0, indent=0) for u in _units(0, 0, 0)]
    scores = np.array([0.1, 0.1, 0.1, 0.9, 0.9, 0.9])
    assert marked_headline(units, [0, 1, 2], np.array([0.8, 0.5, 0.2]), 0, scores, 0.3) == 0


def _converted(mark: str) -> str:
    """A converter's copy of the same page (html2text): every line at the margin, headings marked ``mark``."""
    page = _dump(0)
    for heading in (_HEADLINE, "Paying for the work"):
        page = page.replace(f"\n{heading}\n", f"\n{mark}{heading}\n")
    return page


def test_the_headline_a_converter_marked_with_a_hash_is_the_title_not_the_caption_above_it():
    assert parse(_converted("# ")).title == _HEADLINE
    assert parse(_converted("## ")).title == _HEADLINE


def test_a_hash_heading_scoring_near_an_unmarked_pick_wins_over_it_and_a_marked_pick_stays():
    units = [Unit("text", u.text, 0, indent=0) for u in _units(0, 0, 0)]
    units[1].style = "markdown"
    scores = np.array([0.1, 0.1, 0.1, 0.9, 0.9, 0.9])
    assert marked_headline(units, [0, 1, 2], np.array([0.8, 0.5, 0.2]), 0, scores, 0.3) == 1
    units[0].style = "markdown"
    assert marked_headline(units, [0, 1, 2], np.array([0.8, 0.5, 0.2]), 0, scores, 0.3) == 0

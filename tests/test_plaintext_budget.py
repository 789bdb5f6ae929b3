"""A text of more short lines than any real page is read a few lines to a unit; every other text line by line."""

from __future__ import annotations

from conftest import deadline
from reader.document.loaders.linebudget import MAX_SHORT_LINES, within_budget
from reader.document.loaders.plaintext import parse
from reader.document.loaders.units import units_from_lines
from reader.text import split_words

_PROSE = (
    "The harbour wall has stood for two hundred years and gave way this winter, after a week of storms. "
    "Engineers say the stones can be set again, but the council has not yet found the money to pay for it.\n\n"
)


def _page(run: str, count: int) -> str:
    return "Harbour Wall Falls\n\n" + _PROSE * 3 + run * count


def test_a_page_of_a_hundred_thousand_one_word_lines_is_cut_into_no_more_units_than_the_budget():
    lines = _page("Alpha\n", 100_000).split("\n")
    assert len(units_from_lines(within_budget(lines))) <= MAX_SHORT_LINES


def test_the_prose_above_a_hundred_thousand_one_word_lines_is_still_read():
    # Each line was a unit through the model, the title ranker and the comment rule: this page took more than
    # the deadline; 200 KB of one letter a line took 6.7 s on an idle machine.
    with deadline(seconds=15):
        doc = parse(_page("Alpha\n\n", 100_000))
    texts = [b.text for b in doc.blocks]
    assert doc.title == "Harbour Wall Falls"
    assert texts[0].startswith("The harbour wall has stood for two hundred years")
    assert sum(text.count("council has not yet found the money") for text in texts) == 3


def test_keep_all_reads_every_word_of_the_joined_lines_in_order():
    words = [f"Word{k}" for k in range(30_000)]
    doc = parse("\n".join(words) + "\n", keep_all=True)
    read = [doc.title or "", *(b.text for b in doc.blocks)]
    assert [w for text in read for w in split_words(text)] == words


def test_a_page_within_the_budget_is_cut_line_by_line():
    lines = _page("Alpha\n", MAX_SHORT_LINES - 10).split("\n")
    assert within_budget(lines) is lines


def test_a_long_book_of_prose_lines_is_never_joined_however_many_lines_it_has():
    chapter = (
        "CHAPTER ONE\n\n"
        + (
            "It was the best of times, it was the worst of times, it was the age\n"
            "of wisdom, it was the age of foolishness, it was the epoch of belief.\n\n"
        )
        * 2_000
    )
    lines = (chapter * 4).split("\n")
    assert sum(1 for line in lines if line.strip()) > MAX_SHORT_LINES
    assert within_budget(lines) is lines


def test_a_long_play_of_short_verse_lines_and_speakers_names_is_never_joined():
    scene = "HAMLET.\nTo be, or not to be, that is the question:\nOPHELIA.\nGood my lord,\nHow does your honour?\n\n"
    lines = (scene * 3_000).split("\n")
    assert sum(1 for line in lines if line.strip()) > MAX_SHORT_LINES
    assert within_budget(lines) is lines

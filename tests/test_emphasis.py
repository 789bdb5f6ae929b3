"""A converter's Markdown marks are dropped from page text, in time linear in the line."""

from __future__ import annotations

import pytest

from conftest import deadline
from reader.document.loaders.emphasis import strip_emphasis, unstar


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**Note:** the road is closed.", "Note: the road is closed."),
        ("A *very* wet winter and **two** floods.", "A very wet winter and two floods."),
        ("**EMAIL****PRINT**", "EMAIL****PRINT"),  # the outer pair, as a lazy pattern takes it
        ("5 * 3 = 15 and a lone * star", "5 * 3 = 15 and a lone * star"),
        ("snake*case*name", "snake*case*name"),  # marks inside a word are not emphasis
        ("***", "***"),
        ("**open on one line\nclosed on the next**", "**open on one line\nclosed on the next**"),
    ],
)
def test_star_pairs_lose_their_marks_and_lone_stars_stay(line, expected):
    assert unstar(line) == expected


def test_underscore_emphasis_over_words_goes_and_names_stay():
    assert strip_emphasis("_Wool blend_ for __init__ and _id2_") == "Wool blend for __init__ and _id2_"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("*a " * 66_000, "*a " * 66_000),  # 200 KB of marks that open and never close
        ("See _" + "two words " * 20_000 + "and no closing mark", None),  # one mark, far from any other
    ],
)
def test_a_long_line_of_unpaired_marks_is_cleaned_at_once(line, expected):
    # A lazy pattern looked for a closing mark after every opening one: minutes on such a line.
    with deadline(seconds=10):
        assert strip_emphasis(line) == (line if expected is None else expected)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("| Life is Local |", "Life is Local"),
        ("| | | Custom Gun and Knife Display Cases", "Custom Gun and Knife Display Cases"),  # empty cells beside it
        ("Chapters | | |", "Chapters"),
        ("Home | News | Sport", "Home | News | Sport"),  # a bar between words stays
    ],
)
def test_the_pipes_of_a_tables_edge_and_its_empty_cells_go_and_a_bar_between_words_stays(line, expected):
    assert strip_emphasis(line) == expected


def test_a_long_row_of_empty_cells_is_cleaned_at_once():
    # a pattern for a run of edge pipes is tried from every pipe of the row to its end: minutes for 200 KB
    row = "| " * 100_000
    with deadline(seconds=10):
        assert strip_emphasis(f"a {row}b") == f"a {row}b"
        assert strip_emphasis(f"{row}b") == "b"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Meditation **Other ways to rest", "Meditation Other ways to rest"),  # the bold pair's other half was lost
        ("Episode: **Family Roast **", "Episode: Family Roast "),
        ("Integrated payroll system.**Interface Engine", "Integrated payroll system. Interface Engine"),
        ("137. **** Clarification", "137.  Clarification"),
        ("He said f**k and s*** twice", "He said f**k and s*** twice"),  # a run after a letter stays
        ("5 * 3 and a * bullet", "5 * 3 and a * bullet"),  # a lone star stays
        ("**_CALENDAR YEAR 2006_", "CALENDAR YEAR 2006"),  # mixed marks at the edge, as before
    ],
)
def test_a_run_of_stars_left_of_a_lost_bold_pair_goes_and_stars_after_a_letter_stay(line, expected):
    assert strip_emphasis(line) == expected


def test_a_long_line_of_stray_star_runs_is_cleaned_at_once():
    with deadline(seconds=10):
        assert strip_emphasis("a " + "** " * 66_000 + "b").split() == ["a", "b"]
        assert strip_emphasis("*" * 200_000 + "a") == "a"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("_Have a great week! _", "Have a great week!"),  # html2text: <em>Have a great week! </em>
        ("so _I argue with him _ and", "so I argue with him and"),
        ("file _name _other", "file _name _other"),  # no mark closes before a word
    ],
)
def test_underscore_emphasis_whose_closing_mark_follows_a_space_goes(line, expected):
    assert strip_emphasis(line) == expected

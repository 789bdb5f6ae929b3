"""A scraper saves a page's ``<title>`` ("Headline | Site") as its first line: the title is the headline the page
shows on its own, not the browser tab's title (nor the site's name, which the page shows on its own too)."""

from __future__ import annotations

import numpy as np

from reader.document.loaders.pagetitle import headline_of_site_title
from reader.document.loaders.plaintext import parse
from reader.document.loaders.units import Unit
from tests.harbour import STORY as _STORY


def _saved_blog_post(headline: str) -> str:
    """What ``get_text("\\n", strip=True)`` saves of a blog post: the tab's title, then each piece of text on a
    line of its own (the byline's links cut it into words), the blog's name among them."""
    return "\n".join(
        [
            f"{headline} — The Harbour Log",
            *("Home", "About", "Books", "Subscribe", "The Harbour Log", "Notes from the coast by Mara Quint"),
            *(headline, "by", "Mara", "on", "March 4, 2026"),
            *_STORY,
            *("Related posts", ":", "Tides and the market", "Why the boats moved", "{", "2", "trackbacks", "}"),
            *(f"{headline} II — The Harbour Log", "03.05.26 at 11:19"),
        ]
    )


def test_the_headline_the_page_shows_is_the_title_not_the_tabs_headline_and_site():
    for headline in ("Stone sea wall", "The wall in stone"):
        assert parse(_saved_blog_post(headline)).title == headline


def _units(*texts: str) -> list[Unit]:
    return [Unit("text", text, 0) for text in texts]


def test_a_pick_gives_way_to_the_best_ranked_of_its_parts_shown_on_their_own():
    units = _units("Ancient understanding of tides — The Endeavour", "The Endeavour", "Ancient understanding of tides")
    assert headline_of_site_title(units, [0, 1, 2], np.array([0.9, 0.1, 0.4]), 0) == 2
    assert headline_of_site_title(units, [0, 1, 2], np.array([0.9, 0.4, 0.1]), 0) == 1


def test_a_pick_gives_way_to_its_longest_part_shown_alone():
    units = _units("Ancient understanding of tides — The Endeavour", "Home", "Ancient understanding of tides")
    assert headline_of_site_title(units, [0, 1, 2], np.array([0.9, 0.5, 0.1]), 0) == 2


def test_a_shorter_part_shown_alone_is_the_sites_name_and_the_pick_stands():
    units = _units("What a university ought to stand for - Bob Sutton", "Bob Sutton", "Work Matters")
    assert headline_of_site_title(units, [0, 1, 2], np.array([0.9, 0.5, 0.1]), 0) == 0


def test_a_one_word_part_is_a_label_and_the_pick_stands():
    units = _units("2014 Acura RLX - Review", "Review", "Specifications")
    assert headline_of_site_title(units, [0, 1, 2], np.array([0.9, 0.5, 0.1]), 0) == 0


def test_a_pick_with_no_separator_stands_even_where_a_line_repeats_part_of_it():
    units = _units("Harbour council votes to rebuild", "Harbour council", "votes to rebuild")
    assert headline_of_site_title(units, [0, 1, 2], np.array([0.9, 0.5, 0.4]), 0) == 0


def test_a_first_line_of_site_colon_headline_gives_way_to_the_headline_shown_below():
    page = _saved_blog_post("Stone sea wall").replace(
        "Stone sea wall — The Harbour Log", "The Harbour Log: Stone sea wall", 1
    )
    assert page.startswith("The Harbour Log: Stone sea wall\n")
    assert parse(page).title == "Stone sea wall"


def test_a_headline_with_a_colon_below_the_first_line_keeps_its_colon():
    units = _units("Home", "Sea walls: What the council decided", "What the council decided")
    assert headline_of_site_title(units, [0, 1, 2], np.array([0.1, 0.9, 0.4]), 1) == 1
    first = _units("Sea walls: What the council decided", "What the council decided")
    assert headline_of_site_title(first, [0, 1], np.array([0.9, 0.4]), 0) == 1

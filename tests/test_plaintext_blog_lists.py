"""A text browser sets a blog's post as the one item of a list: its headline is still the title."""

from __future__ import annotations

import textwrap

from reader.document.loaders.plaintext import parse
from reader.document.loaders.units import units_from_lines

_PARAGRAPHS = (
    "The harbour wall has stood for two hundred years and gave way this winter, after a week of storms that "
    "filled the fish market with sand.",
    "Engineers say the stones can be set again, but the council has not yet found the money to pay for the "
    "work, and the fishing boats now moor in the next bay.",
    "A public meeting on Thursday will hear three plans, from a rebuilt wall to a new breakwater of rock.",
)


def _blog_page(bullet: str, byline: str) -> str:
    """A text browser's copy of a blog: a login box and the blog's name, then the post inside a list."""
    body = "\n".join(f"              {p}" for p in _PARAGRAPHS)
    return (
        textwrap.dedent(
            f"""\
        Harbour Blog logo
        Email or Phone
        Keep me logged in
        Sign Up to follow the harbour news from our town.
        The Harbour Blog
        Harbour Page · RSS Feed
          *
            {bullet} The Harbour Wall Gives Way
              {byline}
        """
        )
        + body
        + "\n"
    )


def test_a_posts_headline_set_as_the_one_item_of_a_list_over_its_byline_is_the_title():
    for bullet in ("+", "*", "-"):
        doc = parse(_blog_page(bullet, "by Mara Quint on Wednesday, March 4, 2026 at 9:15am"))
        assert doc.title == "The Harbour Wall Gives Way"
        assert [b.text for b in doc.blocks if b.text.startswith("The harbour wall has stood")]


def test_a_byline_set_deeper_than_a_list_item_is_a_line_of_its_own():
    lines = ["  * The Harbour Wall Gives Way", "      by Mara Quint on March 4, 2026", "      The wall fell."]
    units = units_from_lines(lines)
    assert [u.text for u in units][:2] == ["The Harbour Wall Gives Way", "by Mara Quint on March 4, 2026"]


def test_a_deeper_line_that_is_not_a_byline_still_continues_its_list_item():
    lines = ["  * The harbour wall gave way", "      by the old fish market.", "  * The boats moved"]
    assert [u.text for u in units_from_lines(lines)] == [
        "The harbour wall gave way by the old fish market.",
        "The boats moved",
    ]


def test_nothing_runs_on_after_a_byline_even_in_wrapped_text():
    # The byline fills the line, so the word after it would not have fit: a wrapper's cut, by length alone.
    byline = "By Mara Quint, Wednesday, March 4, 2026, 9:15am"
    wrapped = textwrap.fill(" ".join(_PARAGRAPHS), width=len(byline)).split("\n")
    texts = [u.text for u in units_from_lines(["The Harbour Wall Gives Way", "", byline, *wrapped])]
    assert byline in texts


def test_a_lone_list_item_over_a_paragraph_is_not_taken_for_the_title():
    page = "The Harbour Wall Gives Way\n\n" + "\n\n".join(_PARAGRAPHS) + "\n\n* Read next: boats find a new bay\n\n"
    page += _PARAGRAPHS[0] + "\n"
    assert parse(page).title == "The Harbour Wall Gives Way"


def test_a_converters_heading_inside_a_list_item_is_read_without_its_marks():
    units = units_from_lines(["* #### The Harbour Wall Gives Way", "", "The wall fell."])
    assert units[0].kind == "list" and units[0].text == "The Harbour Wall Gives Way"

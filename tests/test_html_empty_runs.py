"""A page of more empty elements than any real page holds is read as fast as its text, and reads the same."""

from __future__ import annotations

import lxml.html

from reader.document.loaders.html import parse
from reader.document.loaders.htmlprepare import EMPTY_BUDGET, collapse_empty_runs

_PROSE = (
    "The harbour wall has stood for two hundred years and gave way this winter, after a week of storms. "
    "Engineers say the stones can be set again, but the council has not yet found the money to pay for it."
)


def _page(filler: str) -> str:
    return (
        "<html><body><h1>Harbour Wall Falls</h1>"
        + f"<p>{_PROSE}</p>" * 3
        + filler
        + "<h2>What comes next</h2>"
        + f"<p>{_PROSE}</p>" * 2
        + "</body></html>"
    )


def test_fifty_thousand_empty_paragraphs_are_cut_to_two_before_extraction():
    tree = lxml.html.document_fromstring(_page("<p> " * 50_000))
    collapse_empty_runs(tree)
    assert sum(1 for _ in tree.iter("p")) <= 5 + 2


def test_a_page_of_fifty_thousand_empty_paragraphs_reads_as_the_page_without_them():
    # Each empty <p> was work for trafilatura and the walk: 2-3 s for this 150 KB page, 0.35 s now.
    doc = parse(_page("<p>\n" * 50_000))
    plain = parse(_page(""))
    assert (doc.title, [(b.kind, b.text) for b in doc.blocks]) == (
        plain.title,
        [(b.kind, b.text) for b in plain.blocks],
    )


def test_the_space_after_a_removed_empty_element_still_parts_the_words_around_the_run():
    tree = lxml.html.document_fromstring(
        "<html><body><p><span>harbour</span><i></i><i></i>"
        + "<i></i> " * (EMPTY_BUDGET + 10)
        + "<span>wall</span></p></body></html>"
    )
    collapse_empty_runs(tree)
    assert sum(1 for _ in tree.iter("i")) == 2
    assert tree.find(".//p").text_content() == "harbour wall"


def test_a_page_within_the_budget_keeps_every_element():
    page = _page("<p></p>" * (EMPTY_BUDGET - 10))
    tree = lxml.html.document_fromstring(page)
    before = lxml.html.tostring(tree)
    collapse_empty_runs(tree)
    assert lxml.html.tostring(tree) == before


def test_empty_elements_that_carry_content_in_their_attributes_are_never_removed():
    tree = lxml.html.document_fromstring(_page('<img alt="A map of the harbour" src="map.png">' * (EMPTY_BUDGET + 10)))
    collapse_empty_runs(tree)
    assert sum(1 for _ in tree.iter("img")) == EMPTY_BUDGET + 10

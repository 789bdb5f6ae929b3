"""A scraper's copy sets each link of a headline on a line of its own ("Harbour council backs" / "Stone Wall" /
"after a year of argument") and saves the page's ``<title>`` whole as its first line: the title is the whole
headline, and its pieces are not read as article text."""

from __future__ import annotations

from reader.document.loaders.plaintext import parse
from reader.document.loaders.titlepieces import TITLE_PIECE, whole_title
from reader.document.loaders.units import Unit
from tests.harbour import STORY


def _saved_news_page(first_line: str, headline: tuple[str, ...]) -> str:
    """What ``get_text("\\n", strip=True)`` saves of a news page whose headline links a name."""
    return "\n".join(
        [
            first_line,
            *("Home", "News", "Sport", "Weather", "Subscribe"),
            *headline,
            *("By", "Mara Quint", "March 4, 2026"),
            *STORY,
            *("Related stories", "Tides and the market", "Why the boats moved", "Contact us", "Privacy"),
        ]
    )


CUT = ("Harbour council backs", "Stone Wall", "after a year of argument")


def test_a_headline_cut_at_its_links_is_read_whole_from_the_first_line():
    page = _saved_news_page("Harbour council backs Stone Wall after a year of argument | The Coast News", CUT)
    document = parse(page)
    assert document.title == "Harbour council backs Stone Wall after a year of argument"
    texts = [block.text for block in document.blocks]
    assert not any(piece in texts for piece in CUT)
    assert {d.text for d in document.dropped if d.reason == TITLE_PIECE} >= {"Stone Wall", "after a year of argument"}


def _units(*texts: str) -> list[Unit]:
    return [Unit("text", text, 0) for text in texts]


def test_the_whole_headline_keeps_the_first_lines_own_spelling_and_closing_mark():
    units = _units("Is the Harbour’s Wall Safe? | The Coast News", "Home", "Is the", "Harbour", "’s Wall Safe", "Text")
    whole = whole_title(units, 4)
    assert whole is not None
    assert (whole.text, whole.first, whole.last) == ("Is the Harbour’s Wall Safe?", 2, 4)


def test_a_pick_that_is_a_whole_part_of_the_first_line_is_the_headline_already():
    units = _units("Stone wall vote | The Coast News", "The Coast News", "Stone wall vote", "Text")
    assert whole_title(units, 2) is None


def test_a_piece_the_first_line_holds_twice_is_the_sites_name_and_is_not_joined():
    units = _units("Coast News RSS Coast News » Stone wall vote tonight", "Coast News", "Stone wall vote tonight")
    assert whole_title(units, 2) is None


def test_a_few_menu_words_found_in_the_first_line_are_no_headline():
    units = _units("Home News Sport Weather", "News", "Sport", "Text")
    assert whole_title(units, 1) is None


def test_a_page_whose_first_line_is_not_its_title_keeps_the_rankers_pick():
    page = _saved_news_page("Skip to content", ("Harbour council backs Stone Wall after a year of argument",))
    assert parse(page).title == "Harbour council backs Stone Wall after a year of argument"


def test_pieces_are_not_joined_across_a_site_separator_in_the_first_line():
    units = _units(
        "Joy the Baker » Onion and Ricotta Frittata Comments Feed",
        "Joy the Baker",
        "Onion and Ricotta Frittata",
        "Text",
    )
    assert whole_title(units, 2) is None


def test_a_first_line_with_letters_that_fold_to_two_gives_the_headline_exactly():
    units = _units(
        "Die große Straße bleibt gesperrt bis Montag | Zeitung", "Home", "Die große Straße", "bleibt gesperrt", "Text"
    )
    whole = whole_title(units, 3)
    assert whole is not None
    assert whole.text == "Die große Straße bleibt gesperrt"

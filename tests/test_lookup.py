"""Finding a section by number, name, part of its name or a fuzzy match."""

from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.document.lookup import normalize, resolve, resolve_many, selected_indices
from reader.document.model import Block, RawDocument
from reader.document.structure import build_article


def _article(*headings: tuple[int, str], source: str = "article.md"):
    blocks = [Block("paragraph", "Intro text.")]
    for level, title in headings:
        blocks += [Block("heading", title, level), Block("paragraph", f"About {title}.")]
    return build_article(RawDocument(title="Ketamine", blocks=tuple(blocks)), source=source)


ARTICLE = _article(
    (1, "What is Ketamine Therapy?"),  # 1
    (1, "Mechanism of Action"),  # 2
    (2, "How Ketamine Works in the Brain"),  # 2.1
    (2, "Effects"),  # 2.2
    (1, "The High: Myth or Reality?"),  # 3
    (1, "Safety and Side Effects"),  # 4
    (2, "Short-term Effects"),  # 4.1
    (2, "Long-term Effects"),  # 4.2
    (1, "Résumé"),  # 5
)


def title_of(query: str) -> str | None:
    return ARTICLE.sections[resolve(ARTICLE, query)].title


def test_number_selects_that_section():
    assert title_of("4.2") == "Long-term Effects"
    assert title_of("2") == "Mechanism of Action"
    assert title_of("4.") == "Safety and Side Effects"


def test_number_zero_selects_the_introduction():
    assert ARTICLE.sections[resolve(ARTICLE, "0")].title is None


def test_unknown_number_names_the_range_and_the_outline_command():
    with pytest.raises(ReaderError) as err:
        resolve(ARTICLE, "9.1")
    assert "no section numbered '9.1'" in str(err.value)
    assert "reader outline article.md" in str(err.value)


def test_exact_title_ignores_case_and_punctuation():
    assert title_of("mechanism of action") == "Mechanism of Action"
    assert title_of("the high myth or reality") == "The High: Myth or Reality?"


def test_exact_title_beats_a_longer_title_that_contains_it():
    assert title_of("effects") == "Effects"


def test_unique_prefix_selects_the_section():
    assert title_of("mech") == "Mechanism of Action"


def test_unique_substring_selects_the_section():
    assert title_of("safety") == "Safety and Side Effects"
    assert title_of("brain") == "How Ketamine Works in the Brain"


def test_accents_are_ignored():
    assert title_of("resume") == "Résumé"


def test_fuzzy_match_forgives_typos():
    assert title_of("mechansim of acton") == "Mechanism of Action"
    assert title_of("saftey and side efects") == "Safety and Side Effects"


def test_label_with_number_and_title_selects_the_section():
    assert title_of("2.1 How Ketamine Works in the Brain") == "How Ketamine Works in the Brain"


def test_top_level_section_wins_when_that_makes_the_match_unique():
    # "ketamine" is a substring of 1 (top level) and 2.1 (subsection).
    assert title_of("ketamine") == "What is Ketamine Therapy?"


def test_several_subsections_matching_equally_is_ambiguous():
    with pytest.raises(ReaderError) as err:
        resolve(ARTICLE, "term effects")
    message = str(err.value)
    assert message.startswith("section 'term effects' is ambiguous: ")
    assert "4.1 Short-term Effects" in message and "4.2 Long-term Effects" in message


def test_several_top_level_sections_matching_is_ambiguous():
    article = _article((1, "Mechanism of Action"), (1, "Mechanism Summary"))
    with pytest.raises(ReaderError, match=r"ambiguous: 1 Mechanism of Action, 2 Mechanism Summary"):
        resolve(article, "mechanism")


def test_unknown_name_lists_the_three_closest_sections():
    with pytest.raises(ReaderError) as err:
        resolve(ARTICLE, "xylophone")
    message = str(err.value)
    assert message.startswith("no section matches 'xylophone'; closest: ")
    closest = message.split("closest: ")[1].split("; run")[0]
    assert len(closest.split(", ")) == 3
    assert message.endswith("run 'reader outline article.md' to list them")


def test_outline_hint_says_source_for_stdin():
    article = _article((1, "Alpha"), source="-")
    with pytest.raises(ReaderError, match=r"run 'reader outline SOURCE' to list them"):
        resolve(article, "zzzzzz")


def test_article_without_headings_says_so():
    article = build_article(RawDocument(title=None, blocks=(Block("paragraph", "Only text."),)))
    with pytest.raises(ReaderError, match="has no headings"):
        resolve(article, "safety")


def test_empty_article_and_empty_query_are_errors():
    empty = build_article(RawDocument(title=None, blocks=()))
    with pytest.raises(ReaderError, match="article is empty"):
        resolve(empty, "anything")
    with pytest.raises(ReaderError, match="empty section name"):
        resolve(ARTICLE, "  ")


def test_resolve_many_keeps_order_and_drops_duplicates():
    assert resolve_many(ARTICLE, ["4", "safety", "2"]) == [resolve(ARTICLE, "4"), resolve(ARTICLE, "2")]


def test_selected_indices_are_subtrees_in_reading_order():
    numbers = [ARTICLE.sections[i].number for i in selected_indices(ARTICLE, ["safety", "mechanism of action"])]
    assert numbers == ["2", "2.1", "2.2", "4", "4.1", "4.2"]
    assert selected_indices(ARTICLE, None) == list(range(len(ARTICLE.sections)))


def test_normalize_folds_case_accents_and_punctuation():
    assert normalize("  Safety & Side-Effects: Über!  ") == "safety side effects uber"


def test_a_section_name_longer_than_any_heading_is_refused_without_echoing_it():
    huge = "safety " * 15_000
    with pytest.raises(ReaderError) as info:
        resolve(ARTICLE, huge)
    message = str(info.value)
    assert message.startswith("a section name of 104,999 characters is longer than any heading")  # stripped
    assert len(message) < 300


def test_a_long_but_plausible_name_still_matches():
    title = ARTICLE.sections[-1].title
    assert resolve(ARTICLE, f"  {title}  ") == len(ARTICLE.sections) - 1


def test_intro_names_the_untitled_introduction_as_the_go_to_key_does():
    article = build_article(
        RawDocument(
            title="T",
            blocks=(
                Block("paragraph", "Before any heading."),
                Block("heading", "Methods", 2),
                Block("paragraph", "Then this."),
            ),
        )
    )
    assert article.sections[0].title is None
    assert resolve(article, "intro") == 0
    assert resolve(article, "Introduction.") == 0
    assert resolve(article, "methods") == 1

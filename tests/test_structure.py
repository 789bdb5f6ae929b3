"""Building a numbered Article from a loader's flat block list."""

from __future__ import annotations

from reader.document.model import Block, RawDocument
from reader.document.structure import build_article


def h(level: int, text: str) -> Block:
    return Block("heading", text, level)


def p(text: str) -> Block:
    return Block("paragraph", text)


def outline(article) -> list[tuple[str, str | None, int]]:
    return [(s.number, s.title, s.level) for s in article.sections]


def test_empty_document_has_no_sections():
    article = build_article(RawDocument(title=None, blocks=()))
    assert article.sections == ()
    assert article.sentence_count == 0


def test_one_sentence_article_is_one_untitled_section():
    article = build_article(RawDocument(title="Note", blocks=(p("Just one line."),)), source="note.txt")
    assert outline(article) == [("0", None, 1)]
    assert [s.text for s in article.sections[0].sentences] == ["Just one line."]
    assert article.title == "Note" and article.source == "note.txt"


def test_heading_only_article_keeps_its_empty_sections():
    article = build_article(RawDocument(title=None, blocks=(h(1, "One"), h(2, "Two"), h(1, "Three"))))
    assert outline(article) == [("1", "One", 1), ("1.1", "Two", 2), ("2", "Three", 1)]
    assert article.sentence_count == 0


def test_sections_are_numbered_in_outline_order():
    blocks = (h(2, "A"), p("a."), h(3, "A1"), p("a1."), h(3, "A2"), h(2, "B"), h(3, "B1"), h(4, "B1x"), h(2, "C"))
    article = build_article(RawDocument(title=None, blocks=blocks))
    assert outline(article) == [
        ("1", "A", 1),
        ("1.1", "A1", 2),
        ("1.2", "A2", 2),
        ("2", "B", 1),
        ("2.1", "B1", 2),
        ("2.1.1", "B1x", 3),
        ("3", "C", 1),
    ]


def test_heading_level_gaps_are_compressed():
    article = build_article(RawDocument(title=None, blocks=(h(2, "Top"), h(4, "Deep"), h(6, "Deeper"))))
    assert outline(article) == [("1", "Top", 1), ("1.1", "Deep", 2), ("1.1.1", "Deeper", 3)]


def test_heading_is_never_more_than_one_deeper_than_the_previous_heading():
    article = build_article(RawDocument(title=None, blocks=(h(1, "Top"), h(3, "Sub"), h(2, "Sibling"), h(3, "Child"))))
    assert outline(article) == [("1", "Top", 1), ("1.1", "Sub", 2), ("1.2", "Sibling", 2), ("1.2.1", "Child", 3)]


def test_first_heading_deeper_than_later_ones_starts_at_level_one():
    article = build_article(RawDocument(title=None, blocks=(h(3, "Early"), h(2, "Main"), h(3, "Under main"))))
    assert outline(article) == [("1", "Early", 1), ("2", "Main", 1), ("2.1", "Under main", 2)]


def test_text_before_the_first_heading_is_section_zero():
    article = build_article(RawDocument(title=None, blocks=(p("Intro here."), h(2, "Body"), p("Body text."))))
    assert outline(article) == [("0", None, 1), ("1", "Body", 1)]
    assert article.sections[0].label == "0 (introduction)"


def test_first_heading_equal_to_the_title_is_dropped():
    blocks = (h(1, "  how SLEEP\nshapes memory "), p("Intro."), h(2, "Stages"), p("Deep sleep."))
    article = build_article(RawDocument(title="How Sleep Shapes Memory", blocks=blocks))
    assert outline(article) == [("0", None, 1), ("1", "Stages", 1)]
    assert [s.text for s in article.sections[0].sentences] == ["Intro."]


def test_later_heading_equal_to_the_title_is_kept():
    blocks = (h(2, "Intro"), h(2, "Walking Meetings"))
    article = build_article(RawDocument(title="Walking Meetings", blocks=blocks))
    assert [s.title for s in article.sections] == ["Intro", "Walking Meetings"]


def test_block_kinds_become_paragraph_kinds():
    blocks = (
        h(1, "Kinds"),
        p("Prose here. Two sentences."),
        Block("list_item", "Buy milk"),
        Block("list_item", "Walk the dog"),
        Block("quote", "To be or not to be."),
        Block("code", "  x = 1\n  print(x)\n"),
    )
    section = build_article(RawDocument(title=None, blocks=blocks)).sections[0]
    assert [par.kind for par in section.paragraphs] == ["prose", "list_item", "list_item", "quote", "code"]
    assert [s.text for s in section.sentences] == [
        "Prose here.",
        "Two sentences.",
        "Buy milk",
        "Walk the dog",
        "To be or not to be.",
        "Code block skipped, 2 lines.",
    ]
    code = section.paragraphs[-1]
    assert code.notice and code.raw == "  x = 1\n  print(x)"


def test_list_items_without_punctuation_are_never_merged():
    blocks = tuple(Block("list_item", f"Item number {i}") for i in range(3))
    article = build_article(RawDocument(title=None, blocks=blocks))
    assert [s.text for s in article.sections[0].sentences] == ["Item number 0", "Item number 1", "Item number 2"]


def test_whitespace_is_collapsed_in_titles_and_sentences():
    article = build_article(
        RawDocument(title=" A\n title ", blocks=(h(1, "The\n  heading"), p("Some\n\n  text  here.")))
    )
    assert article.title == "A title"
    assert article.sections[0].title == "The heading"
    assert article.sections[0].sentences[0].text == "Some text here."


def test_blank_blocks_and_blank_headings_are_ignored():
    blocks = (p("   "), h(1, "  "), h(1, "Real"), p(""), Block("code", "\n\n"), p("Text."))
    article = build_article(RawDocument(title=None, blocks=blocks))
    assert outline(article) == [("1", "Real", 1)]
    assert len(article.sections[0].paragraphs) == 1


def test_metadata_is_carried_over():
    raw = RawDocument(title="T", blocks=(p("x."),), author="Ada", language="de")
    article = build_article(raw, source="-")
    assert (article.author, article.language, article.source) == ("Ada", "de", "-")


def test_subtree_of_a_built_article_contains_its_subsections():
    blocks = (h(1, "A"), h(2, "A1"), h(3, "A1a"), h(2, "A2"), h(1, "B"))
    article = build_article(RawDocument(title=None, blocks=blocks))
    assert [s.number for s in article.subtree(0)] == ["1", "1.1", "1.1.1", "1.2"]
    assert [s.number for s in article.subtree(1)] == ["1.1", "1.1.1"]


# --------------------------------------------------------------------------- code and tables (issue 11)

CODE_AND_TABLE = RawDocument(
    title="T",
    blocks=(
        Block("heading", "Setup", 1),
        Block("paragraph", "Install it first."),
        Block("code", "pip install reader\nreader outline\n"),
        Block("table_row", "Name, Size"),
        Block("table_row", "Alpha, 3"),
        Block("paragraph", "That is all."),
        Block("table_row", "Last, row"),
    ),
)


def _said(policy) -> list[str]:
    from reader.document.structure import build_article

    article = build_article(CODE_AND_TABLE, policy=policy)
    return [s.text for _, _, s in article.iter_sentences()]


def test_by_default_a_code_block_is_announced_as_skipped_and_tables_are_read_row_by_row():
    from reader.document.structure import ReadingPolicy

    assert _said(ReadingPolicy()) == [
        "Install it first.",
        "Code block skipped, 2 lines.",
        "Name, Size",
        "Alpha, 3",
        "That is all.",
        "Last, row",
    ]


def test_code_can_be_read_line_by_line_and_tables_announced_or_skipped():
    from reader.document.structure import ReadingPolicy

    assert _said(ReadingPolicy(code="read", tables="notice")) == [
        "Install it first.",
        "pip install reader",
        "reader outline",
        "Table skipped, 2 rows.",
        "That is all.",
        "Table skipped, 1 row.",
    ]
    assert _said(ReadingPolicy(code="skip", tables="skip")) == ["Install it first.", "That is all."]


def test_a_skipped_code_block_is_still_kept_for_the_outline():
    from reader.document.structure import ReadingPolicy, build_article

    article = build_article(CODE_AND_TABLE, policy=ReadingPolicy(code="skip"))
    code = [p for s in article.sections for p in s.paragraphs if p.kind == "code"]
    assert [p.raw for p in code] == ["pip install reader\nreader outline"]


def test_a_first_heading_differing_from_the_title_by_punctuation_is_kept():
    article = build_article(
        RawDocument(title="C", blocks=(Block("heading", "C++", 1), Block("paragraph", "A language.")))
    )
    assert [s.title for s in article.sections] == ["C++"]
    same = build_article(
        RawDocument(title="The  Wall", blocks=(Block("heading", "the wall", 1), Block("paragraph", "Stone.")))
    )
    assert [s.title for s in same.sections] == [None]

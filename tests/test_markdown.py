"""Markdown loader: structure, metadata and what is (not) read aloud."""

from __future__ import annotations

import pytest

from reader.document.loaders.markdown import parse, parse_front_matter
from reader.document.model import Article
from reader.document.structure import build_article
from tests.conftest import FIXTURES
from tests import loader_expectations as expect
from tests.loader_expectations import all_text, outline, section

MD = FIXTURES / "md"


def _article(name: str) -> Article:
    return build_article(parse((MD / name).read_text(encoding="utf-8")), source=name)


def test_readme_title_comes_from_its_only_h1():
    article = _article("readme.md")
    assert article.title == "pebblesync"
    assert outline(article) == [
        ("0", 1, None),
        ("1", 1, "Installation"),
        ("2", 1, "Usage"),
        ("2.1", 2, "Options"),
        ("3", 1, "Contributing"),
        ("4", 1, "License"),
    ]


def test_readme_code_blocks_are_code_not_prose():
    article = _article("readme.md")
    usage = section(article, "Usage")
    kinds = [p.kind for p in usage.paragraphs]
    assert kinds == ["prose", "code", "prose"]
    assert usage.paragraphs[1].raw == "pebblesync ~/photos backup-host:/srv/photos"
    install = section(article, "Installation")
    assert any(p.kind == "code" and "pip install" in p.raw for p in install.paragraphs)
    assert "pip install pebblesync" not in all_text(article)


def test_readme_table_rows_become_comma_joined_sentences():
    options = section(_article("readme.md"), "Options")
    texts = [p.sentences[0].text for p in options.paragraphs]
    assert texts[:3] == [
        "Option, Default, Meaning",
        "--dry-run, off, Show what would change",
        "--bandwidth, unlimited, Cap the transfer rate",
    ]


def test_readme_links_badges_scripts_and_markup_are_not_read():
    article = _article("readme.md")
    text = all_text(article)
    assert "On Windows, see the installation notes first." in text
    assert "Build status" not in text and "shields" not in text
    assert "alert" not in text
    assert "**" not in text and "](" not in text
    assert "Image: Screenshot of the progress view" in text
    assert "Please run the tests with pytest before sending one, and describe why the change is needed." in text


def test_front_matter_gives_title_author_and_language():
    article = _article("blog-front-matter.md")
    assert article.title == "Ten Years of Bread: What I've Learned"
    assert article.author == "Maren Holt"
    assert article.language == "en-GB"
    assert outline(article) == [
        ("0", 1, None),
        ("1", 1, "Flour Matters Less Than You Think"),
        ("1.1", 2, "Hydration"),
        ("2", 1, "Time Is the Secret Ingredient"),
        ("2.1", 2, "An Overnight Schedule"),
        ("3", 1, "Final Thoughts"),
    ]


def test_quotes_and_images_under_their_heading():
    waiting = section(_article("blog-front-matter.md"), "Time Is the Secret Ingredient")
    assert [(p.kind, p.sentences[0].text) for p in waiting.paragraphs] == [
        ("prose", "A long, cool rise develops flavour that no additive can match."),
        ("quote", "Bread is mostly water, flour and waiting."),
        ("quote", "The waiting is the hard part."),
        ("prose", "Image: A loaf cooling on a wire rack"),
    ]


def test_emphasis_is_stripped_from_sentences():
    intro = _article("blog-front-matter.md").sections[0]
    assert intro.sentences[1].text == "It was dense, flat and slightly grey, and I was extremely proud of it."


def test_setext_headings_keep_their_levels():
    article = _article("setext.md")
    assert article.title == "A Field Guide to Garden Birds"
    assert outline(article) == [
        ("0", 1, None),
        ("1", 1, "Robins"),
        ("1.1", 2, "Song"),
        ("2", 1, "Blue Tits"),
        ("3", 1, "Starting a Feeding Station"),
    ]
    assert section(article, "Song").sentences[0].text.startswith("Robins sing almost all year round")


def test_nested_list_items_are_each_one_list_item():
    essentials = section(_article("nested-lists.md"), "The Essentials")
    items = [p.sentences[0].text for p in essentials.paragraphs]
    assert all(p.kind == "list_item" for p in essentials.paragraphs)
    assert items == [
        "Navigation",
        "A paper map of the area",
        "A compass, and the skill to use it",
        "Water and food",
        "Two litres of water per person",
        "Snacks that do not melt",
        "A warm layer, even in summer.",
    ]
    assert essentials.paragraphs[-1].sentences[1].text.startswith("Mountain weather changes quickly")


def test_list_inside_quote_stays_a_list():
    nice = section(_article("nested-lists.md"), "Nice to Have")
    assert [p.kind for p in nice.paragraphs] == ["list_item", "list_item", "quote", "list_item", "list_item"]


def test_several_h1_headings_are_sections_not_a_title():
    raw = parse("# One\n\nFirst.\n\n# Two\n\nSecond.\n")
    assert raw.title is None
    assert [(b.level, b.text) for b in raw.blocks if b.kind == "heading"] == [(1, "One"), (1, "Two")]


def test_html_block_headings_and_text_are_kept():
    raw = parse('<h2 align="center">Setup</h2>\n\n<div><p>Hello <b>there</b>.</p><style>p{}</style></div>\n')
    assert [(b.kind, b.text, b.level) for b in raw.blocks] == [
        ("heading", "Setup", 2),
        ("paragraph", "Hello there.", 0),
    ]


def test_image_without_alt_is_skipped():
    raw = parse("Intro.\n\n![](decorative.png)\n\nOutro.\n")
    assert [b.text for b in raw.blocks] == ["Intro.", "Outro."]


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("title: Plain", {"title": "Plain"}),
        ("title: 'It''s quoted'", {"title": "It's quoted"}),
        ('title: "Say \\"hi\\""', {"title": 'Say "hi"'}),
        ("author: [Ann, Bo]", {"author": "Ann, Bo"}),
        ("author:\n  - Ann\n  - Bo", {"author": "Ann, Bo"}),
        ("author: {name: Ann Lee, url: x}", {"author": "Ann Lee"}),
        ("author:\n  name: Ann Lee\n  twitter: ann", {"author": "Ann Lee"}),
        ("lang: de # German", {"lang": "de"}),
        ("!!python/object: x\n: nonsense", {}),
    ],
)
def test_front_matter_parser_reads_common_shapes_safely(front_matter, expected):
    assert parse_front_matter(front_matter) == expected


# --------------------------------------------------------------------------- real-world documents with expectations
#
# Each ``tests/fixtures/md/<name>.md`` with a ``<name>.json`` beside it is
# checked against that file (same keys as the HTML fixtures, described in
# tests/loader_expectations.py).

EXPECTED_DOCS = expect.fixture_names(MD, "json")


def _document(name: str) -> tuple[Article, dict]:
    return _article(f"{name}.md"), expect.load_expectation(MD, name)


def test_there_are_real_world_markdown_fixtures_with_expectations():
    assert len(EXPECTED_DOCS) >= 3
    assert all((MD / f"{name}.md").exists() for name in EXPECTED_DOCS)


@pytest.mark.parametrize("name", EXPECTED_DOCS)
def test_document_title_author_and_language(name):
    expect.check_title_author_and_language(*_document(name))


@pytest.mark.parametrize("name", EXPECTED_DOCS)
def test_document_headings_keep_their_relative_levels(name):
    expect.check_relative_headings(*_document(name))


@pytest.mark.parametrize("name", EXPECTED_DOCS)
def test_document_sentences_are_read_under_their_heading(name):
    expect.check_sentences_under_headings(*_document(name))


@pytest.mark.parametrize("name", EXPECTED_DOCS)
def test_document_code_is_kept_as_code_not_prose(name):
    expect.check_code_kept_as_code(*_document(name))


@pytest.mark.parametrize("name", EXPECTED_DOCS)
def test_document_markup_and_chrome_are_not_read(name):
    expect.check_chrome_absent(*_document(name))


def test_template_tags_inside_fenced_code_are_left_alone():
    raw = parse('Intro.\n\n```jinja\n{{< youtube abc >}}\n{% include x.html %}\n```\n\nA {{< ref "x" >}} link.\n')
    assert [(b.kind, b.text) for b in raw.blocks] == [
        ("paragraph", "Intro."),
        ("code", "{{< youtube abc >}}\n{% include x.html %}"),
        ("paragraph", "A link."),
    ]


def test_jekyll_highlight_tag_is_code():
    raw = parse("Run:\n\n{% highlight ruby %}\nputs 'hi'\n{% endhighlight %}\n")
    assert [(b.kind, b.text) for b in raw.blocks] == [("paragraph", "Run:"), ("code", "puts 'hi'")]


def test_broken_toml_front_matter_is_ignored_safely():
    raw = parse('+++\ntitle = "unterminated\n+++\n\n# Real Title\n\nBody.\n')
    assert raw.title == "Real Title"
    assert [b.text for b in raw.blocks] == ["Body."]

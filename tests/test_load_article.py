"""Format detection and the whole read → parse → build pipeline."""

from __future__ import annotations

import io
import re
from functools import partial
from http.server import SimpleHTTPRequestHandler

import pytest

from conftest import CONTENT, FIXTURES, SHARED_EXAMPLE, deadline, serving
from reader.errors import ReaderError, UsageError
from reader.document.loaders import detect_format, load_article, sniff_format
from reader.resources import default_article
from reader.document.sources import SourceText


def _source(text: str, name: str = "-", media_type: str | None = None, url: str | None = None) -> SourceText:
    return SourceText(text=text, name=name, media_type=media_type, url=url, encoding="utf-8")


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.md", "markdown"), ("a.markdown", "markdown"), ("a.HTML", "html"), ("a.htm", "html"), ("a.txt", "text")],
)
def test_extension_decides_the_format(name, expected):
    assert detect_format(_source("# looks like markdown", name=name)) == expected


def test_media_type_decides_when_the_url_has_no_extension():
    assert detect_format(_source("plain words", name="http://x/post", media_type="text/html")) == "html"
    assert detect_format(_source("plain words", name="http://x/post", media_type="text/markdown")) == "markdown"


def test_url_path_extension_beats_a_generic_media_type():
    raw = _source("Title\n=====\n\nText.", name="http://x/README.md", media_type="text/plain", url="http://x/README.md")
    assert detect_format(raw) == "markdown"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", "html"),
        ("<!-- saved page -->\n<html lang='en'><p>Hi</p>", "html"),
        ("<div><p>a</p></div>\n<div><p>b</p></div>\n<p>c</p><p>d</p><br>", "html"),
        ("---\ntitle: T\n---\n\nBody text.", "markdown"),
        ("Intro line\n\n## Section\n\nText.", "markdown"),
        ("Some text\n\n```\ncode\n```\n", "markdown"),
        ("Title\n=====\n\nText.", "markdown"),
        ("See [the docs](https://example.org) and:\n\n* one\n* two\n", "markdown"),
        ("Blog\n\nCan Ketamine Therapy Induce a High?\n\nKetamine therapy is a treatment.\n", "text"),
        ("A single line mentioning #hashtags and C# code.", "text"),
        ("- just one dash list\n- in plain text\n", "text"),
    ],
)
def test_content_sniffing(text, expected):
    assert sniff_format(text) == expected


# --------------------------------------------------------------------------- the default article


@pytest.fixture(scope="module")
def default():
    return load_article(str(default_article()))


def test_default_article_has_title_author_and_outline(default):
    assert default.title == "How Sleep Shapes Memory"
    assert default.author == "Nora Whitcombe"
    top = [s for s in default.sections if s.level == 1 and s.title]
    assert 5 <= len(top) <= 6
    for index, section in enumerate(default.sections):
        if section.level == 1 and section.title:
            subsections = default.subtree(index)[1:]
            assert 1 <= len(subsections) <= 3, section.title
            assert all(s.level == 2 for s in subsections)
    assert default.sections[0].title is None and default.sections[0].sentences  # intro paragraph


def test_default_article_is_about_twelve_minutes_of_speech(default):
    words = sum(len(s.text.split()) for _, _, s in default.iter_sentences())
    assert 1800 <= words <= 2200
    assert not any(p.kind == "code" for s in default.sections for p in s.paragraphs)


def test_default_article_has_a_section_to_jump_to_by_word(default):
    assert any(s.title == "Naps and Caffeine" for s in default.sections)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b35%",  # percentage
        r"\b3\.5 mg\b",  # decimal with unit
        r"\$49\.95",  # price
        r"\b8:00\b",  # time
        r"March 3, 2024",  # date
        r"\bDr\. William",  # abbreviation
        r"\be\.g\. ",
        r"\bU\.S\. ",
        r"https://example\.org/\S+",  # URL
        r"\S+@example\.org",  # e-mail
        r"\[1\]",  # footnote marker
        r"\b90 minutes\b",  # plain number
    ],
)
def test_default_article_exercises_the_speech_normaliser(default, pattern):
    text = " ".join(s.text for _, _, s in default.iter_sentences())
    assert re.search(pattern, text), pattern


def test_default_article_has_a_short_bulleted_list(default):
    routine = next(s for s in default.sections if s.title == "A Simple Evening Routine")
    items = [p for p in routine.paragraphs if p.kind == "list_item"]
    assert 3 <= len(items) <= 6
    assert items[0].sentences[0].text.startswith("Dim the lights")


# --------------------------------------------------------------------------- other sources


def test_html_sample_loads_with_auto_detection():
    article = load_article(str(CONTENT / "walking-meetings-blog.html"))
    assert article.title == "The Case for Walking Meetings"
    assert article.source.endswith("walking-meetings-blog.html")
    assert any(s.title == "Meetings That Suit a Walk" for s in article.sections)


def test_markdown_from_stdin_is_sniffed():
    stdin = io.BytesIO(b"---\ntitle: Piped\n---\n\nHello there.\n\n## Part\n\nMore text.\n")
    article = load_article("-", stdin=stdin)
    assert article.title == "Piped"
    assert article.source == "-"
    assert [s.title for s in article.sections] == [None, "Part"]


def test_forced_format_overrides_detection():
    stdin = io.BytesIO(b"# Not a heading here\n\nJust text.\n")
    pytest.importorskip("reader.document.loaders.plaintext")
    article = load_article("-", "text", stdin=stdin)
    assert all(s.title != "Not a heading here" for s in article.sections)


def test_html_served_over_http_is_loaded():
    handler = partial(SimpleHTTPRequestHandler, directory=str(FIXTURES / "html"))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    with serving(handler) as base:
        url = f"{base}/news-og-title.html"
        article = load_article(url)
    assert article.title == "City Council Approves Twelve Kilometres of New Cycle Lanes"
    assert article.source == url
    assert [s.title for s in article.sections if s.title] == ["Where the Lanes Will Go", "What It Will Cost"]


def test_unknown_format_lists_the_choices():
    with pytest.raises(UsageError) as info:
        load_article(str(default_article()), "rtf")
    assert str(info.value) == "unknown format 'rtf': choose one of auto, text, markdown, html, epub, docx, pdf"


@pytest.mark.parametrize("fmt", [None, "auto", "AUTO", "md"])
def test_auto_and_aliases_are_accepted(fmt):
    assert load_article(str(default_article()), fmt).title == "How Sleep Shapes Memory"


def test_missing_file_is_a_reader_error():
    with pytest.raises(ReaderError, match="no such file: nowhere.md"):
        load_article("nowhere.md")


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="shared example not present")
def test_scraped_web_text_is_sniffed_as_plain_text():
    assert sniff_format(SHARED_EXAMPLE.read_text(encoding="utf-8")) == "text"


@pytest.mark.parametrize("name", ["logo.svg", "logo.txt", "-"])
@pytest.mark.parametrize(
    "text",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><text>Hello</text><script>alert(1)</script></svg>',
        '<?xml version="1.0"?>\n<!-- drawn -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg><text>Hi</text></svg>',
    ],
)
def test_an_svg_image_is_refused_not_read_as_markup(name, text):
    with pytest.raises(ReaderError, match="is an SVG image, not an article"):
        detect_format(_source(text, name=name))


def test_an_html_page_with_inline_svg_is_still_a_page():
    page = "<html><body><svg><text>icon</text></svg><p>Words of the article.</p></body></html>"
    assert detect_format(_source(page)) == "html"


_PARAGRAPHS_WITH_COMMENTS = "".join(f"<p>Paragraph {i}.</p><!-- c{i} -->\n<!-- d{i} -->\n" for i in range(40))
_COMMENT_RUN = "".join(f"<!-- begin part {i} -->\n<!-- end part {i} -->\n" for i in range(40))
"""A template's run of comments: a lazy comment pattern matched 14 such pairs in exponentially many ways (85 s)."""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<!DOCTYPE html><html><body>" + _PARAGRAPHS_WITH_COMMENTS, "html"),  # a template's comments over a page
        ("Plain words after the comments.\n" * 40, "text"),
    ],
)
def test_a_page_opening_with_many_comments_is_sniffed_at_once(page, expected):
    with deadline(seconds=10):
        assert detect_format(_source(_COMMENT_RUN + page)) == expected


def test_an_html_block_of_many_comments_then_a_paragraph_is_read_at_once():
    from reader.document.loaders.html import blocks_from_fragment

    with deadline(seconds=10):
        blocks = blocks_from_fragment(_COMMENT_RUN + "<p>The paragraph under them.</p>")
    assert [b.text for b in blocks] == ["The paragraph under them."]

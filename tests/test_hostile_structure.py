"""Hostile document structure (issue 9, item 5): every word of the main text is
read, or listed as dropped with a reason, however deep the nesting, however
large an attribute. Parsers have limits (markdown-it stops at its nesting
limit, libxml2 at its depth and attribute size limits) and used to drop the
rest of the document without a word."""

from __future__ import annotations

import os
import re

import pytest

from reader.document.loaders import parse_source
from reader.document.sources import SourceText
from reader.document.structure import build_article

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORD_RE = re.compile(r"\w+")


def _load(text: str, fmt: str):
    return build_article(
        parse_source(SourceText(text=text, name="-", media_type=None, url=None, encoding="utf-8"), fmt)
    )


def _heard_and_dropped(text: str, fmt: str) -> tuple[set[str], set[str]]:
    article = _load(text, fmt)
    heard = [article.title or ""]
    for section in article.sections:
        heard.append(section.title or "")
        heard.extend(sentence.text for sentence in section.sentences)
    return set(_WORD_RE.findall(" ".join(heard))), set(_WORD_RE.findall(" ".join(d.text for d in article.dropped)))


def _marked_words(count: int) -> list[str]:
    """Distinct words no rule rewrites, so each can be found again."""
    return [f"w{n}marker" for n in range(count)]


@pytest.mark.parametrize("depth", [3, 12, 40, 400, 3000])
def test_deeply_nested_markdown_lists_and_quotes_keep_every_word(depth):
    words = _marked_words(4)
    lines = ["# Deep nesting", "", f"Opening paragraph with {words[0]} in it.", ""]
    lines += ["  " * level + f"- item at level {level}" for level in range(depth)]
    lines += ["", f"After the list comes {words[1]} and more.", "", "> " * depth + f"quoted {words[2]}", ""]
    lines += [f"The closing paragraph says {words[3]}."]
    heard, _ = _heard_and_dropped("\n".join(lines), "markdown")
    assert set(words) <= heard


@pytest.mark.parametrize("opening", ["[", "![", "[a ", "+ ", "1. ", "1) "])
def test_markdown_brackets_or_list_markers_nested_thousands_deep_keep_every_word(opening):
    words = _marked_words(2)
    text = f"# Brackets\n\nOpening paragraph with {words[0]} in it.\n\n{opening * 5_000} then {words[1]}.\n"
    heard, _ = _heard_and_dropped(text, "markdown")
    assert set(words) <= heard


@pytest.mark.parametrize(("tag", "depth"), [("b", 100_000), ("div", 5_000), ("span", 20_000), ("blockquote", 3_000)])
def test_deeply_nested_html_keeps_the_text_after_it(tag, depth):
    words = _marked_words(3)
    page = (
        "<html><body><article><h1>Deep markup</h1>"
        f"<p>The article starts here and mentions {words[0]} at once.</p>"
        + f"<{tag}>" * depth
        + f"deep inside sits {words[1]}"
        + f"</{tag}>" * depth
        + f"<p>After the deep part the article goes on to {words[2]} and ends.</p>"
        "</article></body></html>"
    )
    heard, dropped = _heard_and_dropped(page, "html")
    assert set(words) <= heard | dropped
    assert {words[0], words[2]} <= heard


def test_an_attribute_over_ten_megabytes_does_not_stop_the_parse():
    words = _marked_words(2)
    page = (
        "<html><body><article><h1>Huge attribute</h1>"
        f'<p title="{"x" * 11_000_000}">The article starts with {words[0]} here.</p>'
        f"<p>After that paragraph comes {words[1]} as well.</p></article></body></html>"
    )
    heard, _ = _heard_and_dropped(page, "html")
    assert set(words) <= heard


def test_a_shallow_page_whose_markup_counts_more_words_than_its_parse_is_still_read(monkeypatch):
    """Seen on a real news page: a cut-off ``<meta content="…`` swallows script text, so the markup
    seems to hold more words than the parse; flattening wins nothing back, and the page must still be read."""
    from reader.document.loaders import html

    words = _marked_words(2)
    page = (
        "<html><body><article><h1>Counted twice</h1>"
        f"<p>The article starts with {words[0]} here.</p><p>After that comes {words[1]} as well.</p>"
        "</article></body></html>"
    )
    monkeypatch.setattr(html, "_words_in_markup", lambda text: 10_000)
    monkeypatch.setattr(html, "_flatten", lambda text, keep: "<p>less</p>")  # flattening loses words
    heard, _ = _heard_and_dropped(page, "html")
    assert set(words) <= heard


# --------------------------------------------------------------------------- fuzzing structure

FUZZ_EXAMPLES = int(os.environ.get("READER_FUZZ_EXAMPLES", "40"))
"""Examples per fuzz test: what CI affords; set READER_FUZZ_EXAMPLES=2000 for a long run."""

_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)


@st.composite
def _trees(draw, depth: int = 0):
    """A document tree: ("text", words) leaves inside ("box", children) nodes."""
    if depth > 6 or draw(st.booleans()):
        return ("text", draw(st.lists(_NAMES, min_size=3, max_size=12)))
    return ("box", draw(st.lists(_trees(depth + 1), min_size=1, max_size=4)))


def _leaves(tree) -> list[list[str]]:
    if tree[0] == "text":
        return [tree[1]]
    return [leaf for child in tree[1] for leaf in _leaves(child)]


def _as_markdown(tree, style: int = 0) -> list[str]:
    """Lines of Markdown; each child's own lines are indented or quoted as a
    whole, so the nesting is what CommonMark means (never an indented code block)."""
    if tree[0] == "text":
        return [" ".join(tree[1]) + "."]
    lines: list[str] = []
    for i, child in enumerate(tree[1]):
        kind = (style + i) % 3
        inner = "\n".join(_as_markdown(child, style + 1)).strip("\n").split("\n")
        if kind == 0:  # a list item holding the child
            lines += ["", "- " + inner[0], *[("  " + line) if line else "" for line in inner[1:]], ""]
        elif kind == 1:  # a quote holding the child
            lines += ["", *[("> " + line) if line else ">" for line in inner], ""]
        else:
            lines += ["", *inner, ""]
    return lines


def _as_html(tree, attr: str, style: int = 0) -> str:
    if tree[0] == "text":
        return "<p>" + " ".join(tree[1]) + ".</p>"
    tags = ("div", "blockquote", "section", "ul")
    tag = tags[style % len(tags)]
    inner = "".join(_as_html(child, attr, style + 1) for child in tree[1])
    if tag == "ul":
        inner = "".join(f"<li>{_as_html(child, attr, style + 1)}</li>" for child in tree[1])
    return f'<{tag} data-x="{attr}">{inner}</{tag}>'


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_trees(), style=st.integers(0, 2))
def test_markdown_of_any_nesting_reads_every_word(tree, style):
    text = "\n".join(["# Fuzzed", "", *_as_markdown(tree, style)])
    heard, _ = _heard_and_dropped(text, "markdown")
    assert {w for leaf in _leaves(tree) for w in leaf} <= heard


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_trees(), attr=st.sampled_from(["", "y" * 1000, "\x1b[2J", "&quot;>"]), style=st.integers(0, 3))
def test_html_of_any_nesting_reads_or_reports_every_word(tree, attr, style):
    page = f"<html><body><article><h1>Fuzzed</h1>{_as_html(tree, attr, style)}</article></body></html>"
    heard, dropped = _heard_and_dropped(page, "html")
    assert {w for leaf in _leaves(tree) for w in leaf} <= heard | dropped

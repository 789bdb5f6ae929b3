"""Property tests: segmentation never loses, duplicates or reorders a word."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.document.model import Block, RawDocument
from reader.document.sentences import speakable_chunks, split_sentences
from reader.text import collapse_whitespace
from reader.document.structure import build_article

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Prose-like soup: words, abbreviations, numbers, every kind of sentence
# punctuation and quote, odd whitespace and non-Latin letters.
_TOKENS = st.sampled_from(
    [
        "the",
        "Dr.",
        "Mr.",
        "e.g.",
        "U.S.",
        "Inc.",
        "etc.",
        "J.",
        "R.",
        "3.5",
        "10.",
        "...",
        "\u2026",
        "?",
        "!",
        ".",
        '"',
        "\u201c",
        "\u201d",
        "\u2019",
        "'",
        "(",
        ")",
        "[",
        "]",
        "\u2014",
        "-",
        ";",
        ":",
        ",",
        "Hello",
        "world",
        "Über",
        "naïve",
        "東京",
        "привет",
        "x",
        "I",
        "A",
        "It",
        "The",
        "then",
        '?"',
        ".\u201d",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\u00a0",
        "\u2028",
    ]
)
prose = st.lists(_TOKENS, max_size=60).map(lambda parts: "".join(p if p.isspace() else p + " " for p in parts))
anything = st.text(max_size=300)


def words(text: str) -> list[str]:
    return text.split()


@FAST
@given(st.one_of(prose, anything))
@example("?! Wait?: no")  # Punkt starts a sentence inside "?!": never cut a word
@example("Mr. \u2026 e.g. ...")
@example("变化。相较于去年！真的吗？是的。 Then English.")
def test_every_word_lands_in_exactly_one_sentence_in_order(text):
    sentences = split_sentences(text)
    assert "".join("".join(s.split()) for s in sentences) == "".join(text.split())
    assert all(s and s == collapse_whitespace(s) for s in sentences)
    if not re.search("[\u3002\uff01\uff1f]", text):  # only a Chinese or Japanese sentence end cuts a "word"
        assert [w for s in sentences for w in words(s)] == words(text)
        assert " ".join(sentences) == collapse_whitespace(text)


@FAST
@given(st.one_of(prose, anything), st.integers(min_value=10, max_value=120))
def test_speakable_chunks_lose_nothing_and_respect_the_limit(text, max_chars):
    sentence = collapse_whitespace(text)
    chunks = speakable_chunks(sentence, max_chars)
    assert "".join(chunks).replace(" ", "") == sentence.replace(" ", "")
    assert all(c and c == c.strip() for c in chunks)
    for chunk in chunks:
        if len(chunk) > max_chars:  # only allowed when no space was in reach
            assert " " not in chunk[: max_chars + 1]


_BLOCK = st.one_of(
    st.builds(Block, st.just("heading"), st.one_of(prose, anything), st.integers(min_value=1, max_value=6)),
    st.builds(Block, st.sampled_from(["paragraph", "list_item", "quote", "code"]), st.one_of(prose, anything)),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCK, max_size=15), st.one_of(st.none(), prose))
def test_build_article_keeps_every_body_word_and_heading(blocks, title):
    article = build_article(RawDocument(title=title, blocks=tuple(blocks)))

    body_in = [w for b in blocks if b.kind in ("paragraph", "list_item", "quote") for w in words(b.text)]
    said = [p for s in article.sections for p in s.paragraphs if not p.notice]  # "Code block skipped…" is ours
    body_out = [w for p in said for sentence in p.sentences for w in words(sentence.text)]
    assert body_out == body_in

    headings_in = [collapse_whitespace(b.text) for b in blocks if b.kind == "heading" and b.text.strip()]
    headings_out = [s.title for s in article.sections if s.title is not None]
    dropped = headings_in[: len(headings_in) - len(headings_out)]
    assert headings_in[len(dropped) :] == headings_out
    assert len(dropped) <= 1 and all(d.casefold() == collapse_whitespace(title or "").casefold() for d in dropped)

    codes_in = [b.text.strip("\n") for b in blocks if b.kind == "code" and b.text.strip()]
    codes_out = [p.raw for s in article.sections for p in s.paragraphs if p.kind == "code"]
    assert codes_out == codes_in


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=6), max_size=20))
def test_heading_levels_form_a_valid_outline(levels):
    blocks = tuple(Block("heading", f"H{i}", level) for i, level in enumerate(levels))
    sections = build_article(RawDocument(title=None, blocks=blocks)).sections
    previous = 0
    for section in sections:
        assert 1 <= section.level <= previous + 1
        assert section.number.count(".") == section.level - 1
        previous = section.level
    assert len({s.number for s in sections}) == len(sections)

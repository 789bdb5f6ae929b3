"""HTML loader: the text read is trafilatura's (default mode) whenever it found an article;
the walk only lends structure; inline markup adds no space before punctuation; keep_all and dropped."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree as etree
import lxml.html
import pytest

from reader.document.loaders import html as html_loader
from reader.document.loaders import htmlextract
from reader.document.loaders.html import blocks_from_fragment, parse
from reader.document.loaders.htmlprepare import prepare
from reader.document.model import Block
from reader.document.sources import read_source

HTML = Path(__file__).parent / "fixtures" / "html"

STORY = [
    "The river rose overnight and flooded the lower town, where shopkeepers had stacked sandbags since Tuesday.",
    "By morning the water stood knee deep in the market square, and the council opened the school hall.",
    "Engineers said the new flood wall held along most of its length, but a gap near the old mill let water through.",
    "The mayor promised that the gap would be closed before the winter storms, and that repairs would be paid for.",
]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _page(body: str, head: str = "<title>Flood in the lower town</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


STORY_PAGE = _page(
    '<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
    "<article><h1>Flood in the lower town</h1>"
    + "".join(f"<p>{p}</p>" for p in STORY[:2])
    + "<h2>The wall</h2>"
    + "".join(f"<p>{p}</p>" for p in STORY[2:])
    + "</article>"
    "<aside><h2>Elsewhere today</h2>"
    '<p><a href="/a">The bakery on Mill Lane won a prize for its rye bread.</a></p></aside>'
    "<footer><p>Copyright 2024 The Valley Gazette</p></footer>"
    '<script>document.write("tracking")</script><div hidden>Secret draft text</div>'
    '<svg><title>logo icon</title></svg><p style="display: none">Invisible teaser</p>'
)


# --------------------------------------------------------------------------- whose text is read


def test_trafilatura_is_read_even_when_the_walk_has_more_headings_code_and_prose():
    extracted = [Block("paragraph", STORY[0]), Block("paragraph", STORY[1])]
    walked = extracted + [
        Block("heading", "Related stories", 2),
        Block("paragraph", "A teaser for another story that trafilatura judged not article text."),
        Block("heading", "More", 2),
        Block("code", "print('teaser')"),
    ]
    assert html_loader._choose(extracted, walked) is extracted


def test_the_walk_is_read_only_when_trafilatura_kept_almost_nothing():
    walked = [Block("paragraph", STORY[0]), Block("paragraph", STORY[1])]
    assert html_loader._choose([], walked) is walked
    assert html_loader._choose([Block("paragraph", "March 3, 2024")], walked) is walked  # a blog post read as its date


def test_a_menu_alone_is_no_article_even_if_trafilatura_keeps_its_link():
    from reader.errors import ReaderError

    with pytest.raises(ReaderError, match="found no article text"):
        parse(_page('<nav><a href="/">Home</a></nav>'))


@pytest.mark.parametrize("name", sorted(p.name for p in HTML.glob("*.html")))
def test_every_word_read_as_prose_is_a_word_trafilatura_kept(name: str):
    """The walk lends headings and code, never prose that trafilatura dropped as not article."""
    text = read_source(str(HTML / name)).text
    tree = html_loader._document(text)
    prepare(tree)
    kept = htmlextract.trafilatura_blocks(lxml.html.tostring(tree, encoding="unicode"), None)
    read = " ".join(b.text for b in parse(text).blocks if b.kind not in ("heading", "code"))
    assert _words(read) <= _words(" ".join(b.text for b in kept))


def test_a_paragraph_trafilatura_kept_becomes_a_heading_when_the_page_marks_it_as_one():
    extracted = [Block("paragraph", "The wall"), Block("paragraph", STORY[2])]
    walked = [Block("heading", "The wall", 2), Block("paragraph", STORY[2])]
    assert html_loader._restore_structure(extracted, walked) == walked


def test_a_heading_goes_back_only_above_text_trafilatura_kept():
    extracted = [Block("paragraph", STORY[0]), Block("paragraph", STORY[2])]
    walked = [
        Block("paragraph", STORY[0]),
        Block("heading", "Related stories", 2),
        Block("paragraph", "A teaser trafilatura dropped."),
        Block("heading", "The wall", 2),
        Block("paragraph", STORY[2]),
    ]
    restored = html_loader._restore_structure(extracted, walked)
    assert [b.text for b in restored] == [STORY[0], "The wall", STORY[2]]


def test_code_trafilatura_dropped_goes_back_after_the_paragraph_that_introduces_it():
    extracted = [Block("paragraph", "Build the image:"), Block("paragraph", "It takes two minutes.")]
    walked = [extracted[0], Block("code", "docker build ."), extracted[1]]
    assert html_loader._restore_structure(extracted, walked) == walked


def test_trafilatura_text_beside_blocks_in_a_layout_table_is_read():
    xml = (
        "<main><table><lb/>San Francisco built a high pressure water system.<p>This document was found in 1990.</p>"
        "<lb/>HIGH PRESSURE SYSTEM<p>Object of installing the system.</p></table>"
        "<row><cell><head rend='h4'>Introduction</head> Who are Australians? <lb/>Note: links updated.</cell></row>"
        "<table><row><cell>workers</cell><cell>2</cell></row></table></main>"
    )
    blocks = list(htmlextract._xml_blocks(etree.fromstring(xml)))
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "San Francisco built a high pressure water system."),
        ("paragraph", "This document was found in 1990."),
        ("paragraph", "HIGH PRESSURE SYSTEM"),
        ("paragraph", "Object of installing the system."),
        ("heading", "Introduction"),
        ("paragraph", "Who are Australians? Note: links updated."),
        ("table_row", "workers, 2"),
    ]


def test_a_page_with_a_broken_xml_declaration_is_still_read():
    page = (
        '<?xml version="1.0" encoding="utf-8, news, world\n<html><body><article>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article></body></html>"
    )
    assert STORY[0] in [b.text for b in parse(page).blocks]


# --------------------------------------------------------------------------- spaces and punctuation


def test_inline_markup_before_punctuation_adds_no_space():
    page = _page(
        "<article><h1>Speiseplan</h1><p>Heute gibt es <b>Flammkuchen</b>\n, morgen <i>Suppe</i>\n. Dazu "
        "<a href='/x'>Brot</a>\n; danach <em>Obst</em>\n! Sie sagte “<em>gut</em>\n” (<span>ja</span>\n) "
        "und <q>fertig</q>\n?</p>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article>"
    )
    first = parse(page).blocks[0].text
    expected = "Heute gibt es Flammkuchen, morgen Suppe. Dazu Brot; danach Obst! Sie sagte “gut” (ja) und fertig?"
    assert first == expected


def test_the_walk_joins_inline_elements_and_punctuation_without_a_space():
    blocks = blocks_from_fragment("<p><b>Flammkuchen</b>\n, morgen\n<span>Suppe</span>\n.</p>")
    assert [b.text for b in blocks] == ["Flammkuchen, morgen Suppe."]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Use <b>.NET</b> today.", "Use .NET today."),
        ("It costs <b>.5</b> cents.", "It costs .5 cents."),
        ("Site <b>::</b> Title", "Site :: Title"),
        ("He said <q>“ yes”</q>.", "He said “ yes”."),
    ],
)
def test_a_space_before_a_mark_that_starts_a_word_stays(html: str, expected: str):
    assert [b.text for b in blocks_from_fragment(f"<p>{html}</p>")] == [expected]


# --------------------------------------------------------------------------- keep_all and dropped


def test_keep_all_reads_every_visible_text_of_the_page():
    raw = parse(STORY_PAGE, keep_all=True)
    text = " ".join(b.text for b in raw.blocks)
    for visible in ("Home", "News", "Elsewhere today", "rye bread", "Copyright 2024", "The wall", *STORY):
        assert visible in text
    assert raw.dropped == ()


def test_keep_all_never_reads_scripts_icons_or_hidden_elements():
    text = " ".join(b.text for b in parse(STORY_PAGE, keep_all=True).blocks)
    for invisible in ("tracking", "Secret draft", "logo icon", "Invisible teaser"):
        assert invisible not in text


def test_keep_all_is_keyword_only():
    with pytest.raises(TypeError):
        parse(STORY_PAGE, None, True)  # type: ignore[misc]


def test_dropped_lists_the_visible_text_not_read_with_its_reason():
    raw = parse(STORY_PAGE)
    read = " ".join(b.text for b in raw.blocks)
    assert "Home" not in read and "Copyright" not in read
    dropped = {d.text: d.reason for d in raw.dropped}
    assert dropped["Copyright 2024 The Valley Gazette"] == "not in the main content (trafilatura)"
    assert "Elsewhere today" in dropped
    assert not any(story in dropped for story in STORY)
    assert not any(hidden in " ".join(dropped) for hidden in ("tracking", "Secret draft", "logo icon"))


def test_a_widget_line_is_dropped_with_its_own_reason():
    raw = parse(_page("<article>" + "".join(f"<p>{p}</p>" for p in STORY) + "<p>Share this:</p></article>"))
    assert "Share this:" not in [b.text for b in raw.blocks]
    assert {d.text: d.reason for d in raw.dropped}["Share this:"].startswith("a page widget's line")

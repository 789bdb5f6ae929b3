"""Our own extractor: the article's blocks from a walk of the lxml tree.

It finds the element that holds the story (a semantic container such as
``<article>``/``<main>``, or the densest part of the page), then walks it,
skipping chrome by tag, ARIA role and class/id words (``nav``, ``share``,
``comment``). The HTML loader reads it only when trafilatura found no
article, and otherwise borrows its headings and code blocks for the text
trafilatura kept; with ``clean=False`` it reads every visible text
(``keep_all``, HTML fragments, the list of what was dropped).
"""

from __future__ import annotations

from typing import Final, Iterator

import lxml.html

from reader.document.loaders.htmlchrome import in_chrome, is_chrome, is_invisible
from reader.document.loaders.htmltext import HEADING_TAGS, clean_text, is_link_only, text_blocks
from reader.document.model import Block


_BLOCK_TAGS: Final = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "hr",
        "center",
        "body",
        "nav",
        "aside",
        "footer",
        "form",
        "fieldset",
        "legend",
        "menu",
        "dialog",
        "hgroup",
        "caption",
        "search",
        *HEADING_TAGS,
    }
)


def walk_blocks(tree: lxml.html.HtmlElement) -> list[Block]:
    """Blocks of the page's main content found by walking the DOM."""
    root = _content_root(tree)
    return list(walk(root, clean=True)) if root is not None else []


def _content_root(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element that holds the story.

    A semantic container (the ``<article>`` with most text, ``<main>``,
    ``role=main``, ``itemprop=articleBody``, ``#content``) when it holds at
    least half of the page's paragraph text; otherwise (generated ``div``
    soup, layout tables, a "More from this author" ``<article>``) the
    deepest element that still holds most of it.
    """
    body = tree.find("body")
    body = body if body is not None else tree
    weights: dict[lxml.html.HtmlElement, int] = {}
    total = _paragraph_weight(body, weights)
    articles = [a for a in tree.iter("article") if not in_chrome(a)]
    candidates = []
    if articles:
        # Listing pages have many <article>s; the one with most text is the story.
        candidates.append(max(articles, key=lambda a: weights.get(a, 0) or len(a.text_content()) / 100))
    for xpath in (
        "//main",
        "//*[@role='main']",
        "//*[@itemprop='articleBody']",
        "//*[@id='content' or @id='main-content' or @class='content']",
    ):
        candidates.extend(tree.xpath(xpath)[:1])
    for candidate in candidates:
        if total == 0 or weights.get(candidate, 0) >= 0.5 * total:
            return candidate
    return _densest(body, weights, total)


_WEIGHED_TAGS: Final = frozenset({"p", "pre", "li", "dd", "blockquote"})


def _paragraph_weight(el: lxml.html.HtmlElement, weights: dict) -> int:
    """Characters of paragraph text under ``el`` outside chrome; fills ``weights``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag or tag in ("script", "style", "noscript", "template") or (is_chrome(el) and tag != "body"):
        return 0
    if tag in _WEIGHED_TAGS and not any(
        isinstance(c.tag, str) and c.tag in _WEIGHED_TAGS for c in el.iter() if c is not el
    ):
        weight = 0 if is_link_only(el) else len(clean_text(el.text_content()))
    else:
        weight = sum(_paragraph_weight(child, weights) for child in el)
    weights[el] = weight
    return weight


def _densest(body: lxml.html.HtmlElement, weights: dict, total: int) -> lxml.html.HtmlElement:
    """Walk down from ``body`` while one child holds at least 70% of the text."""
    node = body
    while True:
        children = [c for c in node if weights.get(c, 0)]
        best = max(children, key=lambda c: weights[c], default=None)
        if best is None or weights[best] < 0.7 * total or best.tag in _WEIGHED_TAGS:
            return node
        node = best


def walk(root: lxml.html.HtmlElement, *, clean: bool) -> Iterator[Block]:
    """Yield blocks under ``root``; with ``clean``, skip chrome subtrees."""
    inline: list[str] = []

    def flush() -> Iterator[Block]:
        text = clean_text("".join(inline))
        inline.clear()
        if text:
            yield Block("paragraph", text)

    def visit(el: lxml.html.HtmlElement) -> Iterator[Block]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if is_invisible(el) or (clean and is_chrome(el)):
            return
        if tag == "header" and clean and not el.xpath(".//h1|.//h2"):
            return  # a header without the headline is masthead chrome
        if tag not in _BLOCK_TAGS:
            if tag == "br":
                inline.append(" ")
            elif tag == "img":
                pass
            else:
                inline.append(_inline_text(el, clean))
            return
        yield from flush()
        if tag in HEADING_TAGS:
            yield from text_blocks("heading", _inline_text(el, clean), HEADING_TAGS[tag])
        elif tag == "pre":
            yield from text_blocks("code", el.text_content())
        elif tag in ("ul", "ol"):
            yield from _list_items(el, clean)
        elif tag == "blockquote":
            for block in walk(el, clean=clean):
                yield Block("quote", block.text) if block.kind == "paragraph" else block
        elif tag == "tr" and not _is_layout_row(el):
            cells = [
                _inline_text(c, clean)
                for c in el
                if c.tag in ("td", "th") and not is_invisible(c) and not (clean and is_chrome(c))
            ]
            yield from text_blocks("paragraph", ", ".join(c for c in cells if c))
        elif tag == "hr":
            pass
        else:
            yield from visit_contents(el)

    def visit_contents(el: lxml.html.HtmlElement) -> Iterator[Block]:
        if el.text:
            inline.append(el.text)
        for child in el:
            yield from visit(child)
            if child.tail:
                inline.append(child.tail)
        yield from flush()

    yield from visit_contents(root)


_LAYOUT_CONTENT: Final = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote")


def _is_layout_row(row: lxml.html.HtmlElement) -> bool:
    """A table row used for page layout: its cells hold paragraphs or headings."""
    return any(d.tag in _LAYOUT_CONTENT for cell in row for d in cell.iterdescendants() if isinstance(d.tag, str))


def _list_items(list_el: lxml.html.HtmlElement, clean: bool) -> Iterator[Block]:
    for item in list_el:
        if item.tag != "li" or is_invisible(item) or (clean and is_chrome(item)):
            continue
        nested = [c for c in item.iter("ul", "ol") if c is not item]
        text = _inline_text(item, clean, skip=set(nested))
        yield from text_blocks("list_item", text)
        for sub in item:
            if sub.tag in ("ul", "ol"):
                yield from _list_items(sub, clean)


def _inline_text(el: lxml.html.HtmlElement, clean: bool, skip: set | None = None) -> str:
    parts: list[str] = []

    def visit(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if is_invisible(node) or (skip and node in skip):
            return
        if clean and node is not el and is_chrome(node):
            return
        if tag == "br" or (tag in _BLOCK_TAGS and node is not el):
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS and node is not el:
            parts.append(" ")

    visit(el)
    return clean_text("".join(parts))

"""HTML → :class:`RawDocument`: the article's main content without page chrome.

Two extractors, one policy:

* trafilatura (XML output) finds the main content of real-world pages well
  and keeps ``h1``–``h6`` with their levels, paragraphs, lists, quotes, code
  and tables;
* our own lxml walk of ``<article>``/``<main>``/``<body>`` minus chrome
  (by tag, ARIA role and class/id words such as ``nav``, ``share``,
  ``comment``) is predictable on simple pages and on HTML fragments.

Before either runs, :func:`~reader.loaders.htmlprepare.prepare` normalises
real-world markup (permalink anchors, subtitles and bold lines posing as
headings, admonition titles, link-only lines). We use trafilatura's result
unless it is empty, lost the headings or code blocks the page has, or kept
much less text than the walk (see :func:`_choose`). Title and author prefer
the page's JSON-LD article data, then meta tags, then the visible h1 and
byline.

This module runs trafilatura and chooses; the other steps have their own
modules: ``htmlmeta`` (title, author, language), ``htmlprepare``,
``htmlwalk`` (our own extractor) and ``htmltext`` (text and blocks they share).
"""

from __future__ import annotations

import logging
import re
from typing import Iterable, Iterator

import lxml.etree as etree
import lxml.html

from reader.errors import ReaderError
from reader.loaders import normalise_language, take_title
from reader.loaders.htmlmeta import drop_repeated_title, page_metadata, page_title, strip_site_name
from reader.loaders.htmlprepare import prepare
from reader.loaders.htmltext import HEADING_TAGS, clean_text, text_blocks
from reader.loaders.htmlwalk import walk, walk_blocks
from reader.model import Block, RawDocument

__all__ = ["blocks_from_fragment", "parse", "strip_site_name"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def parse(text: str, url: str | None = None) -> RawDocument:
    """Extract the main content of an HTML page."""
    tree = _document(text)
    meta = page_metadata(tree)
    prepare(tree)
    walked = walk_blocks(tree)
    extracted = _trafilatura_blocks(lxml.html.tostring(tree, encoding="unicode"), url)
    blocks = _drop_chrome_lines(_choose(extracted, walked))
    if not blocks:
        raise ReaderError("found no article text in this HTML page: save the article's own page or copy its text")
    title = page_title(meta, blocks, walked)
    blocks, title = take_title(blocks, title)
    blocks = drop_repeated_title(blocks, title)
    return RawDocument(
        title=title,
        blocks=tuple(blocks),
        author=meta.get("author"),
        language=normalise_language(meta.get("lang")),
    )


def blocks_from_fragment(html: str) -> list[Block]:
    """Blocks of an HTML snippet (e.g. an HTML block inside Markdown)."""
    if not html.strip() or re.fullmatch(r"\s*(?:<!--.*?-->\s*)+", html, re.S):
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    return list(walk(root, clean=False))


def _document(text: str) -> lxml.html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(f"cannot parse this HTML ({exc}): save the page again or pass its text") from None


# --------------------------------------------------------------------------- trafilatura


def _trafilatura_blocks(text: str, url: str | None) -> list[Block]:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - it is a dependency
        return []
    try:
        xml = trafilatura.extract(
            text,
            url=url,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura is best effort; our walk is the fallback
        log.debug("trafilatura failed: %s", exc)
        return []
    if not xml:
        return []
    try:
        root = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return []
    main = root.find("main")
    return list(_xml_blocks(main if main is not None else root))


def _xml_blocks(parent: etree._Element) -> Iterator[Block]:
    for el in parent:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            level = HEADING_TAGS.get((el.get("rend") or "h2").lower(), 2)
            yield from text_blocks("heading", _xml_text(el), level)
        elif tag == "p":
            yield from text_blocks("paragraph", _xml_text(el))
        elif tag == "list":
            yield from _xml_list(el)
        elif tag == "quote":
            if any(child.tag in ("p", "list", "head", "quote") for child in el):
                for block in _xml_blocks(el):
                    yield Block("quote", block.text) if block.kind == "paragraph" else block
            else:
                yield from text_blocks("quote", _xml_text(el))
        elif tag == "code":
            yield from text_blocks("code", "".join(el.itertext()))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_xml_text(cell) for cell in row.iter("cell")]
                yield from text_blocks("paragraph", ", ".join(c for c in cells if c))
        elif tag in ("div", "section", "main"):
            yield from _xml_blocks(el)


def _xml_list(list_el: etree._Element) -> Iterator[Block]:
    for item in list_el:
        if item.tag != "item":
            continue
        nested = [child for child in item if child.tag == "list"]
        text = _xml_text(item, skip=("list",))
        yield from text_blocks("list_item", text)
        for sub in nested:
            yield from _xml_list(sub)


def _xml_text(el: etree._Element, skip: tuple[str, ...] = ()) -> str:
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag in skip:
                pass
            elif child.tag == "lb":
                parts.append(" ")
            else:
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(el)
    return clean_text("".join(parts))


# --------------------------------------------------------------------------- choosing


def _choose(extracted: list[Block], walked: list[Block]) -> list[Block]:
    """Prefer trafilatura, unless it is empty, dropped headings or code
    blocks the walk found, or kept less than half of the walk's prose (it
    sometimes keeps only one section of short, simple pages)."""
    if not extracted:
        return walked
    if not walked:
        return extracted
    headings = lambda bs: [b for b in bs if b.kind == "heading"]  # noqa: E731
    if len(headings(walked)) >= 2 and len(headings(extracted)) < len(headings(walked)) / 2:
        return walked
    if _prose_length(extracted) < 0.5 * _prose_length(walked):
        return walked
    code = lambda bs: sum(1 for b in bs if b.kind == "code")  # noqa: E731
    if code(extracted) < code(walked):
        return walked  # code read as prose, or lost
    return extracted


def _drop_chrome_lines(blocks: list[Block]) -> list[Block]:
    """Drop leftover widget text that survived both extractors ("Share this:",
    "Read more") using the same whole-line rules as the plain-text loader."""
    try:
        from reader.loaders.chrome import is_chrome_line
    except ImportError:  # pragma: no cover - written by another module
        return blocks
    return [b for b in blocks if b.kind in ("heading", "code") or not is_chrome_line(b.text)]


def _prose_length(blocks: Iterable[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind != "code")

"""trafilatura's main content as :class:`Block` s: its XML output (headings
with levels, paragraphs, lists, quotes, code, tables) walked into blocks,
with text beside blocks kept as paragraphs."""

from __future__ import annotations

import logging
from typing import Final, Iterator

import lxml.etree as etree

from reader.document.loaders.htmltext import HEADING_TAGS, clean_text, text_blocks
from reader.document.model import Block

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def trafilatura_blocks(text: str, url: str | None) -> list[Block]:
    """trafilatura's main content in its default mode.

    Not ``favor_precision``: that mode reads fewer teasers but on some pages
    keeps almost nothing (a security blog post reduced to its date).
    """
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


_XML_BLOCKS: Final = frozenset({"head", "p", "list", "quote", "code", "table", "row", "cell", "div", "section", "main"})
"""Elements of trafilatura's XML that are blocks; others (``lb``, ``hi``, ``ref``) are inline."""


def _xml_blocks(parent: etree._Element) -> Iterator[Block]:
    """Blocks under ``parent``; text beside blocks (a layout table's cell,
    a ``<row>`` straight under ``<main>``) becomes paragraphs, never lost."""
    inline: list[str] = [parent.text or ""]

    def flush() -> Iterator[Block]:
        text = "".join(inline)
        inline.clear()
        yield from text_blocks("paragraph", text)

    for el in parent:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _XML_BLOCKS:
            yield from flush()
            yield from _xml_block(el)
        elif tag == "lb":
            inline.append(" ")
        elif tag:
            inline.append(" ".join(el.itertext()))
        inline.append(el.tail or "")
    yield from flush()


def _xml_block(el: etree._Element) -> Iterator[Block]:
    tag = el.tag
    if tag == "head":
        level = HEADING_TAGS.get((el.get("rend") or "h2").lower(), 2)
        yield from text_blocks("heading", _xml_text(el), level)
    elif tag == "p":
        yield from text_blocks("paragraph", _xml_text(el))
    elif tag == "list":
        yield from _xml_list(el)
    elif tag == "quote":
        if any(child.tag in _XML_BLOCKS for child in el):
            for block in _xml_blocks(el):
                yield Block("quote", block.text) if block.kind == "paragraph" else block
        else:
            yield from text_blocks("quote", _xml_text(el))
    elif tag == "code":
        yield from text_blocks("code", "".join(el.itertext()))
    elif tag in ("table", "row") and _is_data_table(el):
        for row in el.iter("row"):
            cells = [_xml_text(cell) for cell in row.iter("cell")]
            yield from text_blocks("table_row", ", ".join(c for c in cells if c))
    else:  # a layout table, row or cell, div, section, main
        yield from _xml_blocks(el)


def _is_data_table(el: etree._Element) -> bool:
    """A table (or row) of rows of cells of text, read a row at a time;
    anything else (text beside the rows, cells holding headings or
    paragraphs) is page layout, read block by block."""
    rows = [el] if el.tag == "row" else list(el)
    if el.tag == "table" and (el.text or "").strip():
        return False
    if any(row.tag != "row" or (row.text or "").strip() for row in rows):
        return False
    cells = [cell for row in rows for cell in row]
    return all(cell.tag == "cell" and not any(child.tag in _XML_BLOCKS for child in cell) for cell in cells)


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


__all__ = ["trafilatura_blocks"]

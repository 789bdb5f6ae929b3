"""Word documents (DOCX): headings from paragraph styles, lists, tables,
title and author from the document properties.

Read straight from ``word/document.xml`` with lxml (the format is plain
WordprocessingML; python-docx would add a dependency for the same walk).
A heading is a paragraph whose style is a heading (``Heading 1``…, by name
or by its outline level in ``styles.xml``); ``Title`` is the document's
title. Footnote and endnote reference marks are not read (they are runs
without text), nor are the notes themselves, deleted text or field codes.
"""

from __future__ import annotations

import re
import zipfile
from typing import Final, Iterator

import lxml.etree as etree

from reader.errors import ReaderError
from reader.document.loaders import article_language
from reader.document.loaders.epubpackage import open_book, read_member, xml_root
from reader.document.loaders.htmltext import clean_text
from reader.document.model import Block, RawDocument

MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS: Final = {
    "w": _W,
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}
_HEADING_NAME: Final = re.compile(r"^heading\s*([1-9])$", re.I)


def looks_like_docx(archive_data: bytes) -> bool:
    """A zip holding ``word/document.xml``."""
    import io

    if not archive_data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(archive_data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def parse(data: bytes, *, keep_all: bool = False, name: str = "the document") -> RawDocument:
    """The document's paragraphs, headings, list items and table rows as blocks."""
    with open_book(data, name, "Word document") as archive:
        body_xml = read_member(archive, "word/document.xml", name, "Word document")
        root = xml_root(body_xml) if body_xml else None
        if root is None:
            raise ReaderError(f"{name} is a damaged Word document (no word/document.xml): save it again")
        levels = _heading_styles(archive, name)
        title, author, language = _properties(archive, name)
        body = root.find("w:body", _NS)
        blocks = list(_blocks(body, levels)) if body is not None else []
    titles = [b.text for b in blocks if b.kind == "heading" and b.level == 0]
    blocks = [Block("heading", b.text, 1) if b.kind == "heading" and b.level == 0 else b for b in blocks]
    if titles and not title:
        title = titles[0]
    return RawDocument(
        title=title or None, blocks=tuple(blocks), author=author, language=article_language(language, blocks, title)
    )


def _heading_styles(archive: zipfile.ZipFile, name: str) -> dict[str, int]:
    """Style id → heading level (0 for the Title style), from ``styles.xml``."""
    levels: dict[str, int] = {"Title": 0}
    levels.update({f"Heading{n}": n for n in range(1, 10)})
    data = read_member(archive, "word/styles.xml", name, "Word document")
    root = xml_root(data) if data else None
    if root is None:
        return levels
    for style in root.iterfind("w:style", _NS):
        style_id = style.get(f"{{{_W}}}styleId") or ""
        label = style.find("w:name", _NS)
        style_name = (label.get(f"{{{_W}}}val") or "") if label is not None else ""
        outline = style.find("w:pPr/w:outlineLvl", _NS)
        match = _HEADING_NAME.match(style_name)
        if style_name.lower() == "title":
            levels[style_id] = 0
        elif match:
            levels[style_id] = int(match.group(1))
        elif outline is not None and (outline.get(f"{{{_W}}}val") or "").isdigit():
            level = int(outline.get(f"{{{_W}}}val") or "9") + 1
            if level <= 9:
                levels[style_id] = level
    return levels


def _properties(archive: zipfile.ZipFile, name: str) -> tuple[str | None, str | None, str | None]:
    data = read_member(archive, "docProps/core.xml", name, "Word document")
    root = xml_root(data) if data else None
    if root is None:
        return None, None, None

    def value(path: str) -> str | None:
        el = root.find(path, _NS)
        return clean_text("".join(el.itertext())) or None if el is not None else None

    return value("dc:title"), value("dc:creator"), value("dc:language")


def _blocks(body: etree._Element, levels: dict[str, int]) -> Iterator[Block]:
    for el in body:
        tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if tag == "p":
            yield from _paragraph(el, levels)
        elif tag == "tbl":
            for row in el.iterfind("w:tr", _NS):
                cells = [
                    clean_text(" ".join(_text(p) for p in cell.iterfind(".//w:p", _NS)))
                    for cell in row.iterfind("w:tc", _NS)
                ]
                line = ", ".join(c for c in cells if c)
                if line:
                    yield Block("table_row", line)
        elif tag == "sdt":  # a content control (a cover page, a table of contents field): its paragraphs
            content = el.find("w:sdtContent", _NS)
            if content is not None:
                yield from _blocks(content, levels)


def _paragraph(p: etree._Element, levels: dict[str, int]) -> Iterator[Block]:
    text = clean_text(_text(p))
    if not text:
        return
    style = p.find("w:pPr/w:pStyle", _NS)
    style_id = (style.get(f"{{{_W}}}val") or "") if style is not None else ""
    outline = p.find("w:pPr/w:outlineLvl", _NS)
    if style_id in levels:
        yield Block("heading", text, levels[style_id])
    elif (
        outline is not None
        and (outline.get(f"{{{_W}}}val") or "").isdigit()
        and int(outline.get(f"{{{_W}}}val") or "9") < 9
    ):
        yield Block("heading", text, int(outline.get(f"{{{_W}}}val") or "0") + 1)
    elif p.find("w:pPr/w:numPr", _NS) is not None or style_id.lower().startswith("list"):
        yield Block("list_item", text)
    else:
        yield Block("paragraph", text)


def _text(p: etree._Element) -> str:
    """The paragraph's visible text: runs' ``w:t``, tabs and breaks as spaces;
    no deleted text, field codes, or note reference marks."""
    out: list[str] = []
    for el in p.iter(f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}cr"):
        local = etree.QName(el).localname
        out.append(el.text or "" if local == "t" else " ")
    return "".join(out)


__all__ = ["MEDIA_TYPE", "looks_like_docx", "parse"]

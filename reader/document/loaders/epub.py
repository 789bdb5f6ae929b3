"""EPUB 2 and 3 books: chapters in spine order, titled and nested by the book's
own table of contents, read through the HTML path.

* The table of contents comes from the EPUB 3 navigation document or the
  EPUB 2 NCX, never from guessing; a chapter with no entry keeps its own
  headings.
* Front and back matter (cover, title page, copyright, contents, index,
  bibliography and notes, colophon) is found from ``epub:type``, the
  landmarks or the EPUB 2 guide, else from file names and content; it is not
  read by default but listed as dropped (``--keep-all`` reads it).
* Note references (``epub:type="noteref"``, a superscript number that links
  to a note) are not read in the running text; the notes themselves are back
  matter.
* The zip is read defensively: a size and member limit (zip bombs), no
  member outside the book, and a clear line for a damaged or DRM-protected
  book.
"""

from __future__ import annotations

import posixpath
import zipfile

import lxml.etree as etree
import lxml.html

from reader.errors import ReaderError
from reader.document.loaders import normalise_language
from reader.document.loaders.epubpackage import (
    EPUB_TYPE,
    KIND_OF_TYPE,
    MEDIA_TYPE,
    NAME_KINDS,
    NOTE_TYPES,
    Book,
    TocEntry,
    looks_like_epub,
    open_book,
    read_member,
    read_package,
    refuse_drm,
)
from reader.document.loaders.htmltext import clean_text
from reader.document.loaders.htmlwalk import walk
from reader.document.model import Block, Cover, DroppedBlock, RawDocument
from reader.text import word_count, word_key


def parse(data: bytes, *, keep_all: bool = False, name: str = "the book") -> RawDocument:
    """The book's chapters as blocks, titled from its table of contents."""
    archive = open_book(data, name)
    with archive:
        refuse_drm(archive, name)
        book = read_package(archive, name)
        blocks: list[Block] = []
        dropped: list[DroppedBlock] = []
        toc_by_path: dict[str, list[TocEntry]] = {}
        for entry in book.toc:
            toc_by_path.setdefault(entry.path, []).append(entry)
        level = 1
        for path in book.spine:
            tree = _document(archive, path, name)
            if tree is None:
                continue
            kind = book.kinds.get(path) or _kind_of(tree, path)
            if kind and not keep_all:
                dropped.append(_matter(tree, kind, path))
                continue
            chapter, level = _chapter_blocks(tree, toc_by_path.get(path, []), level, bool(book.toc), keep_all)
            blocks.extend(chapter)
        cover = _cover(archive, book, name)
    if not any(b.kind != "heading" for b in blocks):
        raise ReaderError(f"{name} has no chapter text to read (only front and back matter?): try --keep-all")
    return RawDocument(
        title=book.title,
        blocks=tuple(blocks),
        author=book.author,
        language=normalise_language(book.language),
        dropped=tuple(dropped),
        cover=cover,
    )


MAX_COVER_BYTES = 10_000_000


def _cover(archive: zipfile.ZipFile, book: Book, name: str) -> Cover | None:
    """The cover image the package names, when it is a JPEG or PNG of sane size."""
    if book.cover is None or book.cover[1] not in ("image/jpeg", "image/png"):
        return None
    data = read_member(archive, book.cover[0], name)
    return Cover(data, book.cover[1]) if data and len(data) <= MAX_COVER_BYTES else None


# --------------------------------------------------------------------------- chapters


def _document(archive: zipfile.ZipFile, path: str, name: str) -> lxml.html.HtmlElement | None:
    data = read_member(archive, path, name)
    if not data or not data.strip():
        return None
    try:
        parser = lxml.html.XHTMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        try:
            return lxml.html.document_fromstring(data)
        except (etree.ParserError, ValueError):
            return None
    for el in root.iter():  # drop the XHTML namespace so the HTML walk knows the tags
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
    return root


def _kind_of(tree: etree._Element, path: str) -> str | None:
    """Front or back matter by ``epub:type`` on the body or its first section, else by file name."""
    body = next(tree.iter("body"), None)
    for el in [body, *(body.iterchildren() if body is not None else [])][:3]:
        if el is None or not isinstance(el.tag, str):
            continue
        for t in (el.get(EPUB_TYPE) or el.get("epub:type") or "").split():
            if t in KIND_OF_TYPE:
                return KIND_OF_TYPE[t]
            if t in ("bodymatter", "chapter", "part"):
                return None
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return next((kind for pattern, kind in NAME_KINDS if pattern.search(stem)), None)


def _drop_notes(body: etree._Element) -> None:
    """Note references and the notes themselves leave the running text."""
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        types = set((el.get(EPUB_TYPE) or el.get("epub:type") or "").split())
        if "noteref" in types or (types & NOTE_TYPES) or _is_number_link(el):
            _remove(el)


def _is_number_link(el: etree._Element) -> bool:
    """``<sup><a href="#n1">1</a></sup>`` or ``<a href="notes.xhtml#n1"><sup>1</sup></a>``: a note marker."""
    if el.tag not in ("sup", "a"):
        return False
    text = "".join(el.itertext()).strip().strip("[]()")
    if not text or not (text.isdigit() or (len(text) <= 2 and text.isalpha() and el.tag == "sup")):
        return False
    if el.tag == "sup":
        return True
    return el.find(".//sup") is not None or (el.getparent() is not None and el.getparent().tag == "sup")


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _matter(tree: etree._Element, kind: str, path: str) -> DroppedBlock:
    """Front or back matter left out, named by its first line."""
    body = next(tree.iter("body"), tree)
    text = clean_text(" ".join(body.itertext()))
    first = next((clean_text("".join(h.itertext())) for h in body.iter("h1", "h2", "h3", "title")), "") or text[:60]
    return DroppedBlock(first or posixpath.basename(path), f"{kind}, {word_count(text)} words (--keep-all reads it)")


def _chapter_blocks(
    tree: etree._Element, entries: list[TocEntry], level: int, has_toc: bool, keep_notes: bool = False
) -> tuple[list[Block], int]:
    """The chapter's blocks, its table-of-contents entries as its headings.

    An entry takes the place of the chapter's own heading with the same words,
    else goes where its fragment's element starts, else at the top. Other
    headings become subsections of the entry above them (``level``: the
    level of the last heading before this chapter). With no table of
    contents in the book, the chapter's own headings are kept as they are.
    Returns the blocks and the level of the chapter's last heading.
    """
    body = next(tree.iter("body"), tree)
    if not keep_notes:
        _drop_notes(body)
    blocks = list(walk(body, clean=False))
    unused = list(entries)
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        match = next((e for e in unused if word_key(e.title) == word_key(block.text)), None)
        if match is not None:
            blocks[i] = Block("heading", match.title, match.level)
            unused.remove(match)
    top: list[Block] = []
    for entry in unused:
        at = _index_of_fragment(blocks, tree, entry) if entry.fragment else None
        if at is None:
            top.append(Block("heading", entry.title, entry.level))
        else:
            blocks.insert(at, Block("heading", entry.title, entry.level))
    blocks = top + blocks
    if not has_toc:
        headings = [b.level for b in blocks if b.kind == "heading"]
        return blocks, headings[-1] if headings else level
    placed = {(e.title, e.level) for e in entries}
    out: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            if (block.text, block.level) in placed:
                level = block.level
            else:
                block = Block("heading", block.text, level + 1)
        out.append(block)
    return out, level


def _index_of_fragment(blocks: list[Block], tree: etree._Element, entry: TocEntry) -> int | None:
    """Where the first text of the entry's target element falls among ``blocks``."""
    target = next((el for el in tree.iter() if isinstance(el.tag, str) and el.get("id") == entry.fragment), None)
    text = word_key("".join(target.itertext())) if target is not None else ""
    if not text:
        return None
    for i, block in enumerate(blocks):
        key = word_key(block.text)
        if key and (text.startswith(key[:40]) or key.startswith(text[:40])):
            return i
    return None


__all__ = ["MEDIA_TYPE", "looks_like_epub", "parse"]

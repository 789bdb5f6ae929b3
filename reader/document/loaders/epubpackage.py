"""The EPUB container and package: the zip read defensively (size and
member limits, DRM refused in one line), the package document's metadata,
spine and guide, and the book's own table of contents (EPUB 3 navigation
document with its landmarks, or EPUB 2 NCX). See :mod:`reader.document.loaders.epub`."""

from __future__ import annotations

import io
import posixpath
import re
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from typing import Final, Iterator

import lxml.etree as etree

from reader.errors import ReaderError
from reader.document.loaders.htmltext import clean_text

MEDIA_TYPE: Final = "application/epub+zip"
MAX_MEMBERS: Final = 20_000
MAX_UNCOMPRESSED: Final = 300_000_000
"""Bytes a book may unpack to: far above any real book, far below a zip bomb."""

_NS: Final = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "x": "http://www.w3.org/1999/xhtml",
    "ops": "http://www.idpf.org/2007/ops",
}
EPUB_TYPE: Final = "{http://www.idpf.org/2007/ops}type"

FRONT_TYPES: Final = frozenset(
    {
        "cover",
        "titlepage",
        "halftitlepage",
        "title-page",
        "copyright-page",
        "copyright",
        "toc",
        "lot",
        "loi",
        "frontmatter-toc",
        "imprint",
        "imprimatur",
    }
)
BACK_TYPES: Final = frozenset(
    {"index", "bibliography", "notes", "endnotes", "footnotes", "rearnotes", "colophon", "glossary-index", "loa", "lov"}
)
NAME_KINDS: Final = (
    (re.compile(r"cover", re.I), "cover"),
    (re.compile(r"(?:half)?title[-_]?page|^title\b", re.I), "title page"),
    (re.compile(r"copyright|imprint|legal", re.I), "copyright page"),
    (re.compile(r"^toc\b|contents|^nav\b", re.I), "table of contents"),
    (re.compile(r"index", re.I), "index"),
    (re.compile(r"biblio|references", re.I), "bibliography"),
    (re.compile(r"end-?notes|^notes\b|footnotes", re.I), "notes"),
    (re.compile(r"colophon", re.I), "colophon"),
)
KIND_OF_TYPE: Final = {
    "cover": "cover",
    "titlepage": "title page",
    "halftitlepage": "title page",
    "title-page": "title page",
    "copyright-page": "copyright page",
    "copyright": "copyright page",
    "imprint": "copyright page",
    "imprimatur": "copyright page",
    "toc": "table of contents",
    "lot": "table of contents",
    "loi": "table of contents",
    "frontmatter-toc": "table of contents",
    "index": "index",
    "glossary-index": "index",
    "bibliography": "bibliography",
    "notes": "notes",
    "endnotes": "notes",
    "footnotes": "notes",
    "rearnotes": "notes",
    "colophon": "colophon",
    "loa": "table of contents",
    "lov": "table of contents",
}
_GUIDE_KINDS: Final = {
    "cover": "cover",
    "title-page": "title page",
    "copyright-page": "copyright page",
    "toc": "table of contents",
    "index": "index",
    "bibliography": "bibliography",
    "notes": "notes",
    "colophon": "colophon",
}
NOTE_TYPES: Final = frozenset({"footnote", "endnote", "rearnote", "note", "footnotes", "endnotes", "rearnotes"})


@dataclass
class TocEntry:
    """One entry of the book's own table of contents."""

    title: str
    path: str
    """The content document, as a path inside the zip."""
    fragment: str
    level: int


@dataclass
class Book:
    """What the package document says."""

    title: str | None = None
    author: str | None = None
    language: str | None = None
    cover: tuple[str, str] | None = None
    """(path inside the zip, media type) of the cover image, when the package names one."""
    spine: list[str] = field(default_factory=list)
    """Content documents in reading order (paths inside the zip)."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Front or back matter found by landmarks or guide: path → kind."""
    toc: list[TocEntry] = field(default_factory=list)


def looks_like_epub(data: bytes) -> bool:
    """A zip whose first member is the EPUB ``mimetype`` (or that holds an EPUB container)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    if data[30:38] == b"mimetype" and MEDIA_TYPE.encode() in data[38:120]:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "META-INF/container.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def open_book(data: bytes, name: str, kind: str = "EPUB") -> zipfile.ZipFile:
    """The zip of a book or document (``kind`` names it in messages), within the size and member limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReaderError(f"{name} is a damaged {kind} ({exc}): download or export it again") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
        raise ReaderError(f"{name} unpacks to more than any book ({len(members)} files): it is not read")
    return archive


def read_member(archive: zipfile.ZipFile, path: str, name: str, kind: str = "EPUB") -> bytes | None:
    """The member's bytes (``None`` when it is absent), never more than the unpacked-size limit."""
    try:
        info = archive.getinfo(path)
    except KeyError:
        return None
    try:
        with archive.open(info) as member:
            data = member.read(MAX_UNCOMPRESSED + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ReaderError(f"{name} is a damaged {kind} ({path}: {exc}): download or export it again") from None
    if len(data) > MAX_UNCOMPRESSED:
        raise ReaderError(f"{name}: {path} unpacks to more than any book; it is not read")
    return data


def xml_root(data: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError:
        return None


def refuse_drm(archive: zipfile.ZipFile, name: str) -> None:
    """DRM: an ADEPT ``rights.xml``, or content documents (not just fonts) listed as encrypted."""
    names = set(archive.namelist())
    if "META-INF/rights.xml" in names:
        raise ReaderError(f"{name} is protected by DRM (Adobe ADEPT): read it with the app it was bought for")
    raw = read_member(archive, "META-INF/encryption.xml", name) if "META-INF/encryption.xml" in names else None
    root = xml_root(raw) if raw else None
    if root is None:
        return
    for ref in root.iter("{*}CipherReference"):
        uri = urllib.parse.unquote(ref.get("URI") or "")
        if not uri.lower().endswith((".otf", ".ttf", ".woff", ".woff2")):  # obfuscated fonts are not DRM
            raise ReaderError(
                f"{name} is protected by DRM (its chapters are encrypted): read it with the app it was bought for"
            )


def _resolve(base: str, href: str) -> tuple[str, str]:
    """``(path inside the zip, fragment)`` of ``href`` relative to the file ``base``."""
    href, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), urllib.parse.unquote(href)))
    return ("" if path.startswith("../") else path.lstrip("/")), fragment


# --------------------------------------------------------------------------- the package


def read_package(archive: zipfile.ZipFile, name: str) -> Book:
    container = read_member(archive, "META-INF/container.xml", name)
    root = xml_root(container) if container else None
    rootfile = root.find(".//c:rootfile", _NS) if root is not None else None
    opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
    opf_data = read_member(archive, opf_path, name) if opf_path else None
    opf = xml_root(opf_data) if opf_data else None
    if opf is None:
        raise ReaderError(f"{name} is a damaged EPUB (no package document): download or export the book again")
    book = Book(
        title=_text(opf.find(".//dc:title", _NS)),
        author=_text(opf.find(".//dc:creator", _NS)),
        language=_text(opf.find(".//dc:language", _NS)),
    )
    manifest: dict[str, str] = {}
    nav_path = ncx_path = ""
    cover_meta = next(
        (m.get("content", "") for m in opf.iterfind(".//opf:metadata/opf:meta", _NS) if m.get("name") == "cover"), ""
    )
    for item in opf.iterfind(".//opf:manifest/opf:item", _NS):
        path, _ = _resolve(opf_path, item.get("href", ""))
        manifest[item.get("id", "")] = path
        if "cover-image" in (item.get("properties") or "").split() or (cover_meta and item.get("id") == cover_meta):
            book.cover = (path, item.get("media-type", ""))
        if "nav" in (item.get("properties") or "").split():
            nav_path = path
        if item.get("media-type") == "application/x-dtbncx+xml":
            ncx_path = path
    spine = opf.find(".//opf:spine", _NS)
    if spine is not None:
        ncx_path = manifest.get(spine.get("toc", ""), ncx_path)
        for ref in spine.iterfind("opf:itemref", _NS):
            content = manifest.get(ref.get("idref", ""))
            if content and ref.get("linear") != "no" and content not in book.spine:
                book.spine.append(content)
    for ref in opf.iterfind(".//opf:guide/opf:reference", _NS):
        kind = _GUIDE_KINDS.get((ref.get("type") or "").lower())
        path, _ = _resolve(opf_path, ref.get("href", ""))
        if kind and path:
            book.kinds[path] = kind
    if nav_path:
        _read_nav(archive, nav_path, name, book)
    if not book.toc and ncx_path:
        _read_ncx(archive, ncx_path, name, book)
    return book


def _text(el: etree._Element | None) -> str | None:
    return clean_text("".join(el.itertext())) or None if el is not None else None


def _read_nav(archive: zipfile.ZipFile, path: str, name: str, book: Book) -> None:
    data = read_member(archive, path, name)
    root = xml_root(data) if data else None
    if root is None:
        return
    book.kinds.setdefault(path, "table of contents")
    for nav in root.iter("{*}nav"):
        kinds = set((nav.get(EPUB_TYPE) or "").split())
        if "toc" in kinds:
            top = nav.find("{*}ol")
            if top is not None:
                book.toc.extend(_nav_entries(top, path, 1))
        elif "landmarks" in kinds:
            for link in nav.iter("{*}a"):
                types = (link.get(EPUB_TYPE) or "").split()
                kind = next((KIND_OF_TYPE[t] for t in types if t in KIND_OF_TYPE), None)
                target, _ = _resolve(path, link.get("href", ""))
                if kind and target:
                    book.kinds[target] = kind


def _nav_entries(ol: etree._Element, base: str, level: int) -> Iterator[TocEntry]:
    for li in ol.iterfind("{*}li"):
        link = li.find("{*}a")
        if link is not None and link.get("href"):
            path, fragment = _resolve(base, link.get("href", ""))
            title = clean_text("".join(link.itertext()))
            if path and title:
                yield TocEntry(title, path, fragment, level)
        sub = li.find("{*}ol")
        if sub is not None:
            yield from _nav_entries(sub, base, level + 1)


def _read_ncx(archive: zipfile.ZipFile, path: str, name: str, book: Book) -> None:
    data = read_member(archive, path, name)
    root = xml_root(data) if data else None
    nav_map = root.find("ncx:navMap", _NS) if root is not None else None
    if nav_map is None:
        return

    def points(parent: etree._Element, level: int) -> Iterator[TocEntry]:
        for point in parent.iterfind("ncx:navPoint", _NS):
            label = point.find("ncx:navLabel/ncx:text", _NS)
            content = point.find("ncx:content", _NS)
            if label is not None and content is not None:
                target, fragment = _resolve(path, content.get("src", ""))
                title = clean_text("".join(label.itertext()))
                if target and title:
                    yield TocEntry(title, target, fragment, level)
            yield from points(point, level + 1)

    book.toc.extend(points(nav_map, 1))


__all__ = [
    "EPUB_TYPE",
    "KIND_OF_TYPE",
    "MEDIA_TYPE",
    "NAME_KINDS",
    "NOTE_TYPES",
    "Book",
    "TocEntry",
    "looks_like_epub",
    "open_book",
    "read_member",
    "read_package",
    "refuse_drm",
    "xml_root",
]

"""EPUB books written by code for the tests: EPUB 3 with a navigation
document and landmarks, EPUB 2 with only an NCX, notes, DRM markers."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def xhtml(body: str, title: str = "", body_type: str = "") -> str:
    kind = f' epub:type="{body_type}"' if body_type else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{title}</title></head><body{kind}>{body}</body></html>"
    )


@dataclass
class Chapter:
    """One content document."""

    name: str
    body: str
    body_type: str = ""
    linear: bool = True


@dataclass
class BookSpec:
    """What to put in the EPUB."""

    title: str = "The Harbour Book"
    author: str = "Ann Tide"
    language: str = "en"
    chapters: list[Chapter] = field(default_factory=list)
    nav: list[tuple[str, str, int]] | None = None
    """EPUB 3 table of contents: (title, href, level); ``None``: no navigation document."""
    landmarks: list[tuple[str, str]] = field(default_factory=list)
    """(epub:type, href)."""
    ncx: list[tuple[str, str, int]] | None = None
    """EPUB 2 table of contents: (title, src, level)."""
    guide: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)
    """More members, e.g. META-INF/encryption.xml."""
    cover_png: bytes | None = None
    """A cover image, named in the manifest with properties="cover-image"."""


def _nav_list(entries: list[tuple[str, str, int]]) -> str:
    """Nested ``<ol>`` lists from (title, href, level) in reading order."""
    out, i = ["<ol>"], 0
    while i < len(entries):
        title, href, level = entries[i]
        j = i + 1
        while j < len(entries) and entries[j][2] > level:
            j += 1
        children = _nav_list(entries[i + 1 : j]) if j > i + 1 else ""
        out.append(f'<li><a href="{href}">{title}</a>{children}</li>')
        i = j
    return "".join(out) + "</ol>"


def _ncx_points(entries: list[tuple[str, str, int]]) -> str:
    out, stack = [], []
    for n, (title, src, level) in enumerate(entries, start=1):
        while stack and stack[-1] >= level:
            out.append("</navPoint>")
            stack.pop()
        out.append(
            f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{title}</text></navLabel><content src="{src}"/>'
        )
        stack.append(level)
    out.extend("</navPoint>" for _ in stack)
    return "".join(out)


def build_epub(spec: BookSpec, mimetype_first: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        if mimetype_first:
            z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER)
        items, spine = [], []
        if spec.cover_png is not None:
            items.append('<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>')
            z.writestr("OEBPS/cover.png", spec.cover_png)
        for ch in spec.chapters:
            items.append(f'<item id="{ch.name}" href="{ch.name}.xhtml" media-type="application/xhtml+xml"/>')
            linear = "" if ch.linear else ' linear="no"'
            spine.append(f'<itemref idref="{ch.name}"{linear}/>')
            z.writestr(f"OEBPS/{ch.name}.xhtml", xhtml(ch.body, ch.name, ch.body_type))
        if spec.nav is not None:
            items.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
            landmarks = "".join(f'<li><a epub:type="{t}" href="{h}">{t}</a></li>' for t, h in spec.landmarks)
            body = f'<nav epub:type="toc"><h1>Contents</h1>{_nav_list(spec.nav)}</nav>'
            if landmarks:
                body += f'<nav epub:type="landmarks"><ol>{landmarks}</ol></nav>'
            z.writestr("OEBPS/nav.xhtml", xhtml(body, "Contents"))
        toc_attr = ""
        if spec.ncx is not None:
            items.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
            toc_attr = ' toc="ncx"'
            z.writestr(
                "OEBPS/toc.ncx",
                '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
                f"<docTitle><text>{spec.title}</text></docTitle><navMap>{_ncx_points(spec.ncx)}</navMap></ncx>",
            )
        guide = "".join(f'<reference type="{t}" href="{h}" title="{t}"/>' for t, h in spec.guide)
        opf = (
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:identifier id="id">urn:test</dc:identifier><dc:title>{spec.title}</dc:title>'
            f"<dc:creator>{spec.author}</dc:creator><dc:language>{spec.language}</dc:language></metadata>"
            f"<manifest>{''.join(items)}</manifest><spine{toc_attr}>{''.join(spine)}</spine>"
            + (f"<guide>{guide}</guide>" if guide else "")
            + "</package>"
        )
        z.writestr("OEBPS/content.opf", opf)
        for name, data in spec.extra.items():
            z.writestr(name, data)
    return buffer.getvalue()


PROSE = "The harbour wall has stood for two hundred years and gave way this winter after the storms."


def novel_epub3() -> bytes:
    """Cover, title page, copyright, two chapters (the second with a subsection and a note), notes, index."""
    chapters = [
        Chapter("cover", '<img src="cover.jpg" alt="Cover"/><p>The Harbour Book</p>', "cover"),
        Chapter("titlepage", "<h1>The Harbour Book</h1><p>Ann Tide</p>", "titlepage"),
        Chapter("copyright", "<p>Copyright 2026 Ann Tide. All rights reserved. ISBN 978-0-00-000000-0.</p>"),
        Chapter("ch1", f"<h1>Chapter One: The Wall</h1><p>{PROSE} The town met in the church hall.</p>", "bodymatter"),
        Chapter(
            "ch2",
            f'<section epub:type="chapter"><h1>Chapter Two: The Sea</h1><p>The sea rose higher than anyone could'
            f' remember.<a epub:type="noteref" href="notes.xhtml#n1">1</a> The boats were moved inland.</p>'
            f'<h2 id="repairs">Repairs</h2><p>{PROSE} Stone by stone the masons rebuilt it.<sup>2</sup></p></section>',
        ),
        Chapter("notes", '<aside epub:type="endnote" id="n1"><p>The record tide of 1953.</p></aside>', "endnotes"),
        Chapter("index", "<h1>Index</h1><p>boats, 2; church hall, 1; masons, 2; wall, 1</p>", "index"),
    ]
    return build_epub(
        BookSpec(
            cover_png=tiny_png(),
            chapters=chapters,
            nav=[
                ("Chapter One: The Wall", "ch1.xhtml", 1),
                ("Chapter Two: The Sea", "ch2.xhtml", 1),
                ("Repairs", "ch2.xhtml#repairs", 2),
            ],
            landmarks=[
                ("cover", "cover.xhtml"),
                ("titlepage", "titlepage.xhtml"),
                ("bodymatter", "ch1.xhtml"),
                ("index", "index.xhtml"),
            ],
        )
    )


def ncx_only_epub2() -> bytes:
    """EPUB 2: chapters whose files have no headings, titled only by the NCX; a guide marks the copyright page."""
    chapters = [
        Chapter("copy", "<p>Copyright 2026. All rights reserved.</p>"),
        Chapter("part1", f"<p>{PROSE} The first part begins at the quay.</p>"),
        Chapter("part2", f"<p>{PROSE} The second part ends at the lighthouse.</p>"),
    ]
    return build_epub(
        BookSpec(
            title="Two Parts",
            chapters=chapters,
            nav=None,
            ncx=[("The Quay", "part1.xhtml", 1), ("The Lighthouse", "part2.xhtml", 1)],
            guide=[("copyright-page", "copy.xhtml")],
        )
    )


def tiny_png() -> bytes:
    """A valid 2×2 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x80\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )

"""Pick the right parser for a source and turn it into an :class:`Article`.

Each parser module (``plaintext``, ``markdown``, ``html``) has a
``parse(text) -> RawDocument`` function; :mod:`reader.document.structure` then builds
the article. Parsers are imported lazily so that a missing optional parser
never breaks the others.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, BinaryIO, Final, Literal, Sequence

from reader.document.sources import media_type_for_name
from reader.errors import ReaderError, UsageError
from reader.document.model import Block
from reader.text import same_words

if TYPE_CHECKING:
    from reader.document.model import Article, RawDocument
    from reader.document.sources import SourceText
    from reader.document.structure import ReadingPolicy

Format = Literal["text", "markdown", "html", "epub", "docx", "pdf"]

FORMATS: Final[tuple[str, ...]] = ("text", "markdown", "html", "epub", "docx", "pdf")
"""Formats the user may force with ``--format`` (besides ``auto``)."""

_MODULE_FOR_FORMAT: Final = {
    "text": "plaintext",
    "markdown": "markdown",
    "html": "html",
    "epub": "epub",
    "docx": "docx",
    "pdf": "pdf",
}
_READ_AS_BYTES: Final = frozenset({"epub", "docx", "pdf"})
"""Formats read from the raw bytes (zip containers, PDF), not from decoded text."""

_FORMAT_BY_MEDIA_TYPE: Final = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "application/epub+zip": "epub",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/pdf": "pdf",
}

HTML_COMMENT: Final = r"<!--(?:(?!-->).)*-->"
"""An HTML comment, up to its own end: a lazy ``<!--.*?-->`` may run on over later comments, and a run of
such comments then matches in exponentially many ways (a page of 200 KB took 26 s to fail on it)."""

_HTML_START = re.compile(
    rf"\A\s*(?:{HTML_COMMENT}\s*)*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"</(?:p|div|a|li|span|h[1-6]|section|article|td|table)>|<br\s*/?>", re.I)

_MD_STRONG = (
    re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.S),  # YAML front matter
    re.compile(r"^#{1,6}[ \t]+\S", re.M),  # ATX heading
    re.compile(r"^[ \t]*(?:```|~~~)", re.M),  # fenced code
    re.compile(r"^(?=[^\n]*\S)[^\n]*\n={3,}[ \t]*$", re.M),  # Setext heading, level 1
)
_MD_WEAK = (
    re.compile(r"\[[^\[\]\n]+\]\([^)\s]+\)"),  # [link](url)
    re.compile(r"^[ \t]*[*+-][ \t]+\S", re.M),  # * list item
    re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"),  # **strong**
    re.compile(r"^>[ \t]?\S", re.M),  # > quote
    re.compile(r"`[^`\n]+`"),  # `code`
    re.compile(r"^(?=[^\n]*\S)[^\n]*\n-{3,}[ \t]*$", re.M),  # Setext heading, level 2
    re.compile(r"^\|.*\|[ \t]*\n\|[ \t:|-]+\|", re.M),  # table
)


_SVG_START: Final = re.compile(
    rf"\A\s*(?:<\?xml[^>]*>\s*)?(?:{HTML_COMMENT}\s*)*(?:<!doctype\s+svg[^>]*>\s*(?:{HTML_COMMENT}\s*)*)?<svg\b",
    re.I | re.S,
)


def detect_format(source: "SourceText") -> Format:
    """Guess the format: by extension, then media type, then by content.

    An SVG image (by its root element, whatever its name) is refused: read as
    text or HTML it would be markup and script spoken aloud.
    """
    if source.data is not None:  # a zip container or a PDF, recognised by its content when it was read
        return _FORMAT_BY_MEDIA_TYPE.get(source.media_type or "", "epub")  # type: ignore[return-value]
    if _SVG_START.match(source.text[:20000]):
        raise ReaderError(
            f"{source.name} is an SVG image, not an article: pass the page or text that the image belongs to"
        )
    implied = media_type_for_name(source.url or source.name)
    # A ".txt" name is trusted as plain text; a server's text/plain header is
    # not (servers send it for anything), so it is not in the media-type table.
    by_extension = "text" if implied == "text/plain" else _FORMAT_BY_MEDIA_TYPE.get(implied or "")
    if by_extension:
        return by_extension  # type: ignore[return-value]
    by_media_type = _FORMAT_BY_MEDIA_TYPE.get(source.media_type or "")
    if by_media_type:
        return by_media_type  # type: ignore[return-value]
    return sniff_format(source.text)


def sniff_format(text: str) -> Format:
    """Guess the format from the text alone."""
    head = text[:20000]
    if _HTML_START.match(head):
        return "html"
    lines = max(head.count("\n"), 1)
    tags = len(_HTML_TAG.findall(head))
    if tags >= 5 and tags * 4 >= lines:
        return "html"
    if any(p.search(head) for p in _MD_STRONG):
        return "markdown"
    if sum(1 for p in _MD_WEAK if p.search(head)) >= 2:
        return "markdown"
    return "text"


def parse_source(source: "SourceText", fmt: str | None = None, *, keep_all: bool = False) -> "RawDocument":
    """Parse already-read text with the parser for ``fmt`` (``None``/``auto`` = detect).

    ``keep_all``: nothing is judged page chrome; everything is read.
    """
    chosen = _check_format(fmt) or detect_format(source)
    module = importlib.import_module(f"reader.document.loaders.{_MODULE_FOR_FORMAT[chosen]}")
    if chosen in _READ_AS_BYTES or source.data is not None:
        if source.data is None:
            what = {"epub": "an EPUB book", "docx": "a Word document", "pdf": "a PDF"}[chosen]
            raise ReaderError(
                f"{source.name} is not {what} (no zip inside): pass the file itself or leave out --format"
            )
        if chosen not in _READ_AS_BYTES:
            chosen = detect_format(source)
        reader_module = importlib.import_module(f"reader.document.loaders.{_MODULE_FOR_FORMAT[chosen]}")
        return reader_module.parse(source.data, keep_all=keep_all, name=source.name)
    if chosen == "html":
        return module.parse(source.text, url=source.url, keep_all=keep_all)
    return module.parse(source.text, keep_all=keep_all)


def load_article(
    source: str,
    fmt: str | None = None,
    *,
    stdin: BinaryIO | None = None,
    keep_all: bool = False,
    policy: "ReadingPolicy | None" = None,
) -> "Article":
    """Read ``source`` (path, URL or ``-``), parse it and build the article (``keep_all``: drop no
    chrome; ``policy``: what becomes of code blocks and tables, by default notices and rows)."""
    from reader.document.sources import read_source
    from reader.document.structure import ReadingPolicy, build_article

    _check_format(fmt)  # fail on a bad --format before touching the network
    text = read_source(source, stdin=stdin)
    raw = parse_source(text, fmt, keep_all=keep_all)
    return build_article(raw, source=source, policy=policy or ReadingPolicy())


def require_sentences(article: "Article", indices: Sequence[int] | None = None) -> None:
    """Raise :class:`ReaderError` when there is nothing to read aloud: no
    sentence in the article, or in the sections at ``indices``.

    Speaking commands call this before any work, so a file of only headings
    or only code fails the same way in ``preview``, ``listen`` and ``export``
    (``outline`` still shows such a file's structure).
    """
    from reader.document.sources import describe

    chosen = range(len(article.sections)) if indices is None else indices
    if article.has_text(chosen):
        return
    if indices is not None and article.has_text():
        from reader.document.lookup import outline_hint

        labels = ", ".join(article.sections[i].label for i in list(chosen)[:3])
        raise ReaderError(
            f"section {labels} has no text to read aloud; choose another section: {outline_hint(article)}"
        )
    name = describe(article.source) if article.source else "the article"
    headings = sum(1 for s in article.sections if s.title)
    code = sum(1 for s in article.sections for p in s.paragraphs if p.kind == "code")
    found = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in ((headings, "heading"), (code, "code block")) if n]
    only = (
        f", only {' and '.join(found)} (code is not read aloud; --code read reads it)"
        if code
        else f", only {found[0]}"
        if found
        else ""
    )
    raise ReaderError(
        f"{name} has nothing to read aloud: no sentences were found{only}; pass an article with body text"
    )


def take_title(blocks: list[Block], title: str | None) -> tuple[list[Block], str | None]:
    """Use a lone leading h1 as the title and drop it from the blocks.

    The heading is dropped when it repeats the title, so that the outline does
    not nest the whole article under one section named like the article. A
    leading h1 is only a title when it is the document's only h1 (otherwise
    h1 marks sections).
    """
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if first is None or blocks[first].level != 1:
        return blocks, title
    heading = blocks[first]
    h1_count = sum(1 for b in blocks if b.kind == "heading" and b.level == 1)
    if title is None and h1_count == 1 and first == 0:
        return blocks[:first] + blocks[first + 1 :], heading.text
    if title is not None and same_words(heading.text, title):
        return blocks[:first] + blocks[first + 1 :], title
    return blocks, title


def normalise_language(value: str | None) -> str:
    """``en_US`` → ``en-US``; missing → ``en``."""
    if not value or not value.strip():
        return "en"
    return value.strip().replace("_", "-")


def article_language(declared: str | None, blocks: Sequence[Block], title: str | None = None) -> str:
    """The language the source declares, else the one its text is written in (see
    :func:`reader.document.language.guess_language`), else ``en``."""
    if declared and declared.strip():
        return normalise_language(declared)
    from reader.document.language import SAMPLE_CHARS, guess_language

    parts = [title or ""]
    size = len(parts[0])
    for block in blocks:
        if block.kind == "code":
            continue  # a program's words are in no one's language
        parts.append(block.text)
        size += len(block.text)
        if size >= SAMPLE_CHARS:
            break
    return guess_language("\n".join(parts)) or "en"


def _check_format(fmt: str | None) -> Format | None:
    if fmt is None:
        return None
    name = fmt.strip().lower()
    if name in ("", "auto"):
        return None
    aliases = {"md": "markdown", "txt": "text", "plain": "text", "plaintext": "text", "htm": "html"}
    name = aliases.get(name, name)
    if name not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}: choose one of auto, {', '.join(FORMATS)}")
    return name  # type: ignore[return-value]


__all__ = [
    "FORMATS",
    "Format",
    "detect_format",
    "load_article",
    "article_language",
    "normalise_language",
    "parse_source",
    "require_sentences",
    "sniff_format",
    "take_title",
]

"""HTML → :class:`RawDocument`: the article's main content without page chrome.

Two extractors, one policy:

* trafilatura (XML output) finds the main content of real-world pages well
  and keeps ``h1``–``h6`` with their levels, paragraphs, lists, quotes, code
  and tables;
* our own lxml walk of ``<article>``/``<main>``/``<body>`` minus chrome
  (by tag, ARIA role and class/id words such as ``nav``, ``share``,
  ``comment``) is predictable on simple pages and on HTML fragments.

We use trafilatura's result unless it is empty, lost the headings the page
has, or kept much less text than the walk (see :func:`_choose`).
"""

from __future__ import annotations

import logging
import re
from typing import Final, Iterable, Iterator

import lxml.etree as etree
import lxml.html

from reader.errors import ReaderError
from reader.loaders import normalise_language, take_title
from reader.model import Block, BlockKind, RawDocument

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

_SPACE_RE: Final = re.compile(r"\s+")
_HEADING_TAGS: Final = {f"h{n}": n for n in range(1, 7)}

DROP_TAGS: Final = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button", "input",
     "select", "textarea", "nav", "aside", "footer", "menu", "dialog", "object", "embed", "video", "audio"}
)
"""Elements that are never part of an article's text."""

DROP_ROLES: Final = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "menubar", "alert"})

CHROME_PARTS: Final = frozenset(
    {"nav", "navbar", "navigation", "menu", "footer", "toc", "tags", "meta", "ad", "ads", "skip", "widget",
     "banner", "modal", "byline", "masthead", "pager", "signup", "respond", "gdpr", "headerlink", "dateline"}
)
"""Class/id parts (split at ``-``/``_``) that mark page chrome: ``main-nav``, ``entry-meta``."""

CHROME_SUBSTRINGS: Final = (
    "related", "share", "sharing", "social", "comment", "cookie", "consent", "sidebar", "newsletter",
    "breadcrumb", "advert", "subscribe", "promo", "sponsor", "popup", "pagination", "disqus", "outbrain",
    "taboola", "paywall",
)
"""Distinctive words that mark chrome anywhere in a class or id (``jp-relatedposts``)."""

_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "section", "article", "main", "header", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
     "pre", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "figure", "figcaption", "address",
     "details", "summary", "hr", "center", "body", *_HEADING_TAGS}
)

_HEADING_ANCHOR_RE: Final = re.compile(r"\s*[¶§🔗]+\s*$|\s+#\s*$")
_TITLE_SEPARATORS: Final = re.compile(r"\s+(?:\||–|—|-|::|·|•|»|/)\s+")


def parse(text: str, url: str | None = None) -> RawDocument:
    """Extract the main content of an HTML page."""
    tree = _document(text)
    meta = page_metadata(tree)
    walked = walk_blocks(tree)
    extracted = _trafilatura_blocks(text, url)
    blocks = _drop_chrome_lines(_choose(extracted, walked))
    if not blocks:
        raise ReaderError("found no article text in this HTML page: save the article's own page or copy its text")
    title = page_title(meta, blocks)
    blocks, title = take_title(blocks, title)
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
    return list(_walk(root, clean=False))


# --------------------------------------------------------------------------- metadata


def _document(text: str) -> lxml.html.HtmlElement:
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(f"cannot parse this HTML ({exc}): save the page again or pass its text") from None


def page_metadata(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``og_title``, ``title``, ``site_name``, ``author`` and ``lang`` when the page has them."""

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name"):
                for el in tree.xpath(f"//meta[@{attr}=$n]", n=name):
                    content = _clean(el.get("content", ""))
                    if content:
                        return content
        return None

    out: dict[str, str | None] = {
        "og_title": meta("og:title", "twitter:title"),
        "title": _clean(tree.findtext(".//title") or "") or None,
        "site_name": meta("og:site_name", "application-name"),
        "author": _author(meta("author", "article:author", "dc.creator", "parsely-author"), tree),
        "lang": tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or meta("og:locale", "language"),
    }
    return {k: v for k, v in out.items() if v}


def _author(value: str | None, tree: lxml.html.HtmlElement) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        return value
    for el in tree.xpath("//a[@rel='author'] | //*[@itemprop='author']"):
        name = _clean(el.text_content())
        if name and len(name) < 80:
            return name
    return None


def page_title(meta: dict[str, str], blocks: list[Block]) -> str | None:
    """og:title, else ``<title>`` minus a `` | Site name`` part, else the first h1."""
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    if meta.get("og_title"):
        return meta["og_title"]
    if meta.get("title"):
        return strip_site_name(meta["title"], meta.get("site_name"), h1)
    return h1


def strip_site_name(title: str, site_name: str | None = None, h1: str | None = None) -> str:
    """``"How X Works | Example Blog"`` → ``"How X Works"``.

    Prefer the part that matches the page's h1; drop a part equal to the site
    name; otherwise drop a short trailing part (titles rarely end in a 1–4
    word phrase after a separator, site names usually are one).
    """
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    fold = lambda s: _SPACE_RE.sub(" ", s).strip().casefold()  # noqa: E731
    if h1:
        for part in parts:
            if fold(part) == fold(h1):
                return part
    if site_name:
        kept = [p for p in parts if fold(p) != fold(site_name)]
        if kept and len(kept) < len(parts):
            return _join_title(title, kept)
    if len(parts[-1].split()) <= 4 and len(parts[-1]) < len(" ".join(parts[:-1])):
        return _join_title(title, parts[:-1])
    return title


def _join_title(title: str, parts: list[str]) -> str:
    """Rejoin kept parts with the separators they had in the original."""
    start = title.find(parts[0])
    end = title.find(parts[-1], start) + len(parts[-1])
    return title[start:end] if start >= 0 and end > start else " ".join(parts)


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
            level = _HEADING_TAGS.get((el.get("rend") or "h2").lower(), 2)
            yield from _block("heading", _xml_text(el), level)
        elif tag == "p":
            yield from _block("paragraph", _xml_text(el))
        elif tag == "list":
            yield from _xml_list(el)
        elif tag == "quote":
            if any(child.tag in ("p", "list", "head", "quote") for child in el):
                for block in _xml_blocks(el):
                    yield Block("quote", block.text) if block.kind == "paragraph" else block
            else:
                yield from _block("quote", _xml_text(el))
        elif tag == "code":
            yield from _block("code", "".join(el.itertext()))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_xml_text(cell) for cell in row.iter("cell")]
                yield from _block("paragraph", ", ".join(c for c in cells if c))
        elif tag in ("div", "section", "main"):
            yield from _xml_blocks(el)


def _xml_list(list_el: etree._Element) -> Iterator[Block]:
    for item in list_el:
        if item.tag != "item":
            continue
        nested = [child for child in item if child.tag == "list"]
        text = _xml_text(item, skip=("list",))
        yield from _block("list_item", text)
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
    return _clean("".join(parts))


# --------------------------------------------------------------------------- own walk


def walk_blocks(tree: lxml.html.HtmlElement) -> list[Block]:
    """Blocks of the page's main content found by walking the DOM."""
    root = _content_root(tree)
    return list(_walk(root, clean=True)) if root is not None else []


def _content_root(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    articles = [a for a in tree.iter("article") if not _is_chrome(a)]
    if articles:
        # Listing pages have many <article>s; the one with most text is the story.
        return max(articles, key=lambda a: len(a.text_content()))
    for xpath in ("//main", "//*[@role='main']", "//*[@id='content' or @id='main-content' or @class='content']"):
        found = tree.xpath(xpath)
        if found:
            return found[0]
    body = tree.find("body")
    return body if body is not None else tree


def _is_chrome(el: lxml.html.HtmlElement) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in DROP_ROLES:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", el.get("style") or "", re.I):
        return True
    if tag in ("article", "main", "body"):
        return False  # class words on the story itself ("has-comments") are not chrome
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not names.strip():
        return False
    for name in names.split():
        if any(part in CHROME_PARTS for part in re.split(r"[-_]+", name)):
            return True
        if any(word in name for word in CHROME_SUBSTRINGS):
            return True
    return False


def _walk(root: lxml.html.HtmlElement, *, clean: bool) -> Iterator[Block]:
    """Yield blocks under ``root``; with ``clean``, skip chrome subtrees."""
    inline: list[str] = []

    def flush() -> Iterator[Block]:
        text = _clean("".join(inline))
        inline.clear()
        if text:
            yield Block("paragraph", text)

    def visit(el: lxml.html.HtmlElement) -> Iterator[Block]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in ("script", "style", "noscript", "template") or (clean and _is_chrome(el)):
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
        if tag in _HEADING_TAGS:
            yield from _block("heading", _inline_text(el, clean), _HEADING_TAGS[tag])
        elif tag == "pre":
            yield from _block("code", el.text_content())
        elif tag in ("ul", "ol"):
            yield from _list_items(el, clean)
        elif tag == "blockquote":
            for block in _walk(el, clean=clean):
                yield Block("quote", block.text) if block.kind == "paragraph" else block
        elif tag == "tr":
            cells = [_inline_text(c, clean) for c in el if c.tag in ("td", "th") and not (clean and _is_chrome(c))]
            yield from _block("paragraph", ", ".join(c for c in cells if c))
        elif tag == "hr":
            pass
        else:
            if el.text:
                inline.append(el.text)
            for child in el:
                yield from visit(child)
                if child.tail:
                    inline.append(child.tail)
            yield from flush()

    if root.text:
        inline.append(root.text)
    for child in root:
        yield from visit(child)
        if child.tail:
            inline.append(child.tail)
    yield from flush()


def _list_items(list_el: lxml.html.HtmlElement, clean: bool) -> Iterator[Block]:
    for item in list_el:
        if item.tag != "li" or (clean and _is_chrome(item)):
            continue
        nested = [c for c in item.iter("ul", "ol") if c is not item]
        text = _inline_text(item, clean, skip=set(nested))
        yield from _block("list_item", text)
        for sub in item:
            if sub.tag in ("ul", "ol"):
                yield from _list_items(sub, clean)


def _inline_text(el: lxml.html.HtmlElement, clean: bool, skip: set | None = None) -> str:
    parts: list[str] = []

    def visit(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in ("script", "style", "noscript", "template") or (skip and node in skip):
            return
        if clean and node is not el and _is_chrome(node):
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
    return _clean("".join(parts))


# --------------------------------------------------------------------------- choosing


def _choose(extracted: list[Block], walked: list[Block]) -> list[Block]:
    """Prefer trafilatura, unless it is empty, dropped headings the walk
    found, or kept less than half of the walk's prose (it sometimes keeps
    only one section of short, simple pages)."""
    if not extracted:
        return walked
    if not walked:
        return extracted
    headings = lambda bs: [b for b in bs if b.kind == "heading"]  # noqa: E731
    if len(headings(walked)) >= 2 and len(headings(extracted)) < len(headings(walked)) / 2:
        return walked
    if _prose_length(extracted) < 0.5 * _prose_length(walked):
        return walked
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


def _block(kind: BlockKind, text: str, level: int = 0) -> Iterator[Block]:
    if kind == "code":
        text = text.strip("\n")
        if text.strip():
            yield Block("code", text)
        return
    text = _clean(text)
    if kind == "heading":
        text = _HEADING_ANCHOR_RE.sub("", text)  # "Configuration¶": Sphinx/GitHub permalink marks
    if text:
        yield Block(kind, text, level)


def _clean(text: str) -> str:
    return _SPACE_RE.sub(" ", text.replace("\u00a0", " ")).strip()

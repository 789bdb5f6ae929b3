"""HTML → :class:`RawDocument`: the article's main content without page chrome.

Two extractors, one policy:

* trafilatura (XML output) finds the main content of real-world pages well
  and keeps ``h1``–``h6`` with their levels, paragraphs, lists, quotes, code
  and tables;
* our own lxml walk of ``<article>``/``<main>``/``<body>`` minus chrome
  (by tag, ARIA role and class/id words such as ``nav``, ``share``,
  ``comment``) is predictable on simple pages and on HTML fragments.

Before either runs, :func:`prepare` normalises real-world markup (permalink
anchors, subtitles and bold lines posing as headings, admonition titles,
link-only lines). We use trafilatura's result unless it is empty, lost the
headings or code blocks the page has, or kept much less text than the walk
(see :func:`_choose`). Title and author prefer the page's JSON-LD article
data, then meta tags, then the visible h1 and byline.
"""

from __future__ import annotations

import json
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

DROP_ROLES: Final = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "menubar", "alert", "button",
     "toolbar", "tooltip"}
)

CHROME_PARTS: Final = frozenset(
    {"nav", "navbar", "navigation", "menu", "footer", "toc", "tags", "meta", "ad", "ads", "skip", "widget",
     "banner", "modal", "byline", "masthead", "pager", "signup", "respond", "gdpr", "headerlink", "dateline",
     "author", "bio", "avatar", "credit", "credits", "kicker"}
)
"""Class/id parts (split at ``-``/``_``) that mark page chrome: ``main-nav``, ``entry-meta``."""

CHROME_SUBSTRINGS: Final = (
    "related", "share", "sharing", "social", "comment", "cookie", "consent", "sidebar", "newsletter",
    "breadcrumb", "advert", "subscribe", "promo", "sponsor", "popup", "pagination", "disqus", "outbrain",
    "taboola", "paywall", "speechify-ignore", "most-read", "mostread", "onward",
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
    prepare(tree)
    walked = walk_blocks(tree)
    extracted = _trafilatura_blocks(lxml.html.tostring(tree, encoding="unicode"), url)
    blocks = _drop_chrome_lines(_choose(extracted, walked))
    if not blocks:
        raise ReaderError("found no article text in this HTML page: save the article's own page or copy its text")
    title = page_title(meta, blocks, walked)
    blocks, title = take_title(blocks, title)
    blocks = _drop_repeated_title(blocks, title)
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
    """``headline`` (JSON-LD), ``og_title``, ``title``, ``site_name``, ``h1``,
    ``author`` and ``lang`` when the page has them."""

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name"):
                for el in tree.xpath(f"//meta[@{attr}=$n]", n=name):
                    content = _clean(el.get("content", ""))
                    if content:
                        return content
        return None

    linked = linked_data(tree)
    out: dict[str, str | None] = {
        "headline": linked.get("headline"),
        "og_title": meta("og:title", "twitter:title"),
        "title": _clean(tree.findtext(".//title") or "") or None,
        "site_name": meta("og:site_name", "application-name"),
        "h1": next((t for t in (_clean(h.text_content()) for h in tree.iter("h1") if not _in_chrome(h)) if t), None),
        "author": linked.get("author") or _author(meta("author", "article:author", "dc.creator", "parsely-author"), tree),
        "lang": tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        or meta("og:locale", "language") or linked.get("lang"),
    }
    return {k: v for k, v in out.items() if v}


_ARTICLE_TYPES: Final = frozenset(
    {"article", "newsarticle", "blogposting", "techarticle", "report", "scholarlyarticle", "reportagenewsarticle",
     "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "socialmediaposting", "liveblogposting"}
)


def linked_data(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``headline``, ``author`` and ``lang`` of the first schema.org article
    in the page's JSON-LD (``<script type="application/ld+json">``).

    Publishers fill JSON-LD for search engines, so it names the story's own
    headline and people, unlike ``og:title`` (often a social-media teaser) or
    ``<title>`` (with the site name)."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _ld_items(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if not any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                continue
            out: dict[str, str] = {}
            headline = item.get("headline") or item.get("name")
            if isinstance(headline, str) and _clean(headline):
                out["headline"] = _clean(headline)
            names = _ld_people(item.get("author"), data)
            if names:
                out["author"] = ", ".join(names)
            if isinstance(item.get("inLanguage"), str):
                out["lang"] = item["inLanguage"]
            return out
    return {}


def _ld_items(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for entry in data:
            yield from _ld_items(entry)
    elif isinstance(data, dict):
        yield data
        yield from _ld_items(data.get("@graph", []))


def _ld_people(value: object, data: object) -> list[str]:
    """Names of people in an ``author`` value (a name, an object, a list, or
    a ``{"@id": …}`` reference to a Person elsewhere in the graph)."""
    entries = value if isinstance(value, list) else [value]
    names: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            name = entry
        elif isinstance(entry, dict):
            if entry.get("@type") not in (None, "Person"):
                continue  # an Organization "author" is the publisher, not a byline
            name = entry.get("name")
            if not name and entry.get("@id"):
                target = next((i for i in _ld_items(data) if i.get("@id") == entry["@id"] and i is not entry), {})
                name = target.get("name")
        else:
            continue
        if isinstance(name, str) and _clean(name) and not name.startswith(("http://", "https://")):
            names.append(_clean(name))
    return list(dict.fromkeys(names))


_BY_RE: Final = re.compile(r"^(?:.*?\b)?by\s+", re.I)


def _author(value: str | None, tree: lxml.html.HtmlElement) -> str | None:
    """The meta author unless it is a profile URL, else a byline on the page."""
    if value and not value.startswith(("http://", "https://")):
        return value
    bylines = "//a[@rel='author'] | //*[@itemprop='author'] | //*[contains(concat(' ', @class, ' '), ' byline ')]"
    for el in tree.xpath(bylines):
        link = el.find(".//a") if el.tag != "a" else None
        name = _clean((link if link is not None else el).text_content())
        name = re.split(r"\s*[,|·•]\s*|\s+on\s+\w+\s+\d", _BY_RE.sub("", name))[0].strip()
        if name and len(name.split()) <= 5 and not re.search(r"\d|@", name):
            return name
    return None


def page_title(meta: dict[str, str], blocks: list[Block], walked: list[Block] | None = None) -> str | None:
    """The story's headline, without the site name.

    A candidate (JSON-LD headline, og:title, ``<title>``) that matches the
    page's h1 (or its first line, on pages without one) wins; otherwise the
    page's only h1 when it opens the text, then the JSON-LD headline,
    og:title, ``<title>`` minus a `` | Site`` part.
    """
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None) or meta.get("h1")
    site = meta.get("site_name")
    # a logo <h1>Site name</h1> must not pick the site-name part of a title
    anchors = [a for a in (h1, *(b.text for b in blocks[:2])) if a and not (site and _same_words(a, site))]
    candidates = [meta[k] for k in ("headline", "og_title", "title") if meta.get(k)]
    for candidate in candidates:
        for anchor in anchors:
            stripped = strip_site_name(candidate, site, anchor)
            if _same_words(stripped, anchor):
                return stripped
    for version in (blocks, walked or []):  # trafilatura often drops the h1 itself
        h1s = [b for b in version if b.kind == "heading" and b.level == 1]
        if len(h1s) == 1 and version[0] is h1s[0]:
            return h1s[0].text  # the visible headline beats metadata that matches nothing on the page
    if candidates:
        return strip_site_name(candidates[0], site, h1)
    return h1


def _same_words(a: str, b: str) -> bool:
    fold = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    return fold(a) == fold(b)


def _drop_repeated_title(blocks: list[Block], title: str | None) -> list[Block]:
    """Drop a leading heading or line that only repeats the title (a title
    styled as a paragraph or a lower-level heading on old sites)."""
    if title is None:
        return blocks
    for index, block in enumerate(blocks[:2]):
        if block.kind in ("heading", "paragraph") and _same_words(block.text, title):
            return blocks[:index] + blocks[index + 1 :]
    return blocks


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


# --------------------------------------------------------------------------- preparing the page

_PERMALINK_TEXT_RE: Final = re.compile(r"[\s\u200b¶§#🔗⚓]*")
_PERMALINK_CLASS_RE: Final = re.compile(r"headerlink|header-?anchor|heading-?anchor|anchor-?link|permalink|anchorjs|hash-?link", re.I)
_SUBTITLE_CLASS_RE: Final = re.compile(r"(?:^|[-_\s])(?:sub-?title|subhead(?:line)?|dek|deck|standfirst|strapline|lede|tagline)(?:$|[-_\s])", re.I)
_HEADING_CLASS_RE: Final = re.compile(r"(?:^|[-_\s])(?:heading|subheading|section-?title|subhead)(?:$|[-_\s])", re.I)
_ADMONITION_TITLE_RE: Final = re.compile(r"admonition-?(?:title|heading)|callout-?title|alert-?title", re.I)
_SENTENCE_END_RE: Final = re.compile(r"[.!?,;:…]['\"”’)]*$")

PSEUDO_HEADING_LEVEL: Final = 5
"""Source level for ``<p class="heading">``: below any real h2–h4."""
BOLD_LINE_LEVEL: Final = 6
"""Source level for a paragraph that is one short bold phrase."""


def prepare(tree: lxml.html.HtmlElement) -> None:
    """Normalise real-world markup in place, before either extractor runs.

    * permalink anchors in headings and definitions (Sphinx ``¶``, MkDocs,
      GitHub, Substack) are removed, so they are never read;
    * subtitles marked up as headings (``<h2 class="subtitle">``) become
      paragraphs: they are the article's first line, not a section;
    * ``<summary>`` becomes a paragraph (it labels a disclosure, it is not a
      heading) and an admonition title ("Note") is joined to its text;
    * headings written as paragraphs (``<p class="heading">``, a paragraph
      that is one short bold phrase) become ``h5``/``h6``, so the outline
      has them; their real levels come out relative later;
    * short paragraphs that are nothing but links ("Comment on the forum (14)",
      an author's name) are removed: they are navigation.
    """
    for el in list(tree.iter("a", "span", "div", "button")):
        if el.getparent() is not None and _is_permalink(el):
            _remove_keep_tail(el)
    for el in list(tree.iter(*_HEADING_TAGS)):
        if _SUBTITLE_CLASS_RE.search(el.get("class") or ""):
            el.tag = "p"
    for el in tree.iter("summary"):
        el.tag = "p"
    for el in list(tree.iter()):
        if isinstance(el.tag, str) and _ADMONITION_TITLE_RE.search(el.get("class") or ""):
            _join_admonition_title(el)
    for el in list(tree.iter("p")):
        level = _pseudo_heading_level(el)
        if level:
            el.tag = f"h{level}"
        elif _is_link_only(el):
            _remove_keep_tail(el)


def _is_permalink(el: lxml.html.HtmlElement) -> bool:
    inside_heading = any(a.tag in _HEADING_TAGS or a.tag == "dt" for a in el.iterancestors())
    if not inside_heading:
        return False
    text = el.text_content()
    if el.tag == "a" and _PERMALINK_TEXT_RE.fullmatch(text) and (el.get("href") or "").startswith("#"):
        return True
    return bool(_PERMALINK_CLASS_RE.search(el.get("class") or "")) and len(text.strip()) <= 2


def _remove_keep_tail(el: lxml.html.HtmlElement) -> None:
    el.drop_tree()  # keeps the text that follows the element


def _join_admonition_title(el: lxml.html.HtmlElement) -> None:
    """``<p class="admonition-title">Note</p><p>Text</p>`` → ``<p>Note: Text</p>``."""
    title = _clean(el.text_content())
    following = el.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    if following is not None and following.tag != "p":
        following = next((p for p in following.iter("p") if _clean(p.text_content())), None)  # Docusaurus
    if not title or following is None or not _clean(following.text_content()):
        return
    following.text = f"{title.rstrip(':')}: {following.text or ''}"
    el.drop_tree()


def _pseudo_heading_level(p: lxml.html.HtmlElement) -> int:
    """``PSEUDO_HEADING_LEVEL``/``BOLD_LINE_LEVEL`` if paragraph ``p`` is a heading in disguise, else 0."""
    text = _clean(p.text_content())
    if not text or len(text) > 90 or len(text.split()) > 12 or _SENTENCE_END_RE.search(text):
        return 0
    if any(a.tag in ("li", "td", "th", "blockquote", "figure", "a", "button") for a in p.iterancestors()):
        return 0
    from reader.loaders.chrome import is_chrome_line

    if is_chrome_line(text) or re.match(r"(?:read|see|watch|listen)(?: \w+)?:", text, re.I):
        return 0  # "Read more: …", "Related:" in bold are links, not sections
    if _HEADING_CLASS_RE.search(p.get("class") or ""):
        return PSEUDO_HEADING_LEVEL
    if _is_bold_line(p) and _followed_by_text(p):
        return BOLD_LINE_LEVEL
    return 0


def _is_bold_line(p: lxml.html.HtmlElement) -> bool:
    """The paragraph's whole text is inside one ``<strong>``/``<b>``."""
    children = [c for c in p if isinstance(c.tag, str) and c.tag != "br"]
    if len(children) != 1 or children[0].tag not in ("strong", "b"):
        return False
    outside = (p.text or "") + "".join(c.tail or "" for c in p)
    return not outside.strip()


def _followed_by_text(p: lxml.html.HtmlElement) -> bool:
    """A heading introduces prose: the next element is a paragraph or list
    with ordinary text (not another bold line, not the end of the page)."""
    following = p.getnext()
    while following is not None and (not isinstance(following.tag, str) or not _clean(following.text_content())):
        following = following.getnext()
    if following is None or following.tag not in ("p", "ul", "ol", "div", "blockquote", "pre", "table"):
        return False
    return not (following.tag == "p" and _is_bold_line(following))


def _is_link_only(p: lxml.html.HtmlElement) -> bool:
    text = _clean(p.text_content())
    if not text or len(text.split()) > 12:
        return False
    linked = sum(len(_clean(a.text_content())) for a in p.iter("a"))
    return linked >= 0.9 * len(text)


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
    articles = [a for a in tree.iter("article") if not _in_chrome(a)]
    candidates = []
    if articles:
        # Listing pages have many <article>s; the one with most text is the story.
        candidates.append(max(articles, key=lambda a: weights.get(a, 0) or len(a.text_content()) / 100))
    for xpath in ("//main", "//*[@role='main']", "//*[@itemprop='articleBody']",
                  "//*[@id='content' or @id='main-content' or @class='content']"):
        candidates.extend(tree.xpath(xpath)[:1])
    for candidate in candidates:
        if total == 0 or weights.get(candidate, 0) >= 0.5 * total:
            return candidate
    return _densest(body, weights, total)


_WEIGHED_TAGS: Final = frozenset({"p", "pre", "li", "dd", "blockquote"})


def _paragraph_weight(el: lxml.html.HtmlElement, weights: dict) -> int:
    """Characters of paragraph text under ``el`` outside chrome; fills ``weights``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag or tag in ("script", "style", "noscript", "template") or (_is_chrome(el) and tag != "body"):
        return 0
    if tag in _WEIGHED_TAGS and not any(isinstance(c.tag, str) and c.tag in _WEIGHED_TAGS for c in el.iter() if c is not el):
        weight = 0 if _is_link_only(el) else len(_clean(el.text_content()))
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


def _in_chrome(el: lxml.html.HtmlElement) -> bool:
    return _is_chrome(el) or any(_is_chrome(a) for a in el.iterancestors())


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
        elif tag == "tr" and not _is_layout_row(el):
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


_LAYOUT_CONTENT: Final = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote")


def _is_layout_row(row: lxml.html.HtmlElement) -> bool:
    """A table row used for page layout: its cells hold paragraphs or headings."""
    return any(d.tag in _LAYOUT_CONTENT for cell in row for d in cell.iterdescendants() if isinstance(d.tag, str))


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

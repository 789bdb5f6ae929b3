"""HTML → :class:`RawDocument`: the article's main content without page chrome.

Two extractors, one policy:

* trafilatura (XML output) finds the main content of real-world pages well
  and keeps ``h1``–``h6`` with their levels, paragraphs, lists, quotes, code
  and tables;
* our own lxml walk of ``<article>``/``<main>``/``<body>`` minus chrome
  (by tag, ARIA role and class/id words such as ``nav``, ``share``,
  ``comment``) is predictable on simple pages and on HTML fragments.

Before either runs, :func:`~reader.document.loaders.htmlprepare.prepare` normalises
real-world markup (permalink anchors, subtitles and bold lines posing as
headings, admonition titles). We read trafilatura's text whenever it found
an article, with the walk's headings over the text it kept; the walk is read
only when trafilatura kept almost nothing (see :func:`_choose`), so it can
never add text trafilatura judged not article. Title and author prefer the
page's JSON-LD article data, then meta tags, then the visible h1 and byline.
``keep_all`` reads every visible text of the page instead.

This module runs trafilatura and chooses; the other steps have their own
modules: ``htmlextract`` (trafilatura's output as blocks), ``htmlmeta`` (title, author, language), ``htmlprepare``,
``htmlwalk`` (our own extractor) and ``htmltext`` (text and blocks they share).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from html import unescape
from typing import Final, Iterable

import lxml.etree as etree
import lxml.html

from reader.errors import ReaderError
from reader.document.loaders import HTML_COMMENT, article_language, take_title
from reader.document.loaders.htmlextract import trafilatura_blocks
from reader.document.loaders.htmlmeta import drop_repeated_title, page_metadata, page_title, strip_site_name
from reader.document.loaders.htmlprepare import drop_link_lines, prepare
from reader.document.loaders.htmlwalk import walk, walk_blocks
from reader.document.model import Block, DroppedBlock, RawDocument
from reader.text import word_key

__all__ = ["blocks_from_fragment", "parse", "strip_site_name"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def parse(text: str, url: str | None = None, *, keep_all: bool = False) -> RawDocument:
    """Extract the main content of an HTML page.

    ``keep_all``: read every text the page shows (menus, teasers and
    footers too), nothing judged chrome; only what is never shown (scripts,
    styles, icons, hidden elements) stays out.
    """
    tree = _document(text)
    meta = page_metadata(tree)
    prepare(tree)
    body = tree.find("body")
    shown = list(walk(body if body is not None else tree, clean=False))
    if keep_all:
        blocks = walked = shown
        kept, extractor = shown, "keep all"
    else:
        extracted = trafilatura_blocks(lxml.html.tostring(tree, encoding="unicode"), url)
        drop_link_lines(tree)
        walked = walk_blocks(tree)
        kept = _choose(_restore_structure(extracted, walked), walked)
        extractor = "trafilatura" if _prose_length(extracted) >= ALMOST_NOTHING else "page walk"
        blocks = _drop_chrome_lines(kept)
    if not blocks:
        raise ReaderError("found no article text in this HTML page: save the article's own page or copy its text")
    title = page_title(meta, blocks, walked)
    blocks, title = take_title(blocks, title)
    blocks = drop_repeated_title(blocks, title)
    return RawDocument(
        title=title,
        blocks=tuple(blocks),
        author=meta.get("author"),
        language=article_language(meta.get("lang"), blocks, title),
        dropped=_dropped(shown, blocks + ([Block("heading", title, 1)] if title else []), kept, extractor),
    )


def _dropped(shown: list[Block], read: list[Block], kept: list[Block], extractor: str) -> tuple[DroppedBlock, ...]:
    """The page's visible text blocks that are not read, each once, with why.

    Linear: a block counts as read when a block read has the same words, or
    when it is long (``_LONG_BLOCK_WORDS``) and nearly all its words are read
    (the extractor joined or split it differently).
    """
    read_keys = {word_key(b.text) for b in read}
    read_words = {word for key in read_keys for word in key.split()}
    widgets = {word_key(b.text) for b in kept} - read_keys
    out: list[DroppedBlock] = []
    seen: set[str] = set()
    for block in shown:
        key = word_key(block.text)
        if not key or key in read_keys or key in seen:
            continue
        words = key.split()
        if len(words) >= _LONG_BLOCK_WORDS and sum(w in read_words for w in words) >= 0.8 * len(words):
            continue
        seen.add(key)
        reason = _WIDGET_REASON if key in widgets else f"not in the main content ({extractor})"
        out.append(DroppedBlock(block.text, reason))
    return tuple(out)


_LONG_BLOCK_WORDS: Final = 8
_WIDGET_REASON: Final = "a page widget's line (Share this, Read more)"


def blocks_from_fragment(html: str) -> list[Block]:
    """Blocks of an HTML snippet (e.g. an HTML block inside Markdown)."""
    if not html.strip() or re.fullmatch(rf"\s*(?:{HTML_COMMENT}\s*)+", html, re.S):
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    return list(walk(root, clean=False))


def _document(text: str) -> lxml.html.HtmlElement:
    """The page's tree. A page that libxml2 cannot hold whole (it stops at
    its depth limit and drops the rest) or that is nested deeper than our
    recursive walks can follow (thousands of ``<div>`` or ``<b>`` inside each
    other) is parsed again with its markup flattened, so no text is lost."""
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)
    tree = _parse_tree(text)
    if _depth(tree) <= MAX_DEPTH and _words_in_tree(tree) >= LOST_TEXT_SHARE * _words_in_markup(text):
        return tree
    shallow = _depth(tree) <= MAX_DEPTH
    needed = _words_in_tree(tree) + (1 if shallow else 0)  # a shallow tree is only replaced to win words
    for keep in _FLATTER:
        flat = _parse_tree(_flatten(text, keep))
        if _depth(flat) <= MAX_DEPTH and _words_in_tree(flat) >= needed:
            return flat
    if shallow:  # flattening recovers nothing: what the parse left out was not text to read
        return tree
    raise ReaderError("this HTML page is nested too deep to read: save the article's text instead")


MAX_DEPTH: Final = 120
"""Elements inside each other that the walks and trafilatura follow; real
pages stay under 60. Deeper pages are read flattened."""


def _depth(tree: lxml.html.HtmlElement) -> int:
    deepest = depth = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse_tree(text: str) -> lxml.html.HtmlElement:
    """``text`` parsed by libxml2 without its size limits (an attribute over 10 MB stops its default parse)."""
    try:
        return lxml.html.document_fromstring(text, parser=_HUGE_PARSER)
    except ValueError:  # a broken declaration the pattern missed: parse bytes with the encoding fixed
        pass
    except etree.ParserError as exc:
        raise ReaderError(f"cannot parse this HTML ({exc}): save the page again or pass its text") from None
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=_HUGE_UTF8_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(f"cannot parse this HTML ({exc}): save the page again or pass its text") from None


_HUGE_PARSER: Final = lxml.html.HTMLParser(huge_tree=True)
_HUGE_UTF8_PARSER: Final = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)

LOST_TEXT_SHARE: Final = 0.9
"""A parse that holds fewer than this share of the words between the page's tags lost text."""

_NOT_TEXT_RE: Final = re.compile(r"<!--.*?-->|<[!?][^>]*>|<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_WORD_RE: Final = re.compile(r"\w+")
_TAG_RE: Final = re.compile(r"<(/?)([a-zA-Z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_FLATTER: Final = (
    frozenset({"title", "p", "br", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th"}),
    frozenset({"title", "p", "br", "h1", "h2", "h3", "h4", "h5", "h6"}),
)
"""The tags kept when a page is flattened, tried in turn: headings,
paragraphs and rows first, then headings and paragraphs only."""


def _words_in_markup(text: str) -> int:
    return len(_WORD_RE.findall(unescape(_TAG_RE.sub(" ", _NOT_TEXT_RE.sub(" ", text)))))


def _words_in_tree(tree: lxml.html.HtmlElement) -> int:
    words = 0
    for node in tree.iter():
        if isinstance(node.tag, str) and node.tag not in ("script", "style", "template"):
            words += len(_WORD_RE.findall(node.text or ""))
        words += len(_WORD_RE.findall(node.tail or ""))
    return words


def _flatten(text: str, keep: frozenset[str]) -> str:
    """``text`` with every tag but those in ``keep`` removed (their text
    kept): nothing left to nest deeply."""
    text = _NOT_TEXT_RE.sub(" ", text)
    return _TAG_RE.sub(lambda m: m.group(0) if m.group(2).lower() in keep else " ", text)


def _choose(extracted: list[Block], walked: list[Block]) -> list[Block]:
    """trafilatura's blocks whenever it found an article; the walk only when
    trafilatura kept almost nothing (less than ``ALMOST_NOTHING`` characters
    of prose: no article, or a date, or a menu's "Home") or the very same words.

    So the walk can never read text trafilatura judged not article. Taking
    it for finding more headings, more code or more prose cost F1: measured
    on ~900 real pages, the walk then reads teaser boxes (0.81 against
    trafilatura's 0.91 on those pages).
    """
    if _prose_length(extracted) < ALMOST_NOTHING:
        return walked  # trafilatura found no article: the walk decides (empty: "found no article text")
    if _word_counts(walked) == _word_counts(extracted):
        return walked  # the very same words with the walk's structure (trafilatura ran headings into paragraphs)
    return extracted


ALMOST_NOTHING: Final = 100
"""Characters of prose under which trafilatura found no article (a date, a caption, "Home")."""


def _word_counts(blocks: list[Block]) -> Counter[str]:
    return Counter(word_key(" ".join(b.text for b in blocks)).split())


def _restore_structure(extracted: list[Block], walked: list[Block]) -> list[Block]:
    """Put back the headings and code blocks trafilatura dropped or read as
    paragraphs, but only next to text it kept.

    * A line trafilatura kept as a paragraph that the walk found as a
      heading or code block becomes that heading or code block (the same
      words, now a section or code);
    * a walk heading whose next paragraph trafilatura kept goes in right
      above that paragraph, so the outline keeps its sections; a heading over
      text trafilatura dropped (a teaser box, "Related stories") stays out;
    * a walk code block whose paragraph before it trafilatura kept goes in
      right after that paragraph (trafilatura drops code whose lines are
      links, as MkDocs numbers them); code is shown, never read aloud.
    """
    if not extracted:
        return extracted
    structure = {word_key(b.text): b for b in walked if b.kind in ("heading", "code") and word_key(b.text)}
    extracted = [structure.get(word_key(b.text), b) if b.kind == "paragraph" else b for b in extracted]
    position: dict[str, int] = {}
    for i, block in enumerate(extracted):
        position.setdefault(word_key(block.text), i)
    have = set(position)
    text_after = _neighbours(walked, reversed(range(len(walked))))
    text_before = _neighbours(walked, range(len(walked)))
    before: dict[int, list[Block]] = {}
    after: dict[int, list[Block]] = {}
    for i, block in enumerate(walked):
        key = word_key(block.text)
        if block.kind not in ("heading", "code") or not key or key in have:
            continue
        if block.kind == "heading":
            at = position.get(text_after[i], -1)
            if at >= 0 and (at == 0 or extracted[at - 1].kind != "heading"):
                before.setdefault(at, []).append(block)
                have.add(key)
        else:
            at = position.get(text_before[i], -1)
            if at >= 0:
                after.setdefault(at, []).append(block)
                have.add(key)
    out: list[Block] = []
    for i, block in enumerate(extracted):
        out.extend(before.get(i, []))
        out.append(block)
        out.extend(after.get(i, []))
    return out


def _neighbours(blocks: list[Block], order: Iterable[int]) -> list[str]:
    """For each block, the key of the nearest text block (not a heading, not
    code) met earlier in ``order``: the text after it (reversed order) or
    before it (forward order)."""
    out = [""] * len(blocks)
    last = ""
    for i in order:
        out[i] = last
        if blocks[i].kind not in ("heading", "code"):
            last = word_key(blocks[i].text)
    return out


def _drop_chrome_lines(blocks: list[Block]) -> list[Block]:
    """Drop leftover widget text that survived both extractors ("Share this:",
    "Read more") using the same whole-line rules as the plain-text loader."""
    try:
        from reader.document.loaders.chrome import is_chrome_line
    except ImportError:  # pragma: no cover - written by another module
        return blocks
    return [b for b in blocks if b.kind in ("heading", "code") or not is_chrome_line(b.text)]


def _prose_length(blocks: Iterable[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind != "code")

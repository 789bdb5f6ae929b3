"""Normalise real-world HTML before the article is extracted (see :func:`prepare`).

Both extractors (trafilatura and our own walk) read the same prepared tree,
so messy markup (permalink marks, headings in disguise, admonition titles,
link-only lines) is fixed once, here, instead of in each of them.
"""

from __future__ import annotations

import re
from typing import Final

import lxml.html

from reader.document.loaders.htmltext import HEADING_TAGS, clean_text, is_link_only

_PERMALINK_TEXT_RE: Final = re.compile(r"[\s\u200b¶§#🔗⚓]*")
_PERMALINK_CLASS_RE: Final = re.compile(
    r"headerlink|header-?anchor|heading-?anchor|anchor-?link|permalink|anchorjs|hash-?link", re.I
)
_SUBTITLE_CLASS_RE: Final = re.compile(
    r"(?:^|[-_\s])(?:sub-?title|subhead(?:line)?|dek|deck|standfirst|strapline|lede|tagline)(?:$|[-_\s])", re.I
)
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
      has them; their real levels come out relative later.

    Link-only lines are left in place: trafilatura judges them itself (by
    link density around them) and decides better with them; see
    :func:`drop_link_lines` for the walk. A page of more empty elements
    than any real page holds has its runs of them cut short first
    (:func:`collapse_empty_runs`).
    """
    collapse_empty_runs(tree)
    for el in list(tree.iter("a", "span", "div", "button")):
        if el.getparent() is not None and _is_permalink(el):
            _remove_keep_tail(el)
    for el in list(tree.iter(*HEADING_TAGS)):
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


EMPTY_BUDGET: Final = 5_000
"""Empty elements a page may hold before their runs are cut short; the most any page of the corpus holds is
1,884 (3,471 pages), so no real page is touched."""
_KEPT_OF_A_RUN: Final = 2
_CONTENT_IN_ATTRIBUTES: Final = frozenset(
    {"img", "input", "area", "iframe", "object", "embed", "video", "audio", "source", "track", "picture"}
)


def collapse_empty_runs(tree: lxml.html.HtmlElement) -> None:
    """On a page of more than ``EMPTY_BUDGET`` empty elements (no text, no
    children, nothing but white space after them), keep the first two of each
    run of like empty siblings and remove the rest.

    Fifty thousand ``<p>`` in a row separate the text around them as two do
    (and two ``<br>`` make a paragraph break as any more do), but each was
    work for trafilatura and the walk: 2–3 s for a 150 KB page of them. The
    white space after a removed element is kept after the run's last kept one.
    """
    empty = [el for el in tree.iter() if _is_empty(el)]
    if len(empty) <= EMPTY_BUDGET:
        return
    removed: list[tuple[lxml.html.HtmlElement, lxml.html.HtmlElement]] = []
    last, kept, run = None, None, 0
    for el in empty:  # document order: an empty element has no descendants, so a run's members are neighbours here
        run = run + 1 if last is not None and el.getprevious() is last and last.tag == el.tag else 1
        if run <= _KEPT_OF_A_RUN:
            kept = el
        elif kept is not None:
            removed.append((el, kept))
        last = el
    for el, kept in removed:
        if el.tail and not kept.tail:
            kept.tail = el.tail
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)  # with its tail: white space only


def _is_empty(el: lxml.html.HtmlElement) -> bool:
    return (
        isinstance(el.tag, str)
        and el.tag not in _CONTENT_IN_ATTRIBUTES
        and len(el) == 0
        and not (el.text or "").strip()
        and not (el.tail or "").strip()
    )


def drop_link_lines(tree: lxml.html.HtmlElement) -> None:
    """Remove short paragraphs that are nothing but links ("Comment on the
    forum (14)", an author's name): navigation, for our own walk.

    Not done before trafilatura runs: without them it keeps more teasers
    (measured on ~900 real pages, F1 0.914 against 0.915 with them).
    """
    for el in list(tree.iter("p")):
        if is_link_only(el):
            _remove_keep_tail(el)


def _is_permalink(el: lxml.html.HtmlElement) -> bool:
    inside_heading = any(a.tag in HEADING_TAGS or a.tag == "dt" for a in el.iterancestors())
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
    title = clean_text(el.text_content())
    following = el.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    if following is not None and following.tag != "p":
        following = next((p for p in following.iter("p") if clean_text(p.text_content())), None)  # Docusaurus
    if not title or following is None or not clean_text(following.text_content()):
        return
    following.text = f"{title.rstrip(':')}: {following.text or ''}"
    el.drop_tree()


def _pseudo_heading_level(p: lxml.html.HtmlElement) -> int:
    """``PSEUDO_HEADING_LEVEL``/``BOLD_LINE_LEVEL`` if paragraph ``p`` is a heading in disguise, else 0."""
    text = clean_text(p.text_content())
    if not text or len(text) > 90 or len(text.split()) > 12 or _SENTENCE_END_RE.search(text):
        return 0
    if any(a.tag in ("li", "td", "th", "blockquote", "figure", "a", "button") for a in p.iterancestors()):
        return 0
    from reader.document.loaders.chrome import is_chrome_line

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
    while following is not None and (not isinstance(following.tag, str) or not clean_text(following.text_content())):
        following = following.getnext()
    if following is None or following.tag not in ("p", "ul", "ol", "div", "blockquote", "pre", "table"):
        return False
    return not (following.tag == "p" and _is_bold_line(following))

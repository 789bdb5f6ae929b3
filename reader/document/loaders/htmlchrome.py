"""What of an HTML page is chrome, and what is never shown at all.

Chrome is judged by tag (``nav``, ``aside``), ARIA role and the words of a
class or id (``share``, ``comment``, ``jp-relatedposts``); invisible is a
script, an icon, a ``hidden`` or ``aria-hidden`` element or ``display: none``.
Used by the walk of :mod:`reader.document.loaders.htmlwalk` and by the title
search of :mod:`reader.document.loaders.htmlmeta`.
"""

from __future__ import annotations

import re
from typing import Final

import lxml.html

DROP_TAGS: Final = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "nav",
        "aside",
        "footer",
        "menu",
        "dialog",
        "object",
        "embed",
        "video",
        "audio",
    }
)
"""Elements that are never part of an article's text."""

DROP_ROLES: Final = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "dialog",
        "menu",
        "menubar",
        "alert",
        "button",
        "toolbar",
        "tooltip",
    }
)

CHROME_PARTS: Final = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "footer",
        "toc",
        "tags",
        "meta",
        "ad",
        "ads",
        "skip",
        "widget",
        "banner",
        "modal",
        "byline",
        "masthead",
        "pager",
        "signup",
        "respond",
        "gdpr",
        "headerlink",
        "dateline",
        "author",
        "bio",
        "avatar",
        "credit",
        "credits",
        "kicker",
    }
)
"""Class/id parts (split at ``-``/``_``) that mark page chrome: ``main-nav``, ``entry-meta``."""

CHROME_SUBSTRINGS: Final = (
    "related",
    "share",
    "sharing",
    "social",
    "comment",
    "cookie",
    "consent",
    "sidebar",
    "newsletter",
    "breadcrumb",
    "advert",
    "subscribe",
    "promo",
    "sponsor",
    "popup",
    "pagination",
    "disqus",
    "outbrain",
    "taboola",
    "paywall",
    "speechify-ignore",
    "most-read",
    "mostread",
    "onward",
)
"""Distinctive words that mark chrome anywhere in a class or id (``jp-relatedposts``)."""

NEVER_SHOWN_TAGS: Final = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "select",
        "datalist",
    }
)
"""Elements whose text a reader never sees on the page (code, fallbacks, closed option lists)."""

_INVISIBLE_STYLE_RE: Final = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_invisible(el: lxml.html.HtmlElement) -> bool:
    """``el`` is never shown as text: a script, an icon, a ``hidden`` or
    ``aria-hidden`` element (screen readers skip those too), ``display: none``.
    Even ``keep_all`` does not read it."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag or tag in NEVER_SHOWN_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    return bool(_INVISIBLE_STYLE_RE.search(el.get("style") or ""))


def in_chrome(el: lxml.html.HtmlElement) -> bool:
    """``el`` or one of its ancestors is page chrome."""
    return is_chrome(el) or any(is_chrome(a) for a in el.iterancestors())


def is_chrome(el: lxml.html.HtmlElement) -> bool:
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

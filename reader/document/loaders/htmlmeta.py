"""Page metadata of an HTML article: its title, author and language.

Title and author prefer the page's JSON-LD article data, then meta tags,
then the visible h1 and byline; a title loses the site name that
``<title>`` and og:title usually carry ("How X Works | Example Blog").
Kept apart from extraction because it reads what the extractors drop as
chrome: the ``<head>``, JSON-LD scripts, bylines.
"""

from __future__ import annotations

import re
from typing import Final, Iterator

import lxml.html

from reader.document.loaders.htmltext import SPACE_RE, clean_text
from reader.document.loaders.htmlchrome import in_chrome
from reader.document.model import Block
from reader.text import same_words, word_key

_TITLE_SEPARATORS: Final = re.compile(r"\s+(?:\||–|—|-|::|·|•|»|/)\s+")
_TITLE_PARTS: Final = re.compile(r"\s+(?:\||–|—|--?|::?|·|•|»|«|/|>|\\)\s+|:\s+")
"""Where a title may be cut to find the part the page shows: the site-name
separators, and also colons and breadcrumb marks ("Foreign Affairs: Did North
Korea Cheat?", "TV3 > News > Story"), which are cut only to match a heading."""
PAGE_HEADINGS: Final = 12
"""How many of the page's h1–h3 texts a title's parts are matched against."""
TITLE_PARTS: Final = 12
TITLE_WORDS: Final = 30
"""Only the first parts of a title, and runs of them up to this many words, are looked for on the page."""
OPENING_BLOCKS: Final = 6
"""How many of the extracted text's first blocks a title's parts are matched against too."""


def page_metadata(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``headline`` (JSON-LD), ``og_title``, ``title``, ``site_name``, ``h1``,
    ``headings`` (the first h1–h3 texts, one per line), ``author`` and
    ``lang`` when the page has them."""

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name"):
                for el in tree.xpath(f"//meta[@{attr}=$n]", n=name):
                    content = clean_text(el.get("content", ""))
                    if content:
                        return content
        return None

    linked = linked_data(tree)
    out: dict[str, str | None] = {
        "headline": linked.get("headline"),
        "og_title": meta("og:title", "twitter:title"),
        "title": clean_text(tree.findtext(".//title") or "") or None,
        "site_name": meta("og:site_name", "application-name"),
        "h1": next((t for t in (clean_text(h.text_content()) for h in tree.iter("h1") if not in_chrome(h)) if t), None),
        "headings": "\n".join(_headings(tree)) or None,
        "author": linked.get("author")
        or _author(meta("author", "article:author", "dc.creator", "parsely-author"), tree),
        "lang": tree.get("lang")
        or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
        or meta("og:locale", "language")
        or linked.get("lang"),
    }
    return {k: v for k, v in out.items() if v}


def _headings(tree: lxml.html.HtmlElement) -> Iterator[str]:
    found = 0
    for heading in tree.iter("h1", "h2", "h3"):
        text = clean_text(heading.text_content()).replace("\n", " ")
        if text:
            yield text
            found += 1
            if found == PAGE_HEADINGS:
                return


_ARTICLE_TYPES: Final = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "techarticle",
        "report",
        "scholarlyarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "socialmediaposting",
        "liveblogposting",
    }
)


def linked_data(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``headline``, ``author`` and ``lang`` of the first schema.org article
    in the page's JSON-LD (``<script type="application/ld+json">``).

    Publishers fill JSON-LD for search engines, so it names the story's own
    headline and people, unlike ``og:title`` (often a social-media teaser) or
    ``<title>`` (with the site name)."""
    import json  # here, not at the top: importing the HTML loader stays as cheap as it was in one module

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
            if isinstance(headline, str) and clean_text(headline):
                out["headline"] = clean_text(headline)
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
        name: object
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
        if isinstance(name, str) and clean_text(name) and not name.startswith(("http://", "https://")):
            names.append(clean_text(name))
    return list(dict.fromkeys(names))


_BY_RE: Final = re.compile(r"^(?:.*?\b)?by\s+", re.I)


def _author(value: str | None, tree: lxml.html.HtmlElement) -> str | None:
    """The meta author unless it is a profile URL, else a byline on the page."""
    if value and not value.startswith(("http://", "https://")):
        return value
    bylines = "//a[@rel='author'] | //*[@itemprop='author'] | //*[contains(concat(' ', @class, ' '), ' byline ')]"
    for el in tree.xpath(bylines):
        link = el.find(".//a") if el.tag != "a" else None
        name = clean_text((link if link is not None else el).text_content())
        name = re.split(r"\s*[,|·•]\s*|\s+on\s+\w+\s+\d", _BY_RE.sub("", name))[0].strip()
        if name and len(name.split()) <= 5 and not re.search(r"\d|@", name):
            return name
    return None


def page_title(meta: dict[str, str], blocks: list[Block], walked: list[Block] | None = None) -> str | None:
    """The story's headline, without the site name.

    A candidate (JSON-LD headline, og:title, ``<title>``) that matches the
    page's h1 (or its first line, on pages without one) wins, unless a longer
    part of a candidate is shown on the page as a heading or an opening line
    (see :func:`_title_part_shown`; measured: titles right 63.7 → 76.7 % of
    real pages); otherwise the page's only h1 when it opens the text, then the
    JSON-LD headline, og:title, ``<title>`` minus a `` | Site`` part.
    """
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None) or meta.get("h1")
    site = meta.get("site_name")
    # a logo <h1>Site name</h1> must not pick the site-name part of a title
    anchors = [a for a in (h1, *(b.text for b in blocks[:2])) if a and not (site and same_words(a, site))]
    candidates = [meta[k] for k in ("headline", "og_title", "title") if meta.get(k)]
    matched = next(
        (
            stripped
            for candidate in candidates
            for anchor in anchors
            if same_words(stripped := strip_site_name(candidate, site, anchor), anchor)
        ),
        None,
    )
    opening = [b.text for version in (blocks, walked or []) for b in version[:OPENING_BLOCKS]]
    headings = [b.text for b in blocks if b.kind == "heading"]
    shown = [*anchors, *meta.get("headings", "").split("\n"), *headings, *opening]
    part = _title_part_shown(candidates, [t for t in shown if t and not (site and same_words(t, site))])
    if matched and not (part and len(part) > len(matched)):
        return matched
    if part:  # also where the h1 is the site's logo and the story's title a longer part shown lower
        return part
    for version in (blocks, walked or []):  # trafilatura often drops the h1 itself
        h1s = [b for b in version if b.kind == "heading" and b.level == 1]
        if len(h1s) == 1 and version[0] is h1s[0]:
            return h1s[0].text  # the visible headline beats metadata that matches nothing on the page
    if candidates:
        return strip_site_name(candidates[0], site, h1)
    return h1


def _title_part_shown(candidates: list[str], shown: list[str]) -> str | None:
    """The longest candidate, or run of a candidate's parts, that the page
    shows as a heading or an opening line: "Foreign Affairs - Did North
    Korea Cheat?" → "Did North Korea Cheat?" when that is the page's h2."""
    keys = {word_key(text) for text in shown}
    best: str | None = None
    for candidate in candidates:
        parts = [p for p in _TITLE_PARTS.split(candidate) if p.strip()][:TITLE_PARTS]
        for i in range(len(parts)):
            words = 0
            for j in range(i + 1, len(parts) + 1):
                words += len(parts[j - 1].split())
                if words > TITLE_WORDS:
                    break  # no title is longer (and a broken <title> can swallow the page)
                run = candidate if (i, j) == (0, len(parts)) else _join_title(candidate, parts[i:j])
                if words >= 2 and word_key(run) in keys and (best is None or len(run) > len(best)):
                    best = run
    return best


def drop_repeated_title(blocks: list[Block], title: str | None) -> list[Block]:
    """Drop a leading heading or line that only repeats the title (a title
    styled as a paragraph or a lower-level heading on old sites)."""
    if title is None:
        return blocks
    for index, block in enumerate(blocks[:2]):
        if block.kind in ("heading", "paragraph") and same_words(block.text, title):
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
    fold = lambda s: SPACE_RE.sub(" ", s).strip().casefold()  # noqa: E731
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

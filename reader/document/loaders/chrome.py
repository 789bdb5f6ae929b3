"""Recognise page chrome: the words around an article that are not the article.

Text scraped from a web page keeps the page's furniture: breadcrumbs, share
buttons, cookie banners, newsletter boxes, "Related posts" lists, comment
counts, copyright lines. Every test here is on a *whole line* (case-insensitive),
so a body sentence that merely contains "share" or "cookies" is never chrome.
Callers decide *where* chrome may be dropped (page edges, isolated lines);
this module only says what a line is. In the plain-text loader these phrases
are a second opinion only: the trained boilerplate model
(:mod:`reader.document.loaders.boilerplate`) decides, and a known phrase drops a line
only where the model is unsure of it; the page-head rules use the menu words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

_EDGE_PUNCTUATION: Final = " \t:;|·•»›>→-–—….!*#"


def chrome_key(line: str) -> str:
    """The comparable form of a line: lower case, single spaces, no edge punctuation."""
    text = re.sub(r"\s+", " ", line).strip().casefold()
    return text.strip(_EDGE_PUNCTUATION).strip()


def any_of(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` (one scan instead of one per pattern)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w.strip() for w in text.replace("\n", "|").split("|") if w.strip())


CHROME_LINES: Final[frozenset[str]] = _word_set(
    """
    skip to content|skip to main content|skip to navigation|skip to main|jump to content|skip navigation
    menu|main menu|open menu|close menu|toggle navigation|search for
    share|share this|share this page|share this article|share this post|share this story|share article
    share on facebook|share on twitter|share on x|share on linkedin|share via email|share by email
    tweet|tweet this|pin it|pin|copy link|link copied|copied|whatsapp|reddit|tumblr|telegram
    facebook|twitter|x|linkedin|pinterest|instagram|youtube|tiktok|threads|mastodon|bluesky|flipboard
    email|e-mail|print|print this page|save article|save for later|bookmark|listen to this article
    read more|read next|continue reading|keep reading|show more|load more|see more|view all|see all
    subscribe|subscribe now|subscribe today|sign up|sign up now|sign in|log in|login|register|create account
    sign up for our newsletter|subscribe to our newsletter|join our newsletter|newsletter|get the newsletter
    we use cookies|accept|accept all|accept all cookies|accept cookies|allow all|allow cookies|reject all
    decline|manage preferences|manage cookies|cookie settings|cookie preferences|cookie policy|got it|ok|i agree
    leave a comment|leave a reply|post a comment|add a comment|view comments|show comments|no comments
    join the discussion|join the conversation|cancel reply
    advertisement|advertisements|ad|ads|sponsored|sponsored content|paid content|promoted|story continues below
    article continues below|continue reading below|scroll to continue|scroll down
    previous post|next post|previous article|next article|older posts|newer posts
    back to top|back to blog|back to all posts|back to articles|back to news
    related posts|related articles|related stories|related reading|related content|related links
    you may also like|you might also like|you may be interested in|recommended|recommended for you
    recommended reading|recommended articles|more stories|more articles|more from this author|popular posts
    most popular|most read|trending|trending now|latest posts|recent posts|latest news|latest articles|up next
    privacy policy|terms of use|terms of service|terms and conditions|cookie notice|sitemap
    contact us|about us|all rights reserved|follow us|loading…
    open in app|get the app|download the app|start writing|see more recommendations|see all from
    like loading|like this|share this:|share this post|restack|restacks|discussion about this post
    reuse this content|print subscriptions|search jobs|create account|personal tools|view history|view source
    from wikipedia, the free encyclopedia|(top)|mobile view|disclaimers|cookie statement|about wikipedia
    contact wikipedia|code of conduct|accessibility statement|our policies|my account|support links
    skip to primary navigation|skip to primary sidebar|skip to footer|skip to search|back to home
    print pin rate|print recipe|pin recipe|rate recipe|reader interactions|ready for more
    """
)
"""Lines that are chrome wherever they stand alone."""

NAVIGATION_WORDS: Final[frozenset[str]] = _word_set(
    """
    home|homepage|blog|blogs|news|articles|article|posts|about|contact|shop|store|services|pricing|faq|faqs
    resources|products|careers|podcast|podcasts|events|docs|documentation|guides|support|help|community
    health|science|technology|tech|business|opinion|culture|sport|sports|politics|world|lifestyle|travel
    food|recipes|tutorials|features|analysis|reviews|magazine|wellness|mental health|finance|education
    environment|climate|entertainment|music|books|local|breaking news|live|explainer|personal finance
    learn|insights|stories|press|media|company|research|uk|us|us news|uk news|world news
    search|submit|close|mail|save|listen|pin|privacy|terms|next|previous|prev|top|like|likes|follow|reply
    related|comments|tags|categories|category|topics|loading|more|all|login|logout|account|my account|cart
    yes|no|feedback|helpful|not helpful|thanks for your feedback|on this page|table of contents|contents
    article|talk|read|edit|tools|languages|view|sign up|write|dashboard|settings|menu|changelog|github
    comment|share|restack|subscribe|save|bookmark|print
    """
)
"""Section and menu labels: chrome only at the top or bottom edge of a page."""

_SOCIAL: Final = (
    r"facebook|twitter|x|linkedin|pinterest|instagram|youtube|tiktok|reddit|whatsapp|telegram|threads|"
    r"mastodon|bluesky|flipboard|e-?mail|messenger|social media|social|friends|a friend"
)

_CHROME_PATTERNS: Final = any_of(
    r"\d[\d,.]*k? (comments?|responses?|replies|shares?|likes?)",
    r"(comments?|responses?|replies|shares?) \(?\d+\)?",
    r"(tags|tagged|tagged with|categories|category|filed under|posted in|topics|labels|keywords) ?: ?.*",
    r"posted in .{1,80}",
    r"(©|\(c\)|copyright\b).{0,120}",
    r".{0,120}\ball rights reserved",
    rf"share (this )?(on|via|to|with|by) ({_SOCIAL})",
    rf"(follow|like|find|join) us( on ({_SOCIAL}))?",
    r"(sign up|subscribe|register)\b.{0,60}\b(newsletter|updates|inbox|emails?)\b.{0,40}",
    r"(get|receive) (our|the) .{0,40}newsletter.{0,40}",
    r"(we|this (web)?site|our (web)?site) uses? cookies\b.{0,400}",
    r"by (continuing|using|clicking).{0,80}\bcookies?\b.{0,200}",
    r"(accept|reject|allow|manage|customi[sz]e) (all |our )?cookies?.{0,40}",
    r"(read more|related|see also|also read|read also|recommended|more|must read|don't miss|further reading)"
    r" ?: .{1,160}",
    r"(photo|photograph|image|illustration|picture|credit|image credit|photo credit|source|via)"
    r" ?(by|:) .{1,120}",
    r"\d{1,3} ?(min|mins|minute|minutes) (read|listen)",
    r"(previous|next|older|newer) (post|article|story|entry) ?: .{1,160}",
    r"(click|tap) here\b.{0,80}",
    r"(leave|post|add|write) a (comment|reply|response).{0,40}",
    r"your email address will not be published.{0,160}",
    r"required fields are marked.{0,20}",
    r"search( (the|our|this))? ?(docs|documentation|site|website|blog|articles|posts|news|help|recipes)?( \.\.\.|…)?",
    r"was this (page|article|post|answer|information|guide) (helpful|useful)\??",
    r"(did you find|do you find) this (page|article|post) (helpful|useful)\??",
    r"edit (this page|on github|this page on github|page source|source)",
    r"(this page was |page |content )?(last )?(updated|modified|edited|reviewed)( on)?:? .{0,30}\d{4}.{0,20}",
    r"next review( due)?:? .{0,30}\d{4}",
    r"text is available under the creative commons.{0,400}",
    r"toggle .{1,60} subsection|\d{1,3} languages?|show (more|less)",
    r"\d[\d,.]*k? (followers|subscribers|claps|restacks|views|votes|ratings|reviews)",
    r"over [\d,.]+k? (subscribers|readers|followers)",
    r"discover more from .{1,80}",
    r"thanks for reading .{1,80}[!.] ?(subscribe|sign up) .{0,160}",
    r"(this|our) (post|article|page|site|recipe) (may )?contains? affiliate links.{0,200}",
    r"(as an amazon associate|we may earn (a )?commission).{0,200}",
    r"(tried|made|love) this recipe\?.{0,160}",
    r"\d(\.\d)? (from|out of) [\d,]+ (votes|ratings|reviews)",
    r"(blog at|proudly powered by|powered by) [\w. ]{1,40}",
    r".{10,300}[.!?]? (photograph|photo|photos|picture|image|illustration|composite|video|graphic)"
    r"( credit)?: (?-i:[A-Z])[^.]{0,80}",
    r"(jump|skip) to (recipe|video|comments|reviews|main content|navigation|footer)",
    r"(print|save|rate|pin|share) (this )?recipe",
    r".{0,200}\((getty images|shutterstock|istock|unsplash|pexels|reuters|ap photo|afp|photo|image|credit|"
    r"pictured|file photo)[^)]{0,80}\)",
    r".{0,160}\b(getty images|shutterstock|istockphoto|unsplash|pexels)\b.{0,40}",
    r"(home|start|main)( ?(>|/|»|›|→|\||::|•) ?[^>/»›→|•]{1,40}){1,6}",
    r"[^>/»›→]{1,40}( ?(>|»|›|→) ?[^>/»›→]{1,40}){2,6}",
)
"""Whole-line patterns for chrome that varies (counts, names, breadcrumbs), as one alternation: a
line is chrome when one of them matches all of it (one scan per line instead of one per pattern)."""

_ARROW_LINK: Final = re.compile(
    r"[«‹][^«‹»›]{0,119}[^«‹»›.!?…\s]|[^«‹»›]{0,119}[^«‹»›.!?…\s] ?[»›]|[«‹].{1,200} \| .{1,200}|.{1,200} \| .{1,200}[»›]"
)
"""A link to another page marked by an arrow: "« Older post", "Read more »", "« A | Main | B »". Matched
on the line as it stands: a quotation in guillemets ends in its sentence's mark or closes what it opens."""


TOC_HEADERS: Final[frozenset[str]] = _word_set(
    """
    contents|table of contents|in this article|in this post|in this guide|in this page|on this page
    jump to|jump to section|skip to section|article contents|quick links|what's in this article
    what’s in this article|what's inside|what’s inside|sections|toc|outline|overview of contents
    """
)
"""Headers that introduce a table of contents."""


@lru_cache(maxsize=8192)
def is_chrome_line(line: str) -> bool:
    """True if ``line`` as a whole is page chrome (share buttons, banners…). Cached: the contents
    step, the title filter and the chrome step ask about the same lines of a page."""
    key = chrome_key(line)
    if not key:
        return bool(line.strip())  # a line of only bullets or separators
    if key in CHROME_LINES:
        return True
    if len(line) > 600:
        return False
    flat = re.sub(r"\s+", " ", line).strip()
    return bool(_CHROME_PATTERNS.fullmatch(flat) or _CHROME_PATTERNS.fullmatch(key) or _ARROW_LINK.fullmatch(flat))


def is_navigation_line(line: str) -> bool:
    """True for menu/section labels ("Blog", "Health") that are chrome at page edges."""
    return chrome_key(line) in NAVIGATION_WORDS or is_chrome_line(line)


def is_toc_header(line: str) -> bool:
    """True for "Contents", "Table of Contents", "In this article"…"""
    key = re.sub(r"\s*\[?(hide|show)\]?$", "", chrome_key(line))
    return key in TOC_HEADERS


__all__ = [
    "CHROME_LINES",
    "NAVIGATION_WORDS",
    "TOC_HEADERS",
    "chrome_key",
    "is_chrome_line",
    "is_navigation_line",
    "is_toc_header",
]

"""Plain text, typically scraped from a web page, to a :class:`RawDocument`.

Scraped text has lost its markup: headings are bare short lines, paragraphs
may be one line each or hard-wrapped at 72–80 columns, and the page's chrome
(breadcrumbs, share buttons, "Related posts") is mixed in. The pipeline:

1. normalise odd characters and line ends;
2. cut the text into *units* (paragraphs, list items, quotes, code), joining
   the lines of hard-wrapped paragraphs;
3. drop chrome at the page edges, isolated chrome lines, the page tail and
   the readers' comment thread after the article;
4. drop a table of contents that repeats later headings;
5. take the title (a repeated title counts once) and byline lines
   (:mod:`reader.document.loaders.titlebyline`);
6. score each remaining line as heading or prose, and give headings levels
   from explicit markers (``#``, underlines, ``2.3``) or from structure
   (a heading followed directly by a heading is its parent).

Steps 2 and 6 live in :mod:`reader.document.loaders.units` and
:mod:`reader.document.loaders.headings`; this module normalises, drops chrome, finds
the title and byline, and puts the steps together.
"""

from __future__ import annotations

import re
from typing import Callable, Final

import numpy as np

from reader.document.loaders import article_language, chrome
from reader.document.loaders.boilerplate import article_scores, load_model
from reader.document.loaders.bylines import byline_author as _byline_author
from reader.document.loaders.bylines import in_language
from reader.document.loaders.comments import thread_start
from reader.document.loaders.linebudget import within_budget
from reader.document.loaders.leaks import MARKUP, is_markup, without_image_stand_ins
from reader.document.loaders.fields import under_a_field
from reader.document.loaders.headings import assign_levels, heading_bar, is_body, mark_headings
from reader.document.loaders.pagehead import find_page_head
from reader.document.loaders.pagetitle import body_start
from reader.document.loaders.titlebyline import drop_author_lines, is_dek, is_title_like
from reader.document.loaders.titlebyline import split_title, take_title_and_byline
from reader.document.loaders.titlepieces import mend_cut_title
from reader.document.loaders.toc import drop_table_of_contents as _drop_table_of_contents
from reader.document.loaders.units import Unit, units_from_lines
from reader.document.model import Block, DroppedBlock, RawDocument
from reader.document.language import SAMPLE_CHARS, guess_language
from reader.text import content_words, split_words, word_count

_DROP_CHARS: Final = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u180e"), None)
_SPACE_CHARS: Final = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v]")

_ADMONITION = re.compile(
    r"^(note|tip|hint|warning|caution|important|info|danger|attention|remember|heads up)\s*:?$", re.I
)
MIN_PAGE_WORDS: Final = 120
"""Below this, the text is a snippet, not a page: the model (which judges lines by the page around them)
does not run; the page-head rules still do."""
LEAD_IN_SCORE: Final = 0.6
"""A line ending in a colon that the model trusts this much keeps the list items under it."""
DANGLING_WORDS: Final = 6
DANGLING_SCORE: Final = 0.9
"""The last lines kept that are this short, end in no sentence mark and score below this are not article."""
HEAD_WORDS: Final = 8
"""Lines kept above a found title are page head (kicker, breadcrumb, date) up to this many words."""
HEAD_LINE_WORDS: Final = 20
"""Above a found title, a marked heading, or a line up to this many words that ends no sentence, is page head
too: another story's headline or a section's name, never a section of the article under the title."""
BYLINE_WINDOW: Final = 5
"""A byline is looked for this many units under the title, even where the model judged it chrome."""
PHRASE_SCORE: Final = 0.85
"""Below this article score, a line that is wholly a known chrome phrase ("Advertisement") is dropped."""
PROSE_WORDS: Final = 15
"""A text line this long could be a paragraph of the article (see :data:`FALLBACK_SHARE`)."""
FALLBACK_SHARE: Final = 0.8
"""On a page where no text line of :data:`PROSE_WORDS` or more reaches the model's threshold, the bar drops to
this share of the best such line's score: the page's most article-like paragraph is read, not nothing.
Measured on the corpus's training pages (inscriptis copies): recall 0.951 to 0.954, precision unchanged;
flat for 10 to 20 words and shares 0.6 to 0.9."""
LEAD_PROSE_SCORE: Final = 0.1
"""Between the title and the first paragraph the model kept, a finished sentence of :data:`PROSE_WORDS` words
or more scoring this or above is the article's opening, read (a review's first paragraphs under its byline);
shorter lines the model doubted there go to the page-head rules, and are dropped unless those claim them.
Training split: recall +0.001 to +0.002, precision −0.001 on two renderers; 0.15 measured alike, 0.2 gained nothing."""


def parse(text: str, *, keep_all: bool = False) -> RawDocument:
    """Parse scraped plain text into a title, an author and blocks.

    ``keep_all``: nothing is judged page chrome or page head (menus above the
    title are read too); only a table of contents that repeats the headings
    is left out (and listed in ``dropped``).
    """
    units = units_from_lines(within_budget(normalise(text).split("\n")))
    language = page_language(units)
    with in_language(language):  # bylines and dates in the page's language
        return _parse(units, language, keep_all)


def _parse(units: list[Unit], guessed: str | None, keep_all: bool) -> RawDocument:
    """:func:`parse` on the page's lines, whose language ``guessed`` chooses the boilerplate model."""
    every = list(units)
    dropped: list[DroppedBlock] = []
    titled = False
    doubtful: set[int] = set()
    if keep_all:
        units = _drop_toc(units, dropped)
    elif _word_count(units) < MIN_PAGE_WORDS:
        units = _drop_toc(_drop_markup(units, dropped), dropped)
    else:
        units, titled, doubtful = _drop_chrome(units, guessed, dropped)
    # image stand-ins go once the model has judged the lines (a page's menus and bullets are often images, and
    # the model leans on that), before the page-head rules look for the title and the byline
    stripped = _without_stand_in_units(units)
    titled = titled and bool(stripped) and stripped[0] is units[0]
    units = stripped
    head = None if keep_all else find_page_head(units, lambda i: is_title_like(units[i]), lambda i: is_dek(units[i]))
    if titled and head is not None and head.title_at != 0:
        head = None  # the model's title stands
    if head is not None:
        if head.dek_at is not None:
            units[head.dek_at].kind = "dek"
        units = [u for k, u in enumerate(units) if k not in head.drop]
    title_line, author, units = take_title_and_byline(units, title_first=titled or head is not None)
    title, run_on = split_title(title_line) if title_line else (None, None)
    if run_on:
        dropped.append(DroppedBlock(run_on, "run on to the title line (a date line, or the title again)"))
    if author is None and head is not None:
        author = head.author
    units = _merge_admonition_labels(drop_author_lines(units, author))
    units = [u for u in units if id(u) not in doubtful]
    _note_dropped(every, units, title_line, dropped)
    mark_headings(units)
    article_words = set(content_words(" ".join(u.text for u in units if not u.heading)))
    for unit in units:
        if unit.heading and unit.score < heading_bar(unit, article_words):
            unit.heading = False  # kept to be safe, but too doubtful to be a section a listener jumps to
    assign_levels(units, title)
    blocks = [_to_block(u) for u in units]
    if not keep_all:
        blocks = _drop_empty_headings(blocks, dropped)
    language = article_language(None, blocks, title)
    return RawDocument(title=title, blocks=tuple(blocks), author=author, language=language, dropped=tuple(dropped))


def _drop_empty_headings(blocks: list[Block], dropped: list[DroppedBlock]) -> list[Block]:
    """Headings over no text at all (nothing before the next heading of their
    level or higher, not even in subsections): on a scraped page these are a
    widget's or a teaser list's titles ("Related", "Share this"), and as a
    section they would be a place a listener jumps to and hears nothing."""
    keep: list[Block] = []
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            ends = next(
                (
                    j
                    for j in range(i + 1, len(blocks))
                    if blocks[j].kind == "heading" and blocks[j].level <= block.level
                ),
                len(blocks),
            )
            if not any(b.kind != "heading" for b in blocks[i + 1 : ends]):
                dropped.append(DroppedBlock(block.text, "a heading over no text"))
                continue
        keep.append(block)
    return keep


# --------------------------------------------------------------------------- normalising


def normalise(text: str) -> str:
    """Strip BOM, zero-width and soft-hyphen characters; unify spaces and line ends."""
    text = text.translate(_DROP_CHARS)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n\n")
    text = _SPACE_CHARS.sub(lambda m: "    " if m.group() == "\t" else " ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


# --------------------------------------------------------------------------- chrome


def _word_count(units: list[Unit]) -> int:
    return sum(len(split_words(u.text)) for u in units)


def _page_bar(units: list[Unit], scores: np.ndarray, threshold: float, title_at: int | None) -> float:
    """The article score a unit of this page needs to be read: the model's threshold, unless no prose
    line reaches it (see :data:`FALLBACK_SHARE`). Every page the reader is given holds something to read."""
    prose = [
        s
        for i, (u, s) in enumerate(zip(units, scores))
        if i != title_at and u.kind == "text" and len(split_words(u.text)) >= PROSE_WORDS
    ]
    if not prose or max(prose) >= threshold:
        return threshold
    return float(max(prose)) * FALLBACK_SHARE


def _first_verdicts(units: list[Unit], scores: np.ndarray, bar: float, title_at: int | None) -> dict[int, str]:
    """Why each unit is left out, by its article score, its place above the title and the known chrome
    phrases (the title and code are always kept); each unit also keeps its score."""
    reasons: dict[int, str] = {}
    for i, (unit, score) in enumerate(zip(units, scores)):
        unit.score = float(score)
        if i == title_at or unit.kind == "code":
            continue
        if is_markup(unit.text):
            reasons[i] = MARKUP
        elif score < bar:
            reasons[i] = f"page chrome (article score {score:.2f})"
        elif title_at is not None and i < title_at and _is_head_line(unit):
            reasons[i] = "page head above the title"
        elif score < PHRASE_SCORE and chrome.is_chrome_line(unit.text):
            reasons[i] = "a known page-chrome phrase"
    return reasons


def page_language(units: list[Unit]) -> str | None:
    """The language of the page's prose (its lines of :data:`PROSE_WORDS` words or more, else all of it),
    guessed before anything is dropped: a German page's English menu words do not make it English."""
    prose = [u.text for u in units if word_count(u.text) >= PROSE_WORDS] or [u.text for u in units]
    return guess_language("\n".join(prose)[:SAMPLE_CHARS])


def _drop_chrome(
    units: list[Unit], language: str | None, dropped: list[DroppedBlock]
) -> tuple[list[Unit], bool, set[int]]:
    """Keep what the boilerplate model judges article text (code always) and find the title.

    Returns the units kept, whether the first of them is the title, and the ids of units kept only for the
    page-head rules (drop them after). The short lines the model kept above the title are the page's head
    (kicker, breadcrumb), not article text; a table of contents is dropped too, and the readers' comment thread
    after the article (prose the model keeps). Everything left out is noted in ``dropped`` with its reason.
    """
    model = load_model(language)
    _drop_table_of_contents(units)  # a numbered contents list gives levels even where the model drops it
    judged = model.judge_page(units)
    title_at, pieces = mend_cut_title(units, model.find_title(units, judged, _may_be_title(units)))
    scores = article_scores(judged)
    bar = _page_bar(units, scores, model.threshold, title_at)
    reasons = {**_first_verdicts(units, scores, bar, title_at), **pieces}
    if title_at is not None:
        for i in range(title_at + 1, min(title_at + 1 + BYLINE_WINDOW, len(units))):
            if i in reasons and reasons[i].startswith("page chrome") and _byline_author(units[i].text):
                del reasons[i]  # a byline under the title: the author, taken below
    # a kept line announcing a list ("…one for each theme:") keeps the list under it
    for i, unit in enumerate(units):
        if i not in reasons and unit.text.rstrip().endswith(":") and scores[i] >= LEAD_IN_SCORE:
            j = i + 1
            while j < len(units) and units[j].kind == "list" and reasons.get(j, "").startswith("page chrome"):
                del reasons[j]
                j += 1
    # the model's doubtful lines between the title and the body go to the page-head rules
    # (a bare author name over a date is the author); those rules do not claim stay dropped, unless prose
    doubtful = set()
    if title_at is not None:
        for i in range(title_at + 1, body_start(units, scores, bar)):
            if reasons.get(i, "").startswith("page chrome"):
                del reasons[i]
                if not _is_lead_prose(units[i], scores[i]):
                    doubtful.add(i)
    thread = thread_start(units, lambda i: i not in reasons, 0 if title_at is None else title_at + 1)
    if thread is not None:
        for i in range(thread, len(units)):
            reasons.setdefault(i, "the page's comments, after the article")
    for i in reversed(range(len(units))):
        if i in reasons:
            continue
        if i == title_at or not _is_dangling(units[i]):
            break
        reasons[i] = "short line after the end of the article"
    body = [u for i, u in enumerate(units) if i != title_at and i not in reasons]
    dropped.extend(DroppedBlock(units[i].text, reasons[i]) for i in sorted(reasons))
    after = _drop_toc(body, dropped)
    if title_at is None:
        return after, False, set()
    return [units[title_at], *after], True, {id(units[i]) for i in doubtful}


def _may_be_title(units: list[Unit]) -> Callable[[Unit], bool]:
    """Which lines the title ranker may choose: not a heading the page's own numbered contents list names (one of
    its sections), not a field of a block of ``Key: value`` lines (``Cook time: 35 minutes``; see :func:`under_a_field`
    for its first line), not a known chrome phrase, not HTML markup, not a byline or a line that is only a date."""
    fields = {id(u) for i, u in enumerate(units) if under_a_field(units, i)}
    return lambda unit: (
        unit.toc_level is None
        and id(unit) not in fields
        and not chrome.is_chrome_line(unit.text)
        and not is_markup(unit.text)
        and _byline_author(unit.text) is False
    )


def _drop_markup(units: list[Unit], dropped: list[DroppedBlock]) -> list[Unit]:
    """``units`` without the lines of markup or script a renderer leaked (never read, however short the page),
    which are noted in ``dropped``."""
    leaked = {id(u) for u in units if u.kind != "code" and is_markup(u.text)}
    dropped.extend(DroppedBlock(u.text, MARKUP) for u in units if id(u) in leaked)
    return [u for u in units if id(u) not in leaked]


def _drop_toc(body: list[Unit], dropped: list[DroppedBlock]) -> list[Unit]:
    """``body`` without a table of contents that repeats its headings, which is noted in ``dropped``."""
    after = _drop_table_of_contents(body)
    left = {id(u) for u in after}
    dropped.extend(DroppedBlock(u.text, "table of contents") for u in body if id(u) not in left)
    return after


def _note_dropped(every: list[Unit], kept: list[Unit], title: str | None, dropped: list[DroppedBlock]) -> None:
    """Note every unit that is neither read nor already noted: bylines, dates, repeated titles."""
    seen = {id(u) for u in kept}
    noted = {d.text for d in dropped}
    for unit in every:
        if unit.text and id(unit) not in seen and unit.text not in noted and unit.text != title:
            dropped.append(DroppedBlock(unit.text, "page head (byline, date, counts or a repeated title)"))


def _ends_sentence(text: str) -> bool:
    """Ends in a sentence mark, or a closing quote or bracket after one."""
    return text.rstrip()[-1:] in ".!?…\"”'’)"


def _is_lead_prose(unit: Unit, score: float) -> bool:
    """A paragraph of the article's opening, though the model doubted it (see :data:`LEAD_PROSE_SCORE`)."""
    return score >= LEAD_PROSE_SCORE and word_count(unit.text) >= PROSE_WORDS and _ends_sentence(unit.text)


def _is_head_line(unit: Unit) -> bool:
    """A line that, above the title, is the page's head: short, a marked heading,
    or a headline-length line that ends no sentence."""
    words = len(split_words(unit.text))
    return (
        words <= HEAD_WORDS
        or unit.explicit_level is not None
        or (words <= HEAD_LINE_WORDS and not _ends_sentence(unit.text))
    )


def _is_dangling(unit: Unit) -> bool:
    """A short line with no sentence in it: as the last thing kept, a share button or a label, not article."""
    return (
        unit.kind == "text"
        and len(split_words(unit.text)) <= DANGLING_WORDS
        and not _ends_sentence(unit.text)
        and unit.score < DANGLING_SCORE
    )


def _merge_admonition_labels(units: list[Unit]) -> list[Unit]:
    """A lone "Note" or "Warning" over a paragraph is a callout's label, not a section: "Note: …"."""
    out: list[Unit] = []
    skip = False
    for i, unit in enumerate(units):
        if skip:
            skip = False
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if (
            unit.kind == "text"
            and unit.explicit_level is None
            and _ADMONITION.match(unit.text)
            and nxt is not None
            and nxt.kind == "text"
            and is_body(nxt)
        ):
            nxt.text = f"{unit.text.rstrip(':')}: {nxt.text}"
            out.append(nxt)
            skip = True
            continue
        out.append(unit)
    return out


def _without_stand_in_units(units: list[Unit]) -> list[Unit]:
    """``units`` with their image stand-ins taken out, and those that held nothing else left out (a picture's
    stand-in is nothing the page shows in words, so it is not listed as dropped either)."""
    for unit in units:
        if unit.kind != "code":
            unit.text = without_image_stand_ins(unit.text)
    return [u for u in units if u.text or u.kind == "code"]


def _to_block(unit: Unit) -> Block:
    if unit.kind == "dek":
        return Block("paragraph", unit.text)
    if unit.heading:
        return Block("heading", unit.text, max(1, unit.level))
    if unit.kind == "list":
        return Block("list_item", unit.text)
    if unit.kind in ("quote", "code"):
        return Block(unit.kind, unit.text)
    return Block("paragraph", unit.text)


__all__ = ["normalise", "parse"]

"""Repair mojibake: UTF-8 text that was once decoded in a legacy code page.

Scraped text often carries it ("Itâ€™s", "CafÃ©"): a scraper, a text
browser or the page itself read UTF-8 bytes as Windows-1252 or Latin-1.
A speech engine reads that as "it a euro trade mark s", so the text is
repaired before anything else sees it. The repair is ftfy's (it knows the
code pages, the partly lost sequences and the text that only looks like
mojibake); only its encoding fixes are used, so curly quotes, ligatures,
character widths and HTML entities are left as they are.
"""

from __future__ import annotations

import re
from typing import Final

_SUSPECT: Final = re.compile(
    "[\u00c2-\u00f4]"  # the lead byte of a UTF-8 sequence, read as Latin-1 or Windows-1252...
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\ufffd]"
    # ...then a continuation byte read the same way
)
"""Two characters that UTF-8 read as a legacy code page makes; without them there is nothing to repair
(and ftfy, which costs up to a millisecond a kilobyte, is not loaded)."""


def repair_mojibake(text: str) -> str:
    """``text`` with its mojibake decoded as the UTF-8 it was; text without any is returned as it is."""
    if not _SUSPECT.search(text):
        return text
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text(text, config)


__all__ = ["repair_mojibake"]

"""What a page's renderer leaks into its text that is never to be read: markup and script it did not
recognise, and the file names a text browser prints for images without alt text."""

from __future__ import annotations

import re
from typing import Final

from reader.text import word_count

_TAG: Final = re.compile(r"</?[A-Za-z][^<>]*>")
_IMAGE_STAND_IN: Final = re.compile(
    r"\[(?:[^\[\]\s]*\.(?:gif|jpe?g|png|svg|webp|bmp|ico|tiff?)|IMG|INLINE|USEMAP)\]", re.IGNORECASE
)
"""What a text browser prints for an image without alt text, its file name in brackets (lynx: "[bullet_arrow.gif]
Application deadline", "By Jon Fingas [writer_rss.gif]"): a stand-in for a picture, never words to read."""
_SCRIPT_MARKS: Final = re.compile(
    r"<!--|//\s*-->|/\*\*?|\*/"  # comments (not a bare "-->": prose draws arrows with it)
    r"|<[A-Za-z][\w-]*\s+[\w-]+\s*=|(?:</?[A-Za-z][^<>]*>\s*){2,}"  # a tag with attributes, tags back to back
    # an attribute, its tag's opening cut off by a line break (starting only where its name starts: from each
    # letter of "x:x:x:…" the name ran to the end of the line, a second for 8,000 of them)
    r"|(?<![\w:-])[A-Za-z][\w:-]*=(?:\"[^\"<>]*\"|'[^'<>]*')"
    r"|\b(?:document|window|navigator)\.\w+|\bfunction\s*\w*\s*\(|\bvar\s+\w+\s*="  # the browser's script API
    r"|\b[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*\((?!\s)"  # a method called (Math.round(, $.ajax()
    r"|(?<![\w.])[\w.]+\([^()]*\)\s*;|\w\s*=\s*[\"'][^\"']*[\"']\s*;"  # a call or an assignment as a statement
    r"|[{,]\s*\"\w+\"\s*:\s*[\"{\[\d]"  # a JSON key (after a brace or a comma: not a quoted word and a colon)
)
MARKUP: Final = "HTML markup or script left in the text"
SCRIPT_MARKS_PER_WORD: Final = 0.3
"""A line with this many marks of script or markup per word is code the page's renderer leaked..."""
_CODE_SYMBOLS: Final = re.compile(r"[{}\[\]();=<>\"'+|\\/*&$]")
CODE_SYMBOL_SHARE: Final = 0.12
"""...and so is a line with one mark or more whose characters (spaces aside) are this much code punctuation:
with the tags-only rule, the lines flagged on the training split's renders hold 17,338 words of page chrome against
434 of article (most of them tutorials' code their copies did not mark as code)."""


def is_markup(text: str) -> bool:
    """Nothing but HTML tags (``<a href="…"> <img src="…"></a>``): what a renderer leaves of an ad
    frame's fallback or a ``noscript`` block, with nothing in it to read to a listener; or a line thick with
    script and markup (``document.write(year);``, ``<!-- OAS_AD('Top'); //-->``), which a renderer leaks from
    a page whose scripts it did not recognise."""
    if text.lstrip().startswith("<") and not _TAG.sub("", text).strip():
        return True
    marks = len(_SCRIPT_MARKS.findall(text))
    if not marks:
        return False
    if marks >= SCRIPT_MARKS_PER_WORD * word_count(text):
        return True
    return len(_CODE_SYMBOLS.findall(text)) >= CODE_SYMBOL_SHARE * (len(text) - text.count(" "))


def without_image_stand_ins(text: str) -> str:
    """``text`` without the file names a text browser prints for images (see :data:`_IMAGE_STAND_IN`)."""
    return " ".join(_IMAGE_STAND_IN.sub(" ", text).split()) if "[" in text else text


__all__ = ["MARKUP", "is_markup", "without_image_stand_ins"]

"""File names made from headings: safe on every file system, never able to
leave the output folder."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from pathvalidate import sanitize_filename

MAX_SLUG: Final = 60
EPISODE_STEM: Final = "episode"


def slugify(text: str | None, fallback: str, max_len: int = MAX_SLUG) -> str:
    """``"../../Etc/Passwd"`` → ``"etc-passwd"``; empty results become ``fallback``.

    Letters of any script are kept (a German or Greek heading stays
    readable); everything else (slashes, dots, quotes, control characters)
    becomes one hyphen. pathvalidate then removes whatever a file system
    still objects to, including reserved names such as ``CON``.
    """
    value = unicodedata.normalize("NFKC", text or "").casefold()
    value = re.sub(r"[^\w]+", "-", value, flags=re.UNICODE).strip("-_")
    value = value[:max_len].rstrip("-_")
    value = sanitize_filename(value, platform="universal", max_len=max_len).strip(" .-_")
    return value or fallback


def numbered_name(number: int, total: int, title: str | None, extension: str, fallback: str) -> str:
    """``NN-slug.ext`` with enough digits for ``total`` (at least two)."""
    width = max(2, len(str(total)))
    return f"{number:0{width}d}-{slugify(title, fallback)}.{extension}"

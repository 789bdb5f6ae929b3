"""Blocks of ``Key: value`` lines in scraped plain text: a recipe's "Prep time: 10 minutes" over "Cook time:
35 minutes", a post's "Posted:" and "Author:" lines. A line of such a block is a field, never a section heading
nor the title; the block's first line may be the headline over its fields.
"""

from __future__ import annotations

import re
from typing import Final, Sequence

from reader.document.loaders.units import Unit
from reader.text import word_count

_FIELD = re.compile(r"^([A-Z][\w ]{0,24}):\s+\S.{0,40}$")
"""A "Key: Value" line of a metadata block ("Prep Time: 10 minutes"); group 1 is the key."""
FIELD_LEAD_WORDS: Final = 4
"""The first line of a block of fields whose value runs to this many words is a headline over the block's
fields ("Coast Road: The Storm That Took the Cliff" over "Posted: 3 March 2024" and "Author: Ada Reyes"), not
a field: a field's value is a time, a count or a name ("Prep time: 10 minutes")."""


def in_field_block(units: Sequence[Unit], i: int) -> bool:
    """``units[i]`` is a ``Key: value`` line beside one of another key (``Prep time: 10 minutes`` over
    ``Cook time: 35 minutes``): a field of a block, never a heading, nor the title unless it leads the block
    (:func:`under_a_field`). Beside its own key it is a headline printed twice ("Analysis: Why the vote was
    lost" as breadcrumb and headline), not a block."""
    keys = [m.group(1).casefold() if (m := _FIELD.match(u.text)) else None for u in units[max(0, i - 1) : i + 2]]
    own = keys[1 if i > 0 else 0]
    return own is not None and any(k not in (None, own) for k in keys)


def under_a_field(units: Sequence[Unit], i: int) -> bool:
    """``units[i]`` is a field of a block (:func:`in_field_block`), unless it is the block's first line and its
    value runs to :data:`FIELD_LEAD_WORDS` words or more: a headline over its own fields. Only the title's choice
    asks this; a heading's still weighs every ``Key: value`` line beside another as a field."""
    if not in_field_block(units, i):
        return False
    if i > 0 and _FIELD.match(units[i - 1].text):
        return True
    return word_count(units[i].text.split(":", 1)[1]) < FIELD_LEAD_WORDS


__all__ = ["FIELD_LEAD_WORDS", "in_field_block", "under_a_field"]

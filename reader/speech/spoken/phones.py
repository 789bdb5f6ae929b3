"""Telephone numbers, read digit by digit in their groups: "(555) 123-4567"
is "five five five, one two three, four five six seven", never "five hundred
and fifty-five … to four thousand…" (a quantity and a range).

Recognised: a ``+`` country code followed by groups ("+44 20 7946 0958",
"+1-555-123-4567"), and the North American "(555) 123-4567". Hyphenated
chains without brackets or plus ("555-123-4567") are the digit-chain rule's.
"""

from __future__ import annotations

import re
from typing import Final

from reader.speech.spoken.numbers import NumberWords

PHONE_RE: Final = re.compile(
    r"(?<![\w+])(?:\+[0-9]{1,3}(?:[ .-]?\(?[0-9]{1,5}\)?){2,6}|\([0-9]{3}\) ?[0-9]{3}[ .-][0-9]{4})(?![\w-]|[.,][0-9])"
)
"""A phone number: at least three groups after a ``+`` code, or ``(NNN) NNN-NNNN``."""

PHONE_TRIGGER: Final = re.compile(r"\+[0-9]|\([0-9]{3}\)")


def say_phone(match: re.Match[str], numbers: NumberWords, plus_word: str) -> str:
    """The number's groups, digit by digit, a pause (comma) between groups."""
    text = match.group(0)
    groups = re.findall(r"[0-9]+", text)
    said = ", ".join(numbers.digits(group) for group in groups)
    return f"{plus_word} {said}" if text.startswith("+") else said


__all__ = ["PHONE_RE", "PHONE_TRIGGER", "say_phone"]

"""Speaking rates in words per minute, shared by the outline's timings, the
navigator, presets and engines (a module of its own: no engine is loaded to know them)."""

from __future__ import annotations

from typing import Final

DEFAULT_RATE: Final = 175
"""Default speaking rate in words per minute (espeak-ng's default)."""
MIN_RATE: Final = 80
MAX_RATE: Final = 900
"""The fastest rate a listener may ask for: power listeners use 700–900 words
per minute with espeak-ng, which speaks them (sped up by its sonic stage);
an engine that cannot go that fast clamps to its own limit (pyttsx3: 450)."""

__all__ = ["DEFAULT_RATE", "MAX_RATE", "MIN_RATE"]

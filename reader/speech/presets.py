"""Voice presets: how an article is spoken.

Built-in presets are the ``voices/*.toml`` files the project ships; a user
preset of the same name in ``<config dir>/presets/NAME.toml`` overrides the
built-in key by key (a user file may set only ``rate``). A user file with a
new name adds a preset.
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from reader.speech.engines.base import SpeechSettings
from reader.rates import DEFAULT_RATE, MAX_RATE, MIN_RATE
from reader.errors import ReaderError, UsageError
from reader.paths import config_dir
from reader.resources import voices_dir
from reader.tomlfile import read_toml

DEFAULT_PRESET: Final = "narrator"


@dataclass(frozen=True)
class Preset:
    """Everything about how to speak an article, engine-independent."""

    name: str
    description: str = ""
    engine: str = "auto"
    """Engine name or ``auto``."""
    voice: str | None = None
    """Engine voice id; ``None`` = the engine's default."""
    rate: int = DEFAULT_RATE
    """Words per minute."""
    pitch: int = 50
    """0–100, 50 = normal."""
    volume: float = 1.0
    """0.0–1.0."""
    sentence_pause: float = 0.3
    """Seconds of silence after a sentence."""
    paragraph_pause: float = 0.7
    """Seconds of silence after the last sentence of a paragraph."""
    section_pause: float = 1.2
    """Seconds of silence after the last sentence of a section."""
    announce_headings: bool = True
    """Speak each section heading before its text."""
    heading_template: str = "{title}."
    """How a heading is announced; fields: ``{number}``, ``{title}``, ``{level}``."""
    heading_voice: str | None = None
    """A second voice for headings (``None`` = the main voice)."""
    heading_pitch: int | None = None
    """Pitch of heading announcements, 0–100; ``None`` = the body's pitch raised by
    :data:`HEADING_PITCH_RISE`, so a heading stands out from the text even without a preset of one's own."""
    heading_sound: str = "auto"
    """A short rising two-note chime before each heading while listening: ``on``, ``off``, or ``auto``
    (on when the engine cannot say headings higher, as hibari and Piper cannot)."""
    language: str = "en"
    """Language for spoken-text normalisation."""

    def speech_settings(self) -> SpeechSettings:
        """Settings for body sentences."""
        return SpeechSettings(voice=self.voice, rate=self.rate, pitch=self.pitch, volume=self.volume)

    def heading_settings(self) -> SpeechSettings:
        """Settings for heading announcements: the heading voice, and a pitch of their own."""
        pitch = self.heading_pitch if self.heading_pitch is not None else min(100, self.pitch + HEADING_PITCH_RISE)
        return dataclasses.replace(self.speech_settings(), voice=self.heading_voice or self.voice, pitch=pitch)

    def with_overrides(
        self, *, voice: str | None = None, rate: int | None = None, engine: str | None = None
    ) -> "Preset":
        """Apply ``--voice``/``--rate``/``--engine`` from the command line."""
        changes: dict[str, Any] = {}
        if voice is not None:
            changes["voice"] = voice
        if rate is not None:
            changes["rate"] = _check_rate(rate, "--rate", UsageError)
        if engine is not None:
            changes["engine"] = engine
        return dataclasses.replace(self, **changes)


_FIELDS: Final = {f.name: f for f in dataclasses.fields(Preset)}
HEADING_PITCH_RISE: Final = 15
"""Headings are said this much higher (of 100) than the text by default: a cue that a new section starts."""


def _check_rate(rate: int, where: str, error: type[ReaderError] = ReaderError) -> int:
    """``rate`` if it is in range; ``error`` (a usage error for ``--rate``) otherwise."""
    if not MIN_RATE <= rate <= MAX_RATE:
        raise error(f"{where}: rate {rate} is out of range; use {MIN_RATE}–{MAX_RATE} words per minute")
    return rate


def _read_toml(path: Path) -> dict[str, Any]:
    data = read_toml(path, "preset file")
    unknown = sorted(set(data) - set(_FIELDS) - {"name"})
    if unknown:
        raise ReaderError(
            f"preset file {path} has unknown keys: {', '.join(unknown)}; known keys: {', '.join(sorted(_FIELDS))}"
        )
    return data


HEADING_SOUNDS: Final = ("auto", "on", "off")


def _coerce(data: dict[str, Any], path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "name":
            continue
        expected = _FIELDS[key].type
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "str": isinstance(value, str),
            "str | None": isinstance(value, str),
            "int | None": isinstance(value, int) and not isinstance(value, bool),
        }.get(str(expected), True)
        if not ok:
            raise ReaderError(f"preset file {path}: {key} should be of type {expected}, not {value!r}")
        out[key] = float(value) if expected == "float" else value
    if out.get("heading_sound", "auto") not in HEADING_SOUNDS:
        raise ReaderError(
            f"preset file {path}: heading_sound should be one of {', '.join(HEADING_SOUNDS)}, "
            f"not {out['heading_sound']!r}"
        )
    if "rate" in out:
        _check_rate(out["rate"], f"preset file {path}")
    for key, (low, high) in _RANGES.items():
        if key in out and not low <= out[key] <= high:
            raise ReaderError(f"preset file {path}: {key} = {out[key]:g} is out of range; use {low:g} to {high:g}")
    if "heading_template" in out:
        _check_template(out["heading_template"], path)
    return out


_RANGES: Final = {
    "pitch": (0, 100),
    "heading_pitch": (0, 100),
    "volume": (0.0, 1.0),
    "sentence_pause": (0.0, 10.0),
    "paragraph_pause": (0.0, 10.0),
    "section_pause": (0.0, 10.0),
}
"""Allowed values of a preset's numeric settings (inclusive); pauses in seconds."""


TEMPLATE_FIELDS: Final = ("number", "title", "level")
"""The fields a heading template may use, each plain: no attribute or index
access (``{title.__class__}``), no conversion, no format spec (a width of a
billion characters)."""


def _check_template(template: str, path: Path) -> None:
    """A heading template may use only ``{number}``, ``{title}`` and ``{level}``, plain."""
    try:
        fields = [(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template)]
    except ValueError as exc:
        problem: str | None = str(exc)
    else:
        problem = next((_field_problem(*field) for field in fields if _field_problem(*field)), None)
    if problem is None:
        return
    raise ReaderError(
        f"preset file {path}: heading_template {template!r} is not usable ({problem}); "
        "it may use {number}, {title} and {level}, and {{ }} for literal braces"
    )


def _field_problem(name: str | None, conversion: str | None, spec: str | None) -> str | None:
    if name is None:
        return None  # literal text
    if name == "" or name.isdigit():
        return "numbered fields such as {0} are not available"
    if name not in TEMPLATE_FIELDS:
        return f"unknown field {{{name}}}"
    if conversion or spec:
        return f"{{{name}}} takes no conversion or format"
    return None


def _preset_files() -> dict[str, list[Path]]:
    """Preset name → files that define it, built-in first, user last."""
    found: dict[str, list[Path]] = {}
    for folder in (voices_dir(), config_dir() / "presets"):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found.setdefault(path.stem, []).append(path)
    return found


def preset_names() -> list[str]:
    """All preset names, built-in and user."""
    return sorted(_preset_files())


def load_preset(name: str | None = None) -> Preset:
    """Load a preset by name (``None`` = the default), merging user overrides."""
    name = name or DEFAULT_PRESET
    files = _preset_files().get(name)
    if not files:
        if name == DEFAULT_PRESET:
            return Preset(name=name)
        raise UsageError(f"unknown preset {name!r}; choose one of: {', '.join(preset_names()) or 'none'}")
    values: dict[str, Any] = {}
    for path in files:
        values.update(_coerce(_read_toml(path), path))
    return Preset(name=name, **values)


def list_presets() -> list[Preset]:
    """Every preset, loaded."""
    return [load_preset(name) for name in preset_names()]

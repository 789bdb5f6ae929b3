"""The user's pronunciation rules: ``<config dir>/pronunciations.toml``.

Each rule is a Python regular expression and its replacement, applied to the
text as written, before the built-in spoken-text rules (see
:func:`reader.spoken.make_normalizer`)::

    [[rule]]
    pattern = "\\\\bnginx\\\\b"   # Python regex
    replace = "engine x"        # may use \\1 or \\g<name>
    ignore_case = true          # optional, default false

A broken file is reported once, when it is loaded, naming the file and the
rule number; applying rules never raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Iterable

from reader.errors import ReaderError
from reader.paths import config_dir
from reader.tomlfile import read_toml

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

PRONUNCIATIONS_FILE: Final = "pronunciations.toml"
_REQUIRED: Final = ("pattern", "replace")
_OPTIONAL: Final = ("ignore_case",)


@dataclass(frozen=True)
class Rule:
    """One user pronunciation rule."""

    pattern: re.Pattern[str]
    replace: str
    """Replacement in :func:`re.sub` syntax (``\\1`` and ``\\g<name>`` work)."""
    where: str = ""
    """``"<file> rule <n>"``, for messages."""

    def apply(self, text: str) -> str:
        return self.pattern.sub(self.replace, text)


def default_pronunciations_path() -> Path:
    """Where the user's pronunciation file lives."""
    return config_dir() / PRONUNCIATIONS_FILE


def load_pronunciations(path: Path | None = None) -> list[Rule]:
    """The rules in ``path`` (default: the user's file, if there is one).

    A missing default file means no rules; a missing file given explicitly
    (``--pronunciations FILE``) is an error.
    """
    explicit = path is not None
    path = Path(path) if path is not None else default_pronunciations_path()
    if not explicit and not path.exists():
        return []
    data = read_toml(path, "pronunciation file", unreadable_hint="check the path")
    return parse_pronunciations(data, str(path))


def parse_pronunciations(data: dict[str, Any], where: str) -> list[Rule]:
    """Rules from an already-parsed TOML document (``where`` names it in errors)."""
    unknown = sorted(set(data) - {"rule"})
    if unknown:
        raise ReaderError(
            f"pronunciation file {where} has unknown keys: {', '.join(unknown)}; "
            "write each rule as a [[rule]] table with pattern and replace"
        )
    entries = data.get("rule", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ReaderError(f"pronunciation file {where}: 'rule' must be [[rule]] tables with pattern and replace")
    return [_parse_rule(entry, f"{where} rule {number}") for number, entry in enumerate(entries, start=1)]


def _parse_rule(entry: dict[str, Any], where: str) -> Rule:
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise ReaderError(f"pronunciation file {where}: missing {' and '.join(missing)}; every rule needs pattern and replace")
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise ReaderError(
            f"pronunciation file {where}: unknown keys {', '.join(unknown)}; "
            f"known keys: {', '.join(_REQUIRED + _OPTIONAL)}"
        )
    pattern, replace, ignore_case = entry["pattern"], entry["replace"], entry.get("ignore_case", False)
    if not isinstance(pattern, str) or not pattern:
        raise ReaderError(f"pronunciation file {where}: pattern must be a non-empty string")
    if not isinstance(replace, str):
        raise ReaderError(f"pronunciation file {where}: replace must be a string")
    if not isinstance(ignore_case, bool):
        raise ReaderError(f"pronunciation file {where}: ignore_case must be true or false")
    try:
        compiled = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise ReaderError(
            f"pronunciation file {where}: invalid regular expression {pattern!r}: {exc}; "
            "use Python regex syntax (in TOML, write \\\\b for \\b or use 'single quotes')"
        ) from None
    try:
        # Parses the replacement template (group references) without matching anything.
        compiled.sub(replace, "")
    except (re.error, IndexError) as exc:
        raise ReaderError(f"pronunciation file {where}: invalid replacement {replace!r}: {exc}") from None
    return Rule(pattern=compiled, replace=replace, where=where)


def apply_rules(rules: Iterable[Rule], text: str) -> str:
    """Apply ``rules`` in file order; a rule that fails on some text is skipped."""
    for rule in rules:
        try:
            text = rule.apply(text)
        except (re.error, IndexError, RecursionError):  # e.g. group reference not set
            log.debug("pronunciation %s failed on %r; skipped", rule.where, text, exc_info=True)
    return text


__all__ = ["PRONUNCIATIONS_FILE", "Rule", "apply_rules", "default_pronunciations_path", "load_pronunciations", "parse_pronunciations"]

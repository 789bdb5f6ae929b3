"""The user's pronunciation rules: ``<config dir>/pronunciations.toml``.

Each rule is a Python regular expression and its replacement, applied to the
text as written, before the built-in spoken-text rules (see
:func:`reader.speech.spoken.make_normalizer`)::

    [[rule]]
    pattern = "\\\\bnginx\\\\b"   # Python regex
    replace = "engine x"        # may use \\1 or \\g<name>
    ignore_case = true          # optional, default false

A broken file is reported once, when it is loaded, naming the file and the
rule number. Applying a rule is bounded: a pattern that backtracks without
end (``(a|aa)+$``) or rules that keep doubling the text stop with an error
naming the file and rule, instead of hanging every speaking command. Rules
are matched by the ``regex`` module, which accepts Python's ``re`` syntax and
can be stopped after a time limit (``re`` cannot).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Iterable

import regex

from reader.errors import ReaderError
from reader.fileio import write_text_atomic
from reader.paths import config_dir
from reader.tomlfile import parse_toml, read_toml

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

PRONUNCIATIONS_FILE: Final = "pronunciations.toml"
_REQUIRED: Final = ("pattern", "replace")
_OPTIONAL: Final = ("ignore_case",)


@dataclass(frozen=True)
class Rule:
    """One user pronunciation rule."""

    pattern: regex.Pattern[str]
    replace: str
    """Replacement in :func:`re.sub` syntax (``\\1`` and ``\\g<name>`` work)."""
    where: str = ""
    """``"<file> rule <n>"``, for messages."""

    def apply(self, text: str) -> str:
        """``text`` with the rule applied; :class:`ReaderError` when it runs
        over :data:`RULE_SECONDS` (a pattern that backtracks without end)."""
        try:
            return self.pattern.sub(self.replace, text, timeout=RULE_SECONDS)
        except TimeoutError:
            raise ReaderError(
                f"pronunciation file {self.where}: pattern {self.pattern.pattern!r} took over {RULE_SECONDS:g} s "
                "on one sentence (nested repeats such as (a|aa)+ backtrack without end); simplify it"
            ) from None


RULE_SECONDS: Final = 1.0
"""Longest one rule may take on one sentence; real rules take microseconds."""

MAX_GROWTH: Final = 8
"""The rules may make a sentence at most this many times longer (plus
:data:`GROWTH_ALLOWANCE` characters): rules that double the text would
otherwise grow it without bound."""
GROWTH_ALLOWANCE: Final = 200


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
        raise ReaderError(
            f"pronunciation file {where}: missing {' and '.join(missing)}; every rule needs pattern and replace"
        )
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
        compiled = regex.compile(pattern, regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0))
    except regex.error as exc:
        raise ReaderError(
            f"pronunciation file {where}: invalid regular expression {pattern!r}: {exc}; "
            "use Python regex syntax (in TOML, write \\\\b for \\b or use 'single quotes')"
        ) from None
    problem = _template_problem(compiled, replace)
    if problem:
        raise ReaderError(f"pronunciation file {where}: invalid replacement {replace!r}: {problem}")
    return Rule(pattern=compiled, replace=replace, where=where)


_GROUP_REF_RE: Final = regex.compile(r"\\(?:(\d+)|g<([^>]*)>|(.))", regex.S)


def _template_problem(pattern: regex.Pattern[str], replace: str) -> str | None:
    """Why ``replace`` cannot be a replacement for ``pattern`` (a group it
    does not have, a bad escape), or ``None``; checked without matching."""
    for number, name, other in _GROUP_REF_RE.findall(replace):
        if number and int(number) > pattern.groups:
            return f"invalid group reference {number}"
        if name and not (name.isdigit() and int(name) <= pattern.groups) and name not in pattern.groupindex:
            return f"unknown group name {name!r}"
        if other and other not in "\\abfnrtv" and not other.isdigit():
            return f"bad escape \\{other}"
    return None


def apply_rules(rules: Iterable[Rule], text: str) -> str:
    """Apply ``rules`` in file order. A rule that fails on some text (a group
    reference not set) is skipped; one that runs too long, or rules that grow
    the text past :data:`MAX_GROWTH`, raise :class:`ReaderError` naming the rule."""
    limit = MAX_GROWTH * len(text) + GROWTH_ALLOWANCE
    for rule in rules:
        try:
            text = rule.apply(text)
        except (regex.error, IndexError, RecursionError):  # e.g. group reference not set
            log.debug("pronunciation %s failed on %r; skipped", rule.where, text, exc_info=True)
            continue
        if len(text) > limit:
            raise ReaderError(
                f"pronunciation file {rule.where}: the rules made a sentence over {MAX_GROWTH} times longer "
                "(a replacement that contains its own pattern repeats itself); check this rule"
            )
    return text


def word_pattern(word: str) -> str:
    """The pattern of a rule for ``word`` as written: the whole word, never part of a longer one."""
    return rf"(?<!\w){regex.escape(word.strip())}(?!\w)"


def add_word_rule(word: str, say_as: str, path: Path | None = None) -> Path:
    """Store "say ``word`` (any case) as ``say_as``" in the pronunciation file
    (default: the user's) and return the file.

    A new word's rule is appended, so the file's comments stay; a word that
    already has a rule of this form gets the new reading in its place (the
    file is then written afresh from its rules, without comments). The file is
    checked before and after and written atomically.
    """
    word, say_as = word.strip(), " ".join(say_as.split())
    if not word or not say_as:
        raise ReaderError("a pronunciation needs a word and how to say it")
    path = Path(path) if path is not None else default_pronunciations_path()
    data = read_toml(path, "pronunciation file") if path.exists() else {}
    text = path.read_text(encoding="utf-8") if path.exists() else ""  # read_toml found it readable
    parse_pronunciations(data, str(path))  # a broken file is reported, never overwritten
    pattern = word_pattern(word)
    rule: dict[str, Any] = {"pattern": pattern, "replace": say_as.replace("\\", "\\\\"), "ignore_case": True}
    rules = list(data.get("rule", []))
    key = pattern.casefold()
    same = [i for i, old in enumerate(rules) if old.get("ignore_case") and old.get("pattern", "").casefold() == key]
    if same:
        rules[same[0]] = rule
        text = "".join(_toml_rule(r) for r in rules)
    else:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + _toml_rule(rule)
    parse_pronunciations(parse_toml(text), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return path


def _toml_rule(rule: dict[str, Any]) -> str:
    """One ``[[rule]]`` table (JSON strings are valid TOML basic strings)."""
    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in rule.items()]
    return "[[rule]]\n" + "\n".join(lines) + "\n"


__all__ = [
    "PRONUNCIATIONS_FILE",
    "Rule",
    "add_word_rule",
    "apply_rules",
    "default_pronunciations_path",
    "load_pronunciations",
    "parse_pronunciations",
    "word_pattern",
]

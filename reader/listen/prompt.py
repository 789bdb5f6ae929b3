"""The prompts of ``reader listen`` (go to, find, fix a pronunciation): the
line being typed, edited key by key (pure: keys in, what happened out)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Final, Literal, Protocol

from reader.document.model import Article
from reader.errors import ReaderError
from reader.listen.commands import Action, Command
from reader.listen.console import Console
from reader.listen.navigation import Navigator
from reader.listen.planner import SpeechPlanner
from reader.listen.player import AudioOutput
from reader.safetext import clean
from reader.speech.pronunciations import word_pattern
from reader.speech.utterances import Normalizer

GOTO_PROMPT: Final = "Go to section (name, number, or a time such as 12:30; Enter to go, Escape to cancel): "
SEARCH_PROMPT: Final = "Find (words, Enter to go; Enter alone: the next match): "
PromptKind = Literal["goto", "search", "fix-word", "fix-say"]
PROMPTS: Final[dict[str, tuple[str, str]]] = {
    "goto": (GOTO_PROMPT, "Go to section"),
    "search": (SEARCH_PROMPT, "Find"),
    "fix-word": ("Fix pronunciation: type the word as written (Enter; Escape to cancel): ", "Fix which word?"),
}
"""Each prompt as printed and as spoken (``fix-say`` names the word, so it is made when asked)."""
_SHELL_HINT: Final = re.compile(r";\s*run 'reader .*' to list them\s*$")
_TIME_RE: Final = re.compile(r"^(?:(\d{1,3}):([0-5]\d)|(\d{1,4}(?:\.\d+)?)\s*(?:m|min|mins|minutes?))$", re.I)


def spoken_time(query: str) -> float | None:
    """Seconds in ``12:30`` or ``12m``/``12 min`` (minutes into the article), else ``None``."""
    match = _TIME_RE.match(query.strip())
    if match is None:
        return None
    if match.group(1) is not None:
        return int(match.group(1)) * 60 + int(match.group(2))
    return float(match.group(3)) * 60


@dataclass(frozen=True)
class PromptStep:
    """What one key did at a prompt."""

    kind: Literal["quit", "cancel", "erase", "typed", "enter", "ignored"]
    text: str = ""
    """``typed``: the text added (to echo); ``enter``: the whole line, stripped."""


@dataclass
class LinePrompt:
    """A line being typed at one of the prompts."""

    kind: PromptKind
    text: str = ""

    def press(self, key: str, key_text: Callable[[str], str | None]) -> PromptStep:
        """Apply one key; ``key_text`` gives the text a key types, if any."""
        if key == "ctrl-c":
            return PromptStep("quit")
        if key == "escape":
            return PromptStep("cancel")
        if key == "backspace":
            if not self.text:
                return PromptStep("ignored")
            self.text = self.text[:-1]
            return PromptStep("erase")
        if key == "enter":
            return PromptStep("enter", self.text.strip())
        typed = key_text(key)
        if not typed:
            return PromptStep("ignored")
        self.text += typed
        return PromptStep("typed", typed)


class PromptHost(Protocol):
    """What the prompts need of the listening session."""

    article: Article
    nav: Navigator
    console: Console
    output: AudioOutput
    planner: SpeechPlanner
    clock: Callable[[], float]

    def say(self, text: str, speak: bool = True, always: bool = False) -> None: ...

    def speak_message(self, text: str) -> None: ...

    def apply(self, action: Action, answer: bool = False) -> None: ...

    def quit(self) -> None: ...


class Prompts:
    """The prompt being typed at, if any, and what Enter does at each: go to
    a section or a time (``g``), find words (``/``), fix a pronunciation (``f``)."""

    def __init__(
        self,
        host: PromptHost,
        *,
        key_text: Callable[[str], str | None],
        resolve_section: Callable[[Article, str], int],
        learn_pronunciation: Callable[[str, str], tuple[Normalizer, str]] | None = None,
    ) -> None:
        """``learn_pronunciation(word, say_as)``: stores a pronunciation rule and
        returns the new normaliser and where the rule went (``f``)."""
        self.host = host
        self.key_text = key_text
        self.resolve_section = resolve_section
        self.learn_pronunciation = learn_pronunciation
        self.line: LinePrompt | None = None
        self._fix_word = ""
        """The word being given a pronunciation (between the two ``f`` prompts)."""
        self._last_search = ""

    @property
    def open(self) -> bool:
        """Whether a prompt is waiting for its line."""
        return self.line is not None

    def start(self, kind: PromptKind, text: tuple[str, str] | None = None) -> None:
        """Pause, print the prompt and say what it asks; ``text``: (printed, spoken) instead of the usual."""
        host = self.host
        self.line = LinePrompt(kind)
        if not host.nav.paused:
            host.output.pause()
        prompt, spoken = text or PROMPTS[kind]
        host.console.partial(prompt)
        host.speak_message(spoken)

    def key(self, key: str) -> None:
        """One key typed at the open prompt."""
        host = self.host
        assert self.line is not None
        kind = self.line.kind
        step = self.line.press(key, self.key_text)
        if step.kind == "quit":
            self.end()
            host.quit()
        elif step.kind == "cancel":
            self.end()
            host.say("Cancelled", speak=True)
            self._resume()
        elif step.kind == "erase":
            host.console.partial("\b \b")
        elif step.kind == "typed":
            host.console.partial(clean(step.text))
        elif step.kind == "enter":
            self.end()
            self._answer(kind, step.text)

    def _answer(self, kind: PromptKind, query: str) -> None:
        """Act on what was typed at a ``kind`` prompt and Enter pressed."""
        if kind == "search":
            self._search(query or self._last_search)
        elif not query:
            self.host.say("Cancelled", speak=True)
            self._resume()
        elif kind == "goto":
            self._goto(query)
        else:
            self._fix_step(kind, query)

    def end(self) -> None:
        """Close the prompt: cut its spoken question and end the typed line."""
        self.line = None
        self.host.output.stop_message()
        self.host.console.partial("\n")

    def _resume(self) -> None:
        if not self.host.nav.paused:
            self.host.output.resume()

    def _goto(self, query: str) -> None:
        host = self.host
        seconds = spoken_time(query)
        if seconds is not None:  # "12:30": that far into the article at the current rate
            host.apply(host.nav.goto_time(seconds, host.clock()))
            return
        try:
            index = self.resolve_section(host.article, query)
        except ReaderError as exc:
            # The shell hint ("run 'reader outline'") is no use mid-session.
            message = _SHELL_HINT.sub("", str(exc))
            message = f"{message[:1].upper()}{message[1:]}; press g to try again"
            if host.console.mode != "speech":
                host.console.error(message)
            host.speak_message(message)
            self._resume()
            return
        action = host.nav.handle(Command.GOTO_SECTION, host.clock(), section=index)
        if action.play is None and not action.stop:
            self._resume()  # e.g. "outside the part being read"
        host.apply(action)

    def _search(self, words: str) -> None:
        """Jump to the next sentence holding ``words`` (wrapping round), or say there is none."""
        host = self.host
        self._last_search = words
        found = host.nav.find(words) if words else None
        if found is None:
            host.say(f"Not found: {words}" if words else "Nothing to find yet: type words after /", speak=True)
            self._resume()
            return
        host.apply(host.nav.goto(found, host.clock()))

    def start_fix(self) -> None:
        """``f``: ask for the word to fix, when fixes can be stored."""
        if self.learn_pronunciation is None:
            self.host.say("Pronunciation fixes are not available here", speak=True)
            return
        self.start("fix-word")

    def _fix_step(self, kind: PromptKind, typed: str) -> None:
        """The word (first prompt), then how to say it (second): store the rule and say the sentence again."""
        host = self.host
        if kind == "fix-word":
            sentence = host.nav.order.sentence_text(host.nav.cursor)
            if not re.search(word_pattern(typed), sentence, re.I):  # the rule's own pattern
                host.say(f"{typed} is not a word of this sentence; press f to try again", speak=True)
                self._resume()
                return
            self._fix_word = typed
            self.start("fix-say", (f"Say {typed} as (spell it as it sounds): ", f"Say {typed} as"))
            return
        assert self.learn_pronunciation is not None
        try:
            normalize, where = self.learn_pronunciation(self._fix_word, typed)
        except ReaderError as exc:
            host.say(f"Not saved: {exc}", speak=True, always=True)
            self._resume()
            return
        host.planner.replan(normalize=normalize)
        host.console.line(clean(f"Saved in {where}: {self._fix_word} is said as {typed}"), always=True)
        host.apply(host.nav.handle(Command.REPEAT, host.clock()))
        self._resume()


__all__ = [
    "GOTO_PROMPT",
    "PROMPTS",
    "SEARCH_PROMPT",
    "LinePrompt",
    "PromptHost",
    "PromptKind",
    "PromptStep",
    "Prompts",
    "spoken_time",
]

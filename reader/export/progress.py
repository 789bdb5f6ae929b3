"""Progress events. The export core never prints: it calls a listener with
these, and the CLI decides how to show them (a bar on a terminal, one line
per file otherwise, nothing with ``--quiet``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal, Union


@dataclass(frozen=True)
class ExportStarted:
    """An article's export begins."""

    title: str
    directory: Path
    sections: int
    sentences: int
    """Utterances to speak (sentences and heading announcements)."""
    audio_files: int = 0
    """Audio files it will write: the sections, plus the episode if any."""


@dataclass(frozen=True)
class SentenceSynthesized:
    """One more utterance is synthesized and measured."""

    done: int
    total: int


@dataclass(frozen=True)
class FileWritten:
    """A file is complete under its final name."""

    path: Path
    kind: Literal["section", "episode", "sidecar", "feed"]
    duration: float | None = None
    reused: bool = False
    """True when an identical file from an earlier run was kept."""
    done: int = 0
    """Audio files finished so far for this article."""
    total: int = 0


@dataclass(frozen=True)
class ExportFinished:
    """An article's export is complete."""

    directory: Path
    files: int
    duration: float
    loudness: float
    """Integrated loudness of the episode as planned (LUFS)."""


ExportEvent = Union[ExportStarted, SentenceSynthesized, FileWritten, ExportFinished]
Listener = Callable[[ExportEvent], None]


def ignore(event: ExportEvent) -> None:
    """A listener that does nothing."""

"""What joining section files packet by packet reports (see
:mod:`reader.audio.ogg` for Ogg and Opus, :mod:`reader.audio.aacjoin` for M4B)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import ReaderError


class JoinError(ReaderError):
    """The files cannot be joined without re-encoding (other codec settings, or a damaged file)."""


@dataclass(frozen=True)
class Placement:
    """Where one file lands in the stream joined from the files' packets (samples at :attr:`rate`)."""

    start: int
    """Where the file's audio begins in the joined stream."""
    length: int
    """Samples from there to the end of the file's audio."""
    rate: int
    lead: int = 0
    """Samples into the file's audio where its sound begins (encoder priming the join keeps)."""

    @property
    def start_seconds(self) -> float:
        return self.start / self.rate

    @property
    def seconds(self) -> float:
        return self.length / self.rate

    @property
    def lead_seconds(self) -> float:
        return self.lead / self.rate


__all__ = ["JoinError", "Placement"]

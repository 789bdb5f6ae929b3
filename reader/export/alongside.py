"""The episode of a format whose section files cannot be joined without
re-encoding (FLAC), encoded at the same time as the sections
instead of after them.

Both are encoded from the same synthesized speech (the cache), so the section
encoders and the episode's share the machine's cores instead of the episode
running alone at the end. The episode is started once the gain is known; if
the gain then changes (the loudness check encodes again) it is started anew,
and one left unused is deleted.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Sequence

from reader.audio.formats import AudioFormat
from reader.export.encoding import encode_episode
from reader.export.tracks import Track
from reader.speech.utterances import Synthesizer


class EpisodeAlongside:
    """One episode encoding in a background thread, into a hidden file beside the final one."""

    def __init__(
        self,
        tracks: Sequence[Track],
        synthesizer: Synthesizer,
        fmt: AudioFormat,
        channels: int,
        rate: int,
        target: Path,
    ) -> None:
        self.tracks, self.synthesizer, self.fmt = tracks, synthesizer, fmt
        self.channels, self.rate, self.target = channels, rate, target
        self._gain: float | None = None
        self._path: Path | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._measured: dict[int, threading.Event] = {}

    def start(self, gain: float) -> None:
        """Encode the episode at ``gain`` (an earlier encoding at another gain is dropped)."""
        if self._thread is not None and self._gain == gain:
            return
        self.discard()
        fd, name = tempfile.mkstemp(prefix=f".{self.target.stem}.", suffix=self.target.suffix, dir=self.target.parent)
        os.close(fd)
        self._path, self._gain, self._error = Path(name), gain, None
        self._stop = threading.Event()
        self._measured = {id(track): threading.Event() for track in self.tracks}
        self._thread = threading.Thread(target=self._run, args=(self._path, gain, self._stop), name="episode")
        self._thread.start()

    def track_measured(self, track: Track) -> None:
        """``track``'s layout (utterance starts and lengths) is known: the episode may take it."""
        event = self._measured.get(id(track))
        if event is not None:
            event.set()

    def _wait_for(self, track: Track) -> None:
        event, stop = self._measured[id(track)], self._stop
        while not event.wait(0.1):
            if stop.is_set():
                return  # encode_episode sees the stop and gives up

    def _run(self, path: Path, gain: float, stop: threading.Event) -> None:
        try:
            encode_episode(
                path, self.tracks, self.synthesizer, self.fmt, self.channels, gain, self.rate, stop, self._wait_for
            )
        except BaseException as exc:  # noqa: BLE001 - reported by take()
            self._error = exc

    def take(self, gain: float) -> Path | None:
        """The finished episode if it was encoded at ``gain``, else ``None`` (the caller encodes it);
        an encoding error is raised."""
        if self._thread is None or self._gain != gain:
            self.discard()
            return None
        self._thread.join()
        self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            self._delete()
            raise error
        path, self._path = self._path, None
        return path

    def discard(self) -> None:
        """Stop an encoding still running and delete its file."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        self._delete()

    def _delete(self) -> None:
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink()
            self._path = None


__all__ = ["EpisodeAlongside"]

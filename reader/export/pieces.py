"""Section files cut from a run encoder's stream (see
:mod:`reader.audio.splitting`), and the episode joined from section files:
MP3 frames and PCM samples copied, Ogg and Opus packets
(:mod:`reader.audio.ogg`), or M4B's AAC packets (:mod:`reader.audio.aacjoin`).

A section file is written under a temporary name, tagged, and renamed only
once all of it has arrived, like every other output.
"""

from __future__ import annotations

import contextlib
import wave
from pathlib import Path
from typing import Callable, Sequence

from reader.audio import aacjoin, ogg
from reader.audio.formats import AudioFormat
from reader.audio.packetjoin import JoinError, Placement
from reader.export.tags import Chapter, TrackTags, write_tags
from reader.export.tracks import Track
from reader.fileio import atomic_path


COPY_CHUNK = 1 << 20
"""Bytes copied at a time when joining sections (memory stays flat)."""


class _Abandoned(Exception):
    """Thrown into :func:`atomic_path` to make it delete the temporary file."""


class SectionFile:
    """One section's bytes arriving from the encoder, written atomically.

    ``on_done(seconds, audio_bytes)`` is called once the file is in place:
    its decoded length, and for MP3 how many bytes of frames end the file
    (the tag is added before them, never after)."""

    def __init__(
        self,
        path: Path,
        fmt: AudioFormat,
        channels: int,
        tags: TrackTags,
        on_done: Callable[[float, int], None],
    ) -> None:
        self.path = path
        self.fmt = fmt
        self.tags = tags
        self.on_done = on_done
        self.audio_bytes = 0
        self._context = atomic_path(path)
        self.tmp = self._context.__enter__()
        self._wave: wave.Wave_write | None = None
        if fmt.name == "wav":
            self._wave = wave.open(str(self.tmp), "wb")
            self._wave.setnchannels(channels)
            self._wave.setsampwidth(2)
            self._wave.setframerate(fmt.sample_rate)
            self._file = None
        else:
            self._file = open(self.tmp, "wb")

    def write(self, data: bytes) -> None:
        self.audio_bytes += len(data)
        if self._wave is not None:
            self._wave.writeframesraw(data)
        else:
            assert self._file is not None
            self._file.write(data)

    def finish(self, samples: int) -> None:
        """Everything arrived: tag, put in place, report the decoded length."""
        try:
            self._close()
            write_tags(self.tmp, self.fmt, self.tags)
        except BaseException:
            self.abort()
            raise
        self._context.__exit__(None, None, None)
        self.on_done(samples / self.fmt.sample_rate, self.audio_bytes)

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._close()
        self._context.__exit__(_Abandoned, _Abandoned(), None)

    def _close(self) -> None:
        if self._wave is not None:
            self._wave.close()  # writes the final sizes into the header
        elif self._file is not None and not self._file.closed:
            self._file.close()


def decoded_duration(path: Path, fmt: AudioFormat) -> float:
    """Seconds a cut section file decodes to (every frame, or every sample)."""
    if fmt.name == "mp3":
        from reader.audio.mp3frames import count_frames

        frames, per_frame = count_frames(path)
        return frames * per_frame / fmt.sample_rate
    with wave.open(str(path), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


def join_sections(
    parts: Sequence[Path],
    target: Path,
    fmt: AudioFormat,
    tags: TrackTags,
    chapters: Sequence[Chapter],
    audio_bytes: Sequence[int | None] | None = None,
) -> None:
    """Write ``target`` as the sections' audio one after another (no
    re-encoding: MP3 frames or PCM samples are copied, a chunk at a time, Ogg
    and Opus packets a file at a time), then tag it.

    ``audio_bytes`` may give, per part, how many bytes of MP3 frames end the
    file (known for files just cut, see :class:`SectionFile`); other parts
    are scanned frame by frame for where their audio starts and ends."""
    with atomic_path(target) as tmp:
        if fmt.name == "m4b":
            aacjoin.join(parts, tmp)
        elif ogg.joinable(fmt.name):
            ogg.join(parts, tmp, fmt.name)
        elif fmt.name == "mp3":
            from reader.audio.mp3frames import audio_span

            known = list(audio_bytes) if audio_bytes is not None else [None] * len(parts)
            with open(tmp, "wb") as out:
                for part, size in zip(parts, known):
                    start, end = _frames_at_end(part, size) if size is not None else audio_span(part)
                    with open(part, "rb") as source:
                        source.seek(start)
                        for offset in range(start, end, COPY_CHUNK):
                            out.write(source.read(min(COPY_CHUNK, end - offset)))
        else:
            with wave.open(str(tmp), "wb") as out:
                for number, part in enumerate(parts):
                    with wave.open(str(part), "rb") as source:
                        if number == 0:
                            out.setparams(source.getparams())
                        frames = COPY_CHUNK // (source.getsampwidth() * source.getnchannels())
                        while chunk := source.readframes(frames):
                            out.writeframesraw(chunk)
        write_tags(tmp, fmt, tags, chapters)


def packets_joinable(fmt: AudioFormat) -> bool:
    """Whether the episode is joined from the section files' packets (Ogg, Opus, M4B)."""
    return ogg.joinable(fmt.name) or fmt.name == "m4b"


def place_packets(tracks: Sequence[Track], directory: Path, fmt: AudioFormat) -> bool:
    """Where each track's file will lie in the episode joined from the files'
    packets, read from them: its start, length and where its sound begins;
    ``False``, with nothing changed, if the files cannot be joined."""
    paths = [directory / t.filename for t in tracks]
    try:
        placements: list[Placement] = aacjoin.layout(paths) if fmt.name == "m4b" else ogg.layout(paths, fmt.name)
    except JoinError:
        return False
    for track, placement in zip(tracks, placements):
        track.start_time, track.duration = placement.start_seconds, placement.seconds
        track.lead = placement.lead_seconds
    return True


def _frames_at_end(path: Path, size: int) -> tuple[int, int]:
    """Byte span of the ``size`` bytes of MP3 frames that end ``path``,
    checked to begin with a frame header (else the file is scanned)."""
    from reader.audio.mp3frames import audio_span, frame_header

    end = path.stat().st_size
    start = end - size
    with open(path, "rb") as handle:
        handle.seek(max(0, start))
        head = handle.read(4)
    if start < 0 or not frame_header(head, 0)[0]:
        return audio_span(path)
    return start, end

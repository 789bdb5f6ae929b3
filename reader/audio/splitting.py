"""One encoder for several sections, its output cut into one file per
section.

Starting an encoder costs about 60 ms, and one per section adds up; so
several sections are streamed into a single ffmpeg process and its output is
cut where each section ends:

* MP3 is encoded at constant bit rate without the bit reservoir, so every
  frame decodes on its own, and with no Xing/Info frame. Each section's PCM
  is padded to a whole number of 1152-sample frames (at the output rate), so
  section starts fall on frame boundaries. The decoded stream trails the
  input by LAME's delay (:data:`LAME_DELAY`, 25 ms): a section's file starts
  with the last 25 ms of the previous section's pause (or the encoder's
  silent priming) and ends 25 ms before its own pause does. Sections are
  padded so that at least :attr:`CutGrid.tail` of silence follows their
  sound, so no cut ever touches speech.
* WAV is headerless PCM from ffmpeg (which also resamples), cut at sample
  counts.

Concatenating the pieces in order gives back the stream exactly; and since
every cut lies in silence, sections need not be consecutive in the article:
the episode is the section files joined in section order, whichever stream
each came from.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

from reader.audio.formats import AudioFormat
from reader.audio.mp3frames import frame_header

MP3_FRAME: Final = 1152
"""Samples per MPEG-1 Layer III frame (the output is 44.1 kHz)."""
LAME_DELAY: Final = 1105
"""Output samples by which decoded LAME audio trails its input when no
LAME tag says to skip them: 576 encoder delay + 529 decoder delay (what
ffmpeg reports as the encoder's initial padding; measured with an impulse
for 16, 22.05, 24 and 44.1 kHz input, ffmpeg's resampler adds none)."""
GRANULE: Final = 576
"""The MDCT overlap: the decoder's first granule of a frame also depends
on the frame before it."""


@dataclass(frozen=True)
class CutGrid:
    """Where a format's encoded stream can be cut (in output samples)."""

    unit: int
    """Samples in the smallest piece that can be cut out (an MP3 frame)."""
    delay: int
    """Samples by which the decoded stream trails the encoder's input."""
    tail: int
    """Silence that must follow a section's last sound, so that the cut
    (``delay`` samples early) and the next frame's overlap miss it."""


GRIDS: Final = {
    "mp3": CutGrid(MP3_FRAME, LAME_DELAY, LAME_DELAY + GRANULE),
    "wav": CutGrid(1, 0, 0),
}


def cuttable(fmt: AudioFormat) -> bool:
    """Whether one encoder's output can be cut into section files."""
    return fmt.name in GRIDS


class Piece(Protocol):
    """Where one section's encoded bytes go."""

    def write(self, data: bytes) -> None: ...

    def finish(self, samples: int) -> None:
        """All bytes are written; ``samples`` is the decoded length."""

    def abort(self) -> None: ...


class RunTimeline:
    """Pads the sections of a run so that each ends on a cut point.

    Positions are counted from the start of the run, at the encoder's input
    rate (``inputs``) and at the output rate (``outputs``). A section may end
    between two input samples when the rates are not multiples of each other;
    that moves its sound by less than one input sample, which is harmless
    since sections end in silence.
    """

    def __init__(self, input_rate: int, output_rate: int, grid: CutGrid) -> None:
        self.input_rate = input_rate
        self.output_rate = output_rate
        self.grid = grid
        self.inputs = 0
        self.outputs = 0

    def close_section(self, written: int, trailing_silence: int) -> tuple[int, int]:
        """A section of ``written`` input samples, the last
        ``trailing_silence`` of them silent, is complete: return the input
        samples of silence to add and the output samples the section spans."""
        sound_end = self.inputs + written
        # Output samples needed to cover it, plus silence for the cut (ceil).
        needed = -(-sound_end * self.output_rate // self.input_rate)
        needed += max(0, self.grid.tail - trailing_silence * self.output_rate // self.input_rate)
        unit = self.grid.unit
        end = -(-needed // unit) * unit
        input_end = (end * self.input_rate + self.output_rate // 2) // self.output_rate
        padding = input_end - sound_end
        span = end - self.outputs
        self.inputs, self.outputs = input_end, end
        return padding, span


COLLECT_EVERY: Final = 1 << 22
"""Bytes of PCM written between looks at the encoder's output (~95 s at
22.05 kHz), so a very long section never piles up in memory."""


class SplitEncoder:
    """Encodes sections one after another with one ffmpeg process and hands each
    section's bytes to its :class:`Piece` as the encoder writes them.

    ffmpeg writes to ``stream_path``; now and then the part of the file
    written so far is read and cut, so finished sections become files while
    later ones are still being encoded (and an interrupted export keeps
    them). ``keep_tail`` gives the encoder's final flush frame to the last
    section (true when that section ends the article; otherwise the next
    section's start stands in for it). It may be set any time before the
    last section begins.
    """

    def __init__(
        self, stream_path: Path, fmt: AudioFormat, input_rate: int, channels: int = 1, *, keep_tail: bool = True
    ) -> None:
        from reader.audio.ffmpeg import Encoder

        self.fmt = fmt
        self.grid = GRIDS[fmt.name]
        self.timeline = RunTimeline(input_rate, fmt.sample_rate, self.grid)
        self.keep_tail = keep_tail
        self._frame_bytes = 2 * channels  # for PCM: one sample of every channel
        self._written = 0
        self._unread = 0
        self._pending: collections.deque[_Section] = collections.deque()
        self._buffer = bytearray()
        stream_path.write_bytes(b"")  # ffmpeg truncates this very file, so the reader sees its output
        self._stream = open(stream_path, "rb")
        try:
            self._encoder = Encoder(stream_path, fmt, input_rate, channels, cuttable=True)
        except BaseException:
            self._stream.close()
            raise

    def begin_section(self, piece: Piece) -> None:
        """What is written from now on, until :meth:`end_section`, is one
        section, whose bytes go to ``piece``."""
        self._pending.append(_Section(piece))

    def write(self, pcm: bytes) -> None:
        """Mono 16-bit PCM at the input rate for the current section."""
        self._encoder.write(pcm)
        self._written += len(pcm) // 2
        self._unread += len(pcm)
        if self._unread >= COLLECT_EVERY:
            self._collect(final=False)

    def end_section(self, trailing_silence: int) -> None:
        """The current section is complete (its last ``trailing_silence``
        input samples silent): pad it to a cut point."""
        padding, span = self.timeline.close_section(self._written, trailing_silence)
        if padding:
            self._encoder.write(b"\x00\x00" * padding)
        self._pending[-1].units = span // self.grid.unit
        self._written = 0
        self._collect(final=False)

    def close(self) -> None:
        """Finish encoding and hand out every remaining section."""
        self._encoder.close()
        try:
            self._collect(final=True)
        finally:
            self._stream.close()

    def abort(self) -> None:
        """Stop the encoder; sections not yet complete are abandoned."""
        self._encoder.abort()
        self._stream.close()
        while self._pending:
            self._pending.popleft().piece.abort()

    def _collect(self, final: bool) -> None:
        self._unread = 0
        self._buffer += self._stream.read()
        data = memoryview(self._buffer)
        pos = 0
        try:
            while self._pending:
                section = self._pending[0]
                # A section still being written takes every whole unit there
                # is: the encoder cannot be ahead of what it was given.
                wanted = section.units - section.given if section.units is not None else 1 << 62
                length, units = self._take(data, pos, wanted)
                if length:
                    section.piece.write(bytes(data[pos : pos + length]))
                    pos += length
                    section.given += units
                if section.units is None:
                    break
                last = len(self._pending) == 1
                if section.given < section.units and not final:
                    break  # the encoder has not written the rest yet
                if last and self.keep_tail and not final:
                    break  # the flush frame at the very end still belongs to it
                if last and final:
                    pos = self._finish_last(section, data, pos)
                self._pending.popleft()
                section.piece.finish(section.given * self.grid.unit)
        finally:
            data.release()
            del self._buffer[:pos]

    def _finish_last(self, section: "_Section", data: memoryview, pos: int) -> int:
        """The run's last section at the end of the stream: MP3 keeps the
        flush frame(s) if this run ends the article; PCM is made exactly as
        long as planned (a resampler may be one sample off)."""
        assert section.units is not None
        if self.grid.unit == 1:
            missing = section.units - section.given
            if missing > 0:
                section.piece.write(b"\x00" * (missing * self._frame_bytes))
                section.given += missing
        elif self.keep_tail:
            length, units = self._take(data, pos, 1 << 62)
            if length:
                section.piece.write(bytes(data[pos : pos + length]))
                section.given += units
        return len(data)

    def _take(self, data: memoryview, pos: int, units: int) -> tuple[int, int]:
        """Bytes and units of up to ``units`` whole units available at ``pos``."""
        if self.grid.unit == 1:
            available = (len(data) - pos) // self._frame_bytes
            count = min(units, available)
            return count * self._frame_bytes, count
        length = count = 0
        while count < units:
            size, _, _ = frame_header(data, pos + length)
            if not size or pos + length + size > len(data):
                break
            length += size
            count += 1
        return length, count


@dataclass
class _Section:
    """A section of the run and how much of it has been handed out."""

    piece: Piece
    units: int | None = None
    """Frames (or samples) it spans; ``None`` while it is being written."""
    given: int = 0

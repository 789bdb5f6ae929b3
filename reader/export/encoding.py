"""Synthesize, measure and encode every track, several at once.

Each utterance is synthesized through the cache, gain and a peak limiter
are applied, its loudness is measured (a few floats per second are kept)
and it is streamed straight into an encoder: no section is ever held in
memory whole.

MP3 and WAV: one encoder per core, not per section. Each worker keeps one
ffmpeg process and feeds it whichever section is next in reading order when
it finishes its current one (so the cores finish within one section of each
other); each stream is cut into its section files at frame boundaries
(:mod:`reader.audio.splitting`). Ogg, Opus, FLAC and M4B get one encoder
per section; the Ogg, Opus and M4B episode is their packets joined
(:mod:`reader.audio.ogg`, :mod:`reader.audio.aacjoin`), the FLAC episode is
encoded once more from the cache (:func:`encode_episode`).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import math
import tempfile
import threading
from pathlib import Path
from typing import Callable, Final, Sequence

import numpy as np

from reader.audio.formats import AudioFormat
from reader.audio.loudness import LoudnessMeter, gated_loudness
from reader.audio.pcm import to_pcm16
from reader.audio.splitting import GRIDS, SplitEncoder, cuttable
from reader.speech.engines.base import Engine
from reader.export.gain import processed
from reader.export.manifest import Manifest, digest
from reader.export.options import ExportOptions
from reader.export.progress import FileWritten, Listener, SentenceSynthesized
from reader.export.tags import TrackTags, write_tags
from reader.export.tracks import Track, said, track_tags
from reader.fileio import atomic_path
from reader.speech.utterances import Synthesizer

ENCODING_VERSION: Final = 2
"""Bump when the encoding pipeline changes, so re-runs do not keep old files."""
_FALLBACK_RATE: Final = 22_050
ENCODER_WORK_PREFIX: Final = ".reader-encode."
"""Name prefix of the hidden folder where a stream encoder writes before its
output is cut into section files."""


class _Cancelled(Exception):
    pass


def stream_rate(tracks: list[Track], synthesizer: Synthesizer) -> int:
    """The rate the engine speaks at (every utterance is brought to it)."""
    for track in tracks:
        for utterance in track.utterances:
            if utterance.spoken.strip():
                audio = synthesizer.synthesize(utterance)
                if audio.frames:
                    return audio.sample_rate
    return _FALLBACK_RATE


def encode_all(
    tracks: list[Track],
    synthesizer: Synthesizer,
    options: ExportOptions,
    rate: int,
    gain_source: Callable[[], float],
    manifest: Manifest,
    album: str,
    artist: str,
    engine: Engine,
    listener: Listener,
    on_gain: Callable[[float], None] | None = None,
    on_track: Callable[[Track], None] | None = None,
) -> tuple[float, float]:
    """Synthesize, measure and encode every track, several at once; return
    the integrated loudness of what was encoded (one channel, LUFS) and the
    gain it was encoded with.

    MP3 and WAV are encoded by at most one ffmpeg per worker, each pulling
    the next section from a shared queue whenever it is done with one, its
    output cut into the section files; other formats get one encoder per
    section.

    ``gain_source`` is called in this thread once the workers are started:
    they start their encoders (about 50 ms of ffmpeg start-up each, on an
    otherwise idle core) while it runs, then wait for the gain. ``on_gain``
    hears the gain as soon as it is decided (the episode starts encoding then),
    ``on_track`` each track once it is measured and written."""
    tags = {t.number: track_tags(t, album, artist, len(tracks)) for t in tracks}
    run = _EncodeRun(tracks, tags, synthesizer, options, rate, manifest, engine, listener, on_track)
    return run.run(gain_source, on_gain)


class _EncodeRun:
    """One :func:`encode_all`: what its worker threads share (the gain, the
    reuse decisions, the progress counts, the queue of sections) and the
    steps each worker takes."""

    def __init__(
        self,
        tracks: list[Track],
        tags: dict[int, TrackTags],
        synthesizer: Synthesizer,
        options: ExportOptions,
        rate: int,
        manifest: Manifest,
        engine: Engine,
        listener: Listener,
        on_track: Callable[[Track], None] | None,
    ) -> None:
        self.tracks = tracks
        self.synthesizer = synthesizer
        self.options = options
        self.fmt = options.audio_format
        self.rate = rate
        self.manifest = manifest
        self.directory = manifest.path.parent
        self.engine = engine
        self.listener = listener
        self.on_track = on_track
        self.tags = tags
        """Each track's tags, by track number."""
        self.gain = 1.0
        self.reuse: dict[int, bool] = {}
        self.stop = threading.Event()
        self.ready = threading.Event()
        """Set once the gain and the reuse decisions are known (or on failure)."""
        self._lock = threading.Lock()
        self._sentences = self._files = 0
        self._total_sentences = sum(len(t.utterances) for t in tracks)
        self._total_files = len(tracks) + options.episode
        self._queue = iter(tracks)  # shared by the stream workers, in reading order

    # -- the run ------------------------------------------------------------- #

    def run(self, gain_source: Callable[[], float], on_gain: Callable[[float], None] | None) -> tuple[float, float]:
        """Start the workers, decide the gain while they start their
        encoders, then collect every track's loudness blocks."""
        jobs: list[Callable[[], list[np.ndarray]]]
        if cuttable(self.fmt):
            jobs = [self.encode_stream] * max(1, min(self.options.workers, len(self.tracks)))
        else:
            jobs = [functools.partial(self.encode_track, track) for track in self.tracks]
        blocks: list[np.ndarray] = []
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(self.options.workers, len(jobs)))
        try:
            futures = [pool.submit(job) for job in jobs]
            try:
                self.decide(gain_source())
                if on_gain is not None:
                    on_gain(self.gain)
            except BaseException:
                self.stop.set()
                raise
            finally:
                self.ready.set()
            for future in concurrent.futures.as_completed(futures):
                blocks.extend(future.result())
        except BaseException:
            self.stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return (gated_loudness(np.concatenate(blocks)) if blocks else -math.inf), self.gain

    def decide(self, gain: float) -> None:
        """Set the gain, and which section files an earlier run already wrote with exactly these inputs."""
        self.gain = gain
        inputs = _encoding_inputs(self.fmt, self.options, self.engine, gain)
        for track in self.tracks:
            track.digest = digest(inputs + [dataclasses.asdict(self.tags[track.number]), said(track)])
            self.reuse[track.number] = self.manifest.unchanged(track.filename, track.digest)

    def wait_for_gain(self) -> None:
        self.ready.wait()
        if self.stop.is_set():
            raise _Cancelled()

    # -- progress ------------------------------------------------------------ #

    def sentence_done(self) -> None:
        with self._lock:
            self._sentences += 1
            done = self._sentences
        self.listener(SentenceSynthesized(done, self._total_sentences))

    def file_done(self, track: Track, reused: bool) -> None:
        if self.on_track is not None:
            self.on_track(track)
        track.rewritten = not reused
        if not reused:
            self.manifest.record(track.filename, track.digest)
        with self._lock:
            self._files += 1
            done = self._files
        path = self.directory / track.filename
        self.listener(FileWritten(path, "section", track.duration, reused, done, self._total_files))

    # -- the workers' steps -------------------------------------------------- #

    def measure(self, track: Track, write: Callable[[bytes], None] | None = None) -> np.ndarray:
        """Synthesize and measure one track (streaming it into ``write``); its loudness blocks."""
        if self.stop.is_set():
            raise _Cancelled()
        meter = measure_track(
            track,
            self.synthesizer,
            self.rate,
            self.gain,
            self.fmt.peak_ceiling_db,
            write,
            self.stop,
            self.sentence_done,
        )
        return meter.block_energies()

    def encode_track(self, track: Track) -> list[np.ndarray]:
        """One encoder for one section (formats that cannot be cut)."""
        from reader.audio.ffmpeg import Encoder

        self.wait_for_gain()
        track.lead = 0.0
        reused = self.reuse[track.number]
        if reused:
            energies = self.measure(track)
        else:
            with atomic_path(self.directory / track.filename) as tmp:
                with Encoder(tmp, self.fmt, self.rate, self.options.channels) as encoder:
                    energies = self.measure(track, encoder.write)
                write_tags(tmp, self.fmt, self.tags[track.number])
        track.duration = track.samples / self.rate
        self.file_done(track, reused)
        return [energies]

    def next_track(self) -> Track | None:
        with self._lock:
            return next(self._queue, None)

    def encode_stream(self) -> list[np.ndarray]:
        """One encoder fed with whichever section is next in reading order,
        each time the previous one is done, its output cut into the section
        files. Sections need not be consecutive within a stream: every cut
        lies in silence and the episode is joined in section order."""
        energies: list[np.ndarray] = []
        with tempfile.TemporaryDirectory(prefix=ENCODER_WORK_PREFIX, dir=self.directory) as work:
            stream = Path(work) / f"stream.{self.fmt.extension}"
            # Started before the gain is known, so ffmpeg's start-up overlaps it.
            splitter = SplitEncoder(stream, self.fmt, self.rate, self.options.channels, keep_tail=False)
            encoded = False
            try:
                self.wait_for_gain()
                while (track := self.next_track()) is not None:
                    if self.reuse[track.number]:
                        energies.append(self._keep_in_stream(track))
                    else:
                        energies.append(self._cut_from_stream(track, splitter))
                        encoded = True
                if encoded:
                    splitter.close()
                else:
                    splitter.abort()
            except BaseException:
                splitter.abort()
                raise
        return energies

    def _stream_lead(self) -> float:
        return GRIDS[self.fmt.name].delay / self.fmt.sample_rate

    def _keep_in_stream(self, track: Track) -> np.ndarray:
        """A section file an earlier run wrote: measured again, not encoded."""
        from reader.export.pieces import decoded_duration

        energies = self.measure(track)
        track.lead, track.duration = self._stream_lead(), decoded_duration(self.directory / track.filename, self.fmt)
        track.audio_bytes = None  # scanned when the episode is joined
        self.file_done(track, True)
        return energies

    def _cut_from_stream(self, track: Track, splitter: SplitEncoder) -> np.ndarray:
        """Encode one section into the stream and have its file cut out of it."""
        from reader.export.pieces import SectionFile

        lead = self._stream_lead()

        def done(seconds: float, audio_bytes: int) -> None:
            track.lead = lead
            track.duration = seconds
            track.audio_bytes = audio_bytes if self.fmt.name == "mp3" else None
            self.file_done(track, False)

        # The encoder's final flush frame belongs to the article's end.
        splitter.keep_tail = track is self.tracks[-1]
        path = self.directory / track.filename
        splitter.begin_section(SectionFile(path, self.fmt, self.options.channels, self.tags[track.number], done))
        energies = self.measure(track, splitter.write)
        splitter.end_section(track.samples - (track.starts[-1] + track.lengths[-1]))
        return energies


def measure_track(
    track: Track,
    synthesizer: Synthesizer,
    rate: int,
    gain: float,
    ceiling_db: float,
    write,
    stop: threading.Event,
    sentence_done,
) -> LoudnessMeter:
    """Synthesize a track utterance by utterance, fill in its timeline,
    measure the loudness of the processed audio and (if ``write`` is given)
    stream it into an encoder."""
    meter = LoudnessMeter(rate)
    track.starts, track.lengths, track.samples = [], [], 0
    for utterance in track.utterances:
        if stop.is_set():
            raise _Cancelled()
        y = processed(synthesizer.synthesize(utterance), rate, gain, ceiling_db)
        pause = round(utterance.pause_after * rate)
        track.starts.append(track.samples)
        track.lengths.append(y.size)
        if y.size:
            meter.add(y, track.samples)
        track.samples += y.size + pause
        if write is not None:
            write(to_pcm16(y) + b"\x00\x00" * pause)
        sentence_done()
    meter.extend_to(track.samples)
    return meter


def encode_episode(
    target: Path,
    tracks: Sequence[Track],
    synthesizer: Synthesizer,
    fmt: AudioFormat,
    channels: int,
    gain: float,
    rate: int,
    stop: threading.Event | None = None,
    before_track: Callable[[Track], None] | None = None,
) -> None:
    """Stream every track (from the cache) into one encoder, for formats
    whose files cannot be joined without re-encoding; ``stop`` abandons it,
    ``before_track`` waits until a track is measured (its layout known)."""
    from reader.audio.ffmpeg import Encoder

    with Encoder(target, fmt, rate, channels) as encoder:
        for track in tracks:
            if before_track is not None:
                before_track(track)
            for utterance, start, length, end in zip(
                track.utterances, track.starts, track.lengths, track.starts[1:] + [track.samples]
            ):
                if stop is not None and stop.is_set():
                    raise _Cancelled()
                y = processed(synthesizer.synthesize(utterance), rate, gain, fmt.peak_ceiling_db)[:length]
                encoder.write(to_pcm16(y) + b"\x00\x00" * (end - start - y.size))


def _encoding_inputs(fmt: AudioFormat, options: ExportOptions, engine: Engine, gain: float) -> list:
    return [
        ENCODING_VERSION,
        fmt.name,
        list(fmt.codec_args(options.channels)),
        fmt.sample_rate,
        options.channels,
        round(gain, 6),
        fmt.peak_ceiling_db,
        engine.identity(),
    ]

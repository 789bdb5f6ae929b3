"""Export one article: a file per section, the whole episode with chapters,
a playlist, chapters.json and a WebVTT transcript.

How it stays fast and flat in memory:

1. **Gain up front**: a few utterances (:data:`SAMPLE_UTTERANCES`) spread
   over the article are synthesized and measured (BS.1770) to set the gain,
   so encoding can start at once instead of after a full analysis pass.
2. **Synthesize, measure, encode in one pass**, one worker per core: each
   utterance is synthesized through the cache, gain and a peak limiter are
   applied, its loudness is measured (a few floats per second are kept) and
   it is streamed straight into an encoder. No section is ever held in
   memory whole. If the full measurement misses the target by more than
   :data:`LOUDNESS_TOLERANCE`, everything is encoded again from the cache
   with the corrected gain.
3. **One encoder per core, not per section** (MP3, WAV): each worker keeps
   one ffmpeg process and feeds it whichever section is next in reading
   order when it finishes its current one (so the cores finish within one
   section of each other); each stream is cut into its section files at
   frame boundaries (:mod:`reader.audio.splitting`), and the episode is the
   section files' frames joined in section order, so chapter times are sums
   of whole frames plus LAME's fixed delay. Ogg, Opus and FLAC get one
   encoder per section, and their episode is encoded once more from the
   cache.

Every file is written under a temporary name and renamed when complete, and
a manifest lets a re-run keep files whose inputs did not change.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import math
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Final, Sequence

import numpy as np

from reader.audio.formats import FORMATS, AudioFormat
from reader.audio.limiter import limit
from reader.audio.loudness import LoudnessMeter, gated_loudness
from reader.audio.pcm import db_to_gain, resample_linear, to_float, to_pcm16
from reader.audio.splitting import cuttable
from reader.audiocache import AudioCache
from reader.engines.base import Engine
from reader.errors import ReaderError
from reader.export import sidecars
from reader.export.manifest import Manifest, digest
from reader.export.naming import EPISODE_STEM, numbered_name
from reader.export.pieces import join_sections
from reader.export.progress import ExportFinished, ExportStarted, FileWritten, Listener, SentenceSynthesized, ignore
from reader.export.tags import Chapter, TrackTags, write_tags
from reader.fileio import atomic_path, write_text_atomic
from reader.model import Article
from reader.presets import Preset
from reader.speech import Normalizer, Synthesizer, Utterance, identity, plan_section

MONO_TARGET_LUFS: Final = -19.0
"""AES TD1004 / Apple: −16 LUFS for stereo, −19 LUFS for mono (a mono file
is heard about 3 dB louder when played on two speakers)."""
STEREO_TARGET_LUFS: Final = -16.0
LIMITER_CEILING_DB: Final = -2.0
"""Peak ceiling applied before resampling and encoding. The delivered true
peak target is −1 dBTP; the extra 1 dB absorbs the overshoot that 44.1 kHz
resampling and lossy encoding add."""
STEREO_LOUDNESS_OFFSET: Final = 10 * math.log10(2)
"""Two identical channels measure 3.01 LU louder than one."""
ENCODING_VERSION: Final = 2
"""Bump when the encoding pipeline changes, so re-runs do not keep old files."""
_FALLBACK_RATE: Final = 22_050
SAMPLE_UTTERANCES: Final = 8
"""How many utterances, spread over the article, set the gain up front.
On the 3 bundled articles and the 34 loader fixtures the full measurement
then lands within 0.21 LU of the target (RMS 0.08 LU; 12 utterances: 0.23
and 0.07; 4: 0.38 and 0.18), far inside :data:`LOUDNESS_TOLERANCE`, and
encoding starts sooner: the sample is synthesized before it can."""
LOUDNESS_TOLERANCE: Final = 0.5
"""If the full measurement differs from the target by more than this (LU),
the article is encoded again with the corrected gain."""


@dataclass(frozen=True)
class ExportOptions:
    """How to export (independent of what is said and by whom)."""

    audio_format: AudioFormat = FORMATS["mp3"]
    channels: int = 1
    """1 = mono (default, −19 LUFS), 2 = stereo (−16 LUFS)."""
    target_lufs: float | None = None
    """Integrated loudness of the output; ``None`` = by channel count."""
    jobs: int = 0
    """Parallel synthesis/encoding workers; 0 = number of CPUs."""
    episode: bool = True
    """Also write the whole article as one file with chapters."""

    @property
    def target(self) -> float:
        if self.target_lufs is not None:
            return self.target_lufs
        return STEREO_TARGET_LUFS if self.channels == 2 else MONO_TARGET_LUFS

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


@dataclass
class Track:
    """One section file: what is said in it and, once synthesized, where."""

    number: int
    section_index: int
    title: str
    utterances: list[Utterance]
    filename: str
    starts: list[int] = field(default_factory=list)
    """Sample offset of each utterance within the track."""
    lengths: list[int] = field(default_factory=list)
    """Samples of speech of each utterance (its pause not included)."""
    samples: int = 0
    """Total samples including pauses."""
    duration: float = 0.0
    """Decoded length of the track's file (seconds), once written."""
    lead: float = 0.0
    """Where the track's sound begins within its file (seconds): LAME's
    delay for MP3 cut from a run, else 0."""
    start_time: float = 0.0
    """Where the track's file begins in the episode (seconds)."""
    digest: str = ""
    rewritten: bool = False
    """Encoded in this export (not kept from an earlier one)."""
    audio_bytes: int | None = None
    """Bytes of MP3 frames at the end of the file, when cut in this export."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    directory: Path
    title: str
    sections: list[Path]
    episode: Path | None
    chapters: list[Chapter]
    cues: list[sidecars.Cue]
    duration: float
    """Episode length in seconds."""
    loudness: float
    """Integrated loudness the gain was planned for (LUFS)."""
    sidecar_files: list[Path]
    audio_format: AudioFormat


class _Cancelled(Exception):
    pass


def prepare_directory(directory: Path) -> Path:
    """Create ``directory`` if needed and check it can be written, before any
    work is done."""
    directory = Path(directory).expanduser()
    if directory.exists() and not directory.is_dir():
        raise ReaderError(f"{directory} is a file, not a folder: choose another output folder with -o")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test."):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ReaderError(f"cannot write to output folder {directory} ({reason}): choose a folder you can write to") from None
    return directory


def plan_tracks(
    article: Article,
    preset: Preset,
    audio_format: AudioFormat,
    sections: Sequence[int] | None = None,
    normalize: Normalizer = identity,
) -> list[Track]:
    """One track per section that has something to say, in reading order."""
    indices = range(len(article.sections)) if sections is None else sorted(set(sections))
    planned = [(i, plan_section(article, i, preset, normalize)) for i in indices]
    planned = [(i, u) for i, u in planned if any(x.spoken.strip() for x in u)]
    tracks = []
    for number, (index, utterances) in enumerate(planned, start=1):
        section = article.sections[index]
        title = section.title or ("Introduction" if index == 0 else f"Section {section.number}")
        name = numbered_name(number, len(planned), title, audio_format.extension, fallback=f"section-{number}")
        tracks.append(Track(number, index, title, utterances, name))
    return tracks


def export_article(
    article: Article,
    preset: Preset,
    engine: Engine,
    directory: Path,
    options: ExportOptions = ExportOptions(),
    *,
    sections: Sequence[int] | None = None,
    normalize: Normalizer = identity,
    cache: AudioCache | None = None,
    listener: Listener = ignore,
) -> ExportResult:
    """Write the article's audio and sidecar files into ``directory``."""
    from reader.audio.ffmpeg import ffmpeg_path

    ffmpeg_path()  # fail before any work when ffmpeg is missing
    directory = prepare_directory(directory)
    fmt = options.audio_format
    tracks = plan_tracks(article, preset, fmt, sections, normalize)
    if not tracks:
        raise ReaderError(f"{article.source or 'the article'} has nothing to read aloud: no sentences were found")
    album = article.title or tracks[0].title
    artist = article.author or "reader"
    synthesizer = Synthesizer(engine, cache if cache is not None else AudioCache())
    listener = _serialized(listener)
    utterance_total = sum(len(t.utterances) for t in tracks)
    listener(ExportStarted(album, directory, len(tracks), utterance_total))

    rate = _stream_rate(tracks, synthesizer)
    target = _pre_codec_target(options)
    manifest = Manifest(directory)
    # The encoders start while the gain is being sampled (see _encode_all).
    loudness, gain = _encode_all(
        tracks, synthesizer, options, rate, lambda: _sampled_gain(tracks, synthesizer, options, rate, target),
        manifest, album, artist, engine, listener,
    )
    if math.isfinite(loudness) and abs(loudness - target) > LOUDNESS_TOLERANCE:
        # The sample misjudged the article (e.g. very uneven text): encode
        # again with the measured correction. Synthesis is cached by now.
        gain *= db_to_gain(target - loudness)
        corrected = gain
        loudness, gain = _encode_all(
            tracks, synthesizer, options, rate, lambda: corrected, manifest, album, artist, engine, listener
        )

    _set_start_times(tracks)
    chapters = _chapters(tracks)
    files = len(tracks)
    episode_path: Path | None = None
    if options.episode:
        episode_path = directory / f"{EPISODE_STEM}.{fmt.extension}"
        episode_tags = TrackTags(title=album, album=album, artist=artist, track=1, total=1)
        episode_digest = digest([t.digest for t in tracks] + [dataclasses.asdict(c) for c in chapters])
        reused = manifest.unchanged(episode_path.name, episode_digest)
        if cuttable(fmt) and any(t.rewritten for t in tracks):
            # A section cut from another stream than last time may differ in
            # its first frame's bits; the episode must be its files joined.
            reused = False
        if not reused:
            if cuttable(fmt):
                join_sections(
                    [directory / t.filename for t in tracks], episode_path, fmt, episode_tags, chapters,
                    [t.audio_bytes for t in tracks],
                )
            else:
                with atomic_path(episode_path) as tmp:
                    _encode_episode(tmp, tracks, synthesizer, fmt, options.channels, gain, rate)
                    write_tags(tmp, fmt, episode_tags, chapters)
            manifest.record(episode_path.name, episode_digest)
        files += 1
        listener(FileWritten(episode_path, "episode", _duration(tracks), reused, files, files))

    cues = _cues(tracks, rate)
    duration = _duration(tracks)
    sidecar_files = _write_sidecars(directory, tracks, chapters, cues, album, artist, rate, manifest, listener)
    for name in manifest.stale():
        stale = directory / name
        if stale.is_file() and stale.parent == directory:
            stale.unlink()
    manifest.forget_stale()
    delivered = loudness - fmt.codec_trim_db + (STEREO_LOUDNESS_OFFSET if options.channels == 2 else 0.0)
    listener(ExportFinished(directory, files, duration, delivered))
    return ExportResult(
        directory=directory,
        title=album,
        sections=[directory / t.filename for t in tracks],
        episode=episode_path,
        chapters=chapters,
        cues=cues,
        duration=duration,
        loudness=delivered,
        sidecar_files=sidecar_files,
        audio_format=fmt,
    )


def _serialized(listener: Listener) -> Listener:
    """Workers report from several threads; listeners need not be thread-safe."""
    lock = threading.Lock()

    def call(event) -> None:
        with lock:
            listener(event)

    return call


def _pre_codec_target(options: ExportOptions) -> float:
    """Loudness of one channel of the PCM handed to the encoder."""
    stereo = STEREO_LOUDNESS_OFFSET if options.channels == 2 else 0.0
    return options.target - stereo + options.audio_format.codec_trim_db


# --------------------------------------------------------------------------- gain


def _stream_rate(tracks: list[Track], synthesizer: Synthesizer) -> int:
    """The rate the engine speaks at (every utterance is brought to it)."""
    for track in tracks:
        for utterance in track.utterances:
            if utterance.spoken.strip():
                audio = synthesizer.synthesize(utterance)
                if audio.frames:
                    return audio.sample_rate
    return _FALLBACK_RATE


def _samples(audio_pcm: bytes, audio_rate: int, rate: int) -> np.ndarray:
    return resample_linear(to_float(audio_pcm), audio_rate, rate)


def _sampled_gain(tracks: list[Track], synthesizer: Synthesizer, options: ExportOptions, rate: int, target: float) -> float:
    """Gain that brings the article to ``target``, judged from a sample of
    utterances spread over the whole article.

    Knowing the gain before synthesis is finished lets encoding run while
    the rest is synthesized. One engine's speech is even in level, so the
    sample is accurate to a few tenths of a dB; the full measurement made
    while encoding checks it (see :data:`LOUDNESS_TOLERANCE`).
    """
    spoken = [u for t in tracks for u in t.utterances if u.spoken.strip()]
    step = max(1, len(spoken) // SAMPLE_UTTERANCES)
    ceiling = db_to_gain(LIMITER_CEILING_DB)
    pieces = []
    meter = LoudnessMeter(rate)
    position = 0
    # Measured as they arrive, while the rest are still being synthesized.
    for _utterance, audio in synthesizer.synthesize_all(spoken[::step], options.workers):
        x = _samples(audio.pcm, audio.sample_rate, rate)
        pieces.append(x)
        meter.add(x, position)
        position += x.size + rate // 2
    meter.extend_to(position)
    loudness = meter.integrated()
    if not math.isfinite(loudness):
        return 1.0
    gain = db_to_gain(target - loudness)  # right but for the limiter
    for _ in range(2):  # the limiter lowers loudness a little; converge on it
        # The audio is measured once: what the limiter takes off each
        # utterance (its energy ratio) is applied as that utterance's gain.
        # (Two rounds land within 0.011 dB on the bundled articles and the
        # loader fixtures.)
        gains = np.array([gain * _limiter_factor(x, gain, ceiling, rate) for x in pieces])
        loudness = meter.integrated(gains)
        if not math.isfinite(loudness):
            return 1.0
        gain *= db_to_gain(target - loudness)
    return gain


def _limiter_factor(x: np.ndarray, gain: float, ceiling: float, rate: int) -> float:
    """How much the limiter turns ``x × gain`` down (RMS ratio, ≤ 1)."""
    louder = x * gain
    limited = limit(louder, ceiling, rate)
    if limited is louder:
        return 1.0
    before = float(np.dot(louder, louder))
    return math.sqrt(float(np.dot(limited, limited)) / before) if before > 0 else 1.0


# --------------------------------------------------------------------------- encoding


def _encode_all(
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
    otherwise idle core) while it runs, then wait for the gain."""
    fmt = options.audio_format
    directory = manifest.path.parent
    stop = threading.Event()
    ready = threading.Event()  # set once the gain and the reuse decisions are known (or on failure)
    gain = 1.0
    counter = {"sentences": 0, "files": 0}
    total_sentences = sum(len(t.utterances) for t in tracks)
    total_files = len(tracks) + options.episode
    lock = threading.Lock()
    tags = {t.number: _track_tags(t, album, artist, len(tracks)) for t in tracks}
    reuse: dict[int, bool] = {}

    def decide(chosen_gain: float) -> None:
        nonlocal gain
        gain = chosen_gain
        inputs = _encoding_inputs(fmt, options, engine, gain)
        for track in tracks:
            track.digest = digest(inputs + [dataclasses.asdict(tags[track.number]), _said(track)])
            reuse[track.number] = manifest.unchanged(track.filename, track.digest)

    def wait_for_gain() -> None:
        ready.wait()
        if stop.is_set():
            raise _Cancelled()

    def sentence_done() -> None:
        with lock:
            counter["sentences"] += 1
            done = counter["sentences"]
        listener(SentenceSynthesized(done, total_sentences))

    def file_done(track: Track, reused: bool) -> None:
        track.rewritten = not reused
        if not reused:
            manifest.record(track.filename, track.digest)
        with lock:
            counter["files"] += 1
            done = counter["files"]
        listener(FileWritten(directory / track.filename, "section", track.duration, reused, done, total_files))

    def measure(track: Track, write=None) -> np.ndarray:
        if stop.is_set():
            raise _Cancelled()
        meter = _measure_track(track, synthesizer, rate, gain, write, stop, sentence_done)
        return meter.block_energies()

    def encode_track(track: Track) -> list[np.ndarray]:
        """One encoder for one section (formats that cannot be cut)."""
        from reader.audio.ffmpeg import Encoder

        wait_for_gain()
        track.lead = 0.0
        if reuse[track.number]:
            energies = measure(track)
        else:
            with atomic_path(directory / track.filename) as tmp:
                with Encoder(tmp, fmt, rate, options.channels) as encoder:
                    energies = measure(track, encoder.write)
                write_tags(tmp, fmt, tags[track.number])
        track.duration = track.samples / rate
        file_done(track, reuse[track.number])
        return [energies]

    queue = iter(tracks)  # shared by the stream workers, in reading order
    queue_lock = threading.Lock()
    last_track = tracks[-1]

    def next_track() -> Track | None:
        with queue_lock:
            return next(queue, None)

    def encode_stream() -> list[np.ndarray]:
        """One encoder fed with whichever section is next in reading order,
        each time the previous one is done, its output cut into the section
        files. Sections need not be consecutive within a stream: every cut
        lies in silence and the episode is joined in section order."""
        from reader.audio.splitting import GRIDS, SplitEncoder
        from reader.export.pieces import SectionFile, decoded_duration

        lead = GRIDS[fmt.name].delay / fmt.sample_rate
        energies: list[np.ndarray] = []

        def finished(track: Track):
            def done(seconds: float, audio_bytes: int) -> None:
                track.lead = lead
                track.duration = seconds
                track.audio_bytes = audio_bytes if fmt.name == "mp3" else None
                file_done(track, False)

            return done

        with tempfile.TemporaryDirectory(prefix=".reader-encode.", dir=directory) as work:
            stream = Path(work) / f"stream.{fmt.extension}"
            # Started before the gain is known, so ffmpeg's start-up overlaps it.
            splitter = SplitEncoder(stream, fmt, rate, options.channels, keep_tail=False)
            encoded = False
            try:
                wait_for_gain()
                while (track := next_track()) is not None:
                    if reuse[track.number]:
                        energies.append(measure(track))
                        track.lead, track.duration = lead, decoded_duration(directory / track.filename, fmt)
                        track.audio_bytes = None  # scanned when the episode is joined
                        file_done(track, True)
                        continue
                    # The encoder's final flush frame belongs to the article's end.
                    splitter.keep_tail = track is last_track
                    splitter.begin_section(SectionFile(
                        directory / track.filename, fmt, options.channels, tags[track.number], finished(track)
                    ))
                    encoded = True
                    energies.append(measure(track, splitter.write))
                    splitter.end_section(track.samples - (track.starts[-1] + track.lengths[-1]))
                if encoded:
                    splitter.close()
                else:
                    splitter.abort()
            except BaseException:
                splitter.abort()
                raise
        return energies

    if cuttable(fmt):
        jobs = [(encode_stream,)] * max(1, min(options.workers, len(tracks)))
    else:
        jobs = [(encode_track, track) for track in tracks]
    blocks: list[np.ndarray] = []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(options.workers, len(jobs)))
    try:
        futures = [pool.submit(*job) for job in jobs]
        try:
            decide(gain_source())
        except BaseException:
            stop.set()
            raise
        finally:
            ready.set()
        for future in concurrent.futures.as_completed(futures):
            blocks.extend(future.result())
    except BaseException:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return (gated_loudness(np.concatenate(blocks)) if blocks else -math.inf), gain


def _measure_track(
    track: Track,
    synthesizer: Synthesizer,
    rate: int,
    gain: float,
    write,
    stop: threading.Event,
    sentence_done,
) -> LoudnessMeter:
    """Synthesize a track utterance by utterance, fill in its timeline,
    measure the loudness of the processed audio and (if ``write`` is given)
    stream it into an encoder."""
    ceiling = db_to_gain(LIMITER_CEILING_DB)
    meter = LoudnessMeter(rate)
    track.starts, track.lengths, track.samples = [], [], 0
    for utterance in track.utterances:
        if stop.is_set():
            raise _Cancelled()
        audio = synthesizer.synthesize(utterance)
        y = limit(_samples(audio.pcm, audio.sample_rate, rate) * gain, ceiling, rate)
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


def _encode_episode(
    target: Path, tracks: Sequence[Track], synthesizer: Synthesizer, fmt: AudioFormat, channels: int, gain: float, rate: int
) -> None:
    """Stream every track (from the cache) into one encoder, for formats
    whose files cannot be joined without re-encoding."""
    from reader.audio.ffmpeg import Encoder

    ceiling = db_to_gain(LIMITER_CEILING_DB)
    with Encoder(target, fmt, rate, channels) as encoder:
        for track in tracks:
            for utterance, start, length, end in zip(
                track.utterances, track.starts, track.lengths, track.starts[1:] + [track.samples]
            ):
                audio = synthesizer.synthesize(utterance)
                y = limit(_samples(audio.pcm, audio.sample_rate, rate) * gain, ceiling, rate)[:length]
                encoder.write(to_pcm16(y) + b"\x00\x00" * (end - start - y.size))


# --------------------------------------------------------------------------- timeline


def _set_start_times(tracks: list[Track]) -> None:
    """Where each track's file begins in the episode: the sum of the earlier
    files' decoded lengths (for MP3, whole frames: each section file ends on
    a frame boundary)."""
    position = 0.0
    for track in tracks:
        track.start_time = position
        position += track.duration


def _duration(tracks: Sequence[Track]) -> float:
    last = tracks[-1]
    return last.start_time + last.duration


def _chapters(tracks: Sequence[Track]) -> list[Chapter]:
    """A chapter starts where its section's sound starts in the decoded
    episode (for MP3, LAME's delay after the frame the section begins in)."""
    starts = [t.start_time + t.lead for t in tracks]
    ends = starts[1:] + [_duration(tracks)]
    return [Chapter(t.title, round(start, 3), round(end, 3)) for t, start, end in zip(tracks, starts, ends)]


def _cues(tracks: Sequence[Track], rate: int) -> list[sidecars.Cue]:
    cues = []
    for track in tracks:
        base = round(track.start_time + track.lead, 3)
        for utterance, start, length in zip(track.utterances, track.starts, track.lengths):
            if length:
                begin = base + start / rate
                cues.append(sidecars.Cue(begin, begin + length / rate, utterance.text))
    return cues


# --------------------------------------------------------------------------- metadata


def _track_tags(track: Track, album: str, artist: str, total: int) -> TrackTags:
    return TrackTags(title=track.title, album=album, artist=artist, track=track.number, total=total)


def _encoding_inputs(fmt: AudioFormat, options: ExportOptions, engine: Engine, gain: float) -> list:
    return [
        ENCODING_VERSION, fmt.name, list(fmt.codec_args(options.channels)), fmt.sample_rate, options.channels,
        round(gain, 6), LIMITER_CEILING_DB, engine.identity(),
    ]


def _said(track: Track) -> list:
    return [[u.kind, u.spoken, dataclasses.astuple(u.settings), u.pause_after] for u in track.utterances]


def _write_sidecars(
    directory: Path,
    tracks: Sequence[Track],
    chapters: Sequence[Chapter],
    cues: Sequence[sidecars.Cue],
    album: str,
    artist: str,
    rate: int,
    manifest: Manifest,
    listener: Listener,
) -> list[Path]:
    entries = [sidecars.PlaylistEntry(t.filename, t.title, t.duration) for t in tracks]
    contents = {
        sidecars.PLAYLIST_NAME: sidecars.m3u8(entries, album, artist),
        sidecars.CHAPTERS_NAME: sidecars.chapters_json(chapters, album),
        sidecars.TRANSCRIPT_NAME: sidecars.webvtt(cues),
    }
    paths = []
    for name, text in contents.items():
        path = directory / name
        write_text_atomic(path, text)
        manifest.record(name, digest(text))
        paths.append(path)
        listener(FileWritten(path, "sidecar"))
    return paths

"""Export one article: a file per section, the whole episode with chapters,
a playlist, chapters.json and a WebVTT transcript.

How it stays fast and flat in memory:

1. **Gain up front** (:mod:`reader.export.gain`): a few utterances spread
   over the article are synthesized and measured (BS.1770) to set the gain,
   so encoding can start at once instead of after a full analysis pass.
2. **Synthesize, measure, encode in one pass** (:mod:`reader.export.encoding`),
   one worker and one encoder per core, each fed the next section in reading
   order. If the full measurement misses the target by more than
   :data:`~reader.export.gain.LOUDNESS_TOLERANCE`, everything is encoded
   again from the cache with the corrected gain.
3. **The episode is the section files joined** (MP3, WAV, Ogg, Opus, M4B):
   their frames or packets in section order, so chapter times are sums of
   whole frames plus the encoder's fixed delay, or read from the Ogg
   packets. FLAC encodes the episode once more from the cache, beside the
   sections.

Every file is written under a temporary name and renamed when complete, and
a manifest lets a re-run keep files whose inputs did not change.
"""

from __future__ import annotations

import dataclasses
import math
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from reader.audio.formats import AudioFormat
from reader.audio.pcm import db_to_gain
from reader.audio.splitting import cuttable
from reader.speech.cache import AudioCache
from reader.speech.engines.base import Engine
from reader.errors import ReaderError
from reader.export import sidecars
from reader.export.alongside import EpisodeAlongside
from reader.export.encoding import ENCODER_WORK_PREFIX, encode_all, encode_episode, stream_rate
from reader.export.gain import (
    LOUDNESS_TOLERANCE,
    STEREO_LOUDNESS_OFFSET,
    pre_codec_target,
    sampled_gain,
    steady_gain,
)
from reader.export.folderlock import folder_lock
from reader.export.manifest import MANIFEST_NAME, Manifest, digest
from reader.export.naming import EPISODE_STEM
from reader.export.options import ExportOptions
from reader.export.pieces import join_sections, packets_joinable, place_packets
from reader.export.progress import ExportFinished, ExportStarted, FileWritten, Listener, ignore
from reader.export.tags import Chapter, TrackTags, write_tags
from reader.export.tracks import (
    Track,
    chapters_of,
    cues_of,
    episode_duration,
    plan_tracks,
    set_start_times,
    track_cues,
    transcript_name,
)
from reader.fileio import atomic_path, remove_leftovers, write_text_atomic
from reader.document.model import Article
from reader.speech.presets import Preset
from reader.speech.utterances import Normalizer, Synthesizer, identity

__all__ = ["ExportOptions", "ExportResult", "export_article", "plan_tracks", "prepare_directory"]


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
    removed: list[str] = field(default_factory=list)
    """Files an earlier export wrote that this one removed (unchanged since)."""
    spared: list[str] = field(default_factory=list)
    """Files an earlier export wrote that this one did not, left alone because they changed since."""


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
        raise ReaderError(
            f"cannot write to output folder {directory} ({reason}): choose a folder you can write to"
        ) from None
    return directory


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
    with folder_lock(directory):
        return _export_article(article, preset, engine, directory, options, sections, normalize, cache, listener)


def _export_article(
    article: Article,
    preset: Preset,
    engine: Engine,
    directory: Path,
    options: ExportOptions,
    sections: Sequence[int] | None,
    normalize: Normalizer,
    cache: AudioCache | None,
    listener: Listener,
) -> ExportResult:
    fmt = options.audio_format
    tracks = plan_tracks(article, preset, fmt, sections, normalize)
    if not tracks:
        raise ReaderError(f"{article.source or 'the article'} has nothing to read aloud: no sentences were found")
    episode_name = f"{EPISODE_STEM}.{fmt.extension}"
    _remove_leftovers(directory, [n for t in tracks for n in (t.filename, transcript_name(t))] + [episode_name])
    album = article.title or tracks[0].title
    artist = article.author or "reader"
    synthesizer = Synthesizer(engine, cache if cache is not None else AudioCache())
    listener = _serialized(listener)
    utterance_total = sum(len(t.utterances) for t in tracks)
    listener(ExportStarted(album, directory, len(tracks), utterance_total, len(tracks) + options.episode))

    rate = stream_rate(tracks, synthesizer)
    target = pre_codec_target(options)
    manifest = Manifest(directory)
    alongside = (
        EpisodeAlongside(tracks, synthesizer, fmt, options.channels, rate, directory / episode_name)
        if options.episode and not cuttable(fmt) and not packets_joinable(fmt)
        else None
    )
    run = _Run(
        article, tracks, synthesizer, options, rate, target, manifest, album, artist, engine, listener, alongside
    )
    try:
        return _encode_and_write(run, delete_stale=sections is None or options.clean)
    finally:
        if alongside is not None:
            alongside.discard()  # not taken: an error, or the episode was kept from the earlier run


@dataclass(frozen=True)
class _Run:
    """What one article's export works with, once its tracks are planned."""

    article: Article
    tracks: list[Track]
    synthesizer: Synthesizer
    options: ExportOptions
    rate: int
    """The sample rate the engine speaks at."""
    target: float
    """The loudness aimed at before the codec (LUFS)."""
    manifest: Manifest
    album: str
    artist: str
    engine: Engine
    listener: Listener
    alongside: EpisodeAlongside | None
    """The episode being encoded beside the sections (formats that cannot be joined)."""


def _episode_digest(tracks: list[Track], chapters: list[Chapter]) -> str:
    return digest([t.digest for t in tracks] + [dataclasses.asdict(c) for c in chapters])


def _encode_and_write(run: _Run, delete_stale: bool) -> ExportResult:
    """Encode the sections (and the episode beside them), then join, tag and write the sidecars."""
    tracks, options, manifest, listener = run.tracks, run.options, run.manifest, run.listener
    album, artist = run.album, run.artist
    fmt = options.audio_format
    directory = manifest.path.parent
    loudness, gain = _encode_sections(run)
    placed = options.episode and packets_joinable(fmt) and place_packets(tracks, directory, fmt)
    if not placed:
        set_start_times(tracks)
    joined = cuttable(fmt) or placed
    chapters = chapters_of(tracks)
    episode_path: Path | None = None
    if options.episode:
        episode_tags = TrackTags(title=album, album=album, artist=artist, track=1, total=1, cover=run.article.cover)
        episode_path = directory / f"{EPISODE_STEM}.{fmt.extension}"
        reused = _write_episode(run, episode_path, chapters, episode_tags, gain, joined)
        files = len(tracks) + 1
        listener(FileWritten(episode_path, "episode", episode_duration(tracks), reused, files, files))
    cues = cues_of(tracks, run.rate)
    duration = episode_duration(tracks)
    sidecar_files = _write_sidecars(
        directory, tracks, chapters if options.episode else None, cues, album, artist, run.rate, manifest, listener
    )
    removal = manifest.remove_stale(delete=delete_stale)
    delivered = loudness - fmt.codec_trim_db + (STEREO_LOUDNESS_OFFSET if options.channels == 2 else 0.0)
    listener(ExportFinished(directory, len(tracks) + options.episode, duration, delivered))
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
        removed=removal.removed,
        spared=removal.spared,
    )


def _encode_sections(run: _Run) -> tuple[float, float]:
    """Synthesize, measure and encode every section file (the encoders start
    while the gain is being sampled, see :func:`encode_all`), once more with
    a correction if the sample misjudged the article's loudness; the
    loudness reached and the gain used."""

    tracks, manifest, alongside, target = run.tracks, run.manifest, run.alongside, run.target

    def episode_alongside(gain: float) -> None:
        """Once the gain is known, start the episode beside the sections, unless every section
        is kept from the earlier run (then so is the episode, most likely: it is checked at the end)."""
        if alongside is not None and not all(manifest.unchanged(t.filename, t.digest) for t in tracks):
            alongside.start(gain)

    def decide_gain() -> float:
        sampled = sampled_gain(tracks, run.synthesizer, run.options, run.rate, target)
        manifest.gain = steady_gain(sampled, manifest.previous_gain)
        return manifest.gain

    def encode(gain_source: Callable[[], float]) -> tuple[float, float]:
        on_track = alongside.track_measured if alongside is not None else None
        return encode_all(
            tracks,
            run.synthesizer,
            run.options,
            run.rate,
            gain_source,
            manifest,
            run.album,
            run.artist,
            run.engine,
            run.listener,
            episode_alongside,
            on_track,
        )

    loudness, gain = encode(decide_gain)
    if math.isfinite(loudness) and abs(loudness - target) > LOUDNESS_TOLERANCE:
        # The sample misjudged the article (e.g. very uneven text): encode
        # again with the measured correction. Synthesis is cached by now.
        gain *= db_to_gain(target - loudness)
        corrected = manifest.gain = gain
        loudness, gain = encode(lambda: corrected)
    return loudness, gain


def _write_episode(
    run: _Run, path: Path, chapters: list[Chapter], episode_tags: TrackTags, gain: float, joined: bool
) -> bool:
    """Write the whole episode with its chapters and tags: the section files
    joined (``joined``: MP3, WAV, Ogg, Opus, M4B), or what was encoded beside them
    (else encoded now from the cache); return whether the earlier run's
    episode was kept instead."""
    tracks, manifest, fmt = run.tracks, run.manifest, run.options.audio_format
    episode_digest = _episode_digest(tracks, chapters)
    reused = manifest.unchanged(path.name, episode_digest)
    if joined and any(t.rewritten for t in tracks):
        # A section encoded anew may differ in its first frame's bits (cut
        # from another stream, or another seam); the episode must be its files joined.
        reused = False
    if reused:
        return True
    if joined:
        sections = [path.parent / t.filename for t in tracks]
        join_sections(sections, path, fmt, episode_tags, chapters, [t.audio_bytes for t in tracks])
    else:
        encoded = run.alongside.take(gain) if run.alongside is not None else None
        with atomic_path(path) as tmp:
            if encoded is not None:
                shutil.copymode(tmp, encoded)  # the permissions a new file gets, not mkstemp's 0600
                os.replace(encoded, tmp)
            else:
                encode_episode(tmp, tracks, run.synthesizer, fmt, run.options.channels, gain, run.rate)
            write_tags(tmp, fmt, episode_tags, chapters)
    manifest.record(path.name, episode_digest)
    return False


def _remove_leftovers(directory: Path, audio_names: list[str]) -> None:
    """What a killed earlier export left behind: temporary files of the
    outputs it was writing and its encoders' work folders."""
    names = audio_names + [sidecars.PLAYLIST_NAME, sidecars.CHAPTERS_NAME, sidecars.TRANSCRIPT_NAME, MANIFEST_NAME]
    remove_leftovers(directory, names)
    for work in directory.glob(f"{ENCODER_WORK_PREFIX}*"):
        if work.is_dir():
            shutil.rmtree(work, ignore_errors=True)


def _serialized(listener: Listener) -> Listener:
    """Workers report from several threads; listeners need not be thread-safe."""
    lock = threading.Lock()

    def call(event) -> None:
        with lock:
            listener(event)

    return call


def _write_sidecars(
    directory: Path,
    tracks: Sequence[Track],
    chapters: Sequence[Chapter] | None,
    cues: Sequence[sidecars.Cue],
    album: str,
    artist: str,
    rate: int,
    manifest: Manifest,
    listener: Listener,
) -> list[Path]:
    """The playlist, and with an episode its chapters.json and transcript;
    without one (``chapters`` is None) a transcript beside each section file
    instead, timed for that file, since there is no episode timeline."""
    entries = [sidecars.PlaylistEntry(t.filename, t.title, t.duration) for t in tracks]
    contents = {sidecars.PLAYLIST_NAME: sidecars.m3u8(entries, album, artist)}
    if chapters is not None:
        contents[sidecars.CHAPTERS_NAME] = sidecars.chapters_json(chapters, album)
        contents[sidecars.TRANSCRIPT_NAME] = sidecars.webvtt(cues)
    else:
        for track in tracks:
            contents[transcript_name(track)] = sidecars.webvtt(track_cues(track, rate))
    paths = []
    for name, text in contents.items():
        path = directory / name
        write_text_atomic(path, text)
        manifest.record(name, digest(text))
        paths.append(path)
        listener(FileWritten(path, "sidecar"))
    return paths

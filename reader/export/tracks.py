"""What each section file holds and where it lands in the episode: one
:class:`Track` per section, then its chapter and transcript times once the
files are written."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from reader.audio.formats import AudioFormat
from reader.export import sidecars
from reader.export.naming import numbered_name
from reader.export.tags import Chapter, TrackTags
from reader.document.model import Article
from reader.speech.presets import Preset
from reader.speech.utterances import Normalizer, Utterance, identity, plan_section, title_utterance


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
    if sections is None and planned:  # the whole episode opens with the article's title
        first, utterances = planned[0]
        opening = title_utterance(article, first, preset, normalize)
        if opening is not None and opening.spoken.strip():
            planned[0] = (first, [opening, *utterances])
    tracks = []
    for number, (index, utterances) in enumerate(planned, start=1):
        section = article.sections[index]
        title = section.title or ("Introduction" if index == 0 else f"Section {section.number}")
        name = numbered_name(number, len(planned), title, audio_format.extension, fallback=f"section-{number}")
        tracks.append(Track(number, index, title, utterances, name))
    return tracks


def set_start_times(tracks: list[Track]) -> None:
    """Where each track's file begins in the episode: the sum of the earlier
    files' decoded lengths (for MP3, whole frames: each section file ends on
    a frame boundary)."""
    position = 0.0
    for track in tracks:
        track.start_time = position
        position += track.duration


def episode_duration(tracks: Sequence[Track]) -> float:
    """Seconds from the episode's start to the end of its last track."""
    last = tracks[-1]
    return last.start_time + last.duration


def chapters_of(tracks: Sequence[Track]) -> list[Chapter]:
    """A chapter starts where its section's sound starts in the decoded
    episode (for MP3, LAME's delay after the frame the section begins in);
    the first at the episode's start, so no moment is outside a chapter (MP4
    chapters cannot begin later)."""
    starts = [0.0] + [t.start_time + t.lead for t in tracks[1:]]
    ends = starts[1:] + [episode_duration(tracks)]
    return [Chapter(t.title, round(start, 3), round(end, 3)) for t, start, end in zip(tracks, starts, ends)]


def cues_of(tracks: Sequence[Track], rate: int) -> list[sidecars.Cue]:
    """A transcript cue per spoken utterance, on the episode's timeline."""
    return [cue for track in tracks for cue in track_cues(track, rate, track.start_time + track.lead)]


def track_cues(track: Track, rate: int, start: float | None = None) -> list[sidecars.Cue]:
    """The track's cues, from ``start`` seconds (default: on the timeline of
    the track's own file)."""
    base = round(track.lead if start is None else start, 3)
    cues = []
    for utterance, offset, length in zip(track.utterances, track.starts, track.lengths):
        if length:
            begin = base + offset / rate
            cues.append(sidecars.Cue(begin, begin + length / rate, utterance.text))
    return cues


def transcript_name(track: Track) -> str:
    """The name of a track's own transcript, beside its audio file."""
    return f"{Path(track.filename).stem}.vtt"


def track_tags(track: Track, album: str, artist: str, total: int) -> TrackTags:
    """The tags of a track's own file."""
    return TrackTags(title=track.title, album=album, artist=artist, track=track.number, total=total)


def said(track: Track) -> list:
    """Everything about what the track says and how (for the manifest)."""
    return [[u.kind, u.spoken, dataclasses.astuple(u.settings), u.pause_after] for u in track.utterances]

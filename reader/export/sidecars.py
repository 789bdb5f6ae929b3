"""Text files beside the audio: M3U8 playlist, Podcasting 2.0 chapters JSON
and a WebVTT transcript. Pure functions from data to text; the caller writes
them atomically."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

from reader.export.tags import Chapter, clock_time

PLAYLIST_NAME = "playlist.m3u8"
CHAPTERS_NAME = "chapters.json"
TRANSCRIPT_NAME = "transcript.vtt"


@dataclass(frozen=True)
class PlaylistEntry:
    """One file in the playlist."""

    path: str
    """Relative to the playlist, with ``/`` separators."""
    title: str
    duration: float


@dataclass(frozen=True)
class Cue:
    """One transcript cue (times in seconds on the episode's timeline)."""

    start: float
    end: float
    text: str


def m3u8(entries: Sequence[PlaylistEntry], title: str, artist: str) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(title)}"]
    for entry in entries:
        lines.append(f"#EXTINF:{max(1, round(entry.duration))},{_one_line(artist)} - {_one_line(entry.title)}")
        lines.append(entry.path)
    return "\n".join(lines) + "\n"


def chapters_json(chapters: Sequence[Chapter], title: str | None = None) -> str:
    """Podcasting 2.0 JSON chapters (version 1.2.0)."""
    document: dict = {"version": "1.2.0"}
    if title:
        document["title"] = title
    document["chapters"] = [
        {"startTime": round(c.start, 3), "endTime": round(c.end, 3), "title": c.title} for c in chapters
    ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def webvtt(cues: Sequence[Cue]) -> str:
    """A WebVTT file with one numbered cue per utterance."""
    parts = ["WEBVTT", ""]
    for number, cue in enumerate(cues, start=1):
        end = max(cue.end, cue.start + 0.001)
        parts += [str(number), f"{clock_time(cue.start)} --> {clock_time(end)}", _vtt_text(cue.text), ""]
    return "\n".join(parts)


def _vtt_text(text: str) -> str:
    # Cue text may not contain "-->" or a blank line, and & < are markup.
    text = _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text or "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())

"""Tags and embedded chapters, written with mutagen.

MP3 gets ID3v2.3 (the version podcast apps read most reliably) with one
CHAP frame per chapter (a TIT2 sub-frame for its title), in time order, and
a CTOC frame marked top-level and ordered that lists them. Ogg Vorbis, Opus
and FLAC get Vorbis comments, with chapters as
``CHAPTERxxx``/``CHAPTERxxxNAME`` (the Xiph chapter extension). M4B (AAC in
MP4) gets iTunes-style atoms with genre "Audiobook" and MP4 chapters, which
mutagen cannot write: ffmpeg adds them from an FFMETADATA file, copying the
audio unchanged. WAV gets basic ID3 tags but no chapters: there is no
chapter convention for WAV that players honour.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from reader.audio.formats import AudioFormat
from reader.document.model import Cover


@dataclass(frozen=True)
class Chapter:
    """A chapter of the episode (times in seconds)."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class TrackTags:
    """Descriptive tags of one file."""

    title: str
    album: str
    artist: str
    track: int
    total: int
    genre: str = "Podcast"
    cover: Cover | None = None
    """Embedded as the episode's picture (MP3 APIC, M4B covr)."""


def clock_time(seconds: float) -> str:
    """``HH:MM:SS.mmm``, as WebVTT cues and the Vorbis chapter extension write times."""
    ms = max(0, round(seconds * 1000))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def write_tags(path: Path, fmt: AudioFormat, tags: TrackTags, chapters: Sequence[Chapter] = ()) -> None:
    """Tag the file at ``path`` (in place)."""
    if fmt.chapters == "vorbis":
        _write_vorbis(path, tags, chapters)
    elif fmt.chapters == "mp4":
        if chapters:
            _add_mp4_chapters(path, chapters)
        _write_mp4(path, tags)
    elif fmt.name == "mp3":
        from mutagen.id3 import ID3

        id3 = ID3()
        _fill_id3(id3, tags, chapters)
        id3.save(str(path), v2_version=3)
        if chapters:
            order_chapter_frames(path)
    else:
        from mutagen.wave import WAVE

        wave = WAVE(str(path))
        if wave.tags is None:
            wave.add_tags()
        _fill_id3(wave.tags, tags, ())
        wave.save(v2_version=3)


def _fill_id3(id3, tags: TrackTags, chapters: Sequence[Chapter]) -> None:
    from mutagen.id3 import CHAP, CTOC, TALB, TCON, TIT2, TPE1, TRCK, CTOCFlags

    id3.add(TIT2(encoding=3, text=[tags.title]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TRCK(encoding=3, text=[f"{tags.track}/{tags.total}"]))
    id3.add(TCON(encoding=3, text=[tags.genre]))
    if tags.cover is not None:
        from mutagen.id3 import APIC

        id3.add(APIC(encoding=3, mime=tags.cover.mime_type, type=3, desc="Cover", data=tags.cover.data))
    if not chapters:
        return
    ids = [f"chp{i}" for i in range(len(chapters))]
    for element_id, chapter in zip(ids, chapters):
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=round(chapter.start * 1000),
                end_time=round(chapter.end * 1000),
                start_offset=0xFFFFFFFF,  # "use the times", per the ID3 chapter spec
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=[chapter.title])],
            )
        )
    id3.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=[tags.album])],
        )
    )


def _write_vorbis(path: Path, tags: TrackTags, chapters: Sequence[Chapter]) -> None:
    import mutagen

    audio = mutagen.File(str(path))
    if audio is None:
        raise ValueError(f"mutagen cannot open {path}")
    if audio.tags is None:
        audio.add_tags()
    values = {
        "TITLE": tags.title,
        "ALBUM": tags.album,
        "ARTIST": tags.artist,
        "TRACKNUMBER": str(tags.track),
        "TRACKTOTAL": str(tags.total),
        "GENRE": tags.genre,
    }
    for number, chapter in enumerate(chapters, start=1):
        values[f"CHAPTER{number:03d}"] = clock_time(chapter.start)
        values[f"CHAPTER{number:03d}NAME"] = chapter.title
    for key, value in values.items():
        audio.tags[key] = [value]
    audio.save()


def _write_mp4(path: Path, tags: TrackTags) -> None:
    from mutagen.mp4 import MP4

    audio = MP4(str(path))
    if audio.tags is None:
        audio.add_tags()
    atoms = audio.tags
    assert atoms is not None
    atoms["\xa9nam"] = [tags.title]
    atoms["\xa9alb"] = [tags.album]
    atoms["\xa9ART"] = [tags.artist]
    atoms["aART"] = [tags.artist]
    atoms["trkn"] = [(tags.track, tags.total)]
    atoms["\xa9gen"] = ["Audiobook"]
    atoms["stik"] = [2]  # media kind: audiobook
    if tags.cover is not None:
        from mutagen.mp4 import MP4Cover

        kind = MP4Cover.FORMAT_PNG if tags.cover.mime_type == "image/png" else MP4Cover.FORMAT_JPEG
        atoms["covr"] = [MP4Cover(tags.cover.data, imageformat=kind)]
    audio.save()


def ffmetadata(chapters: Sequence[Chapter]) -> str:
    """The chapters as an FFMETADATA file (times in milliseconds)."""

    def escape(text: str) -> str:
        return "".join("\\" + c if c in "=;#\\\n" else c for c in text)

    lines = [";FFMETADATA1"]
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(chapter.start * 1000)}",
            f"END={round(chapter.end * 1000)}",
            f"title={escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def _add_mp4_chapters(path: Path, chapters: Sequence[Chapter]) -> None:
    """Put ``chapters`` into the MP4 file at ``path``: ffmpeg remuxes it with
    them, the audio copied bit for bit, and the result replaces the file."""
    import subprocess
    import tempfile

    from reader.audio.ffmpeg import ffmpeg_path
    from reader.errors import ReaderError
    from reader.fileio import atomic_path

    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as meta:
        meta.write(ffmetadata(chapters))
    try:
        with atomic_path(path) as out:
            done = subprocess.run(
                [
                    ffmpeg_path(),
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    str(path),
                    "-i",
                    meta.name,
                    "-map",
                    "0:a",
                    "-map_chapters",
                    "1",
                    "-c",
                    "copy",
                    "-f",
                    "ipod",
                    str(out),
                ],
                capture_output=True,
                text=True,
                start_new_session=True,  # Ctrl-C stops this program, which then stops ffmpeg
            )
            if done.returncode != 0:
                raise ReaderError(f"ffmpeg could not add chapters to {path.name}: {done.stderr.strip()[:200]}")
    finally:
        Path(meta.name).unlink(missing_ok=True)


def order_chapter_frames(path: Path) -> None:
    """Put the CHAP frames of the file's ID3v2.3 tag in the order of their
    start times, in place.

    mutagen writes frames sorted by size, so the chapters end up shuffled.
    The CTOC frame gives the right order and podcast apps follow it, but
    players built on ffmpeg (mpv, ffplay, …) list chapters in the order the
    frames appear. The frames are only moved, so the tag keeps its size.
    """
    with open(path, "r+b") as handle:
        header = handle.read(10)
        if len(header) < 10 or header[:3] != b"ID3" or header[3] != 3 or header[5] & 0xC0:
            return  # not ID3v2.3, or unsynchronised / with an extended header: leave it alone
        size = (header[6] << 21) | (header[7] << 14) | (header[8] << 7) | header[9]
        body = handle.read(size)
        frames: list[bytes] = []
        pos = 0
        while pos + 10 <= len(body) and body[pos : pos + 4] != b"\0\0\0\0":
            length = struct.unpack(">I", body[pos + 4 : pos + 8])[0]
            frames.append(body[pos : pos + 10 + length])
            pos += 10 + length
        if pos > len(body):
            return  # a frame runs past the tag: not something we wrote
        chapters = [f for f in frames if f[:4] == b"CHAP"]
        if len(chapters) < 2:
            return
        first = frames.index(chapters[0])
        others = [f for f in frames if f[:4] != b"CHAP"]
        ordered = others[:first] + sorted(chapters, key=_chapter_times) + others[first:]
        handle.seek(10)
        handle.write(b"".join(ordered))


def _chapter_times(frame: bytes) -> tuple[int, int]:
    """Start and end time (ms) of a CHAP frame: after the 10-byte frame
    header and the null-terminated element ID."""
    start = frame.index(b"\0", 10) + 1
    return struct.unpack(">II", frame[start : start + 8])

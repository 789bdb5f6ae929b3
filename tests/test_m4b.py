"""M4B audiobooks (issue 11): an EPUB exported as AAC in MP4 with a chapter per
section, decoded and probed with ffprobe; chapter times equal chapters.json
and the transcript, tags say what the book is."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reader.cli import app
from reader.export.tags import Chapter, ffmetadata
from tests.conftest import has_program
from tests.epubs import novel_epub3

pytestmark = pytest.mark.skipif(
    not (has_program("ffmpeg") and has_program("espeak-ng")), reason="needs ffmpeg and espeak-ng"
)


def probe(path: Path, *entries: str) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", *entries, "-of", "json", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def audiobook(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("m4b")
    book = folder / "harbour.epub"
    book.write_bytes(novel_epub3())
    out = folder / "out"
    result = CliRunner().invoke(
        app, ["export", str(book), "--format", "m4b", "-o", str(out), "-q", "--engine", "espeak-ng"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_the_episode_is_aac_in_mp4_with_a_chapter_per_section(audiobook):
    episode = audiobook / "episode.m4b"
    info = probe(episode, "-show_streams", "-show_chapters", "-show_format")
    assert info["streams"][0]["codec_name"] == "aac"
    assert "mp4" in info["format"]["format_name"] or "m4a" in info["format"]["format_name"]
    titles = [c["tags"]["title"] for c in info["chapters"]]
    assert titles == ["Chapter One: The Wall", "Chapter Two: The Sea", "Repairs"]
    chapters = json.loads((audiobook / "chapters.json").read_text())["chapters"]
    assert [c["title"] for c in chapters] == titles
    assert [float(c["start_time"]) for c in info["chapters"]] == pytest.approx(
        [c["startTime"] for c in chapters], abs=0.001
    )


def test_chapter_starts_are_where_the_sections_are_heard(audiobook):
    """The episode is the sections' AAC packets joined (no second encoding):
    from each chapter's start, the episode sounds as the section's own file.
    Not bit for bit: the decoder's noise substitution draws from a generator
    that runs on across the seam, so the two agree to 30-50 dB (a
    misplaced chapter, off by even one packet, does not reach 5 dB)."""
    import numpy as np

    def decode(path: Path) -> np.ndarray:
        command = ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "44100", "-"]
        raw = subprocess.run(command, capture_output=True, check=True).stdout
        return np.frombuffer(raw, "<i2").astype(np.float64)

    def agreement(a: np.ndarray, b: np.ndarray) -> float:
        return float(10 * np.log10(np.sum(b**2) / max(np.sum((a - b) ** 2), 1e-9)))

    def best(own: np.ndarray, near: int) -> float:
        """The agreement at the best start within a millisecond (chapter times are rounded to it)."""
        size = own.size - 4096  # room for a start a packet late
        return max(agreement(episode[s : s + size], own[:size]) for s in range(max(0, near - 44), near + 45))

    episode = decode(audiobook / "episode.m4b")
    sections = sorted(audiobook.glob("0*.m4b"))
    chapters = probe(audiobook / "episode.m4b", "-show_chapters")["chapters"]
    assert len(sections) == len(chapters) == 3
    for number, (path, chapter) in enumerate(zip(sections, chapters)):
        own = decode(path)
        start = round(float(chapter["start_time"]) * 44100)
        if number == 0:
            start += 1024  # the first chapter covers the encoder's priming too
        assert best(own, start) > 20, path.name
        assert best(own, start + 1024) < 5, path.name
    last = decode(sections[-1]).size
    assert episode.size == pytest.approx(start + last, abs=1024)


def test_tags_name_the_book_as_an_audiobook(audiobook):
    tags = probe(audiobook / "episode.m4b", "-show_format")["format"]["tags"]
    assert tags["genre"] == "Audiobook"
    assert tags["artist"] == "Ann Tide"
    assert tags["album"] == "The Harbour Book"


def test_chapter_titles_with_special_characters_survive_ffmetadata():
    text = ffmetadata([Chapter("A=B; #1 \\ end", 0.0, 1.5)])
    assert "title=A\\=B\\; \\#1 \\\\ end" in text
    assert "START=0" in text and "END=1500" in text


def test_the_books_cover_is_the_audiobooks_picture(audiobook):
    streams = probe(audiobook / "episode.m4b", "-show_streams")["streams"]
    pictures = [s for s in streams if s.get("disposition", {}).get("attached_pic") == 1]
    assert len(pictures) == 1 and pictures[0]["codec_name"] == "png"

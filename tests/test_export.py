"""``reader export`` with real espeak-ng and ffmpeg: files decoded and
measured independently (ffprobe, mutagen, ffmpeg loudnorm)."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reader.errors import ReaderError
from tests.conftest import ffmpeg_loudness, has_program

pytestmark = pytest.mark.skipif(
    not (has_program("espeak-ng") and has_program("ffmpeg")), reason="needs espeak-ng and ffmpeg"
)

ARTICLE = """# Sleep and Memory

## Why we sleep

Sleep is not a passive state. The brain keeps working at night.

## ../../etc/passwd

Memories are replayed during deep sleep. This strengthens them.

## CON

Dreams may help with emotions. Nobody knows for sure.
"""
TITLES = ["Why we sleep", "../../etc/passwd", "CON"]
SECOND_ARTICLE = "# Second Article\n\nOnly one sentence here.\n"
"""A one-section article for the several-source exports."""


def article_file(tmp_path: Path, text: str = ARTICLE, name: str = "article.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_export(source: Path, out: Path, fmt: str = "mp3", **kwargs):
    from reader.audio.formats import FORMATS
    from reader.export.episode import ExportOptions, export_article
    from reader.document.loaders import load_article
    from reader.speech.speaker import resolve_speaker

    speaker = resolve_speaker(engine="espeak-ng")
    options = ExportOptions(FORMATS[fmt], channels=kwargs.pop("channels", 1))
    return export_article(load_article(str(source)), speaker.preset, speaker.engine, out, options, **kwargs)


def probe_duration(path: Path) -> float:
    """Decoded length: count the samples ffmpeg decodes (honours gapless info)."""
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "44100", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return len(raw) / 2 / 44100


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    assert text.startswith("WEBVTT\n")
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.splitlines()
        match = re.fullmatch(r"(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})", lines[1])
        assert match, block
        h1, m1, s1, h2, m2, s2 = match.groups()
        cues.append((int(h1) * 3600 + int(m1) * 60 + float(s1), int(h2) * 3600 + int(m2) * 60 + float(s2), lines[2]))
    return cues


@pytest.fixture(scope="module")
def mp3_export(tmp_path_factory):
    import os

    base = tmp_path_factory.mktemp("export")
    saved = os.environ.get("READER_CACHE_DIR")
    os.environ["READER_CACHE_DIR"] = str(base / "cache")  # never the user's cache
    try:
        result = run_export(article_file(base), base / "out")
    finally:
        if saved is None:
            os.environ.pop("READER_CACHE_DIR", None)
        else:
            os.environ["READER_CACHE_DIR"] = saved
    return result


def test_one_file_per_section_plus_episode_and_sidecars(mp3_export):
    names = sorted(p.name for p in mp3_export.directory.iterdir() if not p.name.startswith("."))
    assert names == [
        "01-why-we-sleep.mp3",
        "02-etc-passwd.mp3",
        "03-con.mp3",
        "chapters.json",
        "episode.mp3",
        "playlist.m3u8",
        "transcript.vtt",
    ]


def test_no_temporary_files_are_left_behind(mp3_export):
    hidden = [p.name for p in mp3_export.directory.iterdir() if p.name.startswith(".")]
    assert hidden == [".reader-export.json"]


def test_section_durations_add_up_to_the_episode(mp3_export):
    sections = sum(probe_duration(p) for p in mp3_export.sections)
    episode = probe_duration(mp3_export.episode)
    # Each joined MP3 section keeps its encoder delay and padding (≤ 50 ms).
    assert episode == pytest.approx(sections, abs=0.05 * len(mp3_export.sections))
    assert episode == pytest.approx(mp3_export.duration, abs=0.03)


def test_section_files_are_the_episode_cut_at_frame_boundaries(mp3_export):
    """Every section file decodes to exactly its stretch of the episode, and
    ffprobe (which has no Xing frame to go by) reports the decoded length."""
    import numpy as np

    def decode(path: Path) -> np.ndarray:
        raw = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True
        )
        return np.frombuffer(raw.stdout, "<i2")

    episode = decode(mp3_export.episode)
    position = 0
    for path in mp3_export.sections:
        section = decode(path)
        assert np.array_equal(section, episode[position : position + section.size]), path.name
        position += section.size
        reported = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert float(reported) == pytest.approx(section.size / 44100, abs=0.002)
    assert position == episode.size


def test_episode_audio_is_exactly_the_section_files_frames_in_order(mp3_export):
    """The episode is joined from the frames the export just cut (their byte
    counts are known); scanning every file frame by frame agrees."""
    from reader.audio.mp3frames import audio_span

    def frames(path: Path) -> bytes:
        start, end = audio_span(path)
        return path.read_bytes()[start:end]

    assert frames(mp3_export.episode) == b"".join(frames(p) for p in mp3_export.sections)


def test_leftovers_of_a_killed_export_are_removed_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    leftovers = [out / ".01-why-we-sleep.k2j4h6g8.mp3", out / ".episode.a1b2c3d4.mp3", out / ".transcript.zz99yy88.vtt"]
    for path in leftovers:
        path.write_bytes(b"half a file")
    work = out / ".reader-encode.q1w2e3r4"
    work.mkdir()
    (work / "stream.mp3").write_bytes(b"frames")
    mine = [out / ".notes", out / ".01-why-we-sleep.my-copy.mp3", out / "keep.txt"]
    for path in mine:
        path.write_text("the user's own")
    run_export(article_file(tmp_path), out)
    assert not any(p.exists() for p in leftovers) and not work.exists()
    assert all(p.read_text() == "the user's own" for p in mine)


def test_mp3_export_runs_one_encoder_per_worker(tmp_path, monkeypatch):
    import subprocess as real_subprocess

    from reader.audio import ffmpeg

    started = []

    class CountingPopen(real_subprocess.Popen):
        def __init__(self, command, *args, **kwargs):
            if Path(command[0]).name == "ffmpeg":
                started.append(command)
            super().__init__(command, *args, **kwargs)

    monkeypatch.setattr(ffmpeg.subprocess, "Popen", CountingPopen)
    from reader.audio.formats import FORMATS
    from reader.export.episode import ExportOptions, export_article
    from reader.document.loaders import load_article
    from reader.speech.speaker import resolve_speaker

    speaker = resolve_speaker(engine="espeak-ng")
    result = export_article(
        load_article(str(article_file(tmp_path))),
        speaker.preset,
        speaker.engine,
        tmp_path / "out",
        ExportOptions(FORMATS["mp3"], jobs=2),
    )
    assert len(result.sections) == 3
    assert len(started) == 2
    assert all("-reservoir" in command for command in started)


def test_output_is_44_1_khz_mono(mp3_export):
    from mutagen.mp3 import MP3

    info = MP3(str(mp3_export.episode)).info
    assert (info.sample_rate, info.channels) == (44100, 1)


def test_episode_has_chap_frames_matching_chapters_json_and_transcript(mp3_export):
    from mutagen.id3 import ID3

    tags = ID3(str(mp3_export.episode))
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chaps] == TITLES
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == [c.element_id for c in chaps]
    assert int(toc.flags) == 3  # top-level + ordered

    chapters = json.loads((mp3_export.directory / "chapters.json").read_text())
    assert chapters["version"] == "1.2.0"
    starts = [c["startTime"] for c in chapters["chapters"]]
    assert [c["title"] for c in chapters["chapters"]] == TITLES
    assert [c.start_time / 1000 for c in chaps] == pytest.approx(starts, abs=0.001)

    cues = parse_vtt((mp3_export.directory / "transcript.vtt").read_text())
    # the episode opens with the article's title, where its sound starts (LAME's delay in);
    # the first chapter starts with the episode, so no moment is outside a chapter
    assert starts[0] == 0.0
    assert cues[0][2] == "Sleep and Memory" and cues[0][0] == pytest.approx(1105 / 44100, abs=0.001)
    heading_cues = [start for start, _end, text in cues if text in ("Why we sleep", "../../etc/passwd", "CON")]
    assert heading_cues[1:] == pytest.approx(starts[1:], abs=0.001)
    assert starts[0] < heading_cues[0] < starts[1]
    assert len(cues) == 1 + 3 + 6  # the title, one per heading and sentence
    assert all(a[1] <= b[0] for a, b in zip(cues, cues[1:]))  # in order, not overlapping


def test_players_that_read_chapter_frames_in_file_order_list_them_in_reading_order(mp3_export):
    """ffmpeg (and mpv, ffplay…) ignore CTOC and list CHAP frames as they
    appear in the tag."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(mp3_export.episode)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    chapters = json.loads(out)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == TITLES
    assert [float(c["start_time"]) for c in chapters] == pytest.approx(
        [c.start for c in mp3_export.chapters], abs=0.001
    )


def test_chapter_starts_fall_on_the_start_of_speech(mp3_export):
    """Decode the episode: just before each chapter start there is silence
    (the previous section's pause) and speech follows within 0.1 s."""
    import numpy as np

    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(mp3_export.episode), "-f", "s16le", "-ac", "1", "-"],
        capture_output=True,
        check=True,
    ).stdout
    audio = np.frombuffer(raw, "<i2").astype(np.float32) / 32768
    for chapter in mp3_export.chapters[1:]:
        at = round(chapter.start * 44100)
        assert np.abs(audio[at - 8820 : at - 441]).max() < 0.01  # 200 ms to 10 ms before: silence
        assert np.abs(audio[at : at + 4410]).max() > 0.05  # speech within 100 ms


def test_section_files_are_tagged(mp3_export):
    from mutagen.id3 import ID3

    tags = ID3(str(mp3_export.sections[1]))
    assert tags["TIT2"].text == ["../../etc/passwd"]
    assert tags["TALB"].text == ["Sleep and Memory"]
    assert tags["TRCK"].text == ["2/3"]
    assert tags["TPE1"].text == ["reader"]
    assert tags["TCON"].text == ["Podcast"]


def test_playlist_lists_sections_in_order_with_relative_paths(mp3_export):
    lines = (mp3_export.directory / "playlist.m3u8").read_text().splitlines()
    assert lines[0] == "#EXTM3U"
    paths = [line for line in lines if line and not line.startswith("#")]
    assert paths == [p.name for p in mp3_export.sections]
    assert all((mp3_export.directory / p).is_file() for p in paths)
    durations = [int(re.match(r"#EXTINF:(\d+),", line).group(1)) for line in lines if line.startswith("#EXTINF")]
    assert durations == [round(probe_duration(p)) or 1 for p in mp3_export.sections]


@pytest.mark.e2e
def test_episode_loudness_and_true_peak_meet_the_podcast_target(mp3_export):
    measured = ffmpeg_loudness(mp3_export.episode)
    assert float(measured["input_i"]) == pytest.approx(-19.0, abs=1.0)
    assert float(measured["input_tp"]) <= -1.0


def test_rerun_keeps_unchanged_files_and_reuses_the_cache(mp3_export, tmp_path, monkeypatch):
    from reader.export.progress import FileWritten

    # The same cache the first run filled, as a user's second run would have.
    monkeypatch.setenv("READER_CACHE_DIR", str(mp3_export.directory.parent / "cache"))

    before = {p.name: p.stat().st_mtime_ns for p in mp3_export.directory.glob("*.mp3")}
    events = []
    source = article_file(tmp_path)
    run_export(source, mp3_export.directory, listener=events.append)
    written = [e for e in events if isinstance(e, FileWritten) and e.kind in ("section", "episode")]
    assert written and all(e.reused for e in written)
    assert {p.name: p.stat().st_mtime_ns for p in mp3_export.directory.glob("*.mp3")} == before


def test_a_file_damaged_since_the_last_run_is_written_again(tmp_path, monkeypatch):
    from reader.export.progress import FileWritten

    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    source, out = article_file(tmp_path), tmp_path / "out"
    first = run_export(source, out, fmt="ogg")
    damaged = first.sections[1]
    damaged.write_bytes(damaged.read_bytes()[:1000])
    events = []
    run_export(source, out, fmt="ogg", listener=events.append)
    reused = {e.path.name: e.reused for e in events if isinstance(e, FileWritten) and e.kind == "section"}
    assert reused == {p.name: p != damaged for p in first.sections}
    assert probe_duration(damaged) == pytest.approx(first.chapters[1].end - first.chapters[1].start, abs=0.05)


@pytest.mark.e2e
@pytest.mark.parametrize("fmt", ["ogg", "opus", "flac", "wav"])
def test_every_format_decodes_with_tags_and_chapters(tmp_path, fmt):
    import mutagen

    result = run_export(article_file(tmp_path), tmp_path / "out", fmt=fmt)
    assert [p.suffix for p in result.sections] == [f".{fmt}"] * 3
    assert probe_duration(result.episode) == pytest.approx(result.duration, abs=0.05)
    # A joined Ogg or Opus episode keeps what each file's decoder drops at its ends (≤ 50 ms a seam).
    seams = 0.05 * len(result.sections) if fmt in ("ogg", "opus") else 0.05
    assert sum(probe_duration(p) for p in result.sections) == pytest.approx(result.duration, abs=seams)
    episode = mutagen.File(str(result.episode))
    if fmt == "wav":
        assert episode.tags["TIT2"].text == ["Sleep and Memory"]  # basic ID3 only, no chapters in WAV
    else:
        assert episode.tags["CHAPTER002NAME"] == ["../../etc/passwd"]
        assert episode.tags["CHAPTER002"] == [f"00:00:{result.chapters[1].start:06.3f}"]
        assert mutagen.File(str(result.sections[0])).tags["TRACKNUMBER"] == ["1"]
    assert float(ffmpeg_loudness(result.episode)["input_i"]) == pytest.approx(-19.0, abs=1.0)
    peaks = {p.name: float(ffmpeg_loudness(p)["input_tp"]) for p in [result.episode, *result.sections]}
    assert max(peaks.values()) <= -1.0, peaks  # true peak, after the codec


@pytest.mark.e2e
@pytest.mark.parametrize("fmt", ["ogg", "opus"])
def test_the_ogg_and_opus_episode_is_its_section_files_at_the_chapter_times(tmp_path, fmt):
    """No second encoding: the episode is the sections' packets joined, so
    each section decodes the same from the episode, from its chapter's start,
    as from its own file (but for the first packets after a seam, in the
    pause); the transcript's cues follow the same times."""
    import numpy as np

    rate = {"ogg": 44_100, "opus": 48_000}[fmt]

    def decode(path: Path) -> np.ndarray:
        command = ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"]
        return np.frombuffer(subprocess.run(command, capture_output=True, check=True).stdout, "<i2")

    result = run_export(article_file(tmp_path), tmp_path / "out", fmt=fmt)
    episode = decode(result.episode)
    settled = int(0.1 * rate)
    for path, chapter in zip(result.sections, result.chapters):
        own = decode(path)
        near = round(chapter.start * rate)  # chapter times are rounded to the millisecond
        starts = range(max(0, near - rate // 1000), near + rate // 1000 + 1)
        found = [s for s in starts if np.array_equal(episode[s + settled : s + own.size], own[settled:])]
        assert found, path.name
    assert result.chapters[-1].end == pytest.approx(episode.size / rate, abs=0.001)
    cues = parse_vtt((result.directory / "transcript.vtt").read_text(encoding="utf-8"))
    second = next(c for c in cues if c[0] >= result.chapters[1].start)
    assert second[0] == pytest.approx(result.chapters[1].start, abs=0.002)


@pytest.mark.parametrize("fmt", ["ogg", "m4b"])
def test_sections_that_cannot_be_joined_get_an_episode_encoded_from_the_cache(tmp_path, monkeypatch, fmt):
    """If the section files cannot be joined (say, one was encoded with other
    settings), the episode is encoded again from the synthesized speech, on
    the planned timeline, and still has every chapter."""
    import mutagen

    from reader.audio import aacjoin, ogg

    def refuse(*_args, **_kwargs):
        raise (aacjoin.AacJoinError if fmt == "m4b" else ogg.OggJoinError)("other settings")

    monkeypatch.setattr(aacjoin, "read_tracks", refuse)
    monkeypatch.setattr(ogg, "layout", refuse)
    monkeypatch.setattr(ogg, "join", refuse)
    result = run_export(article_file(tmp_path), tmp_path / "out", fmt=fmt)
    assert probe_duration(result.episode) == pytest.approx(result.duration, abs=0.05)
    assert [c.title for c in result.chapters] == TITLES
    if fmt == "ogg":
        assert mutagen.File(str(result.episode)).tags["CHAPTER003NAME"] == ["CON"]


@pytest.mark.e2e
@pytest.mark.parametrize("fmt", ["mp3", "ogg", "opus"])
def test_lossy_formats_keep_the_true_peak_under_minus_1_dbtp_on_a_real_article(tmp_path, fmt):
    """Codecs overshoot the limiter's ceiling (Opus at speech bit rates by
    about 2 dB); each format's ceiling leaves room for its own."""
    from tests.conftest import CONTENT

    result = run_export(CONTENT / "rain-gardens-explained.txt", tmp_path / "out", fmt=fmt)
    measured = ffmpeg_loudness(result.episode)
    assert float(measured["input_tp"]) <= -1.0
    assert float(measured["input_i"]) == pytest.approx(-19.0, abs=1.0)


@pytest.mark.e2e
def test_stereo_is_louder_by_podcast_convention(tmp_path):
    from mutagen.mp3 import MP3

    result = run_export(article_file(tmp_path), tmp_path / "out", channels=2)
    assert MP3(str(result.episode)).info.channels == 2
    measured = ffmpeg_loudness(result.episode)
    assert float(measured["input_i"]) == pytest.approx(-16.0, abs=1.0)
    assert float(measured["input_tp"]) <= -1.0


def test_interrupted_export_leaves_no_partial_file_under_a_final_name(tmp_path):
    from reader.export.progress import FileWritten, SentenceSynthesized

    class Boom(Exception):
        pass

    def explode(event):
        if isinstance(event, SentenceSynthesized) and event.done == 5:
            raise Boom()

    out = tmp_path / "out"
    with pytest.raises(Boom):
        run_export(article_file(tmp_path), out, listener=explode)
    leftovers = [p for p in out.iterdir() if p.name != ".reader-export.json"]
    for path in leftovers:  # whatever is there is complete and decodes
        assert not path.name.startswith("."), path
        assert probe_duration(path) > 1.0
    assert not (out / "episode.mp3").exists()
    # and the next run finishes the job
    events = []
    run_export(article_file(tmp_path), out, listener=events.append)
    assert (out / "episode.mp3").is_file()
    assert any(isinstance(e, FileWritten) for e in events)


def test_output_folder_that_is_a_file_is_an_error(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(ReaderError, match="is a file, not a folder"):
        run_export(article_file(tmp_path), target)
    assert target.read_text() == "x"


def test_unwritable_output_folder_is_an_error_before_any_work(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(ReaderError, match="cannot write to output folder"):
        run_export(article_file(tmp_path), blocker / "sub")


def test_progress_bar_counts_the_episode_among_the_files_from_the_start(tmp_path):
    import io

    from reader.cli.export import ProgressView

    stream = io.StringIO()
    run_export(article_file(tmp_path), tmp_path / "out", listener=ProgressView(stream, tty=True))
    bars = [part for part in stream.getvalue().split("\r") if "files " in part]
    totals = {re.search(r"files \d+/(\d+)", bar).group(1) for bar in bars}
    assert totals == {"4"}  # 3 sections + the episode, every time
    assert "files 4/4" in bars[-1]


def test_cli_exports_with_line_progress_and_ends_with_where_files_are(tmp_path):
    from reader.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(article_file(tmp_path)), "-o", str(out), "--section", "CON"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.mp3")) == ["01-con.mp3", "episode.mp3"]
    assert str(out) in result.stdout.splitlines()[-1]


def test_cli_quiet_prints_only_the_final_line(tmp_path):
    from reader.cli import app

    result = CliRunner().invoke(
        app, ["export", str(article_file(tmp_path)), "-o", str(tmp_path / "o"), "-q", "--no-episode", "--section", "2"]
    )
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "o" / "episode.mp3").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "aac"], "unknown audio format 'aac'; choose one of: mp3"),
        (["--section", "zzzzqqq"], "no section matches"),
        (["--voice", "no-such-voice"], "unknown voice"),
        (["--preset", "no-such-preset"], "unknown preset"),
    ],
)
def test_cli_bad_choices_fail_with_one_line_and_write_nothing(tmp_path, args, message):
    from reader.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(article_file(tmp_path)), "-o", str(out), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.e2e
def test_without_an_episode_each_section_gets_its_own_transcript(tmp_path):
    from reader.audio.formats import FORMATS
    from reader.export.episode import ExportOptions, export_article
    from reader.document.loaders import load_article
    from reader.speech.speaker import resolve_speaker

    speaker = resolve_speaker(engine="espeak-ng")
    article, out = load_article(str(article_file(tmp_path))), tmp_path / "out"
    result = export_article(article, speaker.preset, speaker.engine, out, ExportOptions(FORMATS["mp3"], episode=False))
    assert not (out / "chapters.json").exists() and not (out / "transcript.vtt").exists()
    for section in result.sections:
        cues = parse_vtt(section.with_suffix(".vtt").read_text())
        assert cues and cues[0][0] < 0.1  # timed for this file: speech starts at once
        assert cues[-1][1] <= probe_duration(section)
    # With the episode again, the per-section transcripts go (they were this export's own files).
    export_article(article, speaker.preset, speaker.engine, out, ExportOptions(FORMATS["mp3"]))
    assert sorted(p.name for p in out.glob("*.vtt")) == ["transcript.vtt"]


def test_several_sources_give_episode_folders_and_a_feed(tmp_path):
    from reader.cli import app

    first = article_file(tmp_path, name="one.md")
    second = article_file(tmp_path, SECOND_ARTICLE, name="two.md")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["export", str(first), str(second), "-o", str(out), "--base-url", "https://x.test/pod"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "01-sleep-and-memory" / "episode.mp3").is_file()
    assert (out / "02-second-article" / "episode.mp3").is_file()
    channel = ET.parse(out / "feed.xml").getroot().find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Sleep and Memory", "Second Article"]
    enclosure = items[1].find("enclosure")
    assert enclosure.get("url") == "https://x.test/pod/02-second-article/episode.mp3"
    assert enclosure.get("type") == "audio/mpeg"
    assert int(enclosure.get("length")) == (out / "02-second-article" / "episode.mp3").stat().st_size
    duration = items[0].findtext("{http://www.itunes.com/dtds/podcast-1.0.dtd}duration")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", duration)


def test_a_second_several_article_export_removes_what_the_first_wrote_and_it_did_not(tmp_path):
    from reader.cli import app

    one = article_file(tmp_path, name="one.md")
    two = article_file(tmp_path, SECOND_ARTICLE, name="two.md")
    three = article_file(tmp_path, "# Third Article\n\nAnother short one.\n", name="three.md")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["export", str(one), str(two), str(three), "-o", str(out), "-q"]).exit_code == 0
    (out / "02-second-article" / "cover.jpg").write_bytes(b"the user's own")
    assert CliRunner().invoke(app, ["export", str(three), str(one), "-o", str(out), "-q"]).exit_code == 0
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["01-third-article", "02-second-article", "02-sleep-and-memory"]
    assert [p.name for p in (out / "02-second-article").iterdir()] == ["cover.jpg"]  # only the user's file is left
    titles = [i.findtext("title") for i in ET.parse(out / "feed.xml").getroot().iter("item")]
    assert titles == ["Third Article", "Sleep and Memory"]
    assert (
        CliRunner().invoke(app, ["export", str(three), str(one), "-o", str(out), "-q", "--no-episode"]).exit_code == 0
    )
    assert not (out / "feed.xml").exists()


def test_several_sources_without_episodes_say_why_there_is_no_feed(tmp_path):
    from reader.cli import app

    first = article_file(tmp_path, name="one.md")
    second = article_file(tmp_path, SECOND_ARTICLE, name="two.md")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", str(first), str(second), "-o", str(out), "--no-episode", "-q"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (out / "02-second-article").glob("*.mp3")] == ["01-introduction.mp3"]
    assert not (out / "feed.xml").exists()
    assert "no feed.xml" in result.stdout.splitlines()[-1]


def test_a_slow_section_does_not_hold_up_the_later_ones_and_files_still_join(tmp_path, monkeypatch):
    """Encoders pull the next section when done with one: while one is stuck
    on a slow section, the other takes every later section, so sections in
    a stream need not be consecutive; files, chapters and episode stay exact."""
    import time

    import numpy as np

    from reader.audio.formats import FORMATS
    from reader.audio.splitting import SplitEncoder
    from reader.speech.cache import AudioCache
    from reader.export.episode import ExportOptions, export_article
    from reader.document.loaders import load_article
    from reader.speech.presets import load_preset
    from tests.fakes import FakeEngine

    class SlowOnSomeText(FakeEngine):
        def synthesize(self, text, settings):
            if "slowly" in text:
                time.sleep(0.6)  # fewer characters than its neighbours, yet the slowest section
            return super().synthesize(text, settings)

    class NoReuse(AudioCache):
        def get(self, key):  # every utterance is synthesized (slowly) where it is encoded
            return None

    streams: dict[int, list[str]] = {}
    begin = SplitEncoder.begin_section

    def recording_begin(self, piece):
        streams.setdefault(id(self), []).append(piece.path.name[:2])
        begin(self, piece)

    monkeypatch.setattr(SplitEncoder, "begin_section", recording_begin)
    text = "# Balance\n\n" + "\n\n".join(
        f"## Part {n}\n\n"
        + ("It goes slowly." if n == 2 else "A fast sentence with quite a few more words in it. " * 3)
        for n in range(1, 6)
    )
    result = export_article(
        load_article(str(article_file(tmp_path, text))),
        load_preset(None),
        SlowOnSomeText(),
        tmp_path / "out",
        ExportOptions(FORMATS["mp3"], jobs=2),
        cache=NoReuse(tmp_path / "cache"),
    )

    assert len(streams) == 2
    slow_stream = next(s for s in streams.values() if "02" in s)
    other_stream = next(s for s in streams.values() if "02" not in s)
    assert slow_stream[-1] == "02"  # nothing waited behind the slow section
    assert {"03", "04", "05"} <= set(other_stream)
    assert sorted(slow_stream + other_stream) == ["01", "02", "03", "04", "05"]

    def decode(path: Path) -> np.ndarray:
        raw = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True
        )
        return np.frombuffer(raw.stdout, "<i2")

    episode = decode(result.episode)
    position = 0
    for path, chapter in zip(result.sections, result.chapters):
        section = decode(path)
        assert np.array_equal(section, episode[position : position + section.size]), path.name
        # The chapter starts LAME's delay (1105 samples) into its section's file (the first: at 0).
        assert chapter.start == pytest.approx((position + 1105) / 44100 if position else 0.0, abs=0.001)
        first_sound = int(np.argmax(np.abs(section) > 1000))
        assert abs(first_sound - 1105) < 0.005 * 44100, path.name  # the cut lies before the sound, not in it
        position += section.size
    assert position == episode.size
    assert result.duration == pytest.approx(episode.size / 44100, abs=0.001)


def test_a_section_encoded_again_is_joined_into_the_episode_anew(tmp_path, monkeypatch):
    """When only some sections are encoded again (their files went missing),
    they come from a different stream than before, so the episode is joined
    again from the files rather than kept."""
    import numpy as np

    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    source = article_file(
        tmp_path, "# T\n\n" + "\n\n".join(f"## S{n}\n\nSentence number {n} is here. Another one." for n in range(1, 6))
    )
    run_export(source, tmp_path / "out")
    (tmp_path / "out" / "03-s3.mp3").unlink()
    result = run_export(source, tmp_path / "out")

    def decode(path: Path) -> np.ndarray:
        raw = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"], capture_output=True, check=True
        )
        return np.frombuffer(raw.stdout, "<i2")

    joined = np.concatenate([decode(path) for path in result.sections])
    assert np.array_equal(decode(result.episode), joined)


@pytest.mark.parametrize("several", [False, True])
def test_numbers_are_spoken_in_each_articles_own_language(tmp_path, monkeypatch, several):
    from typer.testing import CliRunner

    from reader.cli import app
    from tests.fakes import install_fake_engine

    engine = install_fake_engine(monkeypatch)
    german = tmp_path / "de.md"
    german.write_text("---\ntitle: Obst\nlang: de\n---\n\nEs gibt 3 Äpfel.\n", encoding="utf-8")
    english = tmp_path / "en.md"
    english.write_text("---\ntitle: Fruit\n---\n\nThere are 3 apples.\n", encoding="utf-8")
    sources = [str(german), str(english)] if several else [str(german)]
    result = CliRunner().invoke(app, ["export", *sources, "-o", str(tmp_path / "out"), "--engine", "fake", "-q"])
    assert result.exit_code == 0, result.stderr
    spoken = [text for text, _settings in engine.calls]
    assert "Es gibt drei Äpfel." in spoken
    if several:
        assert "There are three apples." in spoken


@pytest.mark.parametrize("volume", [0.05, 1.0])
def test_quiet_and_loud_engines_are_both_brought_to_the_target(tmp_path, volume):
    """The gain is set from a sample before encoding; whatever level the
    engine speaks at, the file decodes at -19 LUFS."""
    import dataclasses

    from reader.audio.formats import FORMATS
    from reader.speech.cache import AudioCache
    from reader.export.episode import ExportOptions, export_article
    from reader.document.loaders import load_article
    from reader.speech.presets import load_preset
    from tests.fakes import FakeEngine

    from reader.export.progress import FileWritten

    preset = dataclasses.replace(load_preset(), volume=volume)
    events = []
    result = export_article(
        load_article(str(article_file(tmp_path))),
        preset,
        FakeEngine(),
        tmp_path / "out",
        ExportOptions(FORMATS["mp3"]),
        cache=AudioCache(tmp_path / "cache"),
        listener=events.append,
    )
    written = [e.path.name for e in events if isinstance(e, FileWritten) and e.kind == "section"]
    assert sorted(written) == sorted(p.name for p in result.sections)  # the sample was right: no second pass
    assert result.loudness == pytest.approx(-19.0, abs=0.5)
    assert float(ffmpeg_loudness(result.episode)["input_i"]) == pytest.approx(-19.0, abs=1.0)


def test_only_a_whole_episode_opens_with_the_article_title(tmp_path):
    source = article_file(tmp_path)
    whole = run_export(source, tmp_path / "whole")
    part = run_export(source, tmp_path / "part", sections=[1])
    assert whole.cues[0].text == "Sleep and Memory" and whole.cues[0].start == pytest.approx(1105 / 44100, abs=0.001)
    assert whole.chapters[0].start == 0.0
    assert whole.cues[1].text == "Why we sleep"
    assert [c.text for c in part.cues][:1] == ["../../etc/passwd"]
    assert "Sleep and Memory" not in [c.text for c in part.cues]


def test_a_pronunciation_fixed_while_listening_re_renders_only_its_section(tmp_path, monkeypatch):
    from reader.export.progress import FileWritten
    from reader.speech.pronunciations import add_word_rule
    from reader.speech.spoken import make_normalizer

    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    source, out = article_file(tmp_path), tmp_path / "out"
    run_export(source, out, normalize=make_normalizer("en"))
    add_word_rule("Dreams", "dreems")  # the user's file, as the f key writes it
    events = []
    run_export(source, out, normalize=make_normalizer("en"), listener=events.append)
    audio = [e for e in events if isinstance(e, FileWritten) and e.kind in ("section", "episode")]
    assert sorted(e.path.name for e in audio if not e.reused) == ["03-con.mp3", "episode.mp3"]
    assert sorted(e.path.name for e in audio if e.reused) == ["01-why-we-sleep.mp3", "02-etc-passwd.mp3"]


@pytest.mark.parametrize("fmt", ["ogg", "m4b"])
def test_an_episode_that_cannot_be_joined_is_encoded_beside_its_sections_and_leaves_no_temporary_file(
    tmp_path, monkeypatch, fmt
):
    import reader.export.episode as episode

    def after_the_sections(*args, **kwargs):
        raise AssertionError("the episode was encoded again after the sections")

    monkeypatch.setattr(episode, "encode_episode", after_the_sections)
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "cache"))
    result = run_export(article_file(tmp_path), tmp_path / "out", fmt)
    assert probe_duration(result.episode) == pytest.approx(sum(probe_duration(p) for p in result.sections), abs=0.1)
    hidden = [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
    assert hidden == [".reader-export.json"]
    assert oct(result.episode.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask

"""``reader export``: write podcast audio files (thin wrapper over
:mod:`reader.export`)."""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path
from typing import Annotated, Any, Optional, TextIO

import typer

from reader.cli.app import app
from reader.cli.options import (
    CodeOpt,
    EngineOpt,
    KeepAllOpt,
    PresetOpt,
    RateOpt,
    SectionOpt,
    TablesOpt,
    VoiceOpt,
    reading_policy,
    source_or_default,
)


class ProgressView:
    """Renders export events on stderr: a redrawn bar on a terminal, one
    line per finished file otherwise, nothing when quiet."""

    def __init__(self, stream: TextIO, quiet: bool = False, tty: bool | None = None) -> None:
        self.stream = stream
        self.quiet = quiet
        self.tty = stream.isatty() if tty is None else tty
        self.started = time.monotonic()
        self.sentences = (0, 0)
        self.files = (0, 0)
        self.sections = 0
        self._bar_shown = False

    def __call__(self, event) -> None:
        from reader.export.progress import ExportStarted, FileWritten, SentenceSynthesized

        if self.quiet:
            return
        if isinstance(event, ExportStarted):
            self.started = time.monotonic()
            self.sections = event.sections
            self.files = (0, event.audio_files or event.sections)
            sections = f"{event.sections} section{'' if event.sections == 1 else 's'}"
            self._line(f"exporting {event.title!r}: {sections}, {event.sentences} sentences and headings to speak")
        elif isinstance(event, SentenceSynthesized):
            self.sentences = (event.done, event.total)
            self._bar()
        elif isinstance(event, FileWritten):
            if event.total:
                self.files = (event.done, event.total)
            if event.kind in ("section", "episode", "feed") or not self.tty:
                verb = "kept" if event.reused else "wrote"
                note = " (unchanged)" if event.reused else ""
                length = f" {_clock(event.duration)}" if event.duration else ""
                self._line(f"{verb} {event.path}{length}{note}")
            self._bar()

    def _fraction(self) -> float:
        done_s, total_s = self.sentences
        done_f, total_f = self.files
        return 0.5 * (done_s / total_s if total_s else 0) + 0.5 * (done_f / total_f if total_f else 0)

    def _bar(self) -> None:
        if not self.tty:
            return
        fraction = self._fraction()
        elapsed = time.monotonic() - self.started
        eta = f"ETA {elapsed / fraction - elapsed:4.0f}s" if 0.02 < fraction < 1 else ""
        width = 24
        filled = round(width * fraction)
        text = (
            f"[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%}  "
            f"sentences {self.sentences[0]}/{self.sentences[1]}  files {self.files[0]}/{self.files[1]}  {eta}"
        )
        self.stream.write("\r" + text.ljust(78)[:110])
        self.stream.flush()
        self._bar_shown = True

    def _line(self, text: str) -> None:
        if self._bar_shown:
            self.stream.write("\r" + " " * 110 + "\r")
            self._bar_shown = False
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._bar_shown:
            self.stream.write("\r" + " " * 110 + "\r")
            self.stream.flush()
            self._bar_shown = False


def _clock(seconds: float | None) -> str:
    total = round(seconds or 0)
    return f"{total // 60}:{total % 60:02d}"


@app.command()
def export(
    output: Annotated[str, typer.Option("--output", "-o", help="Folder to write into (created if needed).")],
    sources: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="Articles (files, URLs or - for stdin); several give one folder each plus feed.xml. "
            "Default: the bundled sample article.",
            show_default=False,
        ),
    ] = None,
    section: SectionOpt = None,
    keep_all: KeepAllOpt = False,
    code: CodeOpt = "notice",
    tables: TablesOpt = "read",
    audio_format: Annotated[
        str,
        typer.Option(
            "--format", help="Audio format: mp3, ogg, opus, flac, wav or m4b (an audiobook: AAC with chapters)."
        ),
    ] = "mp3",
    input_format: Annotated[
        Optional[str],
        typer.Option(
            "--input-format", help="Input format: auto, text, markdown, html, epub, docx or pdf.", show_default=False
        ),
    ] = None,
    preset: PresetOpt = None,
    voice: VoiceOpt = None,
    rate: RateOpt = None,
    engine: EngineOpt = None,
    stereo: Annotated[
        bool, typer.Option("--stereo/--mono", help="Stereo at -16 LUFS, or mono at -19 LUFS (default).")
    ] = False,
    no_episode: Annotated[
        bool, typer.Option("--no-episode", help="Only the per-section files, not the whole article as one file.")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Parallel workers (0 = one per CPU core).", min=0)] = 0,
    base_url: Annotated[
        Optional[str],
        typer.Option(
            "--base-url", help="URL prefix for enclosures in feed.xml (default: relative paths).", show_default=False
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the final line.")] = False,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean", help="With --section: also remove the other files an earlier export into the folder wrote."
        ),
    ] = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Afterwards, listen to the episode with an offline recogniser and report sentences whose words "
            "were not heard; fail when a section is far off (needs the verify extra).",
        ),
    ] = False,
) -> None:
    """Write podcast audio: one file per section, the whole episode with
    chapters, a playlist, chapters.json and a WebVTT transcript."""
    # Long only by its signature, which is the command's option table (Typer).
    from reader.audio.formats import get_format
    from reader.errors import UsageError
    from reader.export.episode import ExportOptions, prepare_directory
    from reader.document.loaders import load_article, require_sentences
    from reader.document.lookup import selected_indices
    from reader.speech.speaker import resolve_speaker, warm_up_in_background

    fmt = get_format(audio_format)
    paths = list(sources or []) or [source_or_default(None)]
    _check_export_options(output, paths, section=section, base_url=base_url, verify=verify, no_episode=no_episode)
    from reader.audio.ffmpeg import ffmpeg_path

    ffmpeg_path()
    resolve_speaker(preset=preset, voice=voice, rate=rate, engine=engine)  # a bad name fails before any fetch
    warm_up_in_background(preset=preset, voice=voice, rate=rate, engine=engine)
    policy = reading_policy(code, tables)
    articles = [load_article(path, input_format, keep_all=keep_all, policy=policy) for path in paths]
    speaker = resolve_speaker(preset=preset, voice=voice, rate=rate, engine=engine, language=articles[0].language)
    if verify and speaker.engine.name in ("espeak-ng", "pyttsx3"):
        raise UsageError(
            f"--verify judges natural voices (--preset natural, --engine hibari or piper): an offline recogniser "
            f"cannot follow {speaker.engine.name}'s formant speech"
        )
    selection = selected_indices(articles[0], section) if len(articles) == 1 and section else None
    for article in articles:  # before the output folder is touched
        require_sentences(article, selection)
    directory = prepare_directory(Path(output))
    options = ExportOptions(
        audio_format=fmt, channels=2 if stereo else 1, jobs=jobs, episode=not no_episode, clean=clean
    )
    view = ProgressView(sys.stderr, quiet=quiet)
    try:
        if len(articles) == 1:
            summary = _export_one(articles[0], speaker, directory, options, selection, view, verify)
        else:
            speaker_for = functools.partial(_speaker_for, preset=preset, voice=voice, rate=rate, engine=engine)
            summary = _export_several(articles, speaker, speaker_for, directory, options, base_url, view)
    finally:
        view.close()
    typer.echo(summary)


def _check_export_options(
    output: str, paths: list[str], *, section: list[str] | None, base_url: str | None, verify: bool, no_episode: bool
) -> None:
    """Refuse option combinations that cannot work, before anything is read or written."""
    from reader.errors import UsageError

    if not output.strip():
        raise UsageError("the output folder (-o) is empty: give a folder name, e.g. -o out")
    if len(paths) > 1 and section:
        raise UsageError("--section works with one SOURCE only; export the articles one at a time to pick sections")
    if paths.count("-") > 1:
        raise UsageError("standard input (-) can be given only once")
    if base_url is not None:
        _check_base_url(base_url, several=len(paths) > 1)
    if verify and (no_episode or len(paths) > 1):
        raise UsageError("--verify checks one article's whole episode: give one SOURCE and leave out --no-episode")


def _export_one(article, speaker, directory: Path, options, selection, view, verify: bool) -> str:
    """Export one article; the line that sums up what was written."""
    from reader.export.episode import export_article

    normalize = _normalizer_for(speaker.preset)(article)
    result = export_article(
        article,
        speaker.preset,
        speaker.engine,
        directory,
        options,
        sections=selection,
        normalize=normalize,
        listener=view,
    )
    count = len(result.sections) + (1 if result.episode else 0)
    extras = "playlist, chapters, transcript" if result.episode else "playlist, a transcript per file"
    summary = f"{count} audio files ({_clock(result.duration)}) and {extras} in {directory}"
    if result.episode and options.audio_format.chapters == "none":
        summary += " (WAV has no chapter markers; see chapters.json)"
    summary += _removal_note(result.removed, result.spared)
    if verify and result.episode is not None:
        from reader.speech.utterances import plan_article

        spoken = {u.text: u.spoken for u in plan_article(article, speaker.preset, normalize)}
        spoken.setdefault(article.title or "", f"{article.title}.")
        summary += _verified(result, spoken)
    return summary


def _speaker_for(article, *, preset, voice, rate, engine):
    """The preset and engine that speak ``article``: its language may choose another voice (or engine)
    than the first article's, as in ``listen``."""
    from reader.speech.speaker import resolve_speaker

    speaker = resolve_speaker(preset=preset, voice=voice, rate=rate, engine=engine, language=article.language)
    return speaker.preset, speaker.engine


def _export_several(articles, speaker, speaker_for, directory: Path, options, base_url: str | None, view) -> str:
    """Export an episode folder per article and the feed; the line that sums up what was written."""
    from reader.export.batch import export_many

    results, feed = export_many(
        articles,
        speaker.preset,
        speaker.engine,
        directory,
        options,
        base_url=base_url,
        normalizer_for=_normalizer_for(speaker.preset),
        speaker_for=speaker_for,
        listener=view,
    )
    if not feed:
        return f"{len(results)} episodes in {directory} (no feed.xml: a feed lists episode files, which --no-episode leaves out)"
    return f"{len(results)} episodes in {directory}, feed {feed}"


def _verified(result: Any, spoken: dict[str, str]) -> str:
    """Check the written episode by ear (see :mod:`reader.export.verify`);
    print each sentence not heard; fail when a section is far off."""
    from reader.errors import ReaderError
    from reader.export.verify import check_cues, check_sections, decode_pcm

    checks = check_cues(decode_pcm(result.episode), result.cues, spoken)
    for check in checks:
        if check.flagged:
            typer.echo(
                f"verify: at {_clock(check.start)}, {check.heard:.0%} of the words heard: {check.text[:70]!r}", err=True
            )
    sections = check_sections(checks, result.chapters)
    far = [s.title for s in sections if s.far_off]
    if far:
        raise ReaderError(
            f"verify: most sentences were not heard in {', '.join(far[:3])}: listen to them and re-export"
        )
    flagged = sum(c.flagged for c in checks)
    return f"; verified by ear: {len(checks) - flagged} of {len(checks)} sentences heard"


def _removal_note(removed: list[str], spared: list[str]) -> str:
    """Say what an earlier export's files became: never removed silently."""
    note = ""
    if removed:
        note += (
            f"; removed {len(removed)} file{'s' if len(removed) != 1 else ''} an earlier export wrote: "
            + ", ".join(removed[:5])
            + (", …" if len(removed) > 5 else "")
        )
    if spared:
        note += f"; kept {', '.join(spared[:5])}{', …' if len(spared) > 5 else ''} (changed since an earlier export wrote it)"
    return note


def _check_base_url(base_url: str, several: bool) -> None:
    """``--base-url`` prefixes the enclosure URLs in feed.xml."""
    from urllib.parse import urlsplit

    from reader.errors import UsageError

    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"--base-url must start with http:// or https:// and name a host, e.g. https://example.org/podcast (got {base_url!r})"
        )
    if not several:
        raise UsageError(
            "--base-url is for feed.xml, which is written when several SOURCES are exported together; drop it"
        )


def _normalizer_for(preset):
    """Each article's normaliser, in the language ``preview`` and ``listen``
    use for it: the preset's, or the article's own when the preset keeps the
    default."""
    from reader.speech.spoken import make_normalizer, speech_language

    return lambda article: make_normalizer(speech_language(preset.language, article.language))

"""Several articles: one episode folder each, plus a podcast feed."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Callable, Sequence

from reader.speech.cache import AudioCache
from reader.speech.engines.base import Engine
from reader.errors import ReaderError
from reader.export.episode import ExportOptions, ExportResult, export_article, prepare_directory
from reader.export.feed import FEED_NAME, podcast_rss
from reader.export.folderlock import folder_lock
from reader.export.manifest import remove_written_files
from reader.export.naming import numbered_name
from reader.export.progress import FileWritten, Listener, ignore
from reader.fileio import parse_json, write_bytes_atomic, write_text_atomic
from reader.document.model import Article
from reader.speech.presets import Preset
from reader.speech.utterances import Normalizer, identity


def episode_folder(root: Path, number: int, total: int, article: Article) -> Path:
    fallback = Path(article.source).stem if article.source and article.source != "-" else f"article-{number}"
    return root / numbered_name(number, total, article.title or fallback, "", fallback=f"article-{number}").rstrip(".")


def export_many(
    articles: Sequence[Article],
    preset: Preset,
    engine: Engine,
    directory: Path,
    options: ExportOptions = ExportOptions(),
    *,
    base_url: str | None = None,
    normalizer_for: Callable[[Article], Normalizer] = lambda _article: identity,
    speaker_for: Callable[[Article], tuple[Preset, Engine]] | None = None,
    cache: AudioCache | None = None,
    listener: Listener = ignore,
) -> tuple[list[ExportResult], Path | None]:
    """Export each article into its own folder and write ``feed.xml``.

    ``normalizer_for`` gives each article its spoken-text normaliser and
    ``speaker_for`` its preset and engine (articles may be in different
    languages; without it, ``preset`` and ``engine`` speak them all).

    Returns the results and the feed's path (``None`` without episodes)."""
    root = prepare_directory(directory)
    with folder_lock(root):
        speakers = speaker_for or (lambda _article: (preset, engine))
        return _export_many(articles, speakers, root, options, base_url, normalizer_for, cache, listener)


def _export_many(
    articles: Sequence[Article],
    speaker_for: Callable[[Article], tuple[Preset, Engine]],
    root: Path,
    options: ExportOptions,
    base_url: str | None,
    normalizer_for: Callable[[Article], Normalizer],
    cache: AudioCache | None,
    listener: Listener,
) -> tuple[list[ExportResult], Path | None]:
    cache = cache if cache is not None else AudioCache()
    results = []
    for number, article in enumerate(articles, start=1):
        folder = episode_folder(root, number, len(articles), article)
        try:
            preset, engine = speaker_for(article)
            results.append(
                export_article(
                    article,
                    preset,
                    engine,
                    folder,
                    options,
                    normalize=normalizer_for(article),
                    cache=cache,
                    listener=listener,
                )
            )
        except ReaderError as exc:
            raise ReaderError(f"{article.source or article.title}: {exc}") from None
    feed: Path | None = None
    if options.episode:
        feed = root / FEED_NAME
        title = "Articles read aloud" if len(results) != 1 else results[0].title
        write_bytes_atomic(feed, podcast_rss(results, root, title, base_url))
        listener(FileWritten(feed, "feed"))
    _forget_earlier_batch(root, [r.directory.name for r in results], feed is not None)
    return results, feed


BATCH_MANIFEST_NAME = ".reader-batch.json"
"""In the root folder of a several-article export: its episode folders and
whether it wrote feed.xml, so the next one can remove what it no longer
writes."""


def _forget_earlier_batch(root: Path, folders: list[str], wrote_feed: bool) -> None:
    """Remove what an earlier several-article export into ``root`` wrote and
    this one did not: episode folders no longer exported (only the files
    that export wrote; a folder is removed once empty) and a feed.xml this
    export did not write (with --no-episode)."""
    path = root / BATCH_MANIFEST_NAME
    try:
        earlier = parse_json(path.read_text(encoding="utf-8"))
        old_folders = [str(name) for name in earlier.get("folders", [])]
        old_feed = bool(earlier.get("feed"))
    except (OSError, ValueError, AttributeError):
        old_folders, old_feed = [], False
    for name in set(old_folders) - set(folders):
        folder = root / name
        if folder.parent == root and folder.is_dir() and not folder.is_symlink():
            remove_written_files(folder)
            with contextlib.suppress(OSError):
                folder.rmdir()  # kept if the user put files of their own there
    if old_feed and not wrote_feed:
        with contextlib.suppress(OSError):
            (root / FEED_NAME).unlink()
    write_text_atomic(path, json.dumps({"version": 1, "folders": folders, "feed": wrote_feed}, indent=1) + "\n")

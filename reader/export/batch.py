"""Several articles: one episode folder each, plus a podcast feed."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from reader.audiocache import AudioCache
from reader.engines.base import Engine
from reader.errors import ReaderError
from reader.export.episode import ExportOptions, ExportResult, export_article, prepare_directory
from reader.export.feed import FEED_NAME, podcast_rss
from reader.export.naming import numbered_name
from reader.export.progress import FileWritten, Listener, ignore
from reader.fileio import write_bytes_atomic
from reader.model import Article
from reader.presets import Preset
from reader.speech import Normalizer, identity


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
    cache: AudioCache | None = None,
    listener: Listener = ignore,
) -> tuple[list[ExportResult], Path | None]:
    """Export each article into its own folder and write ``feed.xml``.

    ``normalizer_for`` gives each article its spoken-text normaliser (articles
    may be in different languages).

    Returns the results and the feed's path (``None`` without episodes)."""
    root = prepare_directory(directory)
    cache = cache if cache is not None else AudioCache()
    results = []
    for number, article in enumerate(articles, start=1):
        folder = episode_folder(root, number, len(articles), article)
        try:
            results.append(
                export_article(
                    article, preset, engine, folder, options,
                    normalize=normalizer_for(article), cache=cache, listener=listener,
                )
            )
        except ReaderError as exc:
            raise ReaderError(f"{article.source or article.title}: {exc}") from None
    if not options.episode:
        return results, None
    feed = root / FEED_NAME
    title = "Articles read aloud" if len(results) != 1 else results[0].title
    write_bytes_atomic(feed, podcast_rss(results, root, title, base_url))
    listener(FileWritten(feed, "feed"))
    return results, feed

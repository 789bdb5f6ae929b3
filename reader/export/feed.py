"""Podcast RSS 2.0 feed (feedgen with its podcast extension) for a folder of
exported episodes."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from reader.export.episode import ExportResult

FEED_NAME = "feed.xml"


def _duration(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def enclosure_url(path: Path, root: Path, base_url: str | None) -> str:
    """URL of ``path`` for the feed: ``base_url`` + the path relative to
    ``root`` (percent-encoded), or the relative path alone."""
    relative = quote(path.relative_to(root).as_posix())
    return f"{base_url.rstrip('/')}/{relative}" if base_url else relative


def podcast_rss(results: Sequence[ExportResult], root: Path, title: str, base_url: str | None = None) -> bytes:
    """RSS 2.0 with one item per episode, its file as the enclosure."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.load_extension("podcast")
    feed.title(title)
    feed.link(href=base_url or root.resolve().as_uri(), rel="alternate")
    feed.description(f"{len(results)} articles read aloud with reader (offline text-to-speech).")
    feed.language("en")
    feed.podcast.itunes_category("Education")
    for result in results:
        if result.episode is None:
            continue
        url = enclosure_url(result.episode, root, base_url)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(result.title)
        entry.description(f"{result.title}: {len(result.chapters)} chapters.")
        entry.enclosure(url, str(result.episode.stat().st_size), result.audio_format.mime_type)
        entry.podcast.itunes_duration(_duration(result.duration))
    return feed.rss_str(pretty=True)

"""``reader export``: podcast audio files with chapters, tags, playlist,
chapters.json, WebVTT transcript and (for several articles) an RSS feed.

:func:`reader.export.episode.export_article` does one article;
:func:`reader.export.batch.export_many` does several plus ``feed.xml``.
"""

"""Where each article was left off, and its bookmarks.

One JSON file per article in ``state_dir()/positions/<key>.json``. The key is
a hash of the article's *content* (title, section titles, sentences), not of
its path: a moved file still resumes, and an edited one does not resume at a
place that now means something else. Each saved position also keeps its
sentence's text, so a position whose index no longer fits can be found again
by text.

A state file that cannot be read is never overwritten blindly: it is moved to
``<key>.json.bad`` and the article starts from the beginning.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from reader import paths
from reader.errors import ReaderError
from reader.fileio import parse_json, write_text_atomic
from reader.model import Article
from reader.navigation import Cursor

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

FORMAT_VERSION: Final = 1
PREVIEW_CHARS: Final = 60
"""How much of a bookmarked sentence is kept as its preview."""
_KEY_RE: Final = re.compile(r"^[0-9a-f]{64}$")


def article_key(article: Article) -> str:
    """A stable identifier of the article's content (sha256 hex)."""
    content = {
        "title": article.title,
        "sections": [[s.title, [t.text for t in s.sentences]] for s in article.sections],
    }
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).astimezone().isoformat(timespec="seconds")


def _preview(text: str) -> str:
    if len(text) <= PREVIEW_CHARS:
        return text
    cut = text[:PREVIEW_CHARS].rsplit(" ", 1)[0] or text[:PREVIEW_CHARS]
    return cut + "…"


@dataclass(frozen=True)
class Bookmark:
    """A place the listener marked with ``b``."""

    number: int
    """1, 2, 3… in the order they were made (numbers are never reused)."""
    cursor: Cursor
    label: str
    """The section's outline number, e.g. ``"2.1"``."""
    preview: str
    """The start of the bookmarked sentence."""
    created: str
    """ISO 8601 local time with offset."""
    note: str = ""


class PositionStore:
    """Resume positions and bookmarks, one JSON file per article key."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else paths.state_dir() / "positions"

    # ------------------------------------------------------------------ files

    def path(self, key: str) -> Path:
        if not _KEY_RE.match(key):
            raise ValueError(f"not an article key: {key!r}")
        return self.directory / f"{key}.json"

    def _read(self, key: str) -> dict[str, Any]:
        """The article's state, or an empty one (a bad file is set aside)."""
        path = self.path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                self._set_aside(path)
            else:
                log.warning("cannot read %s: %s", path, exc)
            return {}
        try:
            data = parse_json(text)
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
                raise ValueError("unexpected content")
            if not isinstance(data.get("bookmarks", []), list):
                raise ValueError("bookmarks is not a list")
        except ValueError:
            self._set_aside(path)
            return {}
        return data

    def _set_aside(self, path: Path) -> None:
        bad = path.with_name(path.name + ".bad")
        log.warning("ignoring unreadable state file %s (kept as %s)", path, bad)
        try:
            os.replace(path, bad)
        except OSError:
            pass

    def _write(self, key: str, data: dict[str, Any]) -> None:
        data["version"] = FORMAT_VERSION
        path = self.path(key)
        try:
            write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            raise ReaderError(
                f"cannot save the reading position in {path.parent}: {exc.strerror or exc}; "
                "set READER_STATE_DIR to a writable directory"
            ) from exc

    # -------------------------------------------------------------- positions

    def save(self, key: str, cursor: Cursor, label: str, *, text: str = "", title: str | None = None) -> None:
        """Remember ``cursor`` (section ``label``, sentence ``text``) as where
        to resume this article."""
        data = self._read(key)
        data["position"] = {
            "section": cursor.section,
            "sentence": cursor.sentence,
            "label": label,
            "text": text,
            "saved": _now_iso(),
        }
        if title is not None:
            data["title"] = title
        self._write(key, data)

    def load(self, key: str, article: Article | None = None) -> Cursor | None:
        """Where to resume, or ``None``. With ``article``, a position that no
        longer fits it is found again by its sentence text, or dropped."""
        position = self._read(key).get("position")
        cursor = _cursor_from(position)
        if cursor is None or article is None or not isinstance(position, dict):
            return cursor
        return _fit(cursor, str(position.get("text", "")), article)

    def clear(self, key: str) -> None:
        """Forget the resume position (bookmarks stay)."""
        data = self._read(key)
        if "position" not in data:
            return
        del data["position"]
        if data.get("bookmarks"):
            self._write(key, data)
        else:
            try:
                self.path(key).unlink()
            except FileNotFoundError:
                pass

    # -------------------------------------------------------------- bookmarks

    def add_bookmark(self, key: str, cursor: Cursor, note: str = "", *, label: str = "", text: str = "") -> int:
        """Store a bookmark; returns its number (1 for the first)."""
        data = self._read(key)
        marks = [m for m in data.get("bookmarks", []) if isinstance(m, dict)]
        numbers = [n for m in marks if isinstance(n := m.get("number"), int)]
        last = data.get("last_bookmark")
        number = max([*numbers, last if type(last) is int else 0]) + 1
        data["last_bookmark"] = number
        marks.append(
            {
                "number": number,
                "section": cursor.section,
                "sentence": cursor.sentence,
                "label": label,
                "preview": _preview(text),
                "text": text,
                "note": note,
                "created": _now_iso(),
            }
        )
        data["bookmarks"] = marks
        self._write(key, data)
        return number

    def bookmarks(self, key: str, article: Article | None = None) -> list[Bookmark]:
        """Bookmarks in the order they were made; with ``article``, ones that
        no longer fit it are re-found by text or left out."""
        out: list[Bookmark] = []
        for mark in self._read(key).get("bookmarks", []):
            cursor = _cursor_from(mark)
            if cursor is None or not isinstance(mark.get("number"), int):
                continue
            if article is not None:
                cursor = _fit(cursor, str(mark.get("text", "")), article)
                if cursor is None:
                    continue
            out.append(
                Bookmark(
                    number=mark["number"],
                    cursor=cursor,
                    label=str(mark.get("label", "")),
                    preview=str(mark.get("preview", "")),
                    created=str(mark.get("created", "")),
                    note=str(mark.get("note", "")),
                )
            )
        return out

    def remove_bookmark(self, key: str, number: int) -> bool:
        """Delete bookmark ``number``; ``False`` if there was none."""
        data = self._read(key)
        marks = data.get("bookmarks", [])
        kept = [m for m in marks if not (isinstance(m, dict) and m.get("number") == number)]
        if len(kept) == len(marks):
            return False
        data["bookmarks"] = kept
        self._write(key, data)
        return True


def _cursor_from(entry: Any) -> Cursor | None:
    if not isinstance(entry, dict):
        return None
    section, sentence = entry.get("section"), entry.get("sentence")
    if type(section) is not int or type(sentence) is not int or section < 0 or sentence < 0:
        return None
    return Cursor(section, sentence)


def _fit(cursor: Cursor, text: str, article: Article) -> Cursor | None:
    """``cursor`` if it points at ``text`` (or at some sentence, when no text
    was stored) in ``article``; else where ``text`` is now; else ``None``."""
    sections = article.sections
    in_range = cursor.section < len(sections) and cursor.sentence < len(sections[cursor.section].sentences)
    if in_range and (not text or sections[cursor.section].sentences[cursor.sentence].text == text):
        return cursor
    if text:
        matches = [Cursor(si, ti) for si, ti, s in article.iter_sentences() if s.text == text]
        if matches:
            # The same sentence may occur twice: take the one nearest the old place.
            return min(matches, key=lambda c: (abs(c.section - cursor.section), abs(c.sentence - cursor.sentence)))
    return None

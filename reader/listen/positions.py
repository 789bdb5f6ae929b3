"""Where each article was left off, and its bookmarks.

One JSON file per article in ``state_dir()/positions/<key>.json``. The key is
a hash of the article's *content* (title, section titles, sentences), not of
its path: a moved file still resumes, and an edited one does not resume at a
place that now means something else. Each saved position also keeps its
sentence's text, so a position whose index no longer fits can be found again
by text.

An edited article has a new key. Its place is then carried over from the
newest state file of the same source (path or URL; for standard input, the same title)
(:meth:`PositionStore.carry_over`): the saved sentence found again as it
was, or else the most similar sentence (the listener is told the place is
approximate), or nothing (the listener is told that too); bookmarks move the
same way.

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
from reader.document.model import Article
from reader.listen.commands import Cursor
from reader.listen.refind import fit, refind

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

FORMAT_VERSION: Final = 1
PREVIEW_CHARS: Final = 60
"""How much of a bookmarked sentence is kept as its preview."""
_KEY_RE: Final = re.compile(r"^[0-9a-f]{64}$")
MAX_CANDIDATE_FILES: Final = 500
"""State files looked through, newest first, for an edited article's earlier place."""


@dataclass(frozen=True)
class CarriedOver:
    """The place an edited article was left off, found in its new text."""

    cursor: Cursor | None
    """``None``: the article changed and the place could not be found."""
    exact: bool
    """The saved sentence is there, unchanged (else: the most similar one)."""


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

    def save(
        self,
        key: str,
        cursor: Cursor,
        label: str,
        *,
        text: str = "",
        title: str | None = None,
        source: str | None = None,
    ) -> None:
        """Remember ``cursor`` (section ``label``, sentence ``text``) as where
        to resume this article (from ``source``, so an edited copy finds it)."""
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
        if source:
            data["source"] = source
        self._write(key, data)

    def carry_over(self, key: str, article: Article, source: str | None) -> CarriedOver | None:
        """For an article with no state under ``key``: the newest earlier state
        of the same ``source`` (for standard input, ``source=None``: of the
        same title, and only if its place is found again), moved to ``key``
        (position and bookmarks re-found in the new text) and its old file
        removed. ``None`` when there is none."""
        if self._read(key) or not self.directory.is_dir():
            return None
        found = self._earlier_state(key, article, source)
        if found is None:
            return None
        old_key, old = found
        position = old.get("position") if isinstance(old.get("position"), dict) else None
        cursor, exact = refind(str(position.get("text", "")) if position else "", article, _cursor_from(position))
        if not source and cursor is None:
            return None  # matched by title alone and nothing found again: perhaps another article of that name
        data: dict[str, Any] = {k: v for k, v in old.items() if k not in ("position", "bookmarks")}
        if position is not None and cursor is not None:
            data["position"] = {**position, "section": cursor.section, "sentence": cursor.sentence}
        marks = []
        for mark in old.get("bookmarks", []):
            if isinstance(mark, dict):
                at, _ = refind(str(mark.get("text", "")), article, _cursor_from(mark))
                if at is not None:
                    marks.append({**mark, "section": at.section, "sentence": at.sentence})
        if marks:
            data["bookmarks"] = marks
        self._write(key, data)
        try:
            self.path(old_key).unlink()
        except OSError:
            pass
        return CarriedOver(cursor, exact) if position is not None else None

    def _earlier_state(self, key: str, article: Article, source: str | None) -> tuple[str, dict[str, Any]] | None:
        files = []
        for path in self.directory.glob("*.json"):
            try:
                files.append((path.stat().st_mtime, path))
            except OSError:
                continue
        for _, path in sorted(files, reverse=True)[:MAX_CANDIDATE_FILES]:
            if path.stem == key or not _KEY_RE.match(path.stem):
                continue
            data = self._read(path.stem)
            if source:
                if data.get("source") == source:  # the same file or page, edited
                    return path.stem, data
            elif article.title and data.get("title") == article.title:  # standard input: by title
                return path.stem, data
        return None

    def load(self, key: str, article: Article | None = None) -> Cursor | None:
        """Where to resume, or ``None``. With ``article``, a position that no
        longer fits it is found again by its sentence text, or dropped."""
        position = self._read(key).get("position")
        cursor = _cursor_from(position)
        if cursor is None or article is None or not isinstance(position, dict):
            return cursor
        return fit(cursor, str(position.get("text", "")), article)

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
                cursor = fit(cursor, str(mark.get("text", "")), article)
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

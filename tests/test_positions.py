"""Resume positions and bookmarks on disk (in the per-test state dir)."""

from __future__ import annotations

import json

import pytest

from reader import paths
from reader.errors import ReaderError
from reader.document.model import Article, Paragraph, Section, Sentence
from reader.listen.navigation import Cursor
from reader.listen.positions import PositionStore, article_key


def section(number: str, title: str | None, *sentences: str) -> Section:
    return Section(number, title, 1, (Paragraph(tuple(Sentence(s) for s in sentences)),))


def make_article(source: str = "a.md", *, extra: str = "") -> Article:
    return Article(
        "Sleep",
        (
            section("0", None, "Intro one.", "Intro two."),
            section("1", "Why", "Why one.", "Why two.", "Why three." + extra),
            section("2", "How", "How one with a fairly long sentence that goes on and on beyond the preview."),
        ),
        source=source,
    )


@pytest.fixture
def store() -> PositionStore:
    return PositionStore()


def test_store_lives_in_the_state_dir(store):
    assert store.directory.parent == paths.state_dir()


def test_key_depends_on_content_not_path():
    assert article_key(make_article("a.md")) == article_key(make_article("/elsewhere/b.md"))
    assert article_key(make_article()) != article_key(make_article(extra=" Edited."))
    assert len(article_key(make_article())) == 64


def test_key_changes_when_a_section_title_changes():
    art = make_article()
    why_not = Section("1", "Why not", 1, art.sections[1].paragraphs)
    renamed = Article(art.title, (art.sections[0], why_not, art.sections[2]))
    assert article_key(art) != article_key(renamed)


def test_position_round_trip(store):
    key = article_key(make_article())
    assert store.load(key) is None
    store.save(key, Cursor(1, 2), "1", text="Why three.")
    assert store.load(key) == Cursor(1, 2)
    assert store.load(key, make_article()) == Cursor(1, 2)
    data = json.loads(store.path(key).read_text())
    assert data["position"]["label"] == "1" and data["position"]["text"] == "Why three."


def test_clear_forgets_position_but_keeps_bookmarks(store):
    key = article_key(make_article())
    store.save(key, Cursor(1, 0), "1")
    store.clear(key)
    assert store.load(key) is None and not store.path(key).exists()
    store.save(key, Cursor(1, 0), "1")
    store.add_bookmark(key, Cursor(2, 0), "keep")
    store.clear(key)
    assert store.load(key) is None
    assert [b.note for b in store.bookmarks(key)] == ["keep"]
    store.clear(article_key(make_article(extra="x")))  # nothing saved: no error


def test_out_of_range_position_is_dropped_when_text_is_gone(store):
    art = make_article()
    key = article_key(art)
    store.save(key, Cursor(7, 0), "9", text="A sentence that no longer exists.")
    assert store.load(key, art) is None
    store.save(key, Cursor(1, 5), "1")
    assert store.load(key, art) is None


def test_moved_sentence_is_found_again_by_text(store):
    art = make_article()
    key = article_key(art)
    store.save(key, Cursor(0, 0), "0", text="Why two.")
    assert store.load(key, art) == Cursor(1, 1)


def test_corrupted_file_is_ignored_and_kept_as_bad_copy(store):
    key = article_key(make_article())
    path = store.path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    assert store.load(key) is None
    bad = path.with_name(path.name + ".bad")
    assert bad.read_text() == "{not json"
    store.save(key, Cursor(1, 1), "1")
    assert store.load(key) == Cursor(1, 1)
    assert bad.read_text() == "{not json"


@pytest.mark.parametrize(
    "content",
    [
        b"[1, 2]",
        b'{"version": 99, "position": {"section": 0, "sentence": 0}}',
        b'{"version": 1, "bookmarks": "oops"}',
        b"\xff\xfe\x00garbage",
        b"",
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the JSON parser can follow
        b'{"version": 1, "x": ' + b"{" * 100_000,
    ],
)
def test_unexpected_content_is_set_aside(store, content):
    key = article_key(make_article())
    path = store.path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert store.load(key) is None
    assert store.bookmarks(key) == []
    assert path.with_name(path.name + ".bad").read_bytes() == content


def test_malformed_entries_are_skipped(store):
    key = article_key(make_article())
    path = store.path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "position": {"section": "1", "sentence": 0},
                "bookmarks": [
                    "junk",
                    {"number": 1, "section": -1, "sentence": 0},
                    {"number": 2, "section": 1, "sentence": 0},
                ],
            }
        )
    )
    assert store.load(key) is None
    assert [b.number for b in store.bookmarks(key)] == [2]
    assert store.add_bookmark(key, Cursor(0, 0)) == 3


def test_bookmarks_are_numbered_in_order_with_previews(store):
    art = make_article()
    key = article_key(art)
    long_text = art.sections[2].sentences[0].text
    assert store.add_bookmark(key, Cursor(0, 1), "first", label="0", text="Intro two.") == 1
    assert store.add_bookmark(key, Cursor(2, 0), label="2", text=long_text) == 2
    marks = store.bookmarks(key)
    assert [(b.number, b.cursor, b.label, b.note) for b in marks] == [
        (1, Cursor(0, 1), "0", "first"),
        (2, Cursor(2, 0), "2", ""),
    ]
    assert marks[0].preview == "Intro two."
    assert marks[1].preview.endswith("…") and len(marks[1].preview) <= 61
    assert long_text.startswith(marks[1].preview[:-1])
    assert "T" in marks[0].created and marks[0].created[:4].isdigit()


def test_bookmark_numbers_are_not_reused_after_removal(store):
    key = article_key(make_article())
    store.add_bookmark(key, Cursor(0, 0))
    store.add_bookmark(key, Cursor(0, 1))
    assert store.remove_bookmark(key, 2)
    assert not store.remove_bookmark(key, 2)
    store.add_bookmark(key, Cursor(1, 0))
    assert [b.number for b in store.bookmarks(key)] == [1, 3]


def test_bookmarks_survive_saving_a_position(store):
    key = article_key(make_article())
    store.add_bookmark(key, Cursor(1, 1), "n")
    store.save(key, Cursor(2, 0), "2")
    assert len(store.bookmarks(key)) == 1 and store.load(key) == Cursor(2, 0)


def test_bookmarks_that_no_longer_fit_the_article_are_left_out(store):
    art = make_article()
    key = article_key(art)
    store.add_bookmark(key, Cursor(9, 9), text="gone")
    store.add_bookmark(key, Cursor(1, 0), text="Why one.")
    assert [b.cursor for b in store.bookmarks(key, art)] == [Cursor(1, 0)]


def test_invalid_key_is_rejected(store):
    with pytest.raises(ValueError):
        store.load("../../etc/passwd")


def test_unwritable_state_dir_raises_reader_error_naming_the_fix(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    store = PositionStore(blocker / "positions")
    with pytest.raises(ReaderError, match="READER_STATE_DIR"):
        store.save(article_key(make_article()), Cursor(0, 0), "0")


def test_writes_leave_no_temporary_files(store):
    key = article_key(make_article())
    for i in range(3):
        store.save(key, Cursor(0, i % 2), "0")
        store.add_bookmark(key, Cursor(1, 0))
    assert sorted(p.name for p in store.directory.iterdir()) == [f"{key}.json"]

"""An edited article (a new content key) keeps its listener's place and bookmarks:
found again exactly, else at the most similar sentence, else reported lost."""

from __future__ import annotations

from pathlib import Path

from reader.document.model import Article, Paragraph, Section, Sentence
from reader.listen.navigation import Cursor
from reader.listen.positions import PositionStore, article_key

SOURCE = "/home/listener/articles/tides.md"


def article(*sentences: str, title: str = "Tides") -> Article:
    section = Section("1", "Tides", 1, (Paragraph(tuple(Sentence(t) for t in sentences)),))
    return Article(title, (section,), source=SOURCE)


ORIGINAL = article("The tide rose at dawn.", "Boats left the harbour early.", "The wall held all winter long.")


def saved_store(tmp_path: Path) -> PositionStore:
    store = PositionStore(tmp_path)
    key = article_key(ORIGINAL)
    store.save(key, Cursor(0, 1), "1", text="Boats left the harbour early.", title="Tides", source=SOURCE)
    store.add_bookmark(key, Cursor(0, 2), label="1", text="The wall held all winter long.")
    return store


def test_an_edit_elsewhere_keeps_the_exact_sentence_and_the_bookmarks(tmp_path):
    store = saved_store(tmp_path)
    edited = article("The tide rose at first light.", "Boats left the harbour early.", "The wall held all winter long.")
    carried = store.carry_over(article_key(edited), edited, SOURCE)
    assert carried is not None and carried.cursor == Cursor(0, 1) and carried.exact
    assert store.load(article_key(edited), edited) == Cursor(0, 1)
    assert [m.cursor for m in store.bookmarks(article_key(edited), edited)] == [Cursor(0, 2)]
    assert not store.path(article_key(ORIGINAL)).exists()  # moved, not copied


def test_a_one_word_edit_of_the_saved_sentence_finds_it_and_says_it_is_approximate(tmp_path):
    store = saved_store(tmp_path)
    edited = article("A new first sentence.", "The tide rose at dawn.", "Boats left the port early.", "The end.")
    carried = store.carry_over(article_key(edited), edited, SOURCE)
    assert carried is not None and carried.cursor == Cursor(0, 2) and not carried.exact


def test_a_place_that_cannot_be_found_is_reported_not_silently_restarted(tmp_path):
    store = saved_store(tmp_path)
    rewritten = article("Something else entirely.", "Nothing like before.")
    carried = store.carry_over(article_key(rewritten), rewritten, SOURCE)
    assert carried is not None and carried.cursor is None


def test_another_file_or_an_unrelated_article_of_the_same_title_is_left_alone(tmp_path):
    store = saved_store(tmp_path)
    elsewhere = Article("Tides", ORIGINAL.sections[:0] + (Section("1", "X", 1, ()),), source="/tmp/other.md")
    assert store.carry_over(article_key(elsewhere), elsewhere, "/tmp/other.md") is None
    unrelated = article("Completely different words here.", "And more of them.")
    assert store.carry_over(article_key(unrelated), unrelated, None) is None  # standard input, title only
    assert store.path(article_key(ORIGINAL)).exists()

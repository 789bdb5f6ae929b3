"""The listening session's parts on their own: the speech planner, the line
prompt and the bookmark replies (no audio, no terminal, no threads)."""

from __future__ import annotations

import pytest

from reader.document.model import Article, Paragraph, Section, Sentence
from reader.listen import marks
from reader.listen.commands import Cursor
from reader.listen.navigation import Navigator
from reader.listen.planner import NEAR_HEADINGS, SpeechPlanner
from reader.listen.prompt import LinePrompt
from reader.listen.reading import ReadingOrder
from reader.speech.presets import Preset


def _article(sections: int = 3, sentences: int = 3) -> Article:
    return Article(
        "Title",
        tuple(
            Section(
                str(s + 1),
                f"Part {s + 1}",
                1,
                (Paragraph(tuple(Sentence(f"S{s + 1} n{n + 1}.") for n in range(sentences))),),
            )
            for s in range(sections)
        ),
    )


class _CountingNormalizer:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> str:
        self.calls += 1
        return text


def test_a_section_is_planned_once_however_many_of_its_sentences_are_asked_for():
    article = _article(sentences=50)
    normalize = _CountingNormalizer()
    planner = SpeechPlanner(article, Navigator(article), Preset("test"), normalize)
    for n in range(50):
        planner.sentence(Cursor(0, n))
    assert normalize.calls == 50  # each sentence normalised once, not once per request


def test_a_new_rate_or_pronunciation_plans_again_with_it():
    article = _article()
    planner = SpeechPlanner(article, Navigator(article), Preset("test"), str)
    assert planner.sentence(Cursor(0, 0)).settings.rate == Preset("test").rate
    planner.replan(rate=300)
    assert planner.sentence(Cursor(0, 0)).settings.rate == 300
    planner.replan(normalize=lambda text: text.upper())
    assert planner.sentence(Cursor(0, 0)).spoken == "S1 N1."


def test_what_comes_next_is_made_first_then_the_way_back_then_headings_around():
    article = _article(sections=3, sentences=3)
    planner = SpeechPlanner(article, Navigator(article), Preset("test"), str, ahead=3)
    texts = [u.text for u in planner.upcoming(Cursor(0, 1))]
    # the next sentences, crossing into part 2 with its heading; the previous sentence;
    # the next section's start; then the headings around for jumps
    assert texts[:5] == ["S1 n3.", "Part 2", "S2 n1.", "S2 n2.", "S1 n1."]
    assert texts[5:7] == ["Part 2", "S2 n1."]
    assert texts[7:] == ["Part 1", "Part 2", "Part 3"]


def test_headings_far_from_the_place_are_not_made_ahead():
    article = _article(sections=NEAR_HEADINGS * 3, sentences=1)
    planner = SpeechPlanner(article, Navigator(article), Preset("test"), str)
    headings = {u.text for u in planner.upcoming(Cursor(0, 0)) if u.kind == "heading"}
    assert f"Part {NEAR_HEADINGS}" in headings and f"Part {NEAR_HEADINGS + 2}" not in headings


def test_without_heading_announcements_no_heading_is_planned():
    article = _article()
    planner = SpeechPlanner(article, Navigator(article), Preset("test"), str, announce_headings=False)
    assert all(u.kind == "sentence" for u in planner.upcoming(Cursor(0, 0)))


def _typed(keys: str) -> str:
    return keys if len(keys) == 1 and keys.isprintable() else ""


def test_a_prompt_line_is_typed_erased_and_entered():
    line = LinePrompt("goto")
    steps = [line.press(key, _typed) for key in ["m", "e", "x", "backspace", "t", "enter"]]
    assert [s.kind for s in steps] == ["typed", "typed", "typed", "erase", "typed", "enter"]
    assert steps[-1].text == "met"


@pytest.mark.parametrize(("key", "kind"), [("escape", "cancel"), ("ctrl-c", "quit"), ("f5", "ignored")])
def test_a_prompt_cancels_quits_or_ignores_keys_that_type_nothing(key, kind):
    line = LinePrompt("search", "words")
    assert line.press(key, _typed).kind == kind
    assert line.text == "words"


def test_backspace_on_an_empty_prompt_does_nothing():
    assert LinePrompt("goto").press("backspace", _typed).kind == "ignored"


class _Marks:
    def __init__(self) -> None:
        self.marks: dict[int, Cursor] = {}

    def save(self, cursor: Cursor) -> None: ...

    def clear(self) -> None: ...

    def add_bookmark(self, cursor: Cursor, label: str) -> int:
        number = max(self.marks, default=0) + 1
        self.marks[number] = cursor
        return number

    def bookmarks(self) -> list[tuple[int, Cursor]]:
        return sorted(self.marks.items())

    def remove_bookmark(self, number: int) -> bool:
        return self.marks.pop(number, None) is not None


def test_bookmark_replies_add_list_go_to_and_delete():
    article = _article()
    nav = Navigator(article, start=Cursor(0, 0))
    store = _Marks()
    assert marks.listing(store, nav).message == "No bookmarks yet: press b to add one"
    assert marks.add(store, nav, Cursor(2, 1)).message.startswith("Bookmark 1: ")
    assert marks.add(store, nav, Cursor(1, 0)).message.startswith("Bookmark 2: ")
    listing = marks.listing(store, nav).message
    assert listing.startswith("2 bookmarks. 2: ") and listing.index("2: ") < listing.index("1: ")
    assert marks.next_after(store, nav) == marks.Reply("Bookmark 2", Cursor(1, 0))
    assert marks.remove_at(store, Cursor(1, 0)).message == "Bookmark 2 deleted"
    assert marks.remove_at(store, Cursor(1, 0)) == marks.Reply("No bookmark at this sentence", asked=False)
    assert marks.add(None, nav, Cursor(0, 0)).message == "Bookmarks are not available"


def test_reading_order_skips_empty_sections_and_lands_past_them():
    article = Article(
        "Title",
        (
            Section("1", "Empty parent", 1, ()),
            Section("1.1", "Child", 2, (Paragraph((Sentence("One two."), Sentence("Three four."))),)),
            Section("2", "Next", 1, (Paragraph((Sentence("Five six."),)),)),
        ),
    )
    order = ReadingOrder(article)
    assert order.readable == [1, 2]
    assert order.landing(Cursor(0, 0)) == (Cursor(1, 0), (0, 1))  # the empty heading leads into its child
    assert order.landing(Cursor(1, 2)) == (Cursor(2, 0), (2,))  # past a section's end: the next one
    assert order.landing(Cursor(2, 5)) == (Cursor(1, 0), (0, 1))  # past the end: from the start
    assert order.after(Cursor(1, 1)) == Cursor(2, 0) and order.before(Cursor(2, 0)) == Cursor(1, 1)
    assert order.percent_through(Cursor(2, 0)) == 67
    assert order.section_place(1) == "Section 1 of 2, Empty parent; subsection 1.1, Child"
    assert ReadingOrder(article, only_section=2).landing(Cursor(1, 0)) == (Cursor(2, 0), (2,))

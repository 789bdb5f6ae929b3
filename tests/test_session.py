"""The listening session loop: fake engine, silent output at high speed,
scripted keys (no terminal, no sound card)."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest

from reader.listen.player import NullOutput
from reader.speech.cache import AudioCache
from reader.document.model import Article, Paragraph, Section, Sentence
from reader.listen.navigation import Cursor, Navigator
from reader.listen.positions import PositionStore
from reader.speech.presets import Preset
from reader.listen.resume import StoredPositions
from reader.listen.prefetch import Prefetcher
from reader.listen.session import Console, ListenSession
from reader.speech.utterances import Synthesizer, Utterance
from reader.speech.engines.base import Audio, SpeechSettings
from reader.listen.terminal import NoKeys, ScriptedKeys
from tests.fakes import FakeEngine

SENTENCE_LINE = re.compile(r"^\[([\d.]+)\] (.*)$")


def make_article() -> Article:
    def section(number: str, title: str, *texts: str) -> Section:
        return Section(number, title, 1, (Paragraph(tuple(Sentence(t) for t in texts)),))

    return Article(
        "Test article",
        (
            section("1", "Background", "Alpha one.", "Alpha two.", "Alpha three."),
            section("2", "Method", "Beta one.", "Beta two.", "Beta three."),
            section("3", "Safety and Side Effects", "Gamma one.", "Gamma two.", "Gamma three."),
        ),
        source="test.md",
    )


class Harness:
    """A session plus what it printed, run in a background thread."""

    def __init__(
        self,
        speed: float = 20.0,
        start: Cursor | None = None,
        only: int | None = None,
        article: Article | None = None,
        **kwargs,
    ) -> None:
        self.article = article or make_article()
        self.engine = FakeEngine()
        self.out, self.err = io.StringIO(), io.StringIO()
        self.keys = ScriptedKeys()
        self.output = NullOutput(sample_rate=16000, speed=speed)
        self.positions = StoredPositions(PositionStore(), self.article, keep_place=only is None)
        preset = Preset(name="test", rate=300, sentence_pause=0.0, paragraph_pause=0.0, section_pause=0.0)
        self.nav = Navigator(self.article, start=start, stop_after_section=only, rate=preset.rate)
        self.session = ListenSession(
            self.article,
            self.nav,
            Synthesizer(self.engine, AudioCache()),
            preset,
            self.output,
            kwargs.pop("keys", self.keys),
            Console(self.out, self.err, mode=kwargs.pop("mode", "both")),
            positions=self.positions,
            **kwargs,
        )
        self.outcome: str | None = None
        self.intro: str | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.outcome = self.session.run(intro=self.intro)

    def start(self) -> "Harness":
        self.thread.start()
        return self

    def wait(self, timeout: float = 10) -> str | None:
        self.thread.join(timeout)
        self.output.close()
        return self.outcome

    def lines(self) -> list[str]:
        return self.out.getvalue().splitlines()

    def spoken_lines(self) -> list[str]:
        return [m.group(2) for line in self.lines() if (m := SENTENCE_LINE.match(line))]

    def wait_for_line(self, text: str, timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.spoken_lines():
                return
            time.sleep(0.005)
        raise AssertionError(f"{text!r} never started; printed: {self.lines()}")

    def wait_for_message(self, text: str, timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.lines():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never printed; printed: {self.lines()}")
            time.sleep(0.005)

    def wait_for_count(self, count: int, timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        while len(self.spoken_lines()) < count and time.monotonic() < deadline:
            time.sleep(0.005)

    def press(self, key: str) -> None:
        self.keys.press(key)


ALL = [f"{w} {n}." for w in ("Alpha", "Beta", "Gamma") for n in ("one", "two", "three")]


def test_without_keys_the_whole_article_is_read_in_order_and_the_position_cleared():
    h = Harness(speed=50, keys=NoKeys())
    h.positions.save(Cursor(1, 1))
    h.nav = Navigator(h.article, rate=300)
    h.session.nav = h.nav
    assert h.start().wait() == "finished"
    assert h.spoken_lines() == ALL
    assert "== 3 Safety and Side Effects ==" in h.lines()
    assert h.lines()[-1] == "End of article"
    assert h.positions.load() is None


def test_headings_are_announced_before_their_first_sentence_unless_turned_off():
    h = Harness(speed=50, keys=NoKeys())
    h.start().wait()
    texts = h.engine.texts
    assert texts.index("Method.") < texts.index("Beta one.")
    quiet = Harness(speed=50, keys=NoKeys(), announce_headings=False)
    quiet.start().wait()
    assert "Method." not in quiet.engine.texts


def test_next_previous_and_repeat_keys_move_by_sentence():
    h = Harness(speed=1).start()  # real time: each sentence lasts ~0.4 s
    h.wait_for_line("Alpha one.")
    h.press("n")
    h.wait_for_line("Alpha two.")
    h.press("p")  # within 2 s of the start: back one sentence
    h.wait_for_line("Alpha two.")
    time.sleep(0.05)
    h.press("r")
    h.press("q")
    h.wait()
    assert h.spoken_lines() == ["Alpha one.", "Alpha two.", "Alpha one.", "Alpha one."]


def test_section_keys_jump_and_the_heading_line_is_printed():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("]")
    h.wait_for_line("Beta one.")
    h.press("]")
    h.wait_for_line("Gamma one.")
    h.press("[")  # at the start of a section: the previous section
    h.wait_for_count(4)
    h.press("q")
    h.wait()
    assert h.spoken_lines() == ["Alpha one.", "Beta one.", "Gamma one.", "Beta one."]
    assert h.lines()[:3] == ["== Test article ==", "== 1 Background ==", "[1] Alpha one."]  # the title first
    assert "== 3 Safety and Side Effects ==" in h.lines()


def test_goto_prompt_finds_a_section_by_part_of_its_name():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    for key in ["g", "s", "a", "f", "x", "backspace", "e", "enter"]:
        h.press(key)
    h.wait_for_line("Gamma one.")
    h.press("q")
    h.wait()
    assert "Go to section" in h.out.getvalue()
    assert h.spoken_lines()[-1] == "Gamma one."


def test_goto_prompt_takes_a_time_into_the_article():
    h = Harness(speed=1).start()  # 300 words a minute, two words a sentence: 2 s in is the sixth sentence
    h.wait_for_line("Alpha one.")
    for key in ["g", "0", ":", "0", "2", "enter"]:
        h.press(key)
    h.wait_for_line("Beta three.")
    h.press("q")
    h.wait()
    assert h.spoken_lines()[-1] == "Beta three."


def test_spoken_times_are_minutes_and_seconds_or_minutes():
    from reader.listen.prompt import spoken_time

    assert spoken_time("12:30") == 750
    assert spoken_time("12m") == 720 and spoken_time("1.5 min") == 90 and spoken_time("3 minutes") == 180
    assert spoken_time("2.1") is None and spoken_time("intro") is None and spoken_time("12:75") is None


def test_goto_with_no_match_reports_the_error_and_keeps_reading():
    h = Harness(speed=5).start()
    h.wait_for_line("Alpha one.")
    for key in ["g", "z", "z", "z", "q", "enter"]:  # "q" is typed text here, not quit
        h.press(key)
    h.wait_for_line("Alpha three.")
    h.press("q")
    h.wait()
    assert "zzzq" in h.err.getvalue()
    assert "Alpha two." in h.spoken_lines()


def test_escape_cancels_the_goto_prompt():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    for key in ["g", "m", "escape"]:
        h.press(key)
    h.wait_for_line("Alpha two.")
    h.press("q")
    h.wait()
    assert "Cancelled" in h.lines()
    assert "Beta one." not in h.spoken_lines()


def test_pause_stops_new_sentences_until_resumed():
    h = Harness(speed=2).start()
    h.wait_for_line("Alpha one.")
    h.press("space")
    time.sleep(0.6)  # two sentences' worth at this speed
    during = list(h.spoken_lines())
    h.press("space")
    h.wait_for_line("Alpha two.")
    h.press("q")
    h.wait()
    assert during == ["Alpha one."]
    assert "Paused" in h.lines()


def test_quit_saves_the_position_and_a_new_navigator_resumes_there():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("]")
    h.wait_for_line("Beta one.")
    h.press("n")
    h.wait_for_line("Beta two.")
    h.press("q")
    assert h.wait() == "quit"
    assert h.positions.load() == Cursor(1, 1)


def test_bookmark_key_stores_a_numbered_bookmark():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("n")
    h.wait_for_line("Alpha two.")
    h.press("b")
    time.sleep(0.05)
    h.press("q")
    h.wait()
    marks = h.positions.store.bookmarks(h.positions.key, h.article)
    assert [(m.number, m.cursor) for m in marks] == [(1, Cursor(0, 1))]
    assert any(line.startswith("Bookmark 1:") for line in h.lines())


def test_apostrophe_goes_to_the_next_bookmark_and_wraps_round():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.positions.add_bookmark(Cursor(0, 2), "x")  # made in an earlier session
    h.positions.add_bookmark(Cursor(1, 1), "x")
    h.press("'")
    h.wait_for_line("Alpha three.")
    h.press("'")
    h.wait_for_line("Beta two.")
    h.press("'")  # past the last one: round to the first
    deadline = time.monotonic() + 5
    while h.spoken_lines().count("Alpha three.") < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    h.press("q")
    h.wait()
    messages = [line for line in h.lines() if line.startswith("Bookmark ")]
    assert messages == ["Bookmark 1", "Bookmark 2", "Bookmark 1"]
    assert h.spoken_lines().count("Alpha three.") == 2


def test_x_deletes_the_bookmark_at_this_sentence_and_says_so():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.positions.add_bookmark(Cursor(0, 0), "x")
    h.positions.add_bookmark(Cursor(1, 0), "x")
    h.press("x")
    deadline = time.monotonic() + 5
    while "Bookmark 1 deleted" not in h.lines() and time.monotonic() < deadline:
        time.sleep(0.005)
    h.press("x")  # nothing left here
    while "No bookmark at this sentence" not in h.lines() and time.monotonic() < deadline:
        time.sleep(0.005)
    h.press("q")
    h.wait()
    assert "Bookmark 1 deleted" in h.lines() and "No bookmark at this sentence" in h.lines()
    assert h.positions.bookmarks() == [(2, Cursor(1, 0))]


def test_apostrophe_without_bookmarks_says_how_to_make_one():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("'")
    deadline = time.monotonic() + 5
    while "No bookmarks here yet: press b to add one" not in h.lines() and time.monotonic() < deadline:
        time.sleep(0.005)
    h.press("q")
    assert h.wait() == "quit"
    assert "No bookmarks here yet: press b to add one" in h.lines()


def test_where_and_help_keys_print_lines():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("w")
    h.press("?")
    time.sleep(0.05)
    h.press("q")
    h.wait()
    text = h.out.getvalue()
    assert "Section 1 of 3, Background, sentence 1 of 3" in text
    assert "next sentence" in text


def test_faster_key_says_the_current_sentence_again_at_the_new_rate_at_once():
    h = Harness(speed=3).start()
    h.wait_for_line("Alpha one.")
    h.press("+")
    h.wait_for_line("Alpha two.")
    h.press("q")
    h.wait()
    assert h.spoken_lines()[:2] == ["Alpha one.", "Alpha one."]  # restarted at once, not from the next one
    assert "325 words per minute" in h.lines()
    assert any(text == "Alpha one." and s.rate == 325 for text, s in h.engine.calls)
    assert any(text == "Alpha two." and s.rate == 325 for text, s in h.engine.calls)


def test_speech_mode_prints_nothing():
    h = Harness(speed=50, keys=NoKeys(), mode="speech")
    h.start().wait()
    assert h.out.getvalue() == ""
    assert "End of article" in h.engine.texts  # said, not printed


def test_only_reads_one_section():
    h = Harness(speed=50, keys=NoKeys(), start=Cursor(1, 0), only=1)
    h.start().wait()
    assert h.spoken_lines() == ["Beta one.", "Beta two.", "Beta three."]
    assert h.lines()[-1] == "End of section"


def test_prefetcher_synthesizes_ahead_and_serves_from_memory():
    made: list[str] = []

    def slow(u: Utterance) -> Audio:
        made.append(u.text)
        time.sleep(0.02)
        return Audio(b"\x00\x00", 16000)

    utterances = [Utterance("sentence", 0, f"s{i}", f"s{i}", SpeechSettings(), 0.0) for i in range(3)]
    prefetcher = Prefetcher(slow)
    prefetcher.want(utterances)
    time.sleep(0.2)
    assert made == ["s0", "s1", "s2"]
    for u in utterances:
        prefetcher.get(u)
    prefetcher.close()
    assert made == ["s0", "s1", "s2"]  # nothing made twice


def test_prefetcher_hands_a_synthesis_error_to_the_caller():
    engine = FakeEngine(fail_on="bad")
    synthesizer = Synthesizer(engine)
    prefetcher = Prefetcher(synthesizer.synthesize)
    bad = Utterance("sentence", 0, "bad one", "bad one", SpeechSettings(), 0.0)
    prefetcher.want([bad])
    with pytest.raises(Exception, match="refuses"):
        prefetcher.get(bad)
    prefetcher.close()


def test_speech_mode_speaks_the_answers_to_where_help_and_bookmark_and_prints_none():
    h = Harness(speed=1, mode="speech").start()
    time.sleep(0.1)
    for key in ["w", "?", "b"]:
        h.press(key)
        time.sleep(0.05)
    h.press("q")
    h.wait()
    assert h.lines() == []
    said = h.engine.texts
    assert any(text.startswith("Section 1 of 3, Background") for text in said)
    assert any("q or Ctrl-C" in text for text in said)
    assert any(text.startswith("Bookmark 1:") for text in said)


def test_text_mode_prints_every_line_and_speaks_no_message():
    h = Harness(speed=1, mode="text").start()
    h.wait_for_line("Alpha one.")
    for key in ["w", "b"]:
        h.press(key)
        time.sleep(0.05)
    h.press("q")
    h.wait()
    lines = h.lines()
    assert "[1] Alpha one." in lines
    assert any(line.startswith("Section 1 of 3, Background") for line in lines)
    assert any(line.startswith("Bookmark 1:") for line in lines)
    assert not any(text.startswith(("Section 1 of 3", "Bookmark")) for text in h.engine.texts)


def test_printed_lines_wrap_at_word_boundaries_to_the_width():
    out = io.StringIO()
    console = Console(out, io.StringIO(), width=40)
    console.line("[2.1] Spring tides follow the full and new moon, when the pull is strongest of all.")
    console.line("[2.2] " + "x" * 60 + " end")
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines if line != "x" * 60)
    assert (
        " ".join(lines[:-3]).split()
        == "[2.1] Spring tides follow the full and new moon, when the pull is strongest of all.".split()
    )
    assert lines[-3:] == ["[2.2]", "x" * 60, "end"]  # a word longer than the line stays whole


def test_a_held_down_key_prints_its_repeated_message_once():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    for _ in range(30):  # 300 → 900 in 24 steps, then 6 × "Fastest rate"
        h.press("+")
    time.sleep(0.1)
    h.press("q")
    h.wait()
    assert [line for line in h.lines() if line.startswith("Fastest rate")] == ["Fastest rate, 900 words per minute"]
    assert h.nav.rate == 900


def test_goto_error_says_press_g_again_instead_of_a_shell_command():
    h = Harness(speed=5).start()
    h.wait_for_line("Alpha one.")
    for key in ["g", "9", "enter"]:
        h.press(key)
    time.sleep(0.1)
    h.press("q")
    h.wait()
    error = h.err.getvalue().strip()
    assert error.startswith("No section numbered '9'") and error.endswith("press g to try again")
    assert "reader outline" not in error
    assert any("press g to try again" in text for text in h.engine.texts)  # spoken too


def test_goto_intro_finds_the_untitled_introduction():
    intro = Section("0", None, 1, (Paragraph((Sentence("Intro one."), Sentence("Intro two."))),))
    art = make_article()
    art = Article(art.title, (intro, *art.sections), source=art.source)
    h = Harness(speed=1, article=art, start=Cursor(2, 0)).start()
    h.wait_for_line("Beta one.")
    for key in ["g", "i", "n", "t", "r", "o", "enter"]:
        h.press(key)
    h.wait_for_line("Intro one.")
    h.press("q")
    h.wait()
    assert h.err.getvalue() == ""


def test_ctrl_c_while_typing_a_section_name_ends_the_prompt_line():
    import _thread

    h = Harness(speed=1, keys=ScriptedKeys(["g", "a", "b"]))
    timer = threading.Timer(0.3, _thread.interrupt_main)  # what SIGINT does
    timer.start()
    try:
        outcome = h.session.run()
    finally:
        timer.cancel()
        h.output.close()
    assert outcome == "quit"
    assert h.out.getvalue().endswith("ab\n")


def test_resume_message_is_printed_and_spoken_before_the_sentence():
    h = Harness(speed=1, start=Cursor(1, 1))
    h.thread = threading.Thread(
        target=lambda: setattr(h, "outcome", h.session.run(intro="Resuming at section 2, sentence 2."))
    )
    h.start()
    h.wait_for_line("Beta two.")
    h.press("q")
    h.wait()
    assert h.lines()[0] == "Resuming at section 2, sentence 2."
    assert h.engine.texts[0] == "Resuming at section 2, sentence 2."


def test_next_section_in_the_last_section_keeps_the_session_and_saved_place():
    h = Harness(speed=1, start=Cursor(2, 0)).start()
    h.wait_for_line("Gamma one.")
    h.press("]")
    h.press("n")
    time.sleep(0.1)
    assert h.thread.is_alive()
    h.press("q")
    assert h.wait() == "quit"
    assert "No more sections in the article" in h.lines()
    assert h.positions.load() == Cursor(2, 1)


def test_a_heading_finish_that_races_the_goto_prompt_keeps_the_audio_paused():
    h = Harness(speed=1, start=Cursor(1, 0), keys=NoKeys())
    session = h.session
    session.output.on_finished = None
    session._start(Cursor(1, 0), (1,))  # heading, then the sentence
    heading = session._playing
    session._on_key("g")  # the prompt pauses the audio ...
    session._on_finished(heading.generation)  # ... and then the heading's finish arrives
    assert h.output.paused
    h.output.close()


# ------------------------------------------------------------ CLI around it


def _cli(args: list[str]):
    from typer.testing import CliRunner

    from reader.cli import app

    return CliRunner().invoke(app, args)


def test_bookmarks_command_lists_what_b_stored(tmp_path):
    from reader.document.loaders import load_article

    path = tmp_path / "a.md"
    path.write_text("# T\n\n## Background\n\nOne here. Two here.\n\n## Safety\n\nThree here.\n", encoding="utf-8")
    article = load_article(str(path))
    positions = StoredPositions(PositionStore(), article)
    positions.add_bookmark(Cursor(1, 0), "ignored")
    result = _cli(["bookmarks", str(path)])
    assert result.exit_code == 0, result.output
    assert "1. 2 Safety, sentence 1: Three here." in result.output


def test_listen_refuses_only_without_a_section(tmp_path):
    result = _cli(["listen", "--only", "--audio-device", "null"])
    assert result.exit_code == 2
    assert "--only needs --section" in result.output


def test_listen_refuses_two_starting_points():
    result = _cli(["listen", "--section", "1", "--from-start", "--audio-device", "null"])
    assert result.exit_code == 2
    assert "give only one" in result.output


def test_listen_names_a_missing_bookmark(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# T\n\n## Background\n\nOne here.\n", encoding="utf-8")
    result = _cli(["listen", str(path), "--bookmark", "3", "--audio-device", "null"])
    assert result.exit_code == 1
    assert "no bookmarks" in result.output


def test_listen_with_only_headings_is_an_error_naming_the_fix(tmp_path):
    path = tmp_path / "headings.md"
    path.write_text("# T\n\n## First\n\n## Second\n", encoding="utf-8")
    result = _cli(["listen", str(path), "--audio-device", "null"])
    assert result.exit_code == 1
    assert "has nothing to read aloud: no sentences were found, only 2 headings" in result.output
    path.write_text("# T\n\n```\ncode only\n```\n", encoding="utf-8")
    result = _cli(["listen", str(path), "--audio-device", "null"])
    assert result.exit_code == 1
    assert "only 1 code block (code is not read aloud; --code read reads it)" in result.output
    path.write_text("# T\n\n## Full\n\nOne here.\n\n## Empty\n\n## Last\n\nTwo here.\n", encoding="utf-8")
    result = _cli(["listen", str(path), "--section", "empty", "--only", "--audio-device", "null"])
    assert result.exit_code == 1
    assert "section 2 Empty has no text; leave out --only" in result.output


def test_missing_bookmark_of_the_bundled_article_names_a_command_without_its_path():
    result = _cli(["listen", "--bookmark", "1", "--audio-device", "null"])
    assert result.exit_code == 1
    assert "press b while listening" in result.output
    from reader.document.loaders import load_article
    from reader.resources import default_article

    positions = StoredPositions(PositionStore(), load_article(str(default_article())))
    positions.add_bookmark(Cursor(1, 0), "x")
    result = _cli(["listen", "--bookmark", "7", "--audio-device", "null"])
    assert result.exit_code == 1
    assert "run 'reader bookmarks' to list them" in result.output


def test_resume_message_names_the_introduction_or_the_section():
    from reader.listen.queue import resume_message

    intro = Section("0", None, 1, (Paragraph((Sentence("A."), Sentence("B."))),))
    art = make_article()
    art = Article(art.title, (intro, *art.sections))
    assert resume_message(art, Cursor(0, 1)).startswith("Resuming at the introduction, sentence 2.")
    assert resume_message(art, Cursor(2, 0)).startswith("Resuming at section 2, sentence 1.")


def test_a_key_cuts_the_tools_own_message_at_once():
    h = Harness(speed=1)
    h.intro = "Resuming at section 2, sentence 3. " * 6  # a long notice, spoken over the first sentence
    h.start()
    deadline = time.monotonic() + 5
    while h.output.feeder.message_done.is_set() and time.monotonic() < deadline:
        time.sleep(0.005)  # the notice is being spoken
    assert not h.output.feeder.message_done.is_set()
    h.press("n")
    h.wait_for_line("Alpha two.")
    assert h.output.feeder.message_done.is_set()  # cut, not waited for
    h.press("q")
    h.wait()


def test_reading_one_section_with_only_keeps_the_articles_saved_place():
    first = Harness(speed=1).start()
    first.wait_for_line("Alpha two.")
    first.press("q")
    first.wait()
    saved = first.positions.load()
    assert saved == Cursor(0, 1)
    only = Harness(speed=50, keys=NoKeys(), start=Cursor(2, 0), only=2)
    only.start().wait()
    assert only.spoken_lines()[-1] == "Gamma three."
    assert only.positions.load() == saved  # neither moved by --only nor erased when it finished


def test_n_during_a_heading_goes_to_the_sections_first_sentence():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("]")  # the next section: its heading is announced first
    deadline = time.monotonic() + 5
    while not (h.session._playing and h.session._playing.utterance.kind == "heading") and time.monotonic() < deadline:
        time.sleep(0.002)
    h.press("n")
    h.wait_for_line("Beta one.")
    time.sleep(0.3)
    h.press("q")
    h.wait()
    first_beta = next(line for line in h.spoken_lines() if line.startswith("Beta"))
    assert first_beta == "Beta one."


def test_the_sleep_timer_stops_at_the_end_of_a_sentence_and_saves_the_next_one():
    h = Harness(speed=1, sleep_after=0.5)  # real time: each sentence lasts about 0.4 s
    h.start()
    assert h.wait() == "quit"
    spoken = h.spoken_lines()
    assert 1 <= len(spoken) < len(ALL)
    assert h.lines()[-1] == "Sleep timer: stopping here. Your place is saved."
    saved = h.positions.load()
    assert saved is not None
    assert h.article.sections[saved.section].sentences[saved.sentence].text == ALL[len(spoken)]


def test_slash_finds_words_and_enter_alone_finds_the_next_match():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("/")
    for key in "gamma":
        h.press(key)
    h.press("enter")
    h.wait_for_line("Gamma one.")
    h.press("/")
    h.press("enter")
    h.wait_for_line("Gamma two.")
    h.press("/")
    for key in "zebra":
        h.press(key)
    h.press("enter")
    time.sleep(0.2)
    h.press("q")
    h.wait()
    assert any(line == "Not found: zebra" for line in h.lines())


def test_digit_keys_jump_through_the_article():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("7")  # 70 % of nine sentences of equal length: the seventh
    h.wait_for_line("Gamma one.")
    h.press("q")
    h.wait()


def test_the_title_is_said_first_when_reading_starts_at_the_beginning_only():
    h = Harness(speed=50, keys=NoKeys())
    h.start().wait()
    assert h.engine.texts[0] == "Test article."
    later = Harness(speed=50, keys=NoKeys(), start=Cursor(1, 0))
    later.start().wait()
    assert "Test article." not in later.engine.texts


def test_article_keys_with_one_article_say_there_is_no_other_and_keep_reading():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press(">")
    h.wait_for_message("There is no other article: give several to reader listen to hear them in turn.")
    h.wait_for_line("Alpha two.")  # reading went on
    h.press("q")
    assert h.wait() == "quit"


def test_next_article_key_ends_the_session_towards_it_and_keeps_the_place():
    h = Harness(speed=1, queue_place=(0, 2)).start()
    h.wait_for_line("Alpha one.")
    h.press("n")
    h.wait_for_line("Alpha two.")
    h.press("<")
    h.wait_for_message("This is the first article.")
    h.press(">")
    assert h.wait() == "next_article"
    assert h.positions.load() == Cursor(0, 1)


def _type(h: Harness, text: str) -> None:
    for key in text:
        h.press("space" if key == " " else key)
    h.press("enter")


def test_f_stores_how_a_word_is_said_and_says_the_sentence_again_with_it():
    learned: list[tuple[str, str]] = []

    def learn(word: str, say_as: str):
        learned.append((word, say_as))
        return (lambda text: text.replace(word, say_as)), "/config/pronunciations.toml"

    h = Harness(speed=1, learn_pronunciation=learn).start()
    h.wait_for_line("Alpha one.")
    h.press("n")
    h.wait_for_line("Alpha two.")
    h.press("f")
    _type(h, "Alpha")
    _type(h, "al fa")
    h.wait_for_message("Saved in /config/pronunciations.toml: Alpha is said as al fa")
    deadline = time.monotonic() + 5
    while "al fa two." not in h.engine.texts and time.monotonic() < deadline:
        time.sleep(0.005)
    h.press("q")
    h.wait()
    assert learned == [("Alpha", "al fa")]
    assert "al fa two." in h.engine.texts  # the sentence again, said the new way
    assert h.spoken_lines().count("Alpha two.") == 2


def test_f_with_a_word_not_in_the_sentence_stores_nothing_and_says_so():
    learned: list[tuple[str, str]] = []
    h = Harness(speed=1, learn_pronunciation=lambda w, s: learned.append((w, s))).start()
    h.wait_for_line("Alpha one.")
    h.press("f")
    _type(h, "Gamma")
    h.wait_for_message("Gamma is not a word of this sentence; press f to try again")
    h.press("q")
    h.wait()
    assert learned == []


def test_m_lists_the_bookmarks_in_article_order_with_their_places():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.positions.add_bookmark(Cursor(1, 1), "x")
    h.positions.add_bookmark(Cursor(0, 2), "x")
    h.press("m")
    h.wait_for_message(
        "2 bookmarks. 2: Section 1, Background, sentence 3 of 3; 1: Section 2, Method, sentence 2 of 3. "
        "Press ' to go to the next one."
    )
    h.press("q")
    h.wait()


def test_end_goes_to_the_last_sentence_and_home_back_to_the_first():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    h.press("end")
    h.wait_for_line("Gamma three.")
    h.press("home")
    deadline = time.monotonic() + 5
    while h.spoken_lines().count("Alpha one.") < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    h.press("q")
    h.wait()
    assert h.spoken_lines().count("Alpha one.") == 2


def test_headings_of_sections_further_on_are_prepared_ahead_for_jumps():
    h = Harness(speed=1).start()
    h.wait_for_line("Alpha one.")
    deadline = time.monotonic() + 5
    while not any("Safety and Side Effects" in text for text in h.engine.texts) and time.monotonic() < deadline:
        time.sleep(0.01)
    made_ahead = [text for text in h.engine.texts if "Safety and Side Effects" in text]
    h.press("q")
    h.wait()
    assert made_ahead  # section 3's heading, two sections on, before anyone jumped there
    assert "Gamma one." not in h.engine.texts  # only headings are made that far ahead

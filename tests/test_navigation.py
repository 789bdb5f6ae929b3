"""The navigation state machine, driven with explicit times (no audio, no terminal)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.rates import MAX_RATE, MIN_RATE
from reader.document.model import Article, Paragraph, Section, Sentence
from reader.listen.navigation import (
    RATE_STEP,
    RESTART_GRACE_SECONDS,
    Command,
    Cursor,
    Navigator,
    describe_duration,
)

C = Command


def section(number: str, title: str | None, level: int, *sentences: str) -> Section:
    paragraphs = (Paragraph(tuple(Sentence(s) for s in sentences)),) if sentences else ()
    return Section(number, title, level, paragraphs)


def article(*sections: Section, title: str | None = "Title") -> Article:
    return Article(title, tuple(sections))


@pytest.fixture
def nested() -> Article:
    """0 intro (2) · 1 Background (2) · 2 Methods (empty) · 3 2.1 Participants (3)
    · 4 2.2 Design (1) · 5 Results (2)."""
    return article(
        section("0", None, 1, "Intro one.", "Intro two."),
        section("1", "Background", 1, "B one.", "B two."),
        section("2", "Methods", 1),
        section("2.1", "Participants", 2, "P one.", "P two.", "P three."),
        section("2.2", "Design", 2, "D one."),
        section("3", "Results", 1, "R one.", "R two."),
    )


def started(art: Article, **kwargs) -> Navigator:
    nav = Navigator(art, **kwargs)
    nav.start(0.0)
    return nav


def test_start_plays_first_sentence_without_heading_for_untitled_intro(nested):
    action = Navigator(nested).start(0.0)
    assert action.play == Cursor(0, 0)
    assert not action.announce_heading and action.headings == ()


def test_start_announces_first_heading_when_article_has_no_intro():
    art = article(section("1", "Only", 1, "One."))
    action = Navigator(art).start(0.0)
    assert action.play == Cursor(0, 0)
    assert action.announce_heading and action.headings == (0,)


def test_sentence_finished_walks_reading_order_and_skips_empty_sections(nested):
    nav = started(nested)
    played = [Cursor(0, 0)]
    while True:
        action = nav.handle(C.SENTENCE_FINISHED, 1.0)
        if action.finished:
            break
        played.append(action.play)
    assert played == [Cursor(s, t) for s, t, _ in nested.iter_sentences()]
    assert nav.finished
    assert action.stop and action.say == "End of article"


def test_entering_section_through_empty_parent_announces_both_headings(nested):
    nav = started(nested, start=Cursor(1, 1))
    action = nav.handle(C.SENTENCE_FINISHED, 1.0)
    assert action.play == Cursor(3, 0)
    assert action.announce_heading and action.headings == (2, 3)


def test_sentence_within_section_has_no_heading(nested):
    nav = started(nested, start=Cursor(3, 0))
    action = nav.handle(C.SENTENCE_FINISHED, 1.0)
    assert action.play == Cursor(3, 1) and not action.announce_heading


def test_stale_sentence_finished_event_is_ignored(nested):
    nav = started(nested)
    nav.handle(C.NEXT_SENTENCE, 0.5)
    action = nav.handle(C.SENTENCE_FINISHED, 0.6, played=Cursor(0, 0))
    assert action.play is None and nav.cursor == Cursor(0, 1)


def test_next_at_last_sentence_says_so_and_keeps_playing(nested):
    nav = started(nested, start=Cursor(5, 1))
    action = nav.handle(C.NEXT_SENTENCE, 1.0)
    assert not action.finished and not action.stop and action.play is None
    assert action.say == "Last sentence of the article"
    assert not nav.finished and nav.cursor == Cursor(5, 1)
    assert nav.handle(C.SENTENCE_FINISHED, 3.0).finished  # reading on still ends it


def test_next_sentence_crosses_into_next_section_with_heading(nested):
    nav = started(nested, start=Cursor(0, 1))
    action = nav.handle(C.NEXT_SENTENCE, 1.0)
    assert action.play == Cursor(1, 0) and action.headings == (1,)


def test_prev_within_grace_goes_to_previous_sentence(nested):
    nav = started(nested, start=Cursor(3, 1))
    action = nav.handle(C.PREV_SENTENCE, RESTART_GRACE_SECONDS - 0.1)
    assert action.play == Cursor(3, 0) and not action.announce_heading


def test_prev_after_grace_restarts_current_sentence(nested):
    nav = started(nested, start=Cursor(3, 1))
    action = nav.handle(C.PREV_SENTENCE, RESTART_GRACE_SECONDS + 0.1)
    assert action.play == Cursor(3, 1)
    assert nav.started_at == RESTART_GRACE_SECONDS + 0.1


def test_prev_grace_counts_from_mark_started(nested):
    nav = started(nested, start=Cursor(3, 1))
    nav.mark_started(5.0)  # audio only began after synthesis
    assert nav.handle(C.PREV_SENTENCE, 6.0).play == Cursor(3, 0)


def test_prev_at_first_sentence_restarts_it_and_says_start(nested):
    nav = started(nested)
    action = nav.handle(C.PREV_SENTENCE, 0.5)
    assert action.play == Cursor(0, 0)
    assert action.say == "Start of article"


def test_prev_across_section_boundary_announces_that_section(nested):
    nav = started(nested, start=Cursor(3, 0))
    action = nav.handle(C.PREV_SENTENCE, 0.5)
    assert action.play == Cursor(1, 1)
    assert action.headings == (1,)


def test_paused_time_does_not_count_towards_grace(nested):
    nav = started(nested, start=Cursor(3, 1))
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    nav.handle(C.TOGGLE_PAUSE, 100.0)
    assert nav.elapsed(100.5) == pytest.approx(1.5)
    assert nav.handle(C.PREV_SENTENCE, 100.5).play == Cursor(3, 0)


def test_repeat_replays_current_sentence(nested):
    nav = started(nested, start=Cursor(3, 2))
    action = nav.handle(C.REPEAT, 10.0)
    assert action.play == Cursor(3, 2) and not action.announce_heading


def test_next_section_goes_to_next_section_with_text(nested):
    nav = started(nested, start=Cursor(1, 1))
    action = nav.handle(C.NEXT_SECTION, 1.0)
    assert action.play == Cursor(3, 0) and action.headings == (2, 3)
    assert nav.handle(C.NEXT_SECTION, 2.0).play == Cursor(4, 0)


def test_next_section_in_last_section_says_so_and_keeps_playing(nested):
    nav = started(nested, start=Cursor(5, 0))
    action = nav.handle(C.NEXT_SECTION, 1.0)
    assert not action.finished and not action.stop and action.play is None
    assert action.say == "No more sections in the article"
    assert nav.cursor == Cursor(5, 0) and not nav.finished


def test_prev_section_past_first_sentence_restarts_section(nested):
    nav = started(nested, start=Cursor(3, 2))
    action = nav.handle(C.PREV_SECTION, 0.1)
    assert action.play == Cursor(3, 0)
    assert action.announce_heading and action.headings == (3,)


def test_prev_section_after_grace_on_first_sentence_restarts_section(nested):
    nav = started(nested, start=Cursor(3, 0))
    action = nav.handle(C.PREV_SECTION, RESTART_GRACE_SECONDS + 1)
    assert action.play == Cursor(3, 0) and action.headings == (3,)


def test_prev_section_at_section_start_goes_to_previous_section(nested):
    nav = started(nested, start=Cursor(3, 0))
    action = nav.handle(C.PREV_SECTION, 0.5)
    assert action.play == Cursor(1, 0) and action.headings == (1,)


def test_prev_section_at_article_start_restarts_and_says_start(nested):
    nav = started(nested)
    action = nav.handle(C.PREV_SECTION, 0.5)
    assert action.play == Cursor(0, 0) and action.say == "Start of article"


def test_goto_empty_parent_lands_on_first_child_and_announces_both(nested):
    nav = started(nested)
    action = nav.goto_section(2, 1.0)
    assert action.play == Cursor(3, 0)
    assert action.headings == (2, 3)


def test_goto_via_handle_needs_a_section_else_prompts(nested):
    nav = started(nested)
    assert nav.handle(C.GOTO_SECTION, 1.0).prompt_section
    assert nav.cursor == Cursor(0, 0)
    assert nav.handle(C.GOTO_SECTION, 1.0, section=5).play == Cursor(5, 0)


def test_goto_out_of_range_or_trailing_empty_heading_says_why_and_stays(nested):
    art = article(section("1", "A", 1, "One."), section("2", "Empty end", 1))
    nav = started(art)
    assert "no text" in nav.goto_section(1, 1.0).say
    assert "no section" in nav.goto_section(7, 1.0).say
    assert nav.cursor == Cursor(0, 0)


def test_pause_and_resume_without_moving_continues_audio(nested):
    nav = started(nested)
    action = nav.handle(C.TOGGLE_PAUSE, 1.0)
    assert action.pause and action.say == "Paused" and nav.paused
    action = nav.handle(C.TOGGLE_PAUSE, 2.0)
    assert action.resume and action.play is None and not nav.paused


def test_section_jump_while_paused_moves_and_stays_paused(nested):
    nav = started(nested, start=Cursor(1, 0))
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    action = nav.handle(C.NEXT_SECTION, 2.0)
    assert action.play is None and action.stop
    assert nav.paused and nav.cursor == Cursor(3, 0)
    assert action.say.startswith("Section 2.1, Participants, sentence 1 of 3")
    action = nav.handle(C.TOGGLE_PAUSE, 3.0)
    assert action.resume and action.play == Cursor(3, 0)
    assert action.headings == (2, 3)


def test_sentence_moves_while_paused_play_on_resume_without_heading(nested):
    nav = started(nested, start=Cursor(3, 0))
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    nav.handle(C.NEXT_SENTENCE, 2.0)
    nav.handle(C.NEXT_SENTENCE, 2.5)
    assert nav.paused and nav.cursor == Cursor(3, 2)
    action = nav.handle(C.TOGGLE_PAUSE, 3.0)
    assert action.play == Cursor(3, 2) and not action.announce_heading


def test_prev_while_paused_at_unplayed_position_goes_back(nested):
    nav = started(nested, start=Cursor(3, 0))
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    nav.handle(C.NEXT_SENTENCE, 2.0)
    nav.handle(C.PREV_SENTENCE, 30.0)
    assert nav.cursor == Cursor(3, 0) and nav.paused


def test_next_at_end_while_paused_does_not_finish(nested):
    nav = started(nested, start=Cursor(5, 1))
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    action = nav.handle(C.NEXT_SENTENCE, 2.0)
    assert not action.finished and nav.paused and "Last sentence" in action.say


def test_sentence_finished_while_paused_resumes_at_next_sentence(nested):
    nav = started(nested, start=Cursor(1, 1))
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    assert nav.handle(C.SENTENCE_FINISHED, 1.01).play is None
    action = nav.handle(C.TOGGLE_PAUSE, 5.0)
    assert action.play == Cursor(3, 0) and action.headings == (2, 3)


def test_finished_then_prev_and_repeat_replay_last_sentence(nested):
    nav = started(nested, start=Cursor(5, 1))
    nav.handle(C.SENTENCE_FINISHED, 1.0)
    assert nav.handle(C.TOGGLE_PAUSE, 1.5).say == "End of article"
    assert nav.handle(C.SENTENCE_FINISHED, 1.6).play is None
    action = nav.handle(C.PREV_SENTENCE, 2.0)
    assert action.play == Cursor(5, 1) and not nav.finished


@pytest.mark.parametrize(
    ("start", "steps", "expected"),
    [(175, 1, 200), (175, -1, 150), (MAX_RATE - 10, 1, MAX_RATE), (MIN_RATE + 10, -1, MIN_RATE)],
)
def test_rate_steps_are_clamped(nested, start, steps, expected):
    nav = Navigator(nested, rate=start)
    action = nav.handle(C.FASTER if steps > 0 else C.SLOWER, 0.0)
    assert nav.rate == expected and action.rate_changed == expected


def test_rate_at_limit_reports_limit_without_change(nested):
    nav = Navigator(nested, rate=MAX_RATE)
    action = nav.handle(C.FASTER, 0.0)
    assert action.rate_changed is None and action.say.startswith("Fastest rate")
    nav = Navigator(nested, rate=MIN_RATE)
    assert nav.handle(C.SLOWER, 0.0).say.startswith("Slowest rate")


def test_a_rate_change_is_heard_at_once_by_saying_the_current_sentence_again(nested):
    nav = started(nested)
    nav.handle(C.SENTENCE_FINISHED, 1.0)
    action = nav.handle(C.FASTER, 2.0)
    assert action.play == nav.cursor == Cursor(0, 1) and action.rate_changed == 175 + RATE_STEP
    assert not action.announce_heading
    assert nav.rate == 175 + RATE_STEP


def test_a_rate_change_while_paused_waits_for_resume(nested):
    nav = started(nested)
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    action = nav.handle(C.SLOWER, 2.0)
    assert action.play is None and action.rate_changed == 175 - RATE_STEP


def test_only_stops_at_end_of_section_subtree(nested):
    nav = Navigator(nested, stop_after_section=2)
    action = nav.start(0.0)
    assert action.play == Cursor(3, 0) and action.headings == (2, 3)
    cursors = [action.play]
    while not (action := nav.handle(C.SENTENCE_FINISHED, 1.0)).finished:
        cursors.append(action.play)
    assert cursors == [Cursor(3, 0), Cursor(3, 1), Cursor(3, 2), Cursor(4, 0)]
    assert action.say == "End of section"


def test_only_limits_section_navigation(nested):
    nav = started(nested, stop_after_section=2)
    action = nav.handle(C.PREV_SECTION, 0.5)
    assert action.play == Cursor(3, 0) and action.say == "Start of section"
    assert "outside" in nav.goto_section(5, 1.0).say
    nav.goto_section(4, 1.0)
    assert nav.handle(C.NEXT_SECTION, 2.0).say == "No more sections in section 2"
    assert nav.handle(C.NEXT_SENTENCE, 2.5).say == "Last sentence of section 2"


def test_only_a_leaf_section_reads_just_it(nested):
    nav = started(nested, stop_after_section=1, start=Cursor(0, 0))
    assert nav.cursor == Cursor(1, 0)
    nav.handle(C.SENTENCE_FINISHED, 1.0)
    assert nav.handle(C.SENTENCE_FINISHED, 2.0).finished


def test_one_sentence_article():
    nav = Navigator(article(section("0", None, 1, "Alone.")))
    assert nav.start(0.0).play == Cursor(0, 0)
    assert nav.handle(C.PREV_SENTENCE, 0.1).say == "Start of article"
    assert not nav.handle(C.NEXT_SECTION, 0.2).finished
    assert nav.handle(C.REPEAT, 0.3).play == Cursor(0, 0)
    assert nav.handle(C.SENTENCE_FINISHED, 0.4).finished


def test_article_with_only_empty_headings_finishes_at_start():
    nav = Navigator(article(section("1", "A", 1), section("1.1", "B", 2)))
    assert nav.is_empty
    action = nav.start(0.0)
    assert action.finished and action.play is None and "Nothing to read" in action.say
    for command in (C.NEXT_SENTENCE, C.PREV_SECTION, C.TOGGLE_PAUSE, C.SENTENCE_FINISHED):
        assert nav.handle(command, 1.0).play is None
    assert nav.handle(C.QUIT, 1.0).quit
    assert "nothing to read" in nav.where_am_i(1.0)


def test_start_in_empty_section_moves_forward_and_announces(nested):
    action = Navigator(nested, start=Cursor(2, 0)).start(0.0)
    assert action.play == Cursor(3, 0) and action.headings == (2, 3)


def test_start_past_end_of_section_goes_to_next(nested):
    action = Navigator(nested, start=Cursor(1, 9)).start(0.0)
    assert action.play == Cursor(3, 0) and action.headings == (2, 3)


def test_start_past_end_of_article_starts_over(nested):
    assert Navigator(nested, start=Cursor(5, 9)).start(0.0).play == Cursor(0, 0)
    assert Navigator(nested, start=Cursor(99, 0)).start(0.0).play == Cursor(0, 0)


def test_resume_mid_section_announces_its_heading(nested):
    action = Navigator(nested, start=Cursor(3, 2)).start(0.0)
    assert action.play == Cursor(3, 2) and action.headings == (3,)


def test_where_am_i_text():
    words = " ".join(["word"] * 99) + "."
    art = article(
        section("1", "Background", 1, "One two."),
        section("2", "Mechanism of Action", 1, *[words] * 8),
        *[section(str(n), f"S{n}", 1, "x.") for n in range(3, 7)],
    )
    nav = started(art, start=Cursor(1, 2), rate=150)
    # 6 sentences x 99 words + 4 one-word sentences = 598 words at 150 wpm ≈ 4 minutes
    # 2 + 198 words before of 796: 25 percent through
    assert nav.where_am_i(0.0) == (
        "Section 2 of 6, Mechanism of Action, sentence 3 of 8, 25 percent through, about 4 minutes left, in Title"
    )


def test_where_am_i_short_remaining_and_intro(nested):
    nav = started(nested, start=Cursor(0, 1))
    assert nav.where_am_i(0.0).startswith("Introduction, sentence 2 of 2")
    assert nav.where_am_i(0.0).endswith("less than a minute left, in Title")
    assert nav.handle(C.WHERE, 0.0).say == nav.where_am_i(0.0)


def test_where_am_i_in_a_subsection_names_its_top_level_section_first(nested):
    nav = started(nested, start=Cursor(3, 1))
    assert nav.where_am_i(0.0).startswith("Section 2 of 3, Methods; subsection 2.1, Participants, sentence 2 of 3")


def test_where_am_i_says_paused(nested):
    nav = started(nested)
    nav.handle(C.TOGGLE_PAUSE, 1.0)
    assert nav.where_am_i(2.0).endswith(", paused, in Title")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0.4, "less than a minute"),
        (1.2, "about 1 minute"),
        (4.4, "about 4 minutes"),
        (60, "about 1 hour"),
        (125.2, "about 2 hours 5 minutes"),
    ],
)
def test_describe_duration(minutes, text):
    assert describe_duration(minutes) == text


def test_remaining_words_counts_from_current_sentence_to_end(nested):
    nav = Navigator(nested, start=Cursor(4, 0))
    assert nav.order.words_from(nav.cursor) == 2 + 2 + 2  # "D one." + "R one." + "R two."
    only = Navigator(nested, stop_after_section=2)
    assert only.order.words_from(only.cursor) == 8


def test_bookmark_returns_cursor_without_moving(nested):
    nav = started(nested, start=Cursor(3, 1))
    action = nav.handle(C.BOOKMARK, 1.0)
    assert action.bookmark == Cursor(3, 1) and action.play is None and not action.stop


def test_quit_stops_and_help_shows(nested):
    nav = started(nested)
    assert nav.handle(C.QUIT, 1.0).quit and nav.handle(C.QUIT, 1.0).stop
    assert nav.handle(C.HELP, 1.0).show_help


def test_neighbours_of_a_position(nested):
    nav = Navigator(nested, start=Cursor(3, 0))
    assert nested.sections[nav.cursor.section].number == "2.1"
    assert nav.prev_cursor() == Cursor(1, 1)
    assert nav.next_cursor(Cursor(4, 0)) == Cursor(5, 0)
    assert nav.next_cursor(Cursor(5, 1)) is None
    assert nav.order.sentence_text(nav.cursor) == "P one."


def test_stop_after_section_out_of_range_is_rejected(nested):
    with pytest.raises(ValueError):
        Navigator(nested, stop_after_section=6)


# --------------------------------------------------------------- invariants

_sections = st.lists(
    st.tuples(st.integers(1, 3), st.booleans(), st.integers(0, 3)),  # level, titled, sentence count
    min_size=1,
    max_size=6,
)
_commands = st.lists(
    st.tuples(st.sampled_from(list(Command)), st.floats(0, 5), st.integers(-1, 7)),
    max_size=40,
)


def _build(specs) -> Article:
    sections = []
    for i, (level, titled, count) in enumerate(specs):
        sentences = [f"S{i} t{j} word." for j in range(count)]
        sections.append(section(str(i), f"Title {i}" if titled else None, level, *sentences))
    return article(*sections)


@settings(max_examples=300, deadline=None)
@given(_sections, _commands, st.one_of(st.none(), st.integers(0, 5)))
def test_any_command_sequence_keeps_cursor_on_a_readable_sentence(specs, commands, only):
    art = _build(specs)
    if only is not None and only >= len(art.sections):
        only = None
    nav = Navigator(art, stop_after_section=only)
    scope = set(range(len(art.sections)))
    if only is not None:
        scope = set(range(only, only + len(art.subtree(only))))
    now = 0.0
    action = nav.start(now)
    for command, step, target in commands:
        now += step
        action = nav.handle(command, now, section=target if 0 <= target < len(art.sections) else None)
        if nav.is_empty:
            assert action.play is None
            continue
        assert nav.cursor.section in scope
        assert 0 <= nav.cursor.sentence < len(art.sections[nav.cursor.section].sentences)
        if action.play is not None:
            assert action.play == nav.cursor and not nav.paused
        assert action.announce_heading == bool(action.headings)
        assert all(art.sections[i].title is not None for i in action.headings)
        if nav.paused:
            assert action.play is None
        if nav.finished:
            assert nav.next_cursor() is None
        assert MIN_RATE <= nav.rate <= MAX_RATE


def test_reading_past_the_last_sentence_leaves_cursor_on_it(nested):
    nav = started(nested, start=Cursor(5, 1))
    nav.handle(C.SENTENCE_FINISHED, 1.0)
    assert nav.finished and nav.cursor == Cursor(5, 1)


def paragraphs_article() -> Article:
    def para(*texts: str) -> Paragraph:
        return Paragraph(tuple(Sentence(t) for t in texts))

    return article(
        Section("1", "One", 1, (para("A1.", "A2."), para("B1.", "B2.", "B3."), para("C1."))),
        Section("2", "Two", 1, (para("D1.", "D2."), para("E1."))),
    )


def test_next_paragraph_goes_to_the_next_paragraphs_first_sentence_then_the_next_section():
    nav = started(paragraphs_article())
    assert nav.handle(Command.NEXT_PARAGRAPH, 1.0).play == Cursor(0, 2)
    assert nav.handle(Command.NEXT_PARAGRAPH, 2.0).play == Cursor(0, 5)
    action = nav.handle(Command.NEXT_PARAGRAPH, 3.0)
    assert action.play == Cursor(1, 0) and action.headings == (1,)


def test_previous_paragraph_restarts_the_current_one_then_goes_back_one():
    nav = started(paragraphs_article(), start=Cursor(0, 3))
    assert nav.handle(Command.PREV_PARAGRAPH, 1.0).play == Cursor(0, 2)  # into B: back to its start
    nav.mark_started(1.0)
    assert nav.handle(Command.PREV_PARAGRAPH, 1.5).play == Cursor(0, 0)  # at B's start: to A
    nav = started(paragraphs_article(), start=Cursor(1, 0))
    nav.mark_started(0.0)
    action = nav.handle(Command.PREV_PARAGRAPH, 0.5)
    assert action.play == Cursor(0, 5) and action.headings == (0,)  # across the section boundary: its last paragraph


def test_next_paragraph_at_the_end_says_so_and_stays():
    nav = started(paragraphs_article(), start=Cursor(1, 2))
    action = nav.handle(Command.NEXT_PARAGRAPH, 1.0)
    assert action.play is None and action.say == "Last paragraph of the article"


def test_find_returns_the_next_sentence_holding_the_words_wrapping_round():
    nav = started(paragraphs_article(), start=Cursor(0, 3))
    assert nav.find("b3") == Cursor(0, 4)
    assert nav.find("A1") == Cursor(0, 0)  # wrapped round to the start
    assert nav.find("  d1. ") == Cursor(1, 0)  # case and spacing do not matter
    assert nav.find("nowhere") is None
    action = nav.goto(Cursor(1, 1), 1.0)
    assert action.play == Cursor(1, 1) and action.headings == (1,)


def test_a_digit_jumps_that_far_through_the_words():
    art = article(section("1", "One", 1, *[f"Sentence {n} has four words." for n in range(10)]))
    nav = started(art)
    assert nav.handle(C.JUMP_PERCENT, 1.0, percent=50).play == Cursor(0, 5)
    assert nav.handle(C.JUMP_PERCENT, 2.0, percent=0).play == Cursor(0, 0)
    assert nav.handle(C.JUMP_PERCENT, 3.0, percent=90).play == Cursor(0, 9)


def test_next_mark_is_the_first_bookmark_after_here_wrapping_round(nested):
    nav = Navigator(nested, start=Cursor(3, 1))
    marks = [Cursor(1, 0), Cursor(3, 1), Cursor(5, 0)]
    assert nav.next_mark(marks) == Cursor(5, 0)
    nav = Navigator(nested, start=Cursor(5, 0))
    assert nav.next_mark(marks) == Cursor(1, 0)
    assert nav.next_mark([]) is None
    assert nav.handle(Command.NEXT_BOOKMARK, 0.0).to_bookmark


def test_goto_time_lands_on_the_sentence_heard_that_long_after_the_start(nested):
    nav = started(nested, rate=120)  # two words a second; every sentence here is two words
    assert nav.goto_time(3.0, 1.0).play == Cursor(1, 1)  # word 6: the fourth sentence
    assert nav.goto_time(0.0, 2.0).play == Cursor(0, 0)
    assert nav.goto_time(10_000, 3.0).play == Cursor(5, 1)  # past the end: the last sentence

"""A scraped page's comment thread is not read as its article."""

from __future__ import annotations

import pytest

from reader.document.loaders.comments import is_comment_meta, is_comments_header
from reader.document.loaders.plaintext import parse

_STORY = (
    "The harbour wall stood for two hundred years and gave way this winter, the council said on Monday, "
    "after a week of storms that flooded the lower town and closed the coast road for three days. ",
    "Engineers who looked inside the old wall found that its core had been washed out by the sea, "
    "stone by stone, long before the storms came, and that nobody had checked it since the war. ",
    "The council will rebuild the wall by spring with concrete behind the old stone face, and the "
    "coast road will reopen to cars next week while the work goes on below it. ",
)
_COMMENTS = (
    "Maria Lopez on January 12, 2024 at 4:47 pm said:",
    "My grandfather fished from that wall every morning for forty years, and I am glad it will stand again.",
    "Reply",
    "Tom Baker on January 12, 2024 at 6:05 pm said:",
    "Concrete behind the stone is what they did at the north pier, and it cracked within ten years.",
    "Reply",
)


def _page(*, after_title: tuple[str, ...] = (), thread: tuple[str, ...] = ()) -> str:
    return "\n\n".join(
        [
            "Home\nNews\nSport\nWeather",
            "Harbour wall gives way after two centuries of storms",
            "By Jane Smith, January 12, 2024",
            *after_title,
            *(part * 2 for part in _STORY),
            *thread,
            "About us\nContact\nPrivacy policy",
        ]
    )


def _read(doc) -> str:
    return "\n".join(b.text for b in doc.blocks)


@pytest.mark.parametrize("header", ["2 Comments", "Comments (2)", "2 thoughts on “Harbour wall gives way”", "Comments"])
def test_the_comment_thread_after_an_article_is_not_read_and_is_listed_as_dropped(header):
    doc = parse(_page(thread=(header, *_COMMENTS, "Leave a Reply")))
    read = _read(doc)
    assert "coast road will reopen" in read
    assert "grandfather fished" not in read and "north pier" not in read
    reasons = {d.text: d.reason for d in doc.dropped}
    assert reasons[_COMMENTS[1]] == "the page's comments, after the article"


@pytest.mark.parametrize("header", ["1 Comment", "Comments (1)", "One Response to “Harbour wall gives way”"])
def test_a_thread_of_one_comment_under_a_header_counting_one_is_not_read(header):
    doc = parse(_page(thread=("Discussion", header, *_COMMENTS[:3])))
    read = _read(doc)
    assert "coast road will reopen" in read
    assert "grandfather fished" not in read and "Discussion" not in read


def test_one_dated_line_under_a_count_of_one_ends_nothing_when_later_posts_carry_counts_too():
    closing = "On the last day of the work the divers went down again at dawn and found the stones where they fell."
    posts = ("1 Comment", "posted by Jane @ 9:10 AM", _STORY[2] * 2, closing, "3 Comments")
    read = _read(parse(_page(thread=posts)))
    assert closing in read


def test_keep_all_reads_the_comment_thread_too():
    doc = parse(_page(thread=("2 Comments", *_COMMENTS)), keep_all=True)
    assert "grandfather fished" in _read(doc)


def test_a_comment_count_beside_the_byline_does_not_end_the_article():
    doc = parse(_page(after_title=("2 Comments", "Posted January 12, 2024 at 9:00 am", "Updated 10:15 am")))
    read = _read(doc)
    assert "core had been washed out" in read and "coast road will reopen" in read


def test_a_sentence_about_responses_followed_by_quotes_ends_nothing():
    reported = (
        "Two responses to the collapse came within the hour.",
        "The mayor said:",
        "We will rebuild the wall before the summer, and the road will stay open while we do.",
        "The leader of the opposition wrote:",
        "The council was warned about the wall in 2019 and did nothing about it.",
        "The work starts on Monday at 7:00 with the divers.",
    )
    doc = parse(_page(thread=reported))
    assert all(line in _read(doc) for line in reported[1:])


def test_a_comments_cell_of_a_laid_out_sidebar_row_ends_nothing():
    sidebar = ("Most read      Comments", _COMMENTS[0], _COMMENTS[3])
    closing = "The mayor thanked the crews who worked through the nights of the storm to keep the town dry."
    doc = parse(_page(thread=(*sidebar, closing * 2)))
    assert closing in _read(doc)


def test_a_comments_header_with_no_thread_under_it_ends_nothing():
    closing = "The mayor thanked the crews who worked through the nights of the storm to keep the town dry."
    doc = parse(_page(thread=("Comments", closing)))
    assert closing in _read(doc)


def test_comment_counts_under_each_post_of_a_blog_front_page_end_nothing():
    posts = []
    for day in (10, 11, 12):
        closing = f"On day {day} of the work the divers went down again at dawn and found the stones where they fell."
        posts += [_STORY[0] * 2, _STORY[1], f"posted by Jane @ 9:{day} AM", f"Comments ({day - 10})", closing]
    read = _read(parse(_page(thread=tuple(posts))))
    assert all(f"On day {day} of the work" in read for day in (10, 11, 12))


def test_a_header_a_scraper_cut_into_pieces_still_starts_the_thread():
    # a scraper that saves each piece of a page's text on its own line sets the count and the link apart
    pieces = ("{", "2", "comments… read them below or", "add one", "}")
    doc = parse(_page(thread=(*pieces, *_COMMENTS)))
    read = _read(doc)
    assert "coast road will reopen" in read
    assert "grandfather fished" not in read and "north pier" not in read


def test_short_lines_that_only_together_read_as_a_header_end_nothing_without_a_thread_under_them():
    closing = "The mayor thanked the crews who worked through the nights of the storm to keep the town dry."
    doc = parse(_page(thread=("2", "comments", closing * 2)))
    assert closing in _read(doc)


def test_a_thread_whose_comments_run_to_several_paragraphs_is_still_found():
    long_comment = tuple(
        f"Paragraph {k} of a reader's long memory of the wall and of the storms of {1950 + k}." for k in range(9)
    )
    thread = ("Comments", "You can follow this conversation by subscribing to the comment feed for this post.",
              *long_comment, "Posted by: Maria Lopez | January 12, 2024 at 04:47 PM", _COMMENTS[1],
              "Posted by: Tom Baker | January 12, 2024 at 06:05 PM")  # fmt: skip
    read = _read(parse(_page(thread=thread)))
    assert "coast road will reopen" in read
    assert "long memory of the wall" not in read and "grandfather fished" not in read


@pytest.mark.parametrize(
    ("line", "is_header"),
    [
        ("12 Comments", True),
        ("Comments (33)", True),
        ("{ 2 comments… read them below or add one }", True),
        ("One Response to “Flood Notes”", True),
        ("Leave a Reply", True),
        ("Comments", True),
        ("The comments were rude", False),
        ("Comment policy", False),
        ("Discussion", False),
        ("Responses", False),
        ("Two responses to the ruling came within the hour.", False),
        ("No comments on the plan were received by the council before the deadline.", False),
    ],
)
def test_comments_headers_are_whole_lines(line, is_header):
    assert is_comments_header(line) is is_header


@pytest.mark.parametrize(
    ("line", "is_meta"),
    [
        ("Nathan 07.16.12 at 21:35", True),
        ("Posted by: Jo | January 07 2008 at 03:06 PM", True),
        ("Dave P said:", True),
        ("My grandfather fished from that wall every morning.", False),
    ],
)
def test_a_comments_own_header_names_when_or_ends_in_said(line, is_meta):
    assert is_comment_meta(line) is is_meta

"""Sentence splitting on real web prose, and TTS-sized chunks."""

from __future__ import annotations

import time

import pytest

from reader.document.sentences import ABBREVIATIONS, speakable_chunks, split_sentences
from reader.text import collapse_whitespace
from tests.conftest import CONTENT, SHARED_EXAMPLE


def test_empty_and_blank_text_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_one_sentence_without_final_punctuation_is_kept_whole():
    assert split_sentences("Take the stairs") == ["Take the stairs"]


def test_whitespace_inside_a_sentence_is_collapsed():
    assert split_sentences("  Sleep\n  helps\tmemory.\n\nIt  does. ") == ["Sleep helps memory.", "It does."]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Dr. Smith met Mr. Jones and Mrs. Brown. They talked.",
            ["Dr. Smith met Mr. Jones and Mrs. Brown.", "They talked."],
        ),
        ("Prof. Lee vs. St. Clair is next. Fine.", ["Prof. Lee vs. St. Clair is next.", "Fine."]),
        ("Use tools, e.g. hammers, i.e. simple ones. Fine.", ["Use tools, e.g. hammers, i.e. simple ones.", "Fine."]),
        (
            "The U.S. Army and the U.K. Navy met. Then they left.",
            ["The U.S. Army and the U.K. Navy met.", "Then they left."],
        ),
        ("See Fig. 3 in Vol. 2 on p. 7. No. 5 is best.", ["See Fig. 3 in Vol. 2 on p. 7.", "No. 5 is best."]),
        (
            "It opened on Jan. 5 at approx. 9 a.m. in the city. Crowds came.",
            ["It opened on Jan. 5 at approx. 9 a.m. in the city.", "Crowds came."],
        ),
    ],
)
def test_abbreviations_do_not_end_sentences(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He works at Acme Inc. The company is big.", ["He works at Acme Inc.", "The company is big."]),
        ("She moved to the U.S. Then she studied.", ["She moved to the U.S.", "Then she studied."]),
        ("Pens, pencils, etc. These are tools.", ["Pens, pencils, etc.", "These are tools."]),
        ("Smith et al. The results were clear.", ["Smith et al.", "The results were clear."]),
        ("It was 5 p.m. The sun set.", ["It was 5 p.m.", "The sun set."]),
    ],
)
def test_abbreviation_at_the_end_of_a_sentence_still_ends_it(text, expected):
    assert split_sentences(text) == expected


def test_abbreviation_list_covers_common_titles_and_latin():
    for word in (
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "inc",
        "ltd",
        "jan",
        "dec",
        "mon",
        "fig",
        "approx",
    ):
        assert word in ABBREVIATIONS, word


def test_decimals_and_version_numbers_are_not_sentence_ends():
    text = "The dose was 3.5 mg, up from 0.25 mg. Version 2.0.1 shipped at example.com today."
    assert split_sentences(text) == [
        "The dose was 3.5 mg, up from 0.25 mg.",
        "Version 2.0.1 shipped at example.com today.",
    ]


def test_number_at_the_end_of_a_sentence_ends_it():
    assert split_sentences("It costs $3. The price is fair.") == ["It costs $3.", "The price is fair."]


def test_initials_stay_with_the_name():
    assert split_sentences("J. R. R. Tolkien wrote it. Then C. S. Lewis and A. A. Milne did.") == [
        "J. R. R. Tolkien wrote it.",
        "Then C. S. Lewis and A. A. Milne did.",
    ]


def test_single_capital_letter_can_still_end_a_sentence():
    assert split_sentences("I voted for plan B. The others agreed.") == ["I voted for plan B.", "The others agreed."]


@pytest.mark.parametrize("dots", ["...", "\u2026"])
def test_ellipsis_ends_a_sentence_only_before_a_new_one(dots):
    text = f"I waited{dots} Then it came. Well{dots} maybe not."
    assert split_sentences(text) == [f"I waited{dots}", "Then it came.", f"Well{dots} maybe not."]


def test_closing_quotes_stay_with_their_sentence():
    text = 'She asked, "Are you sure?" He nodded. "Yes." He said \u201cNo.\u201d It\u2019s \u2018fine!\u2019 Really.'
    assert split_sentences(text) == [
        'She asked, "Are you sure?"',
        "He nodded.",
        '"Yes."',
        "He said \u201cNo.\u201d",
        "It\u2019s \u2018fine!\u2019",
        "Really.",
    ]


def test_exclamation_inside_a_sentence_does_not_split_it():
    assert split_sentences('"Stop!" she said. "Why?" he asked.') == ['"Stop!" she said.', '"Why?" he asked.']


def test_parenthesised_sentence_keeps_its_brackets():
    text = "The value (about 3.14) is pi. (This is an aside.) Next."
    assert split_sentences(text) == ["The value (about 3.14) is pi.", "(This is an aside.)", "Next."]


def test_question_and_exclamation_marks_end_sentences():
    assert split_sentences("What? No way! Yes.") == ["What?", "No way!", "Yes."]


SAMPLE = CONTENT / "rain-gardens-explained.txt"
"""A scraped article the project ships (the shared example is not part of the repository)."""


def test_sentences_rejoin_to_the_collapsed_input():
    text = SAMPLE.read_text(encoding="utf-8")
    assert " ".join(split_sentences(text)) == collapse_whitespace(text)


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="the shared example is outside the repository")
def test_real_scraped_article_splits_into_plausible_sentences():
    text = SHARED_EXAMPLE.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if p.startswith("Ketamine therapy is a medical treatment"))
    assert split_sentences(paragraph) == [
        "Ketamine therapy is a medical treatment that has been gaining attention for its potential in "
        "addressing mental health conditions like depression and anxiety.",
        "Originally used as an anesthetic, ketamine has found new life in the world of mental health as a "
        "promising option for those struggling with treatment-resistant depression.",
        "But what exactly does this therapy entail, and how does it work?",
    ]


def test_a_megabyte_of_prose_splits_in_a_couple_of_seconds():
    sample = SAMPLE.read_text(encoding="utf-8") + "\n\n"
    text = sample * (1_000_000 // len(sample) + 1)
    assert len(text) > 1_000_000
    started = time.perf_counter()
    sentences = split_sentences(text)
    elapsed = time.perf_counter() - started
    assert len(sentences) > 5000
    assert elapsed < 3.0, f"took {elapsed:.2f}s"


@pytest.mark.parametrize("mark", ["1. ", "A. ", "Yes! ", "Why? ", "ii.) "])
@pytest.mark.parametrize("count", [12, 2_500])
def test_a_dense_run_of_marks_is_cut_after_each_mark_and_loses_nothing(mark, count):
    # more than 8 marks at about a word each: not prose, so not weighed mark by mark by Punkt
    text = "The wall fell. " + mark * count + " It ends here"
    sentences = split_sentences(text)
    assert sentences == ["The wall fell.", *[mark.strip()] * count, "It ends here"]


@pytest.mark.parametrize("mark", [". ", "! ", "\u2026 "])
def test_marks_standing_alone_in_a_dense_run_stay_with_the_words_before_them(mark):
    text = "The log closed at 8:54 " + mark * 2_500 + "Next entry"
    sentences = split_sentences(text)
    assert " ".join(sentences) == collapse_whitespace(text)
    assert not any(s == mark.strip() for s in sentences)


def test_a_few_initials_stay_together_as_punkt_keeps_them():
    assert split_sentences("J. R. R. Tolkien wrote it. A. A. Milne did not.") == [
        "J. R. R. Tolkien wrote it.",
        "A. A. Milne did not.",
    ]


@pytest.mark.parametrize("mark", [".", "!", "?", "\u2026"])
def test_a_long_run_of_marks_with_no_space_after_it_is_split_in_linear_time(mark):
    # a pattern whose lookahead failed at the run's end backtracked through it from every mark: minutes
    run = mark * 200_000
    started = time.perf_counter()
    sentences = split_sentences(f"{run} {run}")
    elapsed = time.perf_counter() - started
    assert " ".join(sentences) == f"{run} {run}"
    assert elapsed < 2.0, f"took {elapsed:.2f}s"


def test_a_long_block_of_real_sentences_is_still_split_by_punkt():
    # as many marks as a dense run, but two words a mark: Punkt keeps the title with its name
    text = "Dr. Smith left early. " * 2_100
    sentences = split_sentences(text)
    assert sentences == ["Dr. Smith left early."] * 2_100


# --- speakable_chunks -------------------------------------------------------


def test_short_sentence_is_one_chunk():
    assert speakable_chunks("Short and sweet.") == ["Short and sweet."]


def test_long_sentence_splits_after_semicolon_first():
    first = "The first clause runs on for quite a while, with a comma or two, before it stops"
    second = "the second clause then takes over, with commas of its own, until the very end."
    sentence = f"{first}; {second}"
    assert speakable_chunks(sentence, max_chars=100) == [f"{first};", second]


def test_long_sentence_without_clause_marks_splits_at_commas_then_spaces():
    sentence = ", ".join(["word " * 8] * 6).strip()
    chunks = speakable_chunks(sentence, max_chars=60)
    assert all(len(c) <= 60 for c in chunks)
    assert all(c.endswith(",") for c in chunks[:-1])
    spaces_only = "lorem " * 40
    chunks = speakable_chunks(spaces_only, max_chars=50)
    assert all(len(c) <= 50 for c in chunks) and len(chunks) > 1


def test_em_dash_is_a_split_point_and_stays_with_the_left_part():
    left = "A very long opening thought that goes on and on without any pause at all"
    sentence = f"{left}\u2014then a sudden turn toward a new idea that also continues."
    chunks = speakable_chunks(sentence, max_chars=90)
    assert chunks[0] == f"{left}\u2014"
    assert "".join(chunks) == sentence


def test_word_longer_than_the_limit_is_never_cut():
    url = "https://example.com/" + "x" * 300
    chunks = speakable_chunks(f"See {url} for more.", max_chars=50)
    assert url in chunks[0] or url in chunks
    assert " ".join(chunks) == f"See {url} for more."


def test_splitting_needs_no_nltk_data(monkeypatch):
    import nltk.data

    import reader.document.sentences as sentences

    def refuse(*args, **kwargs):
        raise AssertionError("nltk_data must never be loaded")

    monkeypatch.setattr(nltk.data, "load", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    monkeypatch.setattr(sentences, "_tokenizer", None)  # build a fresh tokenizer
    assert sentences.split_sentences("Dr. Who left. He came back.") == ["Dr. Who left.", "He came back."]


def _run_python(code: str) -> str:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_splitting_sentences_does_not_load_the_rest_of_nltk():
    out = _run_python(
        "import sys, reader.document.sentences as s\n"
        "print(s.split_sentences('Dr. Lee left at 5 p.m. The lab was quiet.'))\n"
        "print(sorted(n for n in sys.modules if n.startswith('nltk')))"
    )
    assert out.splitlines() == ["['Dr. Lee left at 5 p.m.', 'The lab was quiet.']", "[]"]


def test_nltk_imported_later_is_the_whole_package():
    out = _run_python(
        "import reader.document.sentences\n"
        "import nltk, nltk.tokenize.punkt\n"
        "from nltk.tokenize import word_tokenize\n"
        "print(nltk.tokenize.punkt.PunktSentenceTokenizer.__name__, callable(word_tokenize), hasattr(nltk, '__version__'))"
    )
    assert out == "PunktSentenceTokenizer True True"


def test_punkt_comes_from_an_nltk_that_is_already_loaded():
    out = _run_python(
        "import nltk.tokenize.punkt as p\n"
        "import reader.document.sentences as s\n"
        "print(s.PunktSentenceTokenizer is p.PunktSentenceTokenizer)"
    )
    assert out == "True"


def test_no_sentence_is_longer_than_the_bound_and_nothing_is_lost():
    from reader.document.sentences import MAX_SENTENCE_CHARS, bounded_sentences

    long_sentence = ", ".join(["the tide comes in and the tide goes out"] * 200) + "."
    word = "x" * (3 * MAX_SENTENCE_CHARS + 5)
    pieces = bounded_sentences(["Short one.", long_sentence, f"A {word} end."])
    assert pieces[0] == "Short one."
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    squash = lambda s: "".join(s.split())  # noqa: E731
    assert "".join(squash(p) for p in pieces) == squash("Short one." + long_sentence + f"A {word} end.")


def test_an_article_made_of_one_huge_sentence_reads_as_bounded_sentences():
    from reader.document.loaders.plaintext import parse
    from reader.document.sentences import MAX_SENTENCE_CHARS
    from reader.document.structure import build_article

    article = build_article(parse("Tides\n\n" + "word " * 5000 + "end."))
    lengths = [len(s.text) for section in article.sections for s in section.sentences]
    assert len(lengths) >= 20 and max(lengths) <= MAX_SENTENCE_CHARS


def test_chinese_sentences_end_at_their_own_marks_with_no_space_after():
    text = "经历了疫情这场“大考”，城市格局有了变化。相较于去年，重庆进入四强！真的吗？他说：“是的。” 然后走了。 Then English."
    assert split_sentences(text) == [
        "经历了疫情这场“大考”，城市格局有了变化。",
        "相较于去年，重庆进入四强！",
        "真的吗？",
        "他说：“是的。”",
        "然后走了。",
        "Then English.",
    ]
    assert split_sentences("好。。。真的") == ["好。。。", "真的"]  # a run of marks is one end
    assert split_sentences("。开头") == ["。开头"]  # nothing before the mark: no empty sentence


def test_a_quotation_ending_in_a_chinese_or_japanese_mark_goes_on_into_its_sentence():
    assert split_sentences("“真的吗？”他问道。是的！") == ["“真的吗？”他问道。", "是的！"]
    assert split_sentences("「本当？」と彼は聞いた。次の文。") == ["「本当？」と彼は聞いた。", "次の文。"]

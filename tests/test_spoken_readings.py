"""What listeners heard wrong (issue 15): Roman numerals, degrees, AM/PM,
phone numbers, quarters, money suffixes and scores, as rules on the spoken
text, with a few checked against real espeak-ng phonemes."""

from __future__ import annotations

import subprocess

import pytest

from reader.speech.spoken import to_spoken
from reader.speech.spoken.english import roman_value
from tests.conftest import has_program


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("World War II ended.", "World War Two ended."),
        ("World War I began.", "World War One began."),
        ("Chapter IV starts here.", "Chapter Four starts here."),
        ("Part III covers it.", "Part Three covers it."),
        ("Super Bowl LVII was close.", "Super Bowl Fifty-seven was close."),
        ("Henry VIII had six wives.", "Henry the Eighth had six wives."),
        ("Henry VIII's wives.", "Henry the Eighth's wives."),
        ("Louis XIV was king.", "Louis the Fourteenth was king."),
        ("Pope John Paul II visited.", "Pope John Paul the Second visited."),
        ("It ended under Elizabeth I.", "It ended under Elizabeth the First."),
        ("Type II diabetes is common.", "Type Two diabetes is common."),
        ("Apollo XI landed.", "Apollo Eleven landed."),
    ],
)
def test_roman_numerals_in_context_are_read_as_numbers(written, spoken):
    assert to_spoken(written, strict=True) == spoken


@pytest.mark.parametrize(
    "written",
    [
        "I think I can.",
        "I told Mary I would come.",  # a name, then the pronoun
        "The MIX of CIVIL DID.",  # capitals that happen to be numerals
        "She lives in Washington DC now.",
        "Malcolm X spoke.",
        "Model X is a car.",
        "Take vitamin C daily.",
    ],
)
def test_words_that_look_like_numerals_stay_words(written):
    assert to_spoken(written, strict=True) == written


def test_roman_values():
    assert [roman_value(n) for n in ("I", "IV", "IX", "XIV", "XL", "LVII", "MCMXCIV")] == [1, 4, 9, 14, 40, 57, 1994]


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("She has a Ph.D. in physics.", "She has a PhD in physics."),
        ("He got an M.Sc. and a B.A. from Yale.", "He got an M S C and a B A from Yale."),
        ("An MBA helps.", "An M B A helps."),
        ("We meet at 10:30 a.m. today.", "We meet at ten thirty AM today."),
        ("It starts at 3 p.m. sharp.", "It starts at three PM sharp."),
        ("Call (555) 123-4567 now.", "Call five five five, one two three, four five six seven now."),
        ("Call +44 20 7946 0958 now.", "Call plus four four, two zero, seven nine four six, zero nine five eight now."),
        ("Revenue in Q3 2024 rose.", "Revenue in Q three twenty twenty-four rose."),
        ("Sales fell in H1.", "Sales fell in H one."),
        ("It cost 1.5bn dollars.", "It cost one point five billion dollars."),
        ("A 2tn economy.", "A two trillion economy."),
        ("It cost $3bn.", "It cost three billion dollars."),
        ("They won 2:1 at home.", "They won two to one at home."),
        ("A 16:9 screen.", "A sixteen to nine screen."),
        ("Meet at 10:30.", "Meet at ten thirty."),
    ],
)
def test_degrees_times_phones_quarters_money_and_scores(written, spoken):
    assert to_spoken(written, strict=True) == spoken


def test_roman_numerals_are_english_only():
    assert "II" in to_spoken("Der Zweite Weltkrieg (Teil II) begann.", "de", strict=True)


@pytest.mark.skipif(not has_program("espeak-ng"), reason="needs espeak-ng")
@pytest.mark.parametrize(
    ("written", "heard", "not_heard"),
    [
        ("We meet at 10:30 a.m.", "eI'Em", "a# 'Em"),  # "A M" spelled, not the article "a" and "m"
        ("She has a Ph.D.", "'eItS d'i:", "d'0t"),  # P H D, never "dot"
        ("World War II.", "t'u:", "r'oUm"),  # two, never "roman"
    ],
)
def test_espeak_ng_says_what_the_rule_means(written, heard, not_heard):
    phonemes = subprocess.run(
        ["espeak-ng", "-q", "-x", to_spoken(written, strict=True)], capture_output=True, text=True, check=True
    ).stdout
    assert heard in phonemes and not_heard not in phonemes, phonemes

"""An article's language: declared by its source, else found from its text; and the voice that speaks it.

Scraped plain text never says what language it is in. Before, every such article was English, and even an
article that declared German was read by espeak-ng's English voice.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reader.cli import app
from reader.document.language import guess_language, language_tag, primary_language
from reader.document.loaders import markdown, plaintext
from reader.document.loaders.html import parse as parse_html
from reader.speech.engines.base import SpeechSettings
from reader.speech.speaker import resolve_speaker
from tests.conftest import has_program

runner = CliRunner()

GERMAN = [
    "Der Hafen von Kettleby hat nach einer Woche mit schweren Stürmen an drei Stellen nachgegeben, und die "
    "Fischer müssen nun in einen anderen Hafen ausweichen.",
    "Die Ingenieure des Landkreises haben am Montag die Lücken vermessen, die zusammen fast vierzig Meter "
    "lang sind, und erklärten, der Schaden sei größer als auf den Fotos zu sehen.",
]
CHINESE = [
    "上周三晚上，一场持续三个小时的暴雨袭击了老城区，降雨量超过了过去十年的任何一次记录。",
    "市政部门去年在这些街道两侧修建了二十多个雨水花园，下雨时可以把雨水先存起来，再慢慢渗入地下。",
]


def test_scraped_plain_text_is_known_by_the_language_it_is_written_in(tmp_path):
    german = tmp_path / "hafen.txt"
    german.write_text("Sturm am Hafen\n\n" + "\n\n".join(GERMAN) + "\n", encoding="utf-8")
    chinese = tmp_path / "yushui.txt"
    chinese.write_text("老城区的雨水花园\n\n" + "\n\n".join(CHINESE) + "\n", encoding="utf-8")
    for path, language in ((german, "de"), (chinese, "zh")):
        result = runner.invoke(app, ["outline", "--json", str(path)])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["language"] == language


def test_english_text_a_menu_or_a_few_words_stay_english():
    assert (
        plaintext.parse("Rain gardens\n\nA rain garden is a shallow dip planted to soak up storm water.").language
        == "en"
    )
    assert guess_language("Home News Sport") is None
    assert guess_language("Kettleby") is None


def test_a_declared_language_wins_over_the_guess_and_an_undeclared_one_is_guessed():
    front_matter = "---\ntitle: Hafen\nlang: de-AT\n---\n\n" + "\n\n".join(GERMAN)
    assert markdown.parse(front_matter).language == "de-AT"
    assert markdown.parse("# Hafen\n\n" + "\n\n".join(GERMAN)).language == "de"
    page = "<html><body><article><h1>Sturm</h1>" + "".join(f"<p>{p}</p>" for p in GERMAN) + "</article></body></html>"
    assert parse_html(page).language == "de"
    assert parse_html(page.replace("<html>", '<html lang="fr">')).language == "fr"


@pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng not installed")
def test_an_article_in_another_language_is_spoken_by_a_voice_of_that_language():
    assert resolve_speaker(engine="espeak-ng", language="de").preset.voice == "de"
    assert resolve_speaker(engine="espeak-ng", language="zh-CN").preset.voice == "cmn"  # espeak-ng's Mandarin
    assert resolve_speaker(engine="espeak-ng", language="fr").preset.voice == "fr-fr"  # not the Belgian one
    assert resolve_speaker(engine="espeak-ng", language="en-GB").preset.voice is None  # the default voice
    assert resolve_speaker(engine="espeak-ng", language="de", voice="en-gb").preset.voice == "en-gb"  # asked for


@pytest.mark.skipif(not has_program("espeak-ng"), reason="espeak-ng not installed")
def test_a_german_sentence_sounds_as_the_german_voice_says_it_not_the_english_one():
    speaker = resolve_speaker(engine="espeak-ng", language="de")
    sentence = "Die Ingenieure des Landkreises haben am Montag die Lücken vermessen."
    heard = len(speaker.engine.synthesize(sentence, speaker.preset.speech_settings()).pcm)
    german = len(speaker.engine.synthesize(sentence, SpeechSettings(voice="de")).pcm)
    english = len(speaker.engine.synthesize(sentence, SpeechSettings(voice="en")).pcm)
    assert abs(heard - german) < abs(heard - english)


def test_each_article_of_a_several_article_export_gets_its_own_languages_voice(tmp_path, monkeypatch):
    from tests.fakes import install_fake_engine

    engine = install_fake_engine(monkeypatch)
    french = tmp_path / "port.md"
    french.write_text(
        "---\nlang: fr\n---\n\n# Le port\n\nLe vieux mur du port a cédé en trois endroits cet hiver.\n", "utf-8"
    )
    english = tmp_path / "harbour.md"
    english.write_text("# The harbour\n\nThe old harbour wall gave way in three places this winter.\n", "utf-8")
    result = runner.invoke(app, ["export", str(french), str(english), "-o", str(tmp_path / "out"), "--engine", "fake"])
    assert result.exit_code == 0, result.output
    voices = {settings.voice for text, settings in engine.calls if "mur du port" in text}
    assert voices == {"fake-fr"}
    voices = {settings.voice for text, settings in engine.calls if "harbour wall" in text}
    assert voices == {None}  # the English article keeps the engine's default voice


def test_a_programs_code_does_not_decide_the_language_of_the_prose_around_it():
    code = "```\n" + "def read_the_article(path):\n    return open(path).read()  # the whole file\n" * 40 + "```"
    article = "# Hafen\n\n" + GERMAN[0] + "\n\n" + code + "\n\n" + GERMAN[1] + "\n"
    assert markdown.parse(article).language == "de"


@pytest.mark.parametrize(
    ("code", "tag", "primary"), [("en_US", "en-us", "en"), ("EN", "en", "en"), ("zh-Hant-TW", "zh-hant-tw", "zh")]
)
def test_a_language_code_is_compared_in_one_form_and_its_language_is_its_first_part(code, tag, primary):
    assert (language_tag(code), primary_language(code)) == (tag, primary)

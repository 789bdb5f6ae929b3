"""``reader outline``: the text listing, the JSON contract and its errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from reader.cli import app
from reader.rates import DEFAULT_RATE
from reader.document.loaders import load_article
from reader.document.model import Block, RawDocument
from reader.document.outline import format_duration, listening_seconds, outline_json, outline_lines
from reader.resources import default_article
from reader.document.structure import build_article
from tests.conftest import ROOT

runner = CliRunner()

ARTICLE_MD = """\
# Ketamine Therapy

Ketamine is an old drug. Dr. Lee uses it at 0.5 mg per kg.

## Mechanism of Action

It blocks NMDA receptors. Effects start fast.

### In the Brain

Glutamate rises.

## Safety and Side Effects

Side effects are usually mild.

### Short-term Effects

Dizziness is common.

### Long-term Effects

Little is known. Studies continue.
"""


@pytest.fixture
def article_md(tmp_path):
    path = tmp_path / "ketamine.md"
    path.write_text(ARTICLE_MD, encoding="utf-8")
    return path


def outline_cmd(*args: str, input: str | None = None):
    return runner.invoke(app, ["outline", *args], input=input)


def test_text_outline_lists_title_numbered_tree_and_total(article_md):
    result = outline_cmd(str(article_md))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Ketamine Therapy"
    assert lines[1].startswith("0 (introduction): 2 sentences, about ")
    assert lines[2].startswith("1 Mechanism of Action: 2 sentences, about ")
    assert lines[3].startswith("  1.1 In the Brain: 1 sentence, about ")
    assert lines[5].startswith("  2.1 Short-term Effects: 1 sentence")
    assert lines[-1].startswith("Total: 6 sections, 9 sentences, about ")
    assert lines[-1].endswith(f"at {DEFAULT_RATE} words per minute")


def test_text_outline_is_plain_for_screen_readers(article_md):
    out = outline_cmd(str(article_md)).stdout
    assert "\x1b" not in out
    assert not re.search(r"[\u2500-\u257f\u2580-\u259f]", out)  # no box drawing


def test_json_output_follows_the_contract(article_md):
    result = outline_cmd(str(article_md), "--json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert set(data) == {"title", "author", "language", "sections", "dropped"}
    assert data["title"] == "Ketamine Therapy"
    for section in data["sections"]:
        assert set(section) == {"number", "title", "level", "sentences"}
        assert isinstance(section["number"], str) and isinstance(section["level"], int)
        assert section["title"] is None or isinstance(section["title"], str)
        assert all(isinstance(s, str) for s in section["sentences"])
    assert [(s["number"], s["level"]) for s in data["sections"]] == [
        ("0", 1),
        ("1", 1),
        ("1.1", 2),
        ("2", 1),
        ("2.1", 2),
        ("2.2", 2),
    ]
    intro = data["sections"][0]
    assert intro["title"] is None
    assert intro["sentences"] == ["Ketamine is an old drug.", "Dr. Lee uses it at 0.5 mg per kg."]


def test_json_sentences_are_the_articles_sentences(article_md):
    data = json.loads(outline_cmd(str(article_md), "--json").stdout)
    article = load_article(str(article_md))
    assert [s for sec in data["sections"] for s in sec["sentences"]] == [s.text for _, _, s in article.iter_sentences()]


def test_section_option_limits_output_to_that_subtree(article_md):
    data = json.loads(outline_cmd(str(article_md), "--section", "safety", "--json").stdout)
    assert [s["number"] for s in data["sections"]] == ["2", "2.1", "2.2"]
    text = outline_cmd(str(article_md), "-s", "2.2").stdout.splitlines()
    assert text[1].startswith("2.2 Long-term Effects: 2 sentences")
    assert text[-1].startswith("Total: 1 section, 2 sentences")


def test_unknown_section_is_an_error_on_stderr(article_md):
    result = outline_cmd(str(article_md), "--section", "xylophone")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("reader: error: no section matches 'xylophone'; closest: ")
    assert "Traceback" not in result.stderr


def test_ambiguous_section_is_an_error_naming_the_candidates(article_md):
    result = outline_cmd(str(article_md), "--section", "term effects")
    assert result.exit_code == 1
    assert "is ambiguous: 2.1 Short-term Effects, 2.2 Long-term Effects" in result.stderr


def test_outline_reads_stdin_with_a_forced_format():
    result = outline_cmd("-", "--format", "markdown", "--json", input="# Piped\n\n## Only Part\n\nHello there. Bye.\n")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "title": "Piped",
        "author": None,
        "language": "en",
        "sections": [{"number": "1", "title": "Only Part", "level": 1, "sentences": ["Hello there.", "Bye."]}],
        "dropped": [],
    }


def test_outline_without_source_uses_the_bundled_article():
    result = outline_cmd("--json")
    assert result.exit_code == 0, result.stderr
    bundled = load_article(str(default_article()))
    data = json.loads(result.stdout)
    assert data["title"] == bundled.title
    assert [s["number"] for s in data["sections"]] == [s.number for s in bundled.sections]


def test_plain_text_file_is_outlined(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Just a note. It has two sentences.\n", encoding="utf-8")
    result = outline_cmd(str(path), "--json")
    assert result.exit_code == 0, result.stderr
    sentences = [s for sec in json.loads(result.stdout)["sections"] for s in sec["sentences"]]
    assert sentences == ["Just a note.", "It has two sentences."]


def test_unknown_format_is_a_usage_error(article_md):
    result = outline_cmd(str(article_md), "--format", "rtf")
    assert result.exit_code == 2
    assert result.stderr.startswith("reader: error: unknown format")


def test_missing_file_is_a_one_line_error(tmp_path):
    result = outline_cmd(str(tmp_path / "nope.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("reader: error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_installed_command_prints_json_and_errors_cleanly(article_md):
    ok = subprocess.run(
        [sys.executable, "-m", "reader", "outline", str(article_md), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["title"] == "Ketamine Therapy"
    bad = subprocess.run(
        [sys.executable, "-m", "reader", "outline", str(article_md), "-s", "nothing like it"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert bad.stderr.startswith("reader: error: no section matches") and "Traceback" not in bad.stderr


# --- pure formatting -------------------------------------------------------


def test_listening_time_uses_words_per_minute():
    assert listening_seconds(DEFAULT_RATE, DEFAULT_RATE) == pytest.approx(60.0)
    assert listening_seconds(90, 180) == pytest.approx(30.0)


@pytest.mark.parametrize(
    "seconds, text", [(0, "0 s"), (44.6, "45 s"), (60, "1 min"), (185, "3 min 5 s"), (3720, "1 h 2 min")]
)
def test_durations_read_naturally(seconds, text):
    assert format_duration(seconds) == text


def test_empty_article_outline_says_there_is_nothing_to_read():
    article = build_article(RawDocument(title=None, blocks=()))
    assert outline_lines(article) == ["Untitled article", "No sections: the article has no text to read."]
    assert outline_json(article) == {"title": None, "author": None, "language": "en", "sections": [], "dropped": []}


def test_heading_only_article_shows_zero_sentences():
    blocks = (Block("heading", "Lonely", 1),)
    lines = outline_lines(build_article(RawDocument(title="T", blocks=blocks)))
    assert lines[1].startswith("1 Lonely: 0 sentences, about ")

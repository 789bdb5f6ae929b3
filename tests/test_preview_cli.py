"""``reader preview``: what will be said, through the real CLI."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from reader.cli import app
from reader.speech.pronunciations import default_pronunciations_path

runner = CliRunner()

ARTICLE_MD = """\
# Sleep Notes

Most adults need 7-9 hours. It costs $49.95 a month.

## Deep Sleep

Deep sleep peaks before 2:30 am. See www.example.org for more.[1]

### Spindles

Spindles last 0.5 s. Dr. Lee runs nginx.

## Why Do We Dream?

REM sleep started in 1953.
"""


def write_article(tmp_path):
    path = tmp_path / "sleep.md"
    path.write_text(ARTICLE_MD, encoding="utf-8")
    return path


def numbered(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if re.match(r"\[\d+\] ", line)]


def test_preview_prints_every_utterance_numbered_with_headings_marked(tmp_path):
    result = runner.invoke(app, ["preview", str(write_article(tmp_path))])
    assert result.exit_code == 0, result.output
    lines = numbered(result.stdout)
    assert [int(re.match(r"\[(\d+)\]", line).group(1)) for line in lines] == list(range(1, len(lines) + 1))
    assert "[1] Most adults need seven to nine hours." in lines
    assert "It costs forty-nine dollars and ninety-five cents a month." in result.stdout
    assert any(line.endswith("heading: Deep Sleep.") for line in lines)
    assert "Deep sleep peaks before two thirty AM." in result.stdout
    assert "See example dot org for more." in result.stdout
    assert "REM sleep started in nineteen fifty-three." in result.stdout
    assert "Section 1 Deep Sleep" in result.stdout.splitlines()
    assert any(line.endswith("heading: Why Do We Dream?") for line in lines)  # not "Dream?."


def test_preview_of_a_section_shows_it_and_its_subsections_only(tmp_path):
    result = runner.invoke(app, ["preview", str(write_article(tmp_path)), "--section", "Deep Sleep"])
    assert result.exit_code == 0, result.output
    assert "Deep sleep peaks" in result.stdout
    assert "Spindles last zero point five seconds." in result.stdout
    assert "Most adults" not in result.stdout
    assert "REM sleep" not in result.stdout
    assert numbered(result.stdout)[0] == "[1] heading: Deep Sleep."


def test_preview_of_several_sections(tmp_path):
    result = runner.invoke(app, ["preview", str(write_article(tmp_path)), "-s", "Dream", "-s", "Spindles"])
    assert result.exit_code == 0, result.output
    assert "Deep sleep peaks" not in result.stdout
    # In reading order, whatever the order on the command line.
    assert result.stdout.index("Spindles last") < result.stdout.index("REM sleep")


def test_preview_applies_the_users_pronunciations(tmp_path):
    path = default_pronunciations_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[[rule]]\npattern = "\\\\bnginx\\\\b"\nreplace = "engine x"\n', encoding="utf-8")
    article = str(write_article(tmp_path))
    result = runner.invoke(app, ["preview", article, "-s", "Spindles"])
    assert result.exit_code == 0, result.output
    assert "Doctor Lee runs engine x." in result.stdout
    plain = runner.invoke(app, ["preview", article, "-s", "Spindles", "--no-pronunciations"])
    assert "Doctor Lee runs nginx." in plain.stdout


def test_preview_with_a_pronunciation_file_given_on_the_command_line(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\npattern = "nginx"\nreplace = "N G I N X"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["preview", str(write_article(tmp_path)), "-s", "Spindles", "--pronunciations", str(rules)]
    )
    assert result.exit_code == 0, result.output
    assert "runs N G I N X." in result.stdout


def test_preview_written_shows_the_original_where_it_differs(tmp_path):
    result = runner.invoke(app, ["preview", str(write_article(tmp_path)), "-s", "Dream", "--written"])
    assert result.exit_code == 0, result.output
    assert "    written: REM sleep started in 1953." in result.stdout.splitlines()
    assert "written: Why Do We Dream?" not in result.stdout  # the heading is said as written


def test_preview_of_the_default_article_works_without_a_source():
    result = runner.invoke(app, ["preview"])
    assert result.exit_code == 0, result.output
    assert len(numbered(result.stdout)) > 10


def test_preview_with_a_broken_pronunciation_file_is_a_one_line_error(tmp_path):
    rules = tmp_path / "bad.toml"
    rules.write_text('[[rule]]\npattern = "("\nreplace = "x"\n', encoding="utf-8")
    result = runner.invoke(app, ["preview", str(write_article(tmp_path)), "--pronunciations", str(rules)])
    assert result.exit_code == 1
    assert result.stderr.startswith("reader: error: pronunciation file")
    assert "rule 1" in result.stderr
    assert "Traceback" not in result.output


def test_preview_of_an_unknown_section_is_an_error(tmp_path):
    result = runner.invoke(app, ["preview", str(write_article(tmp_path)), "-s", "Quantum Chromodynamics"])
    assert result.exit_code != 0
    assert result.stderr.startswith("reader: error:")


def test_preview_shows_the_code_and_table_policy_chosen(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text(
        "# T\n\nSome text here.\n\n```\nprint(1)\nx = 2\n```\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nAfter text.\n",
        encoding="utf-8",
    )
    default = runner.invoke(app, ["preview", str(path)])
    assert default.exit_code == 0, default.output
    assert "Code block skipped, two lines." in default.output and "one, two" in default.output
    chosen = runner.invoke(app, ["preview", str(path), "--code", "read", "--tables", "notice"])
    assert chosen.exit_code == 0, chosen.output
    assert "x equals two" in chosen.output and "Table skipped, two rows." in chosen.output
    assert "one, two" not in chosen.output
    bad = runner.invoke(app, ["preview", str(path), "--tables", "describe"])
    assert bad.exit_code == 2
    assert "invalid value for '--tables': 'describe'; choose read, notice, skip" in bad.output

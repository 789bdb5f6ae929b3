"""The README stays true to the code: keys, commands, set-up commands."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from reader.cli import app
from reader.listen.keymap import markdown_table
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    import typer.main

    return sorted(typer.main.get_command(app).commands)


def test_readme_key_table_is_the_key_map():
    block = re.search(r"<!-- keys:start -->\n(.*?)<!-- keys:end -->", README, re.S)
    assert block, "README lost its keys block"
    assert block.group(1).strip() == markdown_table().strip()


def test_every_command_has_help_text_and_is_in_the_readme():
    runner = CliRunner()
    names = command_names()
    assert {"outline", "listen", "export", "preview", "engines", "voices", "bookmarks"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert len(result.stdout.strip().splitlines()) > 3, name
        assert f"`reader {name}" in README, f"reader {name} is not documented in README.md"


def test_readme_starts_with_exactly_two_setup_commands_that_exist():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block and README.index("```sh") < README.index("## ")
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["./scripts/demo.sh", "./scripts/test.sh"]
    for command in commands:
        script = ROOT / command
        assert script.is_file() and script.stat().st_mode & 0o111


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci


def test_help_has_no_box_drawing_for_screen_readers():
    result = CliRunner().invoke(app, ["listen", "--help"])
    assert result.exit_code == 0
    assert not re.search("[\u2500-\u257f]", result.stdout)
    assert "Next section" in result.stdout or "next section" in result.stdout

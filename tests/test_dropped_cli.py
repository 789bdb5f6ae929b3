"""Nothing lost silently: `--show-dropped`, the JSON `dropped` list and `--keep-all`, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reader.cli import app

runner = CliRunner()

PROSE = [
    " ".join(
        ["The harbour wall at Kettleby has stood for two hundred years, and this winter it finally gave way."] * 4
    ),
    " ".join(["Engineers measured the gaps on Monday and said the damage was worse than the photographs showed."] * 4),
]
PAGE = (
    "Skip to main content\nHome\nNews\nSubscribe\n\nStorms breach the harbour wall\n\n"
    + "\n\n".join(PROSE)
    + "\n\nPrivacy policy\nCookie settings\n"
)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_show_dropped_lists_each_menu_line_with_its_reason(page: Path):
    result = runner.invoke(app, ["outline", str(page), "--show-dropped"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Dropped as not article text"))
    listed = lines[start + 1 :]
    assert any(line.strip().startswith("Privacy policy") and "(" in line for line in listed)
    assert any(line.strip().startswith("Skip to main content") for line in listed)


def test_json_outline_carries_the_dropped_pieces_in_full(page: Path):
    data = json.loads(runner.invoke(app, ["outline", str(page), "--json"]).output)
    texts = {d["text"]: d["reason"] for d in data["dropped"]}
    assert "Privacy policy" in texts and texts["Privacy policy"]
    read = " ".join(s for section in data["sections"] for s in section["sentences"])
    assert "Privacy policy" not in read and "Kettleby" in read


def test_keep_all_reads_everything_and_drops_nothing(page: Path):
    data = json.loads(runner.invoke(app, ["outline", str(page), "--json", "--keep-all"]).output)
    assert data["dropped"] == []
    everything = json.dumps(data)
    for line in ("Skip to main content", "Subscribe", "Privacy policy", "Cookie settings"):
        assert line in everything


@pytest.mark.parametrize("command", ["listen", "export", "preview"])
def test_every_reading_command_takes_keep_all(command: str):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--keep-all" in result.output


def test_preview_with_keep_all_speaks_the_menu_too(page: Path):
    kept = runner.invoke(app, ["preview", str(page), "--keep-all"])
    assert kept.exit_code == 0, kept.output
    assert "Privacy policy" in kept.output
    assert "Privacy policy" not in runner.invoke(app, ["preview", str(page)]).output

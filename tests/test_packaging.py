"""An installed wheel finds its bundled article, presets and boilerplate model from any directory (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project built as a wheel and unpacked into a folder of its own (dependencies from this venv)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(next(dist.glob("*.whl"))) as wheel:
        wheel.extractall(target)
    return target


def run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(target)}  # before the editable install's finder
    return subprocess.run([sys.executable, "-m", "reader", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.e2e
def test_a_wheel_reads_its_bundled_article_and_presets_from_any_directory(installed: Path, tmp_path: Path):
    probe = run_installed(installed, tmp_path, "outline", "--json")
    assert probe.returncode == 0, probe.stderr
    assert "How Sleep Shapes Memory" in probe.stdout
    presets = run_installed(installed, tmp_path, "voices", "--presets")
    assert presets.returncode == 0 and "podcast" in presets.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import reader.resources as r; print(r.content_dir())"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip().startswith(str(installed))


@pytest.mark.e2e
def test_a_wheel_ships_the_boilerplate_model(installed: Path, tmp_path: Path):
    page = tmp_path / "page.txt"
    prose = " ".join(["The harbour wall at Kettleby has stood for two hundred years and gave way this winter."] * 8)
    page.write_text(f"Home\nNews\nSubscribe\n\nStorms breach the wall\n\n{prose}\n\n{prose}\n\nPrivacy policy\n")
    result = run_installed(installed, tmp_path, "outline", str(page), "--show-dropped")
    assert result.returncode == 0, result.stderr
    assert "Privacy policy" in result.stdout.split("Dropped as not article text")[1]


def test_version_flag_prints_the_installed_version():
    import importlib.metadata

    result = subprocess.run([sys.executable, "-m", "reader", "--version"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"reader {importlib.metadata.version('article-reader-tts')}\n"

"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_EXAMPLE = ROOT.parent / "shared" / "example-scraped-article.txt"


def has_program(name: str) -> bool:
    return shutil.which(name) is not None


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory, monkeypatch):
    """Point every user directory at a fresh temp dir: tests never touch the
    real config, cache or state."""
    base = tmp_path_factory.mktemp("userdirs")
    for name in ("CONFIG", "CACHE", "STATE", "DATA"):
        path = base / name.lower()
        path.mkdir()
        monkeypatch.setenv(f"READER_{name}_DIR", str(path))
    return base

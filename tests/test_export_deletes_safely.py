"""An export deletes only files it wrote, inside the output folder, unchanged since (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reader.cli import app
from reader.export.manifest import MANIFEST_NAME, Entry, Manifest, remove_written_files

ARTICLE = """# Tides

The tide comes in twice a day. It goes out again.

## Springs

Spring tides are the largest. They follow the full and new moon.

## Neaps

Neap tides are the smallest. They come at the quarter moons.
"""


def write_manifest(folder: Path, names: list[str]) -> None:
    files = {}
    for name in names:
        info = (folder / name).stat()
        files[name] = {"digest": "x", "size": info.st_size, "mtime_ns": info.st_mtime_ns}
    (folder / MANIFEST_NAME).write_text(json.dumps({"version": Manifest.VERSION, "files": files}))


def test_a_symlinked_episode_folder_is_never_entered(tmp_path: Path):
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "thesis.mp3").write_bytes(b"years of work")
    write_manifest(outside, ["thesis.mp3"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "01-old").symlink_to(outside, target_is_directory=True)
    assert remove_written_files(out / "01-old").removed == []
    assert (outside / "thesis.mp3").read_bytes() == b"years of work"


def test_a_symlink_listed_in_the_manifest_is_not_followed_or_removed(tmp_path: Path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "01-a.mp3").write_bytes(b"ours")
    (folder / "02-b.mp3").symlink_to(target)
    write_manifest(folder, ["01-a.mp3"])
    manifest = json.loads((folder / MANIFEST_NAME).read_text())
    info = target.stat()
    manifest["files"]["02-b.mp3"] = {"digest": "x", "size": info.st_size, "mtime_ns": info.st_mtime_ns}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest))
    removal = remove_written_files(folder)
    assert removal.removed == ["01-a.mp3"] and removal.spared == ["02-b.mp3"]
    assert target.read_text() == "keep me" and (folder / "02-b.mp3").is_symlink()


def test_a_file_changed_since_it_was_written_is_spared(tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "01-a.mp3").write_bytes(b"ours")
    write_manifest(folder, ["01-a.mp3"])
    (folder / "01-a.mp3").write_bytes(b"the user edited this one")
    removal = remove_written_files(folder)
    assert removal.spared == ["01-a.mp3"] and (folder / "01-a.mp3").exists()


def test_stale_entries_are_kept_recorded_when_nothing_is_deleted(tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "01-a.mp3").write_bytes(b"ours")
    write_manifest(folder, ["01-a.mp3"])
    manifest = Manifest(folder)
    removal = manifest.remove_stale(delete=False)
    assert removal.removed == [] and (folder / "01-a.mp3").exists()
    assert isinstance(Manifest(folder).previous["01-a.mp3"], Entry)


def test_exporting_one_section_keeps_the_other_sections_files_unless_asked(tmp_path: Path):
    source = tmp_path / "tides.md"
    source.write_text(ARTICLE)
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["export", str(source), "-o", str(out), "-q"]).exit_code == 0
    full = sorted(p.name for p in out.glob("*.mp3"))
    assert len(full) >= 3
    result = CliRunner().invoke(app, ["export", str(source), "-o", str(out), "-q", "--section", "Springs"])
    assert result.exit_code == 0, result.output
    assert set(full) <= {p.name for p in out.glob("*.mp3")}
    result = CliRunner().invoke(app, ["export", str(source), "-o", str(out), "--section", "Springs", "--clean"])
    assert result.exit_code == 0, result.output
    left = {p.name for p in out.glob("*.mp3")}
    assert len(left) < len(full)
    assert "removed" in result.output


def test_a_second_export_into_a_folder_in_use_is_refused_clearly(tmp_path: Path):
    import fcntl
    import os

    from reader.export.folderlock import LOCK_NAME

    source = tmp_path / "tides.md"
    source.write_text(ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another export is running
    try:
        result = CliRunner().invoke(app, ["export", str(source), "-o", str(out), "-q"])
    finally:
        os.close(fd)
    assert result.exit_code == 1
    assert "another export is writing into" in result.stderr
    assert not list(out.glob("*.mp3"))
    assert CliRunner().invoke(app, ["export", str(source), "-o", str(out), "-q"]).exit_code == 0
    assert not (out / LOCK_NAME).exists()


def test_a_manifest_nested_too_deep_to_parse_is_treated_as_absent(tmp_path: Path):
    (tmp_path / MANIFEST_NAME).write_text("[" * 100_000 + "]" * 100_000)
    keep = tmp_path / "mine.txt"
    keep.write_text("a file of the user's")
    manifest = Manifest(tmp_path)
    assert manifest.previous == {}
    assert keep.read_text() == "a file of the user's"

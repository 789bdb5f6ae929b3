"""Atomic writes (reader.fileio)."""

from __future__ import annotations

import errno

import pytest

from reader.fileio import atomic_path


def test_a_failed_write_names_the_final_file_not_the_temporary_one(tmp_path):
    target = tmp_path / "episode.mp3"
    with pytest.raises(OSError) as info:
        with atomic_path(target) as tmp:
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp))
    assert info.value.filename == str(target)
    assert info.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []

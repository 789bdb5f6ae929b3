"""How to export, independent of what is said and by whom."""

from __future__ import annotations

import os
from dataclasses import dataclass

from reader.audio.formats import FORMATS, AudioFormat
from reader.export.gain import MONO_TARGET_LUFS, STEREO_TARGET_LUFS


@dataclass(frozen=True)
class ExportOptions:
    """How to export (independent of what is said and by whom)."""

    audio_format: AudioFormat = FORMATS["mp3"]
    channels: int = 1
    """1 = mono (default, −19 LUFS), 2 = stereo (−16 LUFS)."""
    target_lufs: float | None = None
    """Integrated loudness of the output; ``None`` = by channel count."""
    jobs: int = 0
    """Parallel synthesis/encoding workers; 0 = number of CPUs."""
    episode: bool = True
    """Also write the whole article as one file with chapters."""
    clean: bool = False
    """A partial export (some sections) also removes the other files an earlier export wrote."""

    @property
    def target(self) -> float:
        if self.target_lufs is not None:
            return self.target_lufs
        return STEREO_TARGET_LUFS if self.channels == 2 else MONO_TARGET_LUFS

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)

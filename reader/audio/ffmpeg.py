"""Encoding through ffmpeg: PCM is streamed into an encoder's stdin, so no
file ever has to be held in memory."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Sequence

from reader.audio.formats import AudioFormat
from reader.errors import ReaderError

INSTALL_HINT = "install ffmpeg (e.g. 'sudo apt install ffmpeg') and try again"


def ffmpeg_path() -> str:
    """The ffmpeg executable, or a :class:`ReaderError` saying how to get it."""
    path = shutil.which("ffmpeg")
    if not path:
        raise ReaderError(f"ffmpeg is not installed: {INSTALL_HINT}")
    return path


def _failure(what: str, stderr: bytes) -> ReaderError:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    detail = lines[-1] if lines else "no message"
    return ReaderError(f"ffmpeg failed while {what}: {detail}")


class Encoder:
    """One ffmpeg process turning mono 16-bit PCM on stdin into ``target``."""

    def __init__(self, target: Path, fmt: AudioFormat, input_rate: int, channels: int = 1) -> None:
        self.target = target
        self.fmt = fmt
        command = [
            ffmpeg_path(), "-hide_banner", "-nostats", "-loglevel", "error", "-y",
            "-f", "s16le", "-ar", str(input_rate), "-ac", "1", "-i", "pipe:0",
            "-map_metadata", "-1",
            # pan, not -ac 2: ffmpeg's default upmix would put each channel 3 dB down.
            "-af", f"aresample={fmt.sample_rate}:filter_size=32" + (",pan=stereo|c0=c0|c1=c0" if channels == 2 else ""),
            *fmt.codec_args(channels),
            "-f", {"opus": "ogg", "ogg": "ogg"}.get(fmt.name, fmt.name),
            str(target),
        ]
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def write(self, pcm: bytes) -> None:
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(pcm)
        except BrokenPipeError:
            self.close()  # raises with ffmpeg's own message
            raise ReaderError(f"ffmpeg stopped unexpectedly while encoding {self.target.name}") from None

    def close(self) -> None:
        """Finish the file; raise :class:`ReaderError` if ffmpeg failed."""
        process = self._process
        if process.stdin and not process.stdin.closed:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass
        stderr = process.stderr.read() if process.stderr else b""
        if process.wait() != 0:
            raise _failure(f"encoding {self.target.name}", stderr)

    def abort(self) -> None:
        """Stop ffmpeg without waiting for it to finish the file."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()

    def __enter__(self) -> "Encoder":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def concat_copy(parts: Sequence[Path], target: Path, fmt: AudioFormat, workdir: Path) -> None:
    """Join encoded files into ``target`` without re-encoding (concat demuxer)."""
    listing = workdir / f"{target.stem}.concat.txt"

    def quote(path: Path) -> str:
        return "'" + str(path.resolve()).replace("'", "'\\''") + "'"

    listing.write_text("ffconcat version 1.0\n" + "".join(f"file {quote(p)}\n" for p in parts), encoding="utf-8")
    command = [
        ffmpeg_path(), "-hide_banner", "-nostats", "-loglevel", "error", "-y",
        "-f", "concat", "-safe", "0", "-i", str(listing),
        "-map_metadata", "-1", "-c", "copy", "-f", fmt.name, str(target),
    ]
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)
    if result.returncode != 0:
        raise _failure(f"joining the sections into {target.name}", result.stderr)

"""Encoding through ffmpeg: PCM is streamed into an encoder's stdin, so no
file ever has to be held in memory.

A mono Ogg Vorbis file is encoded by ``oggenc`` (vorbis-tools) when it is
installed: the same libvorbis at the same quality, without ffmpeg's 0.1 s of
start-up (it loads some 200 libraries), which an export pays once per section
file. It decodes to as many samples as ffmpeg's file, the same ones but for
the first few milliseconds of some files (measured: 9 of 22 section files
differ, only in their first 12 ms, by at most 399/32768)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from reader.audio.formats import AudioFormat
from reader.errors import ReaderError

INSTALL_HINT = "install ffmpeg (e.g. 'sudo apt install ffmpeg') and try again"


def ffmpeg_path() -> str:
    """The ffmpeg executable, or a :class:`ReaderError` saying how to get it."""
    path = shutil.which("ffmpeg")
    if not path:
        raise ReaderError(f"ffmpeg is not installed: {INSTALL_HINT}")
    return path


def _failure(what: str, stderr: bytes, tool: str = "ffmpeg") -> ReaderError:
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    detail = lines[-1] if lines else "no message"
    return ReaderError(f"{tool} failed while {what}: {detail}")


def oggenc_command(target: Path, fmt: AudioFormat, input_rate: int, channels: int) -> list[str] | None:
    """``oggenc`` writing ``target`` from mono PCM on stdin, where it does
    what ffmpeg would (mono Vorbis at the voice's own rate), else ``None``."""
    path = shutil.which("oggenc")
    args = fmt.codec_args(channels)
    if fmt.name != "ogg" or channels != 1 or path is None or fmt.output_rate(input_rate) != input_rate:
        return None
    if args[:2] != ("-c:a", "libvorbis") or "-q:a" not in args:
        return None
    quality = args[args.index("-q:a") + 1]
    return [path, "--quiet", "-r", "-B", "16", "-C", "1", "-R", str(input_rate), "-q", quality, "-o", str(target), "-"]


class Encoder:
    """One ffmpeg (or oggenc, see :func:`oggenc_command`) process turning mono 16-bit PCM on stdin into ``target``."""

    def __init__(
        self, target: Path, fmt: AudioFormat, input_rate: int, channels: int = 1, *, cuttable: bool = False
    ) -> None:
        """``cuttable=True`` writes a bare stream meant to be cut into
        pieces (see :mod:`reader.audio.splitting`): MP3 frames that each
        decode on their own (no bit reservoir) with no tag or Xing frame, or
        headerless PCM instead of a WAV file."""
        self.target = target
        self.fmt = fmt
        container = {"opus": "ogg", "ogg": "ogg", "m4b": "ipod"}.get(fmt.name, fmt.name)
        extra: tuple[str, ...] = ()
        if cuttable and fmt.name == "mp3":
            extra = ("-reservoir", "0", "-write_xing", "0", "-id3v2_version", "0")
        elif cuttable and fmt.name == "wav":
            container = "s16le"
        elif cuttable:
            raise ValueError(f"{fmt.name} streams cannot be cut into files")
        oggenc = None if cuttable else oggenc_command(target, fmt, input_rate, channels)
        self._tool = "oggenc" if oggenc else "ffmpeg"
        command = oggenc or [
            ffmpeg_path(),
            "-hide_banner",
            "-nostats",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "s16le",
            "-ar",
            str(input_rate),
            "-ac",
            "1",
            "-i",
            "pipe:0",
            "-map_metadata",
            "-1",
            # pan, not -ac 2: ffmpeg's default upmix would put each channel 3 dB down.
            "-af",
            f"aresample={fmt.output_rate(input_rate)}:filter_size=32"
            + (",pan=stereo|c0=c0|c1=c0" if channels == 2 else ""),
            *fmt.codec_args(channels),
            *extra,
            "-f",
            container,
            str(target),
        ]
        # Its own session: Ctrl-C reaches this program, which stops ffmpeg
        # (abort) and reports the interruption, never "ffmpeg failed".
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )

    def write(self, pcm: bytes) -> None:
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(pcm)
        except BrokenPipeError:
            self.close()  # raises with ffmpeg's own message
            raise ReaderError(f"{self._tool} stopped unexpectedly while encoding {self.target.name}") from None

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
            raise _failure(f"encoding {self.target.name}", stderr, self._tool)

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

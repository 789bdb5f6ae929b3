"""espeak-ng through its command-line program: fast, robust, everywhere.

One process per utterance: the text goes in on stdin (so text that starts
with ``-`` or is very long is safe) and a WAV comes back on stdout. A
12-minute article synthesizes in about half a second, so a process per
sentence costs nothing noticeable and keeps every call independent.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final

from reader.engines import register
from reader.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.engines.wavdata import parse_wav_bytes, trim_silence
from reader.errors import ReaderError

PROGRAM: Final = "espeak-ng"
INSTALL_HINT: Final = "install espeak-ng (Debian/Ubuntu: sudo apt-get install espeak-ng)"
MIN_SPEED: Final = 80
MAX_SPEED: Final = 450
MBROLA_DIRS: Final = (Path("/usr/share/mbrola"), Path("/usr/share/mbrola/voices"))
_GENDERS: Final = {"M": "male", "F": "female"}


@dataclass(frozen=True)
class VoiceListing:
    """One row of ``espeak-ng --voices``."""

    language: str
    gender: str
    name: str
    """``VoiceName`` with underscores turned back into spaces."""
    file: str
    """Voice file relative to espeak-ng-data/voices, e.g. ``gmw/en-US``."""

    @property
    def usable(self) -> bool:
        """Variants are not voices on their own; MBROLA voices need their
        separately installed diphone database."""
        if self.language == "variant" or self.file.startswith("!v/"):
            return False
        if self.file.startswith("mb/"):
            return mbrola_voice_installed(self.file)
        return True


def mbrola_voice_installed(voice_file: str) -> bool:
    """Whether the MBROLA database behind ``mb/mb-us1`` (``us1``) exists."""
    database = voice_file.rsplit("/", 1)[-1].removeprefix("mb-").split("-")[0]
    return any((d / database).exists() for d in MBROLA_DIRS)


def parse_voice_listing(output: str) -> list[VoiceListing]:
    """Parse the table ``espeak-ng --voices`` prints (header line first)."""
    rows: list[VoiceListing] = []
    for line in output.splitlines()[1:]:
        parts = line.split()
        if len(parts) < 5:
            continue
        _priority, language, age_gender, name, file = parts[:5]
        gender = _GENDERS.get(age_gender.rpartition("/")[2], "")
        rows.append(VoiceListing(language=language, gender=gender, name=name.replace("_", " "), file=file))
    return rows


def voices_from_listing(rows: list[VoiceListing]) -> list[Voice]:
    """Usable voices; the id is the language code (what ``-v`` expects),
    or the voice file when several voices share a language code."""
    usable = [r for r in rows if r.usable]
    counts: dict[str, int] = {}
    for row in usable:
        counts[row.language] = counts.get(row.language, 0) + 1
    seen: set[str] = set()
    voices: list[Voice] = []
    for row in usable:
        voice_id = row.language if counts[row.language] == 1 else row.file
        if voice_id in seen:
            continue
        seen.add(voice_id)
        voices.append(Voice(id=voice_id, name=row.name, language=row.language, gender=row.gender))
    return voices


@functools.lru_cache(maxsize=4)
def _version(executable: str) -> str:
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    match = re.search(r"text-to-speech:\s*(\S+)", out)
    return match.group(1) if match else out.strip()[:40] or "?"


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, round(value))))


@register
class EspeakEngine(Engine):
    """espeak-ng: small, fast, many languages; robotic but very clear."""

    name: ClassVar[str] = "espeak-ng"
    description: ClassVar[str] = "fast and clear, over 100 languages, robotic timbre"
    install_hint: ClassVar[str] = INSTALL_HINT
    priority: ClassVar[int] = 50
    thread_safe: ClassVar[bool] = True
    """Every call is its own process."""

    def __init__(self, executable: str | None = None) -> None:
        self._executable = executable
        self._voices: dict[str, list[Voice]] = {}

    @property
    def executable(self) -> str:
        found = self._executable or shutil.which(PROGRAM)
        if not found:
            raise ReaderError(f"espeak-ng is not installed; {INSTALL_HINT}")
        return found

    def available(self) -> bool:
        return bool(self._executable or shutil.which(PROGRAM))

    def identity(self) -> str:
        return f"{PROGRAM} {_version(self.executable)}"

    def voices(self, language: str | None = None) -> list[Voice]:
        """Usable voices, optionally only those espeak-ng lists for ``language``."""
        key = language or ""
        if key not in self._voices:
            flag = f"--voices={language}" if language else "--voices"
            result = self._run([self.executable, flag], b"", what="list voices")
            rows = parse_voice_listing(result.stdout.decode("utf-8", "replace"))
            self._voices[key] = voices_from_listing(rows)
        return list(self._voices[key])

    def command(self, settings: SpeechSettings) -> list[str]:
        """The argument list for one utterance (text comes on stdin)."""
        args = [
            self.executable,
            "--stdin",
            "--stdout",
            "-b", "1",  # input is UTF-8
            "-z",  # no final sentence pause: presets add their own
            "-s", str(_clamp(settings.rate, MIN_SPEED, MAX_SPEED)),
            "-p", str(_clamp(settings.pitch, 0, 99)),
            "-a", str(_clamp(settings.volume * 100, 0, 200)),
        ]  # fmt: skip
        if settings.voice:
            args += ["-v", settings.voice]
        return args

    def synthesize(self, text: str, settings: SpeechSettings) -> Audio:
        if not text.strip():
            return Audio(b"", 22050)
        result = self._run(self.command(settings), text.encode("utf-8"), what="synthesize", voice=settings.voice)
        audio = parse_wav_bytes(result.stdout, source=PROGRAM)
        return trim_silence(audio)

    def _run(self, argv: list[str], stdin: bytes, *, what: str, voice: str | None = None) -> subprocess.CompletedProcess[bytes]:
        # Generous: espeak-ng speaks ~1,000 words in well under a second.
        timeout = 30 + len(stdin) / 200
        try:
            result = subprocess.run(
                argv, input=stdin, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise ReaderError(f"espeak-ng did not finish within {timeout:.0f} s; try a shorter text") from None
        except OSError as exc:
            raise ReaderError(f"cannot run espeak-ng ({exc.strerror}); {INSTALL_HINT}") from None
        message = result.stderr.decode("utf-8", "replace").strip()
        if result.returncode != 0 or (what == "synthesize" and not result.stdout):
            if voice and ("voice does not exist" in message or "MBROLA" in message):
                raise ReaderError(
                    f"espeak-ng has no usable voice {voice!r}; see 'reader voices --engine espeak-ng'"
                )
            detail = message.splitlines()[-1] if message else f"exit status {result.returncode}"
            raise ReaderError(f"espeak-ng could not {what}: {detail}")
        return result

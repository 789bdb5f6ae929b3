"""espeak-ng: in this process through libespeak-ng, else its program.

Synthesis goes through :mod:`reader.speech.engines.libespeak` when the library
loads: starting an ``espeak-ng`` process loads its phoneme data each time,
which for one sentence costs more than the speech itself (the bundled
article's 121 utterances: 1.4 s through the program, 0.38 s in-process).
The library's audio also depends slightly on what it spoke before (timing
within about 1%), so :meth:`EspeakEngine.identity` keeps the two apart.

The command-line path stays as the fallback (no library, or
``READER_ESPEAK_CLI=1``): one process per utterance, the text on stdin (so
text that starts with ``-`` or is very long is safe), a WAV on stdout.
Listing voices always uses the program; it happens rarely.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final

from reader.speech.engines import libespeak, register
from reader.speech.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.speech.engines.wavdata import parse_wav_bytes, trim_silence
from reader.errors import ReaderError

PROGRAM: Final = "espeak-ng"
INSTALL_HINT: Final = "install espeak-ng (Debian/Ubuntu: sudo apt-get install espeak-ng)"
MIN_SPEED: Final = 80
MAX_SPEED: Final = 900
"""espeak-ng speeds up past 450 words per minute with its sonic stage; 900 is still intelligible to trained ears."""
MBROLA_DIRS: Final = (Path("/usr/share/mbrola"), Path("/usr/share/mbrola/voices"))
DEFAULT_VOICE: Final = "en"
"""What ``espeak-ng`` speaks with when no ``-v`` is given."""
FORCE_CLI_ENV: Final = "READER_ESPEAK_CLI"
"""Set to 1 to synthesize through the program instead of the library."""
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


def _is_mbrola(voice: str) -> bool:
    return voice.rsplit("/", 1)[-1].startswith("mb-")


def _clamp(value: float, low: int, high: int) -> int:
    return int(max(low, min(high, round(value))))


@register
class EspeakEngine(Engine):
    """espeak-ng: small, fast, many languages; robotic but very clear."""

    name: ClassVar[str] = "espeak-ng"
    description: ClassVar[str] = "fast and clear, over 100 languages, robotic timbre"
    install_hint: ClassVar[str] = INSTALL_HINT
    priority: ClassVar[int] = 50

    def __init__(self, executable: str | None = None, use_library: bool | None = None) -> None:
        """``use_library=None`` uses libespeak-ng unless ``READER_ESPEAK_CLI=1``;
        either way the program is used when the library cannot be loaded."""
        self._executable = executable
        self._voices: dict[str, list[Voice]] = {}
        if use_library is None:
            use_library = os.environ.get(FORCE_CLI_ENV, "").strip().lower() in ("", "0", "no", "false")
        self._use_library = use_library
        self.library_failure: str | None = None
        """Why the library is not used although it was wanted (else None)."""

    @property
    def thread_safe(self) -> bool:  # type: ignore[override]
        """Program: yes, every call is its own process. Library: calls are
        serialized on :data:`libespeak.LOCK` anyway (its state is global),
        and since its audio depends slightly on what it spoke before, a
        fixed order keeps exports reproducible; threads gain nothing."""
        return self.library() is None

    def library(self) -> libespeak.LibEspeak | None:
        """The in-process synthesizer, or ``None`` when the program is used."""
        if not self._use_library:
            return None
        try:
            return libespeak.load()
        except libespeak.LibEspeakError as exc:
            self._use_library = False
            self.library_failure = str(exc)
            return None

    @property
    def executable(self) -> str:
        found = self._executable or shutil.which(PROGRAM)
        if not found:
            raise ReaderError(f"espeak-ng is not installed; {INSTALL_HINT}")
        return found

    def available(self) -> bool:
        return bool(self._executable or shutil.which(PROGRAM))

    def identity(self) -> str:
        # The library's audio is not byte-identical to the program's: keep
        # their cache entries apart.
        lib = self.library()
        if lib is not None:
            return f"{PROGRAM} {lib.version}+lib"
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
        if settings.voice and _is_mbrola(settings.voice) and not mbrola_voice_installed(settings.voice):
            # Checked up front: libespeak-ng would print its complaint on our stderr.
            raise ReaderError(_no_voice_message(settings.voice))
        lib = self.library()
        if lib is not None:
            return self._synthesize_in_process(lib, text, settings)
        result = self._run(self.command(settings), text.encode("utf-8"), what="synthesize", voice=settings.voice)
        audio = parse_wav_bytes(result.stdout, source=PROGRAM)
        return trim_silence(audio)

    def _synthesize_in_process(self, lib: libespeak.LibEspeak, text: str, settings: SpeechSettings) -> Audio:
        try:
            speech = lib.synthesize(
                text,
                voice=settings.voice or DEFAULT_VOICE,
                rate=_clamp(settings.rate, MIN_SPEED, MAX_SPEED),
                pitch=_clamp(settings.pitch, 0, 99),
                amplitude=_clamp(settings.volume * 100, 0, 200),
            )
        except libespeak.LibEspeakVoiceError:
            raise ReaderError(_no_voice_message(settings.voice or DEFAULT_VOICE)) from None
        except libespeak.LibEspeakError as exc:
            raise ReaderError(f"espeak-ng could not synthesize: {exc}") from None
        return trim_silence(Audio(speech.pcm, speech.sample_rate))

    def _run(
        self, argv: list[str], stdin: bytes, *, what: str, voice: str | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        # Generous: espeak-ng speaks ~1,000 words in well under a second.
        timeout = 30 + len(stdin) / 200
        try:
            result = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ReaderError(f"espeak-ng did not finish within {timeout:.0f} s; try a shorter text") from None
        except OSError as exc:
            raise ReaderError(f"cannot run espeak-ng ({exc.strerror}); {INSTALL_HINT}") from None
        message = result.stderr.decode("utf-8", "replace").strip()
        if result.returncode != 0 or (what == "synthesize" and not result.stdout):
            if voice and ("voice does not exist" in message or "MBROLA" in message):
                raise ReaderError(_no_voice_message(voice))
            detail = message.splitlines()[-1] if message else f"exit status {result.returncode}"
            raise ReaderError(f"espeak-ng could not {what}: {detail}")
        return result


def _no_voice_message(voice: str) -> str:
    return f"espeak-ng has no usable voice {voice!r}; see 'reader voices --engine espeak-ng'"

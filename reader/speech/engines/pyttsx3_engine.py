"""pyttsx3, contained: synthesis only, in a worker process we can kill.

pyttsx3's Linux driver has defects we must never meet in the reader: several
``say()`` calls before one ``runAndWait()`` speak only the last; after a
``save_to_file()`` later ``say()`` calls keep writing to that file; ``stop()``
blocks; ``say()`` shells out to ``aplay``; word events fire before playback.
So this adapter uses exactly one path — one ``save_to_file`` per utterance,
then ``runAndWait`` — inside :mod:`reader.speech.engines.pyttsx3_worker`, with a
timeout on every request. A hung or crashed worker is killed and restarted;
the WAV it writes is checked before it is trusted. Playback is never
pyttsx3's business.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import IO, Any, ClassVar, Final

from reader.speech.engines import register
from reader.speech.engines.base import Audio, Engine, SpeechSettings, Voice
from reader.speech.engines.wavdata import parse_wav_bytes, trim_silence
from reader.errors import ReaderError

WORKER_SCRIPT: Final = Path(__file__).with_name("pyttsx3_worker.py")
START_TIMEOUT: Final = 20.0
"""Seconds for the worker to import pyttsx3 and initialise its driver."""
INSTALL_HINT: Final = (
    "pip install pyttsx3; on Linux it also needs the espeak-ng library "
    "(Debian/Ubuntu: sudo apt-get install libespeak-ng1)"
)
MIN_RATE: Final = 80
MAX_RATE: Final = 450
EMPTY_RETRIES: Final = 1
"""A WAV file with no audio in it is asked for again this many times: the Linux driver runs libespeak-ng
asynchronously, and one synthesis in hundreds comes out empty (seen in a CI run, on the first sentence
after the worker started, under load); a sentence that is empty again is an error."""


def synth_timeout(text: str) -> float:
    """Seconds to allow one utterance: generous, but finite."""
    return 15.0 + len(text) / 20


class WorkerError(Exception):
    """The worker died, hung or answered nonsense (it has been stopped)."""

    def __init__(self, message: str, hung: bool = False) -> None:
        super().__init__(message)
        self.hung = hung
        """True when it stopped answering: retrying would only hang again."""


class Pyttsx3Worker:
    """A ``pyttsx3_worker.py`` process speaking a line-based JSON protocol."""

    def __init__(self) -> None:
        self._log: IO[bytes] = tempfile.TemporaryFile()
        # stderr goes to a file, not a pipe: the driver prints a line per
        # utterance and an undrained pipe would eventually block it.
        self._proc = subprocess.Popen(
            [sys.executable, str(WORKER_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            close_fds=True,
        )
        self._buffer = b""

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and wait at most ``timeout`` seconds for its reply."""
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            self._proc.stdin.flush()
        except OSError:
            raise self._fail("the pyttsx3 worker exited") from None
        line = self._read_line(timeout)
        try:
            reply = json.loads(line)
        except ValueError:
            raise self._fail(f"the pyttsx3 worker sent an unreadable reply: {line[:80]!r}") from None
        return reply

    def _read_line(self, timeout: float) -> bytes:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._fail(f"pyttsx3 did not answer within {timeout:g} s", hung=True)
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise self._fail("the pyttsx3 worker exited")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _fail(self, message: str, hung: bool = False) -> WorkerError:
        """Stop the worker; the error carries the last line it logged."""
        tail = self._log_tail()
        self.close(kill=hung)
        return WorkerError(message + tail, hung=hung)

    def _log_tail(self) -> str:
        try:
            self._log.seek(0)
            lines = [ln for ln in self._log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        except (OSError, ValueError):
            return ""
        return f": {lines[-1].strip()}" if lines else ""

    def close(self, kill: bool = False) -> None:
        """Stop the process: politely (EOF on stdin), else or if ``kill`` by force."""
        if self._proc.poll() is None and not kill:
            try:
                if self._proc.stdin:
                    self._proc.stdin.close()
                self._proc.wait(timeout=1)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream:
                try:
                    stream.close()
                except OSError:
                    pass
        self._log.close()


def _stop(state: dict[str, Any]) -> None:
    worker = state.pop("worker", None)
    if worker is not None:
        worker.close()
    folder = state.pop("tmp", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _platform_driver() -> str:
    return {"darwin": "nsss", "win32": "sapi5"}.get(sys.platform, "espeak")


@register
class Pyttsx3Engine(Engine):
    """The platform's own voices through pyttsx3 (SAPI5, NSSpeech, espeak)."""

    name: ClassVar[str] = "pyttsx3"
    description: ClassVar[str] = "the operating system's voices through pyttsx3 (SAPI5, NSSpeechSynthesizer or espeak)"
    install_hint: ClassVar[str] = INSTALL_HINT
    priority: ClassVar[int] = 10
    max_rate: ClassVar[int] = MAX_RATE
    thread_safe: ClassVar[bool] = False

    def __init__(self) -> None:
        # Worker and temp folder live in a plain dict so the finalizer can
        # clean them up without keeping the engine alive.
        self._state: dict[str, Any] = {}
        self._finalizer = weakref.finalize(self, _stop, self._state)
        self._lock = threading.Lock()
        self._voices: list[Voice] | None = None
        self._available: bool | None = None
        self._counter = itertools.count()
        self.unavailable_reason = ""
        """Why :meth:`available` said no (for diagnostics)."""

    # -- worker management -------------------------------------------------

    def _worker(self) -> Pyttsx3Worker:
        worker = self._state.get("worker")
        if worker is not None and worker.alive:
            return worker
        if worker is not None:
            worker.close()
        worker = Pyttsx3Worker()
        self._state["worker"] = worker
        try:
            reply = worker.request({"op": "ping"}, START_TIMEOUT)
        except WorkerError as exc:
            self._state.pop("worker", None)
            raise ReaderError(f"pyttsx3 could not start: {exc}; {INSTALL_HINT}") from None
        if not reply.get("ok"):
            self._state.pop("worker", None)
            worker.close()
            raise ReaderError(f"pyttsx3 could not start: {reply.get('error')}; {INSTALL_HINT}")
        return worker

    def _call(self, message: dict[str, Any], timeout: float, retry: bool = True) -> dict[str, Any]:
        """One request; a worker that dies or hangs is restarted once."""
        try:
            return self._worker().request(message, timeout)
        except WorkerError as exc:
            self._state.pop("worker", None)
            if retry and not exc.hung:
                return self._call(message, timeout, retry=False)
            raise ReaderError(f"pyttsx3 failed: {exc}; try --engine espeak-ng") from None

    def close(self) -> None:
        """Stop the worker process now (it is also stopped when the engine
        is garbage-collected or the program exits)."""
        _stop(self._state)

    # -- Engine interface --------------------------------------------------

    def available(self) -> bool:
        if self._available is None:
            if importlib.util.find_spec("pyttsx3") is None:
                self._available, self.unavailable_reason = False, "the pyttsx3 package is not installed"
            else:
                try:
                    with self._lock:
                        self._worker()
                    self._available = True
                except ReaderError as exc:
                    self._available, self.unavailable_reason = False, str(exc)
        return self._available

    def identity(self) -> str:
        import importlib.metadata  # not at import: every command loads the engine registry

        try:
            version = importlib.metadata.version("pyttsx3")
        except importlib.metadata.PackageNotFoundError:
            version = "?"
        identity = f"pyttsx3 {version} {_platform_driver()}"
        if _platform_driver() == "espeak":
            from reader.speech.engines.espeak import PROGRAM, _version

            program = shutil.which(PROGRAM)
            identity += f" {_version(program) if program else '?'}"
        return identity

    def voices(self) -> list[Voice]:
        if self._voices is None:
            with self._lock:
                reply = self._call({"op": "voices"}, START_TIMEOUT)
            if not reply.get("ok"):
                raise ReaderError(f"pyttsx3 could not list voices: {reply.get('error')}")
            self._voices = [v for v in map(_voice, reply["voices"]) if _usable(v)]
        return list(self._voices)

    def synthesize(self, text: str, settings: SpeechSettings) -> Audio:
        if not text.strip():
            return Audio(b"", 22050)
        with self._lock:
            folder = self._state.get("tmp")
            if not folder:
                folder = self._state["tmp"] = tempfile.mkdtemp(prefix="reader-pyttsx3-")
            path = Path(folder) / f"{next(self._counter)}.wav"
            request = {
                "op": "synth",
                "text": text,
                "path": str(path),
                "voice": settings.voice,
                "rate": max(MIN_RATE, min(MAX_RATE, int(settings.rate))),
                "volume": max(0.0, min(1.0, float(settings.volume))),
                "pitch": max(0, min(100, int(settings.pitch))),
            }
            try:
                for _attempt in range(EMPTY_RETRIES + 1):
                    reply = self._call(request, synth_timeout(text))
                    if not reply.get("ok"):
                        raise _synthesis_error(str(reply.get("error")), settings.voice)
                    audio = _read_output(path)
                    if audio.frames:
                        return trim_silence(audio)
                raise ReaderError("pyttsx3 wrote an empty audio file; try --engine espeak-ng")
            finally:
                path.unlink(missing_ok=True)


def _voice(data: dict[str, Any]) -> Voice:
    languages = data.get("languages") or [""]
    return Voice(
        id=str(data["id"]),
        name=str(data.get("name") or data["id"]),
        language=str(languages[0]).replace("_", "-").lower(),
        gender=str(data.get("gender") or "").lower(),
    )


def _usable(voice: Voice) -> bool:
    # espeak's MBROLA voices need a separately installed database.
    if _platform_driver() == "espeak" and voice.id.startswith("mb/"):
        from reader.speech.engines.espeak import mbrola_voice_installed

        return mbrola_voice_installed(voice.id)
    return True


def _synthesis_error(error: str, voice: str | None) -> ReaderError:
    if voice and "voice" in error.lower():
        return ReaderError(f"pyttsx3 has no voice {voice!r}; see 'reader voices --engine pyttsx3'")
    return ReaderError(f"pyttsx3 could not synthesize: {error}; try --engine espeak-ng")


def _read_output(path: Path) -> Audio:
    """The worker's file, checked: it must exist and be a WAV file (it may hold no frames)."""
    try:
        data = path.read_bytes()
    except OSError:
        raise ReaderError("pyttsx3 wrote no audio file; try --engine espeak-ng") from None
    return parse_wav_bytes(data, source="pyttsx3")

"""A small ctypes binding to libespeak-ng: synthesis in this process.

Starting ``espeak-ng`` loads its phoneme data every time, and for one
sentence that start-up costs more than the speech itself; the library loads
it once. libespeak-ng keeps all its state in globals (current voice,
parameters, the one synth callback), so every call into it goes through
:data:`LOCK`, and one :class:`LibEspeak` per process is all there can be
(:func:`load` returns it).

The library speaks through a Python callback. Python runs signal handlers on
the main thread only, and a KeyboardInterrupt raised inside a ctypes callback
is swallowed (printed as "Exception ignored" while the synthesis carries on),
so Ctrl-C would be lost; the main thread's synthesis therefore runs on a
helper thread while the main thread waits, and Ctrl-C interrupts that wait.
(The helper takes :data:`LOCK`: a caller must not hold it while it synthesizes.)
"""

from __future__ import annotations

import ctypes
import threading
from ctypes import POINTER, c_char_p, c_int, c_short, c_size_t, c_ubyte, c_uint, c_void_p
from dataclasses import dataclass
from typing import Final

LIBRARY_NAMES: Final = ("libespeak-ng.so.1", "libespeak-ng.so", "libespeak-ng.1.dylib")

AUDIO_OUTPUT_SYNCHRONOUS: Final = 2
"""espeak_Synth returns once everything went through the synth callback."""
INITIALIZE_DONT_EXIT: Final = 0x8000
"""Without it the library calls exit() when its data is missing."""
BUFFER_MS: Final = 1000
"""Audio handed to the callback per call; longer means fewer callbacks."""
CHARS_UTF8: Final = 1
"""Plain UTF-8 text: no espeakSSML, no espeakPHONEMES, no espeakENDPAUSE
(the CLI's ``-z``), so ``<`` and ``[[`` are read as text."""
POS_CHARACTER: Final = 1
EE_OK: Final = 0

# espeak_PARAMETER
RATE: Final = 1
VOLUME: Final = 2
PITCH: Final = 3

LOCK: Final = threading.RLock()
"""Guards every call into the library (its state is global)."""


class _VoiceSpec(ctypes.Structure):
    """``espeak_VOICE`` from speak_lib.h."""

    _fields_ = (
        ("name", c_char_p),
        ("languages", c_char_p),
        ("identifier", c_char_p),
        ("gender", c_ubyte),
        ("age", c_ubyte),
        ("variant", c_ubyte),
        ("xx1", c_ubyte),
        ("score", c_int),
        ("spare", c_void_p),
    )


_SynthCallback = ctypes.CFUNCTYPE(c_int, POINTER(c_short), c_int, c_void_p)


class LibEspeakError(Exception):
    """The library refused a request (the caller words the user's message)."""


class LibEspeakVoiceError(LibEspeakError):
    """No voice by that name, file or language."""


@dataclass(frozen=True)
class Speech:
    """Raw samples of one utterance, untrimmed."""

    pcm: bytes
    sample_rate: int


class LibEspeak:
    """The initialized library. Use :func:`load`; do not construct twice."""

    def __init__(self, dll: ctypes.CDLL) -> None:
        self._dll = dll
        dll.espeak_Initialize.argtypes = (c_int, c_int, c_char_p, c_int)
        dll.espeak_Initialize.restype = c_int
        dll.espeak_SetSynthCallback.argtypes = (_SynthCallback,)
        dll.espeak_SetSynthCallback.restype = None
        dll.espeak_SetParameter.argtypes = (c_int, c_int, c_int)
        dll.espeak_SetParameter.restype = c_int
        dll.espeak_SetVoiceByName.argtypes = (c_char_p,)
        dll.espeak_SetVoiceByName.restype = c_int
        dll.espeak_SetVoiceByProperties.argtypes = (POINTER(_VoiceSpec),)
        dll.espeak_SetVoiceByProperties.restype = c_int
        dll.espeak_Synth.argtypes = (c_char_p, c_size_t, c_uint, c_int, c_uint, c_uint, POINTER(c_uint), c_void_p)
        dll.espeak_Synth.restype = c_int
        dll.espeak_Synchronize.argtypes = ()
        dll.espeak_Synchronize.restype = c_int
        dll.espeak_Info.argtypes = (POINTER(c_char_p),)
        dll.espeak_Info.restype = c_char_p

        self._chunks: list[bytes] = []
        # Kept on the instance: ctypes frees a callback whose object dies.
        self._callback = _SynthCallback(self._collect)
        self._voice: str | None = None
        rate = dll.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, BUFFER_MS, None, INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise LibEspeakError("espeak_Initialize failed (is espeak-ng-data installed?)")
        self.sample_rate: int = rate
        dll.espeak_SetSynthCallback(self._callback)
        self.version: str = (dll.espeak_Info(None) or b"?").decode("ascii", "replace")

    def _collect(self, wav: ctypes._Pointer, samples: int, _events: int) -> int:
        if wav and samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * 2))
        return 0  # 0 = carry on

    def set_voice(self, name: str) -> None:
        """Select a voice the way ``espeak-ng -v name`` does: by name or
        voice file, else by language code."""
        if name == self._voice:
            return
        encoded = name.encode("utf-8")
        if self._dll.espeak_SetVoiceByName(encoded) != EE_OK:
            spec = _VoiceSpec(languages=encoded)
            if self._dll.espeak_SetVoiceByProperties(ctypes.byref(spec)) != EE_OK:
                self._voice = None  # the library may have half-switched
                raise LibEspeakVoiceError(f"voice does not exist: {name}")
        self._voice = name

    def synthesize(self, text: str, voice: str, rate: int, pitch: int, amplitude: int) -> Speech:
        """Speak ``text`` (read as plain text) with integer espeak-ng settings."""
        if threading.current_thread() is not threading.main_thread():
            return self._synthesize(text, voice, rate, pitch, amplitude)
        # a thread of its own for this one call (a thread left running would keep the PDF loader from forking)
        outcome: list[Speech | BaseException] = []

        def speak() -> None:
            try:
                outcome.append(self._synthesize(text, voice, rate, pitch, amplitude))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                outcome.append(exc)

        helper = threading.Thread(target=speak, name="libespeak")
        helper.start()
        helper.join()  # Ctrl-C interrupts this wait; the helper finishes its sentence
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def _synthesize(self, text: str, voice: str, rate: int, pitch: int, amplitude: int) -> Speech:
        data = text.replace("\0", " ").encode("utf-8")
        with LOCK:
            self.set_voice(voice)
            for parameter, value in ((RATE, rate), (PITCH, pitch), (VOLUME, amplitude)):
                self._dll.espeak_SetParameter(parameter, value, 0)
            self._chunks = []
            try:
                status = self._dll.espeak_Synth(data, len(data) + 1, 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
                self._dll.espeak_Synchronize()
                pcm = b"".join(self._chunks)
            finally:
                self._chunks = []
        if status != EE_OK:
            raise LibEspeakError(f"espeak_Synth returned {status}")
        return Speech(pcm, self.sample_rate)


_loaded: LibEspeak | None = None
_failure: str | None = None


def load() -> LibEspeak:
    """The process's one initialized library; :class:`LibEspeakError` when it
    cannot be loaded (the caller falls back to the ``espeak-ng`` program)."""
    global _loaded, _failure
    with LOCK:
        if _loaded is not None:
            return _loaded
        if _failure is not None:
            raise LibEspeakError(_failure)
        errors: list[str] = []
        for name in LIBRARY_NAMES:
            try:
                dll = ctypes.CDLL(name)
            except OSError as exc:
                errors.append(str(exc))
                continue
            try:
                _loaded = LibEspeak(dll)
            except (LibEspeakError, AttributeError) as exc:
                _failure = str(exc)
                raise LibEspeakError(_failure) from None
            return _loaded
        _failure = "; ".join(errors) or "libespeak-ng not found"
        raise LibEspeakError(_failure)

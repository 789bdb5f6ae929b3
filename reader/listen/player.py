"""Audio output for the interactive reader: play one buffer at a time, and
stop, pause or resume it at once.

We never use an engine's own playback (pyttsx3's hangs on ``stop()`` on
Linux). Instead the session hands finished PCM buffers to an
:class:`AudioOutput`. Every output is built on :class:`BufferFeeder`, which a
device pulls fixed-size chunks from: stopping drops the buffer between two
chunks (~20 ms), pausing feeds silence, and each :meth:`AudioOutput.play`
gets a new *generation* number so a "finished" report about a buffer that was
already skipped can be recognised and ignored.

:class:`MiniaudioOutput` plays through PulseAudio or ALSA with ``miniaudio``;
:class:`NullOutput` plays nothing, in real time (or faster, for tests).
"""

from __future__ import annotations

import abc
import contextlib
import logging
import os
import threading
import time
from typing import Callable, Final, Generator, Iterator

from reader.speech.engines.base import Audio
from reader.errors import ReaderError

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

DEFAULT_SAMPLE_RATE: Final = 22050
"""Rate the device is opened at (espeak-ng's and most Piper voices' rate);
buffers at other rates are converted."""
CHUNK_SECONDS: Final = 0.02
"""Size of the pieces handed to the device: the granularity of stop/pause."""
NULL_DEVICE: Final = "null"
"""``--audio-device null``: play silently (timing is still real)."""

NO_OUTPUT_MESSAGE: Final = (
    "no audio output device found ({detail}); check that PulseAudio or PipeWire is running "
    "(pactl info) or that ALSA has a sound card (aplay -l), use --audio-device null to read silently, "
    "or use 'reader export' to write audio files instead"
)

FinishedCallback = Callable[[int], None]
"""Called with the generation of a buffer whose last frame was handed to the device."""
FirstFrameCallback = Callable[[int, float], None]
"""Called with a generation and the ``time.monotonic()`` at which its first frame
was handed to the device (used by the latency benchmark)."""


class BufferFeeder:
    """The current buffer and the position in it, shared by the session
    thread (``play``/``stop``/``pause``) and the device thread (``pull``).

    Callbacks run on the device thread: they must only queue work."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self._lock = threading.Lock()
        self._pcm: bytes = b""
        self._pos = 0
        self._generation = 0
        self._started = True
        self._paused = False
        self._message: bytes = b""
        self._message_pos = 0
        self.message_done = threading.Event()
        self.message_done.set()
        self.on_finished: FinishedCallback | None = None
        self.on_first_frame: FirstFrameCallback | None = None

    def play(self, pcm: bytes) -> int:
        with self._lock:
            self._generation += 1
            self._pcm = pcm
            self._pos = 0
            self._started = False
            self._paused = False
            return self._generation

    def stop(self) -> None:
        with self._lock:
            self._generation += 1  # a finish already on its way is now stale
            self._pcm = b""
            self._pos = 0
            self._started = True

    def play_message(self, pcm: bytes) -> None:
        """Speak ``pcm`` now, even while paused, holding the current buffer
        where it is until the message is over."""
        with self._lock:
            self._message = pcm
            self._message_pos = 0
            if pcm:
                self.message_done.clear()
            else:
                self.message_done.set()

    def stop_message(self) -> None:
        self.play_message(b"")

    def set_paused(self, paused: bool) -> None:
        with self._lock:
            self._paused = paused

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def is_playing(self) -> bool:
        """True while a buffer still has frames to hand out (paused or not)."""
        return self._pos < len(self._pcm)

    def pull(self, frames: int) -> bytes:
        """Exactly ``frames`` frames of 16-bit mono PCM: the next piece of the
        current buffer, padded with silence."""
        want = frames * 2
        finished: int | None = None
        first: int | None = None
        with self._lock:
            if self._message_pos < len(self._message):
                chunk = self._message[self._message_pos : self._message_pos + want]
                self._message_pos += len(chunk)
                if self._message_pos >= len(self._message):
                    self.message_done.set()
                return chunk + b"\x00" * (want - len(chunk))
            if self._paused or self._pos >= len(self._pcm):
                return b"\x00" * want
            chunk = self._pcm[self._pos : self._pos + want]
            self._pos += len(chunk)
            if not self._started:
                self._started = True
                first = self._generation
            if self._pos >= len(self._pcm):
                finished = self._generation
        now = time.monotonic()
        if first is not None and self.on_first_frame:
            self.on_first_frame(first, now)
        if finished is not None and self.on_finished:
            self.on_finished(finished)
        if len(chunk) < want:
            chunk += b"\x00" * (want - len(chunk))
        return chunk


class AudioOutput(abc.ABC):
    """Plays one :class:`Audio` buffer at a time.

    ``on_finished(generation)`` is called (from another thread) when a buffer
    has been handed to the device completely; compare the generation with the
    one :meth:`play` returned and ignore stale ones.
    """

    name: str = ""
    """What is playing (device name), for messages."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.feeder = BufferFeeder(sample_rate)

    @property
    def on_finished(self) -> FinishedCallback | None:
        return self.feeder.on_finished

    @on_finished.setter
    def on_finished(self, callback: FinishedCallback | None) -> None:
        self.feeder.on_finished = callback

    @property
    def on_first_frame(self) -> FirstFrameCallback | None:
        return self.feeder.on_first_frame

    @on_first_frame.setter
    def on_first_frame(self, callback: FirstFrameCallback | None) -> None:
        self.feeder.on_first_frame = callback

    def play(self, audio: Audio) -> int:
        """Replace whatever is playing with ``audio``; return its generation."""
        generation = self.feeder.play(self._convert(audio))
        self._wake()
        return generation

    def stop(self) -> None:
        """Drop the current buffer now; no "finished" will be reported for it."""
        self.feeder.stop()

    def play_message(self, audio: Audio) -> None:
        """Speak a short message over everything (also while paused); the
        current buffer waits and continues afterwards."""
        self.feeder.play_message(self._convert(audio))
        self._wake()

    def stop_message(self) -> None:
        self.feeder.stop_message()

    def wait_message(self, timeout: float) -> bool:
        """Wait until the message has been handed to the device."""
        return self.feeder.message_done.wait(timeout)

    def pause(self) -> None:
        self.feeder.set_paused(True)

    def resume(self) -> None:
        self.feeder.set_paused(False)
        self._wake()

    @property
    def paused(self) -> bool:
        return self.feeder.paused

    @property
    def is_playing(self) -> bool:
        return self.feeder.is_playing

    @abc.abstractmethod
    def close(self) -> None:
        """Stop and release the device."""

    def _wake(self) -> None:  # noqa: B027  # an optional hook: most outputs need nothing here
        """Hook: let a timer-driven output pull the new buffer at once."""

    def _convert(self, audio: Audio) -> bytes:
        if audio.sample_rate == self.sample_rate or not audio.pcm:
            return audio.pcm
        return resample(audio, self.sample_rate)

    def __enter__(self) -> "AudioOutput":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resample(audio: Audio, rate: int) -> bytes:
    """Convert 16-bit mono PCM to ``rate`` (linear interpolation is plenty for speech)."""
    from reader.audio.pcm import resample_linear, to_float, to_pcm16

    return to_pcm16(resample_linear(to_float(audio.pcm), audio.sample_rate, rate))


class NullOutput(AudioOutput):
    """Plays nothing, at the pace a real device would (``speed`` times faster
    for tests): "finished" arrives after the buffer's duration."""

    name = NULL_DEVICE

    def __init__(self, sample_rate: int = DEFAULT_SAMPLE_RATE, speed: float = 1.0) -> None:
        super().__init__(sample_rate)
        self.speed = speed
        self._chunk_frames = max(1, round(sample_rate * CHUNK_SECONDS))
        self._wakeup = threading.Event()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="null-audio", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        period = CHUNK_SECONDS / self.speed
        while not self._closed.is_set():
            self.feeder.pull(self._chunk_frames)
            self._wakeup.wait(period)
            self._wakeup.clear()

    def _wake(self) -> None:
        self._wakeup.set()

    def close(self) -> None:
        self.feeder.stop()
        self._closed.set()
        self._wakeup.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=1)


class MiniaudioOutput(AudioOutput):
    """Real playback through PulseAudio (or PipeWire's Pulse server) or ALSA.

    The device runs for the whole session and pulls ~20 ms chunks; between
    sentences it plays silence, so starting the next one costs no device
    start-up.
    """

    def __init__(self, device: str | None = None, sample_rate: int = DEFAULT_SAMPLE_RATE) -> None:
        super().__init__(sample_rate)
        import miniaudio

        backends = [miniaudio.Backend.PULSEAUDIO, miniaudio.Backend.ALSA]
        device_id = None
        self.name = "default"
        if device and device != "default":
            device_id, self.name = _find_device(miniaudio, backends, device)
        try:
            with _quiet_stderr():  # libasound prints a dozen lines when there is no card
                self._device = miniaudio.PlaybackDevice(
                    output_format=miniaudio.SampleFormat.SIGNED16,
                    nchannels=1,
                    sample_rate=sample_rate,
                    buffersize_msec=round(CHUNK_SECONDS * 1000),
                    device_id=device_id,
                    backends=backends,
                    app_name="article-reader",
                )
                generator = self._generate()
                next(generator)
                self._device.start(generator)
        except miniaudio.MiniaudioError as exc:
            raise ReaderError(NO_OUTPUT_MESSAGE.format(detail=f"PulseAudio and ALSA: {exc.args[0]}")) from None
        self.backend = self._device.backend
        log.debug("audio output: %s via %s at %d Hz", self.name, self.backend, sample_rate)

    def _generate(self) -> Generator[bytes, int, None]:
        frames = yield b""
        while True:
            try:
                chunk = self.feeder.pull(frames)
            except Exception:  # never let an error escape into the C audio thread
                log.exception("audio feeder failed")
                chunk = b"\x00" * (frames * 2)
            frames = yield chunk

    def close(self) -> None:
        self.feeder.stop()
        device, self._device = getattr(self, "_device", None), None
        if device is not None:
            device.close()


def _find_device(miniaudio, backends, wanted: str):
    """Device id and name of the playback device whose name contains ``wanted``."""
    try:
        with _quiet_stderr():
            devices = miniaudio.Devices(backends).get_playbacks()
    except miniaudio.MiniaudioError as exc:
        raise ReaderError(NO_OUTPUT_MESSAGE.format(detail=str(exc.args[0]))) from None
    names = [d["name"] for d in devices]
    key = wanted.casefold()
    exact = [d for d in devices if d["name"].casefold() == key]
    matches = exact or [d for d in devices if key in d["name"].casefold()]
    if not matches:
        listed = ", ".join(repr(n) for n in names) or "none"
        raise ReaderError(
            f"audio device {wanted!r} not found; available devices: {listed} "
            f"(or use --audio-device {NULL_DEVICE} to read silently)"
        )
    return matches[0]["id"], matches[0]["name"]


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence C libraries writing to file descriptor 2 (libasound's "cannot find
    card '0'" noise), so the user sees our one-line message instead."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def open_output(device: str | None = None, sample_rate: int = DEFAULT_SAMPLE_RATE) -> AudioOutput:
    """The output ``--audio-device`` names: ``None``/``default``, ``null`` or a
    device name (or part of one)."""
    if device == NULL_DEVICE:
        return NullOutput(sample_rate)
    return MiniaudioOutput(device, sample_rate)

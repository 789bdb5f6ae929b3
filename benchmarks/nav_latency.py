"""Navigation latency: from a key press to the new sentence's audio.

Runs a real :class:`reader.listen.session.ListenSession` (the default engine, or
``--engine``; warm cache, or ``--cold`` for audio made only as it is needed)
playing into a private PulseAudio null sink, presses n, p, ], [ in
turn, and measures

* ``handed``: key press → first frame of the new audio handed to the device;
* ``audible``: key press → first *non-silent* sample handed to the device,
  plus the device's output latency (measured by recording the sink's
  monitor), i.e. when sound comes out;

With ``--during-message`` every key is pressed while the tool is speaking
a message of its own (the where-am-I answer, ``w``, asked just before): the
key must cut the message and start the new sentence as fast as from speech.

And, in the same run, the plain peer approach: kill the running
``espeak-ng`` and start a new one for the next sentence, measured from the key
press to the first non-silent sample recorded from the sink's monitor.

Usage: ``.venv/bin/python benchmarks/nav_latency.py [--presses 40] [--engine auto] [--cold] [--during-message]``.
Needs pulseaudio, pacat and espeak-ng.
"""

from __future__ import annotations

import argparse
import array
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOUD = 300
"""Sample magnitude above which audio counts as sound (16-bit)."""
KEYS = ("n", "p", "]", "[")


class Monitor:
    """Records the null sink's monitor and notes when sound is heard."""

    def __init__(self) -> None:
        import miniaudio

        captures = miniaudio.Devices([miniaudio.Backend.PULSEAUDIO]).get_captures()
        monitor = next(c for c in captures if "Monitor" in c["name"])
        self.chunks: list[tuple[float, int]] = []
        self._lock = threading.Lock()
        self.device = miniaudio.CaptureDevice(
            nchannels=1,
            sample_rate=22050,
            buffersize_msec=5,
            device_id=monitor["id"],
            backends=[miniaudio.Backend.PULSEAUDIO],
        )
        generator = self._record()
        next(generator)
        self.device.start(generator)

    def _record(self):
        while True:
            data = yield
            samples = array.array("h", bytes(data))
            peak = max(map(abs, samples)) if samples else 0
            with self._lock:
                self.chunks.append((time.monotonic(), peak))

    def first_sound_after(self, since: float, timeout: float = 3.0) -> float | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for at, peak in self.chunks:
                    if at > since and peak > LOUD:
                        return at
            time.sleep(0.002)
        return None

    def first_sound_after_gap(self, since: float, gap: float = 0.02, timeout: float = 3.0) -> float | None:
        """First sound after at least ``gap`` seconds of silence, after ``since``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                quiet_from: float | None = None
                for at, peak in self.chunks:
                    if at <= since:
                        continue
                    if peak <= LOUD:
                        quiet_from = at if quiet_from is None else quiet_from
                    elif quiet_from is not None and at - quiet_from >= gap:
                        return at
                    else:
                        quiet_from = None
            time.sleep(0.002)
        return None

    def close(self) -> None:
        self.device.close()


def leading_silence(pcm: bytes, rate: int) -> float:
    samples = array.array("h", pcm)
    for i, value in enumerate(samples):
        if abs(value) > LOUD:
            return i / rate
    return 0.0


def summary(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    if not ms:
        return f"{name:<44} no samples"
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{name:<44} n={len(ms):3d}  p50={statistics.median(ms):6.1f} ms  p95={p95:6.1f} ms  max={ms[-1]:6.1f} ms"


def measure_output_latency(monitor: Monitor, rounds: int = 10) -> list[float]:
    """Handed-to-device → heard-at-monitor, for our output, from silence."""
    from reader.listen.player import MiniaudioOutput
    from reader.speech.engines.base import Audio

    out: list[float] = []
    with MiniaudioOutput() as output:
        handed: dict[int, float] = {}
        output.on_first_frame = lambda g, t: handed.__setitem__(g, t)
        time.sleep(0.3)
        burst = Audio((8000).to_bytes(2, "little", signed=True) * 2205, 22050)
        for _ in range(rounds):
            generation = output.play(burst)
            start = time.monotonic()
            heard = monitor.first_sound_after(start - 0.001)
            while generation not in handed and time.monotonic() - start < 1:
                time.sleep(0.001)
            if heard and generation in handed:
                out.append(heard - handed[generation])
            time.sleep(0.3)
    return out


def long_section_article(sentences: int):  # type: ignore[no-untyped-def]
    """An article whose one section holds ``sentences`` sentences (the case where per-sentence re-planning hurt)."""
    from reader.document.model import Block, RawDocument
    from reader.document.structure import build_article

    prose = " ".join(f"Sentence number {n} of the long section goes here." for n in range(sentences))
    blocks = (
        Block("heading", "Long", 1),
        Block("paragraph", prose),
        Block("heading", "After", 1),
        Block("paragraph", "The end comes here. Nothing more."),
    )
    return build_article(RawDocument(title="Long", blocks=blocks))


def run_ours(
    presses: int,
    cache_dir: Path,
    long_section: int = 0,
    engine: str = "auto",
    cold: bool = False,
    during_message: bool = False,
    keys_pressed: tuple[str, ...] = KEYS,
) -> tuple[list[float], list[float], str]:
    from reader.listen.player import MiniaudioOutput
    from reader.speech.cache import AudioCache
    from reader.document.loaders import load_article
    from reader.listen.navigation import Navigator
    from reader.resources import default_article
    from reader.listen.session import Console, ListenSession
    from reader.speech.speaker import resolve_speaker
    from reader.speech.utterances import Synthesizer, plan_article
    from reader.listen.terminal import ScriptedKeys

    article = long_section_article(long_section) if long_section else load_article(str(default_article()))
    speaker = resolve_speaker(engine=engine, language=article.language)
    synthesizer = Synthesizer(speaker.engine, AudioCache(cache_dir), fast_engine=speaker.fast_engine)
    speaker.engine.warm_up(speaker.preset.voice)
    if not cold:
        for _ in synthesizer.synthesize_all(plan_article(article, speaker.preset)):
            pass  # warm the cache: we measure navigation, not first-time synthesis

    keys = ScriptedKeys()
    output = MiniaudioOutput()
    session = ListenSession(
        article,
        Navigator(article, rate=speaker.preset.rate),
        synthesizer,
        speaker.preset,
        output,
        keys,
        Console(open(os.devnull, "w"), open(os.devnull, "w")),
    )
    starts: list[tuple[float, float]] = []  # (first frame handed, its leading silence)
    lock = threading.Lock()

    def on_first_frame(utterance, at: float) -> None:
        audio = synthesizer.synthesize(utterance)  # from the cache
        with lock:
            starts.append((at, leading_silence(audio.pcm, audio.sample_rate)))

    session.on_first_frame = on_first_frame
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    time.sleep(2.0)
    handed: list[float] = []
    audible_handed: list[float] = []
    rng = random.Random(1)
    for i in range(presses):
        key = keys_pressed[i % len(keys_pressed)]
        time.sleep(rng.uniform(0.25, 0.6))
        if during_message and not _start_message(keys, output, rng):
            continue
        with lock:
            seen = len(starts)
        pressed = time.monotonic()
        keys.press(key)
        deadline = pressed + 3
        while time.monotonic() < deadline:
            with lock:
                if len(starts) > seen:
                    at, silence = starts[seen]
                    break
            time.sleep(0.0005)
        else:
            continue
        handed.append(at - pressed)
        audible_handed.append(at - pressed + silence)
    keys.press("q")
    thread.join(5)
    output.close()
    return handed, audible_handed, speaker.engine.name


def _start_message(keys, output, rng: random.Random) -> bool:  # type: ignore[no-untyped-def]
    """Ask where we are (``w``) and wait until its spoken answer is well under way."""
    keys.press("w")
    deadline = time.monotonic() + 3
    while output.feeder.message_done.is_set():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    time.sleep(rng.uniform(0.1, 0.4))
    return not output.feeder.message_done.is_set()


def run_peer(presses: int, monitor: Monitor, env: dict[str, str]) -> list[float]:
    """Kill espeak-ng and start it again with the next sentence."""
    from reader.document.loaders import load_article
    from reader.resources import default_article

    article = load_article(str(default_article()))
    texts = [s.text for _, _, s in article.iter_sentences()]
    out: list[float] = []
    rng = random.Random(2)
    current = subprocess.Popen(["espeak-ng", texts[0]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    for i in range(presses):
        time.sleep(rng.uniform(0.25, 0.6))
        pressed = time.monotonic()
        current.kill()
        current.wait()
        current = subprocess.Popen(
            ["espeak-ng", texts[(i + 1) % len(texts)]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # Audio of the killed process still in the pipeline may be heard just
        # after the press: the new sentence is the first sound after a gap.
        heard = monitor.first_sound_after_gap(pressed)
        if heard is not None:
            out.append(heard - pressed)
    current.kill()
    current.wait()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument(
        "--long-section",
        type=int,
        default=0,
        metavar="N",
        help="read an article with one N-sentence section (e.g. 400) instead of the bundled one",
    )
    parser.add_argument("--engine", default="auto", help="engine or preference list (default: auto, the default voice)")
    parser.add_argument("--cold", action="store_true", help="start with an empty audio cache (first listen)")
    parser.add_argument(
        "--keys",
        default=" ".join(KEYS),
        help="keys pressed in turn, space-separated; digits jump to 10 %%…90 %% of the article, "
        "far places nothing prepared ahead (default: %(default)s)",
    )
    parser.add_argument(
        "--during-message", action="store_true", help="press each key while the tool speaks a message (w's answer)"
    )
    args = parser.parse_args()

    from tests.audio_env import start_pulse

    server = start_pulse()
    os.environ.update(server.env)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["READER_CACHE_DIR"] = tmp
            monitor = Monitor()
            device_latency = measure_output_latency(monitor)
            handed, audible_handed, engine = run_ours(
                args.presses,
                Path(tmp) / "audio",
                args.long_section,
                args.engine,
                args.cold,
                args.during_message,
                tuple(args.keys.split()),
            )
            peer = run_peer(args.presses, monitor, {**os.environ})
            monitor.close()
        offset = statistics.median(device_latency) if device_latency else 0.0
        where = f"one {args.long_section}-sentence section" if args.long_section else "the bundled article"
        cache = "empty cache" if args.cold else "warm cache"
        during = ", each while a message plays" if args.during_message else ""
        print(f"keys pressed in turn: {args.keys}{during}; {where}; {engine}, {cache}, PulseAudio null sink")
        print(summary("ours: key -> first frame handed to device", handed))
        print(summary("ours: device output latency (handed -> sink)", device_latency))
        print(summary("ours: key -> first sound at the sink (est.)", [v + offset for v in audible_handed]))
        print(summary("peer: kill+restart espeak-ng -> first sound", peer))
    finally:
        server.stop()


if __name__ == "__main__":
    main()

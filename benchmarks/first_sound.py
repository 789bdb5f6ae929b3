"""First sound: from typing ``reader listen`` to hearing the first word.

Starts the real command in a terminal (pexpect) for each engine, playing into
a private PulseAudio null sink whose monitor is recorded, and measures from
the moment the process is started to the first non-silent sample at the sink.

* ``warm``: a second start, files in the page cache, but an empty audio
  cache (so the voice model is loaded and the first sentence synthesized);
* ``again``: the same article started again, its first sentences in the
  audio cache (the model still loads, behind them);
* ``cold``: the same after evicting from the page cache every file of the
  virtualenv, Python's standard library, espeak-ng's data and the voice
  models (``posix_fadvise(DONTNEED)``, the closest an unprivileged process
  gets to a reboot; on this machine's fast disk it is a lower bound).

The peer in the same run: ``espeak-ng`` itself speaking the article's first
sentence (what a plain shell pipeline does), started the same way.

Usage: ``.venv/bin/python benchmarks/first_sound.py [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINES = ("auto", "espeak-ng", "piper")


def evict(paths: list[Path]) -> int:
    """Drop these files (recursively) from the page cache; returns how many."""
    count = 0
    for top in paths:
        for folder, _, files in os.walk(top):
            for name in files:
                try:
                    fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                    count += 1
                finally:
                    os.close(fd)
    return count


def cold_paths() -> list[Path]:
    paths = [Path(sys.prefix), Path(sysconfig.get_paths()["stdlib"])]
    for candidate in (
        "/usr/lib/x86_64-linux-gnu/espeak-ng-data",
        "/usr/share/espeak-ng-data",
        "/usr/share/piper-voices",
    ):
        if Path(candidate).exists():
            paths.append(Path(candidate))
    return paths


def first_sound(command: list[str], env: dict[str, str], monitor, timeout: float = 15.0) -> float | None:  # type: ignore[no-untyped-def]
    import pexpect

    started = time.monotonic()
    child = pexpect.spawn(command[0], command[1:], env=env, cwd=str(ROOT), encoding="utf-8", timeout=timeout)
    heard = monitor.first_sound_after(started, timeout=timeout)
    child.sendline("q") if child.isalive() else None
    child.terminate(force=True)
    return None if heard is None else heard - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated, e.g. auto,espeak-ng")
    args = parser.parse_args()

    from benchmarks.nav_latency import Monitor
    from reader.document.loaders import load_article
    from reader.resources import default_article
    from tests.audio_env import start_pulse

    first_sentence = next(s.text for _, _, s in load_article(str(default_article())).iter_sentences())
    reader = str(Path(sys.executable).parent / "reader")
    server = start_pulse()
    os.environ.update(server.env)
    rows: list[tuple[str, str, list[float]]] = []
    try:
        monitor = Monitor()
        with tempfile.TemporaryDirectory() as tmp:
            base = {**os.environ, "READER_CONFIG_DIR": f"{tmp}/config", "READER_STATE_DIR": f"{tmp}/state"}
            base.pop("READER_ENGINE", None)
            commands = {
                engine: [reader, "listen", "--from-start", "--output", "speech"]
                + ([] if engine == "auto" else ["--engine", engine])
                for engine in args.engines.split(",")
            }
            commands["peer: espeak-ng"] = ["espeak-ng", first_sentence]
            for label, command in commands.items():
                for state in ("warm", "again", "cold"):
                    times: list[float] = []
                    for round_ in range(args.rounds):
                        env = {**base, "READER_CACHE_DIR": f"{tmp}/cache-{label}-{state}-{round_}"}
                        if state == "cold":
                            evict(cold_paths())
                        else:
                            first_sound(command, env, monitor)  # a start to warm the page cache
                            if state == "warm":
                                env["READER_CACHE_DIR"] += "-fresh"
                        took = first_sound(command, env, monitor)
                        if took is not None:
                            times.append(took)
                        time.sleep(0.5)
                    rows.append((label, state, times))
        monitor.close()
    finally:
        server.stop()
    engine_name = subprocess.run([reader, "engines"], capture_output=True, text=True).stdout.splitlines()[-1]
    print(f"reader listen -> first sound at the sink, bundled article, {args.rounds} rounds, empty audio cache")
    print(engine_name)
    for label, state, times in rows:
        if not times:
            print(f"{label:<16} {state:<6} no sound heard")
            continue
        print(f"{label:<16} {state:<6} median {statistics.median(times):5.2f} s  max {max(times):5.2f} s")


if __name__ == "__main__":
    main()

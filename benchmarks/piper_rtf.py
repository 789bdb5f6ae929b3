"""Real-time factor of Piper beside espeak-ng on the bundled article.

    .venv/bin/python benchmarks/piper_rtf.py [SOURCE] [--limit N]

Synthesizes every sentence of the article (no cache) with each engine in the
same run and prints seconds of audio, seconds of wall time, and the real-time
factor (wall / audio: lower is faster; below 1 is faster than real time).
"""

from __future__ import annotations

import argparse
import time

from reader.speech.engines import get_engine
from reader.errors import ReaderError
from reader.document.loaders import load_article
from reader.resources import default_article
from reader.speech.utterances import Synthesizer, plan_article
from reader.speech.presets import load_preset
from reader.speech.spoken import make_normalizer


def measure(engine_name: str, utterances) -> tuple[float, float, float]:
    engine = get_engine(engine_name)
    synth = Synthesizer(engine, cache=None)
    start = time.perf_counter()
    first = None
    audio_seconds = 0.0
    for _, audio in synth.synthesize_all(utterances):
        if first is None:
            first = time.perf_counter() - start
        audio_seconds += audio.duration
    return time.perf_counter() - start, audio_seconds, first or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(default_article()))
    parser.add_argument("--limit", type=int, default=0, help="only the first N utterances")
    args = parser.parse_args()
    article = load_article(args.source)
    preset = load_preset("narrator")
    utterances = plan_article(article, preset, make_normalizer(article.language))
    if args.limit:
        utterances = utterances[: args.limit]
    print(f"article: {article.title} ({len(utterances)} utterances)")
    print(f"{'engine':<10} {'audio s':>9} {'wall s':>8} {'RTF':>7} {'first s':>8}")
    for name in ("espeak-ng", "piper"):
        try:
            wall, audio, first = measure(name, utterances)
        except ReaderError as exc:
            print(f"{name:<10} unavailable: {exc}")
            continue
        print(f"{name:<10} {audio:9.1f} {wall:8.2f} {wall / audio:7.3f} {first:8.2f}")


if __name__ == "__main__":
    main()

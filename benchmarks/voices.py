"""Every installed engine side by side (issue 15): load time, time to the first
sentence's audio, speed (× real time, one core and all cores), and
intelligibility: the word error rate of an offline recogniser (pocketsphinx,
which ships its English model) on what the engine said, against the text
``reader preview`` says is spoken.

    .venv/bin/pip install pocketsphinx      # not a dependency: measurement only
    .venv/bin/python benchmarks/voices.py [--paragraphs 3]

Prints one Markdown table, ready for the README. The recogniser copes badly
with formant synthesis, so espeak-ng's figure overstates how hard it is for
people; compare the neural voices with each other.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINES = ("espeak-ng", "piper", "hibari")


def sentences(paragraphs: int) -> list[str]:
    """The spoken text of the first paragraphs of the bundled article."""
    from reader.document.loaders import load_article
    from reader.resources import default_article
    from reader.speech.spoken import make_normalizer

    article = load_article(str(default_article()))
    normalize = make_normalizer("en", pronunciations=False)
    out: list[str] = []
    for section in article.sections:
        for paragraph in section.paragraphs:
            out.extend(normalize(s.text) for s in paragraph.sentences)
            if len(out) >= paragraphs * 3:
                return out
    return out


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def word_error_rate(reference: list[str], heard: list[str]) -> float:
    """Levenshtein distance over words, divided by the reference length."""
    previous = list(range(len(heard) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i] + [0] * len(heard)
        for j, hyp in enumerate(heard, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp))
        previous = current
    return previous[-1] / max(1, len(reference))


def recognise(pcm: bytes, rate: int) -> list[str]:
    from pocketsphinx import Decoder

    from reader.audio.pcm import resample_linear

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
    audio = resample_linear(samples, rate, 16_000).astype("<i2").tobytes()
    decoder = Decoder(samprate=16_000, loglevel="FATAL")
    decoder.start_utt()
    decoder.process_raw(audio, full_utt=True)
    decoder.end_utt()
    return words(decoder.hyp().hypstr if decoder.hyp() else "")


def measure(name: str, texts: list[str], hear: bool = True) -> dict[str, float] | None:
    from reader.speech.engines import get_engine
    from reader.speech.engines.base import SpeechSettings
    from reader.errors import ReaderError

    try:
        start = time.perf_counter()
        engine = get_engine(name)
        engine.synthesize("Hello.", SpeechSettings())
        load = time.perf_counter() - start
    except ReaderError:
        return None
    start = time.perf_counter()
    first = engine.synthesize(texts[0], SpeechSettings())
    first_audio = time.perf_counter() - start
    spoken, seconds, synth = [first], first.duration, first_audio
    for text in texts[1:]:
        start = time.perf_counter()
        audio = engine.synthesize(text, SpeechSettings())
        synth += time.perf_counter() - start
        spoken.append(audio)
        seconds += audio.duration
    result = {"load": load, "first": first_audio, "rtf": seconds / synth}
    if hear:
        reference = [w for t in texts for w in words(t)]
        heard = [w for audio in spoken for w in recognise(audio.pcm, audio.sample_rate)]
        result["wer"] = word_error_rate(reference, heard)
    return result


def one_core(name: str, paragraphs: int) -> float | None:
    """× real time with one CPU (taskset) and one thread, in a child process."""
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from benchmarks.voices import sentences, measure;"
        f"r = measure({name!r}, sentences({paragraphs}), hear=False); print(r['rtf'] if r else '')"
    )
    env = {**os.environ, "OMP_NUM_THREADS": "1", "ORT_NUM_THREADS": "1"}
    result = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True, env=env)
    out = result.stdout.strip().splitlines()
    return float(out[-1]) if out and out[-1] else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=3)
    args = parser.parse_args()
    texts = sentences(args.paragraphs)
    print(f"{len(texts)} sentences of the bundled article, {os.cpu_count()} cores\n")
    print("| engine | load s | first audio s | × real time (all cores) | × real time (1 core) | WER (pocketsphinx) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in ENGINES:
        result = measure(name, texts)
        if result is None:
            print(f"| {name} | not installed | | | | |")
            continue
        single = one_core(name, args.paragraphs)
        single_text = f"{single:.0f}×" if single else "–"
        print(
            f"| {name} | {result['load']:.2f} | {result['first']:.3f} | {result['rtf']:.0f}× | {single_text} | "
            f"{result['wer']:.0%} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

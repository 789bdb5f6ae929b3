"""Peak memory of `reader export` as the book grows: it must stay flat.

Generates Markdown books of the given sizes (unique sentences, so the cache
cannot shortcut synthesis), exports each with a cold cache in a child
process and reports the child's peak RSS.

    python benchmarks/export_memory.py [--size 250000 --size 1000000] [--format mp3]
    python benchmarks/export_memory.py --hostile   # one 200 KB sentence, one 5 MB word (issue 9)

With ``--hostile`` it measures single units instead: memory must stay flat in
the length of any one sentence or word (the target: under 300 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "sleep memory brain night study learning rest dream signal neuron pattern wave cortex spindle "
    "morning evening habit coffee light dark quiet routine body rhythm clock season river garden"
).split()


def make_book(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts, length, n = ["# A Generated Book\n"], 0, 0
    while length < size:
        if n % 400 == 0:
            parts.append(f"\n## Chapter {n // 400 + 1}\n")
        words = rng.choices(WORDS, k=rng.randint(8, 20))
        sentence = f"{' '.join(words).capitalize()} number {n}."
        parts.append(sentence + (" " if n % 5 else "\n\n"))
        length += len(sentence) + 1
        n += 1
    return "".join(parts)


def peak_rss_mb(command: list[str], env: dict) -> tuple[float, float]:
    """Run ``command`` in a fresh child; return (seconds, peak RSS MB)."""
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", wrapper, *command], env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, int(out.stdout.split()[-1]) / 1024


HOSTILE_UNITS = {
    "one 200 KB sentence": lambda: (
        "# One Long Sentence\n\n" + " ".join(WORDS[i % len(WORDS)] for i in range(33_000)) + ".\n"
    ),
    "one 5 MB word": lambda: "# One Long Word\n\nBefore it. " + "a" * 5_000_000 + " after it.\n",
}


def hostile(reader: str) -> None:
    """Peak memory of outline and export on single huge units."""
    for name, make in HOSTILE_UNITS.items():
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            article = tmp / "article.md"
            article.write_text(make(), encoding="utf-8")
            env = dict(os.environ, READER_CACHE_DIR=str(tmp / "cache"))
            for command in (["outline"], ["export", "-o", str(tmp / "out"), "-q", "--no-episode"]):
                seconds, rss = peak_rss_mb([reader, command[0], str(article), *command[1:]], env)
                print(f"{name:22} {command[0]:8}: {seconds:6.1f} s, peak RSS {rss:6.1f} MB (target < 300 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="book size in bytes (repeatable)")
    parser.add_argument("--format", default="mp3")
    parser.add_argument("--hostile", action="store_true", help="single huge units instead of growing books")
    args = parser.parse_args()
    if args.hostile:
        hostile(str(ROOT / ".venv" / "bin" / "reader"))
        return
    sizes = args.size or [250_000, 1_000_000]
    reader = str(ROOT / ".venv" / "bin" / "reader")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            book = tmp / "book.md"
            book.write_text(make_book(size), encoding="utf-8")
            env = dict(os.environ, READER_CACHE_DIR=str(tmp / "cache"))
            seconds, rss = peak_rss_mb(
                [reader, "export", str(book), "-o", str(tmp / "out"), "-q", "--format", args.format], env
            )
            audio = sum(p.stat().st_size for p in (tmp / "out").glob(f"*.{args.format}"))
            print(
                f"book {size / 1000:7.0f} KB: {seconds:7.1f} s, peak RSS {rss:6.1f} MB, audio written {audio / 1e6:7.1f} MB"
            )


if __name__ == "__main__":
    main()

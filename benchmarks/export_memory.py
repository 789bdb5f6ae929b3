"""Peak memory of `reader export` as the book grows: it must stay flat.

Generates Markdown books of the given sizes (unique sentences, so the cache
cannot shortcut synthesis), exports each with a cold cache in a child
process and reports the child's peak RSS.

    python benchmarks/export_memory.py [--size 250000 --size 1000000] [--format mp3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="book size in bytes (repeatable)")
    parser.add_argument("--format", default="mp3")
    args = parser.parse_args()
    sizes = args.size or [250_000, 1_000_000]
    reader = str(ROOT / ".venv" / "bin" / "reader")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            book = tmp / "book.md"
            book.write_text(make_book(size), encoding="utf-8")
            env = dict(os.environ, READER_CACHE_DIR=str(tmp / "cache"))
            seconds, rss = peak_rss_mb([reader, "export", str(book), "-o", str(tmp / "out"), "-q", "--format", args.format], env)
            audio = sum(p.stat().st_size for p in (tmp / "out").glob(f"*.{args.format}"))
            print(f"book {size / 1000:7.0f} KB: {seconds:7.1f} s, peak RSS {rss:6.1f} MB, audio written {audio / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()

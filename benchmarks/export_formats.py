"""Export time by audio format on the same article: MP3 against the formats
whose episode cannot be joined from its section files (Ogg, Opus, M4B).

Runs ``reader export --engine espeak-ng --format F`` on the bundled article
(or ARTICLE) with a warm synthesis cache, so what is timed is encoding and
joining, and prints each format's median and its ratio to MP3 (issue 13's
target: Ogg and Opus within 1.3× of MP3).

    .venv/bin/python benchmarks/export_formats.py [ARTICLE] [--repeat 3] [--formats mp3,ogg,opus,m4b]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export_seconds(article: str, fmt: str, out: Path, env: dict[str, str]) -> float:
    command = [sys.executable, "-m", "reader", "export", article, "-o", str(out), "--format", fmt, "--quiet"]
    command += ["--engine", "espeak-ng", "--clean"]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", default=str(ROOT / "content" / "how-sleep-shapes-memory.md"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="mp3,ogg,opus,m4b")
    args = parser.parse_args()
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "READER_CACHE_DIR": str(Path(tmp) / "cache")}
        export_seconds(args.article, formats[0], Path(tmp) / "warm", env)  # fills the synthesis cache
        times: dict[str, list[float]] = {f: [] for f in formats}
        for run in range(args.repeat):
            for fmt in formats:  # interleaved, so drift hits every format alike
                times[fmt].append(export_seconds(args.article, fmt, Path(tmp) / f"{fmt}-{run}", env))
    base = statistics.median(times[formats[0]])
    print(f"{Path(args.article).name}, warm synthesis cache, median of {args.repeat}, {os.cpu_count()} cores")
    for fmt in formats:
        median = statistics.median(times[fmt])
        print(f"  {fmt:5s} {median:6.2f} s  {median / base:4.2f}x {formats[0]}")


if __name__ == "__main__":
    main()

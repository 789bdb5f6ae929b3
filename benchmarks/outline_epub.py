"""Time and memory of ``reader outline`` on a 300-chapter EPUB (issue 11).

Writes the book with the tests' EPUB builder (an EPUB 3 with a navigation
document; each chapter a few paragraphs of generated prose), then runs the
real CLI in a child process and reports wall time and peak RSS. Target: a
few seconds, memory flat.

    .venv/bin/python benchmarks/outline_epub.py [--chapters 300]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "harbour wall storm stone mason tide council winter spring boat quay lime mortar sea town "
    "church hall record block century lighthouse pier crane cargo rope net gull"
).split()


def make_book(chapters: int, seed: int = 1) -> bytes:
    from tests.epubs import BookSpec, Chapter, build_epub

    rng = random.Random(seed)

    def paragraph() -> str:
        return " ".join(" ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(6))

    spec = BookSpec(
        title="A Generated Book",
        chapters=[
            Chapter(f"ch{n}", f"<h1>Chapter {n}</h1>" + "".join(f"<p>{paragraph()}</p>" for _ in range(8)))
            for n in range(1, chapters + 1)
        ],
        nav=[(f"Chapter {n}", f"ch{n}.xhtml", 1) for n in range(1, chapters + 1)],
    )
    return build_epub(spec)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book.epub"
        book.write_bytes(make_book(args.chapters))
        wrapper = (
            "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", wrapper, sys.executable, "-m", "reader", "outline", str(book)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        print(
            f"{args.chapters}-chapter EPUB ({book.stat().st_size / 1e6:.1f} MB): reader outline {seconds:.2f} s, "
            f"peak RSS {int(out.stdout.split()[-1]) / 1024:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

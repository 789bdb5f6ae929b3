"""PDF text extraction time: reader's PDF loader against ``pdftotext`` (poppler), in one run.

Writes a 300-page text PDF with reportlab (running heads, page numbers,
headings, hyphenated lines), then times ``reader.document.loaders.pdf.parse`` (lines,
paragraphs, headings, running heads removed) and ``pdftotext -layout`` on
it (best of three runs each; the reader also in one process, as it reads a
short PDF), and peak memory of the reader's parse. Target: no slower than 2× the peer.

    .venv/bin/python benchmarks/pdf_extraction.py [--pages 300]

Needs reportlab (the dev extra) and poppler-utils for the peer.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.outline_epub import WORDS  # noqa: E402  (the same generated prose as the EPUB benchmark)


def make_pdf(pages: int, seed: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    width, height = A4
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle("A Generated Report")
    for page in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(72, height - 40, "A Generated Report - Draft")
        c.drawString(width / 2, 30, str(page))
        y = height - 90
        if page % 10 == 1:
            c.setFont("Helvetica-Bold", 16)
            c.drawString(72, y, f"Chapter {page // 10 + 1}")
            y -= 28
        c.setFont("Helvetica", 10)
        while y > 70:
            line = " ".join(rng.choices(WORDS, k=12))
            c.drawString(72, y, line.capitalize() + ("." if rng.random() < 0.3 else ""))
            y -= 13 if rng.random() < 0.85 else 26
        c.showPage()
    c.save()
    return buffer.getvalue()


RUNS = 3


def best_of(run: Callable[[], T]) -> tuple[float, T]:
    """The shortest of :data:`RUNS` timings of ``run`` and its last result."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


@contextlib.contextmanager
def _one_process() -> Iterator[None]:
    """The reader's parse without its second process (for comparison)."""
    from reader.document.loaders import pdf

    saved = pdf.PARALLEL_PAGES
    pdf.PARALLEL_PAGES = sys.maxsize
    try:
        yield
    finally:
        pdf.PARALLEL_PAGES = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    from reader.document.loaders.pdf import parse

    data = make_pdf(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.pdf"
        path.write_bytes(data)
        parse(make_pdf(2))  # imports and PDFium's start-up are not the file's time
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        ours, document = best_of(lambda: parse(data))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with _one_process():
            alone, _ = best_of(lambda: parse(data))
        print(
            f"{args.pages}-page PDF ({len(data) / 1e6:.1f} MB): reader {ours:.2f} s "
            f"(one process: {alone:.2f} s), {len(document.blocks)} blocks, "
            f"peak RSS {peak / 1024:.0f} MB (+{(peak - before) / 1024:.0f} MB)"
        )
        if shutil.which("pdftotext") is None:
            print("pdftotext not installed (Debian: apt-get install poppler-utils): no peer to compare")
            return 0
        command = ["pdftotext", "-layout", str(path), str(Path(tmp) / "out.txt")]
        peer, _ = best_of(lambda: subprocess.run(command, check=True))
        print(
            f"pdftotext -layout {peer:.2f} s; reader is {ours / peer:.2f}× the peer "
            f"({alone / peer:.2f}× in one process; target ≤ 2×), best of {RUNS} runs each"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time and memory of ``reader outline`` on a ~1 MB plain-text book.

    .venv/bin/python benchmarks/outline_book.py [--size-mb 1.0] [--keep]

Assembles a book from the prose paragraphs of the bundled articles (chapter
headings on their own lines, as scraped text has them), then runs, each as
its own child process so peak memory is measured separately:

* ``reader outline BOOK`` and ``reader outline BOOK --json`` (the real CLI);
* ``wc -w BOOK`` (the floor: just reading the file);
* a bare NLTK Punkt one-liner over the same file (sentence splitting alone).

Prints wall time and peak RSS (``ru_maxrss`` of the child) for each.
Target for ``reader outline``: a few seconds, well below 500 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.resources import content_dir  # noqa: E402

_MARKUP_LINE = re.compile(r"^\s*(?:#|[-*+>|]|\d+\.\s|```|~~~|\[\^?\d|<|---)")
_TAG = re.compile(r"<[^>]+>")

PUNKT_ONE_LINER = (
    "import sys; from nltk.tokenize.punkt import PunktSentenceTokenizer as P; "
    "print(len(P().tokenize(open(sys.argv[1], encoding='utf-8').read())))"
)


def prose_paragraphs() -> list[str]:
    """Plain prose paragraphs from the bundled articles (markup lines dropped)."""
    paragraphs: list[str] = []
    for path in sorted(content_dir().glob("*")):
        if path.suffix not in (".md", ".txt"):
            continue
        for chunk in path.read_text(encoding="utf-8").split("\n\n"):
            lines = [ln for ln in chunk.splitlines() if ln.strip() and not _MARKUP_LINE.match(ln)]
            text = " ".join(lines)
            text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text).replace("**", "").replace("*", "").replace("`", "")
            text = _TAG.sub("", text).strip()
            if len(text) > 80 and text[-1] in '.?!"\u201d':
                paragraphs.append(text)
    if not paragraphs:
        raise SystemExit("no prose found in content/ to build a book from")
    return paragraphs


def write_book(path: Path, size_bytes: int, seed: int = 7) -> tuple[int, int]:
    """Write the book; returns ``(chapters, bytes)``."""
    rng = random.Random(seed)
    paragraphs = prose_paragraphs()
    parts = ["The Long Night: A Book About Sleep\n\n"]
    size = len(parts[0])
    chapter = 0
    while size < size_bytes:
        chapter += 1
        heading = f"Chapter {chapter}: {rng.choice(['Dreams', 'Memory', 'Rest', 'Habits', 'Science'])} and More\n\n"
        body = "\n\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 16)))) + "\n\n"
        parts += [heading, body]
        size += len(heading.encode()) + len(body.encode())
    path.write_text("".join(parts), encoding="utf-8")
    return chapter, path.stat().st_size


def _measure_child(cmd: list[str]) -> None:
    """Run ``cmd`` (inside a fresh wrapper process) and print its stats as JSON."""
    started = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "wall": wall,
                "peak_mb": peak_kb / 1024,
                "rc": done.returncode,
                "stdout_lines": done.stdout.count(b"\n"),
                "stdout_tail": done.stdout[-300:].decode("utf-8", "replace"),
                "stderr": done.stderr[-500:].decode("utf-8", "replace"),
            }
        )
    )


def measure(cmd: list[str]) -> dict:
    """Wall time and peak RSS of ``cmd`` alone (a wrapper keeps children apart)."""
    out = subprocess.run(
        [sys.executable, __file__, "--measure", "--", *cmd], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--keep", action="store_true", help="keep the generated book and print its path")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("cmd", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure_child(args.cmd)
        return

    tmp = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        book = tmp / "book.txt"
        chapters, size = write_book(book, int(args.size_mb * 1024 * 1024))
        words = len(book.read_text(encoding="utf-8").split())
        print(f"book: {size / 1e6:.2f} MB, {words} words, {chapters} chapters ({book if args.keep else 'temp dir'})")
        runs = [
            ("reader outline", [sys.executable, "-m", "reader", "outline", str(book)]),
            ("reader outline --json", [sys.executable, "-m", "reader", "outline", str(book), "--json"]),
            ("wc -w", ["wc", "-w", str(book)] if shutil.which("wc") else None),
            ("bare nltk punkt", [sys.executable, "-c", PUNKT_ONE_LINER, str(book)]),
        ]
        print(f"{'command':<24} {'wall s':>7} {'peak MB':>8}  result")
        for name, cmd in runs:
            if cmd is None:
                print(f"{name:<24} unavailable")
                continue
            stats = measure(cmd)
            if stats["rc"] != 0:
                print(f"{name:<24} FAILED (exit {stats['rc']}): {stats['stderr'].strip()}")
                continue
            result = stats["stdout_tail"].strip().splitlines()[-1] if stats["stdout_tail"].strip() else ""
            if name.endswith("--json"):
                result = f"{stats['stdout_lines']} lines of JSON"
            print(f"{name:<24} {stats['wall']:7.2f} {stats['peak_mb']:8.1f}  {result[:70]}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

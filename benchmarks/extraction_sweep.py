"""Every page and every text copy of the corpus through the reader's own load path: errors and slow pages.

``benchmarks/extraction.py`` scores the held-out English pages; this runs all of them, both splits and
every language (about 17,000 files: each page's HTML and its text copies, one per renderer), as ``reader outline``
reads a file (decoding, format detection, the loader, the outline and its JSON), and reports:

* pages that raised anything but the reader's own one-line error (a crash a user would see as a traceback);
* the reader's errors, by kind (an empty copy, a copy that is no text);
* pages over the time limit, and the slowest ones;
* pages whose outline would carry a control character (none may reach a terminal).

Usage::

    .venv/bin/python benchmarks/extraction_sweep.py [--corpus .corpus] [--jobs 2] [--every 1] [--slowest 10]
        [--keep-all]
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.extraction import PageDeadline, arm_deadline  # noqa: E402

DEADLINE = 20
"""Seconds after which a page is given up (and reported at this time)."""
LIMIT = 2.0
"""The reading issue's limit for one page, in seconds."""


def read_one(job: tuple[str, bool]) -> tuple[str, str, float, str]:
    """``(path, outcome, seconds, detail)`` of a ``(path, keep_all)`` job: outcome ``ok``, ``error`` (the
    reader's), ``crash`` or ``deadline``."""
    from reader.document.loaders import load_article
    from reader.document.outline import dropped_lines, outline_json, outline_lines
    from reader.errors import ReaderError
    from reader.safetext import clean

    path, keep_all = job
    arm_deadline(DEADLINE)
    start = time.perf_counter()
    try:
        article = load_article(path, "auto", keep_all=keep_all)
        shown = "\n".join(outline_lines(article) + dropped_lines(article))
        shown += json.dumps(outline_json(article, None), ensure_ascii=False)
        bad = sorted(set(shown) - set(clean(shown)))  # what the terminal sanitiser would have to remove
        return path, "ok", time.perf_counter() - start, "".join(f"U+{ord(c):04X}" for c in bad)
    except ReaderError as exc:
        return path, "error", time.perf_counter() - start, str(exc).replace(path, "<page>")
    except PageDeadline:
        return path, "deadline", float(DEADLINE), ""
    except Exception:  # noqa: BLE001 - a crash is what this looks for
        return path, "crash", time.perf_counter() - start, traceback.format_exc(limit=3)
    finally:
        signal.alarm(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(".corpus"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="take every Nth file only (a quicker look)")
    parser.add_argument("--slowest", type=int, default=10, help="list this many of the slowest files")
    parser.add_argument("--keep-all", action="store_true", help="read as --keep-all does (no page chrome dropped)")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("text/*/*/*.txt")) + sorted(args.corpus.glob("pages/*/*/page.html"))
    files = files[:: args.every]
    if not files:
        print(f"no pages in {args.corpus}: build the corpus first (see benchmarks/extraction.py)", file=sys.stderr)
        return 1
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(read_one, [(str(f), args.keep_all) for f in files], chunksize=8))
    outcomes = Counter(outcome for _, outcome, _, _ in results)
    print(f"{len(results)} files: " + ", ".join(f"{n} {outcome}" for outcome, n in outcomes.most_common()))
    for outcome in ("crash", "deadline"):
        for path, got, _, detail in results:
            if got == outcome:
                print(f"{outcome}: {path}\n{detail}")
    for message, n in Counter(d for _, got, _, d in results if got == "error").most_common():
        print(f"reader error on {n}: {message}")
    controls = [(path, d) for path, got, _, d in results if got == "ok" and d]
    print(f"outlines with a control character: {len(controls)}")
    for path, detail in controls[:10]:
        print(f"  {detail} {path}")
    seconds = sorted((s, path) for path, got, s, _ in results if got in ("ok", "error", "deadline"))
    over = [p for s, p in seconds if s > LIMIT]
    print(f"over {LIMIT:.0f} s: {len(over)}; median {seconds[len(seconds) // 2][0]:.3f} s; slowest:")
    for s, path in seconds[::-1][: args.slowest]:
        print(f"  {s:6.2f} s {path}")
    return 1 if outcomes["crash"] or outcomes["deadline"] or controls else 0


if __name__ == "__main__":
    sys.exit(main())

"""Hunt for slow shapes: 200 KB pages of one token repeated, through the loaders, timed.

A pattern or a loop that is quadratic (or worse) in some shape of text shows on a page made of that shape
alone: a run of digits, a line of unpaired emphasis marks, a hundred thousand lines that each continue the
one before. For every token below, joined by nothing, a space, a line break or a blank line, this builds
a 200 KB page (three paragraphs of prose, then the run) and times the plain-text loader, format sniffing,
the Markdown loader and the HTML loader (the run in a ``<div>``), each given up after ``--deadline`` seconds.
Shapes over ``--over`` seconds, and any that raise, are listed. The worst ones found are kept as ``benchmarks/extraction.py``'s slow cases.

Usage::

    .venv/bin/python benchmarks/slow_shapes.py [--over 1.5] [--deadline 15]
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.extraction import PageDeadline, arm_deadline, reader_article  # noqa: E402

SIZE = 200_000
TOKENS = (
    *"()[]{}\"'“-–.:;,|<>&#@/\\*_~`=+!?%$",
    *("1", "1.", "1)", "a", "A", "a.", "A.", "Mr.", "e.g.", "http://x.co/", "www.", "<p>", "</p>", '<a href="x">'),
    *("<!--", "-->", "&amp;", "&#", "[1]", "[edit]", "(a", "a)", "**", "__", "```", "> ", "* ", "1. ", "| a |"),
    *("---", "===", "\t", "  ", "\u00a0", "\u200b", "By ", "Posted: ", "Jan 1, 2020", "12:30", "© ", "»", "·"),
    *("...", "…", '"a', 'a"', "(1)", "ABC", "Ab", "A B", "I.", "ii.", "x:", "a:b", "Q:", "Fig. 1", "Table 1"),
    *("Share", "Menu", "😀", "中", "ا"),
)
SEPARATORS = ("", " ", "\n", "\n\n")
_PROSE = "The harbour wall has stood for two hundred years and gave way this winter. "


def _timed(read: Callable[[str], object], text: str, deadline: int) -> float | str:
    """Seconds ``read`` took on ``text`` (``deadline`` if given up), or the name of what it raised."""
    arm_deadline(deadline)
    start = time.perf_counter()
    try:
        read(text)
        return time.perf_counter() - start
    except PageDeadline:
        return float(deadline)
    except Exception as exc:  # noqa: BLE001 - a crash is a finding to report
        return type(exc).__name__
    finally:
        signal.alarm(0)


def main(argv: list[str] | None = None) -> int:
    from reader.document.loaders import html, markdown, plaintext, sniff_format
    from reader.document.sources import tidy_decoded

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--over", type=float, default=1.5, help="list shapes slower than this (seconds)")
    parser.add_argument("--deadline", type=int, default=15, help="give a shape up after this (seconds)")
    args = parser.parse_args(argv)
    reader_article(plaintext.parse(_PROSE * 20))  # imports and the model's first load are not a shape's time
    readers: dict[str, Callable[[str], object]] = {
        "text": lambda t: reader_article(plaintext.parse(tidy_decoded(t))),
        "sniff": sniff_format,
        "html": lambda t: reader_article(html.parse(t)),
        "markdown": lambda t: reader_article(markdown.parse(t)),
    }
    worst, crashes = 0.0, 0
    for token in TOKENS:
        for separator in SEPARATORS:
            unit = token + separator
            run = unit * max(1, SIZE // len(unit.encode("utf-8")))
            for name, read in readers.items():
                if name == "html":
                    page = (
                        f"<html><body><h1>Harbour</h1>{('<p>' + _PROSE * 8 + '</p>') * 3}<div>{run}</div></body></html>"
                    )
                else:
                    page = (_PROSE * 8 + "\n\n") * 3 + run
                seconds = _timed(read, page, args.deadline)
                if isinstance(seconds, str):
                    crashes += 1
                    print(f"crash  {name:8} {unit!r}: {seconds}", flush=True)
                    continue
                worst = max(worst, seconds)
                if seconds > args.over:
                    given_up = " (given up)" if seconds >= args.deadline else ""
                    print(f"{seconds:6.2f} s {name:8} {unit!r}{given_up}", flush=True)
    print(
        f"{len(TOKENS) * len(SEPARATORS)} shapes, {len(readers)} readers each; slowest {worst:.2f} s; {crashes} crashes"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

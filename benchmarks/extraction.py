"""Extraction quality and speed on real pages with human gold, beside the peers.

Runs on the corpus that ``benchmarks/extraction_corpus/build.py`` and
``render.py`` make (see the README's *Benchmarks*), by default the held-out
``test`` split, English pages. For every renderer's plain text it scores:

* ``keep-all``: read everything (what no extraction gives);
* ``jusText``: the classic paragraph classifier, fed the text's paragraphs;
* ``reader``: ``reader outline --format text`` (the plain-text loader), the
  title, section titles and sentences it would read;

and on the HTML itself: ``reader`` (the HTML loader), ``trafilatura``
(default settings: the upper bound of what markup buys) and ``jusText``.

Usage::

    .venv/bin/python benchmarks/extraction.py [--corpus .corpus] [--split test|train|all]
        [--language en|all] [--renderer NAME ...] [--system NAME ...] [--jobs 2] [--worst N] [--keep-lost]
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.extraction_corpus.render import RENDERERS  # noqa: E402
from benchmarks.extraction_corpus.scoring import Extraction, PageScore, prf, score_page, summarise  # noqa: E402

PAGE_DEADLINE = 30
"""Seconds after which a page counts as failed (its time is reported as this)."""
LOST_RENDER = 0.1
"""A render holding less than this share of the gold's words lost the page (html2text stops at a
broken ``<head>``; a few saved pages do not hold their gold at all): no system can read what is not
there, so the page is left out of that renderer's rows (``--keep-lost`` keeps it, scored as it is)."""

TEXT_SYSTEMS = ("keep-all", "justext", "reader")
HTML_SYSTEMS = ("reader", "trafilatura", "justext")


class PageDeadline(Exception):
    """A page ran past its deadline (raised by the alarm :func:`arm_deadline` sets)."""


def _alarm(signum: int, frame: object) -> None:
    raise PageDeadline


def arm_deadline(seconds: int) -> None:
    """Raise :class:`PageDeadline` in this process after ``seconds`` (``signal.alarm(0)`` disarms it)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)


# --------------------------------------------------------------------------- systems


def reader_article(raw_doc: object) -> Extraction:
    from reader.document.structure import build_article

    article = build_article(raw_doc)  # type: ignore[arg-type]
    headings = [s.title for s in article.sections if s.title]
    parts = ([article.title] if article.title else []) + [
        piece for s in article.sections for piece in ([s.title] if s.title else []) + [x.text for x in s.sentences]
    ]
    return Extraction("\n".join(parts), article.title, headings)


def reader_text(text: str, language: str) -> Extraction:
    from reader.document.loaders.plaintext import parse
    from reader.document.sources import tidy_decoded

    return reader_article(parse(tidy_decoded(text)))  # what `reader` does to a file's decoded text


def reader_html(html: str, language: str) -> Extraction:
    from reader.document.loaders.html import parse
    from reader.document.sources import tidy_decoded

    return reader_article(parse(tidy_decoded(html)))


def keep_all(text: str, language: str) -> Extraction:
    return Extraction(text)


_JUSTEXT_LANGUAGES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "hu": "Hungarian",
    "pt": "Portuguese",
}


def _justext(html: str, language: str) -> Extraction:
    import justext

    stoplist = justext.get_stoplist(_JUSTEXT_LANGUAGES.get(language, "English"))
    paragraphs = justext.justext(html.encode("utf-8"), stoplist)
    return Extraction("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def justext_text(text: str, language: str) -> Extraction:
    import html as html_module

    blocks = [b for b in text.split("\n") if b.strip()]
    body = "".join(f"<p>{html_module.escape(b)}</p>" for b in blocks)
    return _justext(f"<html><body>{body}</body></html>", language)


def trafilatura_html(html: str, language: str) -> Extraction:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta else None
    return Extraction(f"{title or ''}\n{text}", title)


SYSTEMS: dict[tuple[str, str], Callable[[str, str], Extraction]] = {
    ("text", "keep-all"): keep_all,
    ("text", "justext"): justext_text,
    ("text", "reader"): reader_text,
    ("html", "reader"): reader_html,
    ("html", "trafilatura"): trafilatura_html,
    ("html", "justext"): _justext,
}


# --------------------------------------------------------------------------- running


def run_page(job: tuple[str, str, str, str]) -> tuple[str, PageScore]:
    """Score one ``(kind, system, page folder, input file)`` job."""
    kind, system, folder, source = job
    meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
    gold = (Path(folder) / "gold.txt").read_text(encoding="utf-8")
    text = Path(source).read_text(encoding="utf-8")
    arm_deadline(PAGE_DEADLINE)
    start = time.perf_counter()
    try:
        extraction = SYSTEMS[(kind, system)](text, meta["language"])
        extraction.seconds = time.perf_counter() - start
    except PageDeadline:
        extraction = Extraction("", seconds=float(PAGE_DEADLINE), error="deadline")
    except Exception as exc:  # noqa: BLE001 - an error is a result to report
        extraction = Extraction("", seconds=time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}")
    finally:
        signal.alarm(0)
    return folder, score_page(extraction, gold, meta.get("title"), text)


SLOW_CASES = {
    "repeated short lines": "a long run of short lines that repeat later (menus and a contents list: "
    "the old contents step was quadratic in it)",
    "layout spaces": "lines padded with long runs of spaces by a text renderer's table layout (inscriptis: "
    "the old mark-stripping patterns were quadratic in a run)",
    "open title": "HTML whose <title> is left open and swallows the page, thousands of ' - ' parts (matching "
    "runs of a title's parts against the page was cubic in them)",
    "dotted run": "one line of 'a.' repeated, a minified script's shape (the first pattern for a call written "
    "as a statement tried a match from every letter of the run: 270 s)",
    "unpaired marks": "one line of '*a ' repeated, emphasis marks that open and never close (the lazy pattern for "
    "a converter's '**bold**' looked for a closing mark after every opening one: minutes)",
    "one letter a line": "98,000 lines of one capital letter each under three paragraphs (a unit for each line "
    "through the model, its title ranker and the comment rule: 6.7 s on an idle machine)",
    "numbered run": "one line of '1. ' repeated, 66,000 sentences (Punkt's cost for each: its patterns ran through "
    "NLTK's timed ReDoS guard, 2.6 s on an idle machine; then Punkt's own work for each mark, 1.3-1.4 s)",
    "initials a line": "65,000 lines of 'A.' under three paragraphs (Punkt weighed each initial's context: 1.8-2.1 s)",
    "colon run": "one line of 'x:' repeated (the pattern for an attribute cut off from its tag ran from every "
    "letter to the end of the line: over a minute)",
    "empty paragraphs": "HTML with 50,000 empty <p> between its paragraphs (each was work for trafilatura and the "
    "reader's own walk: 2-3 s)",
    "comment run": "HTML opening with a run of a template's comments (the lazy comment pattern that tells a "
    "page from an SVG image matched such a run in exponentially many ways: a Google-Trends page of 220 KB, 26 s)",
}
"""The worst shapes found for speed, each as a 200 KB page."""
HTML_CASES = frozenset({"open title", "comment run", "empty paragraphs"})


def slow_case_text(shape: str) -> str:
    sentence = "The harbour wall has stood for two hundred years and gave way this winter. "
    if shape == "repeated short lines":
        menu = "\n".join(f"Topic {i}" for i in range(400))
        body = "\n\n".join(f"Topic {i}\n\n" + sentence * 6 for i in range(400))
        return (menu + "\n\n" + body)[:200_000]
    if shape == "open title":
        parts = " - ".join(f"Harbour news part {i}" for i in range(6800))
        return (
            f"<html><head><title>Harbour Notes - {parts}</title></head><body><h2>Harbour news part 7</h2>"
            + (f"<p>{sentence * 8}</p>" * 60)[:50_000]
            + "</body></html>"
        )
    if shape == "comment run":
        comments = "".join(f"<!-- begin {i} -->\n<!-- end {i} -->\n" for i in range(40))
        paragraphs = "".join(f"<p>{sentence * 4}</p><!-- c{i} -->\n<!-- d{i} -->\n" for i in range(600))
        return (comments + "<!DOCTYPE html><html><body>" + paragraphs)[:200_000] + "</body></html>"
    if shape == "empty paragraphs":
        return f"<html><body><h1>Harbour</h1>{f'<p>{sentence * 8}</p>' * 3}{'<p> ' * 50_000}</body></html>"
    if shape == "unpaired marks":
        return (sentence * 8 + "\n\n") * 4 + "*a " * 65_000
    if shape == "one letter a line":
        return (sentence * 8 + "\n\n") * 3 + "A\n" * 98_000
    if shape == "numbered run":
        return (sentence * 8 + "\n\n") * 3 + "1. " * 66_000
    if shape == "initials a line":
        return (sentence * 8 + "\n\n") * 3 + "A.\n" * 65_000
    if shape == "colon run":
        return (sentence * 8 + "\n\n") * 4 + "x:" * 98_000
    if shape == "dotted run":
        return (sentence * 8 + "\n\n") * 4 + "a." * 98_000
    cells = [f"Cell {i}" + " " * 20_000 + "|" for i in range(8)]
    return ("\n".join(cells) + "\n\n" + (sentence * 8 + "\n\n") * 60)[:200_000]


def slow_case_seconds(shape: str) -> tuple[int, float]:
    from reader.document.loaders import detect_format, html, plaintext
    from reader.document.sources import SourceText

    parse = html.parse if shape in HTML_CASES else plaintext.parse
    text = slow_case_text(shape)
    reader_article(plaintext.parse(text[:5000]))  # imports and the model's first load are not the page's time
    start = time.perf_counter()
    detect_format(SourceText(text=text, name="-", media_type=None, url=None, encoding="utf-8"))  # as stdin is
    reader_article(parse(text))
    return len(text.encode("utf-8")), time.perf_counter() - start


def select_pages(corpus: Path, split: str, language: str, datasets: list[str] | None = None) -> list[Path]:
    pages = []
    for meta_path in sorted((corpus / "pages").glob("*/*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if split != "all" and meta["split"] != split:
            continue
        if language != "all" and meta["language"] != language:
            continue
        if datasets and meta["dataset"] not in datasets:
            continue
        pages.append(meta_path.parent)
    return pages


def lost_renders(corpus: Path, pages: list[Path], renderer: str) -> set[str]:
    """The pages whose ``renderer`` copy holds less than :data:`LOST_RENDER` of the gold's words."""
    lost = set()
    for folder in pages:
        path = corpus / "text" / renderer / folder.parent.name / f"{folder.name}.txt"
        if path.exists():
            gold = (folder / "gold.txt").read_text(encoding="utf-8")
            if prf(path.read_text(encoding="utf-8"), gold)[1] < LOST_RENDER:
                lost.add(str(folder))
    return lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(".corpus"))
    parser.add_argument("--split", default="test", choices=("test", "train", "all"))
    parser.add_argument("--language", default="en")
    parser.add_argument("--renderer", action="append", choices=RENDERERS)
    parser.add_argument("--dataset", action="append", help="only this data set's pages (e.g. fundus)")
    parser.add_argument("--system", action="append", help="kind:name, e.g. text:reader or html:trafilatura")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1 per row")
    parser.add_argument("--keep-lost", action="store_true", help="also score renders that lost the page")
    args = parser.parse_args(argv)
    pages = select_pages(args.corpus, args.split, args.language, args.dataset)
    if not pages:
        print(f"no pages in {args.corpus}: build the corpus first (see the module docstring)", file=sys.stderr)
        return 1
    wanted = [tuple(s.split(":", 1)) for s in args.system] if args.system else list(SYSTEMS)
    renderers = args.renderer or list(RENDERERS)
    lost = {r: set() if args.keep_lost else lost_renders(args.corpus, pages, r) for r in renderers}
    rows: list[tuple[str, str, list[tuple[str, PageScore]]]] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for kind, system in wanted:
            inputs = ["html"] if kind == "html" else renderers
            for source in inputs:
                jobs = []
                for folder in pages:
                    path = (
                        folder / "page.html"
                        if kind == "html"
                        else args.corpus / "text" / source / folder.parent.name / f"{folder.name}.txt"
                    )
                    if path.exists() and str(folder) not in lost.get(source, ()):
                        jobs.append((kind, system, str(folder), str(path)))
                results = list(pool.map(run_page, jobs, chunksize=4))
                rows.append((source, system, results))
    which = f", data sets {', '.join(args.dataset)}" if args.dataset else ""
    print(f"{len(pages)} pages ({args.split} split, language {args.language}{which})")
    if any(lost.values()):
        counts = ", ".join(f"{r} {len(lost[r])}" for r in renderers)
        print(f"left out of the text rows, renders that lost the page (under {LOST_RENDER:.0%} of its words): {counts}")
    print(
        f"{'input':11} {'system':12} {'P':>5} {'R':>5} {'F1':>5} {'chrome-':>7} {'chrome':>7} "
        f"{'title':>6} {'median':>7} {'max':>6} {'err':>4}"
    )
    print(f"{'':11} {'':12} {'':>5} {'':>5} {'':>5} {'dropped':>7} {'heading':>7} {'right':>6} {'s':>7} {'s':>6}")
    for source, system, results in rows:
        s = summarise([score for _, score in results])
        print(
            f"{source:11} {system:12} {s.precision:5.3f} {s.recall:5.3f} {s.f1:5.3f} {s.chrome_dropped:7.1%} "
            f"{s.chrome_heading_pages:7.1%} {s.title_right:6.1%} {s.median_seconds:7.3f} {s.max_seconds:6.2f} "
            f"{s.errors:4}"
        )
    print()
    for shape, why in SLOW_CASES.items():
        size, seconds = slow_case_seconds(shape)
        kind = "HTML" if shape in HTML_CASES else "text"
        print(f"slow case: a {size // 1000} KB page of {why}, reader {kind}: {seconds:.2f} s")
    if args.worst:
        for source, system, results in rows:
            print(f"\nworst {args.worst}: {source} {system}")
            for folder, score in sorted(results, key=lambda r: r[1].f1)[: args.worst]:
                print(f"  {score.f1:.2f} P{score.precision:.2f} R{score.recall:.2f} {folder} {score.error or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Render the corpus pages to plain text the way people and scrapers do.

Plain text scraped from a page differs by the tool that made it, so the
reader is developed and measured on several renderers, never one:

``browser``
    Chromium's ``document.body.innerText``: what select-all and copy gives
    (no network, no scripts, the page's own inline styles apply).
``inscriptis``
    A layout-aware HTML-to-text converter used by scrapers.
``html2text``
    The classic HTML-to-Markdown-ish text converter (links and images dropped,
    default 78-column wrapping).
``lynx``
    ``lynx -dump -nolist``: a text browser's dump, hard-wrapped and indented.
``soup``
    What a Python scraper saves: BeautifulSoup's ``get_text("\\n", strip=True)``,
    each piece of text on a line of its own (a link or a bold word set apart
    from its sentence, a comment count from its words), hidden text included.

Usage::

    python -m benchmarks.extraction_corpus.render --corpus .corpus [--renderer NAME ...] [--jobs 2]

writes ``CORPUS/text/<renderer>/<dataset>/<id>.txt``. A renderer that is not
installed is skipped with a note (``browser`` needs the ``playwright``
package and Debian's ``chromium``; ``lynx`` the ``lynx`` package).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

TRAINING_RENDERERS = ("browser", "inscriptis", "html2text", "lynx")
"""The renders the boilerplate model learns from (``train.py``, ``bars.py``)."""
RENDERERS = (*TRAINING_RENDERERS, "soup")
"""Every render the benchmark scores. ``soup`` is held out of training: a renderer the model never saw, as the
pages a user brings may come from one (a model trained on all five measured worse on every one of them, see
benchmarks/EXTRACTION.md)."""


def render_inscriptis(html: str) -> str:
    from inscriptis import get_text

    return get_text(html)


def render_html2text(html: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    return converter.handle(html)


def render_soup(html: str) -> str:
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # an XHTML page is still read as HTML
        return str(BeautifulSoup(html, "lxml").get_text("\n", strip=True))


def render_lynx(html: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as handle:
        handle.write(html)
        handle.flush()
        done = subprocess.run(
            ["lynx", "-dump", "-nolist", "-force_html", "-assume_charset=utf-8", "-display_charset=utf-8", handle.name],
            capture_output=True,
            timeout=60,
        )
    return done.stdout.decode("utf-8", errors="replace")


class BrowserRenderer:
    """One headless Chromium, offline, scripts off; ``innerText`` of each page."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
        )
        self._context = self._browser.new_context(java_script_enabled=False)
        self._context.route("**/*", lambda route: route.abort())
        self._page = self._context.new_page()

    def __call__(self, html: str) -> str:
        try:
            self._page.set_content(html, wait_until="domcontentloaded", timeout=30000)
            return str(self._page.evaluate("() => document.body ? document.body.innerText : ''"))
        except Exception:  # noqa: BLE001 - a page the browser cannot show renders empty
            self._page.close()
            self._page = self._context.new_page()
            return ""

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def available(name: str) -> bool:
    if name == "lynx":
        return shutil.which("lynx") is not None
    if name == "browser":
        try:
            import playwright  # noqa: F401
        except ImportError:
            return False
        return shutil.which("chromium") is not None
    return True


def _render_batch(name: str, jobs: list[tuple[str, str]]) -> int:
    """Render ``(html path, text path)`` pairs with renderer ``name``; how many were written."""
    browser = BrowserRenderer() if name == "browser" else None
    simple: dict[str, Callable[[str], str]] = {
        "inscriptis": render_inscriptis,
        "html2text": render_html2text,
        "lynx": render_lynx,
        "soup": render_soup,
    }
    render = browser or simple[name]
    written = 0
    try:
        for src, dst in jobs:
            html = Path(src).read_text(encoding="utf-8")
            try:
                text = render(html)
            except Exception as exc:  # noqa: BLE001 - one broken page must not stop the corpus
                print(f"{name}: {src}: {exc}", file=sys.stderr)
                text = ""
            Path(dst).parent.mkdir(parents=True, exist_ok=True)
            Path(dst).write_text(text, encoding="utf-8")
            written += 1
    finally:
        if browser is not None:
            browser.close()
    return written


def page_folders(corpus: Path) -> Iterable[Path]:
    return sorted(p.parent for p in (corpus / "pages").glob("*/*/page.html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(".corpus"))
    parser.add_argument("--renderer", action="append", choices=RENDERERS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--force", action="store_true", help="render again pages already rendered")
    args = parser.parse_args(argv)
    for name in args.renderer or RENDERERS:
        if not available(name):
            print(f"{name}: not installed, skipped", file=sys.stderr)
            continue
        jobs = []
        for folder in page_folders(args.corpus):
            dst = args.corpus / "text" / name / folder.parent.name / f"{folder.name}.txt"
            if args.force or not dst.exists():
                jobs.append((str(folder / "page.html"), str(dst)))
        chunks = [jobs[i :: args.jobs] for i in range(args.jobs)]
        with ProcessPoolExecutor(args.jobs) as pool:
            done = sum(pool.map(_render_batch, [name] * len(chunks), chunks))
        print(f"{name}: {done} pages rendered")
    return 0


if __name__ == "__main__":
    sys.exit(main())

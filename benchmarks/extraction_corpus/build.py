"""Build the extraction development corpus from public benchmark repositories.

Every page comes with human gold: the article text a person marked as the
main content, and where the data set says so, the headline. Pages are *not*
committed (their licences are research-only or unclear); this script rebuilds
them from the public repositories:

======================  ==========================================  =======
data set                repository (folder)                          pages
======================  ==========================================  =======
scrapinghub             scrapinghub/article-extraction-benchmark     181
cleaneval               j-szulc/html-cleaning-dataset-merged          ~740
                        (cleaneval-dev, cleaneval-final)
cleanportaleval         same (CleanPortalEval-master)                 71
dragnet                 same (dragnet_data)                           ~1380
l3s-gn1                 geodrome/page-signal (L3S-GN1-…)              621
cwce (Chinese)          immortal-autumn/Chinese-Web-Content-          69
                        Extraction-Dataset (original, cleaned)
htmltotext (de hr zh)   leogao2/htmltotext-benchmark                  13
                        (benchmarkdata, its English pages left out)
fundus (41 countries)   flairNLP/fundus (tests/resources/parser/      258
                        test_data: news pages of 2023–2026 with the
                        article body, headlines and title its
                        maintainers checked for each site's parser)
googletrends-2017       RyusukeOku/boilernet_with_sumy (docker/       177
                        boilernet/googletrends-2017: BoilerNet's
                        pages, each text node labelled by hand)
======================  ==========================================  =======

The last two are small, but they are the only public pages with human gold
here in languages written without spaces between words (Chinese) or other
than English: they show whether the reader holds up beyond English
(``benchmarks/extraction.py --language zh``). Their English pages are left
out so that the English figures stay comparable from run to run.

The ``readability`` folder of the merged repository is deliberately skipped:
Mozilla Readability's test pages (like trafilatura's ``tests/`` pages) are
reserved for independent evaluation and must never be used for development.

Usage::

    python -m benchmarks.extraction_corpus.build --out .corpus \\
        [--repo owner/name=PATH ...]   # a local clone or bare git directory

Without ``--repo``, each repository is cloned from GitHub (needs network).
The output is ``OUT/pages/<dataset>/<id>/{page.html,gold.txt,meta.json}``;
``meta.json`` holds the URL, the gold title (when known), the gold
headings (CleanEval marks them), a language guess and the split
(``train``/``test``, by a hash of the site so no site is on both sides).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

REPOS = {
    "scrapinghub/article-extraction-benchmark": ["html", "ground-truth.json"],
    "j-szulc/html-cleaning-dataset-merged": [
        "cleaneval-dev",
        "cleaneval-final",
        "CleanPortalEval-master",
        "dragnet_data",
    ],
    "geodrome/page-signal": ["L3S-GN1-20100130203947-00001"],
    "immortal-autumn/Chinese-Web-Content-Extraction-Dataset": ["original", "cleaned"],
    "leogao2/htmltotext-benchmark": ["benchmarkdata"],
    "flairNLP/fundus": ["tests/resources/parser/test_data"],
    "RyusukeOku/boilernet_with_sumy": ["docker/boilernet/googletrends-2017"],
}
"""Repository → the folders taken from it (never ``readability``)."""

TEST_SHARE = 0.3
"""Share of sites held out for evaluation."""


@dataclass
class Page:
    """One page of the corpus with its gold."""

    dataset: str
    page_id: str
    html: bytes
    gold: str
    url: str | None = None
    """Where the page was published (the data set's record, else the page's canonical link)."""
    title: str | None = None
    """The headline when the data set marks it; else found from the page (see :func:`gold_title`)."""
    headings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- repository access


def repo_files(location: str, folders: list[str]) -> dict[str, bytes]:
    """Every file under ``folders`` of the repository at ``location`` (clone or git dir)."""
    path = Path(location)
    files: dict[str, bytes] = {}
    if (path / "HEAD").exists() and not (path / ".git").exists():  # a bare git directory
        return _git_files(path, folders)
    for folder in folders:
        base = path / folder
        items = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for item in items:
            files[str(item.relative_to(path))] = item.read_bytes()
    return files


def _git_files(git_dir: Path, folders: list[str]) -> dict[str, bytes]:
    """Files of HEAD under ``folders``; blobs missing from a partial copy are skipped."""
    git = ["git", f"--git-dir={git_dir}"]
    listing = subprocess.run([*git, "ls-tree", "-r", "HEAD", "--", *folders], check=True, capture_output=True)
    entries = [line.split(b"\t", 1) for line in listing.stdout.splitlines()]
    wanted = [(meta.split()[2], name.decode()) for meta, name in entries if meta.split()[1] == b"blob"]
    batch = subprocess.run(
        [*git, "cat-file", "--batch"], input=b"".join(sha + b"\n" for sha, _ in wanted), capture_output=True
    ).stdout
    files: dict[str, bytes] = {}
    pos = 0
    for _, name in wanted:
        end = batch.index(b"\n", pos)
        header = batch[pos:end].split()
        pos = end + 1
        if header[-1] == b"missing":
            continue
        size = int(header[2])
        files[name] = batch[pos : pos + size]
        pos += size + 1
    return files


def clone(repo: str, into: Path) -> str:
    """Shallow-clone ``repo`` from GitHub into ``into``; the path of the clone."""
    target = into / repo.replace("/", "+")
    if not target.exists():
        subprocess.run(["git", "clone", "--depth", "1", f"https://github.com/{repo}", str(target)], check=True)
    return str(target)


# --------------------------------------------------------------------------- gold readers


_CLEANEVAL_MARK = re.compile(r"<(p|h|l)>", re.I)


def cleaneval_gold(raw: str) -> tuple[str, str | None, list[str]]:
    """CleanEval's ``<p>``/``<h>``/``<l>`` text: ``(text, url, headings)``."""
    url_match = re.search(r"^\s*URL:\s*(\S+)", raw)
    url = url_match.group(1) if url_match else None
    body = re.sub(r"^\s*URL:[^\n]*\n", "", raw, count=1)
    body = re.sub(r"</?text[^>]*>", "", body)
    blocks: list[str] = []
    headings: list[str] = []
    pieces = _CLEANEVAL_MARK.split(body)
    for mark, text in zip([None, *pieces[1::2]], pieces[0::2]):
        text = " ".join(html.unescape(text).split())
        if not text:
            continue
        blocks.append(text)
        if mark and mark.lower() == "h":
            headings.append(text)
    return "\n\n".join(blocks), url, headings


_DRAGNET_COMMENTS = re.compile(r"^\W{3,}\s*COMMENTS\s*$", re.M)


def dragnet_gold(raw: str) -> str:
    """Dragnet's corrected text, without the comments that follow its marker line."""
    match = _DRAGNET_COMMENTS.search(raw)
    return (raw[: match.start()] if match else raw).strip()


_L3S_CONTENT = {"x-nc-sel1", "x-nc-sel2", "x-nc-sel3"}


_BLOCK_TAGS = frozenset("h1 h2 h3 h4 h5 h6 p div td th li dd dt blockquote pre table body".split())


def l3s_gold(annotated: str) -> tuple[str, str | None]:
    """L3S-GN1's annotated page: ``(headline + full text + supplemental, headline)``.

    The headline is the marked text of the first block holding headline marks:
    annotators often also marked the deck or the lead below it (another
    block) as headline, which is not the title a listener hears first."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(annotated)
    blocks: list[str] = []
    headline: list[str] = []
    headline_block = None
    for span in tree.iter("span"):
        classes = set((span.get("class") or "").split())
        found = classes & _L3S_CONTENT
        if not found or any(set((a.get("class") or "").split()) & _L3S_CONTENT for a in span.iterancestors("span")):
            continue
        text = " ".join(span.text_content().split())
        if text:
            blocks.append(text)
            if "x-nc-sel1" in found:
                block = next((a for a in span.iterancestors() if a.tag in _BLOCK_TAGS), None)
                if headline_block is None:
                    headline_block = block
                if block is headline_block:
                    headline.append(text)
    return "\n".join(blocks), (" ".join(headline) or None)


def read_scrapinghub(files: dict[str, bytes]) -> Iterator[Page]:
    truth = json.loads(files["ground-truth.json"])
    for key, value in truth.items():
        raw = gzip.decompress(files[f"html/{key}.html.gz"])
        yield Page("scrapinghub", key[:16], raw, value["articleBody"], url=value.get("url"))


def read_merged(files: dict[str, bytes]) -> Iterator[Page]:
    for name in sorted(files):
        folder, kind, filename = (name.split("/", 2) + ["", ""])[:3]
        if kind != "GoldStandard" or not filename.endswith(".txt"):
            continue
        stem = filename[: -len(".txt")]
        page_html = files.get(f"{folder}/input/{stem}.html")
        if page_html is None:
            continue
        raw = decode_bytes(files[name])
        if folder == "dragnet_data":
            yield Page("dragnet", stem, page_html, dragnet_gold(raw))
            continue
        text, url, headings = cleaneval_gold(raw)
        dataset = "cleanportaleval" if folder.startswith("CleanPortalEval") else "cleaneval"
        page_id = stem if dataset == "cleanportaleval" else f"{folder.rsplit('-', 1)[1]}-{stem}"
        yield Page(dataset, page_id, page_html, text, url=url, headings=headings)


def read_l3s(files: dict[str, bytes]) -> Iterator[Page]:
    folder = REPOS["geodrome/page-signal"][0]
    urls: dict[str, str] = {}
    for line in decode_bytes(files.get(f"{folder}/url-mapping.txt", b"")).splitlines():
        if "\t" in line:
            uuid, url = line.split("\t", 1)
            urls[uuid.strip("<>").removeprefix("urn:uuid:")] = url.strip()
    for name in sorted(files):
        if not name.startswith(f"{folder}/annotated/"):
            continue
        stem = Path(name).stem
        original = files.get(f"{folder}/original/{stem}.html")
        if original is None:
            continue
        text, headline = l3s_gold(decode_bytes(files[name]))
        yield Page("l3s-gn1", stem, original, text, url=urls.get(stem), title=headline)


def read_chinese(files: dict[str, bytes]) -> Iterator[Page]:
    for name in sorted(files):
        if name.startswith("cleaned/") and name.endswith(".txt"):
            stem = Path(name).stem
            original = files.get(f"original/{stem}.html")
            if original is not None:
                yield Page("cwce", stem, original, decode_bytes(files[name]))


def read_htmltotext(files: dict[str, bytes]) -> Iterator[Page]:
    for name in sorted(files):
        parts = name.split("/")
        if len(parts) == 4 and parts[2] == "text" and parts[1] != "en" and name.endswith(".txt"):
            stem = Path(parts[3]).stem
            original = files.get(f"benchmarkdata/{parts[1]}/html/{stem}.html")
            if original is not None:
                yield Page("htmltotext", f"{parts[1]}-{stem}"[:60], original, decode_bytes(files[name]))


def read_fundus(files: dict[str, bytes]) -> Iterator[Page]:
    """Each site's test pages, paired with its parser versions' expected output by crawl date.

    A site's parser versions (``V1``, ``V1_1``, ``V2`` …) each have one test page, the
    older versions the older pages, so sorting both pairs them (fundus's own tests pair them by each
    version's last valid date, which its version names follow; a site whose counts differ is skipped).
    """
    sites: dict[tuple[str, str], list[str]] = {}
    for name in files:
        match = re.search(r"/([a-z]+)/(\w+?)(?:_\d{4}_\d\d_\d\d)?\.html\.gz$", name)
        if match:
            sites.setdefault((match[1], match[2]), []).append(name)
    root = REPOS["flairNLP/fundus"][0]
    for (country, site), pages in sorted(sites.items()):
        expected = json.loads(files.get(f"{root}/{country}/{site}.json", b"{}"))
        info = json.loads(files.get(f"{root}/{country}/meta.info", b"{}"))
        records = {name: info.get(name.rsplit("/", 1)[1], {}) for name in pages}
        pages.sort(key=lambda name: str(records[name].get("crawl_date", name)))
        versions = sorted(expected, key=lambda key: [int(n) for n in re.findall(r"\d+", key)])
        if len(versions) != len(pages):
            continue
        for name, version in zip(pages, versions):
            body = expected[version].get("body") or {}
            headings = [line for section in body.get("sections", []) for line in section.get("headline", [])]
            paragraphs = list(body.get("summary", []))
            for section in body.get("sections", []):
                paragraphs += section.get("headline", []) + section.get("paragraphs", [])
            page_id = f"{country}-{Path(name).name.removesuffix('.html.gz')}"
            raw = gzip.decompress(files[name])
            title = expected[version].get("title")
            if title and norm(title) not in _body_text(decode_bytes(raw)):
                title = None  # a headline for feeds (og:title) that the page never shows is no copy's title
            gold = "\n".join(([title] if title else []) + paragraphs)  # the headline is read too
            yield Page("fundus", page_id, raw, gold, url=records[name].get("url"), title=title, headings=headings)


def read_googletrends(files: dict[str, bytes]) -> Iterator[Page]:
    """BoilerNet's pages: the gold is every text node its annotators labelled 1, in order."""
    from lxml import html as lxml_html

    folder = REPOS["RyusukeOku/boilernet_with_sumy"][0]
    for name in sorted(files):
        if not name.startswith(f"{folder}/prepared_html/"):
            continue
        original = files.get(name.replace("/prepared_html/", "/raw_html/"))
        if original is None:
            continue
        tree = lxml_html.document_fromstring(decode_bytes(files[name]))
        gold, headings = [], []
        for span in tree.iter("span"):
            if span.get("__boilernet_label") == "1":
                text = " ".join(span.text_content().split())
                gold.append(text)
                if any(a.tag in {"h1", "h2", "h3", "h4", "h5", "h6"} for a in span.iterancestors()):
                    headings.append(text)
        yield Page("googletrends", Path(name).stem, original, "\n".join(gold), headings=headings)


READERS: dict[str, Callable[[dict[str, bytes]], Iterator[Page]]] = {
    "scrapinghub/article-extraction-benchmark": read_scrapinghub,
    "j-szulc/html-cleaning-dataset-merged": read_merged,
    "geodrome/page-signal": read_l3s,
    "immortal-autumn/Chinese-Web-Content-Extraction-Dataset": read_chinese,
    "leogao2/htmltotext-benchmark": read_htmltotext,
    "flairNLP/fundus": read_fundus,
    "RyusukeOku/boilernet_with_sumy": read_googletrends,
}


# --------------------------------------------------------------------------- decoding, titles, language


def decode_bytes(data: bytes) -> str:
    """Text of a page or gold file: its declared charset, else UTF-8, else detection."""
    from reader.errors import ReaderError
    from reader.document.decoding import decode

    try:
        return decode(data, name="page")[0]
    except ReaderError:
        return data.decode("utf-8", errors="replace")


def norm(text: str) -> str:
    """Case- and punctuation-insensitive form for comparing short strings."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def title_candidates(page_html: str) -> list[str]:
    """Headline candidates the page declares: og/twitter titles, h1s, ``<title>`` and its parts."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(page_html)
    except Exception:  # noqa: BLE001 - unparseable page: no candidates
        return []
    found: list[str] = []
    for prop in ("og:title", "twitter:title"):
        for meta in tree.xpath(f'//meta[@property="{prop}" or @name="{prop}"]/@content'):
            found.append(meta)
    for level in ("h1", "h2", "h3"):
        found.extend(h.text_content() for h in list(tree.iter(level))[:5])
    for title in tree.iter("title"):
        text = title.text_content()
        found.append(text)
        found.extend(re.split(r"\s+[|\-–—:»«·•~/]+\s+", text))
    out: list[str] = []
    for item in found:
        text = " ".join(item.split())
        if 2 <= len(text.split()) <= 30 and text not in out:
            out.append(text)
    return out


def declared_url(page_html: str) -> str | None:
    """The page's own address: canonical link, og:url or base href."""
    match = re.search(
        r'<link[^>]+rel=["\']?canonical["\']?[^>]+href=["\']?(https?://[^"\'\s>]+)'
        r'|<meta[^>]+property=["\']og:url["\'][^>]+content=["\'](https?://[^"\'\s>]+)'
        r'|<base[^>]+href=["\']?(https?://[^"\'\s>]+)',
        page_html[:200_000],
        re.I,
    )
    return next((g for g in match.groups() if g), None) if match else None


_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday am pm at on posted updated of the".split()
)
_BYLINE = re.compile(r"(?i)\s*(posted |written )?by\s+(?!the\b)")


def _dateline_or_byline(text: str) -> bool:
    """A line made only of a date and time ("Monday, October 22, 2012 11:00 AM"), or "By Name"."""
    words = norm(text).split()
    dateline = bool(words) and all(w in _DATE_WORDS or re.fullmatch(r"\d+(st|nd|rd|th|am|pm)?", w) for w in words)
    return dateline or bool(_BYLINE.match(text))


def gold_title(page: Page, page_html: str) -> str | None:
    """The headline: the data set's own, else the page's candidate that opens the gold text and
    that its body shows (or, for gold that never includes it, the og:title/h1 that ``<title>`` repeats)."""
    if page.title:
        return page.title
    candidates = title_candidates(page_html)
    if page.dataset == "scrapinghub":
        return _agreed_title(candidates)
    head = norm(page.gold[:600])
    matches = [c for c in candidates if len(norm(c)) >= 8 and norm(c) in head]
    if matches:
        # only what the body shows: CleanEval's annotators were shown <title> as the first line of
        # text, which on 38 pages is nowhere in the page's body (only the browser tab's), so no copy
        # of the page holds it; of those, the longest, but a blog's date line or a byline above the
        # post is not its headline
        body = _body_text(page_html)
        shown = [c for c in matches if norm(c) in body]
        best = max(shown, key=lambda c: (not _dateline_or_byline(c), len(c)), default=None)
        return None if best is None or _dateline_or_byline(best) else best
    return None


def _agreed_title(candidates: list[str]) -> str | None:
    """Scrapinghub's headline: its gold is the article's body alone (``articleBody``), so a candidate
    the gold opens with is a dek or the body's first subheading, never the headline; trust the
    og:title or h1 that ``<title>`` repeats."""
    for cand in candidates:
        others = [norm(o) for o in candidates if o is not cand]
        if len(cand.split()) >= 3 and any(norm(cand) in o for o in others if o != norm(cand)):
            return cand
    return None


def _body_text(page_html: str) -> str:
    """What the page shows: its text without ``<title>``, scripts and styles."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(page_html)
    except Exception:  # noqa: BLE001 - unparseable page: nothing shown
        return ""
    for element in tree.iter("title", "script", "style"):
        element.text = None
    return norm(tree.text_content())


_STOP = {
    "en": "the and of to in is that for it with as was on are be this by at from have not",
    "de": "der die und das ist nicht mit den von zu ein eine auf sich auch dem des im für",
    "fr": "le la les et des est une dans que pour pas sur du qui par avec sont au ce",
    "es": "el la los las de que y en un una es por con para del se no al lo",
    "it": "il di che la per non una sono del della con le gli si al nel da",
    "nl": "de het een en van is dat op te in niet met voor zijn er als",
    "hu": "a az és hogy nem is egy meg de van már csak el mint ki ez",
    "pt": "o a os as de que e do da em um uma para com não se na no",
    "hr": "i je u na da se su za od a ne što s o kao iz ali koji će",
}
_STOP_SETS = {lang: set(words.split()) for lang, words in _STOP.items()}


def guess_language(text: str) -> str:
    """The language whose common words cover most of ``text`` (``und`` if none stands out)."""
    from reader.text import CJK_CHARACTER

    sample = text[:6000]
    cjk = len(CJK_CHARACTER.findall(sample))
    if cjk >= 50 and cjk >= 0.3 * len(re.findall(r"[^\W\d_]", sample)):
        return "ja" if len(re.findall("[\u3040-\u30ff]", sample)) >= 0.1 * cjk else "zh"
    words = re.findall(r"\w+", text.casefold())[:3000]
    if not words:
        return "und"
    scores = {lang: sum(w in stop for w in words) / len(words) for lang, stop in _STOP_SETS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 0.08 else "und"


def site_of(page: Page) -> str:
    """The registrable-ish host (last two labels) or, without a URL, the page itself."""
    if page.url:
        host = urlsplit(page.url).hostname or ""
        labels = host.split(".")
        keep = 3 if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac", "gov"} else 2
        if host:
            return ".".join(labels[-keep:])
    return f"{page.dataset}:{page.page_id}"


def split_of(page: Page) -> str:
    digest = hashlib.sha256(site_of(page).encode()).digest()
    return "test" if digest[0] / 256 < TEST_SHARE else "train"


# --------------------------------------------------------------------------- writing


def write_page(out: Path, page: Page) -> bool:
    """Write one page; ``False`` (skipped) when its gold is nearly empty."""
    from reader.text import word_count

    if word_count(page.gold) < 20:
        return False
    page_html = decode_bytes(page.html)
    page.url = page.url or declared_url(page_html)
    folder = out / "pages" / page.dataset / page.page_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text(page_html, encoding="utf-8")
    (folder / "gold.txt").write_text(page.gold, encoding="utf-8")
    meta = {
        "dataset": page.dataset,
        "id": page.page_id,
        "url": page.url,
        "title": gold_title(page, page_html),
        "headings": page.headings,
        "language": guess_language(page.gold),
        "split": split_of(page),
    }
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(".corpus"))
    parser.add_argument("--repo", action="append", default=[], help="owner/name=PATH of a local copy")
    args = parser.parse_args(argv)
    local = dict(item.split("=", 1) for item in args.repo)
    counts: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for repo, folders in REPOS.items():
            location = local.get(repo) or clone(repo, Path(tmp))
            files = repo_files(location, folders)
            for page in READERS[repo](files):
                kept = write_page(args.out, page)
                counts.setdefault(page.dataset, [0, 0])[0 if kept else 1] += 1
    for dataset, (kept, skipped) in sorted(counts.items()):
        print(f"{dataset:16} {kept:5} pages ({skipped} without gold text skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

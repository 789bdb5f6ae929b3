"""Sweep the plain-text loader's heading bar on out-of-fold scores of the training renders.

``train --dump-scores FILE`` keeps, for every training render, the article scores the model gave it
while that render's page was held out. This script parses each training render as the loader does,
with those scores in place of the shipped model's (which saw the page), records every line the
heading rules make a section with its score, and prints, for each bar, how many of those sections
are real headings and on what share of pages one is chrome (the benchmark's definition); then the same
for the bar of a marked heading whose words the article does not use (``headings.FOREIGN_SHARE``), and
for the bar of a marked heading whose words it does use::

    python -m benchmarks.extraction_corpus.bars --corpus .corpus --scores oof.pickle

An English page is judged by the mean of the English and the multilingual model's scores
(``boilerplate.article_scores``): give both models' dumps (``--scores en.pickle --scores all.pickle``, each
from ``train --dump-scores``, the second with ``--multilingual``) and each render's scores are their mean.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.extraction_corpus.render import TRAINING_RENDERERS  # noqa: E402
from benchmarks.extraction_corpus.scoring import heading_is_chrome, tokens  # noqa: E402
from reader.document.loaders.headings import HEADING_SCORE, MARKED_HEADING_SCORE  # noqa: E402

PLAIN_BARS = (0.6, 0.65, 0.7, 0.75, 0.8)
FOREIGN_BARS = (0.5, 0.6, 0.7, 0.8, 0.9)
MARKED_BARS = (0.4, 0.5, 0.55, 0.6, 0.65, 0.7)
Heading = tuple[float, str, bool]
"""A section the rules made: its score, its kind (``plain``, ``marked`` by the text, or marked but
``foreign`` to the article's words), whether it is chrome."""

_scores: dict[tuple[str, int], np.ndarray] = {}
_record: list[tuple[str, float, str]] = []


def _install(scores_files: list[str], model_language: str) -> None:
    """In a worker: out-of-fold scores instead of the model's, the model they came from for every page
    (its title ranker runs on them), and no heading bar (every heading recorded)."""
    import reader.document.loaders.plaintext as plaintext
    from reader.document.loaders.boilerplate import BoilerplateModel, Judgement, load_model
    from reader.document.loaders.units import Unit

    _scores.update(_mean_scores([pickle.loads(Path(f).read_bytes()) for f in scores_files]))
    shipped_score = BoilerplateModel.score
    shipped_bar = plaintext.heading_bar

    def judge_page(self: BoilerplateModel, units: list) -> list[Judgement]:
        # the held-out scores are already the mean of the dumps given: one judgement, no companion's, so the
        # title here is the English ranker's pick on them (the loader's is both rankers', each on its own scores)
        rows, scores = shipped_score(self, units)
        key = (_folder[0], zlib.crc32("\n".join(u.text for u in units).encode()))
        held_out = _scores.get(key)
        return [Judgement(self, rows, held_out if held_out is not None and len(held_out) == len(scores) else scores)]

    def bar(unit: Unit, article_words: set[str]) -> float:  # asked of every heading the rules made
        kind = "plain" if unit.explicit_level is None else "marked"
        if kind == "marked" and shipped_bar(unit, article_words) == HEADING_SCORE:
            kind = "foreign"
        _record.append((unit.text, float(unit.score), kind))
        return -1.0  # none is demoted: the sweep applies the bars

    BoilerplateModel.judge_page = judge_page  # type: ignore[method-assign]
    # only the model is chosen here: bylines and dates are still judged in the page's own language
    plaintext.load_model = lambda language: load_model(model_language)
    plaintext.heading_bar = bar


def _mean_scores(dumps: list[dict[tuple[str, int], np.ndarray]]) -> dict[tuple[str, int], np.ndarray]:
    """Each render's scores in the first dump, averaged with the other dumps' scores of the same render."""
    out = {}
    for key, first in dumps[0].items():
        found = [first] + [d[key] for d in dumps[1:] if key in d and len(d[key]) == len(first)]
        out[key] = np.mean(found, axis=0)
    return out


_folder = [""]


def headings_of(job: tuple[str, str]) -> tuple[str, list[Heading]] | None:
    """The sections the loader makes of one render, each with its out-of-fold score."""
    from reader.document.loaders.plaintext import parse
    from reader.document.sources import tidy_decoded

    folder, path = job
    _folder[0] = folder
    _record.clear()
    parse(tidy_decoded(Path(path).read_text(encoding="utf-8")))
    meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
    gold = (Path(folder) / "gold.txt").read_text(encoding="utf-8")
    gold = f"{meta['title']}\n{gold}" if meta.get("title") else gold
    words = tokens(gold)
    joined, known = " ".join(words), set(words)
    return path, [(s, kind, heading_is_chrome(text, joined, known)) for text, s, kind in _record]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(".corpus"))
    parser.add_argument(
        "--scores", action="append", required=True, help="what train --dump-scores wrote (twice: their mean)"
    )
    parser.add_argument(
        "--marked-bar", type=float, default=MARKED_HEADING_SCORE, help="the bar for a heading the text marks"
    )
    parser.add_argument(
        "--plain-bar", type=float, default=HEADING_SCORE, help="the bar for other headings (second sweep)"
    )
    parser.add_argument(
        "--model", choices=("multilingual", "en"), default="multilingual", help="the model the scores came from"
    )
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    jobs = []
    for meta_path in sorted((args.corpus / "pages").glob("*/*/meta.json")):
        if json.loads(meta_path.read_text(encoding="utf-8"))["split"] != "train":
            continue
        for renderer in TRAINING_RENDERERS:
            path = args.corpus / "text" / renderer / meta_path.parent.parent.name / f"{meta_path.parent.name}.txt"
            if path.exists() and path.stat().st_size:
                jobs.append((str(meta_path.parent), str(path)))
    with ProcessPoolExecutor(
        args.jobs, initializer=_install, initargs=(args.scores, "und" if args.model == "multilingual" else "en")
    ) as pool:
        results = [r for r in pool.map(headings_of, jobs, chunksize=16) if r is not None]
    for renderer in TRAINING_RENDERERS:
        pages = [found for path, found in results if f"/text/{renderer}/" in path]
        print(f"{renderer} ({len(pages)} renders)")
        for bar in PLAIN_BARS:
            _report(f"plain bar {bar:.2f}", pages, {"plain": bar, "foreign": bar, "marked": args.marked_bar})
        for bar in FOREIGN_BARS:
            _report(
                f"foreign bar {bar:.2f}", pages, {"plain": args.plain_bar, "foreign": bar, "marked": args.marked_bar}
            )
        for bar in MARKED_BARS:
            _report(f"marked bar {bar:.2f}", pages, {"plain": args.plain_bar, "foreign": args.plain_bar, "marked": bar})
    return 0


def _report(label: str, pages: list[list[Heading]], bars: dict[str, float]) -> None:
    kept = [[h for h in found if h[0] >= bars[h[1]]] for found in pages]
    real = sum(not h[2] for found in kept for h in found)
    chrome_pages = sum(any(h[2] for h in found) for found in kept) / max(len(pages), 1)
    print(f"  {label}: {real:5} real headings, a chrome one on {chrome_pages:.1%} of renders")


if __name__ == "__main__":
    sys.exit(main())

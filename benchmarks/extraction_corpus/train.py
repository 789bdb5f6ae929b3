"""Train the plain-text boilerplate model on the corpus and write it into the package.

Recipe (anyone can rerun it; see the README's *Benchmarks*):

1. ``build.py`` and ``render.py`` make the corpus: real pages with human gold,
   each rendered to plain text by several renderers;
2. every render, and the gold text itself (an article pasted clean, with
   nothing to drop), is cut into units exactly as the loader does
   (:func:`reader.document.loaders.units.units_from_lines`), and each unit is labelled
   article text when most of its words align, in order, with the gold
   (``difflib`` over word sequences, so a menu word that also occurs in the
   article does not count);
3. stage one (gradient-boosted trees over :data:`reader.document.loaders.unitfeatures.FEATURES`)
   is trained on the ``train`` split; its out-of-fold scores (5 folds by
   page, or with ``--site-folds`` by site, as the test split is cut) feed
   stage two with the context features of
   :mod:`reader.document.loaders.boilerplate`;
4. the threshold is the one with the best mean page F1 on the training
   split's out-of-fold scores, recall weighted as the product needs it
   (F-beta, beta 1.5: a dropped sentence of the article costs more than a
   stray menu line);
5. the title ranker is trained on the candidates of every render with a gold
   title (out-of-fold scores again), its threshold the one that gets most
   titles right;
6. all stages are written as plain JSON trees to
   ``reader/document/loaders/boilerplate_model.json``, the English model (trained on the five
   English data sets, :data:`ENGLISH_DATASETS`, unless ``--dataset`` names others), or with
   ``--multilingual`` (every data set:
   German, Chinese and other news pages among them) to ``boilerplate_model_multilingual.json``,
   which judges pages whose prose is not English; ``--title-only``
   replaces only the title ranker and its threshold, keeping the shipped
   unit stages (whose scores on short headings sit near the thresholds the
   loader uses, so a full retrain moves the fixtures' outlines).

Usage::

    python -m benchmarks.extraction_corpus.train --corpus .corpus [--jobs 2] [--dry-run]

Needs scikit-learn (the ``bench`` extra); the package itself never does.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import pickle
import re
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.extraction_corpus.render import TRAINING_RENDERERS  # noqa: E402
from reader.document.loaders.boilerplate import (  # noqa: E402
    CONTEXT_FEATURES,
    MODEL_FILE,
    MULTILINGUAL_MODEL_FILE,
    context_features,
)
from reader.document.loaders.pagetitle import TITLE_FEATURES, body_start, candidates, title_features  # noqa: E402
from reader.document.loaders.plaintext import normalise  # noqa: E402
from reader.document.loaders.unitfeatures import FEATURES, page_features  # noqa: E402
from reader.document.loaders.units import Unit, units_from_lines  # noqa: E402
from reader.text import CJK, word_count  # noqa: E402

_WORD = re.compile(f"[{CJK}]|[^\\W{CJK}]+")
"""A word to align with the gold: a run of letters or digits, or one Han or kana character
(Chinese and Japanese put no spaces between words, so a paragraph would be one "word")."""
GOLD_RENDER = "gold"
"""The gold text itself as a page: a clean article with no chrome, which must be kept whole."""
ENGLISH_DATASETS = ("scrapinghub", "cleaneval", "cleanportaleval", "dragnet", "l3s-gn1")
"""What the English model learns from unless ``--dataset`` says otherwise (the multilingual one: every set)."""
LEXICON_MIN_PAGES = 8
MIN_BLOCK = 2
"""Aligned runs shorter than this many words count only when they cover a whole short unit."""


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def gold_text(folder: Path) -> str:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    gold = (folder / "gold.txt").read_text(encoding="utf-8")
    title = meta.get("title")
    if title:
        gold = f"{title}\n\n{gold}"
    return gold


def label_units(units: list[Unit], gold: str) -> np.ndarray:
    """1 for a unit most of whose words align in order with the gold, else 0."""
    owner: list[int] = []
    page: list[str] = []
    for k, unit in enumerate(units):
        words = _tokens(unit.text)
        page.extend(words)
        owner.extend([k] * len(words))
    matched = np.zeros(len(page), dtype=bool)
    matcher = difflib.SequenceMatcher(None, page, _tokens(gold), autojunk=False)
    for a, _, size in matcher.get_matching_blocks():
        if size == 0:
            continue
        whole_unit = (
            owner[a] == owner[a + size - 1]
            and (a == 0 or owner[a - 1] != owner[a])
            and (a + size == len(page) or owner[a + size] != owner[a])
        )
        if size >= MIN_BLOCK or whole_unit:
            matched[a : a + size] = True
    hits = np.zeros(len(units))
    sizes = np.zeros(len(units))
    for i, k in enumerate(owner):
        sizes[k] += 1
        hits[k] += matched[i]
    return ((hits >= 0.5 * np.maximum(sizes, 1)) & (sizes > 0)).astype(int)


Labelled = tuple[str, list[Unit], np.ndarray]
"""One render: page folder, its units and their labels."""


def page_units(job: tuple[str, str]) -> Labelled | None:
    """Units and labels of one render of one page."""
    folder, render = job
    text = gold_text(Path(folder)) if render == GOLD_RENDER else Path(render).read_text(encoding="utf-8")
    if len(text) > 400_000:
        return None  # difflib is quadratic in the worst case: very long renders are skipped, not waited for
    units = units_from_lines(normalise(text).split("\n"))
    if not units:
        return None
    return folder, units, label_units(units, gold_text(Path(folder)))


def units_key(units: list[Unit]) -> int:
    """Which render these units were cut from (to find its scores again)."""
    return zlib.crc32("\n".join(u.text for u in units).encode())


def _units_fingerprint() -> str:
    """A digest of the code that cuts and labels units: a cache made by other code is not reused."""
    import hashlib
    import inspect

    import reader.document.loaders.casing as casing
    import reader.document.loaders.units as units
    import reader.text as text

    digest = hashlib.sha1()
    for part in (units, casing, text, normalise, _tokens, gold_text, label_units, page_units):
        digest.update(inspect.getsource(part).encode())
    digest.update(f"{_WORD.pattern} {MIN_BLOCK}".encode())
    return digest.hexdigest()[:12]


def _wanted(meta: dict, datasets: list[str]) -> bool:
    """Whether a page is in one of ``datasets``: a name takes all its pages, ``name:lang`` only
    those the corpus builder found in that language (``fundus:en``)."""
    return meta["dataset"] in datasets or f"{meta['dataset']}:{meta.get('language')}" in datasets


def collect(corpus: Path, split: str, jobs: int, datasets: list[str] | None = None) -> list[Labelled]:
    """Every render of every page of ``split``, labelled (cached in the corpus folder, keyed
    on the code that cuts and labels units, on the renders there are and on the gold titles, so a
    change to any of them labels the corpus again)."""
    work = []
    titles = {}
    for meta_path in sorted((corpus / "pages").glob("*/*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta["split"] != split or (datasets and not _wanted(meta, datasets)):
            continue
        folder = meta_path.parent
        titles[str(folder)] = meta.get("title")
        for renderer in TRAINING_RENDERERS:
            render = corpus / "text" / renderer / folder.parent.name / f"{folder.name}.txt"
            if render.exists() and render.stat().st_size:
                work.append((str(folder), str(render)))
        work.append((str(folder), GOLD_RENDER))
    sizes = [Path(b).stat().st_size if b != GOLD_RENDER else (Path(a) / "gold.txt").stat().st_size for a, b in work]
    # the gold titles too: a unit is labelled against the title and the gold text (see gold_text)
    renders = zlib.crc32("\n".join(f"{a} {b} {n} {titles[a]}" for (a, b), n in zip(work, sizes)).encode())
    cache = corpus / f"labelled-{split}-{_units_fingerprint()}-{renders:08x}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    with ProcessPoolExecutor(jobs) as pool:
        rows = [r for r in pool.map(page_units, work, chunksize=8) if r is not None]
    cache.write_bytes(pickle.dumps(rows))
    return rows


def fold_key(folder: str, by_site: bool) -> str:
    """What keeps a page's renders in one out-of-fold group: the page, or with ``by_site`` its site (the host of
    its address), so that no fold learns from a page of the site it is scored on, as on the test split."""
    if not by_site:
        return folder
    url = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8")).get("url") or ""
    host = urlsplit(url).hostname or folder
    return host.removeprefix("www.")


def learn_lexicon(rows: list[Labelled]) -> dict[str, float]:
    """Word → log-odds of occurring in chrome rather than article text, counted in pages (not lines).

    Counting pages, not occurrences, keeps one site's menu from weighing
    like a hundred sites; words seen on fewer than ``LEXICON_MIN_PAGES``
    pages are left out (neutral).
    """
    chrome_pages: dict[str, set[str]] = {}
    article_pages: dict[str, set[str]] = {}
    pages: set[str] = set()
    for folder, units, labels in rows:
        pages.add(folder)
        for unit, label in zip(units, labels):
            target = article_pages if label else chrome_pages
            for token in set(_tokens(unit.text)):
                if not token.isdigit():
                    target.setdefault(token, set()).add(folder)
    n = len(pages)
    lexicon = {}
    for token in set(chrome_pages) | set(article_pages):
        c, a = len(chrome_pages.get(token, ())), len(article_pages.get(token, ()))
        if c + a >= LEXICON_MIN_PAGES:
            value = math.log((c + 1) / (n + 2)) - math.log((a + 1) / (n + 2))
            if abs(value) >= 0.25:
                lexicon[token] = round(value, 2)
    return lexicon


def featurise(rows: list[Labelled], lexicon: dict[str, float]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    return [
        (page_features(units, lexicon), labels, np.array([word_count(u.text) for u in units], dtype=float))
        for _, units, labels in rows
    ]


def export_trees(model: object, names: tuple[str, ...]) -> dict:
    """A fitted HistGradientBoostingClassifier as JSON trees (see ``TreeEnsemble``)."""
    trees = []
    depth = 0
    for (predictor,) in model._predictors:  # type: ignore[attr-defined]
        nodes = predictor.nodes
        depth = max(depth, int(nodes["depth"].max()) + 1)
        trees.append(
            {
                "feature": [int(f) if not leaf else -1 for f, leaf in zip(nodes["feature_idx"], nodes["is_leaf"])],
                "threshold": [round(float(t), 6) for t in nodes["num_threshold"]],
                "left": [int(v) for v in nodes["left"]],
                "right": [int(v) for v in nodes["right"]],
                "value": [round(float(v), 6) if leaf else 0.0 for v, leaf in zip(nodes["value"], nodes["is_leaf"])],
            }
        )
    baseline = float(np.ravel(model._baseline_prediction)[0])  # type: ignore[attr-defined]
    return {"baseline": baseline, "depth": depth, "features": list(names), "trees": trees}


LARGE_UNIT_TREES: dict[str, int] = {"max_iter": 300, "max_leaf_nodes": 31, "max_depth": 8}
"""Larger unit stages (``--large-unit-trees``): better ranked on the corpus, but the fixtures' in-article headings
score under the loader's heading bars with them (see benchmarks/EXTRACTION.md)."""


def _classifier(max_iter: int = 120, max_leaf_nodes: int = 15, max_depth: int = 6, min_samples_leaf: int = 40):  # type: ignore[no-untyped-def]
    """The unit stages' trees (the defaults) or larger ones (see :func:`_title_classifier`)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=max_iter,
        learning_rate=0.1,
        max_leaf_nodes=max_leaf_nodes,
        max_depth=max_depth,
        min_samples_leaf=min_samples_leaf,
        l2_regularization=1.0,
        random_state=0,
    )


def page_f_beta(pages: list[tuple[np.ndarray, np.ndarray, np.ndarray]], threshold: float, beta: float) -> float:
    """Mean over pages of word-weighted F-beta for ``(scores, labels, words)``."""
    total = 0.0
    for scores, labels, words in pages:
        keep = scores >= threshold
        tp = float((words * (keep & (labels == 1))).sum())
        fp = float((words * (keep & (labels == 0))).sum())
        fn = float((words * (~keep & (labels == 1))).sum())
        if tp == 0:
            continue
        p, r = tp / (tp + fp), tp / (tp + fn)
        total += (1 + beta**2) * p * r / (beta**2 * p + r)
    return total / len(pages)


def train_title(
    labelled: list[Labelled],
    pages: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    threshold: float,
    groups_of: list[str],
    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[dict, float]:
    """The title ranker, trained on the candidates of every render whose page has a gold title."""
    from sklearn.model_selection import GroupKFold

    from benchmarks.extraction_corpus.scoring import title_right

    xs, ys, groups, page_of = [], [], [], []
    for k, ((folder, units, _), (scores, _, _), (unit_rows, _, _)) in enumerate(zip(labelled, pages, rows)):
        gold = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8")).get("title")
        if not gold:
            continue
        body = body_start(units, scores, threshold)
        chosen = candidates(units, scores, body)
        if not chosen:
            continue
        xs.append(title_features(units, unit_rows, scores, body, chosen))
        ys.extend(int(bool(title_right(units[i].text, gold))) for i in chosen)
        groups.extend([zlib.crc32(groups_of[k].encode())] * len(chosen))
        page_of.extend([k] * len(chosen))
    x, y, page = np.vstack(xs), np.array(ys), np.array(page_of)
    oof = np.zeros(len(y))
    model = _title_classifier()
    for train_index, test_index in GroupKFold(5).split(x, y, np.array(groups)):
        oof[test_index] = model.fit(x[train_index], y[train_index]).predict_proba(x[test_index])[:, 1]
    model.fit(x, y)
    renders = np.unique(page)
    best = (0.0, 0.0)
    for t in (0.0, 0.01, 0.02, 0.03, 0.04, *np.arange(0.05, 0.6, 0.05)):  # finer where a missed title costs most
        right = 0
        for k in renders:
            at = np.flatnonzero(page == k)
            top = at[np.argmax(oof[at])]
            right += bool(oof[top] >= t and y[top])
        best = max(best, (right / len(renders), float(t)))
    print(
        f"title: {len(renders)} renders with a gold title; right on {best[0]:.1%} (out of fold) at {best[1]:.2f}; "
        f"a right candidate exists on {np.mean([y[page == k].any() for k in renders]):.1%}"
    )
    return export_trees(model, TITLE_FEATURES + FEATURES), round(best[1], 3)


def _title_classifier():  # type: ignore[no-untyped-def]
    """Larger trees than the unit stages': one row per candidate line (about 150,000), where
    the unit stages have 1.2 million rows. Out of fold, titles right on 80.8 % of training
    renders with these trees against 78.4 % with the unit stages' settings."""
    return _classifier(max_iter=600, max_leaf_nodes=63, max_depth=8, min_samples_leaf=20)


def main(argv: list[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(".corpus"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--beta", type=float, default=1.5)
    parser.add_argument("--dry-run", action="store_true", help="train and report, write nothing")
    parser.add_argument(
        "--title-only",
        action="store_true",
        help="replace only the title ranker and its threshold in the shipped model (its unit stages stay)",
    )
    parser.add_argument(
        "--dataset",
        action="append",
        help="train on this data set's pages only (repeat it; NAME:LANG takes only its pages in that language, "
        "fundus:en; by default the English model takes ENGLISH_DATASETS)",
    )
    parser.add_argument(
        "--multilingual",
        action="store_true",
        help=f"write the model for pages not in English ({MULTILINGUAL_MODEL_FILE}) instead of {MODEL_FILE}",
    )
    parser.add_argument(
        "--dump-scores",
        type=Path,
        help="also write each training render's out-of-fold article scores here (read by bars.py)",
    )
    parser.add_argument(
        "--site-folds",
        action="store_true",
        help="out-of-fold scores by site, not by page (the test split is by site; see benchmarks/EXTRACTION.md)",
    )
    parser.add_argument(
        "--large-unit-trees",
        action="store_true",
        help="unit stages of 300 rounds of 31 leaves (measured, not shipped: see benchmarks/EXTRACTION.md)",
    )
    args = parser.parse_args(argv)
    unit_trees = LARGE_UNIT_TREES if args.large_unit_trees else {}
    datasets = args.dataset or (None if args.multilingual else list(ENGLISH_DATASETS))
    labelled = collect(args.corpus, "train", args.jobs, datasets)
    if not labelled:
        print(f"no training pages in {args.corpus}", file=sys.stderr)
        return 1
    # the trees learn from word odds counted on the other half of the pages, as on unseen pages
    halves = [[r for r in labelled if zlib.crc32(r[0].encode()) % 2 == h] for h in (0, 1)]
    lexicons = [learn_lexicon(halves[1]), learn_lexicon(halves[0])]
    labelled = halves[0] + halves[1]
    rows = featurise(halves[0], lexicons[0]) + featurise(halves[1], lexicons[1])
    lexicon = learn_lexicon(labelled)
    keys = [fold_key(r[0], args.site_folds) for r in labelled]
    groups = np.concatenate([[zlib.crc32(key.encode())] * len(r[2]) for key, r in zip(keys, labelled)])
    x = np.vstack([r[0] for r in rows])
    y = np.concatenate([r[1] for r in rows])
    print(f"{len(rows)} renders, {len(y)} units, {y.mean():.1%} article text, {len(lexicon)} words in the lexicon")
    first = _classifier(**unit_trees)
    oof = np.zeros(len(y))
    for train_index, test_index in GroupKFold(5).split(x, y, groups):
        oof[test_index] = first.fit(x[train_index], y[train_index]).predict_proba(x[test_index])[:, 1]
    first.fit(x, y)
    bounds = np.cumsum([0] + [len(r[1]) for r in rows])
    context = np.vstack([context_features(oof[a:b], r[2]) for (a, b), r in zip(zip(bounds, bounds[1:]), rows)])
    x2 = np.hstack([x, context])
    second = _classifier(**unit_trees)
    oof2 = np.zeros(len(y))
    for train_index, test_index in GroupKFold(5).split(x2, y, groups):
        oof2[test_index] = second.fit(x2[train_index], y[train_index]).predict_proba(x2[test_index])[:, 1]
    second.fit(x2, y)
    pages = [(oof2[a:b], r[1], r[2]) for (a, b), r in zip(zip(bounds, bounds[1:]), rows)]
    if args.dump_scores:
        scores = {(r[0], units_key(r[1])): oof2[a:b] for (a, b), r in zip(zip(bounds, bounds[1:]), labelled)}
        args.dump_scores.write_bytes(pickle.dumps(scores))
    candidates = np.arange(0.2, 0.71, 0.025)
    scored = [(page_f_beta(pages, t, args.beta), t) for t in candidates]
    best_score, threshold = max(scored)
    print(
        f"stage one out-of-fold accuracy {((oof >= 0.5) == y).mean():.3f}, "
        f"stage two {((oof2 >= 0.5) == y).mean():.3f}; threshold {threshold:.3f} (F{args.beta} {best_score:.3f})"
    )
    target = (
        Path(__file__).resolve().parents[2]
        / "reader"
        / "document"
        / "loaders"
        / (MULTILINGUAL_MODEL_FILE if args.multilingual else MODEL_FILE)
    )
    shipped = json.loads(target.read_text(encoding="utf-8")) if args.title_only else {}
    if args.title_only:  # the shipped unit stages stay, so their threshold finds the body start
        threshold = shipped["threshold"]
    title_stage, title_threshold = train_title(labelled, pages, threshold, keys, rows)
    model = {
        "about": "Boilerplate model for scraped plain text; made by benchmarks/extraction_corpus/train.py",
        "features": list(FEATURES + CONTEXT_FEATURES),
        "threshold": round(float(threshold), 3),
        "unit_stage": export_trees(first, FEATURES),
        "context_stage": export_trees(second, FEATURES + CONTEXT_FEATURES),
        "title_stage": title_stage,
        "title_threshold": title_threshold,
        "lexicon": dict(sorted(lexicon.items())),
    }
    if args.dry_run:
        return 0
    if args.title_only:
        model = {**shipped, "title_stage": title_stage, "title_threshold": title_threshold}
    target.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

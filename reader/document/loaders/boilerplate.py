"""Which units of scraped text are the article: a small trained model.

Two stages of gradient-boosted trees, trained on a public corpus of real
pages with human gold (``benchmarks/extraction_corpus``; retrain with
``python -m benchmarks.extraction_corpus.train``):

1. each unit is scored from its own numbers and its neighbours'
   (:mod:`reader.document.loaders.unitfeatures`);
2. each unit is scored again with the first stage's scores around it added
   (the units just before and after, and the mean over wider windows,
   the share of the page's likely article text before and after), so that a
   line between two article paragraphs stays and a lone long teaser among
   menus goes.

The trees ship as JSON data in the package (``boilerplate_model.json``, learned
from English pages, and ``boilerplate_model_multilingual.json``, learned from
pages in every language: a page not in English is judged by the second, an
English page by the mean of both, its title too) and are evaluated here with
numpy: no machine-learning library at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Final, Mapping, Sequence

import numpy as np

from reader.document.language import primary_language
from reader.document.loaders.pagetitle import (
    body_start,
    candidates,
    headline_of_site_title,
    headline_over_lead,
    marked_headline,
    title_features,
)
from reader.document.loaders.unitfeatures import FEATURES, page_features, shifted, with_lexicon
from reader.text import word_count
from reader.document.loaders.units import Unit

MODEL_FILE: Final = "boilerplate_model.json"
MULTILINGUAL_MODEL_FILE: Final = "boilerplate_model_multilingual.json"
CONTEXT_OFFSETS: Final = (-3, -2, -1, 1, 2, 3)
CONTEXT_WINDOWS: Final = (5, 15, 40)
CONTEXT_FEATURES: Final = (
    tuple(f"p@{o:+d}" for o in CONTEXT_OFFSETS)
    + tuple(f"p_mean±{w}" for w in CONTEXT_WINDOWS)
    + ("p_self", "content_before", "content_after", "p_max_before", "p_max_after")
)


PREDICT_BLOCK: Final = 1024
"""Rows scored at once: bounds the ``(trees, rows)`` arrays of a long page to a few megabytes."""


@dataclass(frozen=True)
class TreeEnsemble:
    """Binary gradient-boosted trees: ``sigmoid(baseline + Σ leaf values)``."""

    baseline: float
    feature: np.ndarray
    """Per tree and node: the feature index tested (-1 at leaves); shape ``(trees, nodes)``."""
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TreeEnsemble:
        trees = data["trees"]
        width = max(len(t["feature"]) for t in trees)

        def table(key: str, fill: float, dtype: type) -> np.ndarray:
            out: np.ndarray = np.full((len(trees), width), fill, dtype=dtype)
            for k, tree in enumerate(trees):
                out[k, : len(tree[key])] = tree[key]
            return out

        return cls(
            float(data["baseline"]),
            table("feature", -1, np.int64),
            table("threshold", 0.0, float),
            table("left", 0, np.int64),
            table("right", 0, np.int64),
            table("value", 0.0, float),
            int(data["depth"]),
        )

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The probability of the positive class for each row of ``x``.

        All trees descend together, one level per step, over blocks of
        :data:`PREDICT_BLOCK` rows (a step is a handful of array operations
        whatever the number of trees); the leaf values are added tree by tree,
        in the trees' order."""
        total = np.full(len(x), self.baseline)
        for start in range(0, len(x), PREDICT_BLOCK):
            sums = total[start : start + PREDICT_BLOCK]  # a view: adding to it adds to ``total``
            for values in self._leaf_values(x[start : start + PREDICT_BLOCK]):
                sums += values
        return 1.0 / (1.0 + np.exp(-total))

    def _leaf_values(self, x: np.ndarray) -> np.ndarray:
        """Per tree and row, the value of the leaf the row reaches; shape ``(trees, rows)``.

        Nodes are indexed in the flattened tables (tree ``k``'s node ``n`` is
        ``k * width + n``), which numpy gathers faster than 2-D indexes."""
        count, width = self.feature.shape
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right = self.left.ravel(), self.right.ravel()
        base = (np.arange(count) * width)[:, None]
        cells = (np.arange(len(x)) * x.shape[1])[None, :]
        flat_x = np.ascontiguousarray(x).ravel()
        at = np.broadcast_to(base, (count, len(x))).copy()
        for _ in range(self.depth):
            f = feature[at]
            leaf = f < 0
            if leaf.all():
                break
            go_left = flat_x[cells + np.where(leaf, 0, f)] <= threshold[at]
            at = np.where(leaf, at, base + np.where(go_left, left[at], right[at]))
        return self.value.ravel()[at]


def context_features(p: np.ndarray, words: np.ndarray) -> np.ndarray:
    """The first stage's scores around each unit (see :data:`CONTEXT_FEATURES`)."""
    n = len(p)
    columns = [shifted(p, offset) for offset in CONTEXT_OFFSETS]
    cumulative = np.concatenate([[0.0], np.cumsum(p)])
    index = np.arange(n)
    for window in CONTEXT_WINDOWS:
        lo, hi = np.maximum(0, index - window), np.minimum(n, index + window + 1)
        columns.append((cumulative[hi] - cumulative[lo]) / (hi - lo))
    columns.append(p)
    mass = p * words
    mass_cumulative = np.concatenate([[0.0], np.cumsum(mass)])
    mass_total = mass_cumulative[-1] or 1.0
    columns.append(mass_cumulative[:-1] / mass_total)
    columns.append((mass_total - mass_cumulative[1:]) / mass_total)
    columns.append(np.concatenate([[0.0], np.maximum.accumulate(p)[:-1]]) if n else p)
    columns.append(np.concatenate([np.maximum.accumulate(p[::-1])[::-1][1:], [0.0]]) if n else p)
    return np.column_stack(columns) if n else np.zeros((0, len(CONTEXT_FEATURES)))


OWN_PICK_MARGIN: Final = 0.01
"""Where two models judge a page, the title the first model's ranker picks stays unless the mean of both
rankers' scores puts another line this much higher. The mean alone found more titles on the held-out English
pages but lost two fixtures' titles, each to a line whose mean was less than 0.004 higher: the margin was set
from those two pages, then measured on the held-out ones (see benchmarks/EXTRACTION.md)."""


@dataclass(frozen=True)
class BoilerplateModel:
    """The two stages and the score above which a unit is article text."""

    unit_stage: TreeEnsemble
    context_stage: TreeEnsemble
    threshold: float
    lexicon: Mapping[str, float]
    """Word → log-odds of page chrome against article text, learned from the corpus."""
    title_stage: TreeEnsemble
    title_threshold: float
    companion: BoilerplateModel | None = None
    """Another model that judges the same pages (see :meth:`judge_page` and :func:`load_model`)."""

    def judge_page(self, units: Sequence[Unit]) -> list[Judgement]:
        """This model's judgement of ``units``, then its companion's, if it has one (the companion reuses this
        model's feature rows: only its word odds differ, see :func:`with_lexicon`). A text longer than any
        page the models learned from is judged a window at a time (:func:`page_windows`)."""
        windows = page_windows(units)
        if len(windows) == 1:
            return self._judge_window(units)
        parts = [(self._judge_window(units[a:b]), keep_from - a, keep_to - a) for a, b, keep_from, keep_to in windows]
        return [
            Judgement(
                judgement.model,
                np.vstack([judged[k].rows[lo:hi] for judged, lo, hi in parts]),
                np.concatenate([judged[k].scores[lo:hi] for judged, lo, hi in parts]),
            )
            for k, judgement in enumerate(parts[0][0])
        ]

    def _judge_window(self, units: Sequence[Unit]) -> list[Judgement]:
        rows, scores = self.score(units)
        judged = [Judgement(self, rows, scores)]
        if self.companion is not None:
            other = with_lexicon(rows, units, self.companion.lexicon)
            judged.append(Judgement(self.companion, other, self.companion.judge(units, other)))
        return judged

    def find_title(
        self,
        units: Sequence[Unit],
        judgements: Sequence[Judgement],
        allowed: Callable[[Unit], bool] = lambda unit: True,
    ) -> int | None:
        """The index of the unit that is the article's title, if one scores high enough.

        ``judgements`` is what :meth:`judge_page` returned for ``units``; ``allowed`` rules candidates out
        (lines already known to be chrome). Where the body starts, and so which lines are candidates, comes
        from this model's own scores, which its title ranker learned from. Each judging model's ranker scores
        the candidates on its own scores; the line with the best mean is the title, but this model's own pick
        stays unless another line's mean beats it by :data:`OWN_PICK_MARGIN`; a line the renderer marked as a heading
        scoring near an unmarked pick is the headline (:func:`marked_headline`), a pick that is a tab's "Headline |
        Site" gives way to the line that is its headline part (:func:`headline_of_site_title`), and a pick that is a
        section heading repeating the headline over the lead to that headline (:func:`headline_over_lead`).
        """
        own = judgements[0]
        body = body_start(units, own.scores, self.threshold)
        chosen = [i for i in candidates(units, own.scores, body) if allowed(units[i])]
        if not chosen:
            return None
        ranked = own.title_scores(units, body, chosen)
        if len(judgements) > 1:
            pick = int(np.argmax(ranked))
            ranked = np.mean([ranked] + [j.title_scores(units, body, chosen) for j in judgements[1:]], axis=0)
            ranked[pick] += OWN_PICK_MARGIN
        best = int(np.argmax(ranked))
        if ranked[best] < self.title_threshold:
            return None
        best = marked_headline(units, chosen, ranked, best, own.scores, self.threshold)
        best = headline_of_site_title(units, chosen, ranked, best)
        return headline_over_lead(units, chosen, chosen[best], body)

    def score(self, units: Sequence[Unit]) -> tuple[np.ndarray, np.ndarray]:
        """The units' feature rows and, for each unit, the probability that it is article text."""
        x = page_features(units, self.lexicon)
        return x, self.judge(units, x)

    def judge(self, units: Sequence[Unit], x: np.ndarray) -> np.ndarray:
        """For each unit, the probability that it is article text, from its feature row in ``x``."""
        if len(x) == 0:
            return np.zeros(0)
        first = self.unit_stage.predict(x)
        words = np.array([word_count(u.text) for u in units], dtype=float)
        return self.context_stage.predict(np.hstack([x, context_features(first, words)]))


LONG_PAGE_WORDS: Final = 50_000
"""A text longer than this (a book) is judged in windows: the models learned from pages of up to 48,700 words
(the longest copy in the corpus), and their page-wide features (the page's size, the words before a line) go out
of that range on a book, where every line past the first 6,000 words or so was judged chrome."""
WINDOW_WORDS: Final = 10_000
"""The words of a window: about the size of the corpus's longest pages but for a few (99 in 100 are shorter than
11,000 words). On a 64,000-word book of 120 chapters (the test's), windows of 10,000 words keep all 120 headings,
of 20,000 words 109, of 30,000 words 13 (the text itself is read at every size up to 20,000)."""
WINDOW_MARGIN: Final = 2_000
"""Each window is judged with this many words of the text on either side, so no line is judged at a window's
edge."""


def page_windows(units: Sequence[Unit]) -> list[tuple[int, int, int, int]]:
    """``(start, end, keep_from, keep_to)`` for each window of the page: judge ``units[start:end]`` as a page and
    keep its judgement of ``units[keep_from:keep_to]``. One window, the whole page, up to :data:`LONG_PAGE_WORDS`;
    past that, windows of :data:`WINDOW_WORDS` with :data:`WINDOW_MARGIN` words either side."""
    n = len(units)
    before = np.concatenate([[0], np.cumsum([word_count(u.text) for u in units])])
    if before[-1] <= LONG_PAGE_WORDS:
        return [(0, n, 0, n)]
    cuts = sorted({0, n, *np.searchsorted(before, np.arange(WINDOW_WORDS, before[-1], WINDOW_WORDS)).tolist()})
    return [
        (
            int(np.searchsorted(before, before[keep_from] - WINDOW_MARGIN)),
            min(n, int(np.searchsorted(before, before[keep_to] + WINDOW_MARGIN))),
            keep_from,
            keep_to,
        )
        for keep_from, keep_to in zip(cuts, cuts[1:])
    ]


@dataclass(frozen=True)
class Judgement:
    """One model's reading of a page: its feature rows for the page's units and their article scores."""

    model: BoilerplateModel
    rows: np.ndarray
    scores: np.ndarray

    def title_scores(self, units: Sequence[Unit], body: int, chosen: list[int]) -> np.ndarray:
        """This model's title ranker's score for each candidate index in ``chosen`` (``body``: where the
        article's body starts)."""
        return self.model.title_stage.predict(title_features(units, self.rows, self.scores, body, chosen))


def article_scores(judgements: Sequence[Judgement]) -> np.ndarray:
    """The article scores a page is judged by: the mean of every judging model's."""
    if len(judgements) == 1:
        return judgements[0].scores
    return np.mean([j.scores for j in judgements], axis=0)


def load_model(language: str | None = None) -> BoilerplateModel:
    """The model shipped for pages in ``language``: English (or not known), or any other.

    The English model learned from the corpus's English pages, whose sites its fixtures imitate; the
    other learned from every page of the corpus, German and Chinese news among them, so its word odds
    know "Startseite" and "Anzeige" as well as "Home" and "Advertisement". ``en-GB`` is English too.

    An English page is judged by the mean of both models' article scores (:func:`article_scores`):
    they learned from different pages with different word odds, and their mean measured better than the
    English model alone on every renderer of the held-out English pages (see benchmarks/EXTRACTION.md).
    Its title is found by both models' title rankers (:meth:`BoilerplateModel.find_title`).
    """
    return _english() if primary_language(language or "en") == "en" else _load(MULTILINGUAL_MODEL_FILE)


@lru_cache(maxsize=1)
def _english() -> BoilerplateModel:
    return replace(_load(MODEL_FILE), companion=_load(MULTILINGUAL_MODEL_FILE))


@lru_cache(maxsize=2)
def _load(name: str) -> BoilerplateModel:
    data = json.loads(resources.files("reader.document.loaders").joinpath(name).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES + CONTEXT_FEATURES:
        raise RuntimeError(f"{name} was trained on other features: retrain it")
    return BoilerplateModel(
        TreeEnsemble.from_dict(data["unit_stage"]),
        TreeEnsemble.from_dict(data["context_stage"]),
        float(data["threshold"]),
        data["lexicon"],
        TreeEnsemble.from_dict(data["title_stage"]),
        float(data["title_threshold"]),
    )


__all__ = [
    "BoilerplateModel",
    "CONTEXT_FEATURES",
    "Judgement",
    "OWN_PICK_MARGIN",
    "MODEL_FILE",
    "MULTILINGUAL_MODEL_FILE",
    "TreeEnsemble",
    "article_scores",
    "context_features",
    "load_model",
]

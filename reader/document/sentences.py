"""Sentence splitting (NLTK Punkt, fully offline) and TTS-sized chunks.

Punkt normally loads a model trained on newspaper text from ``nltk_data``.
We never download anything, so the parameters it would have learned are
declared here in code instead:

* ``abbrev_types`` — tokens that, followed by a period, are abbreviations;
* ``ortho_context`` — for common English words, the fact that they are
  written lower case mid-sentence and capitalised at a sentence start. This
  is the evidence Punkt uses to decide that ``etc. The`` *is* a break while
  ``etc. the`` is not, and that ``plan B. Then`` is a break.

On top of Punkt we add what web prose needs: the single-character ellipsis
``…`` is a possible boundary (like ``...``), titles such as ``Dr.`` or
``e.g.`` never end a sentence, and ``"Stop!" she said`` stays one sentence.
Chinese and Japanese end sentences with ``。``, ``！`` or ``？`` and no space
after: a sentence ends there too.

Splitting works on character offsets (``span_tokenize``) and cuts the text at
the start of each sentence, so concatenating the pieces gives back the input:
nothing is ever lost or reordered.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Final

from reader.document._punkt import punkt_module
from reader.text import CLOSERS, collapse_whitespace

if TYPE_CHECKING:  # the same classes, as the type checker knows them
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken
else:  # our private copy of Punkt (see reader.document._punkt)
    _punkt = punkt_module()
    PunktLanguageVars = _punkt.PunktLanguageVars
    PunktParameters = _punkt.PunktParameters
    PunktSentenceTokenizer = _punkt.PunktSentenceTokenizer
    PunktToken = _punkt.PunktToken

# Abbreviations that may also end a sentence ("... in the U.S. The next ...").
# Punkt decides with the orthographic evidence about the next word.
_MAY_END_SENTENCE: Final = frozenset(
    """
    etc inc ltd co corp llc plc bros jr sr st ave blvd rd no nos est dept univ
    al sec ft hr hrs min mins yr yrs
    u.s u.k u.n e.u u.s.a a.m p.m a.d b.c p.s
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    """.split()
)
# Abbreviations that are always followed by more of the same sentence.
_NEVER_END_SENTENCE: Final = frozenset(
    """
    mr mrs ms mx dr prof rev hon gen col capt lt sgt cmdr gov sen rep pres supt
    vs e.g i.e cf viz approx ca fig figs vol vols p pp ch eq eqs ref refs
    eds trans ph.d m.d b.a m.a b.sc m.sc mt
    """.split()
)
ABBREVIATIONS: Final = _MAY_END_SENTENCE | _NEVER_END_SENTENCE
"""Every word (lower case, without its final period) treated as an abbreviation.

Single-letter initials are deliberately not listed: Punkt's initial heuristic
keeps ``J. R. R. Tolkien`` together (the next word is a capitalised unknown)
while still breaking ``plan B. The others agreed``."""

# Common words that start sentences capitalised and are otherwise written in
# lower case. Punkt's orthographic heuristic uses this to decide whether an
# abbreviation, initial, number or ellipsis is followed by a new sentence.
_SENTENCE_STARTERS: Final = frozenset(
    """
    a about above according after again against all also although always among
    an and another any anyone anything are as at because before being below
    besides both but by can could despite did do does during each either even
    ever every everyone everything few finally first following for from further
    furthermore had has have having he her here hers herself him himself his how
    however if in indeed instead into is it its itself just last later let like
    many may maybe meanwhile might more moreover most much must my many nearly
    neither never nevertheless next no nobody none nor not nothing now of often
    on once one only or other others otherwise our ours ourselves over overall
    perhaps please rather recently second several she should similarly since so
    some someone something sometimes soon still such that the their theirs them
    themselves then there therefore these they third this those though thus to
    today together too under unless unlike until up upon us usually very was we
    were what whatever when whenever where whether which while who whoever why
    will with within without would yes yet you your yours yourself
    """.split()
)

# Punkt's orthographic-context flags (nltk.tokenize.punkt._ORTHO_BEG_UC, ...).
_ORTHO_BEG_UC: Final = 1 << 1
_ORTHO_MID_LC: Final = 1 << 5

_ELLIPSIS_CHAR: Final = "\u2026"
# A Chinese or Japanese sentence's end where another sentence follows, spaced or not (Punkt knows only the
# ASCII marks). A match starts only at a run's first mark (or a long run of marks would be tried from each
# of them). Where the mark closes a quotation, the sentence goes on unless a space follows: 「本当？」と彼は
# 聞いた and “真的吗？”他问道 are one sentence each, as "Really?" he asked is.
_CJK_MARKS: Final = "\u3002\uff01\uff1f"
_CJK_SENTENCE_END: Final = re.compile(
    f"(?<![{_CJK_MARKS}])[{_CJK_MARKS}]+"
    f"(?:(?=\\s*[^\\s{_CJK_MARKS}\u300d\u300f\u201d\u2019\uff09\u3011)])"
    f"|[\u300d\u300f\u201d\u2019\uff09\u3011)]+(?=\\s+[^\\s{_CJK_MARKS}]))"
)
_CLOSER: Final = f"[{re.escape(CLOSERS)}]"  # a quote or bracket closing a sentence after its final mark
# A sentence's final ? or ! and the closing quotes or brackets after it
_ENDS_WITH_BANG: Final = re.compile(f"[?!]{_CLOSER}*$")


def _plain(pattern: object, flags: int = 0) -> re.Pattern[str]:
    """Punkt's own fixed ``pattern`` (NLTK wraps each in a timed ``regex`` pattern, a guard against patterns a
    caller supplies) compiled by ``re``: the same matches, without the wrapper's cost on every token."""
    return re.compile(str(getattr(pattern, "pattern", pattern)), flags)


class _WebLanguageVars(PunktLanguageVars):
    """Punkt's English rules, plus ``…`` as a possible sentence end; its patterns compiled by ``re``."""

    re_boundary_realignment = _plain(PunktLanguageVars.re_boundary_realignment, re.MULTILINE)

    # ``…`` is deliberately *not* in ``sent_end_chars`` (those always break);
    # it is found as a candidate and tokenised on its own, then treated like
    # ``...``: a break only when the next word looks like a sentence start.
    _re_multi_char_punct = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.|\u2026+)"

    @property
    def _re_sent_end_chars(self) -> str:
        return "[.?!\u2026]"

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        if self._plain_word_tokenizer is None:
            self._plain_word_tokenizer = _plain(super()._word_tokenizer_re(), re.VERBOSE)
        return self._plain_word_tokenizer

    def period_context_re(self) -> re.Pattern[str]:
        if self._plain_period_context is None:
            self._plain_period_context = _plain(super().period_context_re(), re.VERBOSE)
        return self._plain_period_context

    _plain_word_tokenizer: re.Pattern[str] | None = None
    _plain_period_context: re.Pattern[str] | None = None


class _WebToken(PunktToken):
    """A Punkt token that also knows the ``…`` character is an ellipsis."""

    __slots__ = ()
    _RE_ELLIPSIS = re.compile(r"(?:\.\.+|\u2026+)$")
    _RE_NUMERIC = _plain(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _plain(PunktToken._RE_INITIAL)
    _RE_ALPHA = _plain(PunktToken._RE_ALPHA)
    _NON_PUNCT = re.compile(r"[^\W\d]")

    @property
    def is_non_punct(self) -> bool:
        """Whether the token's type holds a letter (Punkt's own test, by ``re``)."""
        return bool(self._NON_PUNCT.search(self.type))

    def __init__(self, tok: str, **params) -> None:
        super().__init__(tok, **params)
        if tok.endswith(_ELLIPSIS_CHAR):
            self.period_final = True  # type: ignore[misc]  # a slot of PunktToken's own __slots__


class _WebSentenceTokenizer(PunktSentenceTokenizer):
    """Punkt with title-like abbreviations that never end a sentence."""

    def _second_pass_annotation(self, aug_tok1, aug_tok2):
        reason = super()._second_pass_annotation(aug_tok1, aug_tok2)
        never_ends = aug_tok1.abbr and aug_tok1.type_no_period in _NEVER_END_SENTENCE
        # "A. A. Milne": an initial followed by another initial is a name.
        initials = aug_tok2 is not None and aug_tok1.is_initial and aug_tok2.is_initial
        if never_ends or initials:
            aug_tok1.sentbreak = False
            aug_tok1.abbr = True
        return reason


def punkt_parameters() -> PunktParameters:
    """The Punkt parameters this project uses, built from the tables above."""
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(_SENTENCE_STARTERS)
    for word in _SENTENCE_STARTERS:
        params.ortho_context[word] = _ORTHO_BEG_UC | _ORTHO_MID_LC
    return params


_tokenizer: _WebSentenceTokenizer | None = None
_tokenizer_lock = threading.Lock()


def _get_tokenizer() -> _WebSentenceTokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                _tokenizer = _WebSentenceTokenizer(
                    punkt_parameters(), lang_vars=_WebLanguageVars(), token_cls=_WebToken
                )
    return _tokenizer


def _continues_previous(previous: str, piece: str) -> bool:
    """``"Stop!" she said.`` — a ? or ! followed by a lower-case word is not a break."""
    return bool(_ENDS_WITH_BANG.search(previous)) and piece[:1].islower()


DENSE_MARKS: Final = 8
"""More sentence marks than this in one block, at fewer than :data:`DENSE_WORDS` words a mark, is not prose."""
DENSE_WORDS: Final = 1.5
"""Words a sentence mark in a dense block (see :func:`_dense_cuts`)."""

# A run of sentence marks (Latin, or Chinese and Japanese) and the closing quotes or brackets after it. Matched
# without a lookahead for the space after it, which is checked by hand: a lookahead failing at the end of a long
# run of marks made the pattern backtrack through the run from each of its marks (200 KB of "." took minutes).
_MARK_RUN: Final = re.compile(f"[.!?\u2026{_CJK_MARKS}]+{_CLOSER}*")


def _dense_cuts(text: str) -> list[int] | None:
    """Where to cut ``text`` if it is a dense block, or ``None`` for prose, which Punkt splits.

    A dense block has more than :data:`DENSE_MARKS` sentence marks a space follows and fewer than
    :data:`DENSE_WORDS` words a mark: a run of numbers, initials or exclamation marks ("1. 1. 1.", "A. A. A.",
    "Yes! Yes!"), not prose. It is cut after each mark that ends a word and a space follows; a mark standing
    alone (". . . .", a leader's dots) stays with the words before it. Punkt weighs each mark's context anew,
    about 10 µs a mark: 66,000 of them in 200 KB took a second, and 66,000 lines of "A." two seconds. In the
    extraction corpus's 20,845 texts (gold, every renderer's copy, the bundled articles and the test fixtures),
    the lines of more than 8 marks at under 1.5 words a mark are one page's log lines ("… 8:54:52:166AM . . . .
    . ."), whose dots stay whole.
    """
    if len(text) < 2 * DENSE_MARKS:
        return None
    size = len(text)
    ends = [m for m in _MARK_RUN.finditer(text) if m.end() < size and text[m.end()].isspace()]
    if len(ends) <= DENSE_MARKS or len(text.split()) >= DENSE_WORDS * len(ends):
        return None
    return [m.end() for m in ends if m.start() > 0 and not text[m.start() - 1].isspace()]


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences as written, whitespace collapsed.

    Joining the result with spaces gives ``collapse_whitespace(text)``, but for a space after each cut
    at a Chinese or Japanese sentence end that had none. A dense block of marks that is not prose (see
    :func:`_dense_cuts`) is cut after each mark instead of by Punkt.
    """
    if not text or text.isspace():
        return []
    dense = _dense_cuts(text)
    if dense is not None:
        pieces = (collapse_whitespace(text[a:b]) for a, b in zip([0, *dense], [*dense, len(text)]))
        return [piece for piece in pieces if piece]
    starts = [start for start, _end in _get_tokenizer().span_tokenize(text)]
    # Punkt may start a sentence right after punctuation ("?!"); only cut
    # where whitespace separates the two, so no word is ever split in two.
    cuts = [0] + [s for s in starts if s > 0 and text[s - 1].isspace()] + [len(text)]
    sentences: list[str] = []
    for begin, end in zip(cuts, cuts[1:]):
        piece = collapse_whitespace(text[begin:end])
        if not piece:
            continue
        if sentences and _continues_previous(sentences[-1], piece):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.extend(_cjk_sentences(piece))
    return sentences


def _cjk_sentences(piece: str) -> list[str]:
    """``piece`` cut after each Chinese or Japanese sentence end that another sentence follows."""
    cuts = [0] + [m.end() for m in _CJK_SENTENCE_END.finditer(piece) if m.start() > 0] + [len(piece)]
    return [piece[a:b].strip() for a, b in zip(cuts, cuts[1:]) if piece[a:b].strip()]


# Where a long sentence may be cut for speech, best first: after a clause
# mark, after a dash, after a comma, then at any space.
_CLAUSE_TIERS: Final = (
    re.compile(r"[;:](?= )"),
    re.compile(r"(?:[\u2014\u2013]| -{1,2})(?= )|[\u2014\u2013](?=\S)"),
    re.compile(r",(?= )"),
    re.compile(r"\S(?= )"),
)


def _best_cut(text: str, max_chars: int) -> int | None:
    """Index just after the best split point within ``max_chars``, if any."""
    window = text[: max_chars + 1]
    shortest = max_chars // 3  # don't cut off a tiny first chunk
    fallback = 0
    for tier in _CLAUSE_TIERS:
        ends = [m.end() for m in tier.finditer(window) if m.end() <= max_chars]
        good = [e for e in ends if e >= shortest]
        if good:
            return good[-1]
        fallback = max(ends, default=fallback)
    if fallback:
        return fallback  # only split points near the start: still better than overlong
    # No split point in reach: cut at the first space after it (overlong word).
    beyond = text.find(" ", max_chars)
    return beyond if beyond > 0 else None


MAX_SENTENCE_CHARS: Final = 1000
"""No sentence is longer (about a minute of speech): memory, audio buffers and every key stay bounded."""


def bounded_sentences(sentences: list[str], max_chars: int = MAX_SENTENCE_CHARS) -> list[str]:
    """Sentences of at most ``max_chars`` characters.

    The split rule: a longer sentence is cut where :func:`speakable_chunks`
    cuts (after ``;``/``:``, a dash, a comma, else at a space); a piece that is
    still too long has a "word" longer than ``max_chars`` (a URL, base64,
    garbage) and is cut every ``max_chars`` characters.
    """
    out: list[str] = []
    for sentence in sentences:
        if len(sentence) <= max_chars:
            out.append(sentence)
            continue
        for piece in speakable_chunks(sentence, max_chars):
            out.extend(piece[i : i + max_chars] for i in range(0, len(piece), max_chars))
    return out


def speakable_chunks(sentence: str, max_chars: int = 220) -> list[str]:
    """Split an over-long sentence into pieces a TTS engine handles well.

    Cuts after ``;`` or ``:``, then dashes, then commas, then at spaces, so
    each piece is at most ``max_chars`` long wherever a split point exists.
    Words are never cut; joining the pieces with spaces (or directly, after an
    unspaced dash) gives back the sentence with whitespace collapsed.
    """
    text = collapse_whitespace(sentence)
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    chunks: list[str] = []
    while len(text) > max_chars:
        cut = _best_cut(text, max_chars)
        if cut is None:
            break
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            chunks.append(head)
    if text:
        chunks.append(text)
    return chunks

"""``reader export --verify``: listen to the written episode with an offline
recogniser and report sentences whose words were not heard (a truncated
sentence, a neural voice's skipped or garbled words).

Each transcript cue's stretch of the decoded episode is recognised by
pocketsphinx against a grammar of that sentence's own words, each optional
and in order: recognition is then a check of *which* expected words are
heard, robust enough for formant speech, where open-vocabulary recognition
of espeak-ng misses most words. A sentence is flagged when under half of its
words are heard, or almost none of its last third (cut short). A section is
far off when most of its sentences are flagged; then the export fails.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Sequence

from reader.errors import ReaderError

RATE: Final = 16_000
HEARD_MIN: Final = 0.5
"""A sentence with a smaller share of its words heard is flagged."""
TAIL_MIN: Final = 0.34
"""A sentence with a smaller share of its last third heard is flagged (cut short)."""
SECTION_FAR_OFF: Final = 0.5
"""A section with more than this share of its sentences flagged fails the export."""
MIN_WORDS: Final = 3
"""Utterances with fewer known words are not judged."""
INSTALL_HINT: Final = "pip install 'article-reader-tts[verify]' (the pocketsphinx recogniser with its English model)"


@dataclass(frozen=True)
class SentenceCheck:
    """What the recogniser heard of one cue."""

    start: float
    end: float
    text: str
    heard: float
    """Share of the sentence's words heard."""
    tail: float
    """Share of its last third heard."""

    @property
    def flagged(self) -> bool:
        return self.heard < HEARD_MIN or self.tail < TAIL_MIN


@dataclass(frozen=True)
class SectionCheck:
    title: str
    sentences: tuple[SentenceCheck, ...]

    @property
    def far_off(self) -> bool:
        flagged = sum(s.flagged for s in self.sentences)
        return bool(self.sentences) and flagged / len(self.sentences) > SECTION_FAR_OFF


def _plain_words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def heard_share(pcm: bytes, spoken: str) -> tuple[float, float]:
    """``(share of words heard, share of the last third heard)`` of ``spoken``
    in 16 kHz mono PCM, recognised against a grammar of its own words."""
    try:
        from pocketsphinx import Decoder
    except ImportError:
        raise ReaderError(f"--verify needs an offline recogniser: {INSTALL_HINT}") from None
    decoder = Decoder(samprate=RATE, loglevel="FATAL")
    expected = [w for w in _plain_words(spoken) if decoder.lookup_word(w)]
    if len(expected) < MIN_WORDS:
        return 1.0, 1.0  # a heading of a word or two: too little to judge by ear
    if len(pcm) < RATE // 5:
        return 0.0, 0.0
    grammar = "#JSGF V1.0;\ngrammar sentence;\npublic <sentence> = " + " ".join(f"[{w}]" for w in expected) + ";"
    decoder.add_jsgf_string("sentence", grammar)
    decoder.activate_search("sentence")
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    heard = _plain_words(hypothesis.hypstr) if hypothesis is not None else []
    matched = _in_order(expected, heard)
    tail_from = len(expected) - max(1, len(expected) // 3)
    tail = sum(1 for i in matched if i >= tail_from) / (len(expected) - tail_from)
    return len(matched) / len(expected), tail


def _in_order(expected: list[str], heard: list[str]) -> list[int]:
    """Indices of ``expected`` matched by ``heard``, both in order (the grammar keeps the order)."""
    out, at = [], 0
    for word in heard:
        while at < len(expected) and expected[at] != word:
            at += 1
        if at < len(expected):
            out.append(at)
            at += 1
    return out


def decode_pcm(path: Path) -> bytes:
    """The file's audio as 16 kHz mono 16-bit PCM (ffmpeg)."""
    from reader.audio.ffmpeg import ffmpeg_path

    done = subprocess.run(
        [ffmpeg_path(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        capture_output=True,
        start_new_session=True,  # Ctrl-C stops this program, which then stops ffmpeg
    )
    if done.returncode != 0:
        raise ReaderError(
            f"cannot decode {path.name} to verify it: {done.stderr.decode(errors='replace').strip()[:200]}"
        )
    return done.stdout


def check_cues(pcm: bytes, cues: Sequence[Any], spoken: dict[str, str]) -> list[SentenceCheck]:
    """One check per cue (``start``, ``end``, ``text``) of the 16 kHz ``pcm``;
    ``spoken`` maps a cue's written text to what was said."""
    checks = []
    for cue in cues:
        begin, end = int(cue.start * RATE) * 2, int(cue.end * RATE) * 2
        heard, tail = heard_share(pcm[begin:end], spoken.get(cue.text, cue.text))
        checks.append(SentenceCheck(cue.start, cue.end, cue.text, heard, tail))
    return checks


def check_sections(checks: list[SentenceCheck], chapters: Sequence[Any]) -> list[SectionCheck]:
    """The checks grouped by chapter (``title``, ``start``, ``end``)."""
    last = len(chapters) - 1
    return [
        SectionCheck(c.title, tuple(s for s in checks if c.start <= s.start and (s.start < c.end or i == last)))
        for i, c in enumerate(chapters)
    ]


__all__ = ["SectionCheck", "SentenceCheck", "check_cues", "check_sections", "decode_pcm", "heard_share"]

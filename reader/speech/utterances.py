"""From an article to utterances, and from utterances to audio.

Export and the interactive reader share this layer: :func:`plan_article`
decides *what* is said (heading announcements, sentences, pauses) and
:class:`Synthesizer` turns one utterance at a time into an :class:`Audio`
buffer, through the on-disk cache, with very long sentences split at clause
boundaries so no engine chokes on them.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Literal, Sequence

from reader.speech.cache import AudioCache
from reader.speech.engines.base import Audio, Engine, SpeechSettings
from reader.document.model import Article, Section
from reader.speech.presets import Preset

Normalizer = Callable[[str], str]
"""Turns written text into what the engine should say."""

CHUNK_GAP_SECONDS = 0.08
"""Silence between the clause chunks of one over-long sentence."""
EARCON_NOTES = ((660.0, 0.07), (880.0, 0.09))
"""The heading chime: two soft rising notes (Hz, seconds), then :data:`EARCON_GAP` of silence."""
EARCON_GAP = 0.08
EARCON_LEVEL = 0.18
"""Peak of the chime (full scale 1.0): under speech, so it marks without startling."""


def earcon(sample_rate: int) -> bytes:
    """The heading chime as 16-bit mono PCM at ``sample_rate``: each note with 10 ms fades, so no click."""
    import numpy as np

    parts = []
    for frequency, seconds in EARCON_NOTES:
        t = np.arange(round(seconds * sample_rate)) / sample_rate
        fade = np.minimum(1.0, np.minimum(t, seconds - t) / 0.01)
        parts.append(np.sin(2 * np.pi * frequency * t) * fade * EARCON_LEVEL)
    parts.append(np.zeros(round(EARCON_GAP * sample_rate)))
    return (np.concatenate(parts) * 32767).astype("<i2").tobytes()


def identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Utterance:
    """One thing to say: a heading announcement or one sentence."""

    kind: Literal["heading", "sentence"]
    section_index: int
    text: str
    """As written (for transcripts and the screen)."""
    spoken: str
    """What the engine is given (normalised)."""
    settings: SpeechSettings
    pause_after: float
    """Seconds of silence after it."""


_DOUBLED_STOP = re.compile(r"([.!?…:;][\"'”’)]*)\.(?=\s|$)")


def _spoken_heading(
    text: str, shown: str, section_index: int, preset: Preset, normalize: Normalizer, pause: float
) -> Utterance:
    """A heading said in the heading voice; "{title}." after a title that
    already ends a sentence ("Why Sleep?") keeps one stop."""
    return Utterance(
        kind="heading",
        section_index=section_index,
        text=shown,
        spoken=normalize(_DOUBLED_STOP.sub(r"\1", text)),
        settings=preset.heading_settings(),
        pause_after=pause,
    )


def heading_utterance(
    article: Article, section_index: int, preset: Preset, normalize: Normalizer = identity
) -> Utterance | None:
    """The announcement for a section's heading, or ``None`` if there is none."""
    section: Section = article.sections[section_index]
    if not preset.announce_headings or not section.title:
        return None
    text = preset.heading_template.format(number=section.number, title=section.title, level=section.level)
    return _spoken_heading(text, section.title, section_index, preset, normalize, preset.paragraph_pause)


def title_utterance(
    article: Article, section_index: int, preset: Preset, normalize: Normalizer = identity
) -> Utterance | None:
    """The article's title, said once at the start of a whole episode (placed
    in the first section that has something to say), or ``None`` when the
    article has no title or the preset announces no headings."""
    if not preset.announce_headings or not article.title:
        return None
    return _spoken_heading(f"{article.title}.", article.title, section_index, preset, normalize, preset.section_pause)


def sentence_utterances(
    article: Article, section_index: int, preset: Preset, normalize: Normalizer = identity
) -> list[Utterance]:
    """One utterance per sentence of a section, with pauses set by position."""
    section = article.sections[section_index]
    out: list[Utterance] = []
    settings = preset.speech_settings()
    for paragraph in section.paragraphs:
        for pos, sentence in enumerate(paragraph.sentences):
            last_in_paragraph = pos == len(paragraph.sentences) - 1
            pause = preset.paragraph_pause if last_in_paragraph else preset.sentence_pause
            out.append(
                Utterance(
                    kind="sentence",
                    section_index=section_index,
                    text=sentence.text,
                    spoken=normalize(sentence.text),
                    settings=settings,
                    pause_after=pause,
                )
            )
    if out:
        out[-1] = dataclasses.replace(out[-1], pause_after=max(out[-1].pause_after, preset.section_pause))
    return out


def plan_section(
    article: Article, section_index: int, preset: Preset, normalize: Normalizer = identity
) -> list[Utterance]:
    """Heading announcement (if any) followed by the section's sentences."""
    heading = heading_utterance(article, section_index, preset, normalize)
    return ([heading] if heading else []) + sentence_utterances(article, section_index, preset, normalize)


def plan_article(
    article: Article,
    preset: Preset,
    normalize: Normalizer = identity,
    sections: Sequence[int] | None = None,
) -> list[Utterance]:
    """Everything to say for the given section indices (default: all)."""
    indices = range(len(article.sections)) if sections is None else sections
    return [u for i in indices for u in plan_section(article, i, preset, normalize)]


def silence(seconds: float, sample_rate: int) -> bytes:
    """``seconds`` of 16-bit mono silence."""
    return b"\x00\x00" * max(0, round(seconds * sample_rate))


def with_pause(audio: Audio, seconds: float) -> Audio:
    """The sentence followed by its pause, so the next one starts on time and
    a key press during the pause acts at once."""
    if seconds <= 0:
        return audio
    return Audio(audio.pcm + silence(seconds, audio.sample_rate), audio.sample_rate)


class Synthesizer:
    """Per-utterance synthesis through the cache.

    Text the engine has already spoken with the same settings comes from the
    cache; very long sentences are synthesized in clause-sized chunks.
    ``fast_engine`` (optional) speaks, in its own default voice, the rates
    above ``engine``'s ceiling.
    """

    def __init__(
        self,
        engine: Engine,
        cache: AudioCache | None = None,
        max_chars: int = 220,
        fast_engine: Engine | None = None,
        heading_chime: bool = False,
    ) -> None:
        self.engine = engine
        self.cache = cache
        self.max_chars = max_chars
        self.fast_engine = fast_engine
        self.heading_chime = heading_chime
        """Start each heading announcement with :func:`earcon` (listening with a voice that has no pitch)."""

    def engine_for(self, settings: SpeechSettings) -> tuple[Engine, SpeechSettings]:
        """The engine that speaks at ``settings.rate``, and the settings for it."""
        if self.fast_engine is not None and settings.rate > self.engine.max_rate:
            return self.fast_engine, dataclasses.replace(settings, voice=None)
        return self.engine, settings

    def _chunk(self, text: str, settings: SpeechSettings) -> Audio:
        engine, settings = self.engine_for(settings)
        key = None
        if self.cache is not None:
            key = self.cache.key(engine.identity(), settings, text)
            hit = self.cache.get(key)
            if hit is not None:
                return hit
        audio = engine.synthesize(text, settings)
        if self.cache is not None and key is not None:
            self.cache.put(key, audio)
        return audio

    def synthesize_text(self, spoken: str, settings: SpeechSettings) -> Audio:
        """Speak ``spoken`` (any length) into one buffer."""
        from reader.document.sentences import speakable_chunks

        chunks = [c for c in speakable_chunks(spoken, self.max_chars) if c.strip()] or [spoken]
        audios = [self._chunk(c, settings) for c in chunks]
        if len(audios) == 1:
            return audios[0]
        rate = audios[0].sample_rate
        gap = silence(CHUNK_GAP_SECONDS, rate)
        return Audio(gap.join(a.pcm for a in audios), rate)

    def synthesize(self, utterance: Utterance) -> Audio:
        """Speak one utterance (without its trailing pause)."""
        if not utterance.spoken.strip():
            return Audio(b"", 22050)
        audio = self.synthesize_text(utterance.spoken, utterance.settings)
        if self.heading_chime and utterance.kind == "heading":
            audio = Audio(earcon(audio.sample_rate) + audio.pcm, audio.sample_rate)
        return audio

    def synthesize_all(
        self, utterances: Iterable[Utterance], workers: int | None = None
    ) -> Iterator[tuple[Utterance, Audio]]:
        """Synthesize in parallel, yielding results in order as they are ready.

        At most ``2 * workers`` utterances are in flight, so memory stays flat
        however long the article is.
        """
        workers = workers or os.cpu_count() or 1
        if not self.engine.thread_safe or workers == 1:
            for u in utterances:
                yield u, self.synthesize(u)
            return
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            pending: list[tuple[Utterance, concurrent.futures.Future[Audio]]] = []
            for u in utterances:
                pending.append((u, pool.submit(self.synthesize, u)))
                if len(pending) >= 2 * workers:
                    first, future = pending.pop(0)
                    yield first, future.result()
            for u, future in pending:
                yield u, future.result()

"""Loudness targets, and the gain set up front from a sample of the article.

Knowing the gain before synthesis is finished lets encoding start while the
rest is still being synthesized; the full measurement made while encoding
checks it (see :data:`LOUDNESS_TOLERANCE`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

import numpy as np

from reader.audio.limiter import limit
from reader.audio.loudness import LoudnessMeter
from reader.audio.pcm import db_to_gain, resample_linear, to_float
from reader.speech.engines.base import Audio
from reader.speech.utterances import Synthesizer

if TYPE_CHECKING:
    from reader.export.options import ExportOptions
    from reader.export.tracks import Track

MONO_TARGET_LUFS: Final = -19.0
"""AES TD1004 / Apple: −16 LUFS for stereo, −19 LUFS for mono (a mono file
is heard about 3 dB louder when played on two speakers)."""
STEREO_TARGET_LUFS: Final = -16.0
STEREO_LOUDNESS_OFFSET: Final = 10 * math.log10(2)
"""Two identical channels measure 3.01 LU louder than one."""
SAMPLE_UTTERANCES: Final = 8
"""How many utterances, spread over the article, set the gain up front.
On the 3 bundled articles and the 34 loader fixtures the full measurement
then lands within 0.21 LU of the target (RMS 0.08 LU; 12 utterances: 0.23
and 0.07; 4: 0.38 and 0.18), far inside :data:`LOUDNESS_TOLERANCE`, and
encoding starts sooner: the sample is synthesized before it can."""
LOUDNESS_TOLERANCE: Final = 0.5
"""If the full measurement differs from the target by more than this (LU),
the article is encoded again with the corrected gain."""


def pre_codec_target(options: ExportOptions) -> float:
    """Loudness of one channel of the PCM handed to the encoder."""
    stereo = STEREO_LOUDNESS_OFFSET if options.channels == 2 else 0.0
    return options.target - stereo + options.audio_format.codec_trim_db


def speech_samples(audio_pcm: bytes, audio_rate: int, rate: int) -> np.ndarray:
    """16-bit PCM from the engine as float samples at the stream's ``rate``."""
    return resample_linear(to_float(audio_pcm), audio_rate, rate)


STEADY_DB: Final = 0.25
"""A new gain estimate within this many dB of the earlier run's is not used:
the earlier gain is kept, so a re-export after a small edit (one word
respelt) encodes only the sections whose speech changed. Well under what
anyone hears, and the full measurement still holds the loudness to
:data:`LOUDNESS_TOLERANCE`."""


def steady_gain(estimate: float, previous: float | None) -> float:
    """``previous`` when ``estimate`` is within :data:`STEADY_DB` of it, else ``estimate``."""
    if previous is not None and previous > 0 and estimate > 0:
        if abs(20 * math.log10(estimate / previous)) <= STEADY_DB:
            return previous
    return estimate


def processed(audio: Audio, rate: int, gain: float, ceiling_db: float) -> np.ndarray:
    """An utterance as it is encoded: at the stream's rate, turned up by
    ``gain`` and limited to ``ceiling_db``."""
    return limit(speech_samples(audio.pcm, audio.sample_rate, rate) * gain, db_to_gain(ceiling_db), rate)


def sampled_gain(
    tracks: list[Track], synthesizer: Synthesizer, options: ExportOptions, rate: int, target: float
) -> float:
    """Gain that brings the article to ``target``, judged from a sample of
    utterances spread over the whole article.

    Knowing the gain before synthesis is finished lets encoding run while
    the rest is synthesized. One engine's speech is even in level, so the
    sample is accurate to a few tenths of a dB; the full measurement made
    while encoding checks it (see :data:`LOUDNESS_TOLERANCE`).
    """
    spoken = [u for t in tracks for u in t.utterances if u.spoken.strip()]
    step = max(1, len(spoken) // SAMPLE_UTTERANCES)
    ceiling = db_to_gain(options.audio_format.peak_ceiling_db)
    pieces = []
    meter = LoudnessMeter(rate)
    position = 0
    # Measured as they arrive, while the rest are still being synthesized.
    for _utterance, audio in synthesizer.synthesize_all(spoken[::step], options.workers):
        x = speech_samples(audio.pcm, audio.sample_rate, rate)
        pieces.append(x)
        meter.add(x, position)
        position += x.size + rate // 2
    meter.extend_to(position)
    loudness = meter.integrated()
    if not math.isfinite(loudness):
        return 1.0
    gain = db_to_gain(target - loudness)  # right but for the limiter
    for _ in range(2):  # the limiter lowers loudness a little; converge on it
        # The audio is measured once: what the limiter takes off each
        # utterance (its energy ratio) is applied as that utterance's gain.
        # (Two rounds land within 0.011 dB on the bundled articles and the
        # loader fixtures.)
        gains = np.array([gain * _limiter_factor(x, gain, ceiling, rate) for x in pieces])
        loudness = meter.integrated(gains)
        if not math.isfinite(loudness):
            return 1.0
        gain *= db_to_gain(target - loudness)
    return gain


def _limiter_factor(x: np.ndarray, gain: float, ceiling: float, rate: int) -> float:
    """How much the limiter turns ``x × gain`` down (RMS ratio, ≤ 1)."""
    louder = x * gain
    limited = limit(louder, ceiling, rate)
    if limited is louder:
        return 1.0
    before = float(np.dot(louder, louder))
    return math.sqrt(float(np.dot(limited, limited)) / before) if before > 0 else 1.0

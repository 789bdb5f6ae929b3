"""A look-ahead peak limiter, vectorised with numpy.

It computes, for every sample, the gain that would keep it (and the
inter-sample point after it) under the ceiling, spreads each reduction over
a short window before and after the peak (a sliding minimum) and smooths the
result (a moving average no wider than that window), so the gain never rises
above what a peak needs and never jumps. Only signals that exceed the
ceiling are touched.
"""

from __future__ import annotations

from typing import Final

import numpy as np

ATTACK_SECONDS: Final = 0.004


def peak_envelope(samples: np.ndarray) -> np.ndarray:
    """|x| and, for each sample, the cubic-interpolated midpoint to its
    neighbours: a cheap stand-in for true-peak detection."""
    detect = np.abs(samples)
    if samples.size >= 4:
        x = samples
        mid = np.abs((-x[:-3] + 9 * x[1:-2] + 9 * x[2:-1] - x[3:]) * (1 / 16))
        np.maximum(detect[1:-2], mid, out=detect[1:-2])
        np.maximum(detect[2:-1], mid, out=detect[2:-1])
    return detect


def sliding_min(values: np.ndarray, size: int) -> np.ndarray:
    """Centred running minimum over ``size`` (odd) samples, O(n)
    (van Herk / Gil-Werman), padding with 1.0 (= no reduction)."""
    half = size // 2
    n = values.size
    tail = (-(n + 2 * half)) % size
    padded = np.ones(n + 2 * half + tail, dtype=values.dtype)  # (np.pad costs more than the rest here)
    padded[half : half + n] = values
    padded = padded.reshape(-1, size)
    prefix = np.minimum.accumulate(padded, axis=1).ravel()
    suffix = np.minimum.accumulate(padded[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suffix[:n], prefix[size - 1 : size - 1 + n])


def moving_average(values: np.ndarray, size: int) -> np.ndarray:
    """Centred moving average over ``size`` (odd) samples; the edge values
    are repeated beyond the ends."""
    half = size // 2
    padded = np.empty(values.size + size, dtype=np.float64)
    padded[: half + 1] = values[0]
    padded[half + 1 : half + 1 + values.size] = values
    padded[half + 1 + values.size :] = values[-1]
    cumulative = np.cumsum(padded)
    return ((cumulative[size:] - cumulative[:-size]) / size).astype(np.float32)


MIDPOINT_GAIN: Final = 1.25
"""The cubic midpoint is at most (1 + 9 + 9 + 1) / 16 times the largest of
its four neighbours."""


def envelope_at(samples: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """:func:`peak_envelope` at ``indices`` only (same arithmetic, so the
    same values)."""
    x = samples
    n = x.size
    out = np.abs(x[indices])
    for before, first, last in ((1, 1, n - 3), (2, 2, n - 2)):
        # The midpoint after sample i (before=1) and the one before it (before=2).
        ok = (indices >= first) & (indices <= last)
        i = indices[ok] - before
        mid = np.abs((-x[i] + 9 * x[i + 1] + 9 * x[i + 2] - x[i + 3]) * (1 / 16))
        out[ok] = np.maximum(out[ok], mid)
    return out


def _over_ceiling(samples: np.ndarray, ceiling: float) -> np.ndarray:
    """Indices where :func:`peak_envelope` exceeds ``ceiling``, computed
    only within two samples of a sample louder than ceiling / 1.25 (in
    speech, well under 1 % of the samples)."""
    loud = np.flatnonzero(np.abs(samples) > ceiling / MIDPOINT_GAIN)
    if loud.size == 0:
        return loud
    near = np.zeros(samples.size, dtype=bool)
    for offset in range(-2, 3):
        near[np.clip(loud + offset, 0, samples.size - 1)] = True
    candidates = np.flatnonzero(near)
    return candidates[envelope_at(samples, candidates) > ceiling]


def _local_envelope(samples: np.ndarray, start: int, end: int) -> np.ndarray:
    """:func:`peak_envelope` of the whole signal, for ``start:end`` only (a
    value depends on the two samples either side)."""
    low, high = max(0, start - 2), min(samples.size, end + 2)
    return peak_envelope(samples[low:high])[start - low : end - low]


def limit(samples: np.ndarray, ceiling: float, sample_rate: int) -> np.ndarray:
    """``samples`` with peaks above ``ceiling`` (linear) turned down smoothly.

    Only the stretches around peaks are processed: speech exceeds the
    ceiling in short clusters, and this keeps the limiter cheap enough to run
    on every sentence.
    """
    if samples.size == 0:
        return samples
    over = _over_ceiling(samples, ceiling)
    if over.size == 0:
        return samples
    width = max(1, round(ATTACK_SECONDS * sample_rate))
    reach = 2 * width + 2  # beyond this, a peak's reduction has faded out
    gaps = np.flatnonzero(np.diff(over) > 2 * reach)
    firsts = over[np.concatenate([[0], gaps + 1])]
    lasts = over[np.concatenate([gaps, [over.size - 1]])]
    out = samples.copy()
    for first, last in zip(firsts.tolist(), lasts.tolist()):
        start, end = max(0, first - reach), min(samples.size, last + reach + 1)
        detect = _local_envelope(samples, start, end)
        needed = np.minimum(1.0, ceiling / np.maximum(detect, 1e-12)).astype(np.float32)
        # The average of minima over a window that contains the peak is at
        # most the peak's own requirement, so the ceiling holds exactly.
        envelope = moving_average(sliding_min(needed, 2 * width + 1), (width // 2) * 2 + 1)
        out[start:end] *= np.minimum(envelope, 1.0)
    return out

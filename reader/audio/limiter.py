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
    padded = np.pad(values, (half, half + tail), constant_values=1.0).reshape(-1, size)
    prefix = np.minimum.accumulate(padded, axis=1).ravel()
    suffix = np.minimum.accumulate(padded[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suffix[:n], prefix[size - 1 : size - 1 + n])


def moving_average(values: np.ndarray, size: int) -> np.ndarray:
    """Centred moving average over ``size`` (odd) samples; the edge values
    are repeated beyond the ends."""
    half = size // 2
    padded = np.pad(values.astype(np.float64), (half + 1, half), mode="edge")
    cumulative = np.cumsum(padded)
    return ((cumulative[size:] - cumulative[:-size]) / size).astype(np.float32)


def limit(samples: np.ndarray, ceiling: float, sample_rate: int) -> np.ndarray:
    """``samples`` with peaks above ``ceiling`` (linear) turned down smoothly.

    Only the stretches around peaks are processed: speech exceeds the
    ceiling in short clusters, and this keeps the limiter cheap enough to run
    on every sentence.
    """
    if samples.size == 0:
        return samples
    detect = peak_envelope(samples)
    over = np.flatnonzero(detect > ceiling)
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
        needed = np.minimum(1.0, ceiling / np.maximum(detect[start:end], 1e-12)).astype(np.float32)
        # The average of minima over a window that contains the peak is at
        # most the peak's own requirement, so the ceiling holds exactly.
        envelope = moving_average(sliding_min(needed, 2 * width + 1), (width // 2) * 2 + 1)
        out[start:end] *= np.minimum(envelope, 1.0)
    return out

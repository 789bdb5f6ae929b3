"""PCM arithmetic on numpy arrays: conversion, gain, resampling, true peak.

Engines hand us mono 16-bit PCM at their own sample rate; everything here
works on float32 arrays in the range −1…1 so gain and analysis need no
special cases.
"""

from __future__ import annotations

import functools
import math
from typing import Final

import numpy as np

FULL_SCALE: Final = 32768.0
TRUE_PEAK_RATE: Final = 176_400
"""Analysis rate for true peak: BS.1770 asks for at least 4× oversampling of
44.1/48 kHz material, i.e. about 176–192 kHz."""


def to_float(pcm: bytes) -> np.ndarray:
    """16-bit little-endian mono PCM → float32 in −1…1."""
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / FULL_SCALE


def to_pcm16(samples: np.ndarray, gain: float = 1.0) -> bytes:
    """float samples × ``gain`` → 16-bit little-endian PCM (clipped)."""
    scaled = samples * (gain * FULL_SCALE)
    np.clip(scaled, -FULL_SCALE, FULL_SCALE - 1, out=scaled)
    return np.rint(scaled).astype("<i2").tobytes()


def resample_linear(samples: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """Linear-interpolation resampling; used only to bring a second voice with
    a different rate onto the stream's rate (the encoder does the final,
    high-quality conversion to 44.1 kHz)."""
    if source_rate == target_rate or samples.size == 0:
        return samples
    count = max(1, round(samples.size * target_rate / source_rate))
    positions = np.arange(count, dtype=np.float64) * (source_rate / target_rate)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


@functools.lru_cache(maxsize=8)
def _interpolation_kernel(factor: int, half_width: int = 12) -> np.ndarray:
    """Windowed-sinc taps, one row per fractional position 0…factor-1."""
    offsets = np.arange(-half_width + 1, half_width + 1)
    rows = []
    for phase in range(factor):
        t = offsets - phase / factor
        rows.append(np.sinc(t) * np.kaiser(2 * half_width, 8.0))
    return np.array(rows, dtype=np.float64)  # (factor, 2*half_width)


def true_peak(samples: np.ndarray, sample_rate: int) -> float:
    """Estimated true peak (linear, 1.0 = full scale).

    Inter-sample peaks sit next to large samples, so only neighbourhoods of
    samples within 4 dB of the sample peak are interpolated (a windowed-sinc
    oversampler to about 176 kHz). That keeps this cheap enough to run on
    every sentence.
    """
    if samples.size == 0:
        return 0.0
    magnitude = np.abs(samples)
    sample_peak = float(magnitude.max())
    if sample_peak == 0.0:
        return 0.0
    factor = max(2, math.ceil(TRUE_PEAK_RATE / sample_rate))
    kernel = _interpolation_kernel(factor)
    half = kernel.shape[1] // 2
    candidates = np.flatnonzero(magnitude >= sample_peak * 0.63)
    padded = np.concatenate([np.zeros(half, np.float32), samples, np.zeros(half, np.float32)])
    # Window starting half-1 samples before each candidate, 2*half long.
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half)[candidates + 1]
    interpolated = windows.astype(np.float64) @ kernel.T  # (n, factor)
    return max(sample_peak, float(np.abs(interpolated).max()))


def db_to_gain(db: float) -> float:
    return 10.0 ** (db / 20.0)

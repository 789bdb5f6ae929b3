"""Output formats: file extension, ffmpeg encoder arguments, MIME type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from reader.errors import UsageError


@dataclass(frozen=True)
class AudioFormat:
    """How one output format is encoded and described."""

    name: str
    extension: str
    mime_type: str
    sample_rate: int
    """Output rate: 44.1 kHz, or 48 kHz for Opus (the only rate it decodes
    to); 0 for the rate the engine speaks at (see :meth:`output_rate`)."""
    mono_args: tuple[str, ...]
    """ffmpeg codec arguments for mono output."""
    stereo_args: tuple[str, ...]
    chapters: str
    """``id3`` (CHAP/CTOC frames), ``vorbis`` (CHAPTERxxx comments), ``mp4`` (MP4 chapters) or ``none``."""
    codec_trim_db: float = 0.0
    """Gain added before encoding to cancel the codec's own level change, so
    the *decoded* file meets the loudness target. libmp3lame output decodes
    0.45–0.5 dB quieter than its input (measured with a 1 kHz sine, noise and
    espeak-ng speech, at 64–96 kb/s)."""
    peak_ceiling_db: float = -2.0
    """Sample-peak ceiling of the limiter before encoding. The delivered true
    peak must be at most −1 dBTP; the margin absorbs the overshoot that
    resampling and the codec add. Measured on the bundled articles at −2 dB:
    MP3 and FLAC came out at about −1.9 dBTP, Vorbis −1.2, Opus at 32 kb/s
    −0.66; hence −3 dB for Vorbis and −4 dB for Opus (then −1.4 to −1.9 dBTP)."""

    def codec_args(self, channels: int) -> tuple[str, ...]:
        return self.stereo_args if channels == 2 else self.mono_args

    def output_rate(self, input_rate: int) -> int:
        """The rate a file is written at, for speech synthesized at ``input_rate``."""
        if self.sample_rate:
            return self.sample_rate
        return min(max(input_rate, 16_000), 48_000)


# MP3: constant bit rate so that players seek to chapter starts exactly
# (VBR seeking by Xing TOC is approximate); -compression_level 7 is LAME's
# fast mode, about 3× faster than the default and transparent for speech.
FORMATS: Final[dict[str, AudioFormat]] = {
    f.name: f
    for f in (
        AudioFormat(
            "mp3",
            "mp3",
            "audio/mpeg",
            44_100,
            ("-c:a", "libmp3lame", "-b:a", "64k", "-compression_level", "7"),
            ("-c:a", "libmp3lame", "-b:a", "96k", "-compression_level", "7"),
            "id3",
            codec_trim_db=0.45,
        ),
        AudioFormat(
            "ogg",
            "ogg",
            "audio/ogg",
            # Vorbis at the engine's own rate (22.05 kHz for espeak-ng and
            # Piper), not resampled to 44.1 kHz: half the encoding time, and
            # better speech at the same quality setting, since no bits go to
            # an empty upper octave (PESQ-WB 3.90 against 3.54 at 44.1 kHz on
            # two minutes of the bundled article; benchmarks/export_formats.py).
            0,
            ("-c:a", "libvorbis", "-q:a", "3"),
            ("-c:a", "libvorbis", "-q:a", "3"),
            "vorbis",
            peak_ceiling_db=-3.0,
        ),
        AudioFormat(
            "opus",
            "opus",
            "audio/ogg",
            48_000,
            ("-c:a", "libopus", "-b:a", "32k", "-application", "voip"),
            ("-c:a", "libopus", "-b:a", "48k", "-application", "voip"),
            "vorbis",
            peak_ceiling_db=-4.0,
        ),
        AudioFormat("flac", "flac", "audio/flac", 44_100, ("-c:a", "flac"), ("-c:a", "flac"), "vorbis"),
        AudioFormat("wav", "wav", "audio/wav", 44_100, ("-c:a", "pcm_s16le"), ("-c:a", "pcm_s16le"), "none"),
        # M4B: AAC in MP4, the audiobook container; chapters are MP4 chapters (see reader.export.tags).
        # ffmpeg's fast AAC coder, not its default two-loop search: 3.5x faster, and better on speech
        # (PESQ-WB 4.09 against 3.58 and 3.61 on two 2-minute stretches of the bundled article, 64 kb/s).
        AudioFormat(
            "m4b",
            "m4b",
            "audio/mp4",
            44_100,
            ("-c:a", "aac", "-aac_coder", "fast", "-b:a", "64k"),
            ("-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k"),
            "mp4",
            peak_ceiling_db=-3.0,
        ),
    )
}


def get_format(name: str) -> AudioFormat:
    try:
        return FORMATS[name.lower().lstrip(".")]
    except KeyError:
        raise UsageError(f"unknown audio format {name!r}; choose one of: {', '.join(FORMATS)}") from None

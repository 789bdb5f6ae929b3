"""Audio building blocks for export: PCM arithmetic, loudness measurement
(ITU-R BS.1770) and encoding through ffmpeg."""

"""Offline text-to-speech article reader for the terminal."""

__version__ = "0.1.0"

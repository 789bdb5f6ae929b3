"""Worker process for the pyttsx3 adapter (run as a script, never imported
by the reader itself).

pyttsx3 keeps hidden global state (a cached engine per driver, a sticky
save-to-file target, a driver that prints and can hang), so it lives in its
own process: the parent can kill and restart it, and nothing leaks back.

Protocol: one JSON object per line on stdin, one JSON reply per line on the
original stdout. Requests: ``{"op": "ping"}``, ``{"op": "voices"}``,
``{"op": "synth", "text", "path", "voice", "rate", "volume", "pitch"}``.
Replies: ``{"ok": true, ...}`` or ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

# Run by path, Python puts this folder first on sys.path; its module names
# (espeak, piper, ...) must not shadow real packages.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]


def _protocol_stream() -> Any:
    """Keep the real stdout for replies; send anything the driver prints
    (pyttsx3 prints "Audio saved to ...") to stderr instead."""
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return replies


class Synth:
    """One pyttsx3 engine, used only through ``save_to_file`` + ``runAndWait``
    (``say`` on the Linux driver shells out to ``aplay``)."""

    def __init__(self) -> None:
        import pyttsx3

        self.engine = pyttsx3.init()
        self.errors: list[BaseException] = []
        # The driver queue swallows exceptions (e.g. an unknown voice) and
        # only reports them through this callback.
        self.engine.connect("error", self._on_error)
        # The engine is reused, so "no voice asked for" must mean this one,
        # not whatever the previous request set.
        self.default_voice = self.engine.getProperty("voice")
        self.supported = {"voice", "rate", "volume"} | ({"pitch"} if self._has_property("pitch") else set())
        self.applied: dict[str, Any] = {}
        """Properties as last set, so unchanged ones are not set again."""
        self.espeak = sys.modules.get("pyttsx3.drivers._espeak")
        if self.espeak is not None:
            # The driver starts "busy", so the first request's settings would
            # wait in pyttsx3's queue and run after synthesis began; an empty
            # loop clears the flag.
            self.engine.runAndWait()

    def _has_property(self, name: str) -> bool:
        try:  # read straight from the driver, not through the queue
            self.engine.getProperty(name)
        except (KeyError, AttributeError, NotImplementedError):
            return False
        return True

    def _on_error(self, name: Any = None, exception: BaseException | None = None, **_: Any) -> None:
        self.errors.append(exception or RuntimeError("pyttsx3 reported an error"))

    def voices(self) -> list[dict[str, Any]]:
        out = []
        for v in self.engine.getProperty("voices"):
            languages = [
                lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang)
                for lang in (v.languages or [])
            ]
            out.append({"id": v.id, "name": v.name or v.id, "languages": languages, "gender": v.gender or ""})
        return out

    def _settle(self) -> None:
        """Wait until libespeak-ng has applied every queued command.

        The espeak driver runs libespeak-ng asynchronously and ``runAndWait``
        calls ``Cancel`` while commands are pending, silently dropping a rate
        or voice change (measured: about one request in five used the
        previous rate, and one came out empty)."""
        if self.espeak is not None:
            self.espeak.Synchronize()

    def synth(self, request: dict[str, Any]) -> dict[str, Any]:
        self.errors.clear()
        wanted = {
            "voice": request.get("voice") or self.default_voice,
            "rate": int(request["rate"]),
            "volume": float(request["volume"]),
            "pitch": int(request["pitch"]),
        }
        changed = {
            k: v for k, v in wanted.items() if k in self.supported and v is not None and self.applied.get(k) != v
        }
        for key, value in changed.items():
            self.engine.setProperty(key, value)
        if self.errors:
            self.applied.clear()  # a half-applied change: set everything next time
            return {"ok": False, "error": str(self.errors[0])}
        self.applied.update(changed)
        if changed:
            self._settle()
        self.engine.save_to_file(request["text"], request["path"])
        self.engine.runAndWait()
        self._settle()
        if self.errors:
            return {"ok": False, "error": str(self.errors[0])}
        return {"ok": True}


def main() -> None:
    replies = _protocol_stream()
    synth: Synth | None = None
    for line in sys.stdin:
        try:
            request = json.loads(line)
            if synth is None:
                synth = Synth()
            op = request.get("op")
            if op == "ping":
                reply: dict[str, Any] = {"ok": True}
            elif op == "voices":
                reply = {"ok": True, "voices": synth.voices()}
            elif op == "synth":
                reply = synth.synth(request)
            else:
                reply = {"ok": False, "error": f"unknown request {op!r}"}
        except Exception as exc:  # reported to the parent, which raises ReaderError
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        replies.write(json.dumps(reply) + "\n")


if __name__ == "__main__":
    main()

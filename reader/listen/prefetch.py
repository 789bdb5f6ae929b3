"""Speech made ahead of time for the listening session.

:class:`Prefetcher` synthesizes the next few utterances in one background
thread, so moving to the next sentence or section plays audio that is
already there.
"""

from __future__ import annotations

import collections
import threading
from typing import Callable, Final, Sequence

from reader.speech.engines.base import Audio
from reader.speech.utterances import Utterance


class Prefetcher:
    """Synthesizes utterances ahead of time in one background thread.

    :meth:`want` replaces the list of utterances to prepare (nearest first);
    :meth:`get` returns one at once if ready, waits if it is being made, or
    makes it in the caller's thread (when the engine allows two at a time).
    """

    KEEP: Final = 64
    """Finished buffers kept in memory (the disk cache holds the rest)."""

    def __init__(self, synthesize: Callable[[Utterance], Audio], parallel_ok: bool = True) -> None:
        self._synthesize = synthesize
        self._parallel_ok = parallel_ok
        self._cond = threading.Condition()
        self._todo: list[Utterance] = []
        self._busy: set[Utterance] = set()
        self._ready: collections.OrderedDict[Utterance, Audio | BaseException] = collections.OrderedDict()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="prefetch", daemon=True)
        self._thread.start()

    def want(self, upcoming: Sequence[Utterance]) -> None:
        with self._cond:
            self._todo = [u for u in dict.fromkeys(upcoming) if u not in self._ready and u not in self._busy]
            self._cond.notify_all()

    def get(self, utterance: Utterance) -> Audio:
        with self._cond:
            while True:
                if utterance in self._ready:
                    self._ready.move_to_end(utterance)
                    return self._unwrap(self._ready[utterance])
                if utterance in self._busy or not self._parallel_ok:
                    if utterance not in self._busy and utterance not in self._todo[:1]:
                        self._todo.insert(0, utterance)
                        self._cond.notify_all()
                    self._cond.wait()
                    continue
                self._busy.add(utterance)
                break
        return self._unwrap(self._make(utterance))

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._todo = []
            self._cond.notify_all()
        self._thread.join(timeout=5)

    @staticmethod
    def _unwrap(result: Audio | BaseException) -> Audio:
        if isinstance(result, BaseException):
            raise result
        return result

    def _make(self, utterance: Utterance) -> Audio | BaseException:
        try:
            result: Audio | BaseException = self._synthesize(utterance)
        except Exception as exc:  # handed to whoever asks for this utterance
            result = exc
        with self._cond:
            self._busy.discard(utterance)
            self._ready[utterance] = result
            while len(self._ready) > self.KEEP:
                self._ready.popitem(last=False)
            self._cond.notify_all()
        return result

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and not self._todo:
                    self._cond.wait()
                if self._closed:
                    return
                utterance = self._todo.pop(0)
                if utterance in self._ready or utterance in self._busy:
                    continue
                self._busy.add(utterance)
            self._make(utterance)


__all__ = ["Prefetcher"]

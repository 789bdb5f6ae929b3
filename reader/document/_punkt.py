"""Import NLTK's Punkt module without the rest of NLTK.

``import nltk.tokenize.punkt`` first runs ``nltk/__init__.py`` and
``nltk/tokenize/__init__.py``, which import most of NLTK (collocations,
metrics, translation, chunkers, pydoc, numpy, ~250 regular expressions):
about 110 ms, on every command, for one module that needs a handful of
small ones (``nltk.pathsec``, ``nltk.probability``, ``nltk.tokenize.api``…).

So the two package modules are stood in for by empty packages with NLTK's
own search path while Punkt is imported, and every ``nltk`` module is taken
out of ``sys.modules`` again afterwards: this module keeps its private copy
of Punkt, and a later ``import nltk`` (by a plugin, say) imports the whole of
NLTK as usual. If anything about this fails (a future NLTK layout), the
ordinary import is used.

Consequences of the private copy: its classes are not the ones a later
``import nltk.tokenize.punkt`` gives (``isinstance`` across the two is false
and Punkt objects cannot be pickled; reader does neither), and settings made
on the real package (``nltk.redos`` timeouts) do not reach it. It is imported
once, by :mod:`reader.document.sentences`, when an article is first loaded, in the
main thread before any worker starts.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from types import ModuleType

_PACKAGES = ("nltk", "nltk.tokenize")
_MODULE = "nltk.tokenize.punkt"


def _stand_in(name: str) -> ModuleType | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    module = types.ModuleType(name)
    module.__path__ = list(spec.submodule_search_locations)
    module.__spec__ = spec
    module.__package__ = name
    return module


def _nltk_modules() -> list[str]:
    # tuple() copies the keys in one step: another thread may be importing.
    return [name for name in tuple(sys.modules) if name == "nltk" or name.startswith("nltk.")]


def _forget_nltk() -> None:
    for name in _nltk_modules():
        sys.modules.pop(name, None)


def punkt_module() -> ModuleType:
    """``nltk.tokenize.punkt``, imported as cheaply as possible."""
    if _nltk_modules():
        return importlib.import_module(_MODULE)  # NLTK is loaded already: use it
    try:
        for name in _PACKAGES:
            module = _stand_in(name)
            if module is None:
                raise ImportError(name)
            # find_spec("nltk.tokenize") needs the stand-in "nltk" in place.
            sys.modules[name] = module
        punkt = importlib.import_module(_MODULE)
    except Exception:
        _forget_nltk()
        return importlib.import_module(_MODULE)
    _forget_nltk()  # the stand-ins and the few modules Punkt needed
    return punkt

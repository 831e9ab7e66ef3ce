"""medspaCy's ConText without medspaCy's package import.

``import medspacy.context`` first runs ``medspacy/__init__.py``, which imports every medspaCy
component and, through ``medspacy.util``, QuickUMLS with nltk, scipy and scikit-learn: about
1.2 s of start-up for a component that needs none of them (``medspacy.util`` imports QuickUMLS's
spaCy component only to register it). ``import_context()`` imports ``medspacy.context`` under a
package object whose ``__init__`` has not run, with a stand-in for QuickUMLS while it does.

Nothing changes for code that uses medspaCy itself: the stand-in is removed at once (``import
quickumls`` gets the real one), ``medspacy.util`` is imported again for real by whoever asks
next, and the first attribute asked of the package (``medspacy.load``, ``from medspacy import
components``) runs the real ``medspacy/__init__.py`` in it.
"""
from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from typing import Callable

STAND_INS = ("quickumls", "quickumls.spacy_component")


def import_context() -> None:
    """Import ``medspacy.context`` (ConText, ConTextRule) without QuickUMLS, once."""
    if "medspacy.context" in sys.modules or "medspacy" in sys.modules:
        return
    spec = importlib.util.find_spec("medspacy")
    if spec is None or spec.loader is None:
        return  # not installed: the import in the component gives the usual error
    package = importlib.util.module_from_spec(spec)
    package.__getattr__ = _completer(package, spec)  # type: ignore[attr-defined]
    sys.modules["medspacy"] = package
    stand_in = types.ModuleType("quickumls")
    stand_in.spacy_component = types.ModuleType("quickumls.spacy_component")  # type: ignore[attr-defined]
    missing = {name: sys.modules.get(name) for name in STAND_INS}
    sys.modules.update({"quickumls": stand_in, "quickumls.spacy_component": stand_in.spacy_component})
    try:
        importlib.import_module("medspacy.context")
    except BaseException:
        sys.modules.pop("medspacy", None)
        raise
    finally:
        for name, module in missing.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        sys.modules.pop("medspacy.util", None)  # it holds the stand-in: the next import is real


def _completer(package: types.ModuleType, spec: importlib.machinery.ModuleSpec) -> Callable[[str], object]:
    """A module ``__getattr__`` that runs medspaCy's own ``__init__`` in ``package`` once, then
    answers from it: the package is whole again for anyone who uses more than ConText."""

    def complete(name: str) -> object:
        del package.__getattr__
        spec.loader.exec_module(package)
        return getattr(package, name)

    return complete

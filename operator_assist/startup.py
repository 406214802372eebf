"""The two things the app does to start sooner that a maintainer must know about; nothing else does any.

1. **No cycle collection on the way to the window.** The imports and the widgets of the start
   make no garbage cycles, and the collector's passes over their objects find nothing: the
   collector is paused from the command line's start (:func:`pause_collector`) until the window
   has painted (:func:`resume_collector`), or until ``run_gui`` returns, whatever happens.

2. **PySide6's look at each imported module, answered from the file's bytes.** A workaround for
   PySide6 (6.4 and later): for its ``__feature__`` switches it asks of every module imported after
   it whether its source mentions "PySide6", through ``inspect.getsource``, which reads the file
   through ``linecache`` and keeps every line of every module in memory for the life of the
   process. Reported publicly in https://github.com/napari/napari/issues/8584 (with a trace of
   the cost) and https://github.com/pyzo/pyzo/pull/851 (the same hook and its recursion);
   :func:`check_pyside_from_bytes` gives PySide6 the same answer from the module's ``.py`` file
   read as bytes, and leaves every other module (and a PySide6 without that check) to PySide6's
   own code. It replaces ``shibokensupport.feature._mod_uses_pyside``, a private function, so a
   PySide6 upgrade may make it a no-op: ``tests/test_startup.py`` says so when it does.

``OPERATOR_ASSIST_PLAIN_START=1`` switches both off (to tell whether a problem comes from them).
What each is worth is measured in ``bench/run.py`` and written in docs/development.md.
"""

from __future__ import annotations

import gc
import os
import sys

PLAIN_START_ENV = "OPERATOR_ASSIST_PLAIN_START"


def enabled() -> bool:
    return os.environ.get(PLAIN_START_ENV, "").strip() not in ("1", "true", "yes")


def pause_collector() -> None:
    if enabled():
        gc.disable()


def resume_collector() -> None:
    gc.enable()


def check_pyside_from_bytes() -> None:
    """Call before the app's own modules are imported (PySide6 is imported here)."""
    if not enabled():
        return
    feature = _pyside_feature()
    own = pyside_own_check()
    if feature is None or own is None or feature._mod_uses_pyside is not own:
        return  # no such check in this PySide6, or ours is in already

    def uses_pyside(module) -> bool:
        return uses_pyside_from_bytes(module, own)

    uses_pyside.own = own  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside


def uses_pyside_from_bytes(module, own) -> bool:
    """PySide6's answer for ``module``, from its ``.py`` file's bytes; ``own`` (PySide6's check) otherwise."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            pass
    return own(module)


def pyside_own_check():
    """PySide6's own check, or None where this PySide6 asks nothing of imported modules."""
    check = getattr(_pyside_feature(), "_mod_uses_pyside", None)
    return getattr(check, "own", check)


def _pyside_feature():
    import PySide6.QtCore  # noqa: F401  (loads PySide6's support modules)

    return sys.modules.get("shibokensupport.feature")

"""PySide6's look at every module imported after it, answered without keeping their sources.

For its ``__feature__`` switches PySide6 (6.4+, PYSIDE-2029) asks of each module imported after
it whether its source contains "PySide6", with ``inspect.getsource``: that reads the file through
``linecache``, which keeps every line of every module in memory. On the way to the window that is
about 6 ms of CPU and 3.2 MiB (bench/run.py, paired runs). :func:`install` answers the same
question from the file's bytes; a module without a ``.py`` file, or a PySide6 without that check,
is left to PySide6's own code.
"""

from __future__ import annotations

import sys


def install() -> None:
    import PySide6.QtCore  # noqa: F401  (loads PySide6's support modules)

    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None or getattr(check, "reads_bytes", False):
        return

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return check(module)

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]

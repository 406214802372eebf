"""Qt enum values set by name on the way to the first paint.

The first use of ``PySide6.QtCore.Qt`` builds all of the namespace's ~90 Python enums at once
(12 ms of CPU and 1.4 MiB, a tenth of the app's start), so the widgets shown at start set their
Qt enum properties through Qt's property system, which takes an enum's key as a string
(``"AlignCenter"``, ``"AlignHCenter|AlignTop"``) and needs no Python enum; code that runs later
(events, menus, what is built when first shown) imports ``Qt`` where it needs it.
``tests/test_startup.py`` checks that nothing builds the namespace before the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_qt(obj: QObject, **properties: str) -> None:
    """``set_qt(label, alignment="AlignCenter")`` is ``label.setAlignment(Qt.AlignmentFlag.AlignCenter)``.

    Raises ValueError for an unknown property or key (Qt would only return False)."""
    for name, value in properties.items():
        if obj.metaObject().indexOfProperty(name) < 0 or not obj.setProperty(name, value):
            raise ValueError(f"{type(obj).__name__}: no Qt property {name}={value!r}")

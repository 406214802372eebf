"""What the core says is a message code with parameters; the words are in ``operator_assist/messages.py``.

:func:`say` renders a code in the language in use (the core's own modules use it where a text is
handed out, e.g. the offer lamp's caption); an exception that inherits :class:`Said` carries
``code`` and ``params`` and renders them when it is shown (``str(exc)``).
"""

from __future__ import annotations

from typing import Any


def say(code: str, /, **params: Any) -> str:
    """The sentence for ``code`` with ``params`` filled in (``operator_assist.messages.render``)."""
    from ..messages import render

    return render(code, params)


class Said(Exception):
    """An error with a message ``code`` and ``params``: ``str()`` says them in the language in use.

    A text that is not a known code is shown as given (a caller outside the core that passes words).
    """

    def __init__(self, code: str = "", /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return say(self.code, **self.params)


class SaidValueError(Said, ValueError):
    """A bad value (a spec, an argument) said through a message code."""

"""A sentence the core means, not the sentence itself: a message code and its parameters.

The words are in ``operator_assist/messages.py`` and come out in the language in use when they
are said: :class:`Words` is a value (a parameter of another message or of a problem),
:func:`say` renders a code now (where the core hands out a text, e.g. the offer lamp's caption),
and an exception that inherits :class:`Said` carries ``code`` and ``params`` and renders them
when it is shown (``str(exc)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Words:
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Any) -> "Words":
        return cls(code, tuple(params.items()))

    def __str__(self) -> str:
        return say(self.code, **dict(self.params))


@dataclass(frozen=True)
class Label:
    """A name the program shows (a keymap action's label): a message parameter said in the language
    in use, translated in its own ``context`` (``keymap``: ``ui/texts.py`` catalogues those labels)."""

    context: str
    text: str

    def __str__(self) -> str:
        from ..messages import translated

        return translated(self.context, self.text)


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

"""A sentence the core means, not the sentence itself: a message code and its parameters.

``str(words)`` says it through :mod:`operator_assist.messages` (in the user's language, at the
time it is said), so a :class:`Words` can be a parameter of another message or a problem.
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
        from ..messages import render

        return render(self.code, dict(self.params))

"""Which of the app's words the views show for a snapshot, a state, a refused key or a problem list.

The sentences themselves are in ``operator_assist/messages.py`` (``view.*``), translatable like
every other message; here only the choice among them.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..core.commands import Action
from ..core.engine import CallState, InvalidAction, Snapshot, Status, format_mmss
from ..i18n import translate
from ..messages import say

if TYPE_CHECKING:
    from ..core.phrases import PhraseLibrary

_STATES = {
    CallState.IDLE: "view.state.idle",
    CallState.RINGING: "view.state.ringing",
    CallState.TALKING: "view.state.talking",
    CallState.LOOKUP: "view.state.lookup",
    CallState.HOLD: "view.state.hold",
    CallState.ENDED: "view.state.ended",
}
_STATUS = {
    Status.READY: "view.status.ready",
    Status.RINGING: "view.status.ringing",
    Status.ANSWERING: "view.status.answering",
    Status.TALKING: "view.status.talking",
    Status.THANK_FOR_WAITING: "view.status.thank_for_waiting",
    Status.THANK_FOR_LONG_WAITING: "view.status.thank_for_long_waiting",
    Status.LOOKUP: "view.status.lookup",
    Status.SILENCE_WARNING: "view.status.silence_warning",
    Status.HOLD: "view.status.hold",
    Status.HOLD_PREWARNING: "view.status.hold_prewarning",
    Status.HOLD_LIMIT: "view.status.hold_limit",
    Status.PEER_HOLD: "view.status.peer_hold",
    Status.ENDED: "view.status.ended",
}
_SAY_NOW = {status: code.replace("view.status.", "view.say_now.") for status, code in _STATUS.items()}


def action_label(label: str) -> str:
    """A keymap action's label (core/keymap.py) in the language in use."""
    return translate("keymap", label)


def role_label(label: str) -> str:
    """A bundled role's label (standard/roles.yaml) in the language in use; the user's own as written."""
    return translate("roles", label)


def state_words(state: CallState) -> str:
    return say(_STATES[state])


def state_title(snap: Snapshot) -> str:
    """The state in words, as the title line says it: who rings, a hold the softphone has not confirmed."""
    if snap.state is CallState.HOLD and snap.unconfirmed:
        return say("view.title.hold_unconfirmed")
    if snap.state is CallState.RINGING:
        return say("view.title.ringing", number=caller(snap))
    return state_words(snap.state)


def caller(snap: Snapshot) -> str:
    """Who rings: the number as the telephony gave it, or that it did not."""
    return snap.number or say("view.title.no_number")


def limit_words(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if rest == 0:
        return say("view.minutes", n=minutes)
    return format_mmss(seconds)


QUOTED = {
    Status.THANK_FOR_WAITING: "resume.thanks",
    Status.THANK_FOR_LONG_WAITING: "resume.thanks_long",
    Status.SILENCE_WARNING: "hold.clarify",
}
"""The phrase of the library a status quotes: content, in Russian in every language (as it is copied)."""


def quote(status: Status, library: PhraseLibrary | None = None, short: bool = False) -> str:
    """The words of :data:`QUOTED`'s phrase for ``status`` as ``library`` has them (the bundled standard's
    when it has none); ``short``: first and last sentence («… Хорошо/Вы согласны?»). No final full stop."""
    phrase_id = QUOTED[status]
    phrase = library.get(phrase_id) if library is not None else None
    if phrase is None:
        phrase = _bundled().get(phrase_id)
    text = phrase.text if phrase is not None else ""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    if short and len(sentences) > 2:
        text = sentences[0].rstrip(".") + "… " + sentences[-1]
    return text.strip().removesuffix(".")


@functools.cache
def _bundled() -> PhraseLibrary:
    from ..core.phrases import load_bundled

    return load_bundled().library


def _code(snap: Snapshot, table: dict[Status, str]) -> str:
    """The status's message code in ``table``, for what the telephony knows besides the status."""
    s = snap.status
    if s is Status.RINGING and not snap.answerable:
        return table[s] + "_by_hand"
    if snap.unconfirmed and s in (Status.HOLD, Status.HOLD_PREWARNING, Status.HOLD_LIMIT):
        return table[Status.HOLD].rsplit(".", 1)[0] + ".hold_unconfirmed"
    return table[s]


def status_message(snap: Snapshot, library: PhraseLibrary | None = None) -> str:
    """What to do now, in a sentence or two under the timer. Quoted phrases come from ``library``
    (the operator's), in Russian in every language, as they are copied."""
    s = snap.status
    if s is Status.HOLD and not snap.unconfirmed and snap.hold_limit != snap.role.hold_limit:  # the role changed
        return say("view.status.hold_role_changed", limit=limit_words(snap.hold_limit or 0))
    seconds = snap.timers.hold_prewarning if s is Status.HOLD_PREWARNING else snap.timers.silence_warning
    phrase = quote(s, library) if s in QUOTED else ""
    return say(_code(snap, _STATUS), n=int(seconds), limit=limit_words(snap.hold_limit or 0),
               role=role_label(snap.role.label).lower(), phrase=phrase)  # fmt: skip


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """Text as rich-text content (``html.escape`` would import html.entities at start for this)."""
    return text.translate(_ESCAPES)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt renders a tooltip that looks like HTML as HTML."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + escape(text).replace("\n", "<br>") + "</p>"


def time_caption(snap: Snapshot) -> str:
    """What the big number means, so its direction is never a guess."""
    s = snap.status
    if s in (Status.HOLD, Status.HOLD_PREWARNING):
        return say("view.caption.hold_left")
    if s is Status.HOLD_LIMIT:
        return say("view.caption.over_limit")
    if snap.state is CallState.LOOKUP:
        return say("view.caption.lookup") if snap.origin != "audio" else say("view.caption.lookup_audio")
    if snap.state is CallState.ENDED:
        return say("view.caption.ended")
    if snap.state is CallState.IDLE:
        return ""
    if snap.state is CallState.RINGING:
        return say("view.caption.ringing")
    return say("view.caption.talking")


def compact_time(snap: Snapshot) -> tuple[str, str]:
    """(what the number means, the number) for the compact view and the tray: («осталось», «0:46»)."""
    s = snap.status
    if s in (Status.HOLD, Status.HOLD_PREWARNING):
        return say("view.compact.left"), _short(snap.display)
    if s is Status.HOLD_LIMIT:
        return say("view.compact.over_limit"), "+" + _short(snap.display.lstrip("+"))
    if snap.state is CallState.ENDED:
        return say("view.compact.duration"), _short(snap.display)
    return "", _short(snap.display)  # the state's own words say it: «Поиск — тишина», «Разговор», «Входящий звонок · 2002»


def _short(mmss: str) -> str:
    """02:05 → 2:05 (minutes without a leading zero)."""
    minutes, _, seconds = mmss.partition(":")
    return f"{int(minutes)}:{seconds}" if minutes.isdigit() else mmss


def say_now(snap: Snapshot, library: PhraseLibrary | None = None) -> str:
    """One short line of what to say or do now, large in the compact window (quotes as :func:`status_message`)."""
    s = snap.status
    phrase = quote(s, library, short=s is Status.SILENCE_WARNING) if s in QUOTED else ""
    return say(_code(snap, _SAY_NOW), phrase=phrase)


def invalid_action(exc: InvalidAction) -> str:
    """Why a key did nothing, in the operator's words."""
    if exc.action is Action.START_CALL:
        return say("view.refused.end_call_first")
    if exc.state in (CallState.IDLE, CallState.ENDED):
        return say("view.refused.no_call")
    return say("view.refused.not_now", state=state_words(exc.state).lower())


def problem_lines(problems, limit: int = 3) -> tuple[str, str]:
    """(the first ``limit`` problems as «file.yaml:line: message» and «… и ещё N», every problem in full).

    The short form names the file only: a full path fills a narrow panel; it is in the full form.
    """
    from pathlib import PurePath

    shown = [f"{PurePath(p.file).name}:{p.line}: {p.message}" for p in problems[:limit]]
    if len(problems) > limit:
        shown.append(say("view.more_problems", n=len(problems) - limit))
    return "\n".join(shown), "\n".join(str(p) for p in problems)

"""Which of the app's words the views show for a snapshot, a state, a refused key or a problem list.

The sentences themselves are in ``operator_assist/messages.py`` (``view.*``), translatable like
every other message; here only the choice among them.
"""

from __future__ import annotations

from ..core.commands import Action
from ..core.engine import CallState, InvalidAction, Snapshot, Status, format_mmss
from ..i18n import translate
from ..messages import say

_STATES = {
    CallState.IDLE: "view.state.idle",
    CallState.TALKING: "view.state.talking",
    CallState.LOOKUP: "view.state.lookup",
    CallState.HOLD: "view.state.hold",
    CallState.ENDED: "view.state.ended",
}
_STATUS = {
    Status.READY: "view.status.ready",
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


def limit_words(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if rest == 0:
        return say("view.minutes", n=minutes)
    return format_mmss(seconds)


def status_message(snap: Snapshot) -> str:
    """What to do now, in a sentence or two under the timer."""
    s = snap.status
    if s is Status.HOLD and snap.hold_limit != snap.role.hold_limit:  # the role changed during this hold
        return say("view.status.hold_role_changed", limit=limit_words(snap.hold_limit or 0))
    seconds = snap.timers.hold_prewarning if s is Status.HOLD_PREWARNING else snap.timers.silence_warning
    return say(_STATUS[s], n=int(seconds), limit=limit_words(snap.hold_limit or 0), role=role_label(snap.role.label).lower())


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
    return "", _short(snap.display)  # the state's own words say it: «Поиск — тишина», «Разговор»


def _short(mmss: str) -> str:
    """02:05 → 2:05 (minutes without a leading zero)."""
    minutes, _, seconds = mmss.partition(":")
    return f"{int(minutes)}:{seconds}" if minutes.isdigit() else mmss


def say_now(snap: Snapshot) -> str:
    """One short line of what to say or do now, large in the compact window."""
    return say(_SAY_NOW[snap.status])


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

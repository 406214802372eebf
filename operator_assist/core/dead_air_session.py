"""Dead air heard from the audio, turned into the call session's own actions (no Qt).

During «разговор» (talking) a confirmed dead-air episode starts the silence
timer exactly as F6 would, with origin ``audio`` and backdated to the gap's
start (``at``), so the engine's own timer raises the usual warning at gap start
+ threshold. Speech on either side ends a lookup that audio started — never one
the operator started. On hold nothing is raised (music or silence on hold is
fine). A dead air that reaches the warning while the call is *not* on hold and
the operator's microphone gives no signal at all is the standard's «hold, не
mute» case: a notice says so. Each episode heard during a call is journaled as
a ``dead_air`` event: its duration and whether it reached the warning, nothing else.
"""

from __future__ import annotations

from typing import Any, Callable, Protocol

from ..messages import say
from .commands import Action, Command, DeadAirHeard
from .dead_air import Episode, TrackerEvent

ORIGIN = "audio"

HOLD_NOT_MUTE = (
    "dead_air_session.mic_off"
)


class Session(Protocol):
    """The part of ui.call_session.CallSession this link uses."""

    @property
    def snapshot(self) -> Any: ...

    def perform(self, command: Command, origin: str = "window", at: float | None = None) -> str | None: ...


def _state(snapshot: Any) -> str:
    """The engine's state, or ``peer_hold`` while the client holds the operator (their music, not our silence)."""
    state = getattr(snapshot, "state", None)
    state = getattr(state, "value", state) or "idle"
    if state in ("talking", "lookup") and getattr(snapshot, "peer_hold", False):
        return "peer_hold"
    return state


class DeadAirLink:
    """Called on the GUI thread: :meth:`on_snapshot` after each session change, :meth:`on_event` per tracker event."""

    def __init__(
        self,
        session: Session,
        notify: Callable[[str], None] = lambda text: None,
        threshold: float = 10.0,
    ) -> None:
        self.session = session
        self.notify = notify
        self.threshold = threshold
        self.owned: float | None = None
        """Start of the dead air whose lookup audio started (None: audio owns no lookup)."""
        self._open: Episode | None = None
        self._state = _state(session.snapshot)
        self._talking_since: float | None = getattr(session.snapshot, "now", None) if self._state == "talking" else None
        self._call_id = getattr(session.snapshot, "call_id", None)

    # --- the session moved --------------------------------------------------------

    def on_snapshot(self, snapshot: Any) -> None:
        state = _state(snapshot)
        if state != self._state:
            previous, self._state = self._state, state
            if state == "talking" and previous != "lookup":  # a new call, or back from a hold
                self._talking_since = snapshot.now
            if state == "peer_hold" and self.owned is not None and previous == "lookup":
                self.session.perform(Action.END_LOOKUP, ORIGIN)  # the client put us on hold: not our silence
            if state != "lookup":
                self.owned = None  # the operator ended it, or put the client on hold
            if state == "talking" and previous not in ("lookup", "talking") and self._open is not None:  # dead air goes on
                self._start_lookup(self._open)
        self._call_id = getattr(snapshot, "call_id", None)

    # --- the audio heard something --------------------------------------------------

    def on_event(self, event: TrackerEvent) -> None:
        if event.kind == "confirmed":
            self._open = event.episode
            self._start_lookup(event.episode)
        elif event.kind == "warning":
            self._open = event.episode
            if event.episode.operator_muted and _state(self.session.snapshot) in ("talking", "lookup"):
                self.notify(say(HOLD_NOT_MUTE, threshold=self.threshold))
        elif event.kind == "ended":
            self._open = None
            state = _state(self.session.snapshot)
            if self.owned is not None and state == "lookup":
                self.session.perform(Action.END_LOOKUP, ORIGIN, at=event.at)
            self.owned = None
            if state in ("talking", "lookup"):
                self._journal(event)

    def release(self) -> None:
        """Listening stopped: a lookup audio started ends now (no speech will come to end it)."""
        if self.owned is not None and _state(self.session.snapshot) == "lookup":
            self.session.perform(Action.END_LOOKUP, ORIGIN)
        self.owned = None
        self._open = None

    def _start_lookup(self, episode: Episode) -> None:
        if _state(self.session.snapshot) != "talking" or self.owned is not None:
            return
        at = episode.start
        if self._talking_since is not None:
            at = max(at, self._talking_since)  # not before the call (or the hold's end)
        if self.session.perform(Action.START_LOOKUP, ORIGIN, at=at) is None:
            self.owned = episode.start

    def _journal(self, event: TrackerEvent) -> None:
        episode = event.episode
        call_id = getattr(self.session.snapshot, "call_id", None) or self._call_id
        if call_id is None or episode.duration is None:
            return
        start = episode.start if self._talking_since is None else max(episode.start, self._talking_since)
        duration = max(0.0, event.at - start)
        self.session.perform(DeadAirHeard(event.at, duration, duration >= self.threshold - 1e-9), ORIGIN)

"""Dead air heard from the audio, turned into the call session's own actions (no Qt).

Silence heard on the line is not a lookup the operator declared: nothing changes on
screen until it reaches the warning threshold. Then, during «разговор» (talking),
the link starts the silence timer as F6 would, with origin ``audio`` and backdated
to the silence's start (``at``), so the engine's own timer raises the usual warning
at once, stamped with its exact moment (silence start + threshold). Speech on
either side ends a lookup that audio started — never one the operator started.

The rule counts silence within a conversation: at the start of a call, before
anyone has spoken, there is none (the greeting comes first); after a hold, or a
lookup the operator ended, silence counts from that moment. On hold nothing is
raised (music or silence on hold is fine). A dead air that reaches the warning
while the call is *not* on hold and the operator's microphone gives no signal at
all is the standard's «hold, не mute» case: a notice says so. Each episode heard
during a call is journaled as a ``dead_air`` event: its duration and whether it
reached the warning, nothing else.
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
    """Called on the GUI thread: :meth:`on_snapshot` after each session change (at least every second
    during a call), :meth:`on_event` per tracker event."""

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
        snapshot = session.snapshot
        self._state = _state(snapshot)
        in_call = self._state not in ("idle", "ended")
        self._call_start: float | None = snapshot.now if in_call else None
        """Speech heard after this moment starts the rule (listening turned on mid-call: from then)."""
        self._since: float | None = snapshot.now if in_call else None
        """Silence counts from here at the earliest: the call's start, the end of a hold or of the operator's lookup."""
        self._call_id = getattr(snapshot, "call_id", None)

    # --- the session moved --------------------------------------------------------

    def on_snapshot(self, snapshot: Any) -> None:
        state = _state(snapshot)
        if state != self._state:
            previous, self._state = self._state, state
            if previous in ("idle", "ended"):  # a new call
                self._call_start = snapshot.now - snapshot.call_elapsed
            if state == "talking":
                self._since = snapshot.now
            if state == "peer_hold" and self.owned is not None and previous == "lookup":
                self.session.perform(Action.END_LOOKUP, ORIGIN)  # the client put us on hold: not our silence
            if state != "lookup":
                self.owned = None  # the operator ended it, or put the client on hold
        self._call_id = getattr(snapshot, "call_id", None)
        self._warn_if_due(snapshot.now)

    # --- the audio heard something --------------------------------------------------

    def on_event(self, event: TrackerEvent) -> None:
        if event.kind == "confirmed":
            self._open = event.episode
        elif event.kind == "warning":
            self._open = event.episode
            state = _state(self.session.snapshot)
            if event.episode.operator_muted and state in ("talking", "lookup") and self._counts(event.episode):
                self.notify(say(HOLD_NOT_MUTE, threshold=self.threshold))
            self._warn_if_due(max(event.at, self.session.snapshot.now))  # the audio got this far already
        elif event.kind == "ended":
            self._open = None
            state = _state(self.session.snapshot)
            counted = state in ("talking", "lookup") and self._counts(event.episode)
            start = self._silence_start(event.episode) if counted else None  # before the lookup's end moves it
            if self.owned is not None and state == "lookup":
                self.session.perform(Action.END_LOOKUP, ORIGIN, at=event.at)
            self.owned = None
            if start is not None:
                self._journal(event, start)

    def release(self) -> None:
        """Listening stopped: a lookup audio started ends now (no speech will come to end it)."""
        if self.owned is not None and _state(self.session.snapshot) == "lookup":
            self.session.perform(Action.END_LOOKUP, ORIGIN)
        self.owned = None
        self._open = None

    def _counts(self, episode: Episode) -> bool:
        """Silence within this call's conversation: someone spoke in the call before it began."""
        return self._call_start is not None and episode.spoken and episode.start >= self._call_start - 1e-9

    def _silence_start(self, episode: Episode) -> float:
        assert self._since is not None
        return max(episode.start, self._since)

    def _warn_if_due(self, now: float) -> None:
        """The dead air under way reached the threshold during talking: the silence timer starts, backdated."""
        episode = self._open
        if episode is None or self.owned is not None or self._state != "talking" or not self._counts(episode):
            return
        at = self._silence_start(episode)
        if now + 1e-9 < at + self.threshold:
            return
        if self.session.perform(Action.START_LOOKUP, ORIGIN, at=at) is None:
            self.owned = episode.start

    def _journal(self, event: TrackerEvent, start: float) -> None:
        call_id = getattr(self.session.snapshot, "call_id", None) or self._call_id
        if call_id is None or event.episode.duration is None:
            return
        duration = max(0.0, event.at - start)
        self.session.perform(DeadAirHeard(event.at, duration, duration >= self.threshold - 1e-9), ORIGIN)

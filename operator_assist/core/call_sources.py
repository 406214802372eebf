"""Call sources: where the telephony's view of the operator's call comes from (no Qt).

A source turns its telephony's own events (Asterisk AMI, the baresip softphone,
a local HTTP inbox, a plugin) into :class:`~.telephony.TelephonyEvent` objects
and reports its link state as Russian text for the window. Sources are found
through the entry-point group ``operator_assist.call_sources``; the built-ins
are registered there too::

    [project.entry-points."operator_assist.call_sources"]
    crm = "my_package.telephony:CrmCallSource"

A source class is constructed with the text after ``name:`` in the spec
(``ami:127.0.0.1:5038`` → ``"127.0.0.1:5038"``, ``manual`` → None) and a
:class:`TelephonyConfig`. ``start(on_event, on_status)`` returns at once: the
source works on its own thread and calls back from it; it never blocks the
caller, and it reconnects by itself (with backoff) when its link drops.

A source whose telephony the assistant drives (baresip) takes commands for one call: see
:meth:`CallSource.command`. A command that cannot be sent now is refused at once, never kept
to be sent later: the next call must not get it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from ..messages import Said, SaidValueError, Words, say
from .clock import Clock, MonotonicClock
from .plugins import PluginGroup, load_plugin
from .telephony import COMMAND_FAILED, TelephonyEvent

if TYPE_CHECKING:
    from .telephony_queue import Reply

log = logging.getLogger(__name__)

NOT_CONNECTED = "call_sources.not_connected"


class EventHandler(Protocol):
    """Takes a source's event, on the source's thread. A source whose sender waits for the verdict
    (the inbox) passes the ``reply`` that hears it, and False back means refused now (the queue is full)."""

    def __call__(self, event: TelephonyEvent, reply: Reply | None = None, /) -> bool | None: ...


StatusHandler = Callable[["LinkStatus"], object]


@dataclass(frozen=True)
class TelephonyConfig:
    """The ``telephony:`` settings a source may need (the secret is never logged or journaled)."""

    agent: str = ""
    ami_user: str = ""
    ami_secret: str = ""
    data_dir: Path | None = None
    inbox_port: int | None = None
    """The inbox's fixed port (``inbox.port``); None: a free one."""

    def __repr__(self) -> str:  # a secret must not leak through a log of the config
        return (f"TelephonyConfig(agent={self.agent!r}, ami_user={self.ami_user!r}, data_dir={self.data_dir!r}, "
                f"inbox_port={self.inbox_port!r})")  # fmt: skip


class CommandRefused(Said, RuntimeError):
    """A command cannot be sent now (no link, the call is gone); ``str()`` says why."""


@dataclass(frozen=True)
class LinkStatus:
    text: str
    """For the window: «Asterisk: connected», «telephony not connected»… (said in the user's language)."""
    connected: bool


def parse_host_port(arg: str | None, name: str, example: str) -> tuple[str, int]:
    host, _, port = (arg or "").rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SaidValueError("call_sources.needs_address", name=name, example=example)
    return host.strip("[]"), int(port)


class CallSource:
    name = "source"
    label = "call_sources.label"
    """How the window names it («Asterisk», «baresip»…): words or a message code."""
    can_answer = False
    """The operator's «new call» (F5) picks up a ringing call through this source (baresip: accept)."""

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None) -> None:
        if arg:
            raise SaidValueError("call_sources.no_argument", name=self.name, arg=arg)
        self.label = say(self.label)
        self.config = config or TelephonyConfig()
        self.clock: Clock = MonotonicClock()
        self._on_event: EventHandler = lambda event, reply=None: None
        self._on_status: StatusHandler = lambda status: None
        self.status = LinkStatus(say(NOT_CONNECTED), False)

    def start(self, on_event: EventHandler, on_status: StatusHandler, clock: Clock | None = None) -> None:
        """Begin listening; returns at once. Callbacks come from the source's own thread."""
        self._on_event, self._on_status = on_event, on_status
        if clock is not None:
            self.clock = clock
        self._set_status(self.status.text, self.status.connected)

    def stop(self) -> None:
        pass

    @property
    def following(self) -> bool:
        """The source follows this desk's calls. False: it stands by (the team server follows no extension
        of this operator) and the keys alone drive the call, as with ``manual``."""
        return True

    def command(self, action: str, call_id: str | None) -> bool:
        """The operator did ``action`` (start_hold, resume, end_call; ``answer`` for a ringing call)
        in the telephony's call ``call_id`` (None: a call the operator runs by hand).

        True: sent; what became of it comes back as the telephony's own event or as a
        ``command_failed`` event. False: this source does not act on it. Raises
        :class:`CommandRefused` when it cannot be sent now. Never blocks."""
        return False

    def emit(self, kind: str, call_id: str, by: str = "agent", agent: str | None = None, number: str = "") -> None:
        agent = self.config.agent if agent is None else agent
        self._deliver(TelephonyEvent(kind, call_id, self.clock.now(), agent, by, self.name, number))

    def command_failed(self, action: str, call_id: str, detail: str) -> None:
        """A command sent for ``call_id`` was not done (the softphone refused it, the link dropped)."""
        event = TelephonyEvent(COMMAND_FAILED, call_id, self.clock.now(), self.config.agent, "agent", self.name,
                               command=action, detail=detail)  # fmt: skip
        self._deliver(event)

    def _deliver(self, event: TelephonyEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("call source %s: event handler failed", self.name)

    def _set_status(self, text: str, connected: bool) -> None:
        self.status = LinkStatus(text, connected)
        try:
            self._on_status(self.status)
        except Exception:
            log.exception("call source %s: status handler failed", self.name)


class ManualCallSource(CallSource):
    """No telephony: the operator's keys alone (today's behaviour)."""

    name = "manual"

    def __init__(self, arg: str | None = None, config: TelephonyConfig | None = None) -> None:
        super().__init__(arg, config)
        self.status = LinkStatus(say("call_sources.manual"), False)


# --- discovery ------------------------------------------------------------------

SOURCES = PluginGroup(
    "operator_assist.call_sources",
    "plugins.call_source",
    {"manual": ManualCallSource},  # the others through their entry points: their modules load when chosen
    {"ami": "ami:HOST:PORT", "baresip": "baresip:HOST:PORT"},
)


def create_source(spec: str | None, config: TelephonyConfig | None = None) -> CallSource:
    """``name`` or ``name:argument`` → a source. Raises UnknownPlugin (it lists the available ones) or
    ValueError for a bad argument."""
    spec = (spec or "manual").strip()
    name, _, arg = spec.partition(":")
    factory = load_plugin(SOURCES, name)
    try:
        source: CallSource = factory(arg or None, config or TelephonyConfig())
    except ValueError as exc:
        raise SaidValueError("plugins.bad_spec", kind=Words.of(SOURCES.kind), spec=spec, exc=exc) from None
    source.name = name  # events and the journal carry only this identifier, never an address
    return source

"""Ships the journal's events to the team server: the outbox is ``events.id > ack``.

- On every (re)connect the server is asked for its ``last_seq`` for this install and
  shipping resumes from there: a lost ack, a killed app or a server restored from an
  older backup all heal by themselves (events are never deleted from the journal).
- Ordered batches, one HTTP POST each; the server stores a batch in one transaction.
- Only the journal's whitelisted fields leave the PC (re-whitelisted here and on the
  server); the identity is the login the token was issued for.
- The demo/practice journal is never shipped.

No Qt: :class:`BackgroundShipper` is a plain thread; ui/team/sync.py wraps it for the app.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.journal import IDENTITY_LOST, RESEQUENCE_AFTER, Journal, JournalError
from ..i18n import translate
from . import protocol
from .client import DEFAULT_TIMEOUT, AuthError, TeamClient, TeamConfig, TeamError, UnavailableError

log = logging.getLogger(__name__)

DEMO_JOURNAL_NAME = "demo-journal.sqlite3"
"""paths.UserPaths.demo_journal_file: practice calls stay on the PC."""


@dataclass(frozen=True)
class ShipResult:
    sent: int
    """Events sent in this run."""
    stored: int
    """Of those, new to the server (the rest it already had)."""
    batches: int
    first_seq: int | None
    last_seq: int
    """The server's acknowledged sequence after the run."""
    pending: int
    """Events still waiting (0 after a full run)."""
    login: str
    team: str
    install_id: str = ""
    """The journal's install id the server took these events for."""


class Backoff:
    """Exponential backoff with full jitter: a random wait in [0, min(cap, base·2ⁿ)]."""

    def __init__(self, base: float = 2.0, cap: float = 300.0, rng: Callable[[], float] = random.random) -> None:
        self.base, self.cap, self._rng = base, cap, rng
        self.failures = 0

    def next(self) -> float:
        ceiling = min(self.cap, self.base * 2**self.failures)
        self.failures = min(self.failures + 1, 30)
        return self._rng() * ceiling

    def reset(self) -> None:
        self.failures = 0


class Shipper:
    def __init__(
        self,
        journal_path: str | Path,
        config: TeamConfig,
        *,
        batch_size: int = protocol.DEFAULT_BATCH,
        client: TeamClient | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(journal_path)
        if self.path.name == DEMO_JOURNAL_NAME:
            raise TeamError(translate("team", "Журнал тренировок не отправляется на сервер команды."))
        self.config = config
        self.batch_size = max(1, min(batch_size, protocol.MAX_BATCH))
        self.client = client or TeamClient(config)
        self._now = now

    def connect(self) -> tuple[str, dict]:
        """Asks the server what it has for this install; stores that as the ack. (install_id, reply)."""
        box = Journal.open_outbox(self.path)
        try:
            install_id, reply, top = self._hello(box)
            return install_id, reply
        finally:
            box.close()

    def _hello(self, box: Journal) -> tuple[str, dict, int]:
        """(install_id, the server's reply, the journal's top event id) on every (re)connect: a journal
        started afresh after damage takes back the enrolment's install id and moves its events past
        what the server has; a server that counts more events than the journal has stops shipping."""
        if box.meta(IDENTITY_LOST) is not None and self.config.install_id is not None:
            with box.transaction():
                box.set_meta("install_id", self.config.install_id)
                box.set_meta(IDENTITY_LOST, None)
            log.warning("journal %s: the install id %s taken back from the enrolment", self.path, self.config.install_id)
        install_id = box.install_id()
        reply = self.client.install(install_id)
        last_seq = int(reply["last_seq"])
        after = box.meta(RESEQUENCE_AFTER)
        if after is not None:
            shift = box.resequence(int(after), last_seq)
            log.warning("journal %s: events after №%s moved on by %d past the server's №%d", self.path, after, shift,
                        last_seq)  # fmt: skip
        top = box.outbox_top()
        if last_seq > top:  # the server counts events this journal never had: shipping them would skip ours
            raise TeamError(translate("team", "Сервер команды считает, что получил события до №{ack}, а в журнале этого компьютера они только до №{top}: отправка остановлена. Сообщите администратору сервера (установка {install}).").format(ack=last_seq, top=top, install=install_id))
        box.set_acked(self.config.server_key, last_seq, self._now())
        return install_id, reply, top

    def ship(self, max_batches: int | None = None, on_batch: Callable[[int, int, int], None] | None = None) -> ShipResult:
        """Sends everything after the server's ``last_seq`` (or ``max_batches`` batches).

        ``on_batch(first_seq, last_seq, count)`` after each acknowledged batch. Raises
        :class:`AuthError`, :class:`UnavailableError` or another :class:`TeamError`;
        the journal itself is never changed except for the ack.
        """
        box = Journal.open_outbox(self.path)
        try:
            install_id, reply, top = self._hello(box)  # every (re)connect: resume from the server's word
            ack = int(reply["last_seq"])
            sent = stored = batches = 0
            first = None
            while max_batches is None or batches < max_batches:
                rows = box.outbox(ack, self.batch_size)
                if not rows:
                    break
                events = [
                    [seq, at, call_id, kind, protocol.clean_event(kind, json.loads(data))]
                    for seq, at, call_id, kind, data in rows
                ]
                answer = self.client.send(install_id, events, top)
                new_ack = int(answer["last_seq"])
                if new_ack < rows[-1][0]:
                    raise UnavailableError(translate("team", "Сервер подтвердил только до №{new_ack}; повтор позже.").format(new_ack=new_ack))
                ack = new_ack
                box.set_acked(self.config.server_key, ack, self._now())
                first = rows[0][0] if first is None else first
                sent += len(rows)
                stored += int(answer.get("stored", 0))
                batches += 1
                if on_batch:
                    on_batch(rows[0][0], rows[-1][0], len(rows))
            return ShipResult(sent, stored, batches, first, ack, box.outbox_pending(ack), reply.get("login", ""),
                              reply.get("team", ""), install_id)  # fmt: skip
        finally:
            box.close()


class BackgroundShipper:
    """Ships while the app runs, on its own thread: every ``interval`` seconds and on :meth:`wake`.

    Failures back off exponentially with jitter; a refused token waits for a new
    enrolment (``config_loader`` is read again each round). ``on_status(text, ok)``
    is called from the worker thread with a Russian line for the UI; ``on_refused(text)``
    besides it when the server refused the token (the operator has to enrol again).
    ``settle()``, called on the worker thread before each round, waits until what the app
    recorded is in the file (the journal writer's flush), so a call just ended ships now.
    """

    def __init__(
        self,
        journal_path: str | Path,
        config_loader: Callable[[], TeamConfig | None],
        *,
        interval: float = 60.0,
        auth_retry: float = 1800.0,
        backoff: Backoff | None = None,
        on_status: Callable[[str, bool], None] | None = None,
        on_refused: Callable[[str], None] | None = None,
        batch_size: int = protocol.DEFAULT_BATCH,
        settle: Callable[[], object] | None = None,
        request_timeout: float = DEFAULT_TIMEOUT,
        remember: Callable[[TeamConfig, str], None] | None = None,
    ) -> None:
        self.path = Path(journal_path)
        self._settle = settle
        self.request_timeout = request_timeout
        self._remember = remember
        self._load = config_loader
        self.interval = interval
        self.auth_retry = auth_retry
        self.backoff = backoff or Backoff()
        self._on_status = on_status
        self._on_refused = on_refused
        self._batch_size = batch_size
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_result: ShipResult | None = None
        self.last_error: str | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="team-shipper", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Ship now (say, after a call ended)."""
        self._wake.set()

    def stop(self, timeout: float = 35.0) -> None:
        """Stops after the batch in flight, or lets it go after ``timeout`` s (a daemon thread: it ends
        with the process, and the next start resumes from the server's word)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _status(self, text: str, ok: bool, refused: bool = False) -> None:
        listeners: list[tuple[Callable[..., None] | None, tuple[object, ...]]] = [(self._on_status, (text, ok))]
        if refused:
            listeners.append((self._on_refused, (text,)))
        for listener, args in listeners:
            if listener is None:
                continue
            try:
                listener(*args)
            except Exception:  # noqa: BLE001 - a broken listener must not stop shipping
                log.exception("team shipper status listener failed")

    def run_once(self) -> float:
        """One round; returns how long to wait before the next."""
        try:
            config = self._load()
            if config is None:
                return self.interval
            if self._settle is not None:
                self._settle()
            client = TeamClient(config, self.request_timeout)
            result = Shipper(self.path, config, batch_size=self._batch_size, client=client).ship()
        except AuthError as exc:
            self.last_error = str(exc)
            self._status(str(exc), False, refused=True)
            return self.auth_retry
        except (TeamError, JournalError) as exc:
            self.last_error = str(exc)
            delay = self.backoff.next()
            self._status(translate("team", "{exc} Повтор через {value} с.").format(exc=exc, value=int(delay) + 1), False)
            return delay
        except Exception as exc:  # noqa: BLE001 - the worker must survive anything
            log.exception("team shipping failed")
            self.last_error = str(exc)
            return self.backoff.next()
        self.backoff.reset()
        if self._remember is not None and result.install_id and config.install_id != result.install_id:
            try:
                self._remember(config, result.install_id)  # enrolled before it was kept: kept from now on
            except OSError as exc:
                log.warning("team.json: the install id not stored: %s", exc)
        recovered = self.last_error is not None
        self.last_result, self.last_error = result, None
        if result.sent:
            self._status(translate("team", "Отправлено на сервер команды событий: {sent}.").format(sent=result.sent), True)
        elif recovered:  # the earlier failure line must not stay as the last word
            self._status(translate("team", "Связь с сервером команды восстановлена: всё отправлено."), True)
        return self.interval

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.run_once()
            self._wake.wait(delay)
            self._wake.clear()

"""The team's standard in the running app (issue 24): fetched in the background, applied between calls.

:class:`StandardSync` runs :class:`~operator_assist.team.standard.StandardWatch` (a worker thread:
at start, every 60 s with ``If-None-Match``, and at once when the server's stream says a version
was published) and applies a new version on the GUI thread — never mid-call: a version that
arrives during a call waits until it ends (a hold under way keeps its limit). Applying it gives
the call session the settings of the new version (its roles, limits, timers and offer source,
core/policy.py), the phrase panel its phrases and the status bar «Стандарт команды: версия N от
ДД.ММ». A download that fails the checks changes nothing but a notice. Made by
:class:`~operator_assist.ui.team.sync.WindowTeamSync` for the operator's own window, never a demo's.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

from ...core.commands import ApplyStandard
from ...core.standard import TeamStandard
from ...core.standard_store import in_force
from ...core.yamlio import ParseCache
from ...paths import UserPaths
from ...team.client import DEFAULT_TIMEOUT, TeamConfig, TeamError
from ...team.standard import INTERVAL_S, Fetched, StandardWatch
from ..texts import plain_tooltip, problem_lines

STOP_WAIT = 0.3
"""Seconds the closing window waits for a round in flight (quitting never waits on a slow server)."""


class _Relay(QObject):
    """The worker's results to the GUI thread; owned by Python, so a round that ends after the window
    is gone still has somewhere to go."""

    fetched = Signal(object)


class StandardSync(QObject):
    applied = Signal(object)
    """The standard now in force (a :class:`TeamStandard`, or None: the bundled one), after it was applied."""

    def __init__(self, window, paths: UserPaths, config: TeamConfig, *, interval: float = INTERVAL_S,
                 timeout: float = DEFAULT_TIMEOUT, stream: bool = True) -> None:  # fmt: skip
        super().__init__(window)
        self.window = window
        self.paths = paths
        self.config = config
        self.current: TeamStandard | None = None
        """The standard the window follows now."""
        self.pending: tuple[TeamStandard | None] | None = None
        """The standard waiting for the call to end, as a 1-tuple (its None: the bundled one); None: none waiting."""
        self.label = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.label.setObjectName("teamStandard")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self._relay = _Relay()
        self._relay.fetched.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        window.session.changed.connect(self._call_changed)
        applied = window.session.snapshot.standard
        stored, _ = in_force(paths.data_dir)
        if stored is not None and stored.version == applied:
            self.current = stored  # what the window started with (ui/app.py load_startup)
            self._show()
        elif stored is not None or applied is not None:
            self._offer(stored)  # changed since the window started (another team-sync)
        self.watch = StandardWatch(paths.data_dir, self._config, self._relay.fetched.emit, interval=interval,
                                   timeout=timeout, stream=stream)  # fmt: skip

    def start(self) -> None:
        self.watch.start()

    def stop(self) -> None:
        """The window closes or the PC enrols anew: the rounds end, the status bar's label goes."""
        self.watch.stop(STOP_WAIT)
        self.window.session.changed.disconnect(self._call_changed)
        self.window.statusBar().removeWidget(self.label)
        self.label.deleteLater()

    def _config(self) -> TeamConfig | None:
        try:
            return TeamConfig.load(self.paths.data_dir) or None
        except TeamError:
            return None  # the shipper's round says why, in the status bar

    # --- what came -----------------------------------------------------------------------

    def _arrived(self, fetched: Fetched) -> None:
        if fetched.outcome == "refused":
            heading = self.tr("Новая версия стандарта команды не принята — действует прежняя:")
            shown, full = problem_lines(fetched.problems)
            self.window.add_notice(f"{heading}\n{shown}", f"{heading}\n{full}")
            return
        if fetched.outcome in ("new", "same", "none"):
            self._offer(fetched.standard)

    def _offer(self, standard: TeamStandard | None) -> None:
        """Applies ``standard`` now, or at the end of the call under way."""
        if _version(standard) == _version(self.current) and self.pending is None:
            return
        if self.window.session.in_call:
            self.pending = (standard,)
            self._show()
            return
        self.apply(standard)

    def _call_changed(self, _snapshot) -> None:
        if self.pending is not None and not self.window.session.in_call:
            (standard,), self.pending = self.pending, None
            self.apply(standard)

    def apply(self, standard: TeamStandard | None) -> None:
        """Makes ``standard`` (None: the bundled one) the window's, between calls."""
        from ...core.policy import load_layered
        from ...core.standard import personal_problems, team_problems

        self.pending = None
        window, paths = self.window, self.paths
        settings, problems = load_layered(paths.system_dir, paths.settings_file, ParseCache(paths.yaml_cache_file), standard)
        old = window.session.engine.settings
        window.session.perform(ApplyStandard(settings, _version(standard)))
        window.operator_bar.set_roles(settings, window.session.snapshot.role.id)
        if window.phrase_files is not None:
            personal = standard is None or standard.policy.personal_phrases
            window.phrase_files.follow(paths.phrases_dir if personal else None,
                                       standard.phrases_dir if standard is not None else None)  # fmt: skip
        if window.offer.spec == old.offer_source != settings.offer_source:  # not a source chosen on the command line
            window.offer.use_source(settings.offer_source)
        self.current = standard
        self._show()
        notes = team_problems(problems) + personal_problems(standard, paths.phrases_dir, paths.scenarios_dir)
        if notes:
            heading = self.tr("Стандарт команды:")
            shown, full = problem_lines(notes)
            window.add_notice(f"{heading}\n{shown}", f"{heading}\n{full}")
        window.statusBar().showMessage(self._news(standard), 8000)
        self.applied.emit(standard)

    def _news(self, standard: TeamStandard | None) -> str:
        if standard is None:
            return self.tr("Стандарт команды снят: действует встроенный.")
        day = datetime.fromtimestamp(standard.published).strftime("%d.%m") if standard.published else "?"
        return self.tr("Стандарт команды обновлён: версия {version} от {day}.").format(version=standard.version, day=day)

    def _show(self) -> None:
        standard = self.current
        if standard is None and self.pending is None:
            self.label.hide()
            return
        text = self._words(standard) if standard is not None else self.tr("Стандарт команды: встроенный")
        tip = self.tr("Стандарт команды «{team}»: фразы, роли и лимиты удержания, источник предложений.").format(
            team=standard.team if standard is not None else self.config.team or ""
        )
        if self.pending is not None:
            waiting = _version(self.pending[0])
            after = self.tr("версия {n} — после звонка").format(n=waiting) if waiting else self.tr("встроенный — после звонка")
            text = f"{text} · {after}"
            tip += "\n" + self.tr("Новая версия вступит в силу, когда звонок закончится: посреди звонка лимиты не меняются.")
        self.label.setText(text)
        self.label.setToolTip(plain_tooltip(tip))
        self.label.show()

    def _words(self, standard: TeamStandard) -> str:
        day = datetime.fromtimestamp(standard.published).strftime("%d.%m") if standard.published else "?"
        return self.tr("Стандарт команды: версия {version} от {day}").format(version=standard.version, day=day)


def _version(standard: TeamStandard | None) -> int | None:
    return None if standard is None else standard.version

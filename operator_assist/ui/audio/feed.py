"""Brings the listening loop's reports to the GUI thread; one ``attach`` for the wiring; the window's toggle.

The loop (``audio/monitor.py``) runs on its own thread and calls the feed's
signals; Qt queues them to the GUI thread, where the dead-air link performs
session actions and the mark and notices are updated. Nothing here touches
audio samples.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from ...core.clock import Clock, MonotonicClock
from ...core.dead_air_session import DeadAirLink
from ...core.own_sounds import OwnSounds
from ...core.settings import AudioSettings
from ...i18n import translate
from .mark import STATUS_WORDS, MicMark

if TYPE_CHECKING:
    from ..main_window import MainWindow

log = logging.getLogger(__name__)


class AudioFeed(QObject):
    """Signals from the listening thread (queued to this object's thread, the GUI's)."""

    tracker_event = Signal(object)
    levels = Signal(object)
    status = Signal(object)
    listening = Signal(bool)
    """The microphone mark: True while audio is heard."""
    cue_output_chosen = Signal(object)
    """The output for the warning sounds chosen in the dialog (a name, or None: the default)."""

    def __init__(self, make_source: Callable, settings: AudioSettings, clock: Clock | None = None,
                 threshold: float = 10.0, parent=None, own_sounds: OwnSounds | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        from ...audio.monitor import AudioMonitor

        self.settings = settings
        self.threshold = threshold
        self.monitor = AudioMonitor(
            make_source, settings.detector, clock or MonotonicClock(), threshold,
            on_event=self.tracker_event.emit, on_levels=self.levels.emit, on_status=self.status.emit,
            own_sounds=own_sounds,
        )  # fmt: skip
        self.status.connect(self._status)
        self.last_status = None
        self.mark: MicMark | None = None
        """What shows the state: set by :func:`attach`, like the dead-air link and its bridge."""
        self.link: DeadAirLink | None = None
        self.bridge: _Bridge | None = None

    @Slot(object)
    def _status(self, status) -> None:
        self.last_status = status
        self.listening.emit(status.state == "listening")

    def words(self, status) -> str:
        return translate("audio", STATUS_WORDS.get(status.state, status.state)).format(threshold=self.threshold, message=status.message)

    def start(self) -> None:
        self.monitor.start()

    def restart(self, make_source: Callable) -> None:
        """Listen through another source (devices chosen in the dialog)."""
        self.monitor.stop()
        self.monitor.make_source = make_source
        self.monitor.start()

    def open_dialog(self, parent=None):
        from ...audio.sources import AudioSourceError, DeviceNames, create_source, list_devices
        from .dialog import AudioDialog

        problem = ""
        try:
            mics, outputs = list_devices()
        except AudioSourceError as exc:
            mics, outputs, problem = [], [], str(exc)
        dialog = AudioDialog(self, mics, outputs, self.settings.mic, self.settings.playback, problem, parent,
                             cue_output=self.settings.cue_output)  # fmt: skip

        def chosen(mic, playback) -> None:
            self.settings = replace(self.settings, mic=mic, playback=playback)
            devices = DeviceNames(mic, playback)
            self.restart(lambda: create_source(self.settings.source, devices))

        def cue_output(name) -> None:
            self.settings = replace(self.settings, cue_output=name)
            self.cue_output_chosen.emit(name)

        dialog.devices_chosen.connect(chosen)
        dialog.cue_output_chosen.connect(cue_output)
        dialog.show()
        self.dialog = dialog
        return dialog

    def stop(self) -> None:
        """Stop listening: the thread ends, reports still queued are dropped, an audio-started lookup ends."""
        self.monitor.stop()
        if self.bridge is not None:
            self.bridge.active = False
            self.bridge.link.release()
        if self.mark is not None:
            self.mark.set_status("stopped", translate("audio", STATUS_WORDS["stopped"]))


class _Bridge(QObject):
    """GUI-thread slots that hand the feed's reports to the plain-Python link."""

    def __init__(self, link: DeadAirLink, parent=None) -> None:
        super().__init__(parent)
        self.link = link
        self.active = True
        """False once listening stopped: what the thread queued before is not acted on."""

    @Slot(object)
    def on_event(self, event) -> None:
        if self.active:
            self.link.on_event(event)

    @Slot(object)
    def on_snapshot(self, snapshot) -> None:
        if self.active:
            self.link.on_snapshot(snapshot)


def attach(session, window: QMainWindow | None, spec: str | None, settings, notify: Callable[[str], None] | None = None,
           make_source: Callable | None = None, mark: MicMark | None = None,
           own_sounds: OwnSounds | None = None) -> AudioFeed | None:  # fmt: skip
    """The whole wiring of issue 17: source → loop → feed → link → ``session``; the mark shows it.

    ``spec``: ``--audio`` (None: ``settings.audio.source``). ``session``: the call session (``perform``,
    ``changed``, ``snapshot``, ``engine``, ``clock``) or None (only the mark and the meters: no warnings).
    ``window``: the feed's parent; a new mark goes into its status bar unless ``mark`` (the caller's) is given.
    ``own_sounds``: when the app's own sounds play (never speech). Returns None when audio is off.
    Raises ValueError (UnknownPlugin) for a bad spec.
    """
    audio = settings.audio if spec is None else replace(settings.audio, source=spec)
    if audio.source.strip() in ("", "off"):
        return None
    try:
        from ...audio.sources import DeviceNames, create_source
    except ImportError as exc:  # numpy is missing: the audio extra is not installed
        if notify:
            notify(translate("audio", "Слушать разговор нельзя: нет пакета {name} (pip install 'operator-assist[audio]')").format(name=exc.name))
        return None
    devices = DeviceNames(audio.mic, audio.playback)
    create_source(audio.source, devices)  # a typo is an error now, not a silent retry loop
    make = make_source or (lambda: create_source(audio.source, devices))
    clock = session.clock if session is not None else MonotonicClock()
    threshold = settings.timers.silence_warning
    feed = AudioFeed(make, audio, clock, threshold, parent=window, own_sounds=own_sounds)
    notify = notify or (lambda text: None)
    if mark is None:
        mark = MicMark()
        if window is not None:
            window.statusBar().addPermanentWidget(mark)
    feed.mark = mark

    def status(s) -> None:
        mark.set_status(s.state, feed.words(s))
        if s.state in ("missing", "lost", "failed"):
            notify(feed.words(s))

    feed.status.connect(status)

    if session is not None:
        link = DeadAirLink(session, notify, threshold)
        bridge = _Bridge(link, feed)
        feed.tracker_event.connect(bridge.on_event)
        session.changed.connect(bridge.on_snapshot)
        feed.link = link
        feed.bridge = bridge
    feed.start()
    if window is not None:  # no listening thread outlives the window
        window.destroyed.connect(lambda *_: feed.monitor.stop(0.5))
    return feed


def chosen_source(audio: AudioSettings, spec: str | None, remembered: str) -> str:
    """The source to listen through at start: ``--audio`` for this run, else the window's last choice
    (``remembered``: "on" / "off" / ""), else settings.yaml. Turned on in the window with no source in
    the settings: the devices."""
    if spec is not None:
        return spec
    configured = audio.source.strip()
    if remembered == "on":
        return configured if configured not in ("", "off") else "devices"
    if remembered == "off":
        return "off"
    return configured or "off"


class Listening(QObject):
    """Вид → «Слушать разговор»: listening to the call turned on and off from the window; remembered.

    The toggle and «Звук разговора…» sit after «Без звука» in the Вид menu; the dialog is available
    while listening. Turning it on uses ``--audio``'s source, else settings.yaml's, else the devices.
    Owns the feed while listening and the window's one microphone mark (in its status bar; the compact
    view shows it too), however often listening is turned on. The window's warning sounds are never
    taken for speech (they may play into the very output heard as the client's side), and play on the
    output ``audio.cue_output`` or the dialog names.
    """

    def __init__(self, window: MainWindow, session, settings, notify: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window, self.session, self.settings, self.notify = window, session, settings, notify
        self.spec: str | None = None
        self.feed: AudioFeed | None = None
        """None while not listening."""
        self.mark = MicMark()
        window.statusBar().addPermanentWidget(self.mark)
        self.action = QAction(translate("audio", "Слушать разговор"), window, checkable=True)
        self.action.setToolTip(
            translate("audio", "Замечать паузы по звуку разговора: тишина дольше {t:g} с включит предупреждение "
                      "сама. Звук не записывается и никуда не передаётся.").format(t=settings.timers.silence_warning)
        )  # fmt: skip
        self.dialog_action = QAction(translate("audio", "Звук разговора…"), window)
        self.dialog_action.triggered.connect(self._open_dialog)
        window.add_view_actions([self.action, self.dialog_action])
        window.closing.connect(self.stop)  # no listening thread outlives the window
        self._set(False)
        self.action.triggered.connect(self._chosen)  # the operator's choice; not setChecked() from code
        self.own_sounds = OwnSounds()
        window.cues.sounding.connect(self._cue_sounding)
        if settings.audio.cue_output:
            self.set_cue_output(settings.audio.cue_output)

    def _cue_sounding(self, _cue: str, seconds: float) -> None:
        self.own_sounds.add(self.session.clock.now(), seconds)

    def set_cue_output(self, name: str | None) -> None:
        """The warning sounds play on ``name`` (None: the default output); a missing one is a notice."""
        problem = self.window.cues.set_output(name)
        if problem:
            self.notify(problem)

    def start(self, spec: str | None, remembered: str) -> AudioFeed | None:
        """Listen (or not) as chosen at start; a bad source is a notice (the manual keys work on)."""
        self.spec = spec
        source = chosen_source(self.settings.audio, spec, remembered)
        self.stop()
        if source.strip() not in ("", "off"):
            self._listen(source)
        return self.feed

    def _chosen(self, on: bool) -> None:
        self.stop()
        if on:
            spec = self.spec if self.spec is not None and self.spec.strip() not in ("", "off") else None
            self._listen(chosen_source(self.settings.audio, spec, "on"))
        self.window.update_prefs(listen="on" if self.feed is not None else "off")

    def _listen(self, source: str) -> None:
        try:
            self.feed = attach(self.session, self.window, source, self.settings, self.notify, mark=self.mark,
                               own_sounds=self.own_sounds)  # fmt: skip
        except ValueError as exc:
            self.notify(translate("app", "Источник звука не подключён: {error}").format(error=exc))
        if self.feed is not None:
            self.feed.settings = replace(self.feed.settings, cue_output=self.window.cues.output)
            self.feed.cue_output_chosen.connect(self.set_cue_output)
        self._set(self.feed is not None)

    def _open_dialog(self) -> None:
        if self.feed is not None:
            self.feed.open_dialog(self.window)

    def stop(self) -> None:
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.stop()
            feed.deleteLater()
        self._set(False)

    def _set(self, on: bool) -> None:
        self.action.setChecked(on)
        self.dialog_action.setEnabled(on)

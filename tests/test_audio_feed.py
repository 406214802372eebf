"""The Qt bridge: the listening thread's reports reach the GUI thread, the link acts, the mark shows it."""

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action, DeadAirHeard
from operator_assist.core.engine import CallEngine, InvalidAction
from operator_assist.core.settings import bundled_settings
from tests.audio_gen import build
from tests.components import require

pytest.importorskip("numpy", reason="pip install 'operator-assist[audio]'")

SCRIPT = (("operator", 0), ("pause", 0.5), ("client", 0), ("pause", 12.0), ("operator", 1), ("pause", 0.5))


class Session(QObject):
    changed = Signal(object)

    def __init__(self, engine):
        super().__init__()
        self.engine, self.clock, self.performed, self.heard = engine, engine.clock, [], []

    @property
    def snapshot(self):
        return self.engine.snapshot()

    def perform(self, command, origin="window", at=None):
        if isinstance(command, DeadAirHeard):  # only journaled
            self.heard.append(command)
            return None
        self.performed.append((command, origin, at))
        try:
            self.engine.perform(command)
        except InvalidAction as exc:
            return str(exc)
        self.changed.emit(self.snapshot)
        return None


@pytest.fixture
def conversation(tmp_path_factory):
    require("espeak-ng", "espeak-ng")
    require("sox", "sox")
    return build(tmp_path_factory.mktemp("feed"), None, SCRIPT)


def test_dead_air_from_a_file_source_drives_the_session_on_the_gui_thread(qtbot, conversation):
    from operator_assist.audio.sources import FileAudioSource
    from operator_assist.ui.audio.feed import attach

    settings = bundled_settings()
    clock = FakeClock(start=0.0)
    session = Session(CallEngine(clock, settings))
    session.perform(Action.START_CALL)
    window = QMainWindow()
    qtbot.addWidget(window)
    notes = []
    feed = attach(session, window, f"file:{conversation.path}", settings, notes.append,
                  make_source=lambda: FileAudioSource(str(conversation.path), realtime=False))  # fmt: skip
    try:
        # The mark is what is asserted, so it is what is waited for: the feed's own status slot and the
        # mark's are two queued slots of one signal, and the end of the file may be between them.
        qtbot.waitUntil(lambda: feed.mark.state == "ended", timeout=10000)
        qtbot.waitUntil(lambda: len(session.performed) >= 3, timeout=5000)
    finally:
        feed.stop()
    assert feed.mark.state == "stopped" and not feed.mark.isVisibleTo(window)
    [(gap_start, gap_end)] = conversation.dead_air
    actions = [(a, o) for a, o, _ in session.performed]
    assert actions == [("start_call", "window"), ("start_lookup", "audio"), ("end_lookup", "audio")]
    assert 0 <= session.performed[1][2] - gap_start <= 0.3
    assert abs(session.performed[2][2] - gap_end) <= 0.3
    # The generated gap is digital silence on the operator's side too: that is a muted microphone.
    [note] = notes
    assert "не на удержании и микрофон выключен" in note


def test_a_missing_device_is_reported_and_marked(qtbot):
    from operator_assist.audio.sources import AudioSource, AudioSourceError
    from operator_assist.ui.audio.feed import attach

    class Missing(AudioSource):
        def open(self):
            raise AudioSourceError("нет микрофона")

    settings = bundled_settings()
    window = QMainWindow()
    qtbot.addWidget(window)
    notes = []
    feed = attach(None, window, "devices", settings, notes.append, make_source=Missing)
    try:
        qtbot.waitUntil(lambda: feed.mark.state == "missing", timeout=5000)
        assert "нет микрофона" in feed.mark.toolTip()
    finally:
        feed.stop()
    assert "нет микрофона" in notes[0] and "F6 работает" in notes[0]


def test_audio_off_attaches_nothing_and_a_typo_is_an_error(qtbot):
    from operator_assist.core.plugins import UnknownPlugin
    from operator_assist.ui.audio.feed import attach

    settings = bundled_settings()
    assert attach(None, None, None, settings) is None
    assert attach(None, None, "off", settings) is None
    with pytest.raises(UnknownPlugin, match="devices"):
        attach(None, None, "micro", settings)


def test_device_dialog_meters_follow_the_levels_and_the_choice_is_emitted(qtbot):
    from operator_assist.audio.analyser import Levels
    from operator_assist.core.settings import AudioSettings
    from operator_assist.ui.audio.dialog import AudioDialog, meter_value
    from operator_assist.ui.audio.feed import AudioFeed

    feed = AudioFeed(lambda: None, AudioSettings("devices"))
    dialog = AudioDialog(feed, ["Headset mic"], ["Speakers"], playback="Speakers")
    qtbot.addWidget(dialog)
    feed.levels.emit(Levels(-20.0, -60.0, True, False))
    assert (dialog.mic_meter.value(), dialog.client_meter.value()) == (67, 0)
    feed.levels.emit(Levels(-70.0, -6.0, False, True))
    assert (dialog.mic_meter.value(), dialog.client_meter.value()) == (0, 90)
    assert meter_value(0.0) == 100
    assert "playback: 'Speakers'" in dialog.settings_hint.text() and "mic:" not in dialog.settings_hint.text()
    dialog.mic_box.setCurrentIndex(1)
    dialog.cue_box.setCurrentIndex(dialog.cue_box.findData("Speakers"))  # the warning sounds elsewhere than the call
    assert "cue_output: 'Speakers'" in dialog.settings_hint.text()
    with qtbot.waitSignal(dialog.devices_chosen) as chosen, qtbot.waitSignal(dialog.cue_output_chosen) as cue:
        dialog._apply()
    assert chosen.args == ["Headset mic", "Speakers"] and cue.args == ["Speakers"]


def test_the_app_wiring_puts_the_mark_in_the_status_bar(qtbot, paths, conversation):
    from PySide6.QtWidgets import QLabel

    from operator_assist.ui.app import attach_audio, build_window, load_startup

    startup = load_startup(paths)
    window = build_window(paths, clock=FakeClock(), audio=False, startup=startup)
    qtbot.addWidget(window)
    listening = attach_audio(window, startup, f"file:{conversation.path}")
    feed = listening.feed
    try:
        qtbot.waitUntil(lambda: feed.mark.state == "listening", timeout=5000)
        assert feed.mark is listening.mark
        assert window.statusBar().findChild(QLabel, "micMark") is listening.mark and listening.mark.isVisibleTo(window)
    finally:
        listening.stop()
    other = build_window(paths, clock=FakeClock(), audio=False, startup=startup)
    qtbot.addWidget(other)
    bad = attach_audio(other, startup, "micro")
    assert bad.feed is None and "Источник звука не подключён" in other.notices.shown[-1][0]


def test_audio_alone_raises_the_silence_warning_at_gap_start_plus_10_s_through_the_real_session(qtbot, paths, conversation):
    """The real CallSession and engine: the engine's own timer stamps the warning, origin audio."""
    from operator_assist.audio.sources import FileAudioSource
    from operator_assist.core.events import EventKind
    from operator_assist.ui.app import build_window, load_startup
    from operator_assist.ui.audio.feed import attach

    clock = FakeClock(start=1000.0)
    startup = load_startup(paths)
    window = build_window(paths, clock=clock, audio=False, startup=startup)
    qtbot.addWidget(window)
    session = window.session
    events = []
    session.occurred.connect(events.append)
    assert session.perform(Action.START_CALL) is None
    feed = attach(session, window, f"file:{conversation.path}", startup.settings, lambda text: None,
                  make_source=lambda: FileAudioSource(str(conversation.path), realtime=False))  # fmt: skip
    try:
        qtbot.waitUntil(lambda: any(e.kind is EventKind.DEAD_AIR for e in events), timeout=10000)
    finally:
        feed.stop()
    [(gap_start, gap_end)] = conversation.dead_air
    by_kind = {e.kind: e for e in events}
    warning = by_kind[EventKind.SILENCE_WARNING]
    assert 10.0 <= warning.at - (1000.0 + gap_start) <= 10.3
    assert by_kind[EventKind.LOOKUP_STARTED].data.get("origin") == "audio"
    assert by_kind[EventKind.LOOKUP_ENDED].data.get("origin") == "audio"
    assert abs(by_kind[EventKind.LOOKUP_ENDED].at - (1000.0 + gap_end)) <= 0.3
    assert by_kind[EventKind.DEAD_AIR].data["warned"] is True
    assert session.snapshot.state.value == "talking"


QUIET_START = (("pause", 12.0), ("client", 0), ("pause", 11.0), ("operator", 1), ("pause", 0.5))


def test_a_call_opens_in_talking_with_the_greeting_first_and_the_rule_starts_from_the_first_speech(qtbot, paths, tmp_path_factory):
    """Issue 22 #3: F5, then 12 s of nobody speaking — no «Поиск — тишина», no warning; the pause after
    the first words warns at its start + 10 s, backdated, and nothing before (the lookup starts at the warning)."""
    from operator_assist.audio.sources import FileAudioSource
    from operator_assist.core.events import EventKind
    from operator_assist.ui.app import build_window, load_startup
    from operator_assist.ui.audio.feed import attach

    require("espeak-ng", "espeak-ng")
    require("sox", "sox")
    conversation = build(tmp_path_factory.mktemp("quiet"), None, QUIET_START)
    clock = FakeClock(start=1000.0)
    startup = load_startup(paths)
    window = build_window(paths, clock=clock, audio=False, startup=startup)
    qtbot.addWidget(window)
    session = window.session
    events, shown = [], []
    session.occurred.connect(events.append)
    assert session.perform(Action.START_CALL) is None
    assert window.phrases.visible_ids()[0] == "greeting.default"
    session.changed.connect(lambda snap: shown.append((snap.now, snap.state.value)))
    feed = attach(session, window, f"file:{conversation.path}", startup.settings, lambda text: None,
                  make_source=lambda: FileAudioSource(str(conversation.path), realtime=False))  # fmt: skip
    try:
        qtbot.waitUntil(lambda: feed.last_status is not None and feed.last_status.state == "ended", timeout=10000)
        qtbot.waitUntil(lambda: any(e.kind is EventKind.DEAD_AIR for e in events), timeout=5000)
    finally:
        feed.stop()
    (first_gap, _), (gap_start, gap_end) = conversation.dead_air
    assert first_gap == 0.0
    lookups = [e for e in events if e.kind is EventKind.LOOKUP_STARTED]
    warnings = [e for e in events if e.kind is EventKind.SILENCE_WARNING]
    assert len(lookups) == 1 and len(warnings) == 1, [(e.kind.value, e.at) for e in events]
    assert 0 <= lookups[0].at - (1000.0 + gap_start) <= 0.3  # backdated to the pause's start
    assert 10.0 <= warnings[0].at - (1000.0 + gap_start) <= 10.3
    assert {state for now, state in shown if now < 1000.0 + gap_start} <= {"talking"}  # F5 opened in «Разговор»
    [dead_air] = [e for e in events if e.kind is EventKind.DEAD_AIR]  # the silence before anyone spoke is none
    assert dead_air.data["warned"] is True and abs(dead_air.data["duration"] - (gap_end - gap_start)) <= 0.3


def test_the_window_s_cues_are_known_to_the_listening_and_play_on_the_output_chosen(qtbot, paths, conversation, monkeypatch):
    """Issue 22 #2: audio.cue_output at start, the dialog's choice later; every cue that sounds is a
    stretch the analysis ignores (on the session's clock)."""
    from operator_assist.ui.app import attach_audio, build_window, load_startup
    from operator_assist.ui.call import cue_player

    chosen = []
    monkeypatch.setattr(cue_player.CuePlayer, "set_output", lambda self, name: chosen.append(name) or setattr(self, "output", name))
    (paths.config_dir / "settings.yaml").write_text("audio:\n  cue_output: Динамики\n", encoding="utf-8")
    startup = load_startup(paths)
    clock = FakeClock(start=500.0)
    window = build_window(paths, clock=clock, audio=False, startup=startup)
    qtbot.addWidget(window)
    listening = attach_audio(window, startup, f"file:{conversation.path}")
    try:
        assert chosen == ["Динамики"] and listening.feed.settings.cue_output == "Динамики"
        assert listening.feed.monitor.own_sounds is listening.own_sounds
        window.cues.sounding.emit("silence_warning", 0.36)
        assert listening.own_sounds.covers(500.2, 500.3) and not listening.own_sounds.covers(502.0, 503.0)
        monkeypatch.setattr("operator_assist.audio.sources.list_devices", lambda: (["Headset mic"], ["Гарнитура", "Динамики"]))
        dialog = listening.feed.open_dialog(window)
        assert dialog.cue_box.currentData() == "Динамики"
        dialog.cue_box.setCurrentIndex(dialog.cue_box.findData(None))  # back to the system's default
        dialog._apply()
        assert chosen[-1] is None and window.cues.output is None
    finally:
        listening.stop()


def test_closing_the_window_stops_listening(qtbot, paths, conversation):
    """No listening thread outlives the window (the app's quit, or a window closed without being deleted)."""
    from operator_assist.ui.app import attach_audio, build_window, load_startup

    startup = load_startup(paths)
    window = build_window(paths, clock=FakeClock(), audio=False, startup=startup)
    qtbot.addWidget(window)
    feed = attach_audio(window, startup, f"file:{conversation.path}").feed  # real time: plays for ~15 s
    try:
        qtbot.waitUntil(lambda: feed.mark.state == "listening", timeout=5000)
        assert window.close()
        assert not feed.monitor.running
    finally:
        feed.stop()


def test_the_view_menu_turns_listening_on_and_off_and_remembers_it(qtbot, paths, conversation, monkeypatch):
    """Issue 17: off unless chosen — the settings key, --audio, or Вид → «Слушать разговор» (remembered)."""
    from operator_assist.ui.app import attach_audio, build_window, load_startup

    (paths.config_dir / "settings.yaml").write_text(f"audio: 'file:{conversation.path}'\n", encoding="utf-8")

    def open_window():
        startup = load_startup(paths)
        window = build_window(paths, clock=FakeClock(), audio=False, startup=startup)
        qtbot.addWidget(window)
        return window, attach_audio(window, startup, None)

    window, listening = open_window()
    toggle, dialog = listening.action, listening.dialog_action
    assert toggle.text() == "Слушать разговор" and toggle.isCheckable()
    entries = window.view_menu.actions()
    assert entries.index(toggle) == entries.index(window.mute_action) + 1 and entries.index(dialog) == entries.index(toggle) + 1
    feed = listening.feed
    qtbot.waitUntil(lambda: feed.mark.state == "listening", timeout=5000)
    assert toggle.isChecked() and dialog.isEnabled()
    monkeypatch.setattr("operator_assist.audio.sources.list_devices", lambda: (["Headset mic"], ["Speakers"]))
    dialog.trigger()
    assert feed.dialog.isVisible() and feed.dialog.out_box.findText("Speakers") >= 0
    feed.dialog.close()

    toggle.trigger()  # off
    assert not toggle.isChecked() and listening.feed is None and not feed.monitor.running
    assert not feed.mark.isVisibleTo(window) and not dialog.isEnabled()
    assert window.prefs.listen == "off"
    window.close()

    window, listening = open_window()  # the choice is remembered over the settings file's source
    assert listening.feed is None and not listening.action.isChecked()
    listening.action.trigger()  # on again: the settings' source
    feed = listening.feed
    try:
        qtbot.waitUntil(lambda: feed is not None and feed.mark.state == "listening", timeout=5000)
        assert window.prefs.listen == "on" and len(window.statusBar().findChildren(type(feed.mark))) == 1
    finally:
        window.close()
    assert not feed.monitor.running


def test_listening_turned_on_without_a_source_in_settings_uses_the_devices():
    from operator_assist.core.settings import AudioSettings
    from operator_assist.ui.audio.feed import chosen_source

    off, wav = AudioSettings("off"), AudioSettings("file:/tmp/call.wav")
    assert chosen_source(off, None, "") == "off"  # off unless chosen
    assert chosen_source(wav, None, "") == "file:/tmp/call.wav"
    assert chosen_source(off, None, "on") == "devices" and chosen_source(wav, None, "on") == "file:/tmp/call.wav"
    assert chosen_source(wav, None, "off") == "off"
    assert chosen_source(off, "file:/x.wav", "off") == "file:/x.wav"  # --audio wins for this run
    assert chosen_source(wav, "off", "on") == "off"


def test_the_compact_view_shows_listening_and_a_lost_device_too(qtbot, paths, conversation):
    """In compact mode the full window (its status bar, its notices) is hidden: the compact view says it."""
    from operator_assist.audio.sources import AudioSource, AudioSourceError
    from operator_assist.ui.app import attach_audio, build_window, load_startup
    from operator_assist.ui.audio.feed import attach
    from operator_assist.ui.desktop.shell import DesktopShell

    startup = load_startup(paths)
    window = build_window(paths, clock=FakeClock(), audio=False, startup=startup)
    qtbot.addWidget(window)
    shell = DesktopShell(window, "offscreen", global_keys=False, tray=False)
    window.key_actions["compact"].trigger()
    mic = shell.compact.mic_label
    assert not mic.isVisibleTo(shell.compact)  # not listening: nothing shown
    listening = attach_audio(window, startup, f"file:{conversation.path}")
    shell.show_listening(listening.mark)
    try:
        qtbot.waitUntil(lambda: mic.isVisibleTo(shell.compact), timeout=5000)
        assert mic.text() == "● слушаю"
    finally:
        listening.stop()
    assert not mic.isVisibleTo(shell.compact)

    class Missing(AudioSource):
        def open(self):
            raise AudioSourceError("нет микрофона")

    feed = attach(window.session, window, "devices", startup.settings, make_source=Missing, mark=listening.mark)
    try:
        qtbot.waitUntil(lambda: mic.text() == "✕ нет звука", timeout=5000)
        assert mic.isVisibleTo(shell.compact) and "нет микрофона" in mic.toolTip()
    finally:
        feed.stop()


def test_the_microphone_marks_tooltip_shows_device_errors_as_plain_text(qtbot):
    """A device's error text comes from outside (the sound server): its tooltip must not render it."""
    from operator_assist.ui.audio.mark import MicMark
    from operator_assist.ui.desktop.compact_window import CompactWindow

    mark = MicMark()
    qtbot.addWidget(mark)
    mark.set_status("missing", 'нет устройства: <img src="file:///etc/hostname">')
    assert mark.toolTip().startswith("<p style") and "&lt;img" in mark.toolTip() and "<img" not in mark.toolTip()
    compact = CompactWindow()
    qtbot.addWidget(compact)
    compact.set_listening("missing", mark.text(), 'нет устройства: <img src="x">')
    assert "&lt;img" in compact.mic_label.toolTip() and "<img" not in compact.mic_label.toolTip()


def test_a_destroyed_window_leaves_no_listening_thread(qtbot):
    from PySide6.QtCore import QCoreApplication, QEvent

    from operator_assist.audio.sources import AudioSource, AudioSourceError
    from operator_assist.ui.audio.feed import attach

    class Missing(AudioSource):  # the loop keeps retrying: a thread that must be ended
        def open(self):
            raise AudioSourceError("нет микрофона")

    window = QMainWindow()
    feed = attach(None, window, "devices", bundled_settings(), make_source=Missing)
    monitor = feed.monitor
    qtbot.waitUntil(lambda: monitor.running, timeout=5000)
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not monitor.running

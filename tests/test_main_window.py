import pytest
from PySide6.QtCore import Qt

from operator_assist.core.clock import FakeClock
from operator_assist.core.engine import CallState, Level
from operator_assist.ui.app import UnknownRole, build_window
from operator_assist.ui.call.timer_display import LEVEL_COLOURS


def press(qtbot, window, key):
    qtbot.keyClick(window, key)


def shown(window):
    d = window.display
    return d.state_label.text(), d.time_label.text(), d.message_label.text(), d.level


def test_shortcuts_drive_a_whole_call(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    press(qtbot, window, Qt.Key.Key_F5)
    assert window.session.snapshot.state is CallState.TALKING
    press(qtbot, window, Qt.Key.Key_F6)
    assert window.session.snapshot.state is CallState.LOOKUP
    press(qtbot, window, Qt.Key.Key_F7)
    assert window.session.snapshot.state is CallState.HOLD
    press(qtbot, window, Qt.Key.Key_F7)
    assert window.session.snapshot.state is CallState.TALKING
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.session.snapshot.state is CallState.ENDED


def test_shortcuts_work_while_typing_in_the_name_field(qtbot, make_window):
    window = make_window()
    window.operator_bar.name_edit.setFocus()
    qtbot.keyClick(window.operator_bar.name_edit, Qt.Key.Key_F5)
    assert window.session.snapshot.state is CallState.TALKING


def test_display_follows_the_fake_clock_through_warnings(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    state, time, message, level = shown(window)
    assert (state, time, level) == ("Нет звонка", "00:00", Level.NEUTRAL)
    press(qtbot, window, Qt.Key.Key_F5)
    clock.advance(5)
    window.session.refresh()
    assert shown(window)[:2] == ("Разговор", "00:05")
    press(qtbot, window, Qt.Key.Key_F6)
    clock.advance(9.9)
    window.session.refresh()
    state, time, message, level = shown(window)
    assert (state, time, level) == ("Поиск — тишина", "00:09", Level.NEUTRAL)
    clock.advance(0.1)
    window.session.refresh()
    state, time, message, level = shown(window)
    assert (time, level) == ("00:10", Level.AMBER)
    assert "удержание" in message and "Оставайтесь, пожалуйста, на линии" in message
    assert LEVEL_COLOURS[Level.AMBER][0] in window.display.styleSheet()

    press(qtbot, window, Qt.Key.Key_F7)
    state, time, message, level = shown(window)
    assert (state, time, level) == ("Удержание", "02:00", Level.NEUTRAL)
    assert "2 мин" in message
    assert window.controls.buttons["hold"].text().startswith("Вернуться")
    clock.advance(95)
    window.session.refresh()
    assert shown(window)[1] == "00:25" and shown(window)[3] is Level.AMBER
    clock.advance(30)
    window.session.refresh()
    state, time, message, level = shown(window)
    assert (time, level) == ("+00:05", Level.RED)
    assert "поиск информации займет еще некоторое время" in message
    assert LEVEL_COLOURS[Level.RED][0] in window.display.styleSheet()

    press(qtbot, window, Qt.Key.Key_F7)
    assert "«Спасибо за длительное ожидание»" in shown(window)[2]


def test_cues_sound_at_silence_warning_and_hold_limit_unless_muted(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    played = []
    window.cues.played.connect(played.append)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_F6)
    clock.advance(10)
    window.session.refresh()
    press(qtbot, window, Qt.Key.Key_F7)
    clock.advance(120)
    window.session.refresh()
    assert played == ["silence_warning", "hold_limit"]
    window.mute_action.setChecked(True)
    press(qtbot, window, Qt.Key.Key_F7)
    press(qtbot, window, Qt.Key.Key_F7)
    clock.advance(200)
    window.session.refresh()
    assert played == ["silence_warning", "hold_limit"]


def test_buttons_enable_by_state_and_invalid_shortcut_explains(qtbot, make_window):
    window = make_window()
    buttons = window.controls.buttons
    assert buttons["new_call"].isEnabled() and not buttons["hold"].isEnabled()
    press(qtbot, window, Qt.Key.Key_F7)
    assert window.session.snapshot.state is CallState.IDLE
    assert "начните новый" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_F5)
    assert not buttons["new_call"].isEnabled() and buttons["hold"].isEnabled()


def test_a_role_switch_during_a_hold_says_when_it_applies(qtbot, make_window):
    window = make_window(FakeClock())
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_F7)
    box = window.operator_bar.role_box
    box.setCurrentIndex(box.findData("senior"))
    window.session.refresh()
    message = window.display.message_label.text()
    assert "2 мин" in message and "со следующего" in message and "старший" not in message


def test_role_switch_changes_the_hold_limit(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    box = window.operator_bar.role_box
    box.setCurrentIndex(box.findData("senior"))
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_F7)
    assert shown(window)[1] == "03:00"
    clock.advance(179.9)
    window.session.refresh()
    assert shown(window)[3] is Level.AMBER
    clock.advance(0.1)
    window.session.refresh()
    assert shown(window)[3] is Level.RED


def test_choices_persist_across_a_restart(qtbot, make_window):
    window = make_window()
    box = window.operator_bar.role_box
    box.setCurrentIndex(box.findData("senior"))
    window.operator_bar.name_edit.setText("Анна")
    window.operator_bar.name_edit.editingFinished.emit()
    window.operator_bar.gender_box.setCurrentIndex(window.operator_bar.gender_box.findData("m"))
    window.on_top_action.setChecked(True)
    window.mute_action.setChecked(True)
    window.resize(500, 610)
    window.close()

    again = make_window()
    assert again.session.snapshot.role.id == "senior"
    assert again.operator_bar.role_box.currentData() == "senior"
    assert again.operator_bar.name_edit.text() == "Анна"
    assert again.operator_bar.gender_box.currentData() == "m"
    assert again.on_top_action.isChecked() and again.cues.muted
    assert bool(again.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)
    assert again.size().height() == 610


def test_bad_settings_file_starts_on_defaults_and_shows_the_error(qtbot, make_window, paths):
    paths.settings_file.write_text("roles:\n  specialist:\n    hold_limit: two minutes\n", encoding="utf-8")
    window = make_window()
    assert window.session.snapshot.role.hold_limit == 120
    assert window.notices.banner.isVisible()
    assert "settings.yaml:3: roles.specialist.hold_limit" in window.notices.banner.text()
    assert f"{paths.settings_file}:3: roles.specialist.hold_limit" in window.notices.banner.toolTip()
    window.notices.banner.linkActivated.emit("hide")  # the operator read it
    assert not window.notices.banner.isVisible()
    assert paths.settings_file.read_text(encoding="utf-8").endswith("two minutes\n")


def test_unknown_role_on_the_command_line_is_refused(paths):
    with pytest.raises(UnknownRole, match="specialist, senior"):
        build_window(paths, role="boss", audio=False)


def test_a_role_from_a_broken_settings_file_is_refused_with_the_reason(paths):
    paths.settings_file.write_text("roles:\n  trainee:\n    hold_limit: 90\n", encoding="utf-8")  # no label
    with pytest.raises(UnknownRole, match="(?s)неизвестная роль 'trainee'.*ошибки, его роли не действуют.*roles.trainee.label"):
        build_window(paths, role="trainee", audio=False)


@pytest.mark.parametrize("option", [["--role", "boss"], ["--offer-source", "nosuch"]])
def test_a_bad_option_is_a_message_even_without_a_display(tmp_path, option):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"} | {"QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, "-m", "operator_assist", "--data-dir", str(tmp_path), *option],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "есть:" in result.stderr  # Qt would abort (134) without a display


def test_calls_made_in_the_window_are_journaled(qtbot, make_window, paths):
    from operator_assist.core.journal import Journal

    clock = FakeClock()
    window = make_window(clock)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_F7)
    clock.advance(30)
    press(qtbot, window, Qt.Key.Key_F7)
    press(qtbot, window, Qt.Key.Key_F8)
    window.close()
    with Journal.open(paths.journal_file) as journal:
        kinds = [e.kind.value for e in journal.events()]
    assert kinds == ["call_started", "hold_started", "hold_ended", "call_ended"]


def test_a_corrupt_journal_is_moved_aside_and_the_operator_told(qtbot, make_window, paths):
    paths.journal_file.write_bytes(b"this is not a database" * 50)
    window = make_window()
    qtbot.waitUntil(lambda: "журнал" in window.notices.banner.text().lower())
    aside = list(paths.data_dir.glob("journal.sqlite3.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in window.notices.banner.text()
    assert aside[0].read_bytes().startswith(b"this is not a database")


def test_an_empty_operator_name_is_pointed_out(qtbot, make_window):
    window = make_window()
    name = window.operator_bar.name_edit
    assert "меня зовут" in name.toolTip() and "e0a000" in name.styleSheet()
    name.setText("Ольга")
    assert name.styleSheet() == "" and "меня зовут" not in name.toolTip()


def test_the_limit_message_is_never_cut_in_a_small_window(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_F7)
    clock.advance(120)
    window.session.refresh()
    window.resize(100, 100)  # as small as the layout allows
    label = window.display.message_label
    assert "Вернитесь к клиенту сейчас" in label.text()
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()) > 4 * label.fontMetrics().lineSpacing())


def test_on_a_short_screen_the_left_column_scrolls_to_every_tick(qtbot, make_window):
    from operator_assist.ui.side_column import SideColumn

    window = make_window()
    window.resize(760, 380)
    column = window.splitter.widget(0)
    assert isinstance(column, SideColumn)
    tick = window.offer_controls.flags["lost_phone"]
    qtbot.waitUntil(lambda: column.verticalScrollBar().maximum() > 0)  # taller than the window: it scrolls
    column.ensureWidgetVisible(tick)
    qtbot.waitUntil(lambda: not tick.visibleRegion().isEmpty())


def test_the_window_geometry_is_saved_when_it_changes_not_only_on_quit(qtbot, fake_timers, make_window, paths):
    """A crash (no clean quit) still finds where the window was."""
    from operator_assist.core.preferences import PreferenceStore

    window = make_window()
    window.setGeometry(40, 30, 640, 480)
    fake_timers.advance(5000)
    saved = PreferenceStore(paths.preferences_file).load().geometry
    assert saved, "nothing saved before quitting"
    from PySide6.QtCore import QByteArray
    from PySide6.QtWidgets import QWidget

    probe = QWidget()
    qtbot.addWidget(probe)
    probe.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
    assert probe.size().toTuple() == (640, 480)


def test_a_restored_window_is_always_fully_on_a_screen(qtbot, make_window, paths):
    """Saved where the screen no longer reaches (another monitor, a lower resolution): moved onto it."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication, QWidget

    from operator_assist.core.preferences import PreferenceStore

    screen = QApplication.primaryScreen().availableGeometry()
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.setGeometry(screen.right() - 200, screen.bottom() - 150, 700, 500)  # past the bottom right
    store = PreferenceStore(paths.preferences_file)
    store.save(replace(store.load(), geometry=elsewhere.saveGeometry().toBase64().toStdString()))
    window = make_window()
    assert screen.contains(window.frameGeometry()), (window.frameGeometry(), screen)

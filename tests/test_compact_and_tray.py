"""The compact always-on-top view, the tray icon, closing mid-call and the narrow window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from operator_assist.core.clock import FakeClock
from operator_assist.core.engine import Level
from operator_assist.core.journal import Journal
from operator_assist.ui.call.timer_display import LEVEL_COLOURS
from operator_assist.ui.desktop.compact_window import SAY_PX, TIME_PX
from operator_assist.ui.desktop.shell import DesktopShell

from .test_offer_ui import offer_file  # noqa: F401 - the offer source's file, a fixture


@pytest.fixture
def shell_window(make_window):
    def make(clock=None, tray=False):
        window = make_window(clock or FakeClock())
        return window, DesktopShell(window, "offscreen", tray=tray)

    return make


def compact_texts(shell):
    c = shell.compact
    return c.state_label.text(), c.time_label.text(), c.say_label.text()


def test_the_compact_view_says_what_the_number_means_through_a_hold(qtbot, shell_window):
    clock = FakeClock()
    window, shell = shell_window(clock)
    window.key_actions["compact"].trigger()
    assert shell.compact.isVisible() and not window.isVisible()
    assert bool(shell.compact.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)
    shell.compact.windowHandle().requestActivate()
    qtbot.waitUntil(shell.compact.isActiveWindow)
    qtbot.keyClick(shell.compact, Qt.Key.Key_F5)  # the call keys work in the compact view
    assert compact_texts(shell)[:2] == ("Разговор", "0:00")
    qtbot.keyClick(shell.compact, Qt.Key.Key_F6)
    clock.advance(10)
    window.session.refresh()
    assert compact_texts(shell)[:2] == ("Поиск — тишина", "0:10") and "Хорошо/Вы согласны?" in compact_texts(shell)[2]
    assert shell.compact.level is Level.AMBER
    qtbot.keyClick(shell.compact, Qt.Key.Key_F7)
    clock.advance(74)
    window.session.refresh()
    assert compact_texts(shell) == ("Удержание · осталось", "0:46", "Клиент на удержании")
    clock.advance(20)
    window.session.refresh()
    assert compact_texts(shell)[:2] == ("Удержание · осталось", "0:26") and shell.compact.level is Level.AMBER
    clock.advance(38)
    window.session.refresh()
    state, time, say = compact_texts(shell)
    assert (state, time) == ("Удержание · сверх лимита", "+0:12") and "поиск займет еще некоторое время" in say
    assert LEVEL_COLOURS[Level.RED][0] in shell.compact.styleSheet()


def test_the_compact_view_is_readable_from_a_metre(qtbot, shell_window):
    _, shell = shell_window()
    assert TIME_PX >= 48 and SAY_PX >= 18
    assert shell.compact.time_label.font().pixelSize() >= 48
    assert shell.compact.say_label.font().pixelSize() >= 18
    assert shell.compact.width() <= 380 and shell.compact.height() <= 220


def test_compact_mode_is_remembered_and_closing_it_brings_the_full_window_back(qtbot, shell_window, make_window, paths):
    window, shell = shell_window()
    window.key_actions["compact"].trigger()
    assert window.prefs.compact
    shell.compact.close()  # the window manager's close: back to the full window, not quit
    assert window.isVisible() and not shell.compact.isVisible() and not window.prefs.compact
    window.key_actions["compact"].trigger()
    window.close()
    from operator_assist.core.preferences import PreferenceStore

    assert PreferenceStore(paths.preferences_file).load().compact


def test_the_full_window_labels_the_hold_countdown(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert window.display.caption_label.text() == "осталось до возврата"
    clock.advance(121)
    window.session.refresh()
    assert window.display.caption_label.text() == "сверх лимита удержания"


def test_the_tray_icon_follows_the_state_with_the_time_in_its_tooltip(qtbot, shell_window):
    clock = FakeClock()
    window, shell = shell_window(clock, tray=True)
    tray = shell.tray
    assert tray.level is Level.NEUTRAL and tray.icon.toolTip() == "Нет звонка — 0:00"
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    clock.advance(95)
    window.session.refresh()
    assert tray.level is Level.AMBER and tray.icon.toolTip() == "Удержание — осталось 0:25"
    texts = [a.text() for a in tray.menu.actions() if a.text()]
    assert texts == ["Показать окно", "Компактный режим", "Без звука", "Выход"]


def test_without_a_system_tray_the_compact_view_stands_in_and_nothing_errors(qtbot, shell_window):
    from PySide6.QtWidgets import QSystemTrayIcon

    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen has none
    window, shell = shell_window(tray=None)
    assert shell.tray is None
    window.key_actions["compact"].trigger()
    assert shell.compact.isVisible()


def test_closing_mid_call_asks_and_a_no_keeps_the_call(qtbot, paths):
    from operator_assist.ui.app import build_window

    from .conftest import show_active

    answers = []

    def ask(parent):
        answers.append(parent)
        return len(answers) > 1  # «Нет» the first time, «Да» the second

    window = show_active(qtbot, build_window(paths, clock=FakeClock(), audio=False, confirm_close=ask))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    call_id = window.session.snapshot.call_id
    assert not window.close() and window.isVisible()
    assert window.session.in_call
    assert window.close()
    with Journal.open(paths.journal_file) as journal:
        assert journal.call_status(call_id) == "interrupted"


def test_between_calls_closing_does_not_ask(qtbot, paths):
    from operator_assist.ui.app import build_window

    from .conftest import show_active

    window = show_active(qtbot, build_window(paths, clock=FakeClock(), audio=False, confirm_close=pytest.fail))
    assert window.close()


def test_the_window_narrows_to_400_px_without_clipping(qtbot, make_window):
    window = make_window()
    window.resize(400, 700)
    qtbot.waitUntil(lambda: window.width() == 400)
    for _ in range(5):  # the column's layout follows the resize in posted events
        QApplication.processEvents()
    assert window.splitter.orientation() is Qt.Orientation.Vertical
    assert window.offer_controls.columns == 1
    column = window.splitter.widget(0)
    content = column.widget()
    assert content.width() >= content.minimumSizeHint().width()  # every line of the column fits
    for edit in (window.phrases.search, window.phrases.client_name, window.operator_bar.name_edit):
        metrics = edit.fontMetrics()
        assert edit.width() >= metrics.horizontalAdvance(edit.placeholderText()) + 8, edit.placeholderText()  # readable
    bar = window.operator_bar  # role above, name and gender below: nothing elided
    assert bar.name_edit.y() > bar.role_box.geometry().bottom()
    window.resize(960, 600)
    qtbot.waitUntil(lambda: window.splitter.orientation() is Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: bar.name_edit.y() < bar.role_box.geometry().bottom())  # wide again: one row


def shown_title(window) -> str:
    """The title as Qt's xcb and Windows backends show it: the application's display name appended unless it ends so."""
    title, name = window.windowTitle(), QApplication.applicationDisplayName()
    return title if title.endswith(name) else f"{title} — {name}"


def test_the_compact_window_names_the_app_once_in_its_title(qtbot, shell_window, monkeypatch):
    window, shell = shell_window()
    monkeypatch.setattr(QApplication, "applicationDisplayName", staticmethod(lambda: "Помощник оператора"))
    assert shown_title(shell.compact).count("Помощник оператора") == 1
    assert "компакт" in shown_title(shell.compact).lower()
    assert shown_title(window) == "Помощник оператора"


def activate(qtbot, compact) -> None:
    compact.windowHandle().requestActivate()
    qtbot.waitUntil(compact.isActiveWindow)


def clipped(compact) -> list[str]:
    """The compact window's words that do not show whole: past its edge, or cut by their own box."""
    from PySide6.QtWidgets import QLabel, QPushButton

    QApplication.processEvents()
    compact.layout().activate()
    cut = []
    for widget in compact.findChildren(QLabel) + compact.findChildren(QPushButton):
        if not widget.isVisible() or not widget.text():
            continue
        box = widget.geometry()
        box.moveTopLeft(widget.mapTo(compact, box.topLeft() - widget.pos()))
        room = widget.contentsRect().width() - (16 if isinstance(widget, QPushButton) else 0)
        too_wide = not (isinstance(widget, QLabel) and widget.wordWrap()) and widget.fontMetrics().horizontalAdvance(widget.text()) > room
        too_low = isinstance(widget, QLabel) and widget.wordWrap() and widget.heightForWidth(widget.width()) > widget.height()
        if too_wide or too_low or not compact.rect().contains(box):
            cut.append(widget.text())
    return cut


@pytest.mark.parametrize("size", [(360, 200), (300, 170)])
def test_the_compact_view_shows_its_words_whole(qtbot, shell_window, size):
    """«Звонок завершён · длительность» and «F5 — новый звонок.» were cut at the default size."""
    window, shell = shell_window()
    window.key_actions["compact"].trigger()
    activate(qtbot, shell.compact)
    shell.compact.resize(*size)
    qtbot.waitUntil(lambda: shell.compact.size().toTuple() == size)
    for key in (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F8):
        qtbot.keyClick(shell.compact, key)
        assert clipped(shell.compact) == [], (key, shell.compact.size())
    assert "длительность" in shell.compact.state_label.text() and "новый звонок" in shell.compact.say_label.text()


def test_the_offer_outcome_question_is_answered_in_the_compact_view(qtbot, paths, offer_file):  # noqa: F811
    from operator_assist.core.events import EventKind

    from .test_offer_ui import open_window

    window = open_window(qtbot, paths, f"file:{offer_file}")
    shell = DesktopShell(window, "offscreen", tray=False)
    qtbot.waitUntil(lambda: window.session.offers.offer is not None, timeout=5000)
    outcomes = []
    window.session.occurred.connect(lambda e: outcomes.append(e) if e.kind is EventKind.OFFER_OUTCOME else None)
    window.key_actions["compact"].trigger()
    activate(qtbot, shell.compact)
    qtbot.keyClick(shell.compact, Qt.Key.Key_F5)
    qtbot.keyClick(shell.compact, Qt.Key.Key_F8)
    question = shell.compact.outcome_prompt
    assert question.isVisible() and "Что было? (1–4)" in question.question.text()
    assert shell.compact.state_label.text() == "Звонок завершён"  # its duration hidden with the time
    assert clipped(shell.compact) == []
    qtbot.keyClick(shell.compact, Qt.Key.Key_2)
    assert [e.data["outcome"] for e in outcomes] == ["declined"]
    assert not question.isVisible() and not window.offer.prompt.isVisible()
    assert shell.compact.state_label.text() == "Звонок завершён · длительность" and shell.compact.time_label.isVisible()


def fully_shown(widget) -> bool:
    """On screen whole: not clipped by a scroll area, a splitter or the window's edge."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


@pytest.mark.parametrize("size", [(600, 420), (683, 384)])
def test_at_the_smallest_sizes_the_state_time_keys_warning_and_first_phrase_are_visible(qtbot, make_window, size):
    from operator_assist.ui.phrases.card import PhraseCard

    clock = FakeClock()
    window = make_window(clock)
    window.add_notice("Звуковые сигналы недоступны: звуковой файл не воспроизводится (нет звукового устройства?). "
                      "Предупреждения на экране работают.")  # fmt: skip
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    clock.advance(10)
    window.session.refresh()  # the silence warning: the longest message
    for _ in range(5):
        QApplication.processEvents()
    display = window.display
    assert "Тишина 10 с" in display.message_label.text()
    for widget in (display.state_label, display.time_label, display.message_label, *window.controls.buttons.values()):
        assert fully_shown(widget), (type(widget).__name__, getattr(widget, "text", str)(), widget.visibleRegion().boundingRect())
    message = display.message_label
    assert message.height() >= message.heightForWidth(message.width())  # no line cut in half
    cards = sorted((c for c in window.phrases.findChildren(PhraseCard) if c.isVisible()), key=lambda c: c.mapTo(window, c.rect().topLeft()).y())
    assert cards and fully_shown(cards[0]), cards[0].text() if cards else "no card"


@pytest.mark.parametrize("size", [(960, 600), (600, 420)])
def test_a_notice_moves_neither_the_timer_nor_the_call_keys(qtbot, make_window, size):
    """The sound notice came at the 10-second warning and pushed the F-keys down 78 px."""
    window = make_window()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    QApplication.processEvents()

    def places():
        QApplication.processEvents()
        return [w.mapTo(window, w.rect().topLeft()).toTuple() for w in (window.display, *window.controls.buttons.values())]

    before = places()
    window.add_notice("Звуковые сигналы недоступны: звуковой файл не воспроизводится (нет звукового устройства?). "
                      "Предупреждения на экране работают.")  # fmt: skip
    assert window.notices.banner.isVisible() and places() == before

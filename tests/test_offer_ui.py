import json
import threading

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import OfferPolled
from operator_assist.core.engine import CallState
from operator_assist.core.events import EventKind as K
from operator_assist.ui.app import build_window
from operator_assist.ui.offers.indicator import BLINK_MS

from .conftest import show_active
from .test_offer_sources import OFFER_JSON, OfferServer


def open_window(qtbot, paths, spec, tune=None):
    window = build_window(paths, clock=FakeClock(), audio=False, offer_spec=spec)
    if tune is not None:
        tune(window.offer.source)
    return show_active(qtbot, window)


def recorder(window):
    events = []
    window.session.occurred.connect(events.append)
    return events


@pytest.fixture
def offer_file(tmp_path):
    path = tmp_path / "offer.json"
    path.write_text(json.dumps(OFFER_JSON), encoding="utf-8")
    return path


def test_grey_without_a_source(qtbot, make_window):
    window = make_window()
    lamp = window.offer_indicator
    assert lamp.kind == "grey" and "предложения нет" in lamp.button.text()
    assert not lamp._blink.isActive()  # a grey lamp costs no timer


def test_the_sources_answers_reach_the_session_on_the_gui_thread(qtbot, paths, offer_file):
    import threading

    window = build_window(paths, clock=FakeClock(), audio=False, offer_spec=f"file:{offer_file}")
    on_gui_thread = []
    perform = window.session.perform

    def watched(command, origin="window", at=None):
        if isinstance(command, OfferPolled):
            on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return perform(command, origin, at)

    window.session.perform = watched
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: len(on_gui_thread) >= 1, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # a poll at the call's start too
    qtbot.waitUntil(lambda: len(on_gui_thread) >= 2, timeout=5000)
    assert all(on_gui_thread) and window.session.offer_state.view.title == "Тариф «Смарт»"


def test_red_and_blinking_with_an_offer_then_suppressed(qtbot, paths, offer_file, fake_timers):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    lamp = window.offer_indicator
    qtbot.waitUntil(lambda: window.session.offers.offer is not None, timeout=5000)
    assert lamp.kind == "grey" and "будет в звонке" in lamp.caption  # no blinking between calls
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert lamp.kind == "red"
    assert "Тариф «Смарт»" in lamp.button.text() and "красный" in lamp.button.toolTip()
    assert lamp.phase_on and lamp.style_name() == "red_on"
    fake_timers.advance(BLINK_MS - 1)
    assert lamp.phase_on
    fake_timers.advance(1)
    assert not lamp.phase_on and lamp.style_name() == "red_off"
    fake_timers.advance(BLINK_MS)
    assert lamp.phase_on and lamp.style_name() == "red_on"

    window.offer_controls.flags["complaint"].click()
    assert lamp.kind == "suppressed" and "претензионный клиент" in lamp.button.text()
    assert not lamp._blink.isActive()
    qtbot.keyClick(window, Qt.Key.Key_F8)  # toggles reset with the call
    assert not window.offer_controls.flags["complaint"].isChecked()
    assert lamp.kind == "grey" and not lamp._blink.isActive()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert lamp.kind == "red"


def test_card_outcomes_follow_the_standard_order(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    events = recorder(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.offer_indicator.kind == "red", timeout=5000)
    card = window.offer.open_card()
    assert card.script.text() == OFFER_JSON["text"]
    assert "Сначала зарегистрируйте сервисный запрос" in card.reminder.text()
    assert "Сначала зарегистрируйте" in window.offer_indicator.status_label.text()
    card.close()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.session.offers.request_registered and window.offer_controls.request.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.offer.card.isVisible() and not window.offer.card.reminder.isVisible()
    window.offer.card.declined_button.click()
    outcomes = [e.data for e in events if e.kind is K.OFFER_OUTCOME]
    assert outcomes == [{"offer_id": "tariff.smart", "outcome": "declined", "reason": None, "origin": "window"}]
    assert window.offer_indicator.kind == "grey" and "клиент отказался" in window.offer_indicator.status_label.text()
    card = window.offer.open_card()  # reopened: every button off, and the card says why
    assert not card.accepted_button.isEnabled() and "уже записан" in card.reminder.text()


def test_the_suppression_ticks_stay_put_when_the_reminder_comes_and_goes(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    tick = window.offer_controls.flags["lost_phone"]

    def where():
        QApplication.processEvents()  # let the layout settle
        return tick.mapTo(window, QPoint(0, 0))

    qtbot.waitUntil(lambda: window.session.offers.offer is not None, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # between calls the empty line takes no room (issue 14)
    assert "Сначала зарегистрируйте" in window.offer_indicator.status_label.text()
    before = where()
    window.offer_controls.flags["complaint"].click()  # the reminder goes away
    assert window.offer_indicator.status_label.text() == "" and where() == before
    window.offer_controls.flags["complaint"].click()  # and comes back
    assert "Сначала зарегистрируйте" in window.offer_indicator.status_label.text() and where() == before


def test_an_open_card_follows_the_call(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.offer_indicator.kind == "red", timeout=5000)
    card = window.offer.open_card()
    card.windowHandle().requestActivate()
    qtbot.waitUntil(card.isActiveWindow)
    assert not card.accepted_button.isEnabled()  # the request comes first
    qtbot.keyClick(card, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # the card has the keys too
    assert card.accepted_button.isEnabled() and not card.reminder.isVisible()
    window.offer_controls.flags["siebel_down"].click()
    assert not card.accepted_button.isEnabled() and "нет доступа в Siebel" in card.reminder.text()
    qtbot.keyClick(card, Qt.Key.Key_1)  # «озвучено — согласился» is off while suppressed
    assert window.session.offers.outcome is None
    qtbot.keyClick(card, Qt.Key.Key_F8)
    assert window.session.snapshot.state is CallState.ENDED and not card.isVisible()  # its call is over


def test_outcome_keys_on_the_card(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    events = recorder(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.offer_indicator.kind == "red", timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    card = window.offer.open_card()
    qtbot.waitUntil(card.isActiveWindow)
    qtbot.keyClick(card, Qt.Key.Key_2)
    assert [e.data["outcome"] for e in events if e.kind is K.OFFER_OUTCOME] == ["declined"] and not card.isVisible()


def test_not_voiced_with_a_reason_and_suppressed_card(qtbot, paths, offer_file):
    window = open_window(qtbot, paths, f"file:{offer_file}")
    events = recorder(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.offer_indicator.kind == "red", timeout=5000)
    window.offer_controls.flags["lost_phone"].click()
    card = window.offer.open_card()
    assert not card.accepted_button.isEnabled() and not card.declined_button.isEnabled()
    assert "блокировка при утере телефона" in card.reminder.text()
    assert not card.reason_box.isVisible()  # not «клиент торопится»: the suppression is the reason
    card.not_voiced_button.click()
    assert [e.data["reason"] for e in events if e.kind is K.OFFER_OUTCOME] == ["lost_phone"]
    assert [e.data["reason"] for e in events if e.kind is K.OFFER_SUPPRESSED] == ["lost_phone"]


def test_window_stays_responsive_while_the_http_source_hangs(qtbot, paths):
    server = OfferServer()
    server.mode = "hang"
    fetch_threads = []
    try:

        def tune(source):
            source.timeout = 0.5
            source.interval = 0.2
            original = source.fetch
            source.fetch = lambda context: (fetch_threads.append(threading.current_thread()), original(context))[1]

        window = open_window(qtbot, paths, f"http:{server.url}", tune)
        qtbot.waitUntil(lambda: bool(fetch_threads), timeout=5000)  # a fetch is hanging now
        fired = []
        QTimer.singleShot(0, lambda: fired.append(True))
        qtbot.waitUntil(lambda: bool(fired), timeout=400)  # the event loop runs during the hang
        qtbot.keyClick(window, Qt.Key.Key_F5)  # and keys work
        assert window.session.snapshot.state.value == "talking"
        assert threading.main_thread() not in fetch_threads
        lamp = window.offer_indicator
        qtbot.waitUntil(lambda: lamp.kind == "unavailable", timeout=5000)
        assert lamp.status_label.text() == "Источник предложений недоступен: нет ответа за 0.5 с" and lamp.status_label.isVisible()
        server.mode = "offer"
        server.release.set()
        qtbot.waitUntil(lambda: lamp.kind == "red", timeout=5000)  # recovers by itself
    finally:
        server.close()


def test_the_ticks_do_not_move_when_a_call_starts_or_ends(qtbot, make_window):
    """The lamp's status line came only with the call and pushed the checkbox block down ~30 px."""
    window = make_window()

    def ticks_y():
        for _ in range(3):
            QApplication.processEvents()
        return window.offer_controls.mapTo(window, QPoint(0, 0)).y()

    before = ticks_y()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert ticks_y() == before
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert ticks_y() == before

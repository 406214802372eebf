from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from operator_assist.core.clock import FakeClock
from operator_assist.core.events import EventKind
from operator_assist.core.phrases import normalize
from operator_assist.ui.phrases.watcher import RELOAD_DELAY_MS

from .conftest import type_text


def copied_ids(events):
    return [e.data["phrase_id"] for e in events if e.kind is EventKind.PHRASE_COPIED]


def recorder(window):
    events = []
    window.session.occurred.connect(events.append)
    return events


def clipboard():
    return QGuiApplication.clipboard().text()


def test_phrases_follow_the_call_state(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    panel = window.phrases
    assert panel.visible_ids()[0] == "greeting.default"
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert panel.visible_ids()[:2] == ["hold.tariff_change", "hold.clarify"]
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert panel.visible_ids()[0] == "resume.thanks"
    clock.advance(60)
    window.session.refresh()
    assert panel.visible_ids()[0] == "resume.thanks_long"
    clock.advance(30)  # 30 s before the specialist's 2-minute limit
    window.session.refresh()
    assert panel.visible_ids()[:4] == [
        "hold.return", "hold.alternative.callback", "hold.alternative.sms", "hold.alternative.site",
    ]  # fmt: skip
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert panel.visible_ids()[0] == "resume.thanks_long"


def test_ctrl_number_copies_with_the_operator_name_and_records_only_the_id(qtbot, make_window):
    window = make_window()
    events = recorder(window)
    window.operator_bar.name_edit.setText("Ольга")
    window.operator_bar.name_edit.editingFinished.emit()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == "Здравствуйте! Компания МТС, меня зовут Ольга. Чем могу Вам помочь?"
    assert copied_ids(events) == ["greeting.default"]
    assert [e.data for e in events if e.kind is EventKind.PHRASE_COPIED] == [{"phrase_id": "greeting.default", "origin": "window"}]
    assert "Скопировано" in window.phrases.confirmation.text()


def test_the_call_starts_with_the_greeting_then_the_needs(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    events = recorder(window)
    heading = window.phrases._headings
    assert "Нет звонка — приветствие наготове" in heading and heading["Нет звонка — приветствие наготове"].isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert heading["Сейчас: начало звонка"].isVisible()
    assert not heading["Нет звонка — приветствие наготове"].isVisible()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    clock.advance(15)
    window.session.refresh()
    first = window.phrases.visible_ids()[0]  # «разговор — выявите потребность»
    assert window.phrases.library.get(first).category == "needs"
    assert copied_ids(events) == ["greeting.default"]


def test_gender_changes_the_copied_words(qtbot, make_window):
    window = make_window()
    assert window.phrases.card("needs.paraphrase").rendered == "Правильно ли я Вас понял(а), что…"  # not chosen yet
    window.operator_bar.gender_box.setCurrentIndex(window.operator_bar.gender_box.findData("m"))
    window.phrases.copy_phrase("needs.paraphrase")
    assert clipboard() == "Правильно ли я Вас понял, что…"


def test_typing_a_cyrillic_search_filters_and_enter_copies(qtbot, make_window):
    window = make_window()
    events = recorder(window)
    panel = window.phrases
    type_text(panel.search, "длительное ОЖИДАНИЕ")
    found = panel.visible_ids()
    assert found and all("длительное ожидание" in normalize(panel.cards[i].rendered) for i in found)
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert copied_ids(events) == [found[1]]
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == "" and panel.visible_ids()[0] == "greeting.default"


def test_search_treats_yo_as_e(qtbot, make_window):
    window = make_window()
    type_text(window.phrases.search, "ещё чем")
    assert "summary.more_help" in window.phrases.visible_ids()


def test_click_copies_and_rules_are_not_copied(qtbot, make_window):
    window = make_window()
    events = recorder(window)
    card = window.phrases.cards["needs.clarify.duration"]
    window.phrases.scroll_area.ensureWidgetVisible(card)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert clipboard() == "Скажите, пожалуйста, как долго длится эта ситуация?"
    qtbot.mouseClick(window.phrases.cards["needs.rule.listen"], Qt.MouseButton.LeftButton)
    assert copied_ids(events) == ["needs.clarify.duration"]


def test_client_name_fills_phrases_and_is_forgotten_when_the_call_ends(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    type_text(window.phrases.client_name, "Анна")
    window.phrases.copy_phrase("greeting.name_known")
    assert clipboard() == "Анна, очень приятно. Слушаю Вас внимательно."
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.phrases.client_name.text() == ""
    assert "Анна" not in window.phrases.cards["greeting.name_known"].rendered


def test_long_phrases_wrap_and_are_shown_in_full(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    card = window.phrases.cards["filler.knowledge_base"]
    assert card.wordWrap()
    # Laid out in steps (width, then height): wait until it settles, whole text tall.
    qtbot.waitUntil(lambda: card.isVisible() and card.width() > 0 and card.height() >= card.heightForWidth(card.width()))
    assert card.width() <= window.phrases.scroll_area.viewport().width()
    assert card.rendered.endswith("с которого Вы звоните.") and card.text().endswith("с которого Вы звоните.")


def test_wrapup_helper_picks_the_summary_and_composes_the_farewell(qtbot, make_window):
    window = make_window()
    events = recorder(window)
    panel = window.phrases
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert panel.wrapup.isVisible() and panel.visible_ids()[0] == "summary.more_help"  # resolved: the usual one
    panel.wrapup.resolved.setChecked(False)
    assert "Есть ли у вас дополнительные вопросы" in panel.wrapup.summary.text()
    assert panel.visible_ids()[0] == "summary.unresolved"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert copied_ids(events) == ["summary.unresolved"]
    panel.wrapup.skip.setChecked(True)
    assert not panel.wrapup.summary.isVisible() and "не нужно" in panel.wrapup.advice.text()
    assert panel.visible_ids()[0].startswith("farewell.")  # no summary: say goodbye
    events.clear()
    for _ in range(25):  # every creative phrase in turn
        panel.wrapup.other_button.click()
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        text = clipboard()
        assert text.startswith("Спасибо за звонок!")
        assert normalize(text).count("всего доброго") <= 1
    ids = copied_ids(events)
    assert ids[:1] == ["farewell.thanks"] and len(ids) == 75
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert not panel.wrapup.isVisible() and not panel.wrapup.skip.isChecked()


def settled(qtbot, window, fake_timers) -> None:
    """The file watcher has seen the save; the editor's burst of saves is over (the debounce, advanced)."""
    qtbot.waitUntil(window.phrase_files._timer.isActive, timeout=5000)
    fake_timers.advance(RELOAD_DELAY_MS)


def test_user_phrase_edits_are_picked_up_while_running(qtbot, make_window, paths, fake_timers):
    user_dir = paths.phrases_dir
    user_dir.mkdir(parents=True)
    mine = user_dir / "mine.yaml"
    mine.write_text("category: hold\nphrases:\n  - id: hold.clarify\n    text: Версия один.\n", encoding="utf-8")
    window = make_window()
    assert window.phrases.cards["hold.clarify"].rendered == "Версия один."
    qtbot.waitUntil(lambda: window.phrase_files.watching)

    mine.write_text("category: hold\nphrases:\n  - id: hold.clarify\n    text: Версия два.\n", encoding="utf-8")
    settled(qtbot, window, fake_timers)
    qtbot.waitUntil(lambda: window.phrases.cards["hold.clarify"].rendered == "Версия два.", timeout=5000)

    broken = "category: hold\nphrases:\n  - id: hold.clarify\n    text: Здравствуйте, {client}!\n"
    mine.write_text(broken, encoding="utf-8")
    settled(qtbot, window, fake_timers)
    qtbot.waitUntil(lambda: window.phrases.problems.isVisible(), timeout=5000)
    assert "mine.yaml:4:" in window.phrases.problems.text() and f"{mine}:4:" in window.phrases.problems.toolTip()
    assert "показаны фразы до правки" in window.phrases.problems.text()
    assert window.phrases.cards["hold.clarify"].rendered == "Версия два."
    assert mine.read_text(encoding="utf-8") == broken

    mine.write_text("category: hold\nphrases:\n  - id: hold.clarify\n    text: Версия три.\n", encoding="utf-8")
    (user_dir / "new.yaml").write_text("category: mine\nlabel: Мои\nphrases:\n  - id: mine.a\n    text: Новая.\n", encoding="utf-8")
    settled(qtbot, window, fake_timers)
    qtbot.waitUntil(lambda: "mine.a" in window.phrases.cards, timeout=5000)
    assert window.phrases.cards["hold.clarify"].rendered == "Версия три."
    assert not window.phrases.problems.isVisible()


def test_a_broken_user_file_at_start_is_skipped_and_said_so(qtbot, make_window, paths):
    paths.phrases_dir.mkdir(parents=True)
    (paths.phrases_dir / "broken.yaml").write_text("category: hold\nphrases:\n  - id: x.a\n    text: [oops\n", encoding="utf-8")
    (paths.phrases_dir / "good.yaml").write_text("category: hold\nphrases:\n  - id: x.b\n    text: Моя.\n", encoding="utf-8")
    window = make_window()
    text = window.phrases.problems.text()
    assert "пропущен, остальные фразы загружены" in text and "broken.yaml:5: ошибка синтаксиса YAML" in text
    assert "x.b" in window.phrases.cards


def test_demo_highlight_marks_the_expected_phrase(qtbot, make_window):
    window = make_window()
    window.phrases.set_highlight("hold.clarify")
    assert window.phrases.cards["hold.clarify"].property("highlighted") is True
    window.phrases.set_highlight("resume.thanks")
    assert window.phrases.cards["hold.clarify"].property("highlighted") is False


def test_only_the_moment_s_phrases_are_built_before_the_first_paint(qtbot, paths):
    from operator_assist.ui.app import build_window, start_window, wait_for_first_paint

    window = build_window(paths, clock=FakeClock(), audio=False)
    qtbot.addWidget(window)
    panel = window.phrases
    before = panel.visible_ids()
    assert before[0] == "greeting.default" and not panel.complete
    assert "farewell.all_best" not in before and len(panel.cards) == len(before)
    window.show()
    wait_for_first_paint(window)
    assert not panel.complete
    start_window(window)
    assert panel.complete
    after = panel.visible_ids()
    assert after[: len(before)] == before and "farewell.all_best" in after


def test_a_wrapup_opened_between_calls_does_not_start_the_next_call(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.phrases.wrapup_button.isChecked() and not window.phrases.wrapup.isVisible()
    assert window.phrases.visible_ids()[0] == "greeting.default"

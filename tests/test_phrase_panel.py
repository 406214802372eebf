from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from operator_assist.core.clock import FakeClock
from operator_assist.core.commands import Action
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


def shown_headings(panel):
    from PySide6.QtWidgets import QLabel

    labels = [label for label in panel.findChildren(QLabel, "phraseHeading") if label.isVisible()]
    return [label.text() for label in sorted(labels, key=lambda label: label.y())]


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
    assert shown_headings(window.phrases)[0] == "Нет звонка — приветствие наготове"
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert shown_headings(window.phrases)[0] == "Сейчас: начало звонка"
    assert "Нет звонка — приветствие наготове" not in shown_headings(window.phrases)
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
    assert found and all("длительное ожидание" in normalize(panel.card(i).rendered) for i in found)
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
    card = window.phrases.reveal("needs.clarify.duration")
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert clipboard() == "Скажите, пожалуйста, как долго длится эта ситуация?"
    qtbot.mouseClick(window.phrases.reveal("needs.rule.listen"), Qt.MouseButton.LeftButton)
    assert copied_ids(events) == ["needs.clarify.duration"]


def test_client_name_fills_phrases_and_is_forgotten_when_the_call_ends(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    type_text(window.phrases.client_name, "Анна")
    window.phrases.copy_phrase("greeting.name_known")
    assert clipboard() == "Анна, очень приятно. Слушаю Вас внимательно."
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.phrases.client_name.text() == ""
    assert "Анна" not in window.phrases.card("greeting.name_known").rendered


def test_long_phrases_wrap_and_are_shown_in_full(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    card = window.phrases.reveal("filler.knowledge_base")
    assert card.wordWrap()
    # Laid out in steps (width, then height): wait until it settles, whole text tall.
    qtbot.waitUntil(lambda: card.isVisible() and card.width() > 0 and card.height() >= card.heightForWidth(card.width()))
    assert card.width() <= window.phrases.list.view.width()
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
    assert window.phrases.card("hold.clarify").rendered == "Версия один."
    qtbot.waitUntil(lambda: window.phrase_files.watching)

    mine.write_text("category: hold\nphrases:\n  - id: hold.clarify\n    text: Версия два.\n", encoding="utf-8")
    settled(qtbot, window, fake_timers)
    qtbot.waitUntil(lambda: window.phrases.card("hold.clarify").rendered == "Версия два.", timeout=5000)

    broken = "category: hold\nphrases:\n  - id: hold.clarify\n    text: Здравствуйте, {client}!\n"
    mine.write_text(broken, encoding="utf-8")
    settled(qtbot, window, fake_timers)
    qtbot.waitUntil(lambda: window.phrases.problems.isVisible(), timeout=5000)
    assert "mine.yaml:4:" in window.phrases.problems.text() and f"{mine}:4:" in window.phrases.problems.toolTip()
    assert "показаны фразы до правки" in window.phrases.problems.text()
    assert window.phrases.card("hold.clarify").rendered == "Версия два."
    assert mine.read_text(encoding="utf-8") == broken

    mine.write_text("category: hold\nphrases:\n  - id: hold.clarify\n    text: Версия три.\n", encoding="utf-8")
    (user_dir / "new.yaml").write_text("category: mine\nlabel: Мои\nphrases:\n  - id: mine.a\n    text: Новая.\n", encoding="utf-8")
    settled(qtbot, window, fake_timers)
    qtbot.waitUntil(lambda: "mine.a" in window.phrases.library, timeout=5000)
    assert window.phrases.card("hold.clarify").rendered == "Версия три."
    assert not window.phrases.problems.isVisible()


def test_a_broken_user_file_at_start_is_skipped_and_said_so(qtbot, make_window, paths):
    paths.phrases_dir.mkdir(parents=True)
    (paths.phrases_dir / "broken.yaml").write_text("category: hold\nphrases:\n  - id: x.a\n    text: [oops\n", encoding="utf-8")
    (paths.phrases_dir / "good.yaml").write_text("category: hold\nphrases:\n  - id: x.b\n    text: Моя.\n", encoding="utf-8")
    window = make_window()
    text = window.phrases.problems.text()
    assert "пропущен, остальные фразы загружены" in text and "broken.yaml:5: ошибка синтаксиса YAML" in text
    assert "x.b" in window.phrases.library


def test_demo_highlight_marks_the_expected_phrase(qtbot, make_window):
    window = make_window()
    window.phrases.set_highlight("hold.clarify")
    card = window.phrases.card("hold.clarify")
    assert card.property("highlighted") is True and card.isVisible()  # brought into view
    window.phrases.set_highlight("resume.thanks")
    assert card.property("highlighted") is False


def test_only_the_cards_in_view_are_built_and_only_when_shown(qtbot, paths):
    from operator_assist.ui.app import build_window
    from operator_assist.ui.phrases.card import PhraseCard

    window = build_window(paths, clock=FakeClock(), audio=False)
    qtbot.addWidget(window)
    panel = window.phrases
    assert panel.visible_ids()[0] == "greeting.default" and "farewell.all_best" in panel.visible_ids()
    assert panel.findChildren(PhraseCard) == []
    window.show()
    qtbot.waitExposed(window)
    built = panel.findChildren(PhraseCard)
    assert 0 < sum(card.isVisible() for card in built) <= len(built) < 30
    assert panel.card("greeting.default").isVisible() and not panel.card("farewell.all_best").isVisible()


def test_a_wrapup_opened_between_calls_does_not_start_the_next_call(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.phrases.wrapup_button.isChecked() and not window.phrases.wrapup.isVisible()
    assert window.phrases.visible_ids()[0] == "greeting.default"


# --- what moves and what is rebuilt (issue 22 #8 and #19) -----------------------------------------


def settle_layout():
    """Lets the posted layout requests run (no waiting on the clock)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def y_in(window, widget) -> int:
    from PySide6.QtCore import QPoint

    return widget.mapTo(window, QPoint(0, 0)).y()


def test_a_copy_notice_moves_nothing(qtbot, make_window):
    window = make_window()
    window.resize(960, 600)
    panel = window.phrases
    settle_layout()
    first = panel.card("greeting.default")
    before = y_in(window, first)
    panel.copy_phrase("filler.knowledge_base")  # two lines of notice, were it wrapped
    settle_layout()
    assert y_in(window, first) == before
    assert panel.confirmation.text().startswith("✓ Скопировано: «С удовольствием")
    assert panel.confirmation.toolTip().endswith("с которого Вы звоните.»")  # the whole of it


def test_three_clicks_on_another_phrase_change_it_three_times_and_move_nothing(qtbot, make_window):
    window = make_window()
    window.resize(960, 600)
    panel = window.phrases
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    settle_layout()
    box = panel.wrapup
    spot = box.other_button.mapTo(window, box.other_button.rect().center())
    first = panel.card(panel.visible_ids()[0])
    list_top = y_in(window, first)
    farewells = [box.farewell.text()]
    for _ in range(3):  # where the operator's mouse stays
        target = window.childAt(spot)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, spot))
        settle_layout()
        farewells.append(box.farewell.text())
        assert y_in(window, first) == list_top
    assert all(before != after for before, after in zip(farewells, farewells[1:])), farewells
    for toggle in (box.resolved, box.skip, box.skip, box.resolved):  # other advice, a summary or none
        toggle.click()
        settle_layout()
        assert window.childAt(spot) is box.other_button
        assert y_in(window, panel.card(panel.visible_ids()[0])) == list_top


class ShowsAndHides:
    """Counts the Show and Hide events of phrase cards."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication

        from operator_assist.ui.phrases.card import PhraseCard

        self.count = 0
        counter = self

        class Filter(QObject):
            def eventFilter(self, watched, event):
                if event.type() in (QEvent.Type.Show, QEvent.Type.Hide) and isinstance(watched, PhraseCard):
                    counter.count += 1
                return False

        self.filter = Filter()
        QApplication.instance().installEventFilter(self.filter)

    def take(self) -> int:
        count, self.count = self.count, 0
        return count

    def remove(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.instance().removeEventFilter(self.filter)


def cards_in_view(panel) -> int:
    """Cards the operator can see (some of)."""
    from operator_assist.ui.phrases.card import PhraseCard

    return sum(card.isVisible() and not card.visibleRegion().isEmpty() for card in panel.findChildren(PhraseCard))


def test_a_telephony_event_shows_and_hides_only_the_cards_that_come_and_go(qtbot, make_window):
    clock = FakeClock()
    window = make_window(clock)
    panel = window.phrases
    counter = ShowsAndHides()
    try:
        for action in (Action.START_CALL, Action.START_HOLD, Action.RESUME, Action.END_CALL):  # each changes the moment's heading
            before = cards_in_view(panel)
            assert window.session.perform(action, "telephony") is None
            assert counter.take() <= before + cards_in_view(panel)  # those that left, those that came
        clock.advance(1)
        window.session.refresh()  # the same moment: nothing to do
        assert counter.take() == 0
    finally:
        counter.remove()


def many_phrases(count: int):
    """A library of the bundled phrases and ``count`` more, suggested in every call context in turn."""
    from operator_assist.core.phrases import STATES, Category, Phrase, PhraseLibrary, load_bundled

    bundled = load_bundled().library
    extra = [
        Phrase(id=f"mine.p{n}", category=f"mine{n % 7}", title=f"Своя фраза {n}", text=f"Своя фраза номер {n} для клиента.",
               states=(STATES[n % len(STATES)],))
        for n in range(count)
    ]  # fmt: skip
    categories = [*bundled.categories.values(), *(Category(f"mine{k}", f"Свои {k}") for k in range(7))]
    return PhraseLibrary([*bundled, *extra], categories)


def test_with_thousands_of_phrases_a_key_builds_only_the_cards_in_view(qtbot, make_window):
    from operator_assist.ui.phrases.card import PhraseCard

    window = make_window()
    panel = window.phrases
    panel.set_library(many_phrases(3000))
    counter = ShowsAndHides()
    try:
        for key in (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F7, Qt.Key.Key_F9, Qt.Key.Key_F8):
            before = cards_in_view(panel)
            qtbot.keyClick(window, key)
            assert len(panel.visible_ids()) > 3000
            assert counter.take() <= before + cards_in_view(panel)
            assert len(panel.findChildren(PhraseCard)) < 100
    finally:
        counter.remove()
    type_text(panel.search, "номер 2999")
    assert panel.visible_ids()[0] == "mine.p2999" and panel.card("mine.p2999").isVisible()


def wheel(widget, notches: int) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    at = QPointF(10, 10)
    event = QWheelEvent(at, QPointF(widget.mapToGlobal(at.toPoint())), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_a_long_list_scrolls_by_wheel_and_bar_to_its_last_phrase(qtbot, make_window):
    from PySide6.QtWidgets import QApplication

    from operator_assist.ui.phrases.phrase_list import STEP

    window = make_window()
    panel = window.phrases
    panel.set_library(many_phrases(500))
    phrase_list, first = panel.list, panel.card("greeting.default")
    top = first.y()
    wheel(phrase_list.view, -1)  # one notch down: three lines
    assert first.y() == top - QApplication.wheelScrollLines() * phrase_list.fontMetrics().height()
    wheel(phrase_list.view, 5)
    assert first.y() == top  # and back, no further than the top
    bar = phrase_list.verticalScrollBar()
    settle_layout()  # the bar's range follows the rows in view
    assert bar.maximum() > 500 * STEP
    bar.setValue(bar.maximum())  # dragged to the bottom
    last = panel.card(panel.visible_ids()[-1])
    assert last.isVisible() and last.geometry().bottom() < phrase_list.view.height()
    assert last.geometry().bottom() > phrase_list.view.height() - 10  # no empty space below it
    bar.setValue(bar.minimum())
    assert first.isVisible() and first.y() == top


def test_arrow_keys_in_the_search_keep_the_selected_phrase_in_view(qtbot, make_window):
    window = make_window()
    window.resize(700, 420)
    panel = window.phrases
    panel.set_library(many_phrases(100))
    type_text(panel.search, "своя фраза")
    for _ in range(8):
        qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    ninth = panel.card(panel.visible_ids()[8])
    assert ninth.property("selected") is True and ninth.isVisible()
    assert 0 <= ninth.y() and ninth.geometry().bottom() < panel.list.view.height()
    events = recorder(window)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert copied_ids(events) == [ninth.phrase.id]


def test_after_a_library_change_the_first_cards_of_every_moment_are_built_before_its_key(qtbot, make_window):
    from operator_assist.ui.phrases.card import PhraseCard

    window = make_window()
    panel = window.phrases
    panel.set_library(many_phrases(3000))
    qtbot.waitUntil(lambda: not panel.warmer.cold)  # one moment's list per pass of the event loop
    built = set(panel.findChildren(PhraseCard))
    for key in (Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F7, Qt.Key.Key_F7, Qt.Key.Key_F9, Qt.Key.Key_F8):
        qtbot.keyClick(window, key)
        assert set(panel.findChildren(PhraseCard)) <= built


def test_a_card_without_a_title_shows_its_number_beside_the_text_not_alone(qtbot):
    """«Ctrl+1» alone on a card's first line reads as a card with no title."""
    from PySide6.QtGui import QTextDocument

    from operator_assist.core.phrases import Phrase
    from operator_assist.ui.phrases.card import PhraseCard

    card = PhraseCard(Phrase(id="creative.good_day", category="creative", text="Хорошего Вам дня!"))
    qtbot.addWidget(card)
    card.set_text("Хорошего Вам дня!", 1)
    document = QTextDocument()
    document.setHtml(card.text())
    lines = document.toPlainText().splitlines()
    assert lines[0].startswith("Ctrl+1") and "Хорошего Вам дня!" in lines[0], lines
    titled = PhraseCard(Phrase(id="hold.ask", category="hold", text="Оставайтесь на линии.", title="Удержание"))
    qtbot.addWidget(titled)
    titled.set_text("Оставайтесь на линии.", 2)
    document.setHtml(titled.text())
    assert document.toPlainText().splitlines()[:2] == ["Ctrl+2 · Удержание", "Оставайтесь на линии."]

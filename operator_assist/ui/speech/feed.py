"""Вид → «Слушать свою речь»: the operator's own words heard and checked against the standard's phrases (issue 26).

The listener (``speech/listener.py``) runs on threads of its own; :class:`SpeechFeed` queues its
reports to the GUI thread. :class:`SpeechLink` follows the call session with the core's
:class:`~operator_assist.core.speech_checks.SpeechChecker` and journals each check met or missed,
with its time, never words (``speech.journal: false``: on screen only). :class:`SpeechMarks` shows
what was heard: «✓ сказано» / «не прозвучало» on the phrase cards and in the compact view, a quiet
amber note with the right words after a forbidden one; it waits while the client speaks, and
nothing blinks. :class:`SpeechListening` is the toggle, remembered, with its status mark, attached
to the window from ``ui/app.py`` like the call's audio (``ui/audio_feed.py``). Only the microphone
is heard; the text stays in memory (a practice's score card shows it), never on disk.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from ...core.commands import HeardChecks
from ...core.events import Event, EventKind
from ...core.speech_checks import Forbidden, Said, SpeechChecker, Verdict
from ...i18n import QT_TRANSLATE_NOOP, translate
from .. import timers
from ..texts import plain_tooltip

if TYPE_CHECKING:
    from ..main_window import MainWindow

log = logging.getLogger(__name__)

STATUS_WORDS = {
    "loading": QT_TRANSLATE_NOOP("speech", "Загружаю распознавание речи…"),
    "listening": QT_TRANSLATE_NOOP("speech", "Слушаю вашу речь: сказанные фразы стандарта отмечаются на карточках. "
                                             "Звук и текст не сохраняются и никуда не передаются."),
    "missing": QT_TRANSLATE_NOOP("speech", "Микрофон недоступен: {message}. Подключусь, когда он появится"),
    "lost": QT_TRANSLATE_NOOP("speech", "Микрофон пропал: {message}. Подключусь снова, когда он вернётся"),
    "ended": QT_TRANSLATE_NOOP("speech", "Запись речи закончилась"),
    "failed": QT_TRANSLATE_NOOP("speech", "Слушать вашу речь нельзя: {message}"),
    "stopped": QT_TRANSLATE_NOOP("speech", "Ваша речь не слушается"),
}  # fmt: skip
PART_WORDS = {
    "purpose": QT_TRANSLATE_NOOP("speech", "цель"),
    "time": QT_TRANSLATE_NOOP("speech", "время ожидания"),
    "consent": QT_TRANSLATE_NOOP("speech", "согласие клиента"),
    "thanks": QT_TRANSLATE_NOOP("speech", "благодарность за звонок"),
    "wish": QT_TRANSLATE_NOOP("speech", "пожелание"),
    "goodbye": QT_TRANSLATE_NOOP("speech", "прощание"),
}
CHECK_WORDS = {
    "before_hold": QT_TRANSLATE_NOOP("speech", "фраза перед удержанием"),
    "after_hold": QT_TRANSLATE_NOOP("speech", "«Спасибо за ожидание»"),
    "summary": QT_TRANSLATE_NOOP("speech", "резюме"),
    "farewell": QT_TRANSLATE_NOOP("speech", "прощание"),
}
WAIT_MS = 300
"""While the client speaks, what was heard waits; checked this often."""
RECENT = 60.0
"""A card ticked this many seconds before a moment keeps its tick when the moment is missed for other words."""


def missing_words(missing: tuple[str, ...]) -> str:
    return ", ".join(translate("speech", PART_WORDS.get(part, part)) for part in missing)


class SpeechFeed(QObject):
    """The listener's reports, from its threads, queued to this object's thread (the GUI's)."""

    heard = Signal(object)
    progress = Signal(float)
    status = Signal(object)
    dropped = Signal(float, float)

    def __init__(self, make_mic: Callable, recogniser, clock, parent=None) -> None:
        super().__init__(parent)
        from ...speech.listener import SpeechListener

        self.listener = SpeechListener(make_mic, recogniser, clock, on_heard=self.heard.emit, on_progress=self.progress.emit,
                                       on_status=self.status.emit, on_dropped=self.dropped.emit)  # fmt: skip

    def start(self) -> None:
        self.listener.start()

    def stop(self) -> None:
        self.listener.stop()


class SpeechLink(QObject):
    """On the GUI thread: the session's events and the utterances heard → the checker → the journal and :attr:`outcomes`.

    A timer decides a moment whose words never come (recognition fell behind) after the checker's grace.
    """

    outcomes = Signal(list)
    said = Signal(str, float)
    """A phrase of the library heard (its id, the utterance's start): a practice's step done."""
    heard = Signal(float, float, str)
    """Each utterance's times and text, for a practice's score card (in memory only)."""

    def __init__(self, session, library, journal: bool = True, resume_window: float = 15.0, parent=None) -> None:
        super().__init__(parent)
        self.active = True
        """False once released: what the listener's threads queued before is not acted on."""
        self.session = session
        self.clock = session.clock
        self.journal = journal
        self.checker = SpeechChecker(library, resume_window=resume_window)
        self.heard_until = -math.inf
        self._timer = timers.timer(self, 1000)
        self._timer.timeout.connect(self.settle)
        session.occurred.connect(self.on_event)

    @Slot(object)
    def on_event(self, event: Event) -> None:
        if event.kind in (EventKind.SPEECH_CHECK, EventKind.FORBIDDEN_WORD):
            return  # our own, back from the bus
        self._apply(self.checker.on_event(event))

    @Slot(object)
    def on_heard(self, heard) -> None:
        if self.active:
            self.heard.emit(heard.start, heard.end, heard.text)
            self._apply(self.checker.on_heard(heard.start, heard.end, heard.text))

    @Slot(float)
    def on_progress(self, until: float) -> None:
        if self.active:
            self.heard_until = max(self.heard_until, until)
            self.settle()

    @Slot(float, float)
    def on_dropped(self, start: float, end: float) -> None:
        if self.active:
            self.checker.on_dropped(start, end)

    def settle(self) -> None:
        self._apply(self.checker.settle(self.heard_until, self.clock.now()))

    def _apply(self, outcomes: list) -> None:
        if self.checker.pending:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
        if not outcomes:
            return
        if self.journal:  # which check was met or missed, and when; never what was said
            self.session.perform(HeardChecks(tuple(outcomes)), "audio")  # what the microphone heard
        self.outcomes.emit(outcomes)
        for outcome in outcomes:
            if isinstance(outcome, Said):
                self.said.emit(outcome.phrase_id, outcome.at)

    def release(self) -> None:
        self.active = False
        self._timer.stop()
        self.session.occurred.disconnect(self.on_event)


class SpeechMarks(QObject):
    """What was heard, on screen: the cards' «✓ сказано» / «не прозвучало», the compact line, the amber note.

    Steady text, never a flash; while ``client_speaking()`` says the client talks, it waits.
    """

    compact_note = Signal(str, str)
    """(text, kind: said / missed / forbidden); "" clears it."""

    def __init__(self, window: MainWindow, client_speaking: Callable[[], bool] = lambda: False) -> None:
        super().__init__(window)
        self.window = window
        self.client_speaking = client_speaking
        self.note = QLabel(wordWrap=True)
        self.note.setObjectName("speechNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("#speechNote { color: #4a3b00; border-radius: 4px; padding: 3px 6px; background: #f4f1e8; }"
                                "#speechNote[forbidden=\"true\"] { background: #fff4ce; border: 1px solid #ecd9a0; }")  # fmt: skip
        self.note.hide()
        window.phrases.add_above_list(self.note)
        self.call_id: str | None = window.session.snapshot.call_id
        self._marked: set[str] = set()
        self._said_at: dict[str, float] = {}
        self._waiting: list = []
        self._timer = timers.timer(self, WAIT_MS)
        self._timer.timeout.connect(self._flush)
        window.session.occurred.connect(self._on_event)

    def _on_event(self, event: Event) -> None:
        if event.kind is EventKind.CALL_STARTED:
            self.clear()
            self.call_id = event.call_id

    def show(self, outcomes: list) -> None:
        self._waiting += outcomes
        self._flush()

    def _flush(self) -> None:
        if self.client_speaking():
            if not self._timer.isActive():
                self._timer.start()
            return
        self._timer.stop()
        waiting, self._waiting = self._waiting, []
        for outcome in waiting:
            self._show(outcome)

    def clear(self) -> None:
        for phrase_id in self._marked:
            self.window.phrases.speech_marks.set(phrase_id, "")
        self._marked.clear()
        self._said_at.clear()
        self._waiting.clear()
        self.note.hide()
        self.compact_note.emit("", "")

    def _mark(self, phrase_id: str, mark: str) -> None:
        if phrase_id in self.window.phrases.library:
            self.window.phrases.speech_marks.set(phrase_id, mark)
            self._marked.add(phrase_id)

    def _title(self, phrase_id: str) -> str:
        return self.window.phrases.phrase_title(phrase_id) or phrase_id

    def _show(self, outcome) -> None:
        said = translate("speech", "✓ сказано")
        if isinstance(outcome, Said):
            self._said_at[outcome.phrase_id] = outcome.at
            self._mark(outcome.phrase_id, said)
            self.compact_note.emit(translate("speech", "✓ сказано: {title}").format(title=self._title(outcome.phrase_id)), "said")
        elif isinstance(outcome, Verdict):
            if outcome.call_id != self.call_id:
                return  # an earlier call's, decided as this one began: journaled, not shown
            if outcome.met:
                if outcome.phrase_id:
                    self._mark(outcome.phrase_id, said)
                return
            parts = missing_words(outcome.missing)
            mark = translate("speech", "не прозвучало: {parts}").format(parts=parts) if parts else translate("speech", "не прозвучало")
            for phrase_id in outcome.expected:
                if self._said_at.get(phrase_id, -math.inf) < outcome.at - RECENT:  # «Всего доброго» said as the wish stays ✓
                    self._mark(phrase_id, mark)
            check = translate("speech", CHECK_WORDS.get(outcome.check, outcome.check))
            text = translate("speech", "Не прозвучало: {check}").format(check=check) + (f" ({parts})" if parts else "")
            self._note(text, forbidden=False)
            self.compact_note.emit(text, "missed")
        elif isinstance(outcome, Forbidden):
            text = translate("speech", "Вместо «{word}» говорим: «{right}»").format(word=outcome.word, right=outcome.right)
            self._note(text, forbidden=True)
            self.compact_note.emit(text, "forbidden")

    def _note(self, text: str, forbidden: bool) -> None:
        """One steady line above the phrases: amber for a forbidden word, plain for a moment missed."""
        self.note.setProperty("forbidden", forbidden)
        self.note.style().unpolish(self.note)
        self.note.style().polish(self.note)
        self.note.setText(text)
        self.note.show()


class SpeechMark(QLabel):
    """The status bar's small mark: listening to the operator's words, loading, or not able to."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("speechMark")
        self.set_status("stopped", translate("speech", STATUS_WORDS["stopped"]))

    def set_status(self, state: str, words: str) -> None:
        self.state = state
        if state == "listening":
            self.setText(translate("speech", "● речь"))
            self.setStyleSheet("#speechMark { color: #1b7f3b; }")
        elif state == "loading":
            self.setText(translate("speech", "… речь"))
            self.setStyleSheet("#speechMark { color: #607d8b; }")
        elif state in ("missing", "lost", "failed"):
            self.setText(translate("speech", "✕ речь"))
            self.setStyleSheet("#speechMark { color: #b3261e; }")
        else:
            self.setText("")
        self.setToolTip(plain_tooltip(words))
        self.setVisible(state not in ("stopped", "ended"))


def client_speaking(listening) -> Callable[[], bool]:
    """Whether the client is speaking now, from «Слушать разговор» (ui/audio_feed.py) when it listens; else never."""
    from ...core.dead_air import CLIENT

    def speaking() -> bool:
        feed = listening.feed if listening is not None else None
        analyser = feed.monitor.analyser if feed is not None else None
        return bool(analyser is not None and analyser.tracker.streams[CLIENT].speaking)

    return speaking


class SpeechListening(QObject):
    """Вид → «Слушать свою речь»: the operator's words heard and checked, turned on and off from the window; remembered.

    Turning it on uses ``speech.recogniser`` of settings.yaml, or ``whisper`` (the pinned base model)
    when that is ``off``. In a practice window, a phrase step then counts only when said aloud.
    """

    def __init__(self, window: MainWindow, settings, cache_dir, notify: Callable[[str], None],
                 client_speaking: Callable[[], bool] = lambda: False) -> None:  # fmt: skip
        super().__init__(window)
        self.window, self.settings, self.cache_dir, self.notify = window, settings, cache_dir, notify
        self.feed: SpeechFeed | None = None
        """None while not listening."""
        self.link: SpeechLink | None = None
        self.marks = SpeechMarks(window, client_speaking)
        self.mark = SpeechMark()
        window.statusBar().addPermanentWidget(self.mark)
        self.action = QAction(translate("speech", "Слушать свою речь"), window, checkable=True)
        self.action.setToolTip(
            translate("speech", "Отмечать на карточках фразы стандарта, сказанные вами, и подсказывать вместо запрещённых "
                      "слов. Слышен только ваш микрофон; распознаётся на этом компьютере, звук и текст не сохраняются "
                      "и никуда не передаются.")
        )  # fmt: skip
        window.add_view_actions([self.action])
        window.closing.connect(self.stop)  # no listening thread outlives the window
        self.action.triggered.connect(self._chosen)  # the operator's choice; not setChecked() from code

    def start(self, remembered: str) -> SpeechFeed | None:
        """Listen (or not) as chosen: the window's last choice (``on``/``off``), else settings.yaml."""
        configured = self.settings.speech.recogniser.strip() not in ("", "off")
        if remembered == "on" or (remembered == "" and configured):
            self._listen()
        self.action.setChecked(self.feed is not None)
        return self.feed

    def show_in(self, compact) -> None:
        """The compact view shows the same line (ui/compact_window.py)."""
        self.marks.compact_note.connect(compact.set_speech_note)

    def _chosen(self, on: bool) -> None:
        self.stop()
        if on:
            self._listen()
        self.action.setChecked(self.feed is not None)
        self.window.update_prefs(speech="on" if self.feed is not None else "off")

    def _listen(self) -> None:
        try:
            from ...speech.microphone import create_microphone
            from ...speech.recognisers import RecogniserError, from_settings
        except ImportError as exc:  # numpy or the recogniser's package: the speech extra is not installed
            self.notify(translate("speech", "Слушать вашу речь нельзя: нет пакета {name} (pip install 'operator-assist[speech]')").format(name=exc.name))
            return
        from ...core.phrases import load_bundled
        from ...core.speech_checks import PhraseSpotter

        book = self.window.book
        library = book.library if book is not None else load_bundled().library
        try:
            recogniser = from_settings(self.settings.speech, self.cache_dir, tuple(PhraseSpotter(library).grammar()))
        except RecogniserError as exc:
            self.notify(translate("speech", STATUS_WORDS["failed"]).format(message=exc))
            return
        audio = self.settings.audio
        session = self.window.session
        self.feed = SpeechFeed(lambda: create_microphone(audio.source, audio.mic), recogniser, session.clock, self)
        self.link = SpeechLink(session, library, self.settings.speech.journal, self.settings.timers.resume_hint, self)
        self.feed.heard.connect(self.link.on_heard)
        self.feed.progress.connect(self.link.on_progress)
        self.feed.dropped.connect(self.link.on_dropped)
        self.feed.status.connect(self._status)
        self.link.outcomes.connect(self.marks.show)
        demo = self.window.demo
        if demo is not None and demo.practice:  # a phrase step counts when said aloud
            demo.listen_to_speech()
            self.link.heard.connect(demo.heard_text)
            self.link.said.connect(demo.phrase_heard)
        self.feed.start()

    @Slot(object)
    def _status(self, status) -> None:
        if self.feed is None or self.sender() is not self.feed:
            return  # a feed already stopped: its last reports are not news
        words = translate("speech", STATUS_WORDS.get(status.state, status.state)).format(message=status.message)
        self.mark.set_status(status.state, words)
        if status.state in ("missing", "lost", "failed"):
            self.notify(words)
        if status.state == "failed":
            self.stop()

    def stop(self) -> None:
        feed, self.feed = self.feed, None
        link, self.link = self.link, None
        if feed is not None:
            feed.stop()
            feed.deleteLater()
        if link is not None:
            link.release()
            link.deleteLater()
        if self.mark.state not in ("failed",):
            self.mark.set_status("stopped", translate("speech", STATUS_WORDS["stopped"]))
        self.action.setChecked(False)

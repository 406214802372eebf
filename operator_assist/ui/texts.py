"""Russian UI wording for the core's codes, in one place and translatable.

The core speaks in enums; the words the operator reads live here.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ..core.engine import Action, CallState, InvalidAction, Snapshot, Status, format_mmss
from ..i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from ..core.phrases import PhraseLibrary

translate = QCoreApplication.translate
"""``translate("texts", "…")``: lupdate reads the literal; other modules' wording beside these words."""

ACTION_LABELS = (
    QT_TRANSLATE_NOOP("keymap", "Новый звонок"),
    QT_TRANSLATE_NOOP("keymap", "Поиск информации / нашёл — говорю"),
    QT_TRANSLATE_NOOP("keymap", "Удержание / вернуться"),
    QT_TRANSLATE_NOOP("keymap", "Завершить звонок"),
    QT_TRANSLATE_NOOP("keymap", "Итоги и прощание"),
    QT_TRANSLATE_NOOP("keymap", "Сервисный запрос зарегистрирован"),
    QT_TRANSLATE_NOOP("keymap", "Отличное предложение…"),
    QT_TRANSLATE_NOOP("keymap", "Поиск фраз"),
    QT_TRANSLATE_NOOP("keymap", "Копировать прощание"),
    QT_TRANSLATE_NOOP("keymap", "Компактный режим"),
    QT_TRANSLATE_NOOP("keymap", "Статистика…"),
)
"""The keymap's action labels (core/keymap.py), so the catalogue has them; a test keeps the two equal."""

ROLE_LABELS = (
    QT_TRANSLATE_NOOP("roles", "Специалист"),
    QT_TRANSLATE_NOOP("roles", "Старший специалист"),
)
"""The bundled roles' labels (standard/roles.yaml); a role of the user's own is shown as written."""


def action_label(label: str) -> str:
    return translate("keymap", label)


def role_label(label: str) -> str:
    return translate("roles", label)


def state_words(state: CallState) -> str:
    return {
        CallState.IDLE: translate("texts", "Нет звонка"),
        CallState.RINGING: translate("texts", "Входящий звонок"),
        CallState.TALKING: translate("texts", "Разговор"),
        CallState.LOOKUP: translate("texts", "Поиск — тишина"),
        CallState.HOLD: translate("texts", "Удержание"),
        CallState.ENDED: translate("texts", "Звонок завершён"),
    }[state]


def state_title(snap: Snapshot) -> str:
    """The state in words, as the title line says it: who rings, a hold the softphone has not confirmed."""
    if snap.state is CallState.HOLD and snap.unconfirmed:
        return translate("texts", "Удержание не подтверждено")
    if snap.state is CallState.RINGING:
        return translate("texts", "Входящий звонок · {number}").format(number=caller(snap))
    return state_words(snap.state)


def caller(snap: Snapshot) -> str:
    """Who rings: the number as the telephony gave it, or that it did not."""
    return snap.number or translate("texts", "номер не определён")


def limit_words(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if rest == 0:
        return translate("texts", "{n} мин").format(n=minutes)
    return format_mmss(seconds)


QUOTED = {
    Status.THANK_FOR_WAITING: "resume.thanks",
    Status.THANK_FOR_LONG_WAITING: "resume.thanks_long",
    Status.SILENCE_WARNING: "hold.clarify",
}
"""The phrase of the library a status quotes: content, in Russian in every language (as it is copied)."""


def quote(status: Status, library: PhraseLibrary | None = None, short: bool = False) -> str:
    """The words of :data:`QUOTED`'s phrase for ``status`` as ``library`` has them (the bundled standard's
    when it has none); ``short``: first and last sentence («… Хорошо/Вы согласны?»). No final full stop."""
    phrase_id = QUOTED[status]
    phrase = library.get(phrase_id) if library is not None else None
    if phrase is None:
        phrase = _bundled().get(phrase_id)
    text = phrase.text if phrase is not None else ""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    if short and len(sentences) > 2:
        text = sentences[0].rstrip(".") + "… " + sentences[-1]
    return text.strip().removesuffix(".")


@functools.cache
def _bundled() -> PhraseLibrary:
    from ..core.phrases import load_bundled

    return load_bundled().library


def status_message(snap: Snapshot, silence_threshold: float, prewarning: float, library: PhraseLibrary | None = None) -> str:
    """What to do now, for the timer panel. Quoted phrases come from ``library`` (the operator's), in Russian."""
    s = snap.status
    if s is Status.READY:
        return translate("texts", "Ждём звонка. F5 — новый звонок.")
    if s is Status.RINGING:
        if snap.answerable:
            return translate("texts", "F5 — ответить. Приветствие готово (Ctrl+1).")
        return translate("texts", "Снимите трубку — таймер начнётся сам. Приветствие готово (Ctrl+1).")
    if s is Status.ANSWERING:
        return translate("texts", "Софтфон отвечает на звонок…")
    if s is Status.TALKING:
        return translate("texts", "Слушайте, не перебивая. F6 — начать поиск информации (таймер тишины).")
    if s in (Status.THANK_FOR_WAITING, Status.THANK_FOR_LONG_WAITING):
        return translate("texts", "Поблагодарите клиента: «{phrase}».").format(phrase=quote(s, library))
    if s is Status.LOOKUP:
        return translate("texts", "Клиент слышит тишину. Не дольше {n} с: заполните паузу фразой или поставьте на удержание (F7).").format(
            n=int(silence_threshold)
        )
    if s is Status.SILENCE_WARNING:
        return translate(
            "texts", "Тишина {n} с! Поставьте клиента на удержание (F7): цель, время ожидания, согласие — «{phrase}»"
        ).format(n=int(silence_threshold), phrase=quote(s, library))
    if snap.unconfirmed and s in (Status.HOLD, Status.HOLD_PREWARNING, Status.HOLD_LIMIT):
        return translate(
            "texts", "Софтфон не подтвердил удержание: клиент может вас слышать. Поставьте на удержание в софтфоне."
        )
    if s is Status.HOLD:
        if snap.hold_limit != snap.role.hold_limit:  # the role changed during this hold
            return translate(
                "texts",
                "Клиент на удержании. Вернитесь к нему не позже чем через {limit} — лимит роли на начало "
                "удержания; новая роль действует со следующего."
            ).format(limit=limit_words(snap.hold_limit or 0))
        return translate("texts", "Клиент на удержании. Вернитесь к нему не позже чем через {limit} ({role}).").format(
            limit=limit_words(snap.hold_limit or 0), role=role_label(snap.role.label).lower()
        )
    if s is Status.HOLD_PREWARNING:
        return translate("texts", "Осталось меньше {n} с — готовьтесь вернуться к клиенту (F7).").format(n=int(prewarning))
    if s is Status.HOLD_LIMIT:
        return translate(
            "texts",
            "Вернитесь к клиенту сейчас (F7)! Скажите, что поиск информации займет еще некоторое время. "
            "Если клиент не готов ждать — предложите другие способы получить информацию."
        )
    if s is Status.PEER_HOLD:
        return translate("texts", "Клиент поставил вас на удержание. Дождитесь его — ваш таймер удержания не идёт.")
    if s is Status.ENDED:
        return translate("texts", "Звонок завершён. F5 — новый звонок.")
    raise ValueError(s)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt renders a tooltip that looks like HTML as HTML."""
    from .phrases.card import escape  # not html.escape: html.entities costs the start 2.5 ms (the offer lamp's tooltip)

    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + escape(text).replace("\n", "<br>") + "</p>"


def time_caption(snap: Snapshot) -> str:
    """What the big number means, so its direction is never a guess."""
    s = snap.status
    if s in (Status.HOLD, Status.HOLD_PREWARNING):
        return translate("texts", "осталось до возврата")
    if s is Status.HOLD_LIMIT:
        return translate("texts", "сверх лимита удержания")
    if snap.state is CallState.LOOKUP:
        return translate("texts", "клиент слышит тишину") if snap.origin != "audio" else translate("texts", "тишина на линии")
    if snap.state is CallState.ENDED:
        return translate("texts", "длительность звонка")
    if snap.state is CallState.IDLE:
        return ""
    if snap.state is CallState.RINGING:
        return translate("texts", "звонит")
    return translate("texts", "идёт звонок")


def compact_time(snap: Snapshot) -> tuple[str, str]:
    """(what the number means, the number) for the compact view and the tray: («осталось», «0:46»)."""
    s = snap.status
    if s in (Status.HOLD, Status.HOLD_PREWARNING):
        return translate("texts", "осталось"), _short(snap.display)
    if s is Status.HOLD_LIMIT:
        return translate("texts", "сверх лимита"), "+" + _short(snap.display.lstrip("+"))
    if snap.state is CallState.ENDED:
        return translate("texts", "длительность"), _short(snap.display)
    return "", _short(snap.display)  # the state's own words say it: «Поиск — тишина», «Разговор», «Входящий звонок · 2002»


def _short(mmss: str) -> str:
    """02:05 → 2:05 (minutes without a leading zero)."""
    minutes, _, seconds = mmss.partition(":")
    return f"{int(minutes)}:{seconds}" if minutes.isdigit() else mmss


def say_now(snap: Snapshot, library: PhraseLibrary | None = None) -> str:
    """One short line of what to say or do now, large in the compact window (quotes as :func:`status_message`)."""
    s = snap.status
    if s in (Status.THANK_FOR_WAITING, Status.THANK_FOR_LONG_WAITING):
        return f"«{quote(s, library)}»"
    if s is Status.SILENCE_WARNING:
        return translate("texts", "«{phrase}» F7").format(phrase=quote(s, library, short=True))
    return {
        Status.READY: translate("texts", "F5 — новый звонок"),
        Status.RINGING: translate("texts", "F5 — ответить") if snap.answerable else translate("texts", "Снимите трубку"),
        Status.ANSWERING: translate("texts", "Отвечаем…"),
        Status.TALKING: translate("texts", "Слушайте, не перебивая. F6 — поиск"),
        Status.LOOKUP: translate("texts", "Заполните паузу или F7 — удержание"),
        Status.HOLD: translate("texts", "Клиент на удержании") if not snap.unconfirmed
        else translate("texts", "Удержание не подтверждено — клиент может слышать"),
        Status.HOLD_PREWARNING: translate("texts", "Готовьтесь вернуться (F7)"),
        Status.HOLD_LIMIT: translate("texts", "Вернитесь и скажите, что поиск займет еще некоторое время (F7)"),
        Status.PEER_HOLD: translate("texts", "Клиент удерживает линию — ждите"),
        Status.ENDED: translate("texts", "Звонок завершён. F5 — новый"),
    }[s]


def invalid_action(exc: InvalidAction) -> str:
    """Why a key did nothing, in the operator's words."""
    if exc.action is Action.START_CALL:
        return translate("texts", "Сначала завершите текущий звонок (F8).")
    if exc.state in (CallState.IDLE, CallState.ENDED):
        return translate("texts", "Нет активного звонка — начните новый (F5).")
    return translate("texts", "Сейчас это недоступно: {state}.").format(state=state_words(exc.state).lower())


def problem_lines(problems, limit: int = 3) -> tuple[str, str]:
    """(the first ``limit`` problems as «file.yaml:line: message» and «… и ещё N», every problem in full).

    The short form names the file only: a full path fills a narrow panel; it is in the full form.
    """
    from pathlib import PurePath

    shown = [f"{PurePath(p.file).name}:{p.line}: {p.message}" for p in problems[:limit]]
    if len(problems) > limit:
        shown.append(translate("texts", "… и ещё {n} (подробно — в подсказке)").format(n=len(problems) - limit))
    return "\n".join(shown), "\n".join(str(p) for p in problems)

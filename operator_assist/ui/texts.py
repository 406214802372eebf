"""Russian UI wording for the core's codes, in one place and translatable.

The core speaks in enums; the words the operator reads live here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.engine import Action, CallState, InvalidAction, Snapshot, Status, format_mmss
from ..i18n import QT_TRANSLATE_NOOP

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
        CallState.TALKING: translate("texts", "Разговор"),
        CallState.LOOKUP: translate("texts", "Поиск — тишина"),
        CallState.HOLD: translate("texts", "Удержание"),
        CallState.ENDED: translate("texts", "Звонок завершён"),
    }[state]


def limit_words(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if rest == 0:
        return translate("texts", "{n} мин").format(n=minutes)
    return format_mmss(seconds)


def status_message(snap: Snapshot) -> str:
    s = snap.status
    silence_threshold, prewarning = snap.timers.silence_warning, snap.timers.hold_prewarning
    if s is Status.READY:
        return translate("texts", "Ждём звонка. F5 — новый звонок.")
    if s is Status.TALKING:
        return translate("texts", "Слушайте, не перебивая. F6 — начать поиск информации (таймер тишины).")
    if s is Status.THANK_FOR_WAITING:
        return translate("texts", "Поблагодарите клиента: «Спасибо за ожидание».")
    if s is Status.THANK_FOR_LONG_WAITING:
        return translate("texts", "Поблагодарите клиента: «Спасибо за длительное ожидание».")
    if s is Status.LOOKUP:
        return translate("texts", "Клиент слышит тишину. Не дольше {n} с: заполните паузу фразой или поставьте на удержание (F7).").format(
            n=int(silence_threshold)
        )
    if s is Status.SILENCE_WARNING:
        return translate(
            "texts",
            "Тишина {n} с! Поставьте клиента на удержание (F7): цель, время ожидания, согласие — "
            "«Я уточню информацию для Вас. Это займет не более минуты. "
            "Оставайтесь, пожалуйста, на линии. Хорошо/Вы согласны?»"
        ).format(n=int(silence_threshold))
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
    return "", _short(snap.display)  # the state's own words say it: «Поиск — тишина», «Разговор»


def _short(mmss: str) -> str:
    """02:05 → 2:05 (minutes without a leading zero)."""
    minutes, _, seconds = mmss.partition(":")
    return f"{int(minutes)}:{seconds}" if minutes.isdigit() else mmss


def say_now(snap: Snapshot) -> str:
    """One short line of what to say or do now, large in the compact window."""
    s = snap.status
    return {
        Status.READY: translate("texts", "F5 — новый звонок"),
        Status.TALKING: translate("texts", "Слушайте, не перебивая. F6 — поиск"),
        Status.THANK_FOR_WAITING: translate("texts", "«Спасибо за ожидание»"),
        Status.THANK_FOR_LONG_WAITING: translate("texts", "«Спасибо за длительное ожидание»"),
        Status.LOOKUP: translate("texts", "Заполните паузу или F7 — удержание"),
        Status.SILENCE_WARNING: translate("texts", "«Я уточню информацию для Вас… Хорошо/Вы согласны?» F7"),
        Status.HOLD: translate("texts", "Клиент на удержании"),
        Status.HOLD_PREWARNING: translate("texts", "Готовьтесь вернуться (F7)"),
        Status.HOLD_LIMIT: translate("texts", "Вернитесь: «поиск займет еще некоторое время» (F7)"),
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

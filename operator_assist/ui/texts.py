"""Russian UI wording for the core's codes, in one place and translatable.

The core speaks in enums; the words the operator reads live here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.engine import Action, CallState, InvalidAction, Snapshot, Status, format_mmss


def _tr(text: str) -> str:
    return QCoreApplication.translate("texts", text)


tr_texts = _tr
"""For other modules' wording that lives beside these words."""


def state_words(state: CallState) -> str:
    return {
        CallState.IDLE: _tr("Нет звонка"),
        CallState.TALKING: _tr("Разговор"),
        CallState.LOOKUP: _tr("Поиск — тишина"),
        CallState.HOLD: _tr("Удержание"),
        CallState.ENDED: _tr("Звонок завершён"),
    }[state]


def limit_words(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if rest == 0:
        return _tr("{n} мин").format(n=minutes)
    return format_mmss(seconds)


def status_message(snap: Snapshot, silence_threshold: float, prewarning: float) -> str:
    s = snap.status
    if s is Status.READY:
        return _tr("Ждём звонка. F5 — новый звонок.")
    if s is Status.TALKING:
        return _tr("Слушайте, не перебивая. F6 — начать поиск информации (таймер тишины).")
    if s is Status.THANK_FOR_WAITING:
        return _tr("Поблагодарите клиента: «Спасибо за ожидание».")
    if s is Status.THANK_FOR_LONG_WAITING:
        return _tr("Поблагодарите клиента: «Спасибо за длительное ожидание».")
    if s is Status.LOOKUP:
        return _tr("Клиент слышит тишину. Не дольше {n} с: заполните паузу фразой или поставьте на удержание (F7).").format(
            n=int(silence_threshold)
        )
    if s is Status.SILENCE_WARNING:
        return _tr(
            "Тишина {n} с! Поставьте клиента на удержание (F7): цель, время ожидания, согласие — "
            "«Я уточню информацию для Вас. Это займет не более минуты. "
            "Оставайтесь, пожалуйста, на линии. Хорошо/Вы согласны?»"
        ).format(n=int(silence_threshold))
    if s is Status.HOLD:
        if snap.hold_limit != snap.role.hold_limit:  # the role changed during this hold
            return _tr(
                "Клиент на удержании. Вернитесь к нему не позже чем через {limit} — лимит роли на начало "
                "удержания; новая роль действует со следующего."
            ).format(limit=limit_words(snap.hold_limit or 0))
        return _tr("Клиент на удержании. Вернитесь к нему не позже чем через {limit} ({role}).").format(
            limit=limit_words(snap.hold_limit or 0), role=snap.role.label.lower()
        )
    if s is Status.HOLD_PREWARNING:
        return _tr("Осталось меньше {n} с — готовьтесь вернуться к клиенту (F7).").format(n=int(prewarning))
    if s is Status.HOLD_LIMIT:
        return _tr(
            "Вернитесь к клиенту сейчас (F7)! Скажите, что поиск информации займет еще некоторое время. "
            "Если клиент не готов ждать — предложите другие способы получить информацию."
        )
    if s is Status.PEER_HOLD:
        return _tr("Клиент поставил вас на удержание. Дождитесь его — ваш таймер удержания не идёт.")
    if s is Status.ENDED:
        return _tr("Звонок завершён. F5 — новый звонок.")
    raise ValueError(s)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt renders a tooltip that looks like HTML as HTML."""
    from .phrase_card import escape  # not html.escape: html.entities costs the start 2.5 ms (the offer lamp's tooltip)

    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + escape(text).replace("\n", "<br>") + "</p>"


def time_caption(snap: Snapshot) -> str:
    """What the big number means, so its direction is never a guess."""
    s = snap.status
    if s in (Status.HOLD, Status.HOLD_PREWARNING):
        return _tr("осталось до возврата")
    if s is Status.HOLD_LIMIT:
        return _tr("сверх лимита удержания")
    if snap.state is CallState.LOOKUP:
        return _tr("клиент слышит тишину") if snap.origin != "audio" else _tr("тишина на линии")
    if snap.state is CallState.ENDED:
        return _tr("длительность звонка")
    if snap.state is CallState.IDLE:
        return ""
    return _tr("идёт звонок")


def compact_time(snap: Snapshot) -> tuple[str, str]:
    """(what the number means, the number) for the compact view and the tray: («осталось», «0:46»)."""
    s = snap.status
    if s in (Status.HOLD, Status.HOLD_PREWARNING):
        return _tr("осталось"), _short(snap.display)
    if s is Status.HOLD_LIMIT:
        return _tr("сверх лимита"), "+" + _short(snap.display.lstrip("+"))
    if snap.state is CallState.ENDED:
        return _tr("длительность"), _short(snap.display)
    return "", _short(snap.display)  # the state's own words say it: «Поиск — тишина», «Разговор»


def _short(mmss: str) -> str:
    """02:05 → 2:05 (minutes without a leading zero)."""
    minutes, _, seconds = mmss.partition(":")
    return f"{int(minutes)}:{seconds}" if minutes.isdigit() else mmss


def say_now(snap: Snapshot) -> str:
    """One short line of what to say or do now, large in the compact window."""
    s = snap.status
    return {
        Status.READY: _tr("F5 — новый звонок"),
        Status.TALKING: _tr("Слушайте, не перебивая. F6 — поиск"),
        Status.THANK_FOR_WAITING: _tr("«Спасибо за ожидание»"),
        Status.THANK_FOR_LONG_WAITING: _tr("«Спасибо за длительное ожидание»"),
        Status.LOOKUP: _tr("Заполните паузу или F7 — удержание"),
        Status.SILENCE_WARNING: _tr("«Я уточню информацию для Вас… Хорошо/Вы согласны?» F7"),
        Status.HOLD: _tr("Клиент на удержании"),
        Status.HOLD_PREWARNING: _tr("Готовьтесь вернуться (F7)"),
        Status.HOLD_LIMIT: _tr("Вернитесь: «поиск займет еще некоторое время» (F7)"),
        Status.PEER_HOLD: _tr("Клиент удерживает линию — ждите"),
        Status.ENDED: _tr("Звонок завершён. F5 — новый"),
    }[s]


def invalid_action(exc: InvalidAction) -> str:
    """Why a key did nothing, in the operator's words."""
    if exc.action is Action.START_CALL:
        return _tr("Сначала завершите текущий звонок (F8).")
    if exc.state in (CallState.IDLE, CallState.ENDED):
        return _tr("Нет активного звонка — начните новый (F5).")
    return _tr("Сейчас это недоступно: {state}.").format(state=state_words(exc.state).lower())


def problem_lines(problems, limit: int = 3) -> tuple[str, str]:
    """(the first ``limit`` problems as «file.yaml:line: message» and «… и ещё N», every problem in full).

    The short form names the file only: a full path fills a narrow panel; it is in the full form.
    """
    from pathlib import PurePath

    shown = [f"{PurePath(p.file).name}:{p.line}: {p.message}" for p in problems[:limit]]
    if len(problems) > limit:
        shown.append(_tr("… и ещё {n} (подробно — в подсказке)").format(n=len(problems) - limit))
    return "\n".join(shown), "\n".join(str(p) for p in problems)

"""The words for what the core reports: message codes → sentences, in the user's language.

The core (``operator_assist/core``) carries no sentences: it returns codes with parameters
(:class:`~operator_assist.core.yamlio.Problem`, errors with a ``code``), and the UI and the
CLI say them through :func:`render`. The templates are Russian (the source language) and are
marked for Qt's translation tools (``pyside6-lupdate`` reads ``QT_TRANSLATE_NOOP``); once a
translator is installed (:func:`set_translator`) they come out in its language.

Parameters are formatted with ``str.format``; a code missing from the catalogue is shown as
written (a caller that still passes a sentence), which a test forbids for the core.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

CONTEXT = "messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


def _untranslated(context: str, text: str) -> str:
    return text


_translate: Callable[[str, str], str] = _untranslated


def set_translator(translate: Callable[[str, str], str] | None) -> None:
    """``translate(context, source_text)`` (a QTranslator's), or None for the Russian source."""
    global _translate
    _translate = translate or _untranslated


TEXTS: dict[str, str] = {
    "problem.warning_prefix": QT_TRANSLATE_NOOP("messages", "предупреждение: "),
    # --- validation: settings, preferences, phrases, scenarios, YAML, files, keys ---------------
    # schema.py: the types every validator shares
    "schema.seconds_positive": QT_TRANSLATE_NOOP("messages", "{field}: нужно положительное число секунд (120) или минуты:секунды (2:00), а здесь {type} {value}{hint}"),
    "schema.seconds_not_negative": QT_TRANSLATE_NOOP("messages", "{field}: нужно число секунд ≥ 0 (2) или минуты:секунды (0:30), а здесь {type} {value}{hint}"),
    "schema.no_hours": QT_TRANSLATE_NOOP("messages", " (часы не поддерживаются)"),
    "schema.bool": QT_TRANSLATE_NOOP("messages", "{field}: нужно true или false, а здесь {type} {value}"),
    "schema.text": QT_TRANSLATE_NOOP("messages", "{field}: нужен текст, а здесь {type} {value}"),
    "schema.nonempty_text": QT_TRANSLATE_NOOP("messages", "{field}: нужен непустой текст, а здесь {type} {value}"),
    "schema.text_like": QT_TRANSLATE_NOOP("messages", "{field}: нужен текст вида {like}, а здесь {type} {value}"),
    "schema.choice": QT_TRANSLATE_NOOP("messages", "{field}: неизвестное значение {value} (допустимо: {allowed})"),
    "schema.missing": QT_TRANSLATE_NOOP("messages", "{field}: не указано"),
    "schema.unknown_field": QT_TRANSLATE_NOOP("messages", "{field}: неизвестное поле (допустимо: {allowed})"),
    "schema.mapping": QT_TRANSLATE_NOOP("messages", "{field}: нужен набор полей {keys}, а здесь {type}"),
    "schema.mapping_any": QT_TRANSLATE_NOOP("messages", "{field}: нужен набор полей, а здесь {type}"),
    "schema.file_mapping": QT_TRANSLATE_NOOP("messages", "файл — набор полей {keys}, а здесь {type}"),
    # settings.py
    "settings.file_mapping": QT_TRANSLATE_NOOP("messages", "файл настроек — набор полей {keys}, а здесь {type}"),
    "settings.unknown_setting": QT_TRANSLATE_NOOP("messages", "{field}: неизвестная настройка (допустимо: {allowed})"),
    "settings.unknown_timer": QT_TRANSLATE_NOOP("messages", "{field}: неизвестный таймер (допустимо: {allowed})"),
    "settings.unknown_action": QT_TRANSLATE_NOOP("messages", "{field}: неизвестное действие (есть: {allowed})"),
    "settings.role_needs_label": QT_TRANSLATE_NOOP("messages", "{field}: не указано (новой роли нужно название)"),
    "settings.role_needs_limit": QT_TRANSLATE_NOOP("messages", "{field}: не указано (новой роли нужен лимит удержания)"),
    "settings.unknown_role": QT_TRANSLATE_NOOP("messages", "default_role: неизвестная роль {value} (есть: {roles})"),
    "settings.offer_source_like": QT_TRANSLATE_NOOP("messages", "none, demo, file:ПУТЬ, http:URL или имя модуля"),
    "settings.call_source_like": QT_TRANSLATE_NOOP("messages", "manual, ami:ХОСТ:ПОРТ, baresip:ХОСТ:ПОРТ или inbox"),
    "settings.audio_file_path": QT_TRANSLATE_NOOP("messages", "{field}: после file: нужен путь к WAV-файлу"),
    "settings.unknown_detector": QT_TRANSLATE_NOOP("messages", "{field}: неизвестный детектор {value} (есть: {allowed})"),
    # keymap.py
    "keys.missing": QT_TRANSLATE_NOOP("messages", "нужна клавиша, например F7 или Ctrl+Shift+K"),
    "keys.unknown_modifier": QT_TRANSLATE_NOOP("messages", "неизвестный модификатор «{modifier}» (есть: Ctrl, Shift, Alt, Meta)"),
    "keys.modifier_twice": QT_TRANSLATE_NOOP("messages", "модификатор «{modifier}» указан дважды"),
    "keys.unknown_key": QT_TRANSLATE_NOOP("messages", "неизвестная клавиша «{key}» (F1–F24, буква, цифра, Pause, Insert, Home…)"),
    "keys.plain_letter": QT_TRANSLATE_NOOP("messages", "клавиша «{key}» без Ctrl/Alt мешала бы печатать — добавьте модификатор"),
    "keys.bad": QT_TRANSLATE_NOOP("messages", "{field}: {reason}"),
    "keys.taken": QT_TRANSLATE_NOOP("messages", "{field}: {key} уже назначена действию {other}"),
    # yamlio.py: what kind of value it is («а здесь список»)
    "type.none": QT_TRANSLATE_NOOP("messages", "пусто"),
    "type.bool": QT_TRANSLATE_NOOP("messages", "да/нет (true/false)"),
    "type.number": QT_TRANSLATE_NOOP("messages", "число"),
    "type.text": QT_TRANSLATE_NOOP("messages", "текст"),
    "type.list": QT_TRANSLATE_NOOP("messages", "список"),
    "type.mapping": QT_TRANSLATE_NOOP("messages", "набор полей"),
    "type.other": QT_TRANSLATE_NOOP("messages", "{name}"),
    # --- runtime: offer sources, telephony, journal, statistics, the call's rules -------------
}


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for ``code`` with ``params`` filled in."""
    template = TEXTS.get(code)
    if template is None:
        return code
    translated = _translate(CONTEXT, template) or template
    return translated.format(**(params or {}))

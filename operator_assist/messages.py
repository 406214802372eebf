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
    # yamlio.py
    "yaml.key_not_scalar": QT_TRANSLATE_NOOP("messages", "ключ должен быть простым значением"),
    "yaml.key_repeated": QT_TRANSLATE_NOOP("messages", "ключ {key} повторяется (впервые в строке {first})"),
    "yaml.not_utf8": QT_TRANSLATE_NOOP("messages", "файл не в кодировке UTF-8 (байт 0x{byte}); сохраните его в UTF-8"),
    "yaml.alias_budget": QT_TRANSLATE_NOOP("messages", "ссылки (alias *…) разворачиваются больше чем в {budget} элементов — файл отклонён"),
    "yaml.alias_loop": QT_TRANSLATE_NOOP("messages", "ссылка (alias *…) ведёт внутрь самой себя — файл отклонён"),
    "yaml.syntax": QT_TRANSLATE_NOOP("messages", "ошибка синтаксиса YAML: {words}"),
    "yaml.syntax_pyyaml": QT_TRANSLATE_NOOP("messages", "ошибка синтаксиса YAML (PyYAML: {problem})"),
    "yaml.invalid": QT_TRANSLATE_NOOP("messages", "неверный YAML"),
    "yaml.expected_key": QT_TRANSLATE_NOOP("messages", "здесь ожидался следующий ключ «имя: значение» (проверьте отступ)"),
    "yaml.colon_in_value": QT_TRANSLATE_NOOP("messages", "двоеточие с пробелом внутри значения — возьмите значение в кавычки"),
    "yaml.expected_item": QT_TRANSLATE_NOOP("messages", "здесь ожидался элемент списка «- …» (проверьте отступ)"),
    "yaml.no_colon": QT_TRANSLATE_NOOP("messages", "после ключа нет двоеточия «:»"),
    "yaml.bad_start": QT_TRANSLATE_NOOP("messages", "значение не может начинаться с этого символа (@, `, %, табуляция) — возьмите его в кавычки, отступы — пробелами"),
    "yaml.tab": QT_TRANSLATE_NOOP("messages", "табуляция в отступе — отступы делаются пробелами"),
    "yaml.unclosed": QT_TRANSLATE_NOOP("messages", "файл кончился внутри кавычек или скобок — закройте их"),
    "yaml.bad_escape": QT_TRANSLATE_NOOP("messages", "неизвестная последовательность с «\\» в двойных кавычках — возьмите текст в одинарные кавычки"),
    "yaml.star_start": QT_TRANSLATE_NOOP("messages", "«*» в начале значения — возьмите значение в кавычки"),
    "yaml.bang_start": QT_TRANSLATE_NOOP("messages", "«!» в начале значения — возьмите значение в кавычки"),
    "yaml.flow_start": QT_TRANSLATE_NOOP("messages", "значение, начинающееся с «{{» или «[», читается как список или набор полей — возьмите его в кавычки"),
    "yaml.ampersand_start": QT_TRANSLATE_NOOP("messages", "«&» в начале значения — возьмите значение в кавычки"),
    "yaml.brace_start": QT_TRANSLATE_NOOP("messages", "ошибка синтаксиса YAML: текст, который начинается с «{{» или «[» (например, {{client_name}}), нужно взять в кавычки: text: \"{{client_name}}, …\""),
    "yaml.error": QT_TRANSLATE_NOOP("messages", "ошибка YAML: {error}"),
    "yaml.unreadable": QT_TRANSLATE_NOOP("messages", "не удалось прочитать файл: {reason}"),
    # files.py
    "files.fifo": QT_TRANSLATE_NOOP("messages", "именованный канал (FIFO)"),
    "files.char_device": QT_TRANSLATE_NOOP("messages", "символьное устройство"),
    "files.block_device": QT_TRANSLATE_NOOP("messages", "блочное устройство"),
    "files.socket": QT_TRANSLATE_NOOP("messages", "сокет"),
    "files.directory": QT_TRANSLATE_NOOP("messages", "папка"),
    "files.other_kind": QT_TRANSLATE_NOOP("messages", "не обычный файл"),
    "files.megabytes": QT_TRANSLATE_NOOP("messages", "{size} МБ"),
    "files.kilobytes": QT_TRANSLATE_NOOP("messages", "{size} КБ"),
    "files.bytes": QT_TRANSLATE_NOOP("messages", "{size} байт"),
    "files.symlink_loop": QT_TRANSLATE_NOOP("messages", "ссылка (symlink) ведёт по кругу — файл не прочитать"),
    "files.socket_or_pipe": QT_TRANSLATE_NOOP("messages", "это не обычный файл (сокет или канал) — такие файлы не читаются"),
    "files.not_regular": QT_TRANSLATE_NOOP("messages", "это {kind}, а не обычный файл — такие файлы не читаются"),
    "files.too_big": QT_TRANSLATE_NOOP("messages", "файл слишком большой: {size} (не больше {limit})"),
    "files.grew": QT_TRANSLATE_NOOP("messages", "файл слишком большой: больше {limit}"),
    "files.not_found": QT_TRANSLATE_NOOP("messages", "файл не найден: {where}"),
    "files.no_access": QT_TRANSLATE_NOOP("messages", "нет доступа: {where}"),
    "files.is_directory": QT_TRANSLATE_NOOP("messages", "это папка, а не файл: {where}"),
    "files.file_in_path": QT_TRANSLATE_NOOP("messages", "в пути файл вместо папки: {where}"),
    "files.refused": QT_TRANSLATE_NOOP("messages", "соединение отклонено: {where}"),
    "files.no_address": QT_TRANSLATE_NOOP("messages", "адрес не найден: {where}"),
    "files.reset": QT_TRANSLATE_NOOP("messages", "соединение прервано: {where}"),
    "files.no_space": QT_TRANSLATE_NOOP("messages", "нет места на диске: {where}"),
    "files.os_error": QT_TRANSLATE_NOOP("messages", "{where}: {reason}"),
    # scenario.py
    "scenario.file_mapping": QT_TRANSLATE_NOOP("messages", "сценарий — набор полей {keys}, а здесь {type}"),
    "scenario.step_mapping": QT_TRANSLATE_NOOP("messages", "{field}: нужен набор полей с одним из {kinds}, а здесь {type}"),
    "scenario.one_kind": QT_TRANSLATE_NOOP("messages", "{field}: нужно ровно одно из {kinds} (найдено: {found})"),
    "scenario.nothing": QT_TRANSLATE_NOOP("messages", "ничего"),
    "scenario.unknown_action": QT_TRANSLATE_NOOP("messages", "{field}: неизвестное действие {value} (допустимо: {allowed})"),
    "scenario.offer": QT_TRANSLATE_NOOP("messages", "{field}: нужен набор полей id/title/text или 'none'"),
    "scenario.no_phrase": QT_TRANSLATE_NOOP("messages", "{field}: нет фразы с id {value}"),
    "scenario.unknown_role": QT_TRANSLATE_NOOP("messages", "role: неизвестная роль {value} (есть: {roles})"),
    "scenario.steps": QT_TRANSLATE_NOOP("messages", "steps: нужен непустой список"),
    "scenario.start_and_end": QT_TRANSLATE_NOOP("messages", "steps: первое действие оператора — start_call, последнее — end_call"),
    # phrases.py
    "phrases.nested_optional": QT_TRANSLATE_NOOP("messages", "необязательные части [ ] не могут быть вложенными"),
    "phrases.close_without_open": QT_TRANSLATE_NOOP("messages", "']' без '['"),
    "phrases.gender_forms": QT_TRANSLATE_NOOP("messages", "форма по роду {form} — ровно два варианта: {{мужской|женский}}"),
    "phrases.unknown_placeholder": QT_TRANSLATE_NOOP("messages", "неизвестная подстановка {placeholder} (допустимо: {allowed})"),
    "phrases.open_without_close": QT_TRANSLATE_NOOP("messages", "'[' без ']'"),
    "phrases.stray_brace": QT_TRANSLATE_NOOP("messages", "непарная фигурная скобка «{{» или «}}»"),
    "phrases.say_right": QT_TRANSLATE_NOOP("messages", "{id}: «{form}» — говорим правильно: «{right}» (не «{wrong}»)"),
    "phrases.text_list": QT_TRANSLATE_NOOP("messages", "{field}: нужен список строк, а здесь {type}"),
    "phrases.field": QT_TRANSLATE_NOOP("messages", "{where}: {name}"),
    "phrases.phrase": QT_TRANSLATE_NOOP("messages", "фраза {id}"),
    "phrases.a_phrase": QT_TRANSLATE_NOOP("messages", "фраза"),
    "phrases.phrase_mapping": QT_TRANSLATE_NOOP("messages", "phrases: каждая фраза — набор полей с id и text, а здесь {type}"),
    "phrases.unknown_key": QT_TRANSLATE_NOOP("messages", "{where}: неизвестное поле {key} (допустимо: {allowed})"),
    "phrases.bad_id": QT_TRANSLATE_NOOP("messages", "{field} — строчные латинские слова через точку, например hold.clarify"),
    "phrases.too_long": QT_TRANSLATE_NOOP("messages", "{field}: слишком длинный текст — {length} символов (не больше {limit})"),
    "phrases.template": QT_TRANSLATE_NOOP("messages", "{field}: {problem}"),
    "phrases.file_mapping": QT_TRANSLATE_NOOP("messages", "файл фраз — набор полей {keys}, а здесь {type}"),
    "phrases.unknown_file_key": QT_TRANSLATE_NOOP("messages", "неизвестное поле {key} (допустимо: {allowed})"),
    "phrases.bad_category": QT_TRANSLATE_NOOP("messages", "category: строчный латинский id, например hold"),
    "phrases.list": QT_TRANSLATE_NOOP("messages", "phrases: нужен список, а здесь {type}"),
    "phrases.id_repeated": QT_TRANSLATE_NOOP("messages", "фраза {id}: id повторяется (впервые в строке {first})"),
    "phrases.id_elsewhere": QT_TRANSLATE_NOOP("messages", "фраза {id}: id повторяется (уже есть в {at})"),
    "phrases.no_follow_up": QT_TRANSLATE_NOOP("messages", "фраза {id}: follow_ups: нет фразы с id {child}"),
    "phrases.skip_summary": QT_TRANSLATE_NOOP("messages", "Резюме не нужно: короткая однозначная консультация или клиент прощается сам. Можно прощаться."),
    "phrases.unresolved": QT_TRANSLATE_NOOP("messages", "Вопрос не решён — уточните, чем ещё можно помочь сейчас."),
    "phrases.resolved": QT_TRANSLATE_NOOP("messages", "Кратко подведите итог и спросите, чем ещё помочь."),
    # preferences.py
    "preferences.unusable": QT_TRANSLATE_NOOP("messages", "Файл настроек {path} не читается: {reason}; используются настройки по умолчанию."),
    "preferences.unreadable": QT_TRANSLATE_NOOP("messages", "Файл настроек {path} не читается; используются настройки по умолчанию."),
    "preferences.moved_aside": QT_TRANSLATE_NOOP("messages", "Файл настроек был повреждён и сохранён как {path}; используются настройки по умолчанию."),
    # --- runtime: offer sources, telephony, journal, statistics, the call's rules -------------
}


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for ``code`` with ``params`` filled in."""
    template = TEXTS.get(code)
    if template is None:
        return code
    translated = _translate(CONTEXT, template) or template
    return translated.format(**(params or {}))

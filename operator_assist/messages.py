"""The app's words: message codes → sentences, in the user's language, and the ways to say them.

The core (``operator_assist/core``) carries no sentences: it hands out a code with parameters —
a :class:`Words` value (a problem, a parameter of another message), an exception that inherits
:class:`Said` — and :func:`say` renders one now. The views' words for the call's states and
statuses are here too (``ui/texts.py`` chooses among them); a widget's own labels stay in the
widget (``self.tr``). The templates are Russian (the source language) and are marked for Qt's
translation tools (``pyside6-lupdate`` reads ``QT_TRANSLATE_NOOP``); once a translator is
installed (:func:`set_translator`) they come out in its language.

Parameters are formatted with ``str.format``; a code missing from the catalogue is shown as
written (a caller that still passes a sentence), which a test forbids for the core.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    "settings.port": QT_TRANSLATE_NOOP("messages", "{field}: нужен номер порта от 1024 до 65535 или null, а здесь {type} {value}"),
    "settings.role_needs_label": QT_TRANSLATE_NOOP("messages", "{field}: не указано (новой роли нужно название)"),
    "settings.role_needs_limit": QT_TRANSLATE_NOOP("messages", "{field}: не указано (новой роли нужен лимит удержания)"),
    "settings.unknown_role": QT_TRANSLATE_NOOP("messages", "default_role: неизвестная роль {value} (есть: {roles})"),
    "settings.offer_source_like": QT_TRANSLATE_NOOP("messages", "none, demo, file:ПУТЬ, http:URL или имя модуля"),
    "settings.call_source_like": QT_TRANSLATE_NOOP("messages", "auto, manual, team, ami:ХОСТ:ПОРТ, baresip:ХОСТ:ПОРТ или inbox"),
    "settings.audio_file_path": QT_TRANSLATE_NOOP("messages", "{field}: после file: нужен путь к WAV-файлу"),
    "settings.unknown_detector": QT_TRANSLATE_NOOP("messages", "{field}: неизвестный детектор {value} (есть: {allowed})"),
    # policy.py: the administrator's files
    "policy.file_mapping": QT_TRANSLATE_NOOP("messages", "файл политики — набор полей {keys}, а здесь {type}"),
    "policy.locked_list": QT_TRANSLATE_NOOP("messages", "locked: нужен список настроек (например, [roles.specialist.hold_limit, telephony]), а здесь {type} {value}"),
    "policy.unknown_key": QT_TRANSLATE_NOOP("messages", "locked: неизвестная настройка {value} (разделы: {allowed}; ключи — как в таблице настроек)"),
    "policy.locked": QT_TRANSLATE_NOOP("messages", "{field}: настройку закрепил администратор ({policy}), ваше значение не действует"),
    "policy.locked_by_team": QT_TRANSLATE_NOOP("messages", "{field}: настройку закрепил стандарт команды (версия {version}), ваше значение не действует"),
    "policy.locked_standard": QT_TRANSLATE_NOOP("messages", "{field}: настройку закрепил администратор ({policy}), значение стандарта команды не действует"),
    # standard.py, standard_store.py: a team's standard (issue 24)
    "standard.bad_name": QT_TRANSLATE_NOOP("messages", "такого файла в стандарте быть не может (можно: roles.yaml, offers.yaml, policy.yaml, phrases/ИМЯ.yaml, scenarios/ИМЯ.yaml; имя из латинских букв, цифр, «-», «_»)"),
    "standard.too_many_files": QT_TRANSLATE_NOOP("messages", "в стандарте {count} файлов, можно не больше {limit}"),
    "standard.too_big": QT_TRANSLATE_NOOP("messages", "стандарт занимает {size}, можно не больше {limit}"),
    "standard.not_text": QT_TRANSLATE_NOOP("messages", "управляющий символ (код 0x{char}): в стандарте только текст"),
    "standard.no_phrases": QT_TRANSLATE_NOOP("messages", "в стандарте нет фраз: нужна папка phrases/ хотя бы с одним файлом .yaml"),
    "standard.not_team_key": QT_TRANSLATE_NOOP("messages", "{field}: этого стандарт команды не задаёт (можно: {allowed}); настройки компьютера задаёт администратор"),
    "standard.lock_not_team": QT_TRANSLATE_NOOP("messages", "locked: {value} — настройка компьютера, её закрепляет администратор, а не стандарт команды (можно: {allowed})"),
    "standard.offers_mapping": QT_TRANSLATE_NOOP("messages", "файл источника предложений — поле source, а здесь {type}"),
    "standard.offer_file": QT_TRANSLATE_NOOP("messages", "source: file:… — путь на компьютере оператора; стандарт команды может назвать none, demo, http:URL или модуль-расширение"),
    "standard.offer_password": QT_TRANSLATE_NOOP("messages", "source: в адресе пароль — стандарт команды его не хранит (пароль источника задаёт администратор в /etc/operator-assist/settings.yaml)"),
    "standard.link": QT_TRANSLATE_NOOP("messages", "символическая ссылка: в стандарте только обычные файлы"),
    "standard.not_regular": QT_TRANSLATE_NOOP("messages", "не обычный файл: в стандарте только файлы .yaml (и папки phrases/, scenarios/)"),
    "standard.left_out": QT_TRANSLATE_NOOP("messages", "не часть стандарта — не публикуется"),
    "standard.unreadable": QT_TRANSLATE_NOOP("messages", "не читается: {reason}"),
    "standard.newer_format": QT_TRANSLATE_NOOP("messages", "стандарт в формате {format}, эта программа знает формат до {known}: обновите программу"),
    "standard.not_a_bundle": QT_TRANSLATE_NOOP("messages", "сервер прислал не стандарт команды (нет версии или файлов)"),
    "standard.damaged": QT_TRANSLATE_NOOP("messages", "копия стандарта команды (версия {version}) повреждена — действует встроенный стандарт, пока сервер не пришлёт её снова"),
    "standard.personal_phrases_off": QT_TRANSLATE_NOOP("messages", "свои фразы не действуют: стандарт команды (версия {version}) их не разрешает"),
    "standard.personal_scenarios_off": QT_TRANSLATE_NOOP("messages", "свои сценарии не действуют: стандарт команды (версия {version}) их не разрешает"),
    # keymap.py
    "keys.missing": QT_TRANSLATE_NOOP("messages", "нужна клавиша, например F7 или Ctrl+Shift+K"),
    "keys.unknown_modifier": QT_TRANSLATE_NOOP("messages", "неизвестный модификатор «{modifier}» (есть: Ctrl, Shift, Alt, Meta)"),
    "keys.modifier_twice": QT_TRANSLATE_NOOP("messages", "модификатор «{modifier}» указан дважды"),
    "keys.unknown_key": QT_TRANSLATE_NOOP("messages", "неизвестная клавиша «{key}» (F1–F24, буква, цифра, Pause, Insert, Home…)"),
    "keys.plain_letter": QT_TRANSLATE_NOOP("messages", "клавиша «{key}» без Ctrl/Alt мешала бы печатать — добавьте модификатор"),
    "keys.bad": QT_TRANSLATE_NOOP("messages", "{field}: {reason}"),
    "keys.taken": QT_TRANSLATE_NOOP("messages", "{field}: {key} уже назначена действию «{other}»"),
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
    "yaml.too_deep": QT_TRANSLATE_NOOP("messages", "списки и наборы полей вложены глубже {limit} уровней — файл отклонён (проверьте скобки [ ], {{ }} и отступы)"),
    "yaml.nesting": QT_TRANSLATE_NOOP("messages", "слишком глубокая вложенность скобок [ ] или {{ }}"),
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
    "phrases.parts": QT_TRANSLATE_NOOP("messages", "{field}: нужен набор частей фразы ({parts}), у каждой — список формулировок, а здесь {type}"),
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
    "preferences.moved_aside_because": QT_TRANSLATE_NOOP("messages", "Файл настроек не читается ({reason}) и сохранён как {path}; используются настройки по умолчанию."),
    # --- runtime: offer sources, telephony, journal, statistics, the call's rules -------------
    # offers
    "offers.reason.complaint": QT_TRANSLATE_NOOP("messages", "претензионный клиент"),
    "offers.reason.lost_phone": QT_TRANSLATE_NOOP("messages", "блокировка при утере телефона"),
    "offers.reason.siebel_down": QT_TRANSLATE_NOOP("messages", "нет доступа в Siebel"),
    "offers.register_request_first": QT_TRANSLATE_NOOP("messages", "Сначала зарегистрируйте сервисный запрос, затем озвучьте предложение."),
    "offers.source_unavailable": QT_TRANSLATE_NOOP("messages", "источник предложений недоступен"),
    "offers.after_call_keys": QT_TRANSLATE_NOOP("messages", "1 — согласился · 2 — отказался · 3 — не озвучено · 4 — не успел"),
    "offers.no_answer_within": QT_TRANSLATE_NOOP("messages", "нет ответа за {seconds} с"),
    "offers.source_error": QT_TRANSLATE_NOOP("messages", "ошибка источника: {error}"),
    "offers.request_already_followed": QT_TRANSLATE_NOOP("messages", "Предложение уже озвучено после запроса — отметку не снять."),
    "offers.caption.pending": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — итог не отмечен:\n{title}"),
    "offers.tooltip.pending": QT_TRANSLATE_NOOP("messages", "Звонок завершён, а итог предложения «{title}» не отмечен. {keys}."),
    "offers.caption.unavailable": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — {cause}"),
    "offers.tooltip.unavailable": QT_TRANSLATE_NOOP("messages", "Предложения сейчас не загружаются: {cause}. Индикатор серый, пока источник не восстановится."),
    "offers.caption.suppressed": QT_TRANSLATE_NOOP("messages", "Не озвучивать: {labels}"),
    "offers.tooltip.suppressed": QT_TRANSLATE_NOOP("messages", "Предложение не озвучивается: {labels} (стандарт «Отличное предложение»)."),
    "offers.caption.no_offer": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — предложения нет"),
    "offers.tooltip.no_offer": QT_TRANSLATE_NOOP("messages", "Индикатор серый: активного предложения нет."),
    "offers.caption.ended_recorded": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — звонок завершён, итог записан"),
    "offers.tooltip.ended_recorded": QT_TRANSLATE_NOOP("messages", "Итог по предложению в прошлом звонке записан."),
    "offers.caption.ended": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — звонок завершён"),
    "offers.tooltip.next_call": QT_TRANSLATE_NOOP("messages", "Есть предложение «{title}»: индикатор станет красным в следующем звонке."),
    "offers.caption.before_call": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — предложение будет в звонке"),
    "offers.tooltip.before_call": QT_TRANSLATE_NOOP("messages", "Есть предложение «{title}»: индикатор станет красным, когда начнётся звонок."),
    "offers.caption.recorded": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — итог записан:\n{title}"),
    "offers.tooltip.recorded": QT_TRANSLATE_NOOP("messages", "Итог по предложению в этом звонке записан."),
    "offers.caption.offer": QT_TRANSLATE_NOOP("messages", "Преврати звонок в плюс — есть предложение:\n{title}"),
    "offers.tooltip.offer": QT_TRANSLATE_NOOP("messages", "Индикатор красный: есть предложение «{title}». Нажмите, чтобы открыть карточку."),
    # telephony
    "telephony.need_object": QT_TRANSLATE_NOOP("messages", "нужен объект JSON с полем kind, а пришло {type}"),
    "telephony.unknown_kind": QT_TRANSLATE_NOOP("messages", "неизвестный kind {kind!r} (допустимо: {known})"),
    "telephony.field_text": QT_TRANSLATE_NOOP("messages", "поле {key!r} должно быть текстом до 200 знаков"),
    "telephony.by": QT_TRANSLATE_NOOP("messages", "поле 'by' — agent или peer, а не {by!r}"),
    "telephony.unknown_fields": QT_TRANSLATE_NOOP("messages", "неизвестные поля: {fields}"),
    "telephony.number": QT_TRANSLATE_NOOP("messages", "поле 'number' — номер звонящего (цифры, +, пробелы, дефисы; до 64 знаков), только с kind call_ringing"),
    # call_sources
    "call_sources.not_connected": QT_TRANSLATE_NOOP("messages", "телефония не подключена"),
    "call_sources.needs_address": QT_TRANSLATE_NOOP("messages", "источнику '{name}' нужен адрес ХОСТ:ПОРТ, например {name}:{example}"),
    "call_sources.label": QT_TRANSLATE_NOOP("messages", "телефония"),
    "call_sources.no_argument": QT_TRANSLATE_NOOP("messages", "источнику звонков '{name}' не нужен аргумент (указано {arg!r})"),
    "call_sources.manual": QT_TRANSLATE_NOOP("messages", "телефония: вручную"),
    "call_sources.retrying": QT_TRANSLATE_NOOP("messages", "телефония не подключена ({label}: нет связи, повтор через {backoff:g} с)"),
    "call_sources.refused": QT_TRANSLATE_NOOP("messages", "телефония не подключена ({label}: вход отклонён — {reason}; проверьте пользователя и пароль, повтор через {backoff:g} с)"),
    # journal_sink
    "journal_sink.disk_full": QT_TRANSLATE_NOOP("messages", "диск заполнен"),
    "journal_sink.locked": QT_TRANSLATE_NOOP("messages", "журнал занят другой программой"),
    "journal_sink.read_only": QT_TRANSLATE_NOOP("messages", "журнал доступен только для чтения"),
    "journal_sink.io_error": QT_TRANSLATE_NOOP("messages", "ошибка ввода-вывода диска"),
    "journal_sink.cannot_open": QT_TRANSLATE_NOOP("messages", "файл журнала не открывается"),
    "journal_sink.unavailable": QT_TRANSLATE_NOOP("messages", "Журнал звонков недоступен: {exc}. События звонков сохраняются отдельно и будут записаны в журнал, когда он станет доступен."),
    "journal_sink.replayed": QT_TRANSLATE_NOOP("messages", "При прошлом закрытии журнал был недоступен; сохранённые отдельно события ({count}) теперь записаны в журнал."),
    "journal_sink.nothing_lost": QT_TRANSLATE_NOOP("messages", " События текущего звонка не потеряны: они записываются в новый журнал."),
    # dead_air_session
    "dead_air_session.mic_off": QT_TRANSLATE_NOOP("messages", "Клиент слышит тишину дольше {threshold:g} с, а звонок не на удержании и микрофон выключен. Если нужно время — предупредите Клиента и переведите его на удержание (HOLD), а не выключайте микрофон."),
    # journal
    "journal.corrupt_not_renamed": QT_TRANSLATE_NOOP("messages", "Файл журнала «{path}» повреждён, и его не удалось переименовать ({exc}). Переместите его вручную и перезапустите программу."),
    "journal.newer_format": QT_TRANSLATE_NOOP("messages", "Журнал «{path}» записан более новой версией программы (формат {version}, эта версия понимает до {known}). Обновите программу; файл не изменён."),
    "journal.cannot_create_folder": QT_TRANSLATE_NOOP("messages", "Не удалось создать папку журнала «{parent}»: {exc}"),
    "journal.cannot_open": QT_TRANSLATE_NOOP("messages", "Не удалось открыть журнал «{path}»: {exc}"),
    "journal.no_wal": QT_TRANSLATE_NOOP("messages", "Журнал «{path}»: не удалось включить режим WAL ({mode})."),
    "journal.not_a_journal": QT_TRANSLATE_NOOP("messages", "Файл журнала «{path}» повреждён или не является журналом."),
    "journal.old_format": QT_TRANSLATE_NOOP("messages", "Журнал «{path}» старого формата ({version}); запустите программу, чтобы обновить его."),
    "journal.cannot_read": QT_TRANSLATE_NOOP("messages", "Не удалось прочитать журнал «{path}»: {exc}"),
    "journal.recovered": QT_TRANSLATE_NOOP("messages", "Файл журнала был повреждён и не читается. Он сохранён как «{recovered_from}», начат новый журнал."),
    "journal.recovered_salvaged": QT_TRANSLATE_NOOP("messages", "Файл журнала был повреждён. Он сохранён как «{recovered_from}», начат новый журнал; в него перенесено всё, что удалось прочитать (звонков: {calls})."),
    "journal.crash.interrupted": QT_TRANSLATE_NOOP("messages", "Последний звонок прерван в {when}: программа закрылась во время звонка. В журнале он записан как прерванный."),
    "journal.crash.on_hold": QT_TRANSLATE_NOOP("messages", " Клиент был на удержании с {since}"),
    "journal.crash.hold_known": QT_TRANSLATE_NOOP("messages", " (к последней записи журнала — {minutes}:{seconds:02d})"),
    "journal.closed": QT_TRANSLATE_NOOP("messages", "Журнал закрыт."),
    "journal.nothing_to_ship": QT_TRANSLATE_NOOP("messages", "Журнала «{path}» ещё нет: отправлять нечего."),
    # stats
    "stats.reason.complaint": QT_TRANSLATE_NOOP("messages", "претензия клиента"),
    "stats.reason.lost_phone": QT_TRANSLATE_NOOP("messages", "утеря телефона"),
    "stats.reason.siebel_down": QT_TRANSLATE_NOOP("messages", "нет доступа к Siebel"),
    "stats.outcome.accepted": QT_TRANSLATE_NOOP("messages", "принято"),
    "stats.outcome.declined": QT_TRANSLATE_NOOP("messages", "отказ клиента"),
    "stats.outcome.not_voiced": QT_TRANSLATE_NOOP("messages", "не озвучено"),
    "stats.outcome.no_outcome": QT_TRANSLATE_NOOP("messages", "показано, итог не отмечен"),
    "stats.outcome.none": QT_TRANSLATE_NOOP("messages", "нет предложения"),
    "stats.status.normal": QT_TRANSLATE_NOOP("messages", "завершён"),
    "stats.status.interrupted": QT_TRANSLATE_NOOP("messages", "прерван"),
    "stats.csv.start": QT_TRANSLATE_NOOP("messages", "Начало"),
    "stats.csv.duration": QT_TRANSLATE_NOOP("messages", "Длительность, с"),
    "stats.csv.status": QT_TRANSLATE_NOOP("messages", "Статус"),
    "stats.csv.holds": QT_TRANSLATE_NOOP("messages", "Удержаний"),
    "stats.csv.longest_hold": QT_TRANSLATE_NOOP("messages", "Самое долгое удержание, с"),
    "stats.csv.over_limit": QT_TRANSLATE_NOOP("messages", "Удержаний сверх лимита"),
    "stats.csv.silence_warnings": QT_TRANSLATE_NOOP("messages", "Предупреждений о тишине"),
    "stats.csv.offer": QT_TRANSLATE_NOOP("messages", "Предложение"),
    "stats.csv.long_pauses": QT_TRANSLATE_NOOP("messages", "Пауз > 10 с"),
    "stats.csv.hold_phrase": QT_TRANSLATE_NOOP("messages", "Фраза перед удержанием"),
    "stats.csv.thanks": QT_TRANSLATE_NOOP("messages", "Спасибо за ожидание"),
    "stats.csv.farewell": QT_TRANSLATE_NOOP("messages", "Прощание полностью"),
    "stats.csv.forbidden": QT_TRANSLATE_NOOP("messages", "Запрещённых слов"),
    "stats.of": QT_TRANSLATE_NOOP("messages", "{part} из {whole}"),
    "stats.yes": QT_TRANSLATE_NOOP("messages", "да"),
    "stats.no": QT_TRANSLATE_NOOP("messages", "нет"),
    "stats.empty_journal": QT_TRANSLATE_NOOP("messages", "Журнал пуст: звонков ещё не было."),
    "stats.date": QT_TRANSLATE_NOOP("messages", "{day:02d}.{month:02d}.{year}"),
    "stats.percent": QT_TRANSLATE_NOOP("messages", "{whole},{tenth} %"),
    "stats.decimal": QT_TRANSLATE_NOOP("messages", "{whole},{tenth}"),
    "stats.seconds": QT_TRANSLATE_NOOP("messages", "{total} с"),
    "stats.minutes_seconds": QT_TRANSLATE_NOOP("messages", "{minutes} мин {seconds:02d} с"),
    "stats.period.today": QT_TRANSLATE_NOOP("messages", "Сегодня"),
    "stats.period.week": QT_TRANSLATE_NOOP("messages", "Эта неделя"),
    "stats.period.month": QT_TRANSLATE_NOOP("messages", "Этот месяц"),
    "stats.period.last_days": QT_TRANSLATE_NOOP("messages", "Последние {days} дн."),
    "stats.period_reversed": QT_TRANSLATE_NOOP("messages", "Начало периода ({start}) позже конца ({end})."),
    "stats.not_offered_because": QT_TRANSLATE_NOOP("messages", "не предлагалось: {reasons}"),
    "stats.not_offered": QT_TRANSLATE_NOOP("messages", "не предлагалось"),
    "stats.no_calls": QT_TRANSLATE_NOOP("messages", "За период {when} звонков нет."),
    "stats.call_in_progress": QT_TRANSLATE_NOOP("messages", " Идёт звонок: он войдёт в статистику, когда завершится."),
    # scoring
    "scoring.verdict.on_time": QT_TRANSLATE_NOOP("messages", "вовремя"),
    "scoring.verdict.late": QT_TRANSLATE_NOOP("messages", "с опозданием"),
    "scoring.verdict.missed": QT_TRANSLATE_NOOP("messages", "пропущено"),
    "scoring.verdict.wrong": QT_TRANSLATE_NOOP("messages", "неверно"),
    "scoring.step.start_call": QT_TRANSLATE_NOOP("messages", "Принять звонок"),
    "scoring.step.start_lookup": QT_TRANSLATE_NOOP("messages", "Начать поиск информации"),
    "scoring.step.end_lookup": QT_TRANSLATE_NOOP("messages", "Закончить поиск и продолжить разговор"),
    "scoring.step.start_hold": QT_TRANSLATE_NOOP("messages", "Поставить на удержание"),
    "scoring.step.resume": QT_TRANSLATE_NOOP("messages", "Вернуться к клиенту"),
    "scoring.step.end_call": QT_TRANSLATE_NOOP("messages", "Завершить звонок"),
    "scoring.step.register_request": QT_TRANSLATE_NOOP("messages", "Зарегистрировать сервисный запрос"),
    "scoring.step.offer_accepted": QT_TRANSLATE_NOOP("messages", "Озвучить предложение (клиент согласился)"),
    "scoring.step.offer_declined": QT_TRANSLATE_NOOP("messages", "Озвучить предложение (клиент отказался)"),
    "scoring.step.offer_not_voiced": QT_TRANSLATE_NOOP("messages", "Не озвучивать предложение"),
    "scoring.step.flag_complaint": QT_TRANSLATE_NOOP("messages", "Отметить: претензионный клиент"),
    "scoring.step.flag_lost_phone": QT_TRANSLATE_NOOP("messages", "Отметить: блокировка при утере телефона"),
    "scoring.step.flag_siebel_down": QT_TRANSLATE_NOOP("messages", "Отметить: нет доступа в Siebel"),
    "scoring.rule.start_hold": QT_TRANSLATE_NOOP("messages", "Стандарт: пауза не длиннее 10 секунд — дольше ищете, ставьте на удержание с фразой: цель, время, согласие."),
    "scoring.rule.resume": QT_TRANSLATE_NOOP("messages", "Стандарт: вернуться к клиенту не позже лимита роли (2 мин специалист, 3 мин старший специалист)."),
    "scoring.rule.register_request": QT_TRANSLATE_NOOP("messages", "Стандарт: сначала консультация и сервисный запрос, затем «Отличное предложение»."),
    "scoring.rule.offer": QT_TRANSLATE_NOOP("messages", "Стандарт: предложение делается в каждом разговоре, если есть активное предложение."),
    "scoring.rule.offer_not_voiced": QT_TRANSLATE_NOOP("messages", "Стандарт: не предлагать претензионному клиенту, при блокировке после утери телефона и без доступа в Siebel."),
    "scoring.rule.flag_complaint": QT_TRANSLATE_NOOP("messages", "Стандарт: претензионному клиенту предложение не озвучивается."),
    "scoring.rule.flag_lost_phone": QT_TRANSLATE_NOOP("messages", "Стандарт: при блокировке после утери телефона предложение не озвучивается."),
    "scoring.rule.flag_siebel_down": QT_TRANSLATE_NOOP("messages", "Стандарт: без доступа в Siebel (действующие инциденты) предложение не озвучивается."),
    "scoring.rule.phrase": QT_TRANSLATE_NOOP("messages", "Стандарт: нужная фраза в нужный момент."),
    "scoring.phrase_title": QT_TRANSLATE_NOOP("messages", "Фраза: «{phrase}»"),
    "scoring.said_instead": QT_TRANSLATE_NOOP("messages", "Сказано «{used}». {rule}"),
    "scoring.said_without": QT_TRANSLATE_NOOP("messages", "Сказано без {missing}. {rule}"),
    "scoring.without.operator_name": QT_TRANSLATE_NOOP("messages", "имени специалиста (впишите своё имя в поле «Имя»)"),
    "scoring.without.client_name": QT_TRANSLATE_NOOP("messages", "имени клиента (клиент назвался — впишите имя в поле «Имя клиента»)"),
    "scoring.ended_early": QT_TRANSLATE_NOOP("messages", "Звонок завершён раньше времени: разговор ещё не был окончен, следующие шаги пропущены. Стандарт: звонок завершается после прощания."),
    "scoring.silence.title": QT_TRANSLATE_NOOP("messages", "Тишина дольше 10 секунд"),
    "scoring.silence.note": QT_TRANSLATE_NOOP("messages", "Клиент слышал тишину дольше 10 с ({silences} раз). Стандарт: заполните паузу фразой или поставьте клиента на удержание с фразой удержания."),
    "scoring.late_return.title": QT_TRANSLATE_NOOP("messages", "Возврат к клиенту после лимита удержания"),
    "scoring.late_return.note": QT_TRANSLATE_NOOP("messages", "Стандарт: вернитесь к клиенту до лимита и скажите, что поиск информации займет еще некоторое время."),
    "scoring.farewell_twice.title": QT_TRANSLATE_NOOP("messages", "«Всего доброго» прозвучало дважды"),
    "scoring.farewell_twice.note": QT_TRANSLATE_NOOP("messages", "Стандарт: «Всего доброго» — либо креативная фраза, либо прощание, но не то и другое сразу."),
    # offer_sources
    "offer_sources.need_object": QT_TRANSLATE_NOOP("messages", "нужен объект с id, title, text, а пришло {type}"),
    "offer_sources.field_text": QT_TRANSLATE_NOOP("messages", "поле предложения {key!r} должно быть непустым текстом"),
    "offer_sources.no_argument": QT_TRANSLATE_NOOP("messages", "источнику предложений '{name}' не нужен аргумент (указано {arg})"),
    "offer_sources.not_utf8": QT_TRANSLATE_NOOP("messages", "{where}: не в кодировке UTF-8"),
    "offer_sources.neither_json_nor_yaml": QT_TRANSLATE_NOOP("messages", "ни JSON, ни YAML ({json_error}; {yaml_error})"),
    "offer_sources.file_needs_path": QT_TRANSLATE_NOOP("messages", "источнику 'file' нужен путь, например file:/tmp/offer.json"),
    "offer_sources.no_redirect": QT_TRANSLATE_NOOP("messages", "перенаправление на другой адрес ({hostname}) не выполняется"),
    "offer_sources.http_needs_url": QT_TRANSLATE_NOOP("messages", "источнику 'http' нужен адрес, например http:http://127.0.0.1:8765/offer"),
    "offer_sources.http_error_message": QT_TRANSLATE_NOOP("messages", "HTTP {code} от {url}: {msg}"),
    "offer_sources.http_error": QT_TRANSLATE_NOOP("messages", "HTTP {code} от {url}"),
    "offer_sources.too_large": QT_TRANSLATE_NOOP("messages", "{url}: ответ больше {limit} КБ — не принят"),
    "offer_sources.bad_json": QT_TRANSLATE_NOOP("messages", "{url}: неверный JSON ({error})"),
    # ui/texts.py: the views' words for the call's states and statuses
    "view.state.idle": QT_TRANSLATE_NOOP("messages", "Нет звонка"),
    "view.state.talking": QT_TRANSLATE_NOOP("messages", "Разговор"),
    "view.state.lookup": QT_TRANSLATE_NOOP("messages", "Поиск — тишина"),
    "view.state.hold": QT_TRANSLATE_NOOP("messages", "Удержание"),
    "view.state.ended": QT_TRANSLATE_NOOP("messages", "Звонок завершён"),
    "view.state.ringing": QT_TRANSLATE_NOOP("messages", "Входящий звонок"),
    "view.title.ringing": QT_TRANSLATE_NOOP("messages", "Входящий звонок · {number}"),
    "view.title.no_number": QT_TRANSLATE_NOOP("messages", "номер не определён"),
    "view.title.hold_unconfirmed": QT_TRANSLATE_NOOP("messages", "Удержание не подтверждено"),
    "view.minutes": QT_TRANSLATE_NOOP("messages", "{n} мин"),
    "view.status.ready": QT_TRANSLATE_NOOP("messages", "Ждём звонка. F5 — новый звонок."),
    "view.status.talking": QT_TRANSLATE_NOOP("messages", "Слушайте, не перебивая. F6 — начать поиск информации (таймер тишины)."),
    "view.status.ringing": QT_TRANSLATE_NOOP("messages", "F5 — ответить. Приветствие готово (Ctrl+1)."),
    "view.status.ringing_by_hand": QT_TRANSLATE_NOOP("messages", "Снимите трубку — таймер начнётся сам. Приветствие готово (Ctrl+1)."),
    "view.status.answering": QT_TRANSLATE_NOOP("messages", "Софтфон отвечает на звонок…"),
    "view.status.hold_unconfirmed": QT_TRANSLATE_NOOP("messages", "Софтфон не подтвердил удержание: клиент может вас слышать. Поставьте на удержание в софтфоне."),
    "view.status.thank_for_waiting": QT_TRANSLATE_NOOP("messages", "Поблагодарите клиента: «{phrase}»."),
    "view.status.thank_for_long_waiting": QT_TRANSLATE_NOOP("messages", "Поблагодарите клиента: «{phrase}»."),
    "view.status.lookup": QT_TRANSLATE_NOOP("messages", "Клиент слышит тишину. Не дольше {n} с: заполните паузу фразой или поставьте на удержание (F7)."),
    "view.status.silence_warning": QT_TRANSLATE_NOOP(
        "messages",
        "Тишина {n} с! Поставьте клиента на удержание (F7): цель, время ожидания, согласие — «{phrase}»",
    ),
    "view.status.hold": QT_TRANSLATE_NOOP("messages", "Клиент на удержании. Вернитесь к нему не позже чем через {limit} ({role})."),
    "view.status.hold_role_changed": QT_TRANSLATE_NOOP(
        "messages",
        "Клиент на удержании. Вернитесь к нему не позже чем через {limit} — лимит роли на начало "
        "удержания; новая роль действует со следующего.",
    ),
    "view.status.hold_prewarning": QT_TRANSLATE_NOOP("messages", "Осталось меньше {n} с — готовьтесь вернуться к клиенту (F7)."),
    "view.status.hold_limit": QT_TRANSLATE_NOOP(
        "messages",
        "Вернитесь к клиенту сейчас (F7)! Скажите, что поиск информации займет еще некоторое время. "
        "Если клиент не готов ждать — предложите другие способы получить информацию.",
    ),
    "view.status.peer_hold": QT_TRANSLATE_NOOP("messages", "Клиент поставил вас на удержание. Дождитесь его — ваш таймер удержания не идёт."),
    "view.status.ended": QT_TRANSLATE_NOOP("messages", "Звонок завершён. F5 — новый звонок."),
    "view.caption.hold_left": QT_TRANSLATE_NOOP("messages", "осталось до возврата"),
    "view.caption.over_limit": QT_TRANSLATE_NOOP("messages", "сверх лимита удержания"),
    "view.caption.lookup": QT_TRANSLATE_NOOP("messages", "клиент слышит тишину"),
    "view.caption.lookup_audio": QT_TRANSLATE_NOOP("messages", "тишина на линии"),
    "view.caption.ended": QT_TRANSLATE_NOOP("messages", "длительность звонка"),
    "view.caption.talking": QT_TRANSLATE_NOOP("messages", "идёт звонок"),
    "view.caption.ringing": QT_TRANSLATE_NOOP("messages", "звонит"),
    "view.compact.left": QT_TRANSLATE_NOOP("messages", "осталось"),
    "view.compact.over_limit": QT_TRANSLATE_NOOP("messages", "сверх лимита"),
    "view.compact.duration": QT_TRANSLATE_NOOP("messages", "длительность"),
    "view.say_now.ready": QT_TRANSLATE_NOOP("messages", "F5 — новый звонок"),
    "view.say_now.talking": QT_TRANSLATE_NOOP("messages", "Слушайте, не перебивая. F6 — поиск"),
    "view.say_now.ringing": QT_TRANSLATE_NOOP("messages", "F5 — ответить"),
    "view.say_now.ringing_by_hand": QT_TRANSLATE_NOOP("messages", "Снимите трубку"),
    "view.say_now.answering": QT_TRANSLATE_NOOP("messages", "Отвечаем…"),
    "view.say_now.hold_unconfirmed": QT_TRANSLATE_NOOP("messages", "Удержание не подтверждено — клиент может слышать"),
    "view.say_now.thank_for_waiting": QT_TRANSLATE_NOOP("messages", "«{phrase}»"),
    "view.say_now.thank_for_long_waiting": QT_TRANSLATE_NOOP("messages", "«{phrase}»"),
    "view.say_now.lookup": QT_TRANSLATE_NOOP("messages", "Заполните паузу или F7 — удержание"),
    "view.say_now.silence_warning": QT_TRANSLATE_NOOP("messages", "«{phrase}» F7"),
    "view.say_now.hold": QT_TRANSLATE_NOOP("messages", "Клиент на удержании"),
    "view.say_now.hold_prewarning": QT_TRANSLATE_NOOP("messages", "Готовьтесь вернуться (F7)"),
    "view.say_now.hold_limit": QT_TRANSLATE_NOOP("messages", "Вернитесь и скажите, что поиск займет еще некоторое время (F7)"),
    "view.say_now.peer_hold": QT_TRANSLATE_NOOP("messages", "Клиент удерживает линию — ждите"),
    "view.say_now.ended": QT_TRANSLATE_NOOP("messages", "F5 — новый звонок"),
    "view.refused.end_call_first": QT_TRANSLATE_NOOP("messages", "Сначала завершите текущий звонок (F8)."),
    "view.refused.no_call": QT_TRANSLATE_NOOP("messages", "Нет активного звонка — начните новый (F5)."),
    "view.refused.not_now": QT_TRANSLATE_NOOP("messages", "Сейчас это недоступно: {state}."),
    "view.more_problems": QT_TRANSLATE_NOOP("messages", "… и ещё {n} (подробно — в подсказке)"),
    "view.offer.unavailable": QT_TRANSLATE_NOOP("messages", "Источник предложений недоступен: {cause}"),
    "view.offer.recorded": QT_TRANSLATE_NOOP("messages", "Итог записан: {outcome}"),
    "view.offer.ticks_in_call": QT_TRANSLATE_NOOP("messages", "Отметки ниже ставятся во время звонка."),
    "view.offer.accepted": QT_TRANSLATE_NOOP("messages", "клиент согласился"),
    "view.offer.declined": QT_TRANSLATE_NOOP("messages", "клиент отказался"),
    "view.offer.not_voiced": QT_TRANSLATE_NOOP("messages", "не озвучено"),
    # cli/parser.py: argparse's own words (its English is the English translation)
    "cli.argparse.usage": QT_TRANSLATE_NOOP("messages", "использование: "),
    "cli.argparse.positionals": QT_TRANSLATE_NOOP("messages", "аргументы"),
    "cli.argparse.options": QT_TRANSLATE_NOOP("messages", "параметры"),
    "cli.argparse.help": QT_TRANSLATE_NOOP("messages", "показать эту справку и выйти"),
    "cli.argparse.error": QT_TRANSLATE_NOOP("messages", "{prog}: ошибка: {message}"),
    "cli.argparse.argument": QT_TRANSLATE_NOOP("messages", "аргумент {argument_name}: {message}"),
    "cli.argparse.unrecognized": QT_TRANSLATE_NOOP("messages", "неизвестные аргументы: {args}"),
    "cli.argparse.required": QT_TRANSLATE_NOOP("messages", "не хватает аргументов: {args}"),
    "cli.argparse.invalid_choice": QT_TRANSLATE_NOOP("messages", "неверное значение {value} (можно: {choices})"),
    "cli.argparse.invalid_value": QT_TRANSLATE_NOOP("messages", "неверное значение {value}"),
    "cli.argparse.expected_one": QT_TRANSLATE_NOOP("messages", "нужно одно значение"),
    "cli.argparse.expected_at_most_one": QT_TRANSLATE_NOOP("messages", "нужно не больше одного значения"),
    "cli.argparse.expected_at_least_one": QT_TRANSLATE_NOOP("messages", "нужно хотя бы одно значение"),
    "cli.argparse.expected_count": QT_TRANSLATE_NOOP("messages", "нужно значений: {count}"),
    "cli.argparse.ambiguous": QT_TRANSLATE_NOOP("messages", "неоднозначный параметр {option}: подходят {matches}"),
    "cli.argparse.not_allowed_with": QT_TRANSLATE_NOOP("messages", "нельзя вместе с {other}"),
    "cli.argparse.one_required": QT_TRANSLATE_NOOP("messages", "нужен один из аргументов: {args}"),
    "cli.argparse.ignored_value": QT_TRANSLATE_NOOP("messages", "лишнее значение {value}"),
    # core/plugins.py: every kind of plugin alike
    "plugins.unknown": QT_TRANSLATE_NOOP("messages", "неизвестный {kind} {name!r}; есть: {known}"),
    "plugins.not_loading": QT_TRANSLATE_NOOP("messages", "{kind} {name!r} не загружается ({exc}); есть: {known}"),
    "plugins.bad_spec": QT_TRANSLATE_NOOP("messages", "неверный {kind} {spec!r}: {exc}"),
    "plugins.offer_source": QT_TRANSLATE_NOOP("messages", "источник предложений"),
    "plugins.call_source": QT_TRANSLATE_NOOP("messages", "источник звонков"),
    "plugins.audio_source": QT_TRANSLATE_NOOP("messages", "источник звука"),
    "plugins.vad_detector": QT_TRANSLATE_NOOP("messages", "детектор речи"),
    "plugins.speech_recogniser": QT_TRANSLATE_NOOP("messages", "распознаватель речи"),
    "plugins.usage.audio_file": QT_TRANSLATE_NOOP("messages", "file:ПУТЬ.wav"),
}


def translated(context: str, text: str) -> str:
    """``text`` (Russian source, catalogued under ``context``) in the language in use."""
    return _translate(context, text) or text
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


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for ``code`` with ``params`` filled in."""
    template = TEXTS.get(code)
    if template is None:
        return code
    translated = _translate(CONTEXT, template) or template
    return translated.format(**(params or {}))


# --- saying them ---------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A name the program shows (a keymap action's label): a message parameter said in the language
    in use, translated in its own ``context`` (``keymap``: :data:`ACTION_LABELS` catalogues those labels)."""

    context: str
    text: str

    def __str__(self) -> str:
        return translated(self.context, self.text)


@dataclass(frozen=True)
class Words:
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Any) -> "Words":
        return cls(code, tuple(params.items()))

    def __str__(self) -> str:
        return say(self.code, **dict(self.params))


def say(code: str, /, **params: Any) -> str:
    """The sentence for ``code`` with ``params`` filled in, in the language in use."""
    return render(code, params)


class Said(Exception):
    """An error with a message ``code`` and ``params``: ``str()`` says them in the language in use.

    A text that is not a known code is shown as given (a caller outside the core that passes words).
    """

    def __init__(self, code: str = "", /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return say(self.code, **self.params)


class SaidValueError(Said, ValueError):
    """A bad value (a spec, an argument) said through a message code."""

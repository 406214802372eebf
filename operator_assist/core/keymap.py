"""The keymap: every keyed action once, with its id, default key, label and reach (no Qt).

Menus, button captions, tooltips, the README's table and the global hotkey layer all
read :data:`BINDINGS` (through :class:`Keymap`, which applies ``hotkeys:`` from
settings.yaml). ``global_`` actions also work while another program has the focus
(the softphone, the CRM); the others work in the assistant's windows. The command a key
sends the call session, when it sends one, is in :data:`core.commands.KEY_COMMANDS`.

Keys are written as in Qt: modifiers ``Ctrl``, ``Shift``, ``Alt``, ``Meta`` joined with
``+`` before one key (``F7``, ``Ctrl+Shift+K``, ``Pause``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from ..messages import Label, Words
from .files import excerpt
from .schema import Invalid, Text


@dataclass(frozen=True)
class Binding:
    id: str
    default: str
    label: str
    """Russian source text (the UI translates it)."""
    global_: bool = False
    """Also a system-wide hotkey."""


BINDINGS: tuple[Binding, ...] = (
    Binding("new_call", "F5", "Новый звонок", True),
    Binding("lookup", "F6", "Поиск информации / нашёл — говорю", True),
    Binding("hold", "F7", "Удержание / вернуться", True),
    Binding("end_call", "F8", "Завершить звонок", True),
    Binding("wrapup", "F9", "Итоги и прощание"),
    Binding("register_request", "Ctrl+R", "Сервисный запрос зарегистрирован"),
    Binding("open_offer", "Ctrl+O", "Отличное предложение…"),
    Binding("search", "Ctrl+F", "Поиск фраз"),
    Binding("copy_farewell", "Ctrl+Return", "Копировать прощание"),
    Binding("compact", "Ctrl+Shift+K", "Компактный режим"),
    Binding("stats", "Ctrl+Shift+S", "Статистика…"),
)
BY_ID = {b.id: b for b in BINDINGS}

MODIFIERS = {"ctrl": "Ctrl", "control": "Ctrl", "shift": "Shift", "alt": "Alt", "meta": "Meta", "super": "Meta"}
_NAMED = {
    name.lower(): name
    for name in (
        "Return", "Enter", "Space", "Tab", "Backspace", "Insert", "Delete", "Home", "End", "PgUp", "PgDown",
        "Pause", "Print", "ScrollLock", "Up", "Down", "Left", "Right", "Escape",
    )
}  # fmt: skip
_FUNCTION = re.compile(r"f([1-9]|1[0-9]|2[0-4])")


class BadKey(ValueError):
    """A key written wrongly: :attr:`words` says why (``str()`` too)."""

    def __init__(self, code: str, **params: object) -> None:
        self.words = Words.of(code, **params)
        super().__init__(code)

    def __str__(self) -> str:
        return str(self.words)


def parse_key(text: str) -> str:
    """The key in its normal spelling (``ctrl+shift+k`` → ``Ctrl+Shift+K``); BadKey otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise BadKey("keys.missing")
    *mods, key = [p.strip() for p in text.strip().split("+")]
    normal_mods = []
    for mod in mods:
        name = MODIFIERS.get(mod.lower())
        if name is None:
            raise BadKey("keys.unknown_modifier", modifier=excerpt(mod, 40, plain=True))
        if name in normal_mods:
            raise BadKey("keys.modifier_twice", modifier=name)
        normal_mods.append(name)
    low = key.lower()
    if _FUNCTION.fullmatch(low):
        normal = key.upper()
    elif low in _NAMED:
        normal = _NAMED[low]
    elif len(key) == 1 and (key.isalnum() and key.isascii()):
        normal = key.upper()
    else:
        raise BadKey("keys.unknown_key", key=excerpt(key, 40, plain=True))
    if not normal_mods and len(normal) == 1:
        raise BadKey("keys.plain_letter", key=normal)
    order = ["Ctrl", "Shift", "Alt", "Meta"]
    return "+".join(sorted(normal_mods, key=order.index) + [normal])


class Keymap:
    """The bindings in effect: defaults with the user's ``hotkeys:`` applied."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self._keys = {b.id: b.default for b in BINDINGS}
        for action_id, key in (overrides or {}).items():
            self._keys[action_id] = parse_key(key)

    def key(self, action_id: str) -> str:
        return self._keys[action_id]

    def label(self, action_id: str) -> str:
        return BY_ID[action_id].label

    def global_bindings(self) -> dict[str, str]:
        """``{action id: key}`` of the actions that also work from any window."""
        return {b.id: self._keys[b.id] for b in BINDINGS if b.global_}

    def items(self) -> list[tuple[Binding, str]]:
        return [(b, self._keys[b.id]) for b in BINDINGS]


FIXED_KEYS = (
    ("Ctrl+1 … Ctrl+9", "копировать фразу с этим номером (имена и род подставлены)"),
    ("1 / 2 / 3 (в карточке предложения)", "озвучено, согласился / озвучено, отказался / не озвучено"),
    ("1 / 2 / 3 / 4 (после звонка с неотмеченным предложением)",
     "согласился / отказался / не озвучено / не успел (вопрос под лампой до следующего F5)"),
    ("Esc (в карточке предложения)", "закрыть карточку"),
    ("↑ ↓ Enter Esc (в поиске)", "выбрать фразу, копировать, очистить поиск"),
)
"""Keys that belong to one widget and are not configurable."""


def markdown_table(keymap: Keymap | None = None) -> str:
    """The README's keyboard table, from the registry (a test keeps the README equal to it)."""
    keymap = keymap or Keymap()
    rows = ["| key | action (as in the menus) | works |", "| --- | --- | --- |"]
    for binding, key in keymap.items():
        where = "everywhere (global hotkey)" if binding.global_ else "in the assistant's windows"
        rows.append(f"| {key.replace('Return', 'Enter')} | {binding.label} | {where} |")
    rows += [f"| {key} | {label} | in the assistant's windows |" for key, label in FIXED_KEYS]
    return "\n".join(rows)


class Hotkey(Text):
    """A key of settings.yaml's ``hotkeys:`` (its normal spelling)."""

    doc = "key"

    def check(self, value: object) -> str:
        try:
            return parse_key(value)  # type: ignore[arg-type]
        except BadKey as exc:
            raise Invalid("keys.bad", reason=exc.words) from None

    def allowed(self) -> str:
        return "a key as in [Keyboard](#keyboard)"


def clashes(overrides: Mapping[str, str]) -> list[tuple[str, str, dict[str, object]]]:
    """Keys of ``overrides`` (``{action id: normal key}``) that another action already has:
    ``(action id, message code, params)`` each."""
    problems: list[tuple[str, str, dict[str, object]]] = []
    seen: dict[str, str] = {b.default: b.id for b in BINDINGS if b.id not in overrides}
    for action_id, key in overrides.items():
        other = seen.get(key)
        if other is not None and other != action_id:
            label = Label("keymap", BY_ID[other].label)  # the action as the menus name it, not its id
            problems.append((action_id, "keys.taken", {"field": f"hotkeys.{action_id}", "key": key, "other": label}))
        seen[key] = action_id
    return problems

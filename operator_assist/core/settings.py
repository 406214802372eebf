"""Timers and role limits: bundled defaults (phrases/roles.yaml) + the user's settings.yaml.

The user's file may override any timer, change a role's limit or add a role.
A file with any error is ignored as a whole (the app runs on the defaults) and
its problems are returned with file and line; the file itself is never written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from ..paths import bundled_phrases_dir
from .files import KB, excerpt
from .yamlio import ParseCache, Problem, Report, line_of, read_yaml, seconds_value, type_name


@dataclass(frozen=True)
class Timers:
    silence_warning: float = 10.0
    hold_prewarning: float = 30.0
    long_wait: float = 60.0
    resume_hint: float = 15.0


@dataclass(frozen=True)
class RolePolicy:
    id: str
    label: str
    hold_limit: float


@dataclass(frozen=True)
class TelephonySettings:
    """The ``telephony:`` section: which call source drives the call, and for whom."""

    source: str = "manual"
    agent: str = ""
    ami_user: str = ""
    ami_secret: str = ""

    def __repr__(self) -> str:  # the secret never reaches a log through a repr
        return f"TelephonySettings(source={self.source!r}, agent={self.agent!r}, ami_user={self.ami_user!r})"


@dataclass(frozen=True)
class AudioSettings:
    """Listening to the call for dead air (issue 17); off unless chosen."""

    source: str = "off"
    """``off``, ``devices``, ``file:PATH.wav`` or a plugin's name."""
    detector: str = "webrtc"
    """``webrtc`` or ``silero``."""
    mic: str | None = None
    """Operator's microphone (device name or id); None: the system's default input."""
    playback: str | None = None
    """Output the call plays on (its monitor is captured); None: the system's default output."""


AUDIO_DETECTORS = ("webrtc", "silero")


@dataclass(frozen=True)
class Settings:
    timers: Timers
    roles: tuple[RolePolicy, ...]
    default_role: str
    offer_source: str = "none"
    """Offer source spec (``none``, ``demo``, ``file:PATH``, ``http:URL`` or a plugin's name)."""
    audio: AudioSettings = AudioSettings()
    hotkeys: tuple[tuple[str, str], ...] = ()
    """``(action id, key)`` overrides of the keymap's defaults (core.keymap)."""
    global_keys: bool = True
    """F5–F8 (the keymap's global actions) also work while another program has the focus."""
    telephony: TelephonySettings = TelephonySettings()
    language: str = "ru"
    """The UI's language: ``ru`` (the default) or ``en``; an unknown one is reported at start."""

    def role(self, role_id: str | None = None) -> RolePolicy:
        """The role with this id, or the default role for an unknown/None id."""
        for role in self.roles:
            if role.id == role_id:
                return role
        for role in self.roles:
            if role.id == self.default_role:
                return role
        return self.roles[0]

    def role_ids(self) -> list[str]:
        return [role.id for role in self.roles]


_TIMER_KEYS = {f.name for f in fields(Timers)}
_ROLE_KEYS = {"label", "hold_limit"}
SETTINGS_FILE_LIMIT = 256 * KB

_TOP_KEYS = {"timers", "roles", "default_role", "offer_source", "hotkeys", "global_keys", "telephony", "audio", "language"}
_TELEPHONY_KEYS = {f.name for f in fields(TelephonySettings)}
_AUDIO_KEYS = {f.name for f in fields(AudioSettings)}


def _positive_number(report: Report, container: Mapping, key: str, field: str) -> float | None:
    """Seconds: a number (``120``) or minutes:seconds (``2:00``). YAML 1.1's base-60 reading of
    ``2:00`` is switched off in :mod:`.yamlio`, so ``1:30:00`` is an error here, never 5400 s."""
    value = container[key]
    seconds = seconds_value(value)
    if seconds is None or seconds <= 0:
        hint = ""
        if isinstance(value, str) and value.count(":") > 1:
            hint = " (часы не поддерживаются)"
        report.error(
            line_of(container, key),
            f"{field}: нужно положительное число секунд (120) или минуты:секунды (2:00), "
            f"а здесь {type_name(value)} {excerpt(value)}{hint}",
        )
        return None
    return seconds


def _apply(base: Settings, data: Any, report: Report) -> Settings:
    """Overlay one settings mapping on ``base``; problems go to ``report``."""
    if data is None:
        return base
    if not isinstance(data, dict):
        report.error(line_of(data, 0), f"файл настроек — набор полей {', '.join(sorted(_TOP_KEYS))}, а здесь {type_name(data)}")
        return base
    for key in data:
        if key not in _TOP_KEYS:
            report.error(line_of(data, key), f"{excerpt(key, 40, plain=True)}: неизвестная настройка (допустимо: {', '.join(sorted(_TOP_KEYS))})")

    timers = base.timers
    raw_timers = data.get("timers")
    if raw_timers is not None:
        if not isinstance(raw_timers, dict):
            report.error(line_of(data, "timers"), f"timers: нужен набор полей, а здесь {type_name(raw_timers)}")
        else:
            changes = {}
            for key in raw_timers:
                if key not in _TIMER_KEYS:
                    report.error(line_of(raw_timers, key), f"timers.{excerpt(key, 40, plain=True)}: неизвестный таймер (допустимо: {', '.join(sorted(_TIMER_KEYS))})")
                    continue
                value = _positive_number(report, raw_timers, key, f"timers.{key}")
                if value is not None:
                    changes[key] = value
            timers = replace(timers, **changes)

    roles = {role.id: role for role in base.roles}
    raw_roles = data.get("roles")
    if raw_roles is not None:
        if not isinstance(raw_roles, dict):
            report.error(line_of(data, "roles"), f"roles: нужен набор полей, а здесь {type_name(raw_roles)}")
        else:
            for role_id, raw in raw_roles.items():
                field = f"roles.{excerpt(role_id, 40, plain=True)}"
                if not isinstance(raw, dict):
                    report.error(line_of(raw_roles, role_id), f"{field}: нужен набор полей label и hold_limit, а здесь {type_name(raw)}")
                    continue
                for key in raw:
                    if key not in _ROLE_KEYS:
                        report.error(line_of(raw, key), f"{field}.{excerpt(key, 40, plain=True)}: неизвестное поле (допустимо: {', '.join(sorted(_ROLE_KEYS))})")
                existing = roles.get(role_id)
                label = existing.label if existing else None
                limit = existing.hold_limit if existing else None
                if "label" in raw:
                    if isinstance(raw["label"], str) and raw["label"].strip():
                        label = raw["label"].strip()
                    else:
                        report.error(line_of(raw, "label"), f"{field}.label: нужен непустой текст")
                if "hold_limit" in raw:
                    limit = _positive_number(report, raw, "hold_limit", f"{field}.hold_limit") or limit
                if label is None:
                    report.error(line_of(raw_roles, role_id), f"{field}.label: не указано (новой роли нужно название)")
                if limit is None:
                    report.error(line_of(raw_roles, role_id), f"{field}.hold_limit: не указано (новой роли нужен лимит удержания)")
                if label is not None and limit is not None:
                    roles[str(role_id)] = RolePolicy(str(role_id), label, limit)

    default_role = base.default_role
    if "default_role" in data:
        value = data["default_role"]
        if value in roles:
            default_role = value
        else:
            report.error(line_of(data, "default_role"), f"default_role: неизвестная роль {excerpt(value)} (есть: {', '.join(roles)})")

    offer_source = base.offer_source
    if "offer_source" in data:
        value = data["offer_source"]
        if isinstance(value, str) and value.strip():
            offer_source = value.strip()
        else:
            report.error(line_of(data, "offer_source"), "offer_source: нужен текст вида none, demo, file:ПУТЬ или http:URL")

    hotkeys = base.hotkeys
    raw_keys = data.get("hotkeys")
    if raw_keys is not None:
        from .keymap import check_overrides, parse_key

        if not isinstance(raw_keys, dict):
            report.error(line_of(data, "hotkeys"), f"hotkeys: нужен набор полей действие: клавиша, а здесь {type_name(raw_keys)}")
        else:
            problems = check_overrides(raw_keys)
            for key, message in problems:
                report.error(line_of(raw_keys, key), message)
            if not problems:
                hotkeys = tuple(dict(base.hotkeys, **{str(k): parse_key(v) for k, v in raw_keys.items()}).items())

    global_keys = base.global_keys
    if "global_keys" in data:
        value = data["global_keys"]
        if isinstance(value, bool):
            global_keys = value
        else:
            report.error(line_of(data, "global_keys"), f"global_keys: нужно true или false, а здесь {type_name(value)}")

    return Settings(
        timers=timers, roles=tuple(roles.values()), default_role=default_role, offer_source=offer_source,
        hotkeys=hotkeys, global_keys=global_keys, telephony=_telephony(base.telephony, data, report),
        audio=_apply_audio(base.audio, data, report), language=_language(base.language, data, report),
    )  # fmt: skip


def _language(base: str, data: Mapping, report: Report) -> str:
    """``language: en``: any short code; the app says which ones it has (operator_assist.i18n)."""
    value = data.get("language", base)
    if isinstance(value, str) and value.strip():
        return value.strip().lower()
    report.error(line_of(data, "language"), f"language: нужен код языка (ru или en), а здесь {type_name(value)} {excerpt(value)}")
    return base


def _telephony(base: TelephonySettings, data: Mapping, report: Report) -> TelephonySettings:
    raw = data.get("telephony")
    if raw is None:
        return base
    if not isinstance(raw, dict):
        report.error(line_of(data, "telephony"), f"telephony: нужен набор полей {', '.join(sorted(_TELEPHONY_KEYS))}, а здесь {type_name(raw)}")
        return base
    changes = {}
    for key, value in raw.items():
        if key not in _TELEPHONY_KEYS:
            report.error(line_of(raw, key), f"telephony.{key}: неизвестное поле (допустимо: {', '.join(sorted(_TELEPHONY_KEYS))})")
            continue
        if key == "agent" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # agent: 2001 without quotes
        if not isinstance(value, str) or (key == "source" and not value.strip()):
            shown = "***" if key == "ami_secret" else repr(value)
            hint = " вида manual, ami:ХОСТ:ПОРТ, baresip:ХОСТ:ПОРТ или inbox" if key == "source" else ""
            report.error(line_of(raw, key), f"telephony.{key}: нужен текст{hint}, а здесь {type_name(value)} {shown}")
            continue
        changes[key] = value.strip()
    return replace(base, **changes)


def _apply_audio(base: AudioSettings, data: dict, report: Report) -> AudioSettings:
    raw = data.get("audio")
    if raw is None:
        return base
    if isinstance(raw, str):  # `audio: devices` is short for `audio: {source: devices}`
        raw = {"source": raw}
    elif not isinstance(raw, dict):
        report.error(line_of(data, "audio"), f"audio: нужен набор полей {', '.join(sorted(_AUDIO_KEYS))}, а здесь {type_name(raw)}")
        return base
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        where = line_of(raw, key) if isinstance(data.get("audio"), dict) else line_of(data, "audio")
        if key not in _AUDIO_KEYS:
            report.error(where, f"audio.{key}: неизвестное поле (допустимо: {', '.join(sorted(_AUDIO_KEYS))})")
        elif key in ("mic", "playback") and value is None:
            changes[key] = None
        elif not isinstance(value, str) or not value.strip():
            report.error(where, f"audio.{key}: нужен непустой текст, а здесь {type_name(value)} {value!r}")
        elif key == "detector" and value.strip() not in AUDIO_DETECTORS:
            report.error(where, f"audio.detector: неизвестный детектор {value!r} (есть: {', '.join(AUDIO_DETECTORS)})")
        elif key == "source" and value.strip().partition(":")[0] == "file" and not value.strip()[5:].strip():
            report.error(where, "audio.source: после file: нужен путь к WAV-файлу")
        else:
            changes[key] = value.strip()
    return replace(base, **changes)


_FALLBACK = Settings(
    timers=Timers(),
    roles=(RolePolicy("specialist", "Специалист", 120.0), RolePolicy("senior", "Старший специалист", 180.0)),
    default_role="specialist",
)


def bundled_settings(cache: ParseCache | None = None) -> Settings:
    path = bundled_phrases_dir() / "roles.yaml"
    data, problems = read_yaml(path, cache)
    report = Report(str(path))
    settings = _apply(_FALLBACK, data, report)
    problems = problems + report.problems
    if problems:  # a packaging bug, never the user's fault: fail loudly in tests
        raise ValueError("bundled roles.yaml is invalid:\n" + "\n".join(map(str, problems)))
    return settings


def load_settings(user_file: Path | None, cache: ParseCache | None = None) -> tuple[Settings, list[Problem]]:
    """Bundled defaults overlaid with ``user_file`` if it exists and is valid."""
    defaults = bundled_settings(cache)
    if user_file is None:
        return defaults, []
    try:
        os.lstat(user_file)  # not exists(): a symlink loop or a dangling link is reported, not skipped
    except FileNotFoundError:
        return defaults, []
    except OSError:
        pass  # read_yaml says what is wrong
    data, problems = read_yaml(user_file, cache, SETTINGS_FILE_LIMIT)
    if problems:
        return defaults, problems
    report = Report(str(user_file))
    settings = _apply(defaults, data, report)
    if report.problems:
        return defaults, report.problems
    return settings, []


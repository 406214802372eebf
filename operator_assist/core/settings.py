"""Settings: the schema of settings.yaml (:data:`SETTINGS`), the roles of standard/roles.yaml, the user's file.

Every key is declared once in :data:`SETTINGS` (type, default, a line for the README's table).
The user's file may override any key, change a role's limit or add a role.
A file with any error is ignored as a whole (the app runs on the defaults) and
its problems are returned with file and line; the file itself is never written.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from ..paths import bundled_standard_dir
from .files import KB, excerpt
from .keymap import BINDINGS, Hotkey, clashes
from .schema import NOT_GIVEN, Bool, Choice, Invalid, Key, Schema, Seconds, Text, Type
from .yamlio import ParseCache, Problem, Report, line_of, read_yaml, type_name

AUDIO_DETECTORS = ("webrtc", "silero")


class AudioSource(Text):
    """``off``, ``devices``, ``file:PATH.wav`` or a plugin's name."""

    def check(self, value: Any) -> str | None:
        text = super().check(value)
        if text is not None and text.partition(":")[0] == "file" and not text[5:].strip():
            raise Invalid("settings.audio_file_path")
        return text


class Port(Type):
    """A TCP port for a server of ours (1024–65535), or ``null``: a free one each start."""

    doc = "port"

    def check(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 1024 <= value <= 65535:
            return value
        raise Invalid("settings.port", type=type_name(value), value=excerpt(value))

    def allowed(self) -> str:
        return "1024–65535, `null`"


SETTINGS = Schema(
    "settings.yaml",
    (
        Key("timers.silence_warning", Seconds(), 10.0, "No silent pause longer than this: the silence warning (F6, or the call's audio)."),
        Key("timers.hold_prewarning", Seconds(), 30.0, "Warn this many seconds before a role's hold limit."),
        Key("timers.long_wait", Seconds(), 60.0, "A hold longer than this is thanked as a long wait (the phrase for it comes first)."),
        Key("timers.resume_hint", Seconds(), 15.0, "How long after a resume the thanks reminder stays on screen."),
        Key("roles.*.label", Text(), NOT_GIVEN, "A role's name in the window (`*` is the role's id; bundled: `specialist`, `senior`); a new role needs it."),
        Key("roles.*.hold_limit", Seconds(), NOT_GIVEN, "A role's hold limit (bundled: 120 s and 180 s); a new role needs it."),
        Key("default_role", Text(), "specialist", "The role when none is chosen (`--role`, the window): an id from `roles`."),
        Key("offer_source", Text(like="settings.offer_source_like"), "none", "Where offers come from: `none`, `demo`, `file:PATH`, `http:URL` or a plugin's name (`--offer-source`)."),
        *(Key(f"hotkeys.{b.id}", Hotkey(), b.default, f"The key of «{b.label}»{' (a global hotkey)' if b.global_ else ''}.") for b in BINDINGS),
        Key("language", Text(), "ru", "The window's and the messages' language: `ru` or `en` (`--lang`); another code: a notice, and Russian."),
        Key("global_keys", Bool(), True, "F5–F8 (the global actions) also work while another program has the focus (`--no-global-keys`)."),
        Key("telephony.source", Text(like="settings.call_source_like"), "auto", "What drives the call: `auto` (the team server's `team` when this PC is enrolled, else `manual`), `manual`, `team`, `ami:HOST:PORT`, `baresip:HOST:PORT`, `inbox` or a plugin's name (`--call-source`)."),
        Key("telephony.agent", Text(empty=True, numbers=True), "", "The operator's extension / account (AMI)."),
        Key("telephony.ami_user", Text(empty=True), "", "The AMI user."),
        Key("telephony.ami_secret", Text(empty=True, secret=True), "", "The AMI secret (or `OPERATOR_ASSIST_AMI_SECRET`); never logged."),
        Key("inbox.port", Port(), None, "The port of the local event inbox (`telephony.source: inbox`) for a CRM script's fixed address; `null`: a free one each start (read `inbox.json`)."),
        Key("audio.source", AudioSource(), "off", "Listening for dead air: `off`, `devices`, `file:PATH.wav` or a plugin's name (`--audio`); `audio: devices` is short for it."),
        Key("audio.detector", Choice(AUDIO_DETECTORS, "settings.unknown_detector"), "webrtc", "The voice detector."),
        Key("audio.mic", Text(null=True), None, "The operator's microphone (device name or id); `null`: the system's default input."),
        Key("audio.playback", Text(null=True), None, "The output the call plays on (its monitor is heard); `null`: the default output."),
        Key("audio.cue_output", Text(null=True), None, "The output the warning sounds play on (device name or id), e.g. the PC's speaker while the call is on the headset; `null`: the default output."),
        Key("team.server_url", Text(empty=True), "", "The team server operators enrol with (`team-join TOKEN`, the window's dialog fills it in); an administrator's setting."),
        Key("speech.recogniser", Text(), "off", "Hearing the operator's own words (the microphone only): `off`, `whisper`, `vosk` or a plugin's name; `speech: whisper` is short for it. The View menu's speech toggle turns `whisper` on when this is `off`."),
        Key("speech.model", Text(null=True), None, "The recogniser's model folder (`whisper`: a faster-whisper model such as whisper-small; `vosk`: required); `null`: whisper's pinned base model."),
        Key("speech.journal", Bool(), True, "The journal records which speech check was met or missed, with its time (never words); `false`: the ticks on screen only."),
        Key("speech.vosk_grammar", Bool(), False, "`vosk` only: recognise just the phrase library's words and the forbidden ones (a restricted grammar)."),
    ),
    unknown={"": "settings.unknown_setting", "timers": "settings.unknown_timer", "hotkeys": "settings.unknown_action"},
    shorthand={"audio": "source", "speech": "recogniser"},
    file_code="settings.file_mapping",
)  # fmt: skip
"""Every key of settings.yaml: a new one is one line here (read it with :meth:`Settings.get`)."""
_default = SETTINGS.default


@dataclass(frozen=True)
class Timers:
    silence_warning: float = _default("timers.silence_warning")
    hold_prewarning: float = _default("timers.hold_prewarning")
    long_wait: float = _default("timers.long_wait")
    resume_hint: float = _default("timers.resume_hint")


@dataclass(frozen=True)
class RolePolicy:
    id: str
    label: str
    hold_limit: float


@dataclass(frozen=True)
class TelephonySettings:
    """The ``telephony:`` section: which call source drives the call, and for whom."""

    source: str = _default("telephony.source")
    agent: str = _default("telephony.agent")
    ami_user: str = _default("telephony.ami_user")
    ami_secret: str = _default("telephony.ami_secret")

    def __repr__(self) -> str:  # the secret never reaches a log through a repr
        return f"TelephonySettings(source={self.source!r}, agent={self.agent!r}, ami_user={self.ami_user!r})"


@dataclass(frozen=True)
class AudioSettings:
    """Listening to the call for dead air (issue 17); off unless chosen."""

    source: str = _default("audio.source")
    """``off``, ``devices``, ``file:PATH.wav`` or a plugin's name."""
    detector: str = _default("audio.detector")
    """``webrtc`` or ``silero``."""
    mic: str | None = _default("audio.mic")
    """Operator's microphone (device name or id); None: the system's default input."""
    playback: str | None = _default("audio.playback")
    """Output the call plays on (its monitor is captured); None: the system's default output."""
    cue_output: str | None = _default("audio.cue_output")
    """Output the warning sounds play on; None: the system's default output."""


@dataclass(frozen=True)
class SpeechSettings:
    """Hearing the operator's own words against the standard's phrases (issue 26); off unless chosen."""

    recogniser: str = _default("speech.recogniser")
    """``off``, ``whisper``, ``vosk`` or a plugin's name."""
    model: str | None = _default("speech.model")
    """A model folder; None: the recogniser's own (whisper's pinned base)."""
    journal: bool = _default("speech.journal")
    """The checks go to the journal (and the team server); False: on screen only."""
    vosk_grammar: bool = _default("speech.vosk_grammar")


@dataclass(frozen=True)
class InboxSettings:
    """The local event inbox (``telephony.source: inbox``)."""

    port: int | None = _default("inbox.port")
    """A fixed port for a CRM script; None: a free one each start (``inbox.json`` says which)."""


@dataclass(frozen=True)
class TeamSettings:
    """The team server (an administrator's setting)."""

    server_url: str = _default("team.server_url")
    """What operators enrol with (``team-join TOKEN``); "" for none set."""


@dataclass(frozen=True)
class Settings:
    timers: Timers
    roles: tuple[RolePolicy, ...]
    default_role: str
    offer_source: str = _default("offer_source")
    """Offer source spec (``none``, ``demo``, ``file:PATH``, ``http:URL`` or a plugin's name)."""
    audio: AudioSettings = AudioSettings()
    hotkeys: tuple[tuple[str, str], ...] = ()
    """``(action id, key)`` overrides of the keymap's defaults (core.keymap)."""
    global_keys: bool = _default("global_keys")
    """F5–F8 (the keymap's global actions) also work while another program has the focus."""
    telephony: TelephonySettings = TelephonySettings()
    language: str = _default("language")
    """The UI's language: ``ru`` (the default) or ``en``; an unknown one is reported at start."""
    speech: SpeechSettings = SpeechSettings()
    inbox: InboxSettings = InboxSettings()
    team: TeamSettings = TeamSettings()
    locked: tuple[tuple[str, ...], ...] = ()
    """The administrator's locks (core/policy.py): dotted paths, ``*`` for any name; a user's file cannot change them."""

    def is_locked(self, name: str) -> bool:
        """Whether the key ``name`` (``"team.server_url"``) is the administrator's alone."""
        path = tuple(name.split("."))
        return any(len(path) >= len(lock) and all(part in ("*", got) for part, got in zip(lock, path)) for lock in self.locked)

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


SETTINGS_FILE_LIMIT = 256 * KB


def _section(cls: type, prefix: str, values: Mapping[str, Any]) -> Any:
    return cls(**{f.name: values[f"{prefix}.{f.name}"] for f in fields(cls)})


def _values(settings: Settings) -> dict[str, Any]:
    """Every declared key (but roles) with its value in ``settings``, by dotted name."""
    values = SETTINGS.defaults()
    sections = (("timers", settings.timers), ("telephony", settings.telephony), ("audio", settings.audio),
                ("speech", settings.speech), ("inbox", settings.inbox), ("team", settings.team))  # fmt: skip
    for prefix, section in sections:
        values.update((f"{prefix}.{name}", value) for name, value in asdict(section).items())
    values.update((f"hotkeys.{action}", key) for action, key in settings.hotkeys)
    values.update(default_role=settings.default_role, offer_source=settings.offer_source,
                  global_keys=settings.global_keys, language=settings.language)  # fmt: skip
    return values


def setting_value(settings: Settings, name: str) -> Any:
    """The value of a declared key (``timers.hold_limit``…, not a role's) in ``settings``; None if undeclared."""
    return _values(settings).get(name)


def _apply(base: Settings, data: Any, report: Report) -> Settings:
    """Overlay one settings mapping on ``base``; problems go to ``report``."""
    walked = SETTINGS.walk(data, report)
    values = _values(base)
    values.update((".".join(path), value) for path, value in walked.items() if path[0] != "roles")

    roles = {role.id: role for role in base.roles}
    raw_roles = data.get("roles") if isinstance(data, dict) else None
    for role_id, raw in raw_roles.items() if isinstance(raw_roles, dict) else ():
        if not isinstance(raw, dict):
            continue  # reported by the walk
        role_id = str(role_id)
        shown = f"roles.{excerpt(role_id, 40, plain=True)}"
        existing = roles.get(role_id)
        label = walked.get(("roles", role_id, "label"), existing.label if existing else None)
        limit = walked.get(("roles", role_id, "hold_limit"), existing.hold_limit if existing else None)
        if label is None and "label" not in raw:
            report.error(line_of(raw_roles, role_id), "settings.role_needs_label", field=f"{shown}.label")
        if limit is None and "hold_limit" not in raw:
            report.error(line_of(raw_roles, role_id), "settings.role_needs_limit", field=f"{shown}.hold_limit")
        if label is not None and limit is not None:
            roles[role_id] = RolePolicy(role_id, label, limit)

    if ("default_role",) in walked and values["default_role"] not in roles:
        report.error(line_of(data, "default_role"), "settings.unknown_role",
                     value=excerpt(values["default_role"]), roles=", ".join(roles))  # fmt: skip
        values["default_role"] = base.default_role

    overrides = {path[1]: key for path, key in walked.items() if path[0] == "hotkeys"}
    for action_id, code, params in clashes(overrides):
        report.error(line_of(data["hotkeys"], action_id), code, **params)

    return Settings(
        timers=_section(Timers, "timers", values), roles=tuple(roles.values()), default_role=values["default_role"],
        offer_source=values["offer_source"], hotkeys=tuple(dict(base.hotkeys, **overrides).items()),
        global_keys=values["global_keys"], telephony=_section(TelephonySettings, "telephony", values),
        audio=_section(AudioSettings, "audio", values), language=values["language"].lower(),
        speech=_section(SpeechSettings, "speech", values), inbox=_section(InboxSettings, "inbox", values),
        team=_section(TeamSettings, "team", values), locked=base.locked,
    )  # fmt: skip


_FALLBACK = Settings(timers=Timers(), roles=(), default_role=_default("default_role"))
"""The schema's defaults; the bundled standard/roles.yaml adds the roles."""


def bundled_settings(cache: ParseCache | None = None) -> Settings:
    path = bundled_standard_dir() / "roles.yaml"
    data, problems = read_yaml(path, cache)
    report = Report(str(path))
    settings = _apply(_FALLBACK, data, report)
    problems = problems + report.problems
    if problems:  # a packaging bug, never the user's fault: fail loudly in tests
        raise ValueError("bundled roles.yaml is invalid:\n" + "\n".join(map(str, problems)))
    return settings


def load_settings(user_file: Path | None, cache: ParseCache | None = None) -> tuple[Settings, list[Problem]]:
    """Bundled defaults overlaid with ``user_file`` if it exists and is valid (the administrator's files too:
    :func:`operator_assist.core.policy.load_layered`)."""
    defaults = bundled_settings(cache)
    if user_file is None:
        return defaults, []
    return overlay(defaults, user_file, cache)


def overlay_data(base: Settings, data: dict[str, Any], file: str) -> Settings:
    """``base`` with ``data`` (settings.yaml's keys, checked already) over it: a value that did not come from a file."""
    report = Report(file)
    settings = _apply(base, data, report)
    if report.problems:
        raise ValueError("\n".join(map(str, report.problems)))
    return settings


def overlay(base: Settings, file: Path, cache: ParseCache | None = None,
            prepare: Callable[[Any], tuple[Any, list[Problem]]] | None = None) -> tuple[Settings, list[Problem]]:  # fmt: skip
    """``base`` overlaid with ``file`` if it exists and is valid; else ``base`` and the file's problems.

    ``prepare(data) -> (data, problems)`` may take keys out of the file's data first (the
    administrator's locks): an error among its problems stands for the file's; its warnings are
    returned when the rest of the file applies.
    """
    try:
        os.lstat(file)  # not exists(): a symlink loop or a dangling link is reported, not skipped
    except FileNotFoundError:
        return base, []
    except OSError:
        pass  # read_yaml says what is wrong
    data, problems = read_yaml(file, cache, SETTINGS_FILE_LIMIT, keep=lambda data: not SETTINGS.holds_secret(data))
    if problems:
        return base, problems
    warnings: list[Problem] = []
    if prepare is not None:
        data, warnings = prepare(data)
        if any(problem.is_error for problem in warnings):
            return base, warnings
    report = Report(str(file))
    settings = _apply(base, data, report)
    if report.problems:
        return base, sorted(report.problems, key=lambda problem: problem.line)  # as the user reads the file
    return settings, warnings


"""Command line: the GUI by default, plus headless subcommands."""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from .. import __version__, i18n
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..paths import DATA_DIR_ENV
from .parser import Parser

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")  # as operator_assist.logs.LEVELS, without importing it here


def build_parser() -> Parser:
    parser = Parser(
        prog="operator-assist",
        description=translate(
            "cli",
            "Помощник оператора колл-центра: таймер удержания, фразы стандарта, «Отличное предложение». "
            "Без команды открывает окно помощника.",
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=translate("cli", "показать версию и выйти")
    )
    _add_window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar=translate("cli", "КОМАНДА"), title=translate("cli", "команды"))
    for name, text in SUBCOMMANDS.items():
        # Each subcommand parses its own options (and --help) in its own module.
        sub = commands.add_parser(name, help=translate("cli", text), add_help=False)
        sub.add_argument("args", nargs=argparse.REMAINDER)
    return parser


def _add_window_options(parser: Parser) -> None:
    parser.add_argument(
        "--role",
        metavar=translate("cli", "РОЛЬ"),
        help=translate("cli", "роль оператора: specialist или senior (или своя из settings.yaml)"),
    )
    parser.add_argument(
        "--offer-source",
        metavar=translate("cli", "ИСТОЧНИК"),
        help=translate(
            "cli",
            "откуда брать предложения: none, demo, file:ПУТЬ, http:URL или модуль-расширение "
            "(по умолчанию — из settings.yaml, иначе none)",
        ),
    )
    parser.add_argument(
        "--call-source",
        metavar=translate("cli", "ИСТОЧНИК"),
        help=translate(
            "cli",
            "откуда брать события звонка: auto, manual, team, ami:ХОСТ:ПОРТ, baresip:ХОСТ:ПОРТ, inbox или модуль-расширение "
            "(по умолчанию — из settings.yaml, иначе auto: team, если компьютер подключён к серверу команды, иначе manual)",
        ),
    )
    parser.add_argument(
        "--audio",
        metavar=translate("cli", "ИСТОЧНИК"),
        help=translate("cli", "слушать разговор и замечать паузы: off, devices, file:ПУТЬ.wav (по умолчанию из settings.yaml, off)"),
    )
    parser.add_argument(
        "--no-global-keys",
        action="store_true",
        help=translate("cli", "F5–F8 только в окнах помощника, не во всей системе (например, если F5 нужна CRM в браузере)"),
    )
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help=translate("cli", "выйти сразу после первой отрисовки окна (проверка запуска, замеры)"),
    )
    parser.add_argument(
        "--data-dir",
        metavar=translate("cli", "ПАПКА"),
        help=translate("cli", "хранить все данные пользователя (настройки, фразы, журнал) в ПАПКЕ (или ${env})").format(
            env=DATA_DIR_ENV
        ),
    )
    parser.add_argument(
        "--log-level",
        metavar=translate("cli", "УРОВЕНЬ"),
        type=str.upper,
        choices=LOG_LEVELS,
        default="WARNING",
        help=translate("cli", "что писать в журнал работы окна: DEBUG, INFO, WARNING или ERROR (по умолчанию WARNING); "
                       "где он лежит — в README"),
    )
    parser.add_argument(
        "--lang",
        metavar=translate("cli", "ЯЗЫК"),
        help=translate("cli", "язык окна и сообщений: ru (по умолчанию) или en (иначе — language: из settings.yaml)"),
    )


SUBCOMMANDS = {
    "check-phrases": QT_TRANSLATE_NOOP("cli", "проверить файлы фраз: [ПУТЬ...] (по умолчанию — встроенные и свои фразы)"),
    "check-settings": QT_TRANSLATE_NOOP("cli", "проверить настройки администратора и свой settings.yaml: [--system ПАПКА]"),
    "stats": QT_TRANSLATE_NOOP("cli", "статистика звонков из журнала (текст, --json, --csv ФАЙЛ)"),
    "demo": QT_TRANSLATE_NOOP("cli", "сценарии обучения: --list или ИМЯ [--speed N] [--practice] [--autoclose]"),
    "dead-air": QT_TRANSLATE_NOOP("cli", "паузы в записи разговора: ПУТЬ.wav [--detector webrtc|silero] [--json]"),
    "speech-check": QT_TRANSLATE_NOOP("cli", "фразы стандарта и запрещённые слова в записи речи оператора: ФАЙЛ.wav [--json]"),
    "team-join": QT_TRANSLATE_NOOP("cli", "подключить этот компьютер к серверу команды: URL TOKEN"),
    "team-sync": QT_TRANSLATE_NOOP("cli", "отправить журнал на сервер команды сейчас"),
    "team-stats": QT_TRANSLATE_NOOP("cli", "статистика команды с сервера: --team NAME [--from --to] [--json|--csv FILE] [--by-version]"),
    "team-publish": QT_TRANSLATE_NOOP("cli", "опубликовать стандарт команды (руководитель): ПАПКА | --history | --rollback N"),
    "event": QT_TRANSLATE_NOOP("cli", "сообщить помощнику о звонке: call-ringing [--number N]|call-answered|hold|resume|call-ended [--call-id ID]"),
}


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:  # `operator-assist stats | head`: the reader left; no traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush stays quiet
        return 1


def choose_language(argv: list[str], data_dir: str | None) -> list[str]:
    """``--lang`` (anywhere on the line, a subcommand's too) or settings.yaml's ``language:``,
    before any word is printed; returns ``argv`` without ``--lang``.

    An unknown language is said on stderr, in Russian, and everything stays Russian.
    """
    language = None
    rest: list[str] = []
    words = iter(argv)
    for arg in words:
        if arg == "--lang":
            language = next(words, "")
        elif arg.startswith("--lang="):
            language = arg.partition("=")[2]
        else:
            rest.append(arg)
    if language is None:
        language = _settings_language(data_dir)
    warning = i18n.use(language)
    if warning:
        print(f"operator-assist: {warning}", file=sys.stderr)
    return rest


def _settings_language(data_dir: str | None) -> str | None:
    import os

    from ..paths import UserPaths

    paths = UserPaths.resolve(data_dir)
    system = paths.system_dir
    if not os.path.exists(paths.settings_file) and not (system and os.path.exists(system / "settings.yaml")):
        return None  # the usual case: nothing to read on the way to the window
    from ..core.policy import load_layered
    from ..core.yamlio import ParseCache

    settings, _problems = load_layered(system, paths.settings_file, ParseCache(paths.yaml_cache_file))
    return settings.language  # a broken file: the defaults' ru; the window lists its problems


def _data_dir_of(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--data-dir="):
            return arg.partition("=")[2]
    return None


def _run(argv: list[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    words = choose_language(words, _data_dir_of(words))
    parser = build_parser()
    # Options after a subcommand (its own --help too) are the subcommand's to parse.
    args, extra = parser.parse_known_args(words)
    if args.command in (None, "demo"):  # the windows: a log file and the exception hooks, first
        from .. import logs

        app_log = logs.setup(args.log_level, args.data_dir)
        line = " ".join(sys.argv[1:] if argv is None else argv)
        if "@" in line:  # an offer source's address may carry a password
            from ..core.redact import redact

            line = redact(line)
        logs.log.info("operator-assist %s starts: %s", __version__, line)
    if args.command is None:
        if extra:
            parser.error(translate("cli", "неизвестные аргументы: {args}").format(args=" ".join(extra)))
        return _run_window(args, app_log)
    command = _SUBCOMMAND_MAINS.get(args.command)
    if command is None:
        parser.error(translate("cli", "неизвестная команда {command}").format(command=args.command))
    return command()(extra + args.args, args.data_dir)


def _run_window(args: argparse.Namespace, app_log) -> int:
    from .. import startup

    startup.pause_collector()
    try:
        startup.check_pyside_from_bytes()  # before the app's own modules are imported
        from ..ui.app import run_gui

        return run_gui(
            args.role, args.data_dir, exit_after_startup=args.exit_after_startup, offer_spec=args.offer_source,
            global_keys=not args.no_global_keys, call_spec=args.call_source, audio_spec=args.audio, app_log=app_log,
        )  # fmt: skip
    finally:
        startup.resume_collector()


def _stats() -> SubcommandMain:
    from . import stats

    return stats.main


def _check_phrases() -> SubcommandMain:
    from . import check_phrases

    return check_phrases.main


def _event() -> SubcommandMain:
    from . import event

    return event.main


def _demo() -> SubcommandMain:
    from . import demo

    return demo.main


def _dead_air() -> SubcommandMain:
    from . import dead_air

    return dead_air.main


def _check_settings() -> SubcommandMain:
    from . import check_settings

    return check_settings.main


def _speech_check() -> SubcommandMain:
    from . import speech

    return speech.main


def _team_publish() -> SubcommandMain:
    from . import team_standard

    return team_standard.publish_main


def _team_join() -> SubcommandMain:
    from . import team

    return team.join_main


def _team_sync() -> SubcommandMain:
    from . import team

    return team.sync_main


def _team_stats() -> SubcommandMain:
    from . import team

    return team.stats_main


SubcommandMain = Callable[[list[str], "str | None"], int]
_SUBCOMMAND_MAINS: dict[str, Callable[[], SubcommandMain]] = {
    "stats": _stats, "check-phrases": _check_phrases, "check-settings": _check_settings, "event": _event,
    "demo": _demo, "dead-air": _dead_air, "speech-check": _speech_check, "team-publish": _team_publish,
    "team-join": _team_join, "team-sync": _team_sync, "team-stats": _team_stats,
}  # fmt: skip
"""Each subcommand's ``main(argv, data_dir)``, its module imported only when it runs."""


if __name__ == "__main__":
    sys.exit(main())

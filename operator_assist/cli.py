"""Command line: the GUI by default, plus headless subcommands."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .paths import DATA_DIR_ENV


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="operator-assist",
        description="Live assistant for call-centre operators: hold timer, phrases, offers.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--role", help="operator role: specialist or senior (or one from settings.yaml)")
    parser.add_argument(
        "--offer-source",
        metavar="SPEC",
        help="where offers come from: none, demo, file:PATH, http:URL or a plugin (default: settings.yaml, none)",
    )
    parser.add_argument(
        "--call-source",
        metavar="SPEC",
        help="where call events come from: manual, ami:HOST:PORT, baresip:HOST:PORT, inbox or a plugin (default: settings.yaml, manual)",
    )
    parser.add_argument(
        "--audio",
        metavar="SPEC",
        help="слушать разговор и замечать паузы: off, devices, file:ПУТЬ.wav (по умолчанию из settings.yaml, off)",
    )
    parser.add_argument(
        "--no-global-keys",
        action="store_true",
        help="F5–F8 only in the assistant's windows, not system-wide (e.g. a browser CRM needs F5)",
    )
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="quit right after the main window's first paint (smoke test, benchmarks)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep all user data (settings, phrases, journal) in DIR (also ${DATA_DIR_ENV})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in SUBCOMMANDS.items():
        # Each subcommand parses its own options (and --help) in its own module.
        sub = commands.add_parser(name, help=text, add_help=False)
        sub.add_argument("args", nargs=argparse.REMAINDER)
    return parser


SUBCOMMANDS = {
    "check-phrases": "validate phrase files: [PATH...] (default: bundled + user phrases)",
    "stats": "call statistics from the journal (text, --json, --csv FILE)",
    "demo": "training scenarios: --list, or play NAME [--speed N] [--practice] [--autoclose]",
    "dead-air": "паузы в записи разговора: PATH.wav [--detector webrtc|silero] [--json]",
    "team-join": "подключить этот компьютер к серверу команды: URL TOKEN",
    "team-sync": "отправить журнал на сервер команды сейчас",
    "team-stats": "статистика команды с сервера: --team NAME [--from --to] [--json|--csv FILE]",
    "event": "сообщить помощнику о звонке: call-answered|hold|resume|call-ended [--call-id ID]",
}

_TEAM = {"team-join": "join_main", "team-sync": "sync_main", "team-stats": "stats_main"}


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:  # `operator-assist stats | head`: the reader left; no traceback
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush stays quiet
        return 1


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    # Options after a subcommand (its own --help too) are the subcommand's to parse.
    args, extra = parser.parse_known_args(argv)
    if args.command is None:
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        from .ui.app import run_gui

        return run_gui(
            args.role, args.data_dir, exit_after_startup=args.exit_after_startup, offer_spec=args.offer_source,
            global_keys=not args.no_global_keys, call_spec=args.call_source, audio_spec=args.audio,
        )  # fmt: skip
    if args.command == "stats":
        from . import stats_cli

        return stats_cli.main(extra + args.args, args.data_dir)
    if args.command == "check-phrases":
        from . import check_phrases

        return check_phrases.main(extra + args.args, args.data_dir)
    if args.command == "event":
        from . import event_cli

        return event_cli.main(extra + args.args, args.data_dir)
    if args.command == "demo":
        from . import demo_cli

        return demo_cli.main(extra + args.args, args.data_dir)
    if args.command == "dead-air":
        from . import dead_air_cli

        return dead_air_cli.main(extra + args.args, args.data_dir)
    if args.command in _TEAM:
        from . import team_cli

        return getattr(team_cli, _TEAM[args.command])(extra + args.args, args.data_dir)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())

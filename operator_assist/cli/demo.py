"""``operator-assist demo``: list and play the training scenarios.

    operator-assist demo --list
    operator-assist demo NAME [--speed N] [--practice] [--autoclose]
"""

from __future__ import annotations

import sys

from ..core.scenario_files import load_all
from ..i18n import translate
from ..paths import UserPaths
from .parser import Parser


def build_parser() -> Parser:
    parser = Parser(prog="operator-assist demo", description=translate("cli", "Демонстрация и практика по сценариям."))
    parser.add_argument("name", nargs="?", help=translate("cli", "сценарий (имя файла без .yaml)"))
    parser.add_argument("--list", action="store_true", help=translate("cli", "показать сценарии"))
    parser.add_argument("--speed", type=float, default=1.0, help=translate("cli", "ускорение времени: 1, 5, 10, 30…"))
    parser.add_argument("--practice", action="store_true", help=translate("cli", "практика: оператора играет стажёр"))
    parser.add_argument("--autoclose", action="store_true", help=translate("cli", "закрыться, когда сценарий окончен"))
    parser.add_argument("--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных пользователя"))
    return parser


def main(argv: list[str], data_dir: str | None) -> int:
    args = build_parser().parse_args(argv)
    paths = UserPaths.resolve(args.data_dir or data_dir)
    scenarios, problems = load_all(paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.list or not args.name:
        for scenario in sorted(scenarios.values(), key=lambda s: s.id):
            print(f"{scenario.id:28} {scenario.title}  [{scenario.role}]")
            if scenario.description:
                print(f"{'':28} {scenario.description}")
        return 0 if args.list or scenarios else 1
    if args.speed <= 0:
        print(translate("cli", "operator-assist demo: --speed должно быть больше нуля"), file=sys.stderr)
        return 2
    chosen = scenarios.get(args.name)
    if chosen is None:
        print(
            translate("cli", "operator-assist demo: нет сценария {name!r} (есть: {known})").format(
                name=args.name, known=", ".join(sorted(scenarios))
            ),
            file=sys.stderr,
        )
        return 2
    from ..ui.app import run_demo

    return run_demo(chosen, paths, speed=args.speed, practice=args.practice, autoclose=args.autoclose)

"""Command line: the GUI by default, plus headless subcommands."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .paths import DATA_DIR_ENV


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"keep all user data (settings, phrases, journal) in DIR (also ${DATA_DIR_ENV})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="operator-assist",
        description="Live assistant for call-centre operators: hold timer, phrases, offers.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--role", help="operator role: specialist or senior (or one from settings.yaml)")
    parser.add_argument(
        "--exit-after-startup",
        action="store_true",
        help="quit right after the main window's first paint (smoke test, benchmarks)",
    )
    _common(parser, suppress=False)
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .ui.app import run_gui

        return run_gui(args.role, args.data_dir, exit_after_startup=args.exit_after_startup)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())

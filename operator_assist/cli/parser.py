"""The command line's parser: argparse, with its own words said in the language in use.

Through argparse's public ways only: a help formatter that writes the usage line's prefix, our own
``-h`` and our own headings (argument groups), and :meth:`Parser.error`, which says argparse's
messages in our words. The words are in ``operator_assist/messages.py`` (``cli.argparse.*``); a
message argparse words differently in another Python is shown as argparse wrote it.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from ..messages import say

_ERRORS = (
    ("argument %(argument_name)s: %(message)s", "cli.argparse.argument"),
    ("unrecognized arguments: %(args)s", "cli.argparse.unrecognized"),
    ("the following arguments are required: %(args)s", "cli.argparse.required"),
    ("invalid choice: %(value)r (choose from %(choices)s)", "cli.argparse.invalid_choice"),
    ("invalid %(type)s value: %(value)r", "cli.argparse.invalid_value"),
    ("expected one argument", "cli.argparse.expected_one"),
    ("expected at most one argument", "cli.argparse.expected_at_most_one"),
    ("expected at least one argument", "cli.argparse.expected_at_least_one"),
    ("expected %(count)s arguments", "cli.argparse.expected_count"),
    ("expected %(count)s argument", "cli.argparse.expected_count"),
    ("ambiguous option: %(option)s could match %(matches)s", "cli.argparse.ambiguous"),
    ("not allowed with argument %(other)s", "cli.argparse.not_allowed_with"),
    ("one of the arguments %(args)s is required", "cli.argparse.one_required"),
    ("ignored explicit argument %(value)r", "cli.argparse.ignored_value"),
)
"""argparse's messages (as it writes them, with named fields) → our message codes."""


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)[sr]", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compiled when an error is said: never on the way to the window."""
    return tuple((_pattern(template), code) for template, code in _ERRORS)


def said(message: str) -> str:
    """One of argparse's messages in our words (as written when it is not one we know)."""
    for pattern, code in _patterns():
        match = pattern.match(message)
        if match is not None:
            fields = match.groupdict()
            if "message" in fields:
                fields["message"] = said(fields["message"])
            return say(code, **fields)
    return message


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, say("cli.argparse.usage") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, headings, ``-h`` and errors are in our words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False  # ours, in our words
        super().__init__(*args, **kwargs)
        self.positional_group = self.add_argument_group(say("cli.argparse.positionals"))
        self.option_group = self.add_argument_group(say("cli.argparse.options"))
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=say("cli.argparse.help"))

    def add_argument(self, *names: Any, **kwargs: Any) -> argparse.Action:
        optional = bool(names) and str(names[0])[:1] in self.prefix_chars
        return (self.option_group if optional else self.positional_group).add_argument(*names, **kwargs)

    def add_mutually_exclusive_group(self, **kwargs: Any) -> Any:
        return self.option_group.add_mutually_exclusive_group(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, say("cli.argparse.error", prog=self.prog, message=said(message)) + "\n")


def with_data_dir(parser: Parser) -> Parser:
    """The ``--data-dir`` option of the commands that read the user's data folder."""
    from ..i18n import translate

    parser.add_argument("--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных пользователя"))
    return parser


def data_dir_of(args: argparse.Namespace, data_dir: str | None) -> Path:
    """The data folder: ``--data-dir``, else the one the caller was given, else the user's."""
    from ..paths import UserPaths

    return UserPaths.resolve(getattr(args, "data_dir", None) or data_dir).data_dir

"""``operator-assist event KIND``: tell the running assistant what the telephony did.

For softphones that run a command on call events (MicroSIP's ``cmdCallAnswer``,
``cmdCallEnd``…), CRM scripts and the like. Reads ``inbox.json`` from the data
dir (written by the running app with ``telephony.source: inbox``) and posts the
event to it. Exit 0: accepted; 1: the app is not running (or not with the inbox);
2: the inbox refused the event.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request

from ..i18n import translate
from ..paths import UserPaths
from .parser import Parser

KINDS = {
    "call-ringing": "call_ringing",
    "call-answered": "call_answered",
    "hold": "hold_started",
    "resume": "hold_ended",
    "call-ended": "call_ended",
}


def build_parser() -> Parser:
    parser = Parser(
        prog="operator-assist event",
        description=translate("cli", "Сообщить работающему помощнику о событии звонка (источник звонков inbox)."),
    )
    parser.add_argument("kind", choices=list(KINDS), help=translate("cli", "что произошло"))
    parser.add_argument("number", nargs="?", help=translate("cli", "номер от софтфона (не передаётся и не записывается)"))
    parser.add_argument("--call-id", default="", metavar="ID", help=translate("cli", "идентификатор звонка (по умолчанию — текущий)"))
    parser.add_argument(
        "--by", choices=("agent", "peer"), default="agent",
        help=translate("cli", "кто поставил на удержание: agent (оператор) или peer (клиент)"),
    )  # fmt: skip
    parser.add_argument("--agent", default="", metavar="EXT", help=translate("cli", "добавочный оператора"))
    parser.add_argument(
        "--data-dir", metavar=translate("cli", "ПАПКА"), help=translate("cli", "папка данных помощника (где лежит inbox.json)")
    )
    parser.add_argument("--timeout", type=float, default=3.0, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str], data_dir: str | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = UserPaths.resolve(args.data_dir or data_dir)
    inbox = paths.data_dir / "inbox.json"
    try:
        info = json.loads(inbox.read_text(encoding="utf-8"))
        url, token = str(info["url"]), str(info["token"])
    except FileNotFoundError:
        print(translate("cli", "operator-assist event: помощник не запущен с источником звонков inbox (нет {path})").format(path=inbox), file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(translate("cli", "operator-assist event: не прочитать {path}: {error}").format(path=inbox, error=exc), file=sys.stderr)
        return 1
    body = {"kind": KINDS[args.kind], "call_id": args.call_id, "by": args.by}
    if args.agent:
        body["agent"] = args.agent
    request = urllib.request.Request(
        url.rstrip("/") + "/v1/events",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    try:
        with opener.open(request, timeout=args.timeout) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read(65536).decode("utf-8")).get("message", "")
        except (ValueError, AttributeError, OSError):
            message = ""
        said = translate("cli", "operator-assist event: помощник отклонил событие (HTTP {code}) {message}")
        print(said.format(code=exc.code, message=message).rstrip(), file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        print(translate("cli", "operator-assist event: помощник не отвечает ({reason}); он запущен?").format(reason=reason), file=sys.stderr)
        return 1
    return 0

"""``operator-assist event KIND``: tell the running assistant what the telephony did.

For softphones that run a command on call events (MicroSIP's ``cmdIncomingCall``,
``cmdCallAnswer``, ``cmdCallEnd``…), CRM scripts and the like. Reads ``inbox.json`` from the
data dir (written by the running app with ``telephony.source: inbox``) and posts the event to
it, then waits for the window's verdict. ``call-ringing`` shows the caller's number (the
positional argument MicroSIP passes, or ``--number``): on screen only, never stored.

Exit 0: applied; 1: not applied — the app is not running (or not with the inbox), did not take
the event in time (stopped, busy: it will not apply it later either); 2: refused — a bad event,
or one the call's state does not allow (the window's own reason, such as a hold with no call).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
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
    parser.add_argument(
        "number", nargs="?",
        help=translate("cli", "номер от софтфона: для call-ringing показывается на экране (не записывается), для других событий не передаётся"),
    )  # fmt: skip
    parser.add_argument("--number", dest="ringing_number", metavar="N", help=translate("cli", "номер звонящего для call-ringing"))
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
    number = args.ringing_number or args.number
    if args.kind == "call-ringing" and number:
        body["number"] = number
    request = urllib.request.Request(
        url.rstrip("/") + "/v1/events",
        data=json.dumps(body).encode("utf-8"),
        headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {token}",
            # Past this the event is never applied: what this command says stays true.
            "X-Operator-Assist-Deadline": f"{time.time() + args.timeout:.3f}",
        },
        method="POST",
    )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    try:
        with opener.open(request, timeout=args.timeout) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read(65536).decode("utf-8")).get("message", "")
        except (ValueError, AttributeError, OSError):
            message = ""
        if exc.code == 409:  # the call's state does not allow it: the window's own reason
            print(translate("cli", "operator-assist event: {message}").format(message=message), file=sys.stderr)
            return 2
        if exc.code in (408, 503):  # not taken in time: never applied
            print(translate("cli", "operator-assist event: {message}").format(message=message), file=sys.stderr)
            return 1
        said = translate("cli", "operator-assist event: помощник отклонил событие (HTTP {code}) {message}")
        print(said.format(code=exc.code, message=message).rstrip(), file=sys.stderr)
        return 2
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return _late(args.timeout)
        return _not_responding(exc.reason)
    except TimeoutError:
        return _late(args.timeout)
    except OSError as exc:
        return _not_responding(exc)
    return 0


def _late(seconds: float) -> int:
    said = translate("cli", "operator-assist event: помощник не ответил за {seconds:g} с (остановлен или занят): событие не применено")
    print(said.format(seconds=seconds), file=sys.stderr)
    return 1


def _not_responding(reason: object) -> int:
    print(translate("cli", "operator-assist event: помощник не отвечает ({reason}); он запущен?").format(reason=reason), file=sys.stderr)
    return 1

"""``operator-assist-server``: run the team server, enrol operators and wallboards.

    operator-assist-server serve [--listen 127.0.0.1:8470] [--url PUBLIC_URL]
    operator-assist-server add-operator LOGIN --team NAME [--lead] [--tz Europe/Moscow]
    operator-assist-server revoke-operator LOGIN
    operator-assist-server add-wall --team NAME [--url PUBLIC_URL]
    operator-assist-server revoke-wall --team NAME
    operator-assist-server migrate

Every command takes ``--db URL`` (or $OPERATOR_ASSIST_DB) for an existing PostgreSQL; without
it the embedded PostgreSQL in ``--data-dir`` (default: the user data folder) is used, started
when needed (embedded.py).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

DB_ENV = "OPERATOR_ASSIST_DB"
DATA_DIR_ENV = "OPERATOR_ASSIST_SERVER_DIR"
KEEP_ALIVE_S = 30
"""An idle desk's connection stays open this long: longer than its heartbeat (10 s), so reports reuse it."""
SERVER_FILE = "server.json"
"""In the data folder: the address ``serve`` was started with, for add-wall's URL."""


def default_data_dir() -> Path:
    import platformdirs

    return Path(os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir("operator-assist-server", appauthor=False))


def build_parser() -> argparse.ArgumentParser:
    from ...cli.parser import Parser  # argparse's own words («usage», «options», -h) in Russian, as the desk's CLI

    parser = Parser(prog="operator-assist-server", description="Сервер статистики команды.")
    commands = parser.add_subparsers(dest="command", metavar="КОМАНДА", required=True, title="команды")

    def with_db(sub):
        sub.add_argument("--db", default=os.environ.get(DB_ENV),
                         help=f"строка подключения PostgreSQL (или ${DB_ENV}); без неё — встроенный PostgreSQL в --data-dir")  # fmt: skip
        sub.add_argument("--data-dir", type=Path, default=None,
                         help=f"папка сервера и встроенной базы (по умолчанию папка данных пользователя, или ${DATA_DIR_ENV})")  # fmt: skip
        return sub

    serve = with_db(commands.add_parser("serve", help="запустить сервер (миграции применяются при старте)"))
    serve.add_argument("--listen", default="127.0.0.1:8470", metavar="HOST:PORT", help="адрес (по умолчанию 127.0.0.1:8470)")
    serve.add_argument("--url", help="адрес сервера для людей, если он за прокси (https://stats.example); его печатает add-wall")
    serve.add_argument("--forwarded-allow-ips", default=None, metavar="IPS",
                       help="адреса прокси, чьим X-Forwarded-For верить (для ограничения неверных токенов по адресу)")  # fmt: skip
    add = with_db(commands.add_parser("add-operator", help="выдать оператору токен (последняя строка вывода)"))
    add.add_argument("login")
    add.add_argument("--team", required=True, help="команда (создаётся при первом упоминании)")
    add.add_argument("--lead", action="store_true", help="руководитель: может смотреть статистику команды")
    add.add_argument("--tz", default=None, help="часовой пояс новой команды (по умолчанию Europe/Moscow)")
    revoke = with_db(commands.add_parser("revoke-operator", help="отозвать все токены оператора"))
    revoke.add_argument("login")
    wall = with_db(commands.add_parser("add-wall", help="табло команды только для просмотра: адрес с токеном (последняя строка)"))
    wall.add_argument("--team", required=True, help="команда (уже есть на сервере)")
    wall.add_argument("--url", help="адрес сервера для браузера (по умолчанию тот, с которым запущен serve)")
    unwall = with_db(commands.add_parser("revoke-wall", help="отозвать все токены табло команды"))
    unwall.add_argument("--team", required=True)
    with_db(commands.add_parser("migrate", help="только применить миграции"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import psycopg

    from . import db
    from .embedded import EmbeddedError, EmbeddedPostgres

    data_dir = (args.data_dir or default_data_dir()).expanduser()
    with ExitStack() as stack:
        try:
            conninfo = args.db
            if not conninfo:
                conninfo = stack.enter_context(EmbeddedPostgres(data_dir)).url
            applied = db.migrate(conninfo)  # every command: a fresh or older database is brought up to date
            if applied:
                print("Применены миграции: " + ", ".join(applied), flush=True)
            if args.command == "migrate":
                return 0
            if args.command == "serve":
                return _serve(conninfo, args, data_dir)
            if args.command == "add-operator":
                token = db.add_operator(conninfo, args.login, args.team, lead=args.lead, tz=args.tz)
                role = "руководитель" if args.lead else "оператор"
                print(f"{role} {args.login}, команда «{args.team}». Токен (покажется один раз):")
                print(token)
                return 0
            if args.command == "revoke-operator":
                count = db.revoke_operator(conninfo, args.login)
                print(f"Отозвано токенов: {count}")
                return 0 if count else 1
            if args.command == "add-wall":
                token = db.add_wall(conninfo, args.team)
                print(f"Табло команды «{args.team}» (только просмотр). Адрес с токеном (покажется один раз):")
                print(wall_url(args.url or _served_url(data_dir), args.team, token))
                return 0
            if args.command == "revoke-wall":
                count = db.revoke_walls(conninfo, args.team)
                print(f"Отозвано токенов табло: {count}")
                return 0 if count else 1
        except db.ServerError as exc:
            print(f"Ошибка: {exc}", file=sys.stderr)
            return 2
        except EmbeddedError as exc:
            print(f"Ошибка: {exc}", file=sys.stderr)
            return 1
        except psycopg.Error as exc:
            print(f"Ошибка базы данных: {exc}", file=sys.stderr)
            return 1
    return 2


def wall_url(base: str, team: str, token: str) -> str:
    """The board's full address; the token rides in the #fragment, which browsers never send."""
    return f"{base.rstrip('/')}/wall/{urllib.parse.quote(team, safe='')}#{token}"


def _served_url(data_dir: Path) -> str:
    try:
        return str(json.loads((data_dir / SERVER_FILE).read_text(encoding="utf-8"))["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return "http://127.0.0.1:8470"


def _serve(conninfo: str, args, data_dir: Path) -> int:
    import uvicorn

    from .app import create_app

    host, _, port = args.listen.rpartition(":")
    if not host or not port.isdigit():
        print(f"Ошибка: --listen должен быть HOST:PORT, а не «{args.listen}».", file=sys.stderr)
        return 2
    shown_host = host if host not in ("0.0.0.0", "::", "[::]") else "127.0.0.1"
    url = args.url or f"http://{shown_host}:{port}"
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        (data_dir / SERVER_FILE).write_text(json.dumps({"url": url}), encoding="utf-8")
    except OSError as exc:
        print(f"Предупреждение: не записать {data_dir / SERVER_FILE}: {exc}", file=sys.stderr)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    print(f"Сервер статистики: {url}", flush=True)
    proxy = {"proxy_headers": True, "forwarded_allow_ips": args.forwarded_allow_ips} if args.forwarded_allow_ips else {}

    def stopped(signum, frame):
        raise _Stopped

    # uvicorn stops gracefully on SIGTERM/SIGINT, then raises the signal again to whatever handled it
    # before: ours, so that the embedded database is stopped after it (main's ExitStack), not left behind.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stopped)
    try:
        uvicorn.run(create_app(conninfo), host=host.strip("[]"), port=int(port), log_level="warning",
                    access_log=False, timeout_graceful_shutdown=3,
                    timeout_keep_alive=KEEP_ALIVE_S, **proxy)  # fmt: skip
    except _Stopped:
        pass
    print("Сервер остановлен.", flush=True)
    return 0


class _Stopped(Exception):
    """SIGTERM or SIGINT after uvicorn's graceful shutdown."""


if __name__ == "__main__":
    sys.exit(main())

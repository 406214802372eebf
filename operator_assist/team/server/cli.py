"""``operator-assist-server``: run the team server, enrol operators.

    operator-assist-server serve --db URL [--listen 127.0.0.1:8470]
    operator-assist-server add-operator LOGIN --team NAME [--lead] [--tz Europe/Moscow] --db URL
    operator-assist-server revoke-operator LOGIN --db URL
    operator-assist-server migrate --db URL

``--db`` defaults to $OPERATOR_ASSIST_DB.
"""

from __future__ import annotations

import argparse
import os
import sys

DB_ENV = "OPERATOR_ASSIST_DB"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="operator-assist-server", description="Сервер статистики команды.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def with_db(sub):
        sub.add_argument("--db", default=os.environ.get(DB_ENV), help=f"строка подключения PostgreSQL (или ${DB_ENV})")
        return sub

    serve = with_db(commands.add_parser("serve", help="запустить сервер (миграции применяются при старте)"))
    serve.add_argument("--listen", default="127.0.0.1:8470", metavar="HOST:PORT", help="адрес (по умолчанию 127.0.0.1:8470)")
    add = with_db(commands.add_parser("add-operator", help="выдать оператору токен (последняя строка вывода)"))
    add.add_argument("login")
    add.add_argument("--team", required=True, help="команда (создаётся при первом упоминании)")
    add.add_argument("--lead", action="store_true", help="руководитель: может смотреть статистику команды")
    add.add_argument("--tz", default=None, help="часовой пояс новой команды (по умолчанию Europe/Moscow)")
    revoke = with_db(commands.add_parser("revoke-operator", help="отозвать все токены оператора"))
    revoke.add_argument("login")
    with_db(commands.add_parser("migrate", help="только применить миграции"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.db:
        print(f"Ошибка: укажите --db или ${DB_ENV}.", file=sys.stderr)
        return 2
    import psycopg

    from . import db

    try:
        if args.command in ("serve", "migrate"):
            applied = db.migrate(args.db)
            if applied:
                print("Применены миграции: " + ", ".join(applied), flush=True)
            if args.command == "migrate":
                return 0
            return _serve(args.db, args.listen)
        if args.command == "add-operator":
            token = db.add_operator(args.db, args.login, args.team, lead=args.lead, tz=args.tz)
            role = "руководитель" if args.lead else "оператор"
            print(f"{role} {args.login}, команда «{args.team}». Токен (покажется один раз):")
            print(token)
            return 0
        if args.command == "revoke-operator":
            count = db.revoke_operator(args.db, args.login)
            print(f"Отозвано токенов: {count}")
            return 0 if count else 1
    except db.ServerError as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 2
    except psycopg.Error as exc:
        print(f"Ошибка базы данных: {exc}", file=sys.stderr)
        return 1
    return 2


def _serve(conninfo: str, listen: str) -> int:
    import uvicorn

    from .app import create_app

    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit():
        print(f"Ошибка: --listen должен быть HOST:PORT, а не «{listen}».", file=sys.stderr)
        return 2
    print(f"Сервер статистики: http://{host}:{port}", flush=True)
    uvicorn.run(create_app(conninfo), host=host.strip("[]"), port=int(port), log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

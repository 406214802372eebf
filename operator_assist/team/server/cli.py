"""``operator-assist-server``: run the team server, enrol operators and wallboards.

    operator-assist-server serve [--listen 127.0.0.1:8470] [--url PUBLIC_URL]
                                 [--ami HOST:PORT --ami-user USER [--ami-secret-file FILE] [--extensions FILE]]
    operator-assist-server add-operator LOGIN --team NAME [--lead] [--tz Europe/Moscow] [--extension 2001]
    operator-assist-server set-extension LOGIN [EXTENSION]
    operator-assist-server revoke-operator LOGIN
    operator-assist-server add-wall --team NAME [--url PUBLIC_URL]
    operator-assist-server revoke-wall --team NAME
    operator-assist-server publish DIR --team NAME [--by NAME]
    operator-assist-server history --team NAME
    operator-assist-server rollback N --team NAME [--by NAME]
    operator-assist-server migrate

With ``--ami`` the server holds the PBX's one AMI connection and sends each operator's call events
to that operator's desk (telephony.py); the secret comes from $OPERATOR_ASSIST_AMI_SECRET or a
file only its owner may read (``--ami-secret-file``, mode 0600), never from the command line.

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
import stat
import sys
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

DB_ENV = "OPERATOR_ASSIST_DB"
DATA_DIR_ENV = "OPERATOR_ASSIST_SERVER_DIR"
KEEP_ALIVE_S = 30
"""An idle desk's connection stays open this long: longer than its heartbeat (10 s), so reports reuse it."""
AMI_SECRET_ENV = "OPERATOR_ASSIST_AMI_SECRET"
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
    serve.add_argument("--ami", metavar="HOST:PORT", help="AMI АТС (Asterisk): сервер сам следит за звонками и шлёт их операторам")
    serve.add_argument("--ami-user", metavar="USER", help="пользователь AMI (manager.conf)")
    serve.add_argument("--ami-secret-file", type=Path, metavar="FILE",
                       help=f"файл с паролем AMI, права 600 (или переменная ${AMI_SECRET_ENV})")  # fmt: skip
    serve.add_argument("--extensions", type=Path, metavar="FILE",
                       help="файл «логин добавочный» по строке (поверх add-operator --extension)")  # fmt: skip
    add = with_db(commands.add_parser("add-operator", help="выдать оператору токен (последняя строка вывода)"))
    add.add_argument("login")
    add.add_argument("--team", required=True, help="команда (создаётся при первом упоминании)")
    add.add_argument("--lead", action="store_true", help="руководитель: может смотреть статистику команды")
    add.add_argument("--tz", default=None, help="часовой пояс новой команды (по умолчанию Europe/Moscow)")
    add.add_argument("--extension", default=None, help="добавочный оператора на АТС (для serve --ami)")
    extension = with_db(commands.add_parser("set-extension", help="добавочный оператора на АТС (без него — убрать), токен прежний"))
    extension.add_argument("login")
    extension.add_argument("extension", nargs="?", default=None)
    revoke = with_db(commands.add_parser("revoke-operator", help="отозвать все токены оператора"))
    revoke.add_argument("login")
    wall = with_db(commands.add_parser("add-wall", help="табло команды только для просмотра: адрес с токеном (последняя строка)"))
    wall.add_argument("--team", required=True, help="команда (уже есть на сервере)")
    wall.add_argument("--url", help="адрес сервера для браузера (по умолчанию тот, с которым запущен serve)")
    unwall = with_db(commands.add_parser("revoke-wall", help="отозвать все токены табло команды"))
    unwall.add_argument("--team", required=True)
    publish = with_db(commands.add_parser("publish", help="опубликовать стандарт команды из папки (как standard/: phrases/, roles.yaml, …)"))
    publish.add_argument("folder", type=Path, metavar="DIR")
    publish.add_argument("--team", required=True, help="команда (уже есть на сервере)")
    publish.add_argument("--by", help="кто публикует (в истории; по умолчанию server:<пользователь>)")
    history = with_db(commands.add_parser("history", help="версии стандарта команды: кто и когда опубликовал"))
    history.add_argument("--team", required=True)
    back = with_db(commands.add_parser("rollback", help="опубликовать прежнюю версию стандарта заново, новой версией"))
    back.add_argument("version", type=int, metavar="N")
    back.add_argument("--team", required=True)
    back.add_argument("--by", help="кто публикует (в истории; по умолчанию server:<пользователь>)")
    with_db(commands.add_parser("migrate", help="только применить миграции"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import psycopg

    from . import db
    from .embedded import EmbeddedError, EmbeddedPostgres

    data_dir = (args.data_dir or default_data_dir()).expanduser()
    secret = os.environ.pop(AMI_SECRET_ENV, "")  # no child (the embedded database) inherits it
    try:  # before anything starts
        ami = read_ami_options(args, secret) if args.command == "serve" else None
        extension = check_extension_option(args)
    except ValueError as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 2
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
                return _serve(conninfo, args, data_dir, ami)
            if args.command in ("publish", "history", "rollback"):
                return _standard(conninfo, args)
            return _enrolment(conninfo, args, data_dir, extension)
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


def _standard(conninfo: str, args) -> int:
    """publish, history, rollback: the team's standard (standard.py); problems go to stderr, file:line each."""
    import getpass
    from datetime import datetime

    from .standard import Refused, history, publish, rollback

    by = args.by if getattr(args, "by", None) else f"server:{getpass.getuser()}"
    try:
        if args.command == "history":
            rows = history(conninfo, args.team)
            if not rows:
                print(f"Стандарт команды «{args.team}» ещё не публиковался.")
            for row in rows:
                when = datetime.fromtimestamp(row["published"]).strftime("%d.%m.%Y %H:%M")
                again = f" (повтор версии {row['rollback_of']})" if row["rollback_of"] else ""
                print(f"версия {row['version']}: {when}, {row['published_by']}, файлов {row['files']}{again}")
            return 0
        if args.command == "publish":
            from ...core.standard import check_names, read_folder

            files, problems = read_folder(args.folder)
            problems += [p for p in check_names(files) if p.is_error]  # the bytes: not UTF-8, not plain text
            for problem in problems:
                print(problem, file=sys.stderr)
            if any(p.is_error for p in problems):
                print(f"Стандарт не опубликован: ошибок — {sum(p.is_error for p in problems)}.", file=sys.stderr)
                return 1
            texts = {name: raw.decode("utf-8") for name, raw in files.items()}
            done = publish(conninfo, args.team, texts, by)
        else:
            done = rollback(conninfo, args.team, args.version, by)
    except Refused as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return 1
    for line in done["warnings"]:
        print(line, file=sys.stderr)
    again = f" (файлы версии {args.version})" if args.command == "rollback" else ""
    print(f"Стандарт команды «{args.team}»: опубликована версия {done['version']}{again}.")
    return 0


def _enrolment(conninfo: str, args: argparse.Namespace, data_dir: Path, extension: str | None) -> int:
    """add-operator, set-extension, revoke-operator, add-wall, revoke-wall (their errors: the caller's)."""
    from . import db

    if args.command == "add-operator":
        token = db.add_operator(conninfo, args.login, args.team, lead=args.lead, tz=args.tz, extension=extension)
        role = "руководитель" if args.lead else "оператор"
        on_pbx = f", добавочный {extension}" if extension else ""
        print(f"{role} {args.login}, команда «{args.team}»{on_pbx}. Токен (покажется один раз):")
        print(token)
        return 0
    if args.command == "set-extension":
        db.set_extension(conninfo, args.login, extension)
        print(f"оператор {args.login}: " + (f"добавочный {extension}" if extension else "без добавочного"))
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
    return 2


def read_ami_options(args, secret: str = "") -> tuple[str, int, str, str] | None:
    """``--ami``'s (host, port, user, secret), or None without it; ValueError (Russian) for what is wrong.
    ``secret``: $OPERATOR_ASSIST_AMI_SECRET's value (a ``--ami-secret-file`` goes before it)."""
    if args.ami is None:
        if args.ami_user or args.ami_secret_file or args.extensions:
            raise ValueError("--ami-user, --ami-secret-file и --extensions нужны только вместе с --ami ХОСТ:ПОРТ")
        return None
    host, _, port = args.ami.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--ami должен быть ХОСТ:ПОРТ (например 127.0.0.1:5038), а не «{args.ami}»")
    if not args.ami_user:
        raise ValueError("для --ami нужен --ami-user: пользователь AMI из manager.conf")
    if args.ami_secret_file is not None:
        secret = read_secret_file(args.ami_secret_file)
    if not secret:
        raise ValueError(f"для --ami нужен пароль пользователя AMI: переменная {AMI_SECRET_ENV} или --ami-secret-file ФАЙЛ (права 600)")
    if args.extensions is not None:
        from .telephony import read_extensions_file

        read_extensions_file(args.extensions)  # its mistakes now, with file:line (ExtensionsFileError is a ValueError)
    return host.strip("[]"), int(port), args.ami_user, secret


def read_secret_file(path: Path) -> str:
    """The secret's first line, from a regular file only its owner may read or write (mode 0600 or 0400)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise ValueError(f"файл с паролем AMI {path} не открывается: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path} — не обычный файл")
        if info.st_mode & 0o077:
            raise ValueError(f"файл с паролем AMI {path} открыт не только владельцу (права {stat.S_IMODE(info.st_mode):04o}); "
                             f"выполните: chmod 600 {path}")  # fmt: skip
        data = file.read(4096)
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise ValueError(f"файл с паролем AMI {path}: не текст UTF-8") from None
    return lines[0].strip() if lines else ""


def check_extension_option(args) -> str | None:
    extension = getattr(args, "extension", None)
    if extension is None:
        return None
    from .telephony import check_extension

    return check_extension(extension.strip())


def wall_url(base: str, team: str, token: str) -> str:
    """The board's full address; the token rides in the #fragment, which browsers never send."""
    return f"{base.rstrip('/')}/wall/{urllib.parse.quote(team, safe='')}#{token}"


def _served_url(data_dir: Path) -> str:
    try:
        return str(json.loads((data_dir / SERVER_FILE).read_text(encoding="utf-8"))["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return "http://127.0.0.1:8470"


def _serve(conninfo: str, args, data_dir: Path, ami: tuple[str, int, str, str] | None = None) -> int:
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
    if ami is not None:
        print(f"АТС: AMI {ami[0]}:{ami[1]}, пользователь {ami[2]}", flush=True)
    proxy = {"proxy_headers": True, "forwarded_allow_ips": args.forwarded_allow_ips} if args.forwarded_allow_ips else {}

    def stopped(signum, frame):
        raise _Stopped

    # uvicorn stops gracefully on SIGTERM/SIGINT, then raises the signal again to whatever handled it
    # before: ours, so that the embedded database is stopped after it (main's ExitStack), not left behind.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stopped)
    try:
        uvicorn.run(create_app(conninfo, ami=ami, extensions_file=args.extensions), host=host.strip("[]"), port=int(port), log_level="warning",
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

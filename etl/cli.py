"""The command line: `python -m etl init|export …`.

Exit status: 0 done, 1 failed, 2 wrong usage, 3 database busy (the app holds it). Messages are in
Vietnamese; the busy message also in English, since it is what an operator meets most.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from cchc import db, exports, queries
from cchc.config import DB_ENV_VAR, default_db_path
from etl.setup import initialise

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="Công cụ dữ liệu của bảng điều khiển CCHC tỉnh Hà Tĩnh (CCHC dashboard data tool).",
    )
    db_help = f"tệp cơ sở dữ liệu DuckDB (mặc định: biến môi trường {DB_ENV_VAR} hoặc data/cchc.duckdb)"
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    init = commands.add_parser("init", help="tạo hoặc cập nhật cơ sở dữ liệu và nạp danh mục (chạy lại an toàn)")
    init.add_argument("--db", type=Path, help=db_help)
    init.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký (mặc định: tài khoản hệ điều hành)")

    export = commands.add_parser("export", help="xuất một bảng ra CSV (mặc định, ra màn hình) hoặc Excel")
    export.add_argument("table", choices=sorted(queries.EXPORTS), metavar="BẢNG", help=", ".join(sorted(queries.EXPORTS)))
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="định dạng: csv hoặc xlsx")
    export.add_argument("-o", "--output", type=Path, help="tệp kết quả (bắt buộc với xlsx; CSV mặc định ra màn hình)")
    export.add_argument("--db", type=Path, help=db_help)
    return parser


def _actor(explicit: str | None) -> str:
    if explicit:
        return explicit
    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _init(args: argparse.Namespace) -> int:
    path = args.db or default_db_path()
    existed = path.exists()
    conn = db.connect(path)
    try:
        report = initialise(conn, _actor(args.actor))
    finally:
        conn.close()
    action = "Đã cập nhật" if existed else "Đã tạo"
    print(f"{action} cơ sở dữ liệu {path}.")
    if report.migrations:
        print("Đã áp dụng migration: " + ", ".join(f"{v:03d}" for v in report.migrations))
    print("Danh mục: " + ", ".join(f"{name} {count}" for name, count in report.counts.items()))
    for problem in report.problems:
        print(f"Cảnh báo: {problem}", file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output is None:
        print("Xuất Excel cần tên tệp: thêm -o TỆP.xlsx", file=sys.stderr)
        return EXIT_USAGE
    path = args.db or default_db_path()
    if not path.exists():
        print(f"Chưa có cơ sở dữ liệu {path}: hãy chạy 'python -m etl init' trước.", file=sys.stderr)
        return EXIT_FAILED
    conn = db.connect(path, read_only=True)
    try:
        frame = queries.export_table(conn, args.table)
    finally:
        conn.close()
    if args.format == "xlsx":
        with args.output.open("wb") as handle:
            exports.write_xlsx(frame, handle, args.table)
    elif args.output:
        with args.output.open("w", encoding="utf-8", newline="") as handle:
            exports.write_csv(frame, handle)
    else:
        sys.stdout.reconfigure(encoding="utf-8")
        exports.write_csv(frame, sys.stdout)
    if args.output:
        print(f"Đã xuất {len(frame)} dòng của bảng {args.table} ra {args.output}.", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return {"init": _init, "export": _export}[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except db.DatabaseBusyError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    except (db.MigrationError, ValueError, OSError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a user gets one sentence; CCHC_DEBUG=1 shows the traceback
        if os.environ.get("CCHC_DEBUG"):
            raise
        print(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với CCHC_DEBUG=1 để xem chi tiết.", file=sys.stderr)
        return EXIT_FAILED

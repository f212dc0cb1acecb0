"""The command line: `python -m etl COMMAND …`, the commands being init, template, ingest, user, deck, scorecards,
report, export, copy, results, contacts, remind, check, rebuild, backup, restore and plan.

Exit status: 0 done, 1 failed, 2 wrong usage, 3 database busy (the app holds it). Messages are in
Vietnamese; the busy message also in English, since it is what an operator meets most.
"""
from __future__ import annotations

import argparse
import getpass
import io
import json
import os
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from cchc import auth
from cchc.applicability import Catalog
from cchc.config import DB_ENV_VAR, archive_dir_for, default_database, shown
from cchc.formatting import format_date, format_number, format_period
from cchc.periods import parse_period
from cchc.store import db, exports, queries
from cchc.vocabulary import REPORT_TITLES
from etl.operations.setup import initialise, recover
from etl.reports import layout
from etl.reports.archive import ArchiveFull
from etl.reports.ingest import ACCEPTED, ingest_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="Công cụ dữ liệu của bảng điều khiển CCHC tỉnh Hà Tĩnh (CCHC dashboard data tool).",
    )
    db_help = (f"tệp cơ sở dữ liệu DuckDB, hoặc địa chỉ PostgreSQL postgresql://… "
               f"(mặc định: biến môi trường {DB_ENV_VAR} hoặc data/cchc.duckdb)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    init = commands.add_parser("init", help="tạo hoặc cập nhật cơ sở dữ liệu và nạp danh mục (chạy lại an toàn)")
    init.add_argument("--db", help=db_help)
    init.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký (mặc định: tài khoản hệ điều hành)")
    init.add_argument("--demo", action="store_true",
                      help="thêm dữ liệu mẫu năm 2024 (tạo, điền và nạp báo cáo của mọi đơn vị; một lần)")
    init.add_argument("--background", action="store_true",
                      help="với --demo: để ứng dụng nạp dữ liệu mẫu trong nền khi khởi động, trang đầu tiên mở ngay "
                           "(make run dùng cách này)")

    template = commands.add_parser("template", help="tạo mẫu báo cáo Excel cho một đơn vị (hoặc mọi đơn vị) và một kỳ")
    template.add_argument("kind", choices=layout.KINDS, metavar="LOẠI", help="targets (chỉ tiêu), tasks (nhiệm vụ), indices (chỉ số)")
    template.add_argument("--unit", required=True, help="mã đơn vị, hoặc 'all' cho mọi đơn vị")
    template.add_argument("--period", required=True, help="kỳ báo cáo: 2024-Q1 … 2024-Q4; một năm (2024) với indices")
    template.add_argument("-o", "--output", type=Path, required=True, help="tệp .xlsx (một đơn vị) hoặc thư mục (--unit all)")
    template.add_argument("--db", help=db_help)

    ingest = commands.add_parser("ingest", help="nạp các tệp báo cáo Excel (mỗi tệp: nhận toàn bộ hoặc từ chối toàn bộ)")
    ingest.add_argument("files", nargs="+", type=Path, metavar="TỆP")
    ingest.add_argument("--as", dest="actor", help="người gửi, ghi vào nhật ký (mặc định: tài khoản hệ điều hành)")
    ingest.add_argument("--json", action="store_true", help="in kết quả từng tệp dạng JSON")
    ingest.add_argument("--db", help=db_help)

    user = commands.add_parser("user", help="quản lý tài khoản: add, passwd, disable, enable, list "
                                            "(mật khẩu đọc từ đầu vào chuẩn)")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="VIỆC")
    add = user_commands.add_parser("add", help="tạo tài khoản")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("admin", "reporter", "viewer"))
    add.add_argument("--unit", help="mã đơn vị (bắt buộc với reporter)")
    add.add_argument("--name", help="họ tên hiển thị")
    add.add_argument("--email", help="địa chỉ thư điện tử (của cán bộ báo cáo: nhận thư nhắc nộp báo cáo của đơn vị)")
    for name, text in (("passwd", "đổi mật khẩu"), ("disable", "vô hiệu hóa tài khoản"),
                       ("enable", "cho tài khoản đăng nhập lại")):
        user_commands.add_parser(name, help=text).add_argument("username")
    user_commands.add_parser("list", help="liệt kê tài khoản")
    for sub in user_commands.choices.values():
        sub.add_argument("--db", help=db_help)
        sub.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký")

    deck = commands.add_parser("deck", help="tạo bộ trình chiếu cho cuộc họp: PowerPoint (.pptx) hoặc PDF (.pdf)")
    deck.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2024-Q4")
    deck.add_argument("--as-of", dest="as_of", help="số liệu đến ngày (YYYY-MM-DD; mặc định: ngày cuối kỳ)")
    deck.add_argument("-o", "--output", type=Path, required=True, help="tệp .pptx hoặc .pdf")
    deck.add_argument("--db", help=db_help)

    cards = commands.add_parser("scorecards", help="tạo phiếu kết quả CCHC (PDF, một trang) của mọi đơn vị trong kỳ: "
                                                   "vào một thư mục, hoặc một tệp .zip")
    cards.add_argument("--period", required=True, help="kỳ báo cáo, ví dụ 2024-Q4")
    cards.add_argument("--as-of", dest="as_of", help="số liệu đến ngày (YYYY-MM-DD; mặc định: ngày cuối kỳ)")
    cards.add_argument("-o", "--output", type=Path, required=True, metavar="THƯ_MỤC|TỆP.zip",
                       help="thư mục (tạo nếu chưa có) nhận mỗi đơn vị một tệp PDF, hoặc một tệp .zip chứa tất cả")
    cards.add_argument("--db", help=db_help)

    report = commands.add_parser("report", help="soạn dự thảo báo cáo CCHC định kỳ của tỉnh (Word .docx) từ số liệu: "
                                                "quý (2024-Q1), 6 tháng (2024-H1) hoặc năm (2024)")
    report.add_argument("--period", required=True, help="kỳ báo cáo: 2024-Q1, 2024-Q3, 2024-H1 (6 tháng), 2024 (năm)")
    report.add_argument("--as-of", dest="as_of", help="số liệu đến ngày (YYYY-MM-DD; mặc định: ngày cuối kỳ)")
    report.add_argument("-o", "--output", type=Path, required=True, help="tệp .docx")
    report.add_argument("--template", type=Path, help="mẫu Word khác để thử (mặc định: mẫu đang dùng trong ứng dụng)")
    report.add_argument("--db", help=db_help)

    export = commands.add_parser("export", help="xuất một bảng ra CSV (mặc định, ra màn hình) hoặc Excel")
    export.add_argument("table", choices=sorted(queries.EXPORTS), metavar="BẢNG", help=", ".join(sorted(queries.EXPORTS)))
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="định dạng: csv hoặc xlsx")
    export.add_argument("-o", "--output", type=Path, help="tệp kết quả (bắt buộc với xlsx; CSV mặc định ra màn hình)")
    export.add_argument("--db", help=db_help)

    copy = commands.add_parser("copy", help="chép toàn bộ một cơ sở dữ liệu sang một cơ sở dữ liệu trống "
                                            "(DuckDB ↔ PostgreSQL), rồi so sánh mọi bảng xuất của hai bên")
    copy.add_argument("--from", dest="source", required=True, help="nguồn: tệp DuckDB hoặc postgresql://…")
    copy.add_argument("--to", dest="destination", required=True, help="đích (trống): tệp DuckDB hoặc postgresql://…")

    check = commands.add_parser("check", help="kiểm tra cơ sở dữ liệu và kho lưu trữ có nhất quán không (migration, "
                                              "tệp đã nhận, số liệu, chuỗi nhật ký); mã thoát khác 0 nếu có sai lệch")
    check.add_argument("--db", help=db_help)
    check.add_argument("--archive", type=Path, help="thư mục kho lưu trữ (mặc định: theo cơ sở dữ liệu)")
    check.add_argument("--repair", action="store_true",
                       help="trước khi kiểm tra, hoàn tất hoặc bỏ các tệp dở dang của tiến trình bị dừng đột ngột, và "
                            "xóa các phiên đăng nhập đã kết thúc hơn một ngày (chạy hằng ngày)")

    rebuild = commands.add_parser("rebuild", help="dựng lại một cơ sở dữ liệu mới từ kho lưu trữ: nạp lại mọi tệp đã "
                                                  "nhận theo đúng thứ tự, người gửi và thời điểm ban đầu")
    rebuild.add_argument("--from-archive", dest="source", nargs="?", const="", required=True, metavar="KHO",
                         help="kho lưu trữ nguồn (mặc định: kho của cơ sở dữ liệu đang cấu hình)")
    rebuild.add_argument("--db", required=True, help="cơ sở dữ liệu mới (chưa có bản nộp): tệp DuckDB hoặc "
                                                    "postgresql://…")
    rebuild.add_argument("--archive", type=Path, help="kho lưu trữ của cơ sở dữ liệu mới (mặc định: theo --db)")

    backup = commands.add_parser("backup", help="sao lưu cơ sở dữ liệu và kho tệp đã nhận vào một thư mục mới "
                                                "(với DuckDB: khi ứng dụng đang chạy, sao lưu trên trang Sao lưu)")
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="THƯ_MỤC",
                        help="thư mục sao lưu (chưa có, hoặc trống)")
    backup.add_argument("--db", help=db_help)
    backup.add_argument("--as", dest="actor", help="người thực hiện, ghi vào bản sao lưu")

    restore = commands.add_parser("restore", help="khôi phục cơ sở dữ liệu và kho tệp đã nhận từ một bản sao lưu "
                                                  "(dừng ứng dụng trước)")
    restore.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục của bản sao lưu")
    restore.add_argument("--force", action="store_true",
                         help="thay cơ sở dữ liệu đang có (tệp cũ được đổi tên và giữ lại; PostgreSQL: được sao ra "
                              "một tệp trong thư mục sao lưu)")
    restore.add_argument("--db", help=db_help)
    restore.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký")

    plan = commands.add_parser("plan", help="kế hoạch CCHC một năm bằng tệp Excel: tạo tệp mẫu (template), "
                                            "kiểm tra và nạp (import)")
    plan_commands = plan.add_subparsers(dest="plan_command", required=True, metavar="VIỆC")
    plan_template = plan_commands.add_parser("template", help="tạo tệp kế hoạch (trống, hoặc điền sẵn từ năm khác)")
    plan_template.add_argument("--year", type=int, required=True, help="năm kế hoạch, ví dụ 2026")
    plan_template.add_argument("--from-year", dest="from_year", type=int,
                               help="điền sẵn từ kế hoạch của năm này (ví dụ 2024)")
    plan_template.add_argument("-o", "--output", type=Path, required=True, help="tệp .xlsx")
    plan_import = plan_commands.add_parser("import", help="kiểm tra từng ô rồi nạp tệp làm kế hoạch của năm đó "
                                                          "(nhận toàn bộ hoặc từ chối toàn bộ)")
    plan_import.add_argument("file", type=Path, metavar="TỆP")
    plan_import.add_argument("--year", type=int, help="năm kế hoạch mong đợi (phải khớp với tệp)")
    plan_import.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký")
    for sub in plan_commands.choices.values():
        sub.add_argument("--db", help=db_help)

    contacts = commands.add_parser("contacts", help="địa chỉ thư điện tử của các đơn vị (để nhắc nộp báo cáo): "
                                                    "import, list")
    contacts_commands = contacts.add_subparsers(dest="contacts_command", required=True, metavar="VIỆC")
    contacts_import = contacts_commands.add_parser("import", help="nạp tệp CSV unit_code,email (từ chối cả tệp nếu "
                                                                  "có dòng sai); mỗi đơn vị có trong tệp nhận đúng các "
                                                                  "địa chỉ của tệp")
    contacts_import.add_argument("file", type=Path, metavar="TỆP")
    contacts_import.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký")
    contacts_commands.add_parser("list", help="liệt kê địa chỉ của các đơn vị (CSV; cột account: địa chỉ lấy từ tài "
                                              "khoản báo cáo đó, trống: địa chỉ của đơn vị)")
    for sub in contacts_commands.choices.values():
        sub.add_argument("--db", help=db_help)

    remind = commands.add_parser("remind", help="nhắc qua thư điện tử các đơn vị chưa nộp báo cáo của một kỳ "
                                                "(xem trước; --send để gửi)")
    remind.add_argument("--period", help="kỳ báo cáo, ví dụ 2024-Q4 (mặc định: quý vừa kết thúc trước hôm nay)")
    remind.add_argument("--today", type=date.fromisoformat, help="ngày coi là hôm nay (YYYY-MM-DD; mặc định hôm nay)")
    remind.add_argument("--days-before", dest="days_before", type=int, default=3,
                        help="nhắc trước hạn bao nhiêu ngày các đơn vị chưa gửi gì (mặc định 3)")
    remind.add_argument("--send", action="store_true", help="gửi thật, qua máy chủ thư trong CCHC_SMTP_*")
    remind.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký")
    remind.add_argument("--db", help=db_help)

    results = commands.add_parser("results", help="kết quả công bố của các tỉnh: nạp bảng xếp hạng toàn quốc của "
                                                  "một kỳ công bố (import)")
    results_commands = results.add_subparsers(dest="results_command", required=True, metavar="VIỆC")
    results_import = results_commands.add_parser("import", help="đọc bảng của cơ quan công bố (Excel hoặc CSV), kiểm "
                                                                "tra từng ô rồi nạp thay cho lần nạp trước của kỳ đó")
    results_import.add_argument("file", type=Path, metavar="TỆP")
    results_import.add_argument("--index", required=True, help="chỉ số: PAR_INDEX, SIPAS, PAPI, PCI, DTI")
    results_import.add_argument("--year", type=int, required=True, help="năm đánh giá của kỳ công bố, ví dụ 2025")
    results_import.add_argument("--source", required=True, help="địa chỉ trang công bố bảng (http…)")
    results_import.add_argument("--among", type=int, choices=(63, 34),
                                help="xếp hạng trong 63 hay 34 tỉnh (mặc định: 63 đến kỳ 2024, 34 từ kỳ 2025)")
    results_import.add_argument("--preview", action="store_true", help="chỉ xem trước, không nạp")
    results_import.add_argument("--as", dest="actor", help="người thực hiện, ghi vào nhật ký")
    results_import.add_argument("--db", help=db_help)
    return parser


def _error(message: str, status: int = EXIT_FAILED) -> int:
    """Say on standard error what went wrong, in Vietnamese; the exit status for the command to return."""
    print(message, file=sys.stderr)
    return status


def _warn(message: str) -> None:
    """A warning on standard error (the command goes on)."""
    print(f"Cảnh báo: {message}", file=sys.stderr)


def _actor(explicit: str | None) -> str:
    if explicit:
        return explicit
    try:
        return auth.CLI_PREFIX + getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _init(args: argparse.Namespace) -> int:
    path = args.db or default_database()
    existed = db.is_postgres(path) or Path(path).exists()
    conn = db.connect(path)
    try:
        report = initialise(conn, _actor(args.actor))
        _report_recovery(recover(conn, archive_dir_for(path)))
    finally:
        conn.close()
    action = "Đã cập nhật" if existed else "Đã tạo"
    print(f"{action} cơ sở dữ liệu {shown(path)}.")
    if report.migrations:
        print("Đã áp dụng migration: " + ", ".join(f"{v:03d}" for v in report.migrations))
    print("Danh mục: " + ", ".join(f"{name} {count}" for name, count in report.counts.items()))
    for problem in report.problems:
        _warn(problem)
    if args.demo:
        _demo(path, args.background)
    return EXIT_OK


def _demo(path: str, background: bool) -> None:
    from etl.sample.reports import COMPLETE, LOADING, add_demo_accounts, create_demo, request_demo, sample_state

    conn = db.connect(path)
    try:
        state = sample_state(conn)
        if state == COMPLETE:
            print("Dữ liệu mẫu đã có sẵn.")
        elif background:
            request_demo(conn)
            print("Dữ liệu mẫu năm 2024 và kế hoạch mẫu năm 2026 sẽ được ứng dụng nạp trong nền ngay khi có người mở trang"
                  + (" (tiếp tục từ lần trước)" if state == LOADING else "") + "; các trang dùng được ngay từ đầu.")
        else:
            print("Đang tạo dữ liệu mẫu năm 2024 và kế hoạch mẫu năm 2026 (vài phút)…", flush=True)
            shown = {0}

            def progress(done: int, total: int) -> None:
                tenth = done * 10 // total
                if tenth not in shown:
                    shown.add(tenth)
                    print(f"  Dữ liệu mẫu: {format_number(done)}/{format_number(total)} tệp", flush=True)

            demo = create_demo(conn, archive_dir_for(path), progress=progress)
            print(f"Dữ liệu mẫu: {demo.files} tệp báo cáo ({demo.accepted} được nhận, {demo.rejected} bị từ chối), "
                  f"{len(demo.skipped_units)} báo cáo cố ý để thiếu. Mọi số liệu mẫu đều được đánh dấu là dữ liệu mẫu.")
            if demo.sample_plan:
                print("Năm 2026 là kế hoạch mẫu (không phải kế hoạch chính thức), có báo cáo mẫu quý I và quý II.")
        accounts = add_demo_accounts(conn)
    finally:
        conn.close()
    if accounts:
        print("Tài khoản dùng thử (chỉ để thử, xem README để tắt khi triển khai thật):")
        for account in accounts:
            unit = f", đơn vị {account.unit_code}" if account.unit_code else ""
            print(f"  {auth.ROLES[account.role]}{unit}: {account.username} / {account.password}")


def _report_recovery(found) -> None:
    """Tell the operator what a crashed earlier run left and what was done with it."""
    if found.completed:
        print(f"Hoàn tất {len(found.completed)} tệp đã được ghi nhận trước khi tiến trình trước bị dừng đột ngột: "
              + ", ".join(found.completed), file=sys.stderr)
    if found.dropped:
        print(f"Bỏ {len(found.dropped)} tệp chưa được ghi nhận khi tiến trình trước bị dừng đột ngột (hãy gửi lại): "
              + ", ".join(found.dropped), file=sys.stderr)


def _existing_db(args: argparse.Namespace) -> str | None:
    path = args.db or default_database()
    if not db.is_postgres(path) and not Path(path).exists():
        print(f"Chưa có cơ sở dữ liệu {path}: hãy chạy 'python -m etl init' trước.", file=sys.stderr)
        return None
    return path


def _template(args: argparse.Namespace) -> int:
    from etl.reports.templates import TemplateError, write_all_templates, write_template

    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    conn = db.connect(path, read_only=True)
    try:
        if args.unit.lower() == "all":
            written = write_all_templates(conn, args.kind, args.period, args.output)
            print(f"Đã tạo {len(written)} mẫu báo cáo trong {args.output}.")
        else:
            out = write_template(conn, args.kind, args.unit.upper(), args.period, args.output)
            print(f"Đã tạo mẫu báo cáo {out}.")
    except TemplateError as problem:
        return _error(f"Lỗi: {problem}")
    finally:
        conn.close()
    return EXIT_OK


def _print_result(result) -> None:
    label = {"accepted": "ĐÃ NHẬN", "rejected": "TỪ CHỐI"}[result.status]
    who = " · ".join(x for x in (result.kind, result.unit_code, result.period) if x)
    extra = f" (trùng tệp đã gửi, mã {result.duplicate_of})" if result.duplicate_of else ""
    print(f"{label}: {result.filename} [{who}] {result.rows_loaded} dòng{extra}")
    for p in result.problems:
        where = "!".join(x for x in (p.sheet, p.cell) if x)
        severity = "Lỗi" if p.severity == "error" else "Cảnh báo"
        value = f" (giá trị: {p.value})" if p.value else ""
        print(f"  - {severity}{' tại ' + where if where else ''}: {p.message}{value}")


def _ingest(args: argparse.Namespace) -> int:
    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        return _error("Không tìm thấy tệp: " + ", ".join(missing))
    conn = db.open_database(path)
    try:
        _report_recovery(recover(conn, archive_dir_for(path)))
        catalog = Catalog(conn)
        results = [ingest_path(conn, f, _actor(args.actor), archive_dir_for(path), catalog=catalog) for f in args.files]
    except ArchiveFull as full:      # the files before it are in; this one and the rest are not
        return _error(str(full))
    finally:
        conn.close()
    if args.json:
        if isinstance(sys.stdout, io.TextIOWrapper):     # the console's own stream (not one put in its place)
            sys.stdout.reconfigure(encoding="utf-8")
        json.dump([r.to_dict() for r in results], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for result in results:
            _print_result(result)
        accepted = sum(r.status == ACCEPTED for r in results)
        print(f"Tổng: {accepted}/{len(results)} tệp được nhận.")
    return EXIT_OK if all(r.status == ACCEPTED for r in results) else EXIT_FAILED


def _read_password() -> str:
    """The new password from standard input: asked twice on a terminal, the first line otherwise."""
    if sys.stdin.isatty():
        first = getpass.getpass("Mật khẩu mới: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != first:
            raise auth.AuthError("Hai lần nhập mật khẩu không khớp.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _user(args: argparse.Namespace) -> int:
    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    conn = db.open_database(path)
    actor = _actor(args.actor)
    try:
        if args.user_command == "add":
            made = auth.add_user(conn, args.username, _read_password(), args.role, actor, args.unit and args.unit.upper(),
                                 args.name, email=args.email)
            print(f"Đã tạo tài khoản {made.username} ({auth.ROLES[made.role]}"
                  + (f", đơn vị {made.unit_code}" if made.unit_code else "")
                  + (f", thư điện tử {args.email.strip()}" if args.email and args.email.strip() else "") + ").")
        elif args.user_command == "passwd":
            auth.set_password(conn, args.username, _read_password(), actor)
            print(f"Đã đổi mật khẩu của {args.username}.")
        elif args.user_command in ("disable", "enable"):
            auth.set_active(conn, args.username, args.user_command == "enable", actor)
            print(f"Đã {'vô hiệu hóa' if args.user_command == 'disable' else 'mở lại'} tài khoản {args.username}.")
        else:
            exports.write_csv(auth.list_users(conn, actor), sys.stdout)
    except auth.AuthError as problem:
        return _error(f"Lỗi: {problem}")
    finally:
        conn.close()
    return EXIT_OK


def _deck(args: argparse.Namespace) -> int:
    from cchc.meeting.agenda import meeting
    from cchc.meeting.deck import build_pptx
    from cchc.meeting.deck_pdf import build_pdf

    builders = {".pptx": build_pptx, ".pdf": build_pdf}
    period = parse_period(args.period)
    if period is None or period.quarter is None:
        return _error(f"Kỳ '{args.period}' không hợp lệ: ghi theo dạng 2024-Q4.", EXIT_USAGE)
    if args.output.suffix.lower() not in builders:
        return _error("Tệp kết quả phải là .pptx hoặc .pdf.", EXIT_USAGE)
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else period.end
    except ValueError:
        return _error(f"Ngày '{args.as_of}' không hợp lệ: ghi theo dạng 2024-12-31.", EXIT_USAGE)
    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    conn = db.connect(path, read_only=True)
    try:
        views = meeting(conn, period.year, period, as_of)
    finally:
        conn.close()
    args.output.write_bytes(builders[args.output.suffix.lower()](views))
    print(f"Đã tạo {args.output} ({len(views.views) + 1} trang, {views.subtitle}).")
    return EXIT_OK


def _scorecards(args: argparse.Namespace) -> int:
    from cchc.documents.scorecard import card_pdf, cards_zip, score_cards

    period = parse_period(args.period)
    if period is None or period.quarter is None:
        return _error(f"Kỳ '{args.period}' không hợp lệ: ghi theo dạng 2024-Q4.", EXIT_USAGE)
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else period.end
    except ValueError:
        return _error(f"Ngày '{args.as_of}' không hợp lệ: ghi theo dạng 2024-12-31.", EXIT_USAGE)
    to_zip = args.output.suffix.lower() == ".zip"
    if not to_zip and args.output.exists() and not args.output.is_dir():
        return _error(f"{args.output} là một tệp: ghi một thư mục, hoặc một tệp .zip.", EXIT_USAGE)
    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    conn = db.connect(path, read_only=True)
    try:
        cards = list(score_cards(conn, period, as_of))
    finally:
        conn.close()
    if to_zip:
        args.output.write_bytes(cards_zip(cards))
    else:
        args.output.mkdir(parents=True, exist_ok=True)
        for card in cards:
            (args.output / card.file_name).write_bytes(card_pdf(card))
    print(f"Đã tạo {format_number(len(cards))} phiếu kết quả CCHC {format_period(period.code)} (số liệu đến ngày "
          f"{format_date(as_of)}) {'trong tệp' if to_zip else 'trong thư mục'} {args.output}.")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from cchc.documents.report import report_context, report_period
    from cchc.documents.report_template import TemplateRefused, check, current, render

    period = report_period(args.period)
    if period is None:
        return _error(f"Kỳ '{args.period}' không hợp lệ: ghi 2024-Q1 … 2024-Q4, 2024-H1 (6 tháng) hoặc 2024 (năm).",
                      EXIT_USAGE)
    if args.output.suffix.lower() != ".docx":
        return _error("Tệp kết quả phải là .docx.", EXIT_USAGE)
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else period.end
    except ValueError:
        return _error(f"Ngày '{args.as_of}' không hợp lệ: ghi theo dạng 2024-12-31.", EXIT_USAGE)
    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    conn = db.connect(path, read_only=True)
    try:
        if period.year not in queries.plan_years(conn):
            return _error(f"Chưa có kế hoạch năm {period.year} trong cơ sở dữ liệu.")
        context = report_context(conn, period, as_of)
        template = args.template.read_bytes() if args.template else current(conn)[0]
    except OSError as error:
        return _error(f"Không đọc được mẫu {args.template}: {error.strerror}.")
    finally:
        conn.close()
    if args.template:
        try:
            check(template, context)
        except TemplateRefused as refused:
            return _refused(args.template.name, refused.problems)
    args.output.write_bytes(render(context, template))
    print(f"Đã tạo {args.output}: báo cáo {context['period_name']}, số liệu đến ngày {context['as_of']}.")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output is None:
        return _error("Xuất Excel cần tên tệp: thêm -o TỆP.xlsx", EXIT_USAGE)
    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    conn = db.open_database(path)
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
        if isinstance(sys.stdout, io.TextIOWrapper):     # the console's own stream (not one put in its place)
            sys.stdout.reconfigure(encoding="utf-8")
        exports.write_csv(frame, sys.stdout)
    if args.output:
        print(f"Đã xuất {len(frame)} dòng của bảng {args.table} ra {args.output}.", file=sys.stderr)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from etl.operations.check import check

    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    folder = args.archive or archive_dir_for(path)
    conn = db.connect(path, read_only=not args.repair)
    try:
        if args.repair:
            _report_recovery(recover(conn, folder))
            pruned = auth.prune_sessions(conn, _actor(None))
            print(f"Đã xóa {format_number(pruned.sessions)} phiên đăng nhập đã kết thúc hơn một ngày và "
                  f"{format_number(pruned.sign_in_failures)} lần đăng nhập sai đã quá thời gian theo dõi.")
        report = check(conn, folder)
    finally:
        conn.close()
    print(f"Kiểm tra {shown(path)}:")
    print("\n".join(report.lines()))
    return EXIT_OK if not report.problems else EXIT_FAILED


def _rebuild(args: argparse.Namespace) -> int:
    from etl.operations.rebuild import RebuildError, rebuild

    source = Path(args.source) if args.source else archive_dir_for(default_database())
    target = args.archive or archive_dir_for(args.db)
    conn = db.connect(args.db)
    try:
        initialise(conn, _actor(None))
        shown_tenths = {0}

        def progress(done: int, total: int) -> None:
            if done * 10 // total not in shown_tenths:
                shown_tenths.add(done * 10 // total)
                print(f"  Đã nạp lại {format_number(done)}/{format_number(total)} tệp", flush=True)

        print(f"Dựng lại {shown(args.db)} từ kho {source} …", flush=True)
        report = rebuild(conn, source, target, progress)
    except RebuildError as problem:
        return _error(f"Lỗi: {problem}")
    finally:
        conn.close()
    print(f"Đã dựng lại {format_number(report.files)} tệp ({format_number(report.accepted)} được nhận, "
          f"{format_number(report.rejected)} bị từ chối); kho lưu trữ mới: {target}.")
    for difference in report.differences:
        print(f"  Khác với lúc nhận: {difference}", file=sys.stderr)
    return EXIT_OK if not report.differences else EXIT_FAILED


def _copy(args: argparse.Namespace) -> int:
    from etl.operations.copy import CopyError, compare_exports, copy_database

    if not db.is_postgres(args.source) and not Path(args.source).exists():
        return _error(f"Không có cơ sở dữ liệu nguồn {args.source}.")
    try:
        report = copy_database(args.source, args.destination)
    except CopyError as problem:
        return _error(f"Lỗi: {problem}")
    print(f"Đã chép {format_number(sum(report.rows.values()))} dòng của {len(report.rows)} bảng "
          f"từ {shown(args.source)} sang {shown(args.destination)}.")
    different = compare_exports(args.source, args.destination)
    if different:
        return _error("Lỗi: các bảng xuất sau khác nhau giữa hai bên: " + ", ".join(different))
    print("Đã kiểm tra: mọi bảng xuất của hai bên giống hệt nhau.")
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    from cchc.store.dumps import DumpError
    from etl.operations.backup import BackupError, backup_root, create_backup

    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    try:
        conn = db.connect(path, read_only=True)
    except db.DatabaseBusyError:
        return _error(f"Ứng dụng đang mở tệp cơ sở dữ liệu {path}, nên lệnh này không đọc được tệp. Hãy sao lưu ngay "
                      "trong ứng dụng: đăng nhập bằng tài khoản quản trị, mở trang Sao lưu và bấm 'Sao lưu ngay' (bản "
                      f"sao lưu được ghi vào {backup_root()}). Hoặc dừng ứng dụng rồi chạy lại lệnh.", EXIT_BUSY)
    try:
        made = create_backup(conn, path, archive_dir_for(path), args.output, _actor(args.actor))
    except (BackupError, DumpError) as problem:
        return _error(f"Lỗi: {problem}")
    finally:
        conn.close()
    print(f"Đã sao lưu {shown(path)} vào {made.folder}: {format_number(made.submissions)} bản nộp, "
          f"{format_number(made.archived)} tệp đã nhận, {format_number(made.size / 1e6, 1)} MB.")
    for warning in made.problems:
        _warn(warning)
    return EXIT_FAILED if made.problems else EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from cchc.store.dumps import DumpError
    from etl.operations.backup import BackupError
    from etl.operations.restore import restore_backup

    path = args.db or default_database()
    try:
        done = restore_backup(args.folder, path, _actor(args.actor), force=args.force)
    except (BackupError, DumpError) as problem:
        return _error(f"Lỗi: {problem}")
    manifest = done.manifest
    print(f"Đã khôi phục {shown(path)} từ bản sao lưu lúc {manifest['created_at']} ({args.folder}): "
          f"{format_number(sum(manifest['rows'].values()))} dòng, {format_number(manifest['submissions'])} bản nộp; "
          f"kho lưu trữ: {archive_dir_for(path)}.")
    for kept in done.kept:
        print(f"Dữ liệu trước khi khôi phục được giữ lại ở {kept}.")
    return EXIT_OK


def _plan(args: argparse.Namespace) -> int:
    from etl.plans.loader import PlanRefused, import_plan, plan_changes
    from etl.plans.reader import PlanRejected, read_plan
    from etl.plans.workbook import write_plan_workbook
    from etl.reading.errors import FileRejected

    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    if args.plan_command == "template":
        conn = db.connect(path, read_only=True)
        try:
            write_plan_workbook(conn, args.year, args.output, args.from_year)
        finally:
            conn.close()
        print(f"Đã tạo tệp kế hoạch năm {args.year} {args.output}"
              + (f" (điền sẵn từ kế hoạch năm {args.from_year})." if args.from_year else "."))
        return EXIT_OK
    if not args.file.is_file():
        return _error(f"Không tìm thấy tệp: {args.file}")
    conn = db.open_database(path)
    try:
        reading = read_plan(conn, args.file.read_bytes(), args.year)
        changes = plan_changes(conn, reading)
        report = import_plan(conn, reading, _actor(args.actor), args.file.name)
    except FileRejected as problem:
        return _error(f"TỪ CHỐI: {args.file.name}: {problem}")
    except PlanRejected as rejected:
        return _refused(args.file.name, rejected.problems)
    except PlanRefused as refused:
        return _error(f"TỪ CHỐI: {refused}")
    finally:
        conn.close()
    counts = report.counts
    print(f"Đã nạp kế hoạch năm {report.year} từ {args.file.name}: {counts['targets']} chỉ tiêu, {counts['tasks']} "
          f"nhiệm vụ, {counts['report_deadlines']} hạn báo cáo.")
    for part, change in changes.items():
        print(f"  {change.summary(part)}")
    return EXIT_OK


def _refused(name: str, problems: list) -> int:
    """A file refused whole: how many problems, each on its line (its sheet and cell, or its row)."""
    print(f"TỪ CHỐI: {name}: {len(problems)} lỗi, không có gì được nạp.", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_FAILED


def _contacts(args: argparse.Namespace) -> int:
    from etl.operations.contacts import ContactsRefused, contacts, import_contacts

    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    if args.contacts_command == "list":
        conn = db.connect(path, read_only=True)
        try:
            rows = contacts(conn)
        finally:
            conn.close()
        exports.write_csv(pd.DataFrame(rows, columns=["unit_code", "unit_name", "email", "account"]), sys.stdout)
        return EXIT_OK
    if not args.file.is_file():
        return _error(f"Không tìm thấy tệp: {args.file}")
    conn = db.open_database(path)
    try:
        report = import_contacts(conn, args.file.read_bytes(), _actor(args.actor), args.file.name)
    except ContactsRefused as refused:
        return _refused(args.file.name, refused.problems)
    finally:
        conn.close()
    print(f"Đã nạp {report.addresses} địa chỉ của {len(report.units)} đơn vị từ {args.file.name}.")
    return EXIT_OK


def _remind(args: argparse.Namespace) -> int:
    from etl.operations.reminders import SettingsError, SmtpSettings, last_ended_quarter, plan, send

    today = args.today or date.today()
    period = parse_period(args.period) if args.period else last_ended_quarter(today)
    if period is None or period.quarter is None:
        return _error(f"Kỳ báo cáo \"{args.period}\" không hợp lệ (ví dụ 2024-Q4).")
    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    conn = db.open_database(path)
    try:
        reminders, without = plan(conn, period, today, args.days_before)
        for reminder in reminders:
            reports = "; ".join(f"{REPORT_TITLES[r]} (hạn {format_date(d)})" for r, d in reminder.missing)
            print(f"{reminder.unit_code} {reminder.unit_name} → {', '.join(reminder.addresses)}: "
                  f"{'quá hạn' if reminder.notice == 'overdue' else 'sắp đến hạn'}: {reports}")
        if without:
            print(f"Không có địa chỉ thư ({len(without)}): " + ", ".join(without))
        if not args.send:
            print(f"Xem trước: {len(reminders)} thư sẽ được gửi (thêm --send để gửi).")
            return EXIT_OK
        try:
            settings = SmtpSettings.from_environment()
        except SettingsError as wrong:
            return _error(str(wrong))
        sent, failed = send(conn, reminders, settings, period, today, _actor(args.actor))
    finally:
        conn.close()
    print(f"Đã gửi {sent} thư, lỗi {failed}.")
    return EXIT_FAILED if failed else EXIT_OK


def _results(args: argparse.Namespace) -> int:
    import hashlib

    from etl.results.loader import ResultsRefused, components, import_edition, preview, province_names, ranked_among
    from etl.results.reader import read_table

    path = _existing_db(args)
    if path is None:
        return EXIT_FAILED
    if not args.file.is_file():
        return _error(f"Không tìm thấy tệp: {args.file}")
    data = args.file.read_bytes()
    conn = db.open_database(path)
    try:
        known = components(conn, args.index)
        if not known:
            return _error(f"Không có chỉ số '{args.index}' trong danh mục.")
        among = args.among or ranked_among(args.year)
        reading = read_table(data, args.file.name, args.index, known, province_names(conn), among)
        if reading.problems:
            return _refused(args.file.name, reading.problems)
        print(f"{args.file.name} ({reading.sheet}): {reading.provinces} tỉnh có số liệu trong {among} tỉnh; cột: "
              + "; ".join(f"{header} → {meaning}" for header, meaning in reading.columns.items()))
        if reading.ignored_columns:
            print("  Bỏ qua các cột: " + "; ".join(reading.ignored_columns))
        if reading.without_data:
            print("  Không có số liệu: " + ", ".join(reading.without_data))
        if args.preview:
            change = preview(conn, args.index, args.year, reading.results)
        else:
            change = import_edition(conn, args.index, args.year, reading.results, args.source, _actor(args.actor),
                                    args.file.name, hashlib.sha256(data).hexdigest())
    except ResultsRefused as refused:
        return _error(f"TỪ CHỐI: {refused}")
    finally:
        conn.close()
    counts = change.summary()
    verb = "Xem trước, chưa nạp" if args.preview else "Đã nạp"
    print(f"{verb} {args.index} {args.year}: thêm {counts['added']}, sửa {counts['changed']}, bỏ {counts['removed']} giá trị.")
    for line in change.changed[:50]:
        print(f"  sửa: {line}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return {"init": _init, "template": _template, "ingest": _ingest, "user": _user,
                "deck": _deck, "scorecards": _scorecards, "report": _report, "export": _export, "copy": _copy,
                "results": _results, "contacts": _contacts, "remind": _remind,
                "check": _check, "rebuild": _rebuild, "backup": _backup, "restore": _restore,
                "plan": _plan}[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except db.DatabaseBusyError as exc:
        return _error(str(exc), EXIT_BUSY)
    except db.DatabaseUnreachableError as exc:
        return _error(f"Lỗi: {exc}")
    except (db.MigrationError, ValueError, OSError) as exc:
        return _error(f"Lỗi: {exc}")
    except Exception as exc:  # noqa: BLE001 - a user gets one sentence; CCHC_DEBUG=1 shows the traceback
        if os.environ.get("CCHC_DEBUG"):
            raise
        return _error(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với CCHC_DEBUG=1 để xem chi tiết.")

"""``manage.py bootstrap_admin USERNAME [--full-name NAME]``: the first system
administrator of a fresh install, with a one-time password printed once. At first
login they choose their own password and enrol an authenticator, like everyone.

Refused once an active system administrator exists: from then on accounts are made in
the application, by an administrator, and audited under their name."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lachan.accounts.services import user_bootstrap
from lachan.core.context import Interface, interface
from lachan.core.errors import Conflict, DomainError

DEFAULT_FULL_NAME = "Quản trị hệ thống"


class Command(BaseCommand):
    help = "Create the first system administrator and print a one-time password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--full-name", default=DEFAULT_FULL_NAME)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with interface(Interface.COMMAND):
                made = user_bootstrap(username=options["username"], full_name=options["full_name"])
        except Conflict as exc:
            raise CommandError(
                "Đã có quản trị viên hệ thống: hãy nhờ người đó tạo tài khoản trong "
                "ứng dụng (trang Người dùng)."
            ) from exc
        except DomainError as exc:
            details = "; ".join(str(m) for msgs in exc.fields.values() for m in msgs)
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        self.stderr.write(f"Đã tạo quản trị viên hệ thống “{made.user.username}”.")
        self.stderr.write(
            "Mật khẩu dùng một lần dưới đây chỉ hiện lần này. Khi đăng nhập lần đầu, "
            "người dùng phải đặt mật khẩu mới và cài đặt ứng dụng xác thực (TOTP)."
        )
        self.stdout.write(made.one_time_password or "")

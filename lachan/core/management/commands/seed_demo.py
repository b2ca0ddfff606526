"""``manage.py seed_demo``: the demo agencies, accounts and persons for development and
``./run`` (see ``lachan.core.demo``). Idempotent: a second run writes nothing and prints
the same logins. Refused under production settings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lachan.core.context import Interface, interface
from lachan.core.demo import DemoRefused, report, run_demo
from lachan.core.errors import DomainError


class Command(BaseCommand):
    help = "Create the demo data (never in production) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with interface(Interface.COMMAND):
                context = run_demo()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        except DomainError as exc:  # a service refused: the demo data is inconsistent
            details = "; ".join(str(m) for msgs in exc.fields.values() for m in msgs)
            raise CommandError(
                f"Không tạo được dữ liệu mẫu: {exc.message} {details}".strip()
            ) from exc
        for line in report(context):
            self.stdout.write(line)

"""Demo data for development and ``./run``: a fixed, realistic set of agencies, users
and persons that later modules extend (tips, cases, victims, …).

``manage.py seed_demo`` runs the modules of ``DEMO_STEPS`` in order. Each exposes
``seed(context: DemoContext) -> None`` and writes through its app's services, so the
demo data is what real use would produce, audit trail included. A step must be
idempotent: it looks for what it would create and creates only what is missing, so a
second run writes nothing. Randomness comes from ``context.rng_for(key)``, seeded by
a fixed number and the key, so every run draws the same values whatever ran before.

Never in production: ``refuse_in_production`` is checked before anything is written.
"""

from __future__ import annotations

import importlib
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.db import transaction

if TYPE_CHECKING:
    from lachan.accounts.models import Agency, User

# Order matters: a step may use what an earlier one created (people need users).
DEMO_STEPS: list[str] = [
    "lachan.accounts.demo",
    "lachan.people.demo",
    "lachan.tips.demo",
    "lachan.cases.demo",
    "lachan.victims.demo",
    "lachan.prevention.demo",
    "lachan.plans.demo",
    "lachan.linkage.demo",
    "lachan.networks.demo",
    "lachan.reports.demo",
]
DEMO_SEED = 20250701  # the day the 34-province map came into force


class DemoRefused(Exception):
    """Demo data was asked for where it must never be written."""


def refuse_in_production() -> None:
    if getattr(settings, "LACHAN_PRODUCTION", False):
        raise DemoRefused(
            "Không tạo dữ liệu mẫu trên hệ thống chính thức (cấu hình production): "
            "dữ liệu mẫu có mật khẩu và khóa xác thực công khai."
        )


@dataclass(frozen=True)
class DemoLogin:
    """One demo account as printed for the person trying the system."""

    username: str
    role: str  # role label, Vietnamese
    agency: str
    password: str
    totp_secret: str


@dataclass
class DemoContext:
    """What the steps share: the fixed seed, what earlier steps created (by key), the
    logins to print and the lines each step reports."""

    seed: int = DEMO_SEED
    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)

    @property
    def rng(self) -> random.Random:
        """A generator with the fixed seed (a fresh one on each access)."""
        return self.rng_for("")

    def rng_for(self, key: str) -> random.Random:
        """The generator for one part of the data: the same draws on every run, however
        much an earlier step drew or skipped."""
        return random.Random(f"{self.seed}:{key}")

    def say(self, line: str) -> None:
        self.output.append(line)


class DemoStep(Protocol):
    def seed(self, context: DemoContext) -> None: ...


def run_demo(steps: list[str] | None = None, *, context: DemoContext | None = None) -> DemoContext:
    """Run every step in one transaction: a failure leaves the database as it was."""
    refuse_in_production()
    context = context or DemoContext()
    with transaction.atomic():
        for path in DEMO_STEPS if steps is None else steps:
            module: DemoStep = importlib.import_module(path)
            module.seed(context)
    return context


# -- printing --------------------------------------------------------------------------------
CREATED_LABELS = {
    "agencies": "đơn vị",
    "users": "tài khoản",
    "persons": "người",
    "assignments": "phân công hồ sơ",
    "cases": "vụ án",
    "linkage pairs": "cặp hồ sơ có thể trùng",
    "period reports": "báo cáo định kỳ",
}
TOTP_HINT = (
    "Mã xác thực 6 số: thêm khóa TOTP vào ứng dụng xác thực (Google Authenticator, Aegis…) "
    "hoặc chạy lệnh sau, thay KHOA bằng khóa TOTP ở bảng trên:\n"
    ".venv/bin/python -c \"import pyotp; print(pyotp.TOTP('KHOA').now())\""
)


def created_summary(context: DemoContext) -> str:
    counts = [(n, label) for key, label in CREATED_LABELS.items() if (n := context.created[key])]
    counts += [
        (n, key) for key, n in sorted(context.created.items()) if key not in CREATED_LABELS and n
    ]
    if not counts:
        return "Dữ liệu mẫu đã có sẵn: không tạo thêm gì."
    return "Đã tạo dữ liệu mẫu: " + ", ".join(f"{n} {label}" for n, label in counts) + "."


def login_table(logins: list[DemoLogin]) -> list[str]:
    header = ("Tên đăng nhập", "Vai trò", "Đơn vị", "Mật khẩu", "Khóa TOTP")
    rows = [(x.username, x.role, x.agency, x.password, x.totp_secret) for x in logins]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    return [
        line(header).rstrip(),
        "  ".join("-" * w for w in widths),
        *(line(r).rstrip() for r in rows),
    ]


def report(context: DemoContext) -> list[str]:
    """Everything the command prints: the steps' lines, a summary, the logins."""
    lines = [*context.output, created_summary(context)]
    if context.logins:
        lines += ["", "Tài khoản dùng thử (chỉ dành cho máy phát triển):", ""]
        lines += login_table(context.logins)
        lines += ["", TOTP_HINT]
    return lines

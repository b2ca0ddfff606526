"""Issue 4 "Done means", in a real browser: an officer turns a tip into a case, adds two
suspects who share a phone number with a suspect of an older case, records an arrest and
a hand-over at a border gate, marks the case solved; the solved-rate selector then
returns the right figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyotp
import pytest
from django.utils import timezone

from lachan.cases import services
from lachan.cases.models import Case, CaseEvent, CaseStatus
from lachan.cases.selectors import case_numbers
from lachan.cases.tests.helpers import make_person, open_case, verifying_tip
from lachan.people.models import PersonIdentifier
from lachan.tips.models import TipStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _login(browser: Any, live_server: Any, user: Any, errors: list[str]) -> Any:
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(15_000)
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="Xác thực").click()
    page.get_by_role("heading", name=f"Xin chào, {user.full_name}").wait_for()
    return page


def _add_suspect(page: Any, name: str, phone: str, role: str) -> None:
    page.get_by_role("link", name="Thêm đối tượng").click()
    page.get_by_role("heading", name="Thêm đối tượng").wait_for()
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Số điện thoại").fill(phone)
    page.get_by_label("Vai trò trong đường dây").select_option(role)
    page.get_by_role("button", name="Thêm đối tượng").click()
    page.get_by_text("Đã thêm đối tượng.").wait_for()


def test_tip_to_solved_case(
    chromium_browser: Any,
    live_server: Any,
    officer: Any,
    operator: Any,
    supervisor: Any,
) -> None:
    errors: list[str] = []
    older = open_case(officer, number="03/2025/HS", prosecution_date=dt.date(2025, 3, 1))
    services.suspect_add(
        actor=officer,
        case=older,
        person=make_person(officer, "Hoàng Văn Nam", "0912345678"),
        role="recruiter",
    )
    tip = verifying_tip(operator, supervisor, officer)
    page = _login(chromium_browser, live_server, officer, errors)

    # 1. From the cases menu, open a case from the tip being verified.
    page.get_by_role("link", name="Vụ án", exact=True).first.click()
    page.get_by_role("link", name="Khởi tố vụ án từ nguồn tin").click()
    page.get_by_label("Nguồn tin quyết định khởi tố").select_option(label=tip.register_number)
    page.get_by_label("Số vụ án").fill("15/2026/HS")
    today = timezone.localdate()
    page.get_by_label("Ngày quyết định khởi tố").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Hứa hẹn việc làm giả").check()
    page.get_by_role("button", name="Mở vụ án").click()
    page.get_by_text("Đã mở vụ án số 15/2026/HS.").wait_for()
    case = Case.objects.get(number="15/2026/HS")
    tip.refresh_from_db()
    assert tip.status == TipStatus.DECIDED and tip.case_id == case.pk
    assert page.get_by_test_id("source-tip").inner_text().startswith(tip.register_number)

    # 2. Two suspects, both reachable on the older case's recruiter's number.
    _add_suspect(page, "Lò Văn Sơn", "0912 345 678", "transporter")
    _add_suspect(page, "Vi Thị Hoa", "+84 912 345 678", "broker")
    assert page.get_by_test_id("suspect-row").count() == 2
    assert "Lò Văn Sơn" not in page.content()  # names masked on the case page
    shared = PersonIdentifier.objects.filter(person__suspect_roles__case=older).get().value_index
    assert (
        PersonIdentifier.objects.filter(
            value_index=shared, person__suspect_roles__case=case
        ).count()
        == 2
    )

    # 3. An arrest of the first suspect.
    page.get_by_role("link", name="Ghi nhận bắt giữ").first.click()
    page.get_by_label("Loại").select_option("arrest")
    page.get_by_label("Ngày", exact=True).fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ghi nhận").click()
    page.get_by_text("Đã ghi nhận việc bắt giữ.").wait_for()
    assert page.get_by_test_id("arrest").count() == 1

    # 4. A hand-over by the Lao side at the Nậm Cắn border gate.
    page.get_by_role("link", name="Ghi nhận tiếp nhận trao trả tại cửa khẩu").click()
    page.get_by_label("Ngày", exact=True).fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Số người được trao trả").fill("3")
    page.get_by_label("Cửa khẩu", exact=True).select_option("nam_can")
    page.get_by_label("Cơ quan chức năng nước ngoài").fill("Công an tỉnh Xiêng Khoảng")
    page.get_by_role("button", name="Ghi nhận").click()
    page.get_by_text("Đã ghi nhận việc tiếp nhận trao trả.").wait_for()
    assert "Cửa khẩu quốc tế Nậm Cắn" in page.get_by_test_id("case-event").inner_text()
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.border_gate, event.foreign_country, event.persons_count) == (
        "handover",
        "nam_can",
        "LA",
        3,
    )

    # 5. Solved.
    page.get_by_test_id("action-solve").click()
    page.get_by_role("button", name="Xác nhận đã khám phá").click()
    page.get_by_text("Đã cập nhật trạng thái vụ án.").wait_for()
    assert page.get_by_test_id("case-status").inner_text() == "Đã khám phá"
    case.refresh_from_db()
    assert case.status == CaseStatus.SOLVED

    # 6. The solved rate: this year one prosecuted, one solved; with the older (unsolved)
    # case in the period, one of two.
    year = case_numbers(
        agency_ids=[officer.agency_id],
        admin_unit_code=None,
        start=dt.date(today.year, 1, 1),
        end=dt.date(today.year, 12, 31),
    )
    assert (year.prosecuted, year.solved, year.solved_rate) == (1, 1, Decimal("1.0000"))
    assert (year.suspects, year.arrested, year.handed_over_persons) == (2, 1, 3)
    both = case_numbers(
        agency_ids=[officer.agency_id],
        admin_unit_code="31",
        start=dt.date(2025, 1, 1),
        end=dt.date(today.year, 12, 31),
    )
    assert (both.prosecuted, both.solved, both.solved_rate) == (2, 1, Decimal("0.5000"))
    assert errors == []

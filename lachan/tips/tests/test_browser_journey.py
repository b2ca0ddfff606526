"""The whole life of a public tip in a real browser (issue 3, "Done means"): an anonymous
reporter sends it and keeps the receipt; the intake operator sees it in the unassigned
queue with triage suggestions and classifies it; the supervisor assigns it; the officer
starts verification and writes to the reporter; the reporter reads the reply with the
receipt; the officer decides the tip; the deadline counters move."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyotp
import pytest
from django.utils import timezone

from lachan.tips.models import (
    Decision,
    MessageDirection,
    PublicSubmission,
    Tip,
    TipChannel,
    TipStatus,
)
from lachan.tips.tests.public_helpers import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
TIP_TEXT = (
    "Tôi thấy một người đàn ông tên Tùng hứa hẹn việc làm lương cao ở nhà máy cho ba cô gái "
    "ở phường Lê Chân. Hắn thu giữ hộ chiếu của các cô và nói sẽ đưa sang Trung Quốc qua "
    "đường tiểu ngạch vào tuần tới. Số điện thoại của hắn là 0912 345 678."
)
# Generous: the first request of a live server imports every URLconf and view, which
# took over 15 s on a 2-core machine shared with seven test suites.
TIMEOUT_MS = 60_000
REPLY = "Cảm ơn bạn đã báo tin. Chúng tôi đang xác minh; nếu bạn biết thêm ngày đi, hãy nhắn lại."


def _with_totp(user: Any) -> Any:
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return user


def _watch_console(page: Any, errors: list[str]) -> Any:
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _staff_page(browser: Any, live_server: Any, user: Any, errors: list[str]) -> Any:
    """A fresh browser context logged in as ``user`` through the real login pages."""
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = _watch_console(context.new_page(), errors)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto("/")
    assert page.title().startswith("Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="Xác thực").click()
    page.get_by_role("heading", name=f"Xin chào, {user.full_name}").wait_for()
    return page


def _open_tip(page: Any, tip: Tip) -> None:
    page.goto(f"/tips/{tip.pk}/")
    page.get_by_role("heading", name=f"Nguồn tin số {tip.register_number}").wait_for()


def _action(page: Any, name: str) -> Any:
    """The form of one action on the detail page, its <details> opened."""
    form = page.get_by_test_id(f"action-{name}")
    details = page.locator("details").filter(has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def _flash(page: Any, text: str) -> None:
    page.get_by_text(text, exact=True).wait_for()


def test_public_tip_from_receipt_to_decision(
    page: Any,
    chromium_browser: Any,
    live_server: Any,
    settings: Any,
    hp_agency: Any,
    hp_operator: Any,
    hp_supervisor: Any,
    hp_officer: Any,
) -> None:
    # The robot check refuses forms sent faster than a person types; Playwright is fast.
    settings.LACHAN_PUBLIC_MIN_FILL_SECONDS = 0
    operator, supervisor, officer = (
        _with_totp(u) for u in (hp_operator, hp_supervisor, hp_officer)
    )
    errors: list[str] = []
    _watch_console(page, errors)
    page.set_default_timeout(TIMEOUT_MS)

    # 1. An anonymous visitor sends a tip and keeps the receipt.
    page.goto("/tips/public/new/")
    page.get_by_role("heading", name="Báo tin về mua bán người").wait_for()
    page.get_by_label("Chuyện gì đã xảy ra?").fill(TIP_TEXT)
    page.get_by_label("Việc xảy ra ở đâu?").fill("Một quán nước gần chợ Ga, phường Lê Chân")
    page.get_by_label("Tỉnh hoặc thành phố (nếu bạn biết)").select_option(
        str(hp_agency.admin_unit_id)
    )
    page.get_by_label("Những ai liên quan?").fill("Tùng, khoảng 35 tuổi; ba cô gái 17–19 tuổi")
    page.get_by_role("button", name="Gửi tin báo").click()
    page.get_by_role("heading", name="Cảm ơn bạn. Tin báo của bạn đã được tiếp nhận.").wait_for()
    receipt = page.get_by_test_id("receipt").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4})+", receipt), receipt
    # Stored; the task queued with it registers it (production: `manage.py db_worker`).
    assert PublicSubmission.objects.filter(registered_at__isnull=True).count() == 1
    run_worker()
    tip = Tip.objects.get()
    assert tip.channel == TipChannel.WEB_FORM
    assert tip.receiving_agency_id == hp_agency.pk  # routed to Công an thành phố Hải Phòng
    assert tip.status == TipStatus.RECEIVED
    assert tip.assignee_id is None
    assert tip.reporter_anonymous is True

    # 2. The intake operator finds it in the unassigned queue, with triage suggestions.
    desk = _staff_page(chromium_browser, live_server, operator, errors)
    desk.goto("/tips/")
    desk.get_by_role("heading", name="Tiếp nhận nguồn tin").wait_for()
    # An operator assigns nothing, so the register opens on all tips; the unassigned
    # queue is one click away.
    desk.get_by_test_id("tab-unassigned").click()
    desk.wait_for_url("**/tips/?queue=unassigned*")
    assert desk.get_by_test_id("tab-unassigned").get_attribute("aria-current") == "page"
    row = desk.get_by_test_id("tip-row").filter(has_text=tip.register_number)
    assert row.count() == 1
    assert "Mới tiếp nhận" in row.inner_text()
    row.get_by_role("link", name=tip.register_number).click()
    desk.get_by_role("heading", name=f"Nguồn tin số {tip.register_number}").wait_for()
    assert desk.get_by_test_id("reporter-name").inner_text() == "Ẩn danh"
    assert "0912 345 678" in desk.get_by_test_id("tip-content").inner_text()
    triage = desk.get_by_test_id("triage-panel")
    assert triage.get_by_role("heading", name="Gợi ý phân loại").is_visible()
    assert desk.get_by_test_id("triage-trafficking").inner_text().startswith("Có")
    assert "Trung Quốc" in desk.get_by_test_id("triage-destination").inner_text()

    # 3. …and classifies it (the suggestion pre-fills the form; the operator confirms).
    form = _action(desk, "classify")
    form.get_by_label("Có", exact=True).check()
    form.get_by_label("Tóm tắt để ghi sổ").fill("Nghi dụ dỗ ba cô gái sang Trung Quốc")
    form.get_by_role("button", name="Lưu phân loại").click()
    _flash(desk, "Đã lưu phân loại.")
    assert desk.get_by_test_id("tip-status").inner_text() == "Đã phân loại"
    tip.refresh_from_db()
    assert tip.status == TipStatus.CLASSIFIED
    assert tip.trafficking_related is True
    assert tip.destination_country == "CN"
    assert tip.summary == "Nghi dụ dỗ ba cô gái sang Trung Quốc"

    # 4. The supervisor assigns it to the officer.
    chief = _staff_page(chromium_browser, live_server, supervisor, errors)
    _open_tip(chief, tip)
    form = _action(chief, "assign")
    form.get_by_label("Cán bộ thụ lý").select_option(str(officer.pk))
    form.get_by_role("button", name="Phân công").click()
    _flash(chief, "Đã phân công thụ lý nguồn tin.")
    assert chief.get_by_test_id("tip-assignee").inner_text() == officer.full_name
    tip.refresh_from_db()
    assert tip.assignee_id == officer.pk

    # 5. The officer starts verification and writes to the reporter.
    inv = _staff_page(chromium_browser, live_server, officer, errors)
    _open_tip(inv, tip)
    _action(inv, "verify").get_by_role("button", name="Bắt đầu kiểm tra, xác minh").click()
    _flash(inv, "Đã bắt đầu kiểm tra, xác minh.")
    form = _action(inv, "message")
    form.get_by_label("Tin nhắn cho người báo tin").fill(REPLY)
    form.get_by_role("button", name="Gửi").click()
    _flash(inv, "Đã gửi tin nhắn.")
    assert REPLY in inv.get_by_test_id("tip-message").inner_text()
    tip.refresh_from_db()
    assert tip.status == TipStatus.VERIFYING
    assert list(tip.messages.values_list("direction", "body")) == [
        (MessageDirection.TO_REPORTER, REPLY)
    ]

    # 6. The reporter, in a fresh browser without any login, reads the reply.
    reporter_ctx = chromium_browser.new_context(locale="vi-VN", base_url=live_server.url)
    reporter = _watch_console(reporter_ctx.new_page(), errors)
    reporter.goto("/tips/public/follow-up/")
    reporter.get_by_role("heading", name="Theo dõi tin báo").wait_for()
    reporter.get_by_label("Mã biên nhận của bạn").fill(receipt)
    reporter.get_by_role("button", name="Xem tình trạng").click()
    reporter.get_by_role("heading", name="Tin báo của bạn").wait_for()
    assert REPLY in reporter.locator(".messages").inner_text()
    assert receipt not in reporter.url
    reporter_ctx.close()

    # 7. Time passes: the tip is now two days from its deadline, and the counters say so.
    Tip.objects.filter(pk=tip.pk).update(deadline_at=timezone.now() + dt.timedelta(days=2))
    inv.goto("/")
    assert inv.get_by_test_id("tips-due-soon").inner_text() == "1 nguồn tin hết hạn trong 3 ngày"
    inv.goto("/tips/?queue=due_soon")
    assert "hết hạn trong 3 ngày: 1" in inv.get_by_test_id("queue-counters").inner_text()
    assert inv.get_by_test_id("tip-row").filter(has_text=tip.register_number).count() == 1

    # 8. The officer decides: no prosecution, with the reason.
    _open_tip(inv, tip)
    form = _action(inv, "decide")
    form.get_by_label("Không khởi tố vụ án").check()
    form.get_by_label("Số quyết định").fill("12/QĐ-CSHS")
    form.get_by_label("Lý do không khởi tố").fill("Không có sự việc phạm tội sau khi xác minh.")
    form.get_by_role("button", name="Ghi nhận quyết định").click()
    _flash(inv, "Đã ghi nhận quyết định.")
    assert inv.get_by_test_id("tip-status").inner_text() == "Đã giải quyết"
    assert "Không khởi tố vụ án — 12/QĐ-CSHS" in inv.get_by_test_id("tip-decision").inner_text()
    tip.refresh_from_db()
    assert tip.status == TipStatus.DECIDED
    assert tip.decision == Decision.DECLINE
    assert tip.decision_number == "12/QĐ-CSHS"

    # 9. The counters move: nothing is due any more, for the officer and the supervisor.
    inv.goto("/")
    assert inv.get_by_test_id("tips-due-soon").inner_text() == "0 nguồn tin hết hạn trong 3 ngày"
    chief.goto("/tips/?queue=due_soon")
    assert "hết hạn trong 3 ngày: 0" in chief.get_by_test_id("queue-counters").inner_text()
    chief.get_by_text("Không có nguồn tin nào trong danh sách này.").wait_for()

    for p in (desk, chief, inv):
        p.context.close()
    assert errors == []  # e.g. no CSP violation anywhere on the way

"""Issue 7, "Done means", in a real browser: a supervisor opens the dashboard, filters
the analysis by province and year, sees the chart and the map, starts the annual report,
watches its progress (the background worker runs it), leaves and comes back, and
downloads the Excel and the PDF, which are opened and checked."""

from __future__ import annotations

import io
from typing import Any

import pyotp
import pypdfium2
import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from lachan.audit.models import AuditEvent
from lachan.reports.models import PeriodReport, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_supervisor_dashboard_to_annual_report(
    chromium_browser: Any, live_server: Any, hp_supervisor: Any, sample_tips: Any
) -> None:
    user = hp_supervisor
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    errors: list[str] = []
    context = chromium_browser.new_context(
        locale="vi-VN", base_url=live_server.url, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="Xác thực").click()

    # 1. The home dashboard, then the analysis page from the menu.
    page.get_by_test_id("reports-home").wait_for()
    page.locator("nav.mainnav a[href='/reports/']").click()
    page.get_by_role("heading", name="Phân tích số liệu", exact=True).wait_for()

    # 2. Filter by province and year.
    filters = page.get_by_test_id("analysis-filters")
    filters.locator("select[name=year]").select_option("2025")
    filters.locator("select[name=province]").select_option("31")
    filters.locator("button[type=submit]").click()
    page.wait_for_url("**/reports/?*province=31*")
    assert page.get_by_test_id("analysis-total").inner_text() == "6"
    assert page.get_by_test_id("trend-chart").locator("svg polyline").count() == 1
    hai_phong = page.get_by_test_id("province-map").locator('path[data-code="31"]')
    assert hai_phong.count() == 1
    assert hai_phong.get_attribute("fill") != "#f2f2f2"
    assert page.get_by_test_id("province-map").locator("path").count() == 34
    assert "Hải Phòng" in page.get_by_test_id("province-table").inner_text()

    # 3. Start the annual report and watch its progress.
    page.goto("/reports/period/")
    form = page.get_by_test_id("period-report-form")
    form.locator("input[name=period]").fill("2025")
    form.locator("textarea[name=lessons_learned]").fill("Phối hợp liên ngành hiệu quả ở Hải Phòng.")
    form.get_by_role("button", name="Lập báo cáo").click()
    progress = page.get_by_test_id("report-progress")
    progress.wait_for()
    assert progress.get_attribute("data-status") == "queued"
    assert page.locator("progress#report-progress-bar").count() == 1
    report = PeriodReport.objects.get()
    report_url = page.url

    # Leave the page; the worker runs the task meanwhile; come back.
    page.goto("/")
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert PeriodReport.objects.get().status == ReportStatus.DONE
    page.goto(report_url)
    page.get_by_test_id("download-xlsx").wait_for()

    # 4. Download both files, open and check them.
    with page.expect_download() as excel_info:
        page.get_by_test_id("download-xlsx").click()
    excel_path = excel_info.value.path()
    with open(excel_path, "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    tips_sheet = workbook[workbook.sheetnames[1]]
    assert tips_sheet["A1"].value == "Công an thành phố Hải Phòng"
    assert tips_sheet["B6"].value == 5  # the agency's subtree: itself and its commune police
    with page.expect_download() as pdf_info:
        page.get_by_test_id("download-pdf").click()
    pdf = pypdfium2.PdfDocument(pdf_info.value.path())
    text = "".join(p.get_textpage().get_text_range() for p in pdf)
    pdf.close()
    assert "CÔNG AN THÀNH PHỐ HẢI PHÒNG" in text
    assert "Phối hợp liên ngành hiệu quả ở Hải Phòng." in text
    assert (
        AuditEvent.objects.filter(object_id=str(report.pk), action="report.download").count() == 2
    )
    assert errors == []
    context.close()


def test_progress_updates_without_reloading(
    chromium_browser: Any, live_server: Any, hp_supervisor: Any
) -> None:
    """The progress bar follows the task (htmx polling of the same page's fragment)."""
    from lachan.core.testing.factories import logged_in_client

    client = logged_in_client(hp_supervisor)
    context = chromium_browser.new_context(locale="vi-VN", base_url=live_server.url)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    report = PeriodReport.objects.create(
        requested_by=hp_supervisor,
        agency=hp_supervisor.agency,
        period_kind="year",
        period_start="2025-01-01",
        period_end="2025-12-31",
        title="Báo cáo năm 2025",
    )
    page.goto(f"/reports/period/{report.pk}/")
    page.locator('progress[value="0"]').wait_for()
    PeriodReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=55)
    page.locator('progress[value="55"]').wait_for()
    context.close()

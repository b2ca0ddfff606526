"""In a real browser: an officer opens the network of a suspect and sees the new case
joined to an older one through a phone number both suspects used."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from django.utils import timezone

from lachan.access.roles import Role
from lachan.networks.tests.helpers import PHONE, make_case, make_person, refresh_graph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def _login(browser: Any, live_server: Any, user: Any, errors: list[str]) -> Any:
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, accept_downloads=True)
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


def test_two_cases_joined_through_a_shared_phone(
    chromium_browser: Any, live_server: Any, make_user: Any, make_agency: Any
) -> None:
    from lachan.core.testing.factories import unit

    agency = make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))
    officer = make_user(role=Role.OFFICER, agency=agency, full_name="Điều tra viên Lê Minh")
    officer.totp_secret = pyotp.random_base32()
    officer.totp_confirmed_at = timezone.now()
    officer.save(update_fields=["totp_secret", "totp_confirmed_at"])
    hung = make_person(officer, "Vũ Văn Hùng", "+84 912.345.678")
    tu = make_person(officer, "Ngô Văn Tú", PHONE)
    lan = make_person(officer, "Đỗ Thị Lan", PHONE)
    make_case(officer, "01/2024", hung)
    make_case(officer, "07/2025", tu, lan)
    refresh_graph()

    errors: list[str] = []
    page = _login(chromium_browser, live_server, officer, errors)
    page.goto(f"/people/{tu.pk}/")
    page.get_by_test_id("network-link").click()
    page.get_by_role("heading", name="Đường dây quanh một đối tượng").wait_for()
    graph = page.get_by_test_id("network-graph")
    graph.wait_for(state="visible")
    page.wait_for_function("document.getElementById('network-graph').dataset.ready === '1'")
    drawn = page.evaluate(
        "() => window.lachanNetwork.nodes('[kind = \"case\"]').map(n => n.data('label')).sort()"
    )
    assert drawn == ["Vụ án 01/2024", "Vụ án 07/2025"]
    # The two cases are joined: one component, through the shared phone.
    assert page.evaluate("() => window.lachanNetwork.elements().components().length") == 1
    phone = page.evaluate(
        "() => window.lachanNetwork.nodes('[kind = \"identifier\"]').map(n => n.data('label'))"
    )
    assert phone == ["+84 9** *** *78"]
    cases = page.get_by_test_id("network-cases")
    assert cases.get_by_role("link").all_inner_texts() == ["Vụ án 07/2025", "Vụ án 01/2024"]
    assert page.get_by_test_id("hidden-count").inner_text() == (
        "Không có hồ sơ liên kết nào ngoài phạm vi của bạn."
    )
    # The canvas has pixels; the server-side picture downloads.
    assert graph.locator("canvas").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("button", name="Xuất PNG").click()
    assert download.value.suggested_filename.endswith(".png")
    # Track it and find it listed.
    page.get_by_label("Tên đường dây").fill("Đường dây Hải An")
    page.get_by_role("button", name="Theo dõi như một đường dây").click()
    page.get_by_text("Đã theo dõi đường dây.").wait_for()
    page.get_by_role("heading", name="Đường dây Hải An").wait_for()
    assert errors == []

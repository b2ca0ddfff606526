"""The shell as a newcomer meets it, in a real browser: the Vietnamese login page, a
password and a TOTP code, the role's menu, switching to English and back, logging out."""

from __future__ import annotations

import pyotp
import pytest
from django.utils import timezone

from lachan.access.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_with_totp_switch_language_and_log_out(page, make_user):  # type: ignore[no-untyped-def]
    user = make_user(username="hp.chihuy.thu", role=Role.SUPERVISOR, full_name="Trần Văn Bình")
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    console_errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    page.goto("/")
    assert page.title().startswith("Đăng nhập")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill("hp.chihuy.thu")
    page.get_by_label("Mật khẩu").fill("correct horse battery")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(user.totp_secret).now())
    page.get_by_role("button", name="Xác thực").click()

    page.get_by_role("heading", name="Xin chào, Trần Văn Bình").wait_for()
    menu = page.get_by_role("navigation", name="Danh mục chính")
    assert menu.get_by_role("link", name="Nhân thân").is_visible()
    # A supervisor manages no users and reads no audit trail: those entries are hidden.
    assert menu.get_by_role("link", name="Người dùng").count() == 0
    assert menu.get_by_role("link", name="Nhật ký hệ thống").count() == 0

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Hello, Trần Văn Bình").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("navigation", name="Main menu")
        .get_by_role("link", name="Persons")
        .is_visible()
    )
    page.get_by_role("button", name="Tiếng Việt").click()
    page.get_by_role("heading", name="Xin chào, Trần Văn Bình").wait_for()

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/**")
    page.goto("/people/")
    assert page.title().startswith("Đăng nhập")  # the session is really gone
    assert console_errors == []

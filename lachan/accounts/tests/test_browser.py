"""The login journey in a real browser: the QR code shows under the strict CSP, the
first code enrols, and the officer lands logged in; then a token is made and shown
once."""

from __future__ import annotations

import pyotp
import pytest

from lachan.access.roles import Role
from lachan.accounts.models import ApiToken, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str, password: str = "correct horse battery") -> None:
    page.goto("/accounts/me/")
    assert page.title().startswith("Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Tiếp tục").click()


def test_a_real_browser_can_post_the_login_form(page, make_user):
    make_user(username="can.bo.thu")
    log_in(page, "can.bo.thu")
    page.get_by_role("heading", name="Thiết lập xác thực hai bước").wait_for(timeout=5_000)


def test_enrol_login_and_create_a_token(page, make_user):
    user = make_user(role=Role.OFFICER, username="can.bo.moi")
    console_errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    log_in(page, "can.bo.moi")
    page.get_by_role("heading", name="Thiết lập xác thực hai bước").wait_for()
    box = page.locator(".qr svg").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert secret == User.objects.get(pk=user.pk).totp_secret
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Xác thực").click()

    page.wait_for_url("**/accounts/me/")
    page.get_by_role("heading", name="Tài khoản của tôi").wait_for()
    page.get_by_label("Tên mã truy cập").fill("Xuất số liệu")
    page.get_by_role("button", name="Tạo mã").click()
    shown = page.get_by_test_id("token-secret").input_value()
    assert shown.startswith(f"lc_{ApiToken.objects.get().prefix}_")
    page.get_by_role("link", name="Tôi đã sao chép").click()
    page.get_by_role("heading", name="Tài khoản của tôi").wait_for()
    assert shown not in page.content()
    assert "Xuất số liệu" in page.content()
    assert console_errors == []  # e.g. no CSP violation from the QR code

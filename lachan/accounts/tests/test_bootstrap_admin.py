"""``manage.py bootstrap_admin``: the first system administrator of a fresh install,
once, with a one-time password, and audited with no actor."""

from __future__ import annotations

from io import StringIO

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lachan.access.roles import Role
from lachan.accounts.models import User
from lachan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bootstrap(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("bootstrap_admin", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_creates_the_first_system_admin_with_a_one_time_password() -> None:
    password, messages = bootstrap("Admin.Tinh", "--full-name", "  Nguyễn   Văn An ")

    user = User.objects.get()
    assert (user.username, user.full_name, user.name_key) == (
        "admin.tinh",
        "Nguyễn Văn An",
        "nguyen van an",
    )
    assert (user.role, user.agency, user.is_active) == (Role.SYSTEM_ADMIN, None, True)
    assert user.must_change_password is True
    assert user.has_totp is False
    assert user.check_password(password)
    assert len(password) == 14  # three groups of four
    assert "admin.tinh" in messages and password not in messages
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_username) == ("user.bootstrap", None, "")
    assert (event.object_type, event.object_id, event.interface) == (
        "accounts.user",
        str(user.pk),
        "command",
    )
    assert event.changes == {"role": "system_admin"}
    assert password not in str(event.changes)


def test_refused_once_a_system_admin_exists() -> None:
    bootstrap("quantri")
    before = (list(User.objects.values_list("username", flat=True)), AuditEvent.objects.count())

    with pytest.raises(CommandError, match="Đã có quản trị viên hệ thống"):
        bootstrap("quantri2")

    assert (list(User.objects.values_list("username", flat=True)), AuditEvent.objects.count()) == (
        before
    )


def test_an_invalid_username_is_refused_and_nothing_written() -> None:
    with pytest.raises(CommandError) as exc:
        bootstrap("A")
    assert str(exc.value).endswith(
        " Dùng 3–50 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới."
    )
    assert (User.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_other_roles_do_not_block_the_bootstrap(make_user) -> None:
    make_user(username="officer1", role=Role.OFFICER)
    make_user(username="oldadmin", role=Role.SYSTEM_ADMIN, agency=None, is_active=False)

    password, _ = bootstrap("quantri")

    assert User.objects.get(username="quantri").check_password(password)


def test_first_login_asks_for_an_authenticator_and_a_new_password() -> None:
    password, _ = bootstrap("quantri")
    client = Client()

    response = client.post(reverse("accounts:login"), {"username": "quantri", "password": password})
    assert response["Location"] == reverse("accounts:login_totp")
    assert client.get(reverse("accounts:login_totp")).status_code == 200  # enrolment page
    secret = User.objects.get().totp_secret
    assert secret
    response = client.post(reverse("accounts:login_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("accounts:login_new_password")
    new = "Mật khẩu riêng 2026!"
    response = client.post(
        reverse("accounts:login_new_password"), {"new_password1": new, "new_password2": new}
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.must_change_password, user.has_totp, user.check_password(new)) == (
        False,
        True,
        True,
    )
    assert "_auth_user_id" in client.session

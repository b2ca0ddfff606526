"""The two-step login: password, then TOTP (or enrolment), then — after a one-time
password — the user's own password."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.db import connection
from django.urls import reverse

from lachan.access.roles import Role
from lachan.accounts import flows, services
from lachan.accounts.middleware import SESSION_LOGIN_AT
from lachan.accounts.models import User
from lachan.accounts.tests.conftest import (
    PASSWORD,
    code_at,
    full_login,
    is_logged_in,
    post_code,
    post_password,
    wrong_code,
)
from lachan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def raw_column(column: str, user: User) -> str:
    pk = User._meta.pk.get_db_prep_value(user.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM accounts_user WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_login_page_is_public_and_vietnamese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Đăng nhập" in body
    assert "<h1>Đăng nhập</h1>" in body
    assert '<label for="id_username">Tên đăng nhập:</label>' in body


def test_password_step_leaves_only_a_pending_login(client, make_totp_user):
    user = make_totp_user()
    response = post_password(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login_totp")
    assert not is_logged_in(client)
    assert client.session[flows.PENDING_USER] == str(user.pk)
    # The pending login opens nothing.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert actions() == ["auth.login_password_ok"]


def test_full_login_with_totp(client, make_totp_user):
    user = make_totp_user()
    before = time.time()
    response = full_login(client, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert before <= client.session[SESSION_LOGIN_AT] <= time.time()
    assert flows.PENDING_USER not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert actions() == ["auth.login_password_ok", "auth.login_success"]
    success = AuditEvent.objects.get(action="auth.login_success")
    assert (success.actor_id, success.object_id, success.interface) == (
        user.pk,
        str(user.pk),
        "web",
    )


def test_login_goes_to_the_safe_next_url_only(client, make_totp_user):
    user = make_totp_user()
    post_password(client, user.username, next="/accounts/me/")
    assert post_code(client, code_at(user.totp_secret))["Location"] == "/accounts/me/"

    other = make_totp_user()
    other_client = type(client)()
    post_password(other_client, other.username, next="https://evil.example/")
    assert post_code(other_client, code_at(other.totp_secret))["Location"] == reverse("web:home")


def test_code_with_spaces_and_previous_step_is_accepted(client, make_totp_user):
    user = make_totp_user()
    code = code_at(user.totp_secret, -1)
    response = full_login(client, user, code=f"{code[:3]} {code[3:]}")
    assert response.status_code == 302
    assert is_logged_in(client)


def test_code_two_steps_old_is_refused(client, make_totp_user):
    user = make_totp_user()
    response = full_login(client, user, code=code_at(user.totp_secret, -3))
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã được dùng." in response.content.decode()
    assert not is_logged_in(client)


def test_reused_code_is_rejected(client, make_totp_user, django_user_model):
    user = make_totp_user()
    code = code_at(user.totp_secret)
    assert full_login(client, user, code=code).status_code == 302
    step = User.objects.get(pk=user.pk).totp_last_step
    assert step == int(time.time() // 30) or step == int(time.time() // 30) - 1

    second = type(client)()
    response = full_login(second, user, code=code)
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã được dùng." in response.content.decode()
    assert not is_logged_in(second)
    # An older, never used code is refused as well: only later steps count.
    response = post_code(second, code_at(user.totp_secret, -1))
    assert not is_logged_in(second)
    assert User.objects.get(pk=user.pk).totp_last_step == step
    failure = AuditEvent.objects.filter(action="auth.login_failure").first()
    assert failure.changes == {"step": "totp", "reason": "code"}


def test_enrolment_shows_qr_and_secret_then_confirms_with_first_code(client, make_user):
    user = make_user()
    assert not user.has_totp
    post_password(client, user.username)
    page = client.get(reverse("accounts:login_totp"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Thiết lập xác thực hai bước" in body
    assert '<svg viewBox="' in body and 'class="segno"' in body
    assert "style=" not in body.split('<div class="qr">')[1].split("</div>")[0]

    user.refresh_from_db()
    secret = user.totp_secret
    assert len(secret) == 32
    grouped = " ".join(secret[i : i + 4] for i in range(0, 32, 4))
    assert grouped in body
    # Stored encrypted: the column never holds the secret itself.
    assert secret not in raw_column("totp_secret", user)

    # A reload keeps the same secret (an already scanned code stays valid).
    client.get(reverse("accounts:login_totp"))
    user.refresh_from_db()
    assert user.totp_secret == secret

    response = post_code(client, pyotp.TOTP(secret).now())
    assert response.status_code == 302
    assert is_logged_in(client)
    user.refresh_from_db()
    assert user.has_totp
    assert actions() == [
        "auth.login_password_ok",
        "auth.totp_enrolment_started",
        "auth.totp_enrolled",
        "auth.login_success",
    ]


def test_wrong_enrolment_code_does_not_enrol(client, make_user):
    user = make_user()
    post_password(client, user.username)
    client.get(reverse("accounts:login_totp"))
    response = post_code(client, wrong_code(User.objects.get(pk=user.pk).totp_secret))
    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã được dùng." in response.content.decode()
    user.refresh_from_db()
    assert not user.has_totp
    assert not is_logged_in(client)
    assert "auth.totp_enrolled" not in actions()


def test_totp_page_without_pending_login_sends_back_to_login(client):
    response = client.get(reverse("accounts:login_totp"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_pending_login_is_void_once_the_user_is_disabled(client, make_totp_user):
    user = make_totp_user()
    post_password(client, user.username)
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = post_code(client, code_at(user.totp_secret))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)


def test_disabled_user_gets_the_generic_failure(client, make_totp_user):
    user = make_totp_user(is_active=False)
    response = post_password(client, user.username)
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert flows.PENDING_USER not in client.session
    assert AuditEvent.objects.get().changes == {"step": "password", "reason": "inactive"}


def test_one_time_password_leads_to_choosing_a_new_password(client, make_agency, make_user):
    agency = make_agency()
    admin = make_user(role=Role.AGENCY_ADMIN, agency=agency)
    created = services.user_create(
        actor=admin, username="Nguoi.Moi", full_name="Người Mới", role=Role.OFFICER, agency=agency
    )
    one_time = created.one_time_password
    assert created.user.username == "nguoi.moi"
    assert post_password(client, "nguoi.moi", one_time).status_code == 302
    client.get(reverse("accounts:login_totp"))
    secret = User.objects.get(pk=created.user.pk).totp_secret
    response = post_code(client, pyotp.TOTP(secret).now())
    assert response["Location"] == reverse("accounts:login_new_password")
    assert not is_logged_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 302

    weak = client.post(
        reverse("accounts:login_new_password"),
        {"new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    assert not is_logged_in(client)

    response = client.post(
        reverse("accounts:login_new_password"),
        {"new_password1": "sông Hồng chảy mãi", "new_password2": "sông Hồng chảy mãi"},
    )
    assert response.status_code == 302
    assert is_logged_in(client)
    user = User.objects.get(pk=created.user.pk)
    assert user.check_password("sông Hồng chảy mãi")
    assert not user.must_change_password
    assert actions()[-3:] == ["auth.totp_enrolled", "user.password_change", "auth.login_success"]


def test_logout_is_post_only_and_audited(client, make_totp_user):
    user = make_totp_user()
    full_login(client, user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor_id) == ("auth.logout", user.pk)


def test_typed_password_never_reaches_the_audit_trail(client, make_totp_user):
    user = make_totp_user()
    post_password(client, user.username, "wrong-password-xyz")
    post_password(client, "no-such-person", "another-secret-abc")
    full_login(client, user)
    dump = str(list(AuditEvent.objects.values()))
    for typed in ("wrong-password-xyz", "another-secret-abc", "no-such-person", PASSWORD):
        assert typed not in dump


def test_enrolment_finished_in_another_tab_turns_into_a_code_prompt(client, make_user):
    user = make_user()
    other_tab = type(client)()
    post_password(client, user.username)
    post_password(other_tab, user.username)
    client.get(reverse("accounts:login_totp"))
    secret = User.objects.get(pk=user.pk).totp_secret
    assert post_code(client, code_at(secret)).status_code == 302
    page = other_tab.get(reverse("accounts:login_totp"))
    assert page.status_code == 200
    assert "<h1>Mã xác thực</h1>" in page.content.decode()

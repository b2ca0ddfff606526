"""Per-account lockout: unknown names behave exactly like known ones."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import hashers
from django.urls import reverse
from django.utils import timezone

from lachan.accounts import flows, throttle
from lachan.accounts.models import LoginThrottle
from lachan.accounts.tests.conftest import (
    code_at,
    is_logged_in,
    normalise,
    post_code,
    post_password,
    wrong_code,
)
from lachan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOCKED = (
    "Đăng nhập sai quá nhiều lần. Tài khoản tạm thời không đăng nhập được trong tối đa 15 phút."
)
FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture(autouse=True)
def _three_failures(settings):
    settings.LACHAN_LOGIN_MAX_FAILURES = 3
    settings.LACHAN_LOGIN_LOCK_SECONDS = 15 * 60


def test_lockout_after_n_failures_then_the_right_password_is_refused(client, make_totp_user):
    user = make_totp_user()
    statuses = [post_password(client, user.username, "wrong").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = post_password(client, user.username)  # the right password
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert FAILED not in response.content.decode()
    assert flows.PENDING_USER not in client.session
    assert not is_logged_in(client)
    locked = AuditEvent.objects.get(action="auth.locked")
    assert (locked.actor_id, locked.object_id, locked.changes) == (
        user.pk,
        str(user.pk),
        {"seconds": 900},
    )
    reasons = [
        e.changes["reason"]
        for e in AuditEvent.objects.filter(action="auth.login_failure").order_by("seq")
    ]
    assert reasons == ["password", "password", "password", "locked"]


def test_unknown_and_known_usernames_get_identical_answers(make_totp_user):
    from django.test import Client

    user = make_totp_user(username="nguyen.an")
    unknown = "tran.binh"
    known_client, unknown_client = Client(), Client()
    for attempt in range(5):  # before, at and after the lock
        known = post_password(known_client, user.username, "wrong-pass")
        other = post_password(unknown_client, unknown, "wrong-pass")
        assert known.status_code == other.status_code, attempt
        assert normalise(known.content, user.username) == normalise(other.content, unknown)
    assert known.status_code == 429
    assert LOCKED in known.content.decode()
    # Both names are locked the same way, the typed name stored only as a keyed hash.
    for name in (user.username, unknown):
        row = LoginThrottle.objects.get(key=throttle.throttle_key(name))
        assert row.locked_until > timezone.now()
        assert name not in row.key


def test_unknown_username_failure_is_audited_without_actor_or_typed_text(client):
    post_password(client, "khong.ton.tai", "mat-khau-go-nham")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.actor_username) == ("auth.login_failure", None, "")
    assert (event.object_type, event.object_id) == ("accounts.user", "")
    assert event.changes == {"step": "password", "reason": "password"}
    assert "khong.ton.tai" not in str(AuditEvent.objects.values().get())


def test_unknown_username_still_runs_the_password_hasher(client, make_totp_user):
    user = make_totp_user()
    with mock.patch(
        "django.contrib.auth.base_user.make_password", wraps=hashers.make_password
    ) as hashed:
        post_password(client, "khong.ton.tai", "anything")
    assert hashed.call_count == 1
    with mock.patch("django.contrib.auth.base_user.check_password", return_value=False) as checked:
        post_password(client, user.username, "anything")
    assert checked.call_count == 1


def test_username_case_and_spacing_share_one_throttle(client, make_totp_user):
    make_totp_user(username="le.hoa")
    for typed in ("le.hoa", "LE.HOA", "Le.Hoa"):
        post_password(client, typed, "wrong")
    assert post_password(client, "le.hoa").status_code == 429


def test_wrong_totp_codes_count_as_failures(client, make_totp_user):
    user = make_totp_user()
    post_password(client, user.username)
    bad = wrong_code(user.totp_secret)
    assert post_code(client, bad).status_code == 200
    assert post_code(client, bad).status_code == 200
    response = post_code(client, bad)  # the third failure locks
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert flows.PENDING_USER not in client.session
    follow = client.get(reverse("accounts:login"))
    assert LOCKED in follow.content.decode()
    # Right password and right code are refused while locked.
    assert post_password(client, user.username).status_code == 429
    assert not is_logged_in(client)
    assert AuditEvent.objects.filter(action="auth.locked").count() == 1
    steps = list(
        AuditEvent.objects.filter(action="auth.login_failure")
        .order_by("seq")
        .values_list("changes", flat=True)
    )
    assert steps == [{"step": "totp", "reason": "code"}] * 3 + [
        {"step": "password", "reason": "locked"}
    ]


def test_lock_ends_after_its_time_and_success_clears_failures(client, make_totp_user):
    user = make_totp_user()
    for _ in range(3):
        post_password(client, user.username, "wrong")
    key = throttle.throttle_key(user.username)
    LoginThrottle.objects.filter(key=key).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert post_password(client, user.username).status_code == 302
    assert post_code(client, code_at(user.totp_secret)).status_code == 302
    assert is_logged_in(client)
    assert not LoginThrottle.objects.filter(key=key).exists()


def test_old_failures_outside_the_window_are_forgotten(client, make_totp_user):
    user = make_totp_user()
    post_password(client, user.username, "wrong")
    post_password(client, user.username, "wrong")
    key = throttle.throttle_key(user.username)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=1)):
        assert post_password(client, user.username, "wrong").status_code == 200
    assert LoginThrottle.objects.get(key=key).failures == 1

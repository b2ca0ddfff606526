"""Session lifetime (30 min idle, 8 h absolute) and ending other sessions."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from lachan.access.roles import Role
from lachan.accounts import services
from lachan.accounts.middleware import SESSION_LOGIN_AT, SESSION_TOUCHED_AT
from lachan.accounts.models import User
from lachan.accounts.tests.conftest import PASSWORD, is_logged_in
from lachan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/me/"


def redirected_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_idle_timeout_is_thirty_minutes_and_slides(client_for, make_user):
    user = make_user()
    client = client_for(user)
    assert settings.SESSION_COOKIE_AGE == 31 * 60  # 30 idle + at most 1 between pushes
    assert client.get(PROFILE).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=30) < remaining <= timedelta(minutes=31)
    # Within the minute, a request does not write the session again...
    earlier = timezone.now() - timedelta(minutes=10)
    Session.objects.filter(pk=session.pk).update(expire_date=earlier + timedelta(minutes=31))
    assert client.get(PROFILE).status_code == 200
    assert Session.objects.get(pk=session.pk).expire_date == earlier + timedelta(minutes=31)
    # ...once the last push is over a minute old, the next request slides it ahead.
    stored = client.session
    stored[SESSION_TOUCHED_AT] = time.time() - 61
    stored.save()
    assert client.get(PROFILE).status_code == 200
    remaining = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert timedelta(minutes=30) < remaining <= timedelta(minutes=31)
    # Idle beyond the limit: the stored session has expired and the visitor is out.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert redirected_to_login(client.get(PROFILE))


def test_absolute_lifetime_ends_the_session_even_when_active(client_for, make_user):
    user = make_user()
    client = client_for(user)
    session = client.session
    session[SESSION_LOGIN_AT] = time.time() - settings.LACHAN_SESSION_ABSOLUTE_SECONDS + 60
    session.save()
    assert client.get(PROFILE).status_code == 200  # 7 h 59 min: still fine

    session = client.session
    session[SESSION_LOGIN_AT] = time.time() - settings.LACHAN_SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert redirected_to_login(client.get(PROFILE))
    assert not is_logged_in(client)
    assert redirected_to_login(client.get(PROFILE))
    event = AuditEvent.objects.get(action="auth.logout")
    assert (event.actor_id, event.changes, event.interface) == (
        user.pk,
        {"reason": "session_lifetime"},
        "web",
    )


def test_a_session_without_login_time_is_ended(client, make_user):
    user = make_user()
    client.force_login(user)  # as if logged in without the login flow
    assert redirected_to_login(client.get(PROFILE))


def test_password_change_ends_the_other_sessions_only(client_for, make_user):
    user = make_user()
    here, elsewhere = client_for(user), client_for(user)
    stamp = user.security_stamp
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "mây trắng bay về núi",
            "new_password2": "mây trắng bay về núi",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    assert here.get(PROFILE).status_code == 200
    assert redirected_to_login(elsewhere.get(PROFILE))
    user.refresh_from_db()
    assert user.check_password("mây trắng bay về núi")
    assert user.security_stamp != stamp
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.changes) == ("user.password_change", user.pk, [])


def test_password_change_with_wrong_current_password_changes_nothing(client_for, make_user):
    user = make_user()
    here, elsewhere = client_for(user), client_for(user)
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not my password",
            "new_password1": "mây trắng bay về núi",
            "new_password2": "mây trắng bay về núi",
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    fresh = User.objects.get(pk=user.pk)
    assert fresh.check_password(PASSWORD)
    assert fresh.security_stamp == user.security_stamp
    assert elsewhere.get(PROFILE).status_code == 200
    assert not AuditEvent.objects.exists()


def test_password_change_refuses_a_weak_password(client_for, make_user):
    user = make_user()
    client = client_for(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "123456789", "new_password2": "123456789"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


def test_disabling_a_user_ends_all_their_sessions(client_for, make_user, make_agency):
    agency = make_agency()
    admin = make_user(role=Role.AGENCY_ADMIN, agency=agency)
    user = make_user(agency=agency)
    first, second = client_for(user), client_for(user)
    assert first.get(PROFILE).status_code == 200
    services.user_disable(actor=admin, user=user)
    assert redirected_to_login(first.get(PROFILE))
    assert redirected_to_login(second.get(PROFILE))


def test_resetting_2fa_ends_the_users_sessions(client_for, make_user, make_agency):
    agency = make_agency()
    admin = make_user(role=Role.AGENCY_ADMIN, agency=agency)
    user = make_user(agency=agency)
    client = client_for(user)
    services.user_reset_totp(actor=admin, user=user)
    assert redirected_to_login(client.get(PROFILE))

"""Personal API tokens: shown once, only a hash stored, act exactly as their user."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from lachan.access.roles import Role
from lachan.accounts.api_tokens import api_token_create
from lachan.accounts.models import ApiToken
from lachan.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ME = "/api/v1/accounts/me"
TOKENS = "/api/v1/accounts/tokens"


def vietnamese(text) -> str:
    with translation.override("vi"):
        return str(text)


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def stored_anywhere(raw: str) -> list[str]:
    """Every table (the fixed geography aside) searched for the raw token."""
    hits = []
    for model in apps.get_models():
        if model._meta.app_label == "geo":
            continue
        for row in model._base_manager.values():
            if raw in json.dumps(row, default=str):
                hits.append(model._meta.label)
    from django.contrib.sessions.models import Session

    for session in Session.objects.all():
        if raw in json.dumps(session.get_decoded(), default=str):
            hits.append("session data")
    return hits


def test_command_prints_the_token_once_and_stores_only_its_hash(make_user):
    user = make_user(role=Role.ANALYST)
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token",
        user.username,
        "--days",
        "7",
        "--name",
        "thống kê",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    assert raw.startswith("lc_") and len(raw) > 40
    token = ApiToken.objects.get()
    assert (token.user_id, token.name, token.prefix) == (user.pk, "thống kê", raw.split("_")[1])
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert stored_anywhere(raw) == []
    assert raw not in err.getvalue()
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.interface, event.agency_id) == (
        "api_token.create",
        None,
        "command",
        user.agency_id,
    )
    assert event.changes == {"user": str(user.pk), "days": 7}


def test_command_refuses_unknown_user_and_bad_days(make_user):
    with pytest.raises(CommandError):
        call_command("create_api_token", "khong-ai", stdout=StringIO(), stderr=StringIO())
    user = make_user()
    with pytest.raises(CommandError):
        call_command(
            "create_api_token", user.username, "--days", "400", stdout=StringIO(), stderr=StringIO()
        )
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()


def test_token_created_in_the_ui_is_shown_once(client_for, make_user):
    user = make_user(role=Role.OFFICER)
    client = client_for(user)
    response = client.post(reverse("accounts:token_create"), {"name": "Báo cáo", "days": "30"})
    assert response.status_code == 200
    body = response.content.decode()
    token = ApiToken.objects.get(user=user)
    raw = body.split('data-testid="token-secret"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert raw.startswith(f"lc_{token.prefix}_")
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert "chỉ hiển thị một lần" in body
    assert response["Cache-Control"] == "no-store, private"
    assert stored_anywhere(raw) == []
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Báo cáo" in profile and f"lc_{token.prefix}_…" in profile
    assert raw not in profile
    # The token works on the API, as its user.
    assert Client().get(ME, **bearer(raw)).json()["username"] == user.username


def test_role_without_token_permission_cannot_create_one(client_for, make_user):
    user = make_user(role=Role.INTAKE_OPERATOR)
    client = client_for(user)
    assert "Tạo mã truy cập" not in client.get(reverse("accounts:profile")).content.decode()
    response = client.post(reverse("accounts:token_create"), {"name": "x", "days": "30"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.exists()


def test_bearer_token_on_me_returns_exactly_the_users_permissions(make_user):
    user = make_user(role=Role.ANALYST, full_name="Phạm Thu Hà")
    issued = api_token_create(actor=user, user=user, name="script")
    response = Client().get(ME, **bearer(issued.secret))
    assert response.status_code == 200
    assert response.json() == {
        "id": str(user.pk),
        "username": user.username,
        "full_name": "Phạm Thu Hà",
        "role": "analyst",
        "role_label": vietnamese(Role.ANALYST.label),
        "agency": {"id": str(user.agency.pk), "name": user.agency.name},
        # Analysts hold numbers, plans and partner exports: never a record.
        "permissions": [
            "accounts.create_api_token",
            "cases.view_numbers",
            "geo.view",
            "plans.view",
            "prevention.view_numbers",
            "reports.export_partner_data",
            "reports.produce_period_report",
            "reports.view_aggregates",
            "tips.view_numbers",
            "victims.view_numbers",
        ],
    }
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("state", ["expired", "revoked", "user disabled", "garbage", "none"])
def test_unusable_tokens_get_401(make_user, state):
    user = make_user(role=Role.OFFICER)
    issued = api_token_create(actor=user, user=user, name="script")
    raw = issued.secret
    if state == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "revoked":
        ApiToken.objects.update(revoked_at=timezone.now())
    elif state == "user disabled":
        type(user).objects.filter(pk=user.pk).update(is_active=False)
    elif state == "garbage":
        raw = raw[:-2] + "xx"
    headers = {} if state == "none" else bearer(raw)
    response = Client().get(ME, **headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_api_token_list_create_revoke_for_oneself(make_user):
    user = make_user(role=Role.OFFICER)
    first = api_token_create(actor=user, user=user, name="một")
    client = Client(**bearer(first.secret))

    created = client.post(TOKENS, {"name": "hai", "days": 10}, content_type="application/json")
    assert created.status_code == 201
    data = created.json()
    assert data["name"] == "hai" and data["token"].startswith(f"lc_{data['prefix']}_")
    assert stored_anywhere(data["token"]) == []

    listed = client.get(TOKENS).json()
    assert [t["name"] for t in listed] == ["hai", "một"]
    assert all("token" not in t for t in listed)

    assert client.delete(f"{TOKENS}/{data['id']}").status_code == 204
    assert [t["name"] for t in client.get(TOKENS).json()] == ["một"]
    assert Client().get(ME, **bearer(data["token"])).status_code == 401
    assert [e.action for e in AuditEvent.objects.order_by("seq")] == [
        "api_token.create",
        "api_token.create",
        "api_token.revoke",
    ]
    assert AuditEvent.objects.get(action="api_token.revoke").interface == "api"


def test_api_create_validates_input(make_user):
    user = make_user(role=Role.OFFICER)
    raw = api_token_create(actor=user, user=user, name="script").secret
    response = Client(**bearer(raw)).post(
        TOKENS, {"name": "x", "days": 999}, content_type="application/json"
    )
    assert response.status_code == 422
    # (the body parameter's name may prefix the field: "payload.days")
    assert [name.rsplit(".", 1)[-1] for name in response.json()["fields"]] == ["days"]
    assert ApiToken.objects.count() == 1


def test_someone_elses_token_cannot_be_revoked(client_for, make_user):
    owner, other = make_user(role=Role.OFFICER), make_user(role=Role.OFFICER)
    issued = api_token_create(actor=owner, user=owner, name="của tôi")
    events = AuditEvent.objects.count()
    response = client_for(other).post(reverse("accounts:token_revoke", args=[issued.token.pk]))
    assert response.status_code == 404
    api = Client(**bearer(api_token_create(actor=other, user=other, name="x").secret))
    assert api.delete(f"{TOKENS}/{issued.token.pk}").status_code == 404
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is None
    assert AuditEvent.objects.count() == events + 1  # only the other user's own token


def test_revoke_in_the_ui(client_for, make_user):
    user = make_user(role=Role.OFFICER)
    issued = api_token_create(actor=user, user=user, name="cũ")
    client = client_for(user)
    response = client.post(reverse("accounts:token_revoke", args=[issued.token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert Client().get(ME, **bearer(issued.secret)).status_code == 401


def test_tokens_are_kept_but_refused_while_the_user_is_disabled(make_user, make_agency):
    from lachan.accounts import services

    agency = make_agency()
    admin = make_user(role=Role.AGENCY_ADMIN, agency=agency)
    user = make_user(role=Role.OFFICER, agency=agency)
    raw = api_token_create(actor=user, user=user, name="script").secret
    services.user_disable(actor=admin, user=user)
    assert ApiToken.objects.get().revoked_at is None
    assert Client().get(ME, **bearer(raw)).status_code == 401
    services.user_enable(actor=admin, user=user)
    assert Client().get(ME, **bearer(raw)).status_code == 200


def test_session_api_me(client_for, make_user):
    user = make_user(role=Role.SUPERVISOR)
    response = client_for(user).get(ME)
    assert response.status_code == 200
    assert response.json()["role"] == "supervisor"

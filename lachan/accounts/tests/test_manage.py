"""User and agency administration: agency admins within their agency, system admins
everywhere; out of reach is 404 and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lachan.access.roles import Role
from lachan.accounts import services
from lachan.accounts.models import Agency, AgencyType, User
from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.testing.factories import commune_of, unit

pytestmark = pytest.mark.django_db


def snapshot(user: User) -> tuple:
    fresh = User.objects.get(pk=user.pk)
    return (
        fresh.full_name,
        fresh.role,
        fresh.agency_id,
        fresh.is_active,
        fresh.password,
        fresh.security_stamp,
        fresh.totp_confirmed_at,
    )


@pytest.fixture
def two_agencies(make_agency, make_user):
    home, away = (
        make_agency(name="Công an tỉnh Hải Phòng"),
        make_agency(name="Công an tỉnh Nghệ An"),
    )
    admin = make_user(role=Role.AGENCY_ADMIN, agency=home)
    return home, away, admin


# -- reach ----------------------------------------------------------------------------------
def test_agency_admin_lists_only_own_agency_users(client_for, make_user, two_agencies):
    home, away, admin = two_agencies
    mine = make_user(agency=home, username="can.bo.nha")
    make_user(agency=away, username="can.bo.xa")
    body = client_for(admin).get(reverse("accounts:user_list")).content.decode()
    assert mine.username in body
    assert "can.bo.xa" not in body


def test_agency_admin_cannot_see_or_manage_another_agencys_user(
    client_for, make_user, two_agencies, make_totp_user
):
    home, away, admin = two_agencies
    stranger = make_totp_user(agency=away)
    before, events = snapshot(stranger), AuditEvent.objects.count()
    client = client_for(admin)
    assert client.get(reverse("accounts:user_edit", args=[stranger.pk])).status_code == 404
    edit = {"full_name": "Đổi Tên", "role": Role.OFFICER, "agency": str(home.pk), "email": ""}
    assert client.post(reverse("accounts:user_edit", args=[stranger.pk]), edit).status_code == 404
    for name in ("user_disable", "user_enable", "user_reset_totp", "user_reset_password"):
        response = client.post(reverse(f"accounts:{name}", args=[stranger.pk]))
        assert response.status_code == 404, name
    assert snapshot(stranger) == before
    assert AuditEvent.objects.count() == events
    with pytest.raises(NotFound):
        services.user_disable(actor=admin, user=stranger)


def test_agency_admin_cannot_grant_system_admin(client_for, make_user, two_agencies):
    home, _away, admin = two_agencies
    client = client_for(admin)
    form = client.get(reverse("accounts:user_create")).content.decode()
    assert 'value="system_admin"' not in form
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "ke.tham.quyen",
            "full_name": "Kẻ Tham Quyền",
            "role": Role.SYSTEM_ADMIN,
            "agency": str(home.pk),
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="ke.tham.quyen").exists()

    officer = make_user(agency=home)
    before, events = snapshot(officer), AuditEvent.objects.count()
    response = client.post(
        reverse("accounts:user_edit", args=[officer.pk]),
        {"full_name": officer.full_name, "role": Role.SYSTEM_ADMIN, "agency": str(home.pk)},
    )
    assert response.status_code == 200
    assert snapshot(officer) == before
    with pytest.raises(ValidationFailed) as exc:
        services.user_update(
            actor=admin, user=officer, full_name="X", role=Role.SYSTEM_ADMIN, agency=home
        )
    assert exc.value.fields == {"role": ["Bạn không được cấp vai trò này."]}
    assert snapshot(officer) == before
    assert AuditEvent.objects.count() == events


def test_agency_admin_cannot_manage_a_system_admin_of_their_agency(
    client_for, make_user, two_agencies
):
    home, _away, admin = two_agencies
    boss = make_user(role=Role.SYSTEM_ADMIN, agency=home)
    before = snapshot(boss)
    client = client_for(admin)
    assert client.get(reverse("accounts:user_edit", args=[boss.pk])).status_code == 403
    assert client.post(reverse("accounts:user_disable", args=[boss.pk])).status_code == 403
    assert snapshot(boss) == before
    assert not AuditEvent.objects.exists()


def test_nobody_manages_themselves(make_user, make_agency):
    root = make_user(role=Role.SYSTEM_ADMIN, agency=None)
    with pytest.raises(PermissionDenied):
        services.user_disable(actor=root, user=root)
    assert User.objects.get(pk=root.pk).is_active


def test_officer_has_no_user_administration(client_for, make_user):
    officer = make_user(role=Role.OFFICER)
    client = client_for(officer)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403
    assert client.get(reverse("accounts:agency_list")).status_code == 403
    other = make_user(agency=officer.agency)
    assert client.post(reverse("accounts:user_disable", args=[other.pk])).status_code == 404
    assert User.objects.get(pk=other.pk).is_active


# -- writes ---------------------------------------------------------------------------------
def test_agency_admin_creates_a_user_and_sees_the_password_once(client_for, two_agencies):
    home, _away, admin = two_agencies
    client = client_for(admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": " Tran.Thi.Mai ",
            "full_name": "  Trần   Thị Mai ",
            "role": Role.SOCIAL_WORKER,
            "agency": str(home.pk),
            "email": "",
            "password": "",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    secret = body.split('data-testid="one-time-password"')[0].rsplit('value="', 1)[1].split('"')[0]
    user = User.objects.get(username="tran.thi.mai")
    assert (user.full_name, user.name_key, user.role, user.agency_id) == (
        "Trần Thị Mai",
        "tran thi mai",
        Role.SOCIAL_WORKER,
        home.pk,
    )
    assert user.check_password(secret)
    assert user.must_change_password and not user.has_totp
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.object_id) == (
        "user.create",
        admin.pk,
        str(user.pk),
    )
    assert event.changes == {"role": "social_worker", "agency": str(home.pk)}
    assert secret not in str(event.changes)
    # The page showing it is not kept anywhere: the edit page does not show it again.
    assert secret not in client.get(reverse("accounts:user_edit", args=[user.pk])).content.decode()


def test_agency_admin_cannot_create_users_in_another_agency(client_for, two_agencies):
    _home, away, admin = two_agencies
    response = client_for(admin).post(
        reverse("accounts:user_create"),
        {
            "username": "nguoi.la",
            "full_name": "Người Lạ",
            "role": Role.OFFICER,
            "agency": str(away.pk),
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="nguoi.la").exists()
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            actor=admin, username="nguoi.la", full_name="Người Lạ", role=Role.OFFICER, agency=away
        )
    assert list(exc.value.fields) == ["agency"]
    assert not AuditEvent.objects.exists()


def test_user_create_validates_username_and_password(make_user, two_agencies):
    home, _away, admin = two_agencies
    make_user(username="da.co", agency=home)
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            actor=admin,
            username="DA.CO",
            full_name="",
            role=Role.OFFICER,
            agency=home,
            password="123",
        )
    assert sorted(exc.value.fields) == ["full_name", "password", "username"]
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            actor=admin, username="có dấu", full_name="A", role=Role.OFFICER, agency=home
        )
    assert list(exc.value.fields) == ["username"]


def test_admin_set_password_is_not_shown_back(two_agencies):
    home, _away, admin = two_agencies
    created = services.user_create(
        actor=admin,
        username="dat.san",
        full_name="Đặt Sẵn",
        role=Role.OFFICER,
        agency=home,
        password="trăng rằm tháng tám",
    )
    assert created.one_time_password is None
    assert created.user.check_password("trăng rằm tháng tám")
    assert created.user.must_change_password


def test_user_update_records_changed_field_names_and_role_codes(make_user, two_agencies):
    home, _away, admin = two_agencies
    officer = make_user(agency=home, role=Role.OFFICER, full_name="Cũ")
    services.user_update(
        actor=admin, user=officer, full_name="Mới", role=Role.SUPERVISOR, agency=home
    )
    officer.refresh_from_db()
    assert (officer.full_name, officer.role, officer.name_key) == ("Mới", "supervisor", "moi")
    event = AuditEvent.objects.get()
    assert event.action == "user.update"
    assert event.changes == {"fields": ["full_name", "role"], "role": ["officer", "supervisor"]}


def test_disable_enable_reset(client_for, make_totp_user, two_agencies):
    home, _away, admin = two_agencies
    user = make_totp_user(agency=home)
    client = client_for(admin)
    assert client.post(reverse("accounts:user_disable", args=[user.pk])).status_code == 302
    assert not User.objects.get(pk=user.pk).is_active
    # A second disable is refused, and records nothing.
    client.post(reverse("accounts:user_disable", args=[user.pk]))
    assert client.post(reverse("accounts:user_enable", args=[user.pk])).status_code == 302
    assert User.objects.get(pk=user.pk).is_active

    assert client.post(reverse("accounts:user_reset_totp", args=[user.pk])).status_code == 302
    fresh = User.objects.get(pk=user.pk)
    assert (fresh.totp_secret, fresh.totp_confirmed_at, fresh.totp_last_step) == ("", None, 0)

    response = client.post(reverse("accounts:user_reset_password", args=[user.pk]))
    assert response.status_code == 200
    secret = response.content.decode().split('data-testid="one-time-password"')[0]
    secret = secret.rsplit('value="', 1)[1].split('"')[0]
    fresh = User.objects.get(pk=user.pk)
    assert fresh.check_password(secret) and fresh.must_change_password
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "user.disable",
        "user.enable",
        "auth.totp_reset",
        "user.password_reset",
    ]


def test_search_ignores_diacritics(client_for, two_agencies):
    home, _away, admin = two_agencies
    services.user_create(
        actor=admin, username="hoa.le", full_name="Lê Thị Hoà", role=Role.OFFICER, agency=home
    )
    services.user_create(
        actor=admin, username="binh.tran", full_name="Trần Bình", role=Role.OFFICER, agency=home
    )
    body = client_for(admin).get(reverse("accounts:user_list"), {"q": "le thi hoa"}).content
    assert b"hoa.le" in body and b"binh.tran" not in body


# -- agencies -------------------------------------------------------------------------------
def test_system_admin_creates_and_edits_agencies(client_for, make_user):
    root = make_user(role=Role.SYSTEM_ADMIN, agency=None)
    client = client_for(root)
    province = unit("40")
    response = client.post(
        reverse("accounts:agency_create"),
        {
            "name": "Công an tỉnh Nghệ An",
            "agency_type": AgencyType.PROVINCIAL_POLICE,
            "admin_unit_province": "40",
            "admin_unit_commune": "",
        },
    )
    assert response.status_code == 302
    parent = Agency.objects.get(name="Công an tỉnh Nghệ An")
    assert (parent.admin_unit_id, parent.name_key, parent.is_active) == (
        province.pk,
        "cong an tinh nghe an",
        True,
    )
    commune = commune_of("40")
    response = client.post(
        reverse("accounts:agency_create"),
        {
            "name": "Công an xã",
            "agency_type": AgencyType.COMMUNE_POLICE,
            "admin_unit_province": "40",
            "admin_unit_commune": commune.code,
            "parent": str(parent.pk),
            "is_remote": "on",
        },
    )
    assert response.status_code == 302
    child = Agency.objects.get(name="Công an xã")
    assert (child.parent_id, child.is_remote, child.admin_unit_id) == (parent.pk, True, commune.pk)
    # The edit form shows the current place in the picker.
    page = client.get(reverse("accounts:agency_edit", args=[child.pk])).content.decode()
    assert f'<option value="{commune.code}" selected' in page

    # No cycles: the parent cannot move under its own child.
    with pytest.raises(ValidationFailed) as exc:
        services.agency_update(
            actor=root,
            agency=parent,
            name=parent.name,
            agency_type=parent.agency_type,
            admin_unit=parent.admin_unit,
            parent=child,
        )
    assert list(exc.value.fields) == ["parent"]

    response = client.post(
        reverse("accounts:agency_edit", args=[child.pk]),
        {
            "name": "Công an xã Mới",
            "agency_type": AgencyType.COMMUNE_POLICE,
            "admin_unit_province": "40",
            "admin_unit_commune": commune.code,
            "parent": str(parent.pk),
            "is_active": "",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.name, child.is_remote, child.is_active) == ("Công an xã Mới", False, False)
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "changes")) == [
        ("agency.create", {"agency_type": "provincial_police", "admin_unit": "40"}),
        ("agency.create", {"agency_type": "commune_police", "admin_unit": commune.code}),
        ("agency.update", ["is_active", "is_remote", "name"]),
    ]


def test_agency_must_serve_a_current_unit(make_user):
    root = make_user(role=Role.SYSTEM_ADMIN, agency=None)
    legacy = unit("40", era="legacy")
    with pytest.raises(ValidationFailed) as exc:
        services.agency_create(
            actor=root, name="Cũ", agency_type=AgencyType.OTHER, admin_unit=legacy
        )
    assert list(exc.value.fields) == ["admin_unit"]
    assert not AuditEvent.objects.exists()


def test_agency_admin_cannot_manage_agencies(client_for, two_agencies):
    home, _away, admin = two_agencies
    client = client_for(admin)
    assert client.get(reverse("accounts:agency_create")).status_code == 403
    response = client.post(
        reverse("accounts:agency_edit", args=[home.pk]),
        {"name": "Đổi", "agency_type": AgencyType.OTHER, "admin_unit": home.admin_unit_id},
    )
    assert response.status_code == 403
    assert Agency.objects.get(pk=home.pk).name == "Công an tỉnh Hải Phòng"
    with pytest.raises(PermissionDenied):
        services.agency_create(
            actor=admin, name="X", agency_type=AgencyType.OTHER, admin_unit=home.admin_unit
        )
    assert not AuditEvent.objects.exists()


def test_system_admin_manages_users_of_any_agency(client_for, make_user, two_agencies):
    _home, away, _admin = two_agencies
    root = make_user(role=Role.SYSTEM_ADMIN, agency=None)
    stranger = make_user(agency=away)
    client = client_for(root)
    assert client.get(reverse("accounts:user_edit", args=[stranger.pk])).status_code == 200
    created = services.user_create(
        actor=root, username="kiem.tra", full_name="Kiểm Tra", role=Role.AUDITOR, agency=None
    )
    assert created.user.agency_id is None and created.user.role == Role.AUDITOR

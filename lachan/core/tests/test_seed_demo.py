"""``manage.py seed_demo``: the demo agencies, accounts and persons, made through the
services, idempotent, refused in production, and every account able to log in."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from lachan.access.models import Assignment
from lachan.access.roles import Role
from lachan.accounts.demo import DEMO_PASSWORD, USERS, demo_totp_secret
from lachan.accounts.models import Agency, AgencyType, User
from lachan.audit.models import AuditEvent
from lachan.core.demo import DemoContext, created_summary, run_demo
from lachan.people import selectors
from lachan.people.models import Person, PersonAddress, PersonIdentifier, PersonNameToken

pytestmark = pytest.mark.django_db

USERNAMES = ["quantri", *(spec.username for spec in USERS)]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (
        Agency,
        User,
        Person,
        PersonIdentifier,
        PersonAddress,
        PersonNameToken,
        Assignment,
        AuditEvent,
    )
    return {model.__name__: model.objects.count() for model in models}


def logins_part(output: str) -> str:
    return output[output.index("Tài khoản dùng thử") :]


FOUNDATION_STEPS = ["lachan.accounts.demo", "lachan.people.demo"]


def test_creates_the_agencies_users_and_persons() -> None:
    # The foundation's own steps; each later domain tests its step in its own app, and
    # the whole command's idempotence is tested below.
    output = created_summary(run_demo(FOUNDATION_STEPS))

    assert counts() == {
        "Agency": 20,
        "User": 16,
        "Person": 90,
        "PersonIdentifier": 170,  # drawn, but from a fixed seed
        "PersonAddress": 90,
        "PersonNameToken": 264,
        "Assignment": 8,
        "AuditEvent": 166,
    }
    assert Counter(PersonIdentifier.objects.values_list("kind", flat=True)) == {
        "phone": 88,  # everyone but the two known by a Zalo account only
        "cccd": 59,
        "facebook": 21,
        "zalo": 2,
    }
    assert Counter(AuditEvent.objects.values_list("action", flat=True)) == {
        "user.bootstrap": 1,
        "user.create": 15,
        "user.password_change": 16,
        "auth.totp_enrolled": 16,
        "agency.create": 20,
        "person.create": 90,
        "access.assign": 8,
    }
    assert output == "Đã tạo dữ liệu mẫu: 20 đơn vị, 16 tài khoản, 90 người, 8 phân công hồ sơ."

    border = Agency.objects.select_related("admin_unit").get(
        name="Đồn Biên phòng cửa khẩu quốc tế Nậm Cắn"
    )
    assert (border.agency_type, border.admin_unit.name, border.admin_unit.province.code) == (
        AgencyType.BORDER_GUARD,
        "Xã Nậm Cắn",
        "40",
    )
    assert border.is_remote is True
    social = Agency.objects.get(name="Trung tâm Công tác xã hội thành phố Hải Phòng")
    assert social.parent.name == "Sở Y tế thành phố Hải Phòng"
    commune_police = Agency.objects.get(name="Công an phường Lê Chân")
    assert (commune_police.parent.name, commune_police.admin_unit.code) == (
        "Công an thành phố Hải Phòng",
        "11383",
    )
    assert set(Agency.objects.filter(is_remote=True).values_list("name", flat=True)) == {
        "Công an xã Nậm Cắn",
        "Đồn Biên phòng cửa khẩu quốc tế Nậm Cắn",
        "UBND xã Nậm Cắn",
    }

    admin = User.objects.get(username="quantri")
    assert (admin.role, admin.agency) == (Role.SYSTEM_ADMIN, None)
    bootstrap = AuditEvent.objects.get(action="user.bootstrap")
    assert (bootstrap.actor_id, bootstrap.object_id) == (None, str(admin.pk))
    hp_roles = dict(User.objects.filter(username__startswith="hp.").values_list("username", "role"))
    assert hp_roles == {
        "hp.tiepnhan": Role.INTAKE_OPERATOR,
        "hp.dieutra": Role.OFFICER,
        "hp.chihuy": Role.SUPERVISOR,
        "hp.ctxh": Role.SOCIAL_WORKER,
        "hp.phantich": Role.ANALYST,
        "hp.quantri": Role.AGENCY_ADMIN,
        "hp.kiemtoan": Role.AUDITOR,
    }
    for user in User.objects.all():
        assert user.must_change_password is False, user.username
        assert user.has_totp, user.username
        assert user.totp_secret == demo_totp_secret(user.username)
        assert user.check_password(DEMO_PASSWORD), user.username

    owners = Counter(Person.objects.values_list("owner_agency__name", flat=True))
    assert owners == {
        "Công an thành phố Hải Phòng": 16,
        "Công an phường Lê Chân": 5,
        "Trung tâm Công tác xã hội thành phố Hải Phòng": 9,
        "Công an tỉnh Nghệ An": 15,
        "Đồn Biên phòng cửa khẩu quốc tế Nậm Cắn": 5,
        "Trung tâm Công tác xã hội tỉnh Nghệ An": 10,
        "Công an thành phố Cần Thơ": 19,
        "Trung tâm Công tác xã hội thành phố Cần Thơ": 11,
    }
    # Every person lives in a current commune of their province, with the address's unit.
    assert not Person.objects.filter(admin_unit__isnull=True).exists()
    assert not PersonAddress.objects.filter(admin_unit__isnull=True).exists()


def test_second_run_creates_nothing_and_prints_the_same_logins() -> None:
    first = seed()
    before = counts()

    second = seed()

    assert counts() == before
    assert "Dữ liệu mẫu đã có sẵn: không tạo thêm gì." in second
    assert logins_part(second) == logins_part(first)
    for username in USERNAMES:
        assert f"{username} " in logins_part(second)
    assert demo_totp_secret("hp.dieutra") in logins_part(second)
    assert DEMO_PASSWORD in logins_part(second)


@override_settings(LACHAN_PRODUCTION=True)
def test_refused_under_production_settings() -> None:
    with pytest.raises(CommandError, match="Không tạo dữ liệu mẫu trên hệ thống chính thức"):
        seed()
    assert counts() == {
        "Agency": 0,
        "User": 0,
        "Person": 0,
        "PersonIdentifier": 0,
        "PersonAddress": 0,
        "PersonNameToken": 0,
        "Assignment": 0,
        "AuditEvent": 0,
    }


def test_every_demo_user_logs_in_with_password_and_totp() -> None:
    seed()
    for username in USERNAMES:
        client = Client()
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert response["Location"] == reverse("accounts:login_totp")
        code = pyotp.TOTP(demo_totp_secret(username)).now()
        response = client.post(reverse("accounts:login_totp"), {"code": code})
        # Straight in: no new password to choose, no authenticator to enrol.
        assert (response.status_code, response["Location"]) == (302, reverse("web:home")), username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)
    assert AuditEvent.objects.filter(action="auth.login_success").count() == len(USERNAMES)


def test_near_duplicates_are_found_by_the_same_phone_and_name() -> None:
    seed()
    supervisor = User.objects.get(username="na.chihuy")

    by_phone = selectors.person_list(actor=supervisor, query="0987.654.321", reveal=True)
    by_name = selectors.person_list(actor=supervisor, query="nguyen thi huong", reveal=True)

    # The social work centre's, the border post's (typed without diacritics, a year
    # off) and the police's record (a Zalo account that is the same number); the
    # supervisor sees the identity of their own agency's record only.
    assert sorted((p.owner_agency_name, p.birth_year, p.full_name) for p in by_phone.items) == [
        ("Công an tỉnh Nghệ An", 1997, "Nguyễn Thị Hường"),
        ("Trung tâm Công tác xã hội tỉnh Nghệ An", 1997, "N*** T** H***"),
        ("Đồn Biên phòng cửa khẩu quốc tế Nậm Cắn", 1998, "N*** T** H***"),
    ]
    assert {p.id for p in by_name.items} >= {p.id for p in by_phone.items}
    cccd = selectors.person_list(actor=User.objects.get(username="hp.chihuy"), query="031301012345")
    assert sorted(p.owner_agency_name for p in cccd.items) == [
        "Công an thành phố Hải Phòng",
        "Trung tâm Công tác xã hội thành phố Hải Phòng",
    ]


def test_assigned_records_are_in_the_assignees_reach() -> None:
    seed()
    social_worker = User.objects.get(username="hp.ctxh")
    mai = Person.objects.get(
        owner_agency__name="Công an thành phố Hải Phòng",
        pk__in=Assignment.objects.filter(user=social_worker).values("object_id"),
    )

    view = selectors.person_identity_view(actor=social_worker, person=mai)

    assert (view.full_name, view.owner_agency_name) == (
        "Trần Thị Mai",
        "Công an thành phố Hải Phòng",
    )
    assignment = Assignment.objects.get(user=social_worker, object_id=mai.pk)
    assert assignment.assigned_by.username == "hp.chihuy"


def test_steps_can_be_extended_and_draw_the_same_values() -> None:
    context = DemoContext()
    assert context.rng_for("x").random() == DemoContext().rng_for("x").random()
    assert context.rng_for("x").random() != context.rng_for("y").random()

    ran = run_demo(["lachan.accounts.demo"])

    assert (Agency.objects.count(), User.objects.count(), Person.objects.count()) == (20, 16, 0)
    assert created_summary(ran) == "Đã tạo dữ liệu mẫu: 20 đơn vị, 16 tài khoản."
    assert [login.username for login in ran.logins] == USERNAMES


def test_demo_totp_secrets_are_fixed() -> None:
    assert demo_totp_secret("quantri") == "PE34QAK5QBBCILWWKBLJB7UTEOD7CC2Y"
    assert len({demo_totp_secret(name) for name in USERNAMES}) == len(USERNAMES)

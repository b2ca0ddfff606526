"""Break-glass: a supervisor opens one record outside their reach for a stated reason,
for a limited time; everyone else finds nothing, and nothing is written for them."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lachan.access.breakglass import target_for_type
from lachan.access.models import BreakGlassGrant
from lachan.access.permissions import PeoplePermission
from lachan.access.policies.people import person_policy
from lachan.access.roles import Role
from lachan.access.services import break_glass_open
from lachan.access.templatetags.access_tags import break_glass_offer_url
from lachan.audit.models import AuditEvent
from lachan.core.crypto import blind_index
from lachan.core.errors import NotFound, ValidationFailed
from lachan.core.testing.factories import commune_of, unit
from lachan.core.text import fold
from lachan.people.models import Person

pytestmark = pytest.mark.django_db

REASON = "Yêu cầu khẩn của Công an Hải Phòng, công văn số 123/CV-PC02"
URL = "/access/break-glass/"


def make_person(*, agency: Any, province_code: str, name: str = "Nguyễn Thị Hường") -> Person:
    # Created with the ORM: this test is about access, not about recording persons.
    return Person.objects.create(
        owner_agency=agency,
        full_name=name,
        name_index=blind_index(fold(name), purpose="person:name"),
        admin_unit=commune_of(province_code),
    )


@pytest.fixture
def hai_phong_person(make_agency: Any) -> Person:
    return make_person(agency=make_agency(admin_unit=unit("31")), province_code="31")


@pytest.fixture
def nghe_an(make_agency: Any) -> Any:
    return make_agency(admin_unit=unit("40"))


@pytest.fixture
def supervisor(make_user: Any, nghe_an: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=nghe_an, username="giamsat_na")


@pytest.fixture
def officer(make_user: Any, nghe_an: Any) -> Any:
    return make_user(role=Role.OFFICER, agency=nghe_an, username="canbo_na")


def _form_url(person_id: Any, object_type: str = "people.person") -> str:
    return f"{URL}?{urlencode({'type': object_type, 'id': str(person_id)})}"


def _post(client: Any, person_id: Any, reason: str, object_type: str = "people.person") -> Any:
    return client.post(URL, {"type": object_type, "id": str(person_id), "reason": reason})


def _detail_url(person: Person) -> str:
    return reverse("people:detail", args=[str(person.pk)])


def _snapshot() -> tuple[int, int]:
    return BreakGlassGrant.objects.count(), AuditEvent.objects.count()


def test_supervisor_out_of_reach_opens_a_person_with_a_reason(
    supervisor: Any, hai_phong_person: Person, client_for: Any
) -> None:
    client = client_for(supervisor)
    with pytest.raises(NotFound):
        person_policy.get(supervisor, hai_phong_person.pk)
    detail = _detail_url(hai_phong_person)
    not_found = client.get(detail)
    assert not_found.status_code == 404
    # The 404 page offers break-glass (it would whether or not the record exists).
    assert _form_url(hai_phong_person.pk).replace("&", "&amp;") in not_found.content.decode()

    page = client.get(_form_url(hai_phong_person.pk))
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert _snapshot() == (0, 0)  # showing the form writes nothing

    before = timezone.now()
    response = _post(client, hai_phong_person.pk, f"  {REASON}  ")

    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.object_type, grant.object_id) == (
        supervisor,
        "people.person",
        hai_phong_person.pk,
    )
    assert grant.reason == REASON
    assert before + timedelta(hours=4) <= grant.expires_at <= timezone.now() + timedelta(hours=4)
    event = AuditEvent.objects.get()
    assert event.action == "access.break_glass"
    assert (event.actor_id, event.actor_username, event.agency_id) == (
        supervisor.pk,
        "giamsat_na",
        supervisor.agency_id,
    )
    assert (event.object_type, event.object_id) == ("people.person", str(hai_phong_person.pk))
    assert event.reason == REASON
    assert event.changes == {"grant": str(grant.pk), "hours": 4}
    assert event.interface == "web"

    assert response.status_code == 302
    assert response["Location"] == detail
    assert client.get(detail).status_code == 200
    assert person_policy.get(supervisor, hai_phong_person.pk) == hai_phong_person
    assert person_policy.can(supervisor, PeoplePermission.VIEW_IDENTITY, hai_phong_person)


def test_grant_lasts_the_configured_hours_then_expires(
    supervisor: Any, hai_phong_person: Person, settings: Any
) -> None:
    settings.LACHAN_BREAK_GLASS_HOURS = 1
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        grant = break_glass_open(
            actor=supervisor,
            object_type="people.person",
            object_id=hai_phong_person.pk,
            reason=REASON,
        )
    assert grant.expires_at == start + timedelta(hours=1)
    assert AuditEvent.objects.get().changes == {"grant": str(grant.pk), "hours": 1}

    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=59)):
        assert person_policy.get(supervisor, hai_phong_person.pk) == hai_phong_person
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=61)):
        with pytest.raises(NotFound):
            person_policy.get(supervisor, hai_phong_person.pk)
        assert not person_policy.scope(supervisor).filter(pk=hai_phong_person.pk).exists()
        assert not person_policy.can(supervisor, PeoplePermission.VIEW_IDENTITY, hai_phong_person)


@pytest.mark.parametrize("reason", ["", "   ", "cần xem gấp"])
def test_missing_or_short_reason_is_refused_and_nothing_written(
    supervisor: Any, hai_phong_person: Person, client_for: Any, reason: str
) -> None:
    response = _post(client_for(supervisor), hai_phong_person.pk, reason)

    assert response.status_code == 200
    expected = (
        "Hãy nêu lý do bạn cần mở hồ sơ này." if not reason.strip() else "Viết ít nhất 15 ký tự."
    )
    assert expected in response.content.decode()
    assert _snapshot() == (0, 0)
    with pytest.raises(ValidationFailed) as failure:
        break_glass_open(
            actor=supervisor,
            object_type="people.person",
            object_id=hai_phong_person.pk,
            reason=reason,
        )
    assert list(failure.value.fields) == ["reason"]
    assert _snapshot() == (0, 0)
    with pytest.raises(NotFound):
        person_policy.get(supervisor, hai_phong_person.pk)


def test_officer_without_break_glass_gets_404_and_nothing_written(
    officer: Any, hai_phong_person: Person, client_for: Any
) -> None:
    client = client_for(officer)

    assert client.get(_form_url(hai_phong_person.pk)).status_code == 404
    assert _post(client, hai_phong_person.pk, REASON).status_code == 404
    with pytest.raises(NotFound):
        break_glass_open(
            actor=officer,
            object_type="people.person",
            object_id=hai_phong_person.pk,
            reason=REASON,
        )
    assert _snapshot() == (0, 0)
    with pytest.raises(NotFound):
        person_policy.get(officer, hai_phong_person.pk)
    request = RequestFactory().get(f"/people/{hai_phong_person.pk}/")
    request.user = officer
    assert break_glass_offer_url(request) is None


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SYSTEM_ADMIN, Role.ANALYST])
def test_other_roles_cannot_break_glass(
    make_user: Any, hai_phong_person: Person, client_for: Any, role: Role
) -> None:
    client = client_for(make_user(role=role))
    assert client.get(_form_url(hai_phong_person.pk)).status_code == 404
    assert _post(client, hai_phong_person.pk, REASON).status_code == 404
    assert _snapshot() == (0, 0)


def test_unknown_record_answers_not_found_and_the_attempt_is_audited(
    supervisor: Any, client_for: Any
) -> None:
    missing = uuid.uuid4()
    client = client_for(supervisor)

    # Existence is not revealed: the 404 page and the form look as for a real record.
    not_found = client.get(reverse("people:detail", args=[str(missing)]))
    assert not_found.status_code == 404
    assert _form_url(missing).replace("&", "&amp;") in not_found.content.decode()
    assert client.get(_form_url(missing)).status_code == 200
    assert _snapshot() == (0, 0)
    response = _post(client, missing, REASON)

    assert response.status_code == 404
    assert BreakGlassGrant.objects.count() == 0
    event = AuditEvent.objects.get()
    assert event.action == "access.break_glass_failed"
    assert (event.object_type, event.object_id) == ("people.person", str(missing))
    assert event.reason == REASON
    assert event.changes == {"outcome": "not_found"}
    assert event.actor_id == supervisor.pk


def test_type_that_cannot_be_opened_is_not_found(supervisor: Any, client_for: Any) -> None:
    client = client_for(supervisor)
    assert target_for_type("accounts.user") is None

    assert client.get(_form_url(uuid.uuid4(), "accounts.user")).status_code == 404
    assert client.get(f"{URL}?type=people.person&id=not-a-uuid").status_code == 404
    assert _post(client, supervisor.pk, REASON, "accounts.user").status_code == 404
    assert _snapshot() == (0, 0)
    with pytest.raises(NotFound):
        break_glass_open(
            actor=supervisor, object_type="accounts.user", object_id=supervisor.pk, reason=REASON
        )
    event = AuditEvent.objects.get()  # the service call with a reason is an attempt
    assert (event.action, event.object_type, event.object_id) == (
        "access.break_glass_failed",
        "",
        "",
    )
    assert BreakGlassGrant.objects.count() == 0


def test_the_404_offer_points_at_the_break_glass_form(
    supervisor: Any, hai_phong_person: Person
) -> None:
    request = RequestFactory().get(_detail_url(hai_phong_person))
    request.user = supervisor
    assert break_glass_offer_url(request) == _form_url(hai_phong_person.pk)
    request = RequestFactory().get("/no/such/page/")
    request.user = supervisor
    assert break_glass_offer_url(request) is None


def test_the_owning_agency_auditor_sees_the_break_glass_and_the_views_after_it(
    supervisor: Any, hai_phong_person: Person, make_user: Any, client_for: Any
) -> None:
    from lachan.access.policies.audit import audit_event_policy

    hp_auditor = make_user(role=Role.AUDITOR, agency=hai_phong_person.owner_agency)
    na_auditor = make_user(role=Role.AUDITOR, agency=supervisor.agency)
    client = client_for(supervisor)
    _post(client, hai_phong_person.pk, REASON)
    client.get(_detail_url(hai_phong_person))
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.subject_agency_id for e in events] == [hai_phong_person.owner_agency_id] * len(events)
    seen_by_hp = audit_event_policy.scope(hp_auditor, AuditEvent.objects.all())
    seen_by_na = audit_event_policy.scope(na_auditor, AuditEvent.objects.all())
    # Hải Phòng's auditor sees what Nghệ An's supervisor did to a Hải Phòng record;
    # Nghệ An's auditor sees it too (their own supervisor acted).
    assert sorted(e.seq for e in seen_by_hp) == [e.seq for e in events]
    assert sorted(e.seq for e in seen_by_na) == [e.seq for e in events]
    assert "access.break_glass" in {e.action for e in seen_by_hp}
    from lachan.audit.verify import find_first_break

    assert find_first_break() == (len(events), None)  # the subject is part of the hash

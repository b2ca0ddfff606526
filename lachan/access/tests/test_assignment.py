"""Assignments: a supervisor assigns a record in their reach to a colleague, who then
reaches it; anyone else, or a record out of reach, gets NotFound and nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.access.models import Assignment
from lachan.access.policies.people import person_policy
from lachan.access.roles import Role
from lachan.access.services import assignment_create
from lachan.audit.models import AuditEvent
from lachan.core.crypto import blind_index
from lachan.core.errors import Conflict, NotFound, ValidationFailed
from lachan.core.testing.factories import commune_of, unit
from lachan.core.text import fold
from lachan.people.models import Person

pytestmark = pytest.mark.django_db


def make_person(*, agency: Any, province_code: str) -> Person:
    # Created with the ORM: this test is about access, not about recording persons.
    name = "Nguyễn Thị Hường"
    return Person.objects.create(
        owner_agency=agency,
        full_name=name,
        name_index=blind_index(fold(name), purpose="person:name"),
        admin_unit=commune_of(province_code),
    )


@pytest.fixture
def police(make_agency: Any) -> Any:
    return make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))


@pytest.fixture
def social_centre(make_agency: Any) -> Any:
    return make_agency(name="Trung tâm Công tác xã hội tỉnh Nghệ An", admin_unit=unit("40"))


@pytest.fixture
def supervisor(make_user: Any, police: Any) -> Any:
    return make_user(role=Role.SUPERVISOR, agency=police, username="na.chihuy")


@pytest.fixture
def social_worker(make_user: Any, social_centre: Any) -> Any:
    return make_user(role=Role.SOCIAL_WORKER, agency=social_centre, username="na.ctxh")


def snapshot() -> tuple[int, int]:
    return Assignment.objects.count(), AuditEvent.objects.count()


def test_supervisor_assigns_a_record_to_a_social_worker(supervisor, social_worker, police):
    person = make_person(agency=police, province_code="40")
    assert not person_policy.in_scope(social_worker, person)

    assignment = assignment_create(actor=supervisor, user=social_worker, obj=person)

    assert (assignment.user, assignment.object_type, assignment.object_id) == (
        social_worker,
        "people.person",
        person.pk,
    )
    assert assignment.assigned_by == supervisor
    assert person_policy.in_scope(social_worker, person)
    assert person_policy.is_close(social_worker, person)  # identity visible to them
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.object_type, event.object_id) == (
        "access.assign",
        supervisor.pk,
        "people.person",
        str(person.pk),
    )
    assert event.changes == {"assignment": str(assignment.pk), "user": str(social_worker.pk)}


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SOCIAL_WORKER, Role.SYSTEM_ADMIN])
def test_other_roles_cannot_assign(make_user, police, social_worker, role):
    actor = make_user(role=role, agency=police)
    person = make_person(agency=police, province_code="40")

    with pytest.raises(NotFound):
        assignment_create(actor=actor, user=social_worker, obj=person)
    assert snapshot() == (0, 0)


def test_a_record_out_of_reach_cannot_be_assigned(supervisor, social_worker, make_agency):
    elsewhere = make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))
    person = make_person(agency=elsewhere, province_code="31")

    with pytest.raises(NotFound):
        assignment_create(actor=supervisor, user=social_worker, obj=person)
    assert snapshot() == (0, 0)


def test_inactive_assignee_and_repeats_are_refused(supervisor, social_worker, make_user, police):
    person = make_person(agency=police, province_code="40")
    disabled = make_user(role=Role.OFFICER, agency=police, is_active=False)

    with pytest.raises(ValidationFailed) as exc:
        assignment_create(actor=supervisor, user=disabled, obj=person)
    assert list(exc.value.fields) == ["user"]
    assert snapshot() == (0, 0)

    assignment_create(actor=supervisor, user=social_worker, obj=person)
    with pytest.raises(Conflict):
        assignment_create(actor=supervisor, user=social_worker, obj=person)
    assert snapshot() == (1, 1)


def test_nobody_assigns_a_record_to_themselves(supervisor, police):
    person = make_person(agency=police, province_code="40")

    with pytest.raises(ValidationFailed) as exc:
        assignment_create(actor=supervisor, user=supervisor, obj=person)
    assert list(exc.value.fields) == ["user"]
    assert snapshot() == (0, 0)


def test_a_record_opened_by_break_glass_cannot_be_handed_out(
    supervisor, social_worker, make_agency
):
    from lachan.access.services import break_glass_open

    elsewhere = make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))
    person = make_person(agency=elsewhere, province_code="31")
    break_glass_open(
        actor=supervisor,
        object_type="people.person",
        object_id=str(person.pk),
        reason="Nạn nhân đang gặp nguy hiểm, cần xác minh gấp",
    )
    assert person_policy.in_scope(supervisor, person)  # the grant opens it for them…
    before = snapshot()

    with pytest.raises(NotFound):  # …but they cannot pass it on
        assignment_create(actor=supervisor, user=social_worker, obj=person)
    assert snapshot() == before
    assert not person_policy.in_scope(social_worker, person)


def test_a_new_role_or_agency_ends_assignments_and_grants(
    supervisor, social_worker, police, make_user, make_agency
):
    from django.utils import timezone

    from lachan.access.models import BreakGlassGrant
    from lachan.access.services import break_glass_open
    from lachan.accounts.services import user_update

    admin = make_user(role=Role.SYSTEM_ADMIN, agency=None)
    person = make_person(agency=police, province_code="40")
    assignment_create(actor=supervisor, user=social_worker, obj=person)
    elsewhere = make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))
    other = make_person(agency=elsewhere, province_code="31")
    break_glass_open(
        actor=supervisor,
        object_type="people.person",
        object_id=str(other.pk),
        reason="Cần xác minh gấp người đang gặp nguy hiểm",
    )

    user_update(
        actor=admin,
        user=social_worker,
        full_name=social_worker.full_name,
        role=Role.ANALYST,
        agency=social_worker.agency,
    )
    assert not Assignment.objects.filter(user=social_worker).exists()
    user_update(
        actor=admin,
        user=supervisor,
        full_name=supervisor.full_name,
        role=Role.SUPERVISOR,
        agency=elsewhere,
    )
    assert not BreakGlassGrant.objects.filter(
        user=supervisor, expires_at__gt=timezone.now()
    ).exists()
    revoked = AuditEvent.objects.filter(action="access.revoke_for_user").order_by("seq")
    assert [(e.object_id, e.changes) for e in revoked] == [
        (str(social_worker.pk), {"assignments": 1, "break_glass_grants": 0}),
        (str(supervisor.pk), {"assignments": 0, "break_glass_grants": 1}),
    ]


def test_renaming_a_user_keeps_their_assignments(supervisor, social_worker, police, make_user):
    from lachan.accounts.services import user_update

    admin = make_user(role=Role.SYSTEM_ADMIN, agency=None)
    person = make_person(agency=police, province_code="40")
    assignment_create(actor=supervisor, user=social_worker, obj=person)
    user_update(
        actor=admin,
        user=social_worker,
        full_name="Lê Thị Mai",
        role=social_worker.role,
        agency=social_worker.agency,
    )
    assert Assignment.objects.filter(user=social_worker).count() == 1

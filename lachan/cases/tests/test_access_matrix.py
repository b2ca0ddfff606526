"""Role × action matrix of the cases domain. Every denied cell also checks that nothing
changed and that no audit event was written; a case out of reach answers 404 (never a
403 that would confirm it exists). A social worker never sees the evidence log: not on
the case page, not on its page, not over the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from lachan.access.models import Assignment
from lachan.access.roles import Role
from lachan.accounts.models import AgencyType
from lachan.cases import selectors, services
from lachan.cases.tests.helpers import audit_count, make_person, open_case, snapshot
from lachan.core.errors import NotFound, PermissionDenied
from lachan.core.testing.factories import commune_of

pytestmark = pytest.mark.django_db

ACTORS = (
    "lead",  # HP officer leading the case
    "team",  # HP officer on the team
    "colleague",  # HP officer of the same agency, not on the case
    "supervisor",  # HP supervisor (directs the agency subtree)
    "other_province",  # NA officer
    "social_assigned",  # HP social worker assigned to the case
    "social",  # HP social worker, not assigned
    "analyst",
    "operator",  # intake operator of the HP police
    "commune_committee",  # officer role at a commune People's Committee (not police)
)

#            view  change evidence manage_evidence  numbers
EXPECTED: dict[str, tuple[bool, bool, bool, bool, bool]] = {
    "lead": (True, True, True, True, False),
    "team": (True, True, True, True, False),
    "colleague": (True, False, True, False, False),
    "supervisor": (True, True, True, True, True),
    "other_province": (False, False, False, False, False),
    "social_assigned": (True, False, False, False, False),
    "social": (False, False, False, False, False),
    "analyst": (False, False, False, False, True),
    "operator": (False, False, False, False, False),
    "commune_committee": (False, False, False, False, False),
}


@pytest.fixture
def world(
    make_user: Callable[..., Any],
    make_agency: Callable[..., Any],
    officer: Any,
    officer2: Any,
    supervisor: Any,
    na_officer: Any,
    social_worker: Any,
    analyst: Any,
    operator: Any,
    hp_police: Any,
) -> dict[str, Any]:
    colleague = make_user(role=Role.OFFICER, agency=hp_police, full_name="Đồng nghiệp")
    social_assigned = make_user(
        role=Role.SOCIAL_WORKER, agency=social_worker.agency, full_name="CTXH được giao"
    )
    committee = make_agency(
        name="UBND xã", agency_type=AgencyType.COMMUNE_COMMITTEE, admin_unit=commune_of("31")
    )
    commune_committee = make_user(role=Role.OFFICER, agency=committee)
    case = open_case(officer, team=[officer2], summary="Tóm tắt")
    suspect = services.suspect_add(
        actor=officer, case=case, person=make_person(officer, phone="0912000111"), role="recruiter"
    )
    item = services.evidence_add(actor=officer, case=case, label="VC-01", description="Điện thoại")
    Assignment.objects.create(user=social_assigned, object_type="cases.case", object_id=case.pk)
    return {
        "case": case,
        "suspect": suspect,
        "item": item,
        "lead": officer,
        "team": officer2,
        "colleague": colleague,
        "supervisor": supervisor,
        "other_province": na_officer,
        "social_assigned": social_assigned,
        "social": social_worker,
        "analyst": analyst,
        "operator": operator,
        "commune_committee": commune_committee,
    }


def _denied_unchanged(run: Callable[[], Any], errors: tuple[type[Exception], ...]) -> None:
    before, events = snapshot(), audit_count()
    with pytest.raises(errors):
        run()
    assert snapshot() == before
    assert audit_count() == events


@pytest.mark.parametrize("who", ACTORS)
def test_view(world: dict[str, Any], who: str, client_for: Any) -> None:
    actor, case = world[who], world["case"]
    allowed = EXPECTED[who][0]
    response = client_for(actor).get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    assert response.status_code == (200 if allowed else 404)
    listed = [row.id for row in selectors.case_page(actor=actor).items]
    assert listed == ([case.pk] if allowed else [])
    api = client_for(actor).get(f"/api/v1/cases/{case.pk}")
    assert api.status_code == (200 if allowed else 404)
    if not allowed:
        assert api.json()["code"] == "not_found"


@pytest.mark.parametrize("who", ACTORS)
def test_change(world: dict[str, Any], who: str) -> None:
    actor, case = world[who], world["case"]
    run = lambda: services.case_transition(  # noqa: E731
        actor=actor, case=case, action="solve", on=dt.date(2026, 4, 1)
    )
    if EXPECTED[who][1]:
        assert run().status == "solved"
        return
    _denied_unchanged(run, (NotFound, PermissionDenied))
    _denied_unchanged(
        lambda: services.arrest_record(
            actor=actor, suspect=world["suspect"], kind="arrest", on=dt.date(2026, 4, 1)
        ),
        (NotFound, PermissionDenied),
    )
    expected_error = PermissionDenied if EXPECTED[who][0] else NotFound
    with pytest.raises(expected_error):
        services.case_event_record(
            actor=actor,
            case=case,
            kind="rescue",
            on=dt.date(2026, 4, 1),
            persons_count=1,
            by_text="x",
            place_text="y",
        )


@pytest.mark.parametrize("who", ACTORS)
def test_evidence(world: dict[str, Any], who: str, client_for: Any) -> None:
    actor, case = world[who], world["case"]
    allowed = EXPECTED[who][2]
    client = client_for(actor)
    page = client.get(reverse("cases:evidence", kwargs={"case_id": case.pk}))
    assert page.status_code == (200 if allowed else 404)
    api = client.get(f"/api/v1/cases/{case.pk}/evidence")
    assert api.status_code == (200 if allowed else 404)
    if allowed:
        assert [i["label"] for i in api.json()] == ["VC-01"]
    if EXPECTED[who][0]:
        detail = client.get(reverse("cases:detail", kwargs={"case_id": case.pk}))
        body = detail.content.decode()
        assert ("evidence-link" in body) is allowed
        assert ("VC-01" in body) is False  # never the items on the case page
        assert (detail.context["case"].evidence_count is None) is (not allowed)
        assert (api.status_code == 200) is allowed
        case_json = client.get(f"/api/v1/cases/{case.pk}").json()
        assert case_json["evidence_count"] == (1 if allowed else None)


@pytest.mark.parametrize("who", ACTORS)
def test_manage_evidence(world: dict[str, Any], who: str) -> None:
    actor, case = world[who], world["case"]
    run = lambda: services.evidence_add(  # noqa: E731
        actor=actor, case=case, label=f"VC-{who}", description="Sổ ghi chép"
    )
    if EXPECTED[who][3]:
        assert run().label == f"VC-{who}"
        return
    # without sight of the evidence log: as absent (404), never a 403
    error = PermissionDenied if EXPECTED[who][2] else NotFound
    _denied_unchanged(run, (error,))
    _denied_unchanged(
        lambda: services.evidence_custody_record(
            actor=actor, item=world["item"], action="examined"
        ),
        (error,),
    )


@pytest.mark.parametrize("who", ACTORS)
def test_numbers(world: dict[str, Any], who: str, client_for: Any) -> None:
    response = client_for(world[who]).get(
        "/api/v1/cases/numbers", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == (200 if EXPECTED[who][4] else 404)
    if EXPECTED[who][4]:
        assert response.json()["prosecuted"] == 1


def test_evidence_view_is_audited(world: dict[str, Any]) -> None:
    from lachan.audit.models import AuditEvent

    selectors.evidence_log(actor=world["lead"], case=world["case"])
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None and event.action == "case.view_evidence"
    assert event.object_id == str(world["case"].pk)

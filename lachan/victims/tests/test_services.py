"""Services: reception and its deadline, verification, identification with evidence,
children's defaults, consent, support with approval, referrals under consent,
hand-overs, reintegration — each writing exactly one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.errors import Conflict, PermissionDenied, ValidationFailed
from lachan.core.testing.factories import commune_of
from lachan.people.models import Person
from lachan.victims import services
from lachan.victims.models import (
    ApprovalStatus,
    ProtectionKind,
    ReferralStatus,
    StatusChange,
    VictimRecord,
)
from lachan.victims.tests.helpers import WOMAN, consent, identified, receive

VN = dt.timezone(dt.timedelta(hours=7))


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_reception_records_person_and_episode(canboxa: Any, na_social: Any) -> None:
    received_at = dt.datetime(2026, 11, 20, 9, 30, tzinfo=VN)
    record = receive(canboxa, na_social, received_at=received_at, reception_place="UBND xã")
    assert record.code.startswith("NN-") and len(record.code) == 11
    assert record.person.full_name == "Lô Thị Hoa"
    assert (record.receiving_agency, record.owner_agency) == (canboxa.agency, na_social)
    assert record.status == "signal" and record.received_by == canboxa
    # Due at the end of the third local day after reception: 23/11 23:59:59 (+07).
    assert record.verification_due_at == dt.datetime(2026, 11, 23, 23, 59, 59, tzinfo=VN)
    assert (record.sex, record.age_at_reception, record.is_child) == ("female", 28, False)
    assert record.reception_province.code == "40"
    assert actions() == ["person.create", "victim.receive"]
    event = AuditEvent.objects.get(action="victim.receive")
    assert event.changes["channel"] == "self_returned"
    assert "Hoa" not in str(event.changes)
    assert list(record.history.values_list("from_status", "to_status")) == [("", "signal")]


def test_reception_validates_before_writing(canboxa: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.victim_receive(
            actor=canboxa,
            channel="nonsense",
            received_at=timezone.now() + dt.timedelta(days=1),
            reception_unit=None,
            new_person=services.NewPerson(full_name=""),
        )
    assert set(exc.value.fields) >= {"channel", "received_at", "reception_unit"}
    assert (Person.objects.count(), VictimRecord.objects.count(), AuditEvent.objects.count()) == (
        0,
        0,
        0,
    )
    with pytest.raises(ValidationFailed) as exc:  # the person's own rules, prefixed
        receive(canboxa, new_person=services.NewPerson(full_name="123"))
    assert "person.full_name" in exc.value.fields
    assert VictimRecord.objects.count() == 0


def test_a_second_episode_of_the_same_person(canboxa: Any, na_social: Any) -> None:
    first = receive(canboxa, na_social)
    second = receive(canboxa, na_social, person=first.person)
    assert second.person_id == first.person_id and second.code != first.code
    assert Person.objects.count() == 1


def test_child_gets_stricter_defaults(canboxa: Any, ctxh: Any, na_social: Any) -> None:
    child = services.NewPerson(full_name="Vi Thị Nga", sex="female", birth_year=2012)
    record = receive(canboxa, na_social, new_person=child)
    assert record.is_child is True
    kinds = set(record.protection.values_list("kind", flat=True))
    assert kinds == {ProtectionKind.CONFIDENTIALITY, ProtectionKind.CHILD_FRIENDLY_INTERVIEW}
    services.victim_verify(actor=ctxh, record=record)
    services.evidence_add(actor=ctxh, record=record, category="statement_person", description="x")
    with pytest.raises(ValidationFailed) as exc:  # no guardian recorded yet
        services.victim_identify(
            actor=ctxh, record=record, outcome="victim", decided_on=timezone.localdate()
        )
    assert "người giám hộ" in str(exc.value.fields["outcome"][0])
    services.victim_update(
        actor=ctxh, record=record, guardian=services.Guardian("Vi Văn Hùng", "bố", "0987 654 321")
    )
    services.victim_identify(
        actor=ctxh, record=record, outcome="victim", decided_on=timezone.localdate()
    )
    assert record.status == "victim"
    with pytest.raises(ValidationFailed) as exc:  # a child's consent: legal representative
        consent(record, ctxh, canboxa.agency, given_by="person")
    assert "given_by" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.consent_record(
            actor=ctxh,
            record=record,
            share_identity=True,
            share_address=False,
            purpose="support",
            given_by="legal_representative",
            given_on=timezone.localdate(),
            grantee_role="officer",
        )
    assert "grantee_role" in exc.value.fields


def test_verify_then_identify_with_evidence(canboxa: Any, ctxh: Any, na_social: Any) -> None:
    record = receive(canboxa, na_social)
    services.victim_verify(actor=ctxh, record=record)
    assert record.status == "being_identified" and record.verified_at is not None
    with pytest.raises(Conflict):
        services.victim_verify(actor=ctxh, record=record)
    with pytest.raises(ValidationFailed) as exc:
        services.victim_identify(
            actor=ctxh, record=record, outcome="victim", decided_on=timezone.localdate()
        )
    assert "căn cứ (Điều 32)" in str(exc.value.fields["outcome"][0])
    services.evidence_add(
        actor=ctxh,
        record=record,
        category="foreign_authority_document",
        document_number="BB-15/2026",
        dated=timezone.localdate(),
    )
    services.victim_identify(
        actor=ctxh,
        record=record,
        outcome="victim",
        decided_on=timezone.localdate(),
        decision_number="7/QĐ",
    )
    record.refresh_from_db()
    assert (record.status, record.deciding_agency, record.decision_number) == (
        "victim",
        na_social,
        "7/QĐ",
    )
    assert list(
        StatusChange.objects.filter(record=record).values_list("from_status", "to_status")
    ) == [("", "signal"), ("signal", "being_identified"), ("being_identified", "victim")]
    assert actions()[-3:] == ["victim.verify", "victim.add_evidence", "victim.identify"]
    with pytest.raises(Conflict):
        services.victim_identify(
            actor=ctxh, record=record, outcome="not_victim", decided_on=timezone.localdate()
        )


def test_only_the_managing_agency_works_the_file(
    canboxa: Any, ctxh: Any, na_social: Any, police: Any, hp_worker: Any
) -> None:
    record = receive(canboxa, na_social)
    with pytest.raises(PermissionDenied):  # receiving agency: sees, does not decide
        services.victim_verify(actor=canboxa, record=record)
    from lachan.core.errors import NotFound

    for outsider in (police, hp_worker):
        with pytest.raises(NotFound):
            services.victim_verify(actor=outsider, record=record)
    assert record.status == "signal"


def test_support_inside_and_outside_the_entitlement(
    canboxa: Any, ctxh: Any, social_supervisor: Any, na_social: Any
) -> None:
    record = receive(canboxa, na_social)
    services.victim_verify(actor=ctxh, record=record)
    # Being identified in Vietnam: a–g. "e" (travel) is inside, "i" outside.
    travel = services.support_record(
        actor=ctxh,
        record=record,
        measure="e",
        delivered_on=timezone.localdate(),
        amount_vnd=350_000,
        document_ref="QĐ 15/2026",
    )
    assert (travel.within_entitlement, travel.approval_status) == (True, "not_needed")
    training = services.support_record(
        actor=ctxh, record=record, measure="i", delivered_on=timezone.localdate()
    )
    assert (training.within_entitlement, training.approval_status) == (False, "pending")
    with pytest.raises(ValidationFailed) as exc:
        services.support_record(
            actor=ctxh, record=record, measure="g", delivered_on=timezone.localdate(), amount_vnd=5
        )
    assert "amount_vnd" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.support_record(
            actor=ctxh,
            record=record,
            measure="a",
            delivered_on=timezone.localdate(),
            beneficiary="accompanying_minor",
        )
    with pytest.raises(PermissionDenied):  # a social worker does not approve
        services.support_decide(
            actor=ctxh, record=record, entry_id=training.pk, approve=True, reason="x"
        )
    with pytest.raises(ValidationFailed):  # a reason is required
        services.support_decide(
            actor=social_supervisor, record=record, entry_id=training.pk, approve=True, reason=""
        )
    services.support_decide(
        actor=social_supervisor,
        record=record,
        entry_id=training.pk,
        approve=True,
        reason="Học nghề may sớm theo đề nghị của trung tâm",
    )
    training.refresh_from_db()
    assert (training.approval_status, training.approved_by) == (
        ApprovalStatus.APPROVED,
        social_supervisor,
    )
    with pytest.raises(Conflict):
        services.support_decide(
            actor=social_supervisor, record=record, entry_id=training.pk, approve=False, reason="x"
        )


def test_referral_needs_consent_at_each_step(
    canboxa: Any, ctxh: Any, na_social: Any, na_school: Any, school_worker: Any
) -> None:
    record = identified(receive(canboxa, na_social), ctxh)
    with pytest.raises(ValidationFailed) as exc:
        services.referral_request(
            actor=ctxh, record=record, to_agency=na_school, service="vocational_training"
        )
    assert "to_agency" in exc.value.fields
    given = consent(record, ctxh, na_school, purpose="referral", share_address=False)
    referral = services.referral_request(
        actor=ctxh, record=record, to_agency=na_school, service="vocational_training"
    )
    with pytest.raises(Conflict):
        services.referral_request(
            actor=ctxh, record=record, to_agency=na_school, service="vocational_training"
        )
    services.consent_withdraw(actor=ctxh, record=record, consent_id=given.pk)
    with pytest.raises(ValidationFailed):  # withdrawn: the school cannot accept
        services.referral_respond(actor=school_worker, referral_id=referral.pk, accept=True)
    consent(record, ctxh, na_school, purpose="referral", share_address=False)
    services.referral_respond(actor=school_worker, referral_id=referral.pk, accept=True)
    # The school, having accepted, records the training it delivers (inside a–k).
    entry = services.support_record(
        actor=school_worker, record=record, measure="i", delivered_on=timezone.localdate()
    )
    assert (entry.provider_agency, entry.approval_status) == (na_school, "not_needed")
    services.referral_complete(actor=school_worker, referral_id=referral.pk, note="Học xong")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE
    with pytest.raises(Conflict):
        services.referral_complete(actor=school_worker, referral_id=referral.pk)


def test_declining_needs_a_reason(
    canboxa: Any, ctxh: Any, na_social: Any, na_school: Any, school_worker: Any
) -> None:
    record = receive(canboxa, na_social)
    consent(record, ctxh, na_school, purpose="referral")
    referral = services.referral_request(
        actor=ctxh, record=record, to_agency=na_school, service="job"
    )
    with pytest.raises(ValidationFailed):
        services.referral_respond(actor=school_worker, referral_id=referral.pk, accept=False)
    services.referral_respond(
        actor=school_worker, referral_id=referral.pk, accept=False, note="Hết chỗ"
    )
    referral.refresh_from_db()
    assert referral.status == "declined"


def test_handover_creates_one_reception_per_person(canboxa: Any, na_social: Any) -> None:
    handover = services.handover_record(
        actor=canboxa,
        border_gate_code="nam_can",
        handed_over_at=timezone.now() - dt.timedelta(hours=1),
        foreign_authority="Công an tỉnh Xiêng Khoảng",
        foreign_country="LA",
        document_number="BB-07/2026",
        reception_unit=commune_of("40"),
        owner_agency=na_social,
        persons=[
            services.HandoverPerson(new_person=WOMAN, document_number="GT-001"),
            services.HandoverPerson(
                new_person=services.NewPerson(full_name="Vi Thị Nga", birth_year=2010),
                document_number="GT-002",
            ),
        ],
    )
    records = list(handover.records.order_by("handover_document_number"))
    assert [r.handover_document_number for r in records] == ["GT-001", "GT-002"]
    assert {r.channel for r in records} == {"handed_over"}
    assert [r.is_child for r in records] == [False, True]
    assert {r.exploitation_country for r in records} == {"LA"}
    assert records[0].reception_place == "Cửa khẩu quốc tế Nậm Cắn"
    event = AuditEvent.objects.get(action="victim.handover")
    assert sorted(event.changes["records"]) == sorted(str(r.pk) for r in records)
    with pytest.raises(ValidationFailed) as exc:
        services.handover_record(
            actor=canboxa,
            border_gate_code="nowhere",
            handed_over_at=timezone.now(),
            foreign_authority="",
            foreign_country="",
            document_number="",
            reception_unit=commune_of("40"),
            persons=[],
        )
    assert set(exc.value.fields) >= {
        "border_gate",
        "foreign_authority",
        "foreign_country",
        "document_number",
        "persons",
    }


def test_reintegration_plan_visits_and_timeline(canboxa: Any, ctxh: Any, na_social: Any) -> None:
    from lachan.victims.selectors import situation_timeline

    record = identified(receive(canboxa, na_social), ctxh)
    start = dt.date(2025, 1, 10)
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create(
            actor=ctxh,
            record=record,
            started_on=start,
            follow_up_until=dt.date(2025, 6, 1),
            goals=[services.GoalInput("vocational_training", "Học may")],
        )
    assert "follow_up_until" in exc.value.fields
    plan = services.plan_create(
        actor=ctxh,
        record=record,
        started_on=start,
        goals=[
            services.GoalInput("vocational_training", "Học may"),
            services.GoalInput("job", "Việc làm ở xưởng may"),
        ],
    )
    assert plan.follow_up_until == dt.date(2026, 1, 10)
    training, _job = plan.goals.order_by("created_at")
    services.goal_set_status(
        actor=ctxh, record=record, goal_id=training.pk, status="achieved", on=dt.date(2025, 3, 20)
    )
    services.visit_record(
        actor=ctxh, record=record, visited_on=dt.date(2025, 9, 5), outcomes=["employed"]
    )
    services.visit_record(
        actor=ctxh,
        record=record,
        visited_on=dt.date(2026, 2, 1),
        outcomes=["employed", "married"],
    )
    timeline = situation_timeline(list(plan.goals.all()), list(record.visits.all()))
    assert [(item["on"], item["code"]) for item in timeline] == [
        (dt.date(2025, 3, 20), "vocational_training"),
        (dt.date(2025, 9, 5), "employed"),
        (dt.date(2026, 2, 1), "married"),
    ]
    with pytest.raises(ValidationFailed):
        services.visit_record(actor=ctxh, record=record, visited_on=start, outcomes=["bogus"])

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from lachan.audit.models import AuditEvent
from lachan.cases import services
from lachan.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CaseTransition,
    CustodyAction,
    EvidenceAttachment,
    Suspect,
)
from lachan.cases.tests.helpers import (
    actions_of,
    audit_count,
    make_person,
    open_case,
    snapshot,
    verifying_tip,
)
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.core.testing.factories import commune_of, unit
from lachan.tips.models import Tip, TipStatus

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_open_case_records_facts_places_and_one_audit_event(officer: Any, officer2: Any) -> None:
    before = audit_count()
    case = open_case(
        officer,
        number="12/QĐ-VA",
        offence="art151",
        other_offences=["art348", "art151"],
        team=[officer2],
        summary="Đưa ba cô gái sang Trung Quốc.",
        destination_countries=["cn", "CN"],
        exploitation_type="forced_marriage",
        recruitment_means=["online_romance", "false_job_offer"],
        places=[
            services.CasePlaceInput(role="recruited", admin_unit=commune_of("31"), text="xóm 3"),
            services.CasePlaceInput(role="exploited", country="CN", text="Hà Khẩu"),
            services.CasePlaceInput(role="transit"),  # an empty form row
        ],
    )
    case.refresh_from_db()
    assert case.agency == officer.agency
    assert case.lead_investigator == officer
    assert list(case.team.all()) == [officer2]
    assert case.other_offences == ["art348"]
    assert case.destination_countries == ["CN"]
    assert case.province == unit("31") and case.area == unit("31")
    assert case.status == CaseStatus.INVESTIGATING
    assert sorted((p.role, p.country) for p in case.places.all()) == [
        ("exploited", "CN"),
        ("recruited", ""),
    ]
    assert audit_count() == before + 1
    event = AuditEvent.objects.get(object_id=str(case.pk))
    assert event.action == "case.open"
    assert "Trung Quốc" not in str(event.changes)
    # the summary is encrypted at rest
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT summary FROM cases_case WHERE id = %s",
            [case.pk.hex if connection.vendor == "sqlite" else case.pk],
        )
        raw = cursor.fetchone()[0]
    assert "Trung Quốc" not in raw


def test_case_number_is_unique_per_agency(officer: Any, na_officer: Any) -> None:
    open_case(officer, number="1/VA")
    with pytest.raises(ValidationFailed) as err:
        open_case(officer, number="1/VA")
    assert "number" in err.value.fields
    assert open_case(na_officer, number="1/VA").number == "1/VA"  # another agency


def test_only_police_open_cases(social_worker: Any, operator: Any) -> None:
    before = snapshot()
    for actor in (social_worker, operator):
        with pytest.raises(PermissionDenied):
            open_case(actor)
    assert snapshot() == before


def test_open_from_tip_decides_the_tip_in_the_same_transaction(
    operator: Any, supervisor: Any, officer: Any
) -> None:
    tip = verifying_tip(operator, supervisor, officer)
    case = services.case_open_from_tip(
        actor=officer,
        tip=tip,
        number="5/VA-2026",
        offence="art150",
        prosecution_date=tip.received_at.date(),
        prosecution_decision_number="05/QĐ-KTVA",
    )
    tip.refresh_from_db()
    assert tip.status == TipStatus.DECIDED
    assert tip.decision == "prosecute"
    assert tip.case_id == case.pk and tip.case_number == "5/VA-2026"
    assert tip.decision_number == "05/QĐ-KTVA"
    assert list(case.source_tips.all()) == [tip]
    assert case.exploitation_type == "forced_marriage"  # from the tip
    assert actions_of(case) == ["case.open"]
    assert actions_of(tip)[-1] == "tip.decide"


def test_open_from_tip_rolls_back_when_the_tip_cannot_be_decided(
    operator: Any, supervisor: Any, officer: Any, officer2: Any
) -> None:
    tip = verifying_tip(operator, supervisor, officer)  # assigned to officer, not officer2
    before, events = snapshot(), audit_count()
    with pytest.raises(NotFound):  # officer2 does not even see the tip
        services.case_open_from_tip(
            actor=officer2,
            tip=tip,
            number="6/VA",
            offence="art150",
            prosecution_date=tip.received_at.date(),
        )
    assert snapshot() == before and audit_count() == events


def test_join_from_tip_links_and_decides(operator: Any, supervisor: Any, officer: Any) -> None:
    case = open_case(officer)
    tip = verifying_tip(operator, supervisor, officer)
    services.case_join_from_tip(actor=officer, tip=tip, case=case)
    tip.refresh_from_db()
    assert tip.status == TipStatus.DECIDED and tip.case_id == case.pk
    assert list(case.source_tips.all()) == [tip]
    assert "case.join_tip" in actions_of(case)


def test_transitions_are_guarded_and_keep_the_solved_date(officer: Any) -> None:
    case = open_case(officer, prosecution_date=dt.date(2026, 1, 5))
    with pytest.raises(Conflict):
        services.case_transition(actor=officer, case=case, action="transfer")
    with pytest.raises(ValidationFailed):
        services.case_transition(actor=officer, case=case, action="solve", on=dt.date(2026, 1, 1))
    case = services.case_transition(
        actor=officer, case=case, action="solve", on=dt.date(2026, 2, 1)
    )
    case = services.case_transition(
        actor=officer, case=case, action="transfer", on=dt.date(2026, 2, 10)
    )
    case = services.case_transition(
        actor=officer, case=case, action="indict", on=dt.date(2026, 3, 1)
    )
    with pytest.raises(ValidationFailed) as err:
        services.case_transition(actor=officer, case=case, action="try", on=dt.date(2026, 4, 1))
    assert "trial_outcome" in err.value.fields
    case = services.case_transition(
        actor=officer, case=case, action="try", on=dt.date(2026, 4, 1), trial_outcome="convicted"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.TRIED
    assert case.solved_on == dt.date(2026, 2, 1)
    assert case.trial_outcome == "convicted"
    assert list(CaseTransition.objects.filter(case=case).values_list("action", flat=True)) == [
        "open",
        "solve",
        "transfer",
        "indict",
        "try",
    ]
    assert actions_of(case) == [
        "case.open",
        "case.solve",
        "case.transfer",
        "case.indict",
        "case.try",
    ]


def test_suspend_and_resume(officer: Any) -> None:
    case = open_case(officer, prosecution_date=dt.date(2026, 1, 5))
    case = services.case_transition(
        actor=officer, case=case, action="suspend", on=dt.date(2026, 2, 1)
    )
    with pytest.raises(Conflict):
        services.case_transition(actor=officer, case=case, action="solve")
    case = services.case_transition(
        actor=officer, case=case, action="resume", on=dt.date(2026, 2, 5)
    )
    assert case.status == CaseStatus.INVESTIGATING


def test_suspects_arrests_and_outcome(officer: Any, na_border: Any) -> None:
    case = open_case(officer)
    person = make_person(officer, phone="0912345678")
    suspect = services.suspect_add(actor=officer, case=case, person=person, role="recruiter")
    assert suspect.nationality == "VN"
    with pytest.raises(ValidationFailed):
        services.suspect_add(actor=officer, case=case, person=person, role="broker")
    foreign = services.suspect_add_new_person(
        actor=officer,
        case=case,
        full_name="Wang Wei",
        role="buyer",
        nationality="CN",
        phones=["0987654321"],
    )
    assert foreign.nationality == "CN" and foreign.person.identifiers.count() == 1
    arrest = services.arrest_record(
        actor=officer, suspect=suspect, kind="arrest", on=dt.date(2026, 3, 12), agency=na_border
    )
    assert arrest.agency == na_border
    with pytest.raises(ValidationFailed):  # a social services centre does not arrest
        services.arrest_record(
            actor=officer,
            suspect=suspect,
            kind="arrest",
            on=dt.date(2026, 3, 12),
            agency=make_social(),
        )
    with pytest.raises(ValidationFailed) as err:
        services.suspect_update(
            actor=officer,
            suspect=suspect,
            role="recruiter",
            wanted_status="not_wanted",
            nationality="VN",
            outcome="convicted",
            outcome_date=dt.date(2026, 5, 1),
        )
    assert "sentence" in err.value.fields
    suspect = services.suspect_update(
        actor=officer,
        suspect=suspect,
        role="recruiter",
        wanted_status="not_wanted",
        nationality="VN",
        outcome="convicted",
        outcome_date=dt.date(2026, 5, 1),
        sentence="12 năm tù",
        sentence_months=144,
    )
    assert suspect.sentence_months == 144
    assert actions_of(case).count("case.add_suspect") == 2
    assert "case.record_arrest" in actions_of(case) and "case.update_suspect" in actions_of(case)


def make_social() -> Any:
    from lachan.accounts.models import AgencyType
    from lachan.core.testing.factories import AgencyFactory

    return AgencyFactory(agency_type=AgencyType.SOCIAL_SERVICES, name="Trung tâm CTXH")


def test_handover_at_a_border_gate_and_rescue(officer: Any) -> None:
    case = open_case(officer)
    with pytest.raises(ValidationFailed) as err:
        services.case_event_record(
            actor=officer, case=case, kind="handover", on=dt.date(2026, 3, 20), persons_count=2
        )
    assert {"border_gate", "foreign_authority"} <= set(err.value.fields)
    event = services.case_event_record(
        actor=officer,
        case=case,
        kind="handover",
        on=dt.date(2026, 3, 20),
        persons_count=2,
        border_gate_code="nam_can",
        foreign_authority="Công an tỉnh Xiêng Khoảng",
    )
    assert event.foreign_country == "LA"  # the gate's neighbour
    rescue = services.case_event_record(
        actor=officer,
        case=case,
        kind="rescue",
        on=dt.date(2026, 3, 15),
        persons_count=3,
        agency=officer.agency,
        country="CN",
        place_text="Hà Khẩu",
    )
    assert rescue.border_gate == ""
    assert CaseEvent.objects.filter(case=case).count() == 2
    assert actions_of(case)[-2:] == ["case.record_handover", "case.record_rescue"]


def test_evidence_chain_of_custody_and_encrypted_attachment(officer: Any, officer2: Any) -> None:
    case = open_case(officer)
    item = services.evidence_add(
        actor=officer,
        case=case,
        label="VC-01",
        description="Điện thoại Oppo của đối tượng",
        location="Kho vật chứng",
        attachments=[services.AttachmentInput("anh.png", PNG)],
    )
    assert item.custody.get().action == CustodyAction.RECEIVED
    link = services.evidence_custody_record(
        actor=officer, item=item, action="moved", handled_by=officer2, location="Viện KHHS"
    )
    item.refresh_from_db()
    assert item.location == "Viện KHHS" and item.holder == officer2 and link.handled_by == officer2
    services.evidence_custody_record(actor=officer, item=item, action="returned")
    with pytest.raises(Conflict):
        services.evidence_custody_record(actor=officer, item=item, action="examined")
    attachment = EvidenceAttachment.objects.get(item=item)
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM cases_evidenceattachment")
        raw = cursor.fetchone()[0]
    import base64

    assert base64.b64encode(PNG).decode() not in raw
    with pytest.raises(ValidationFailed):
        services.evidence_add(actor=officer, case=case, label="VC-01", description="x")


def test_cooperation_activity_with_follow_ups(border_officer: Any, na_officer: Any) -> None:
    case = open_case(na_officer)
    with pytest.raises(ValidationFailed) as err:
        services.cooperation_record(
            actor=border_officer,
            kind="border_meeting",
            on=dt.date(2026, 3, 1),
            counterpart_country="CN",
            counterpart_agency="Đồn Biên phòng Nặm Cắn (Lào)",
            subject="Trao đổi",
            border_gate_code="nam_can",
            cases=[case],
        )
    assert {"border_gate", "cases"} <= set(err.value.fields)
    activity = services.cooperation_record(
        actor=border_officer,
        kind="border_meeting",
        on=dt.date(2026, 3, 1),
        counterpart_country="LA",
        counterpart_agency="Công an tỉnh Xiêng Khoảng",
        subject="Trao đổi thông tin về đường dây",
        border_gate_code="nam_can",
        persons_handed_over=2,
        follow_ups=[services.FollowUpInput("Xác minh 2 số điện thoại", dt.date(2026, 3, 15))],
    )
    follow_up = activity.follow_ups.get()
    services.cooperation_follow_up_done(
        actor=border_officer, follow_up=follow_up, done_on=dt.date(2026, 3, 10)
    )
    with pytest.raises(Conflict):
        services.cooperation_follow_up_done(actor=border_officer, follow_up=follow_up)
    with pytest.raises(NotFound):  # another agency's activity
        services.cooperation_follow_up_add(actor=na_officer, activity=activity, action="x")
    assert actions_of(activity) == ["case.record_cooperation", "case.cooperation_follow_up_done"]


def test_unused_imports_are_used() -> None:
    assert Case and Suspect and Tip

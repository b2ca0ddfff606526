"""Consent governs every disclosure outside the owning side (Art 3(10)), in the access
layer: the police on a linked case see the pseudonymous code and investigation facts,
identity and address only under a live consent, hidden again once it is withdrawn —
and every view is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lachan.access.policies.victims import victim_record_policy
from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, ValidationFailed
from lachan.victims import selectors, services
from lachan.victims.models import VictimRecord
from lachan.victims.tests.helpers import consent, identified, receive


@pytest.fixture
def case(na_police: Any, police: Any) -> Any:
    from lachan.cases.models import Case

    return Case.objects.create(
        agency=na_police,
        number="15/2026/CSHS",
        offence="art150",
        prosecution_date=dt.date(2026, 11, 1),
        lead_investigator=police,
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_police_on_the_linked_case_see_the_code_then_identity_under_consent(
    canboxa: Any, ctxh: Any, na_social: Any, na_police: Any, police: Any, case: Any
) -> None:
    record = identified(receive(canboxa, na_social), ctxh)
    # Before the link the police do not even reach the file.
    assert not victim_record_policy.scope(police).exists()
    with pytest.raises(NotFound):
        selectors.victim_get(actor=police, record_id=record.pk)

    with pytest.raises(ValidationFailed):
        services.victim_link_case(
            actor=ctxh, record=record, case_agency=na_police, case_number="99/2026"
        )
    services.victim_link_case(
        actor=ctxh, record=record, case_agency=na_police, case_number="15/2026/CSHS"
    )
    found = selectors.victim_get(actor=police, record_id=record.pk)

    # 1. Pseudonymous: code and investigation facts, masked name, no address — audited.
    view = selectors.victim_detail(actor=police, record=found, reveal=True)
    assert view.disclosure.anything is False
    assert view.name == "L* T** H**" and view.addresses == [] and view.identifiers == []
    assert view.social_side is False and view.support == [] and view.consents == []
    assert [e.changes for e in events("victim.view")] == [{"identity": False}]
    assert events("victim.view")[0].object_id == str(record.pk)

    # 2. Consent naming the police agency: identity and address shown — audited with basis.
    given = consent(record, ctxh, na_police)
    view = selectors.victim_detail(actor=police, record=found, reveal=True)
    assert view.name == "Lô Thị Hoa"
    assert [a["text"] for a in view.addresses] == ["Bản Huồi Pốc, xã Nậm Cắn"]
    reveal = events("victim.view_identity")[-1]
    assert reveal.changes == {
        "fields": ["identity", "address"],
        "basis": "consent",
        "consents": [str(given.pk)],
    }
    assert reveal.actor_id == police.pk

    # Without asking to reveal, nothing is shown (and that view is audited as such).
    view = selectors.victim_detail(actor=police, record=found, reveal=False)
    assert view.name == "L* T** H**"
    assert len(events("victim.view")) == 2

    # 3. Withdrawn: hidden again at once.
    services.consent_withdraw(actor=ctxh, record=record, consent_id=given.pk)
    view = selectors.victim_detail(actor=police, record=found, reveal=True)
    assert view.name == "L* T** H**" and view.addresses == []
    assert len(events("victim.view_identity")) == 1 and len(events("victim.view")) == 3


def test_consent_for_identity_only_keeps_the_address_hidden(
    canboxa: Any, ctxh: Any, na_social: Any, na_police: Any, police: Any, case: Any
) -> None:
    record = receive(canboxa, na_social)
    services.victim_link_case(
        actor=ctxh, record=record, case_agency=na_police, case_number=case.number
    )
    consent(record, ctxh, na_police, share_address=False)
    view = selectors.victim_detail(actor=police, record=record, reveal=True)
    assert view.name == "Lô Thị Hoa" and view.addresses == []
    assert view.identifiers and view.identifiers[0]["value"] == "0912 345 678"


def test_consent_to_a_role_reaches_that_role_only_and_never_for_a_child(
    canboxa: Any, ctxh: Any, na_social: Any, na_police: Any, police: Any, case: Any
) -> None:
    record = receive(canboxa, na_social)
    services.victim_link_case(
        actor=ctxh, record=record, case_agency=na_police, case_number=case.number
    )
    services.consent_record(
        actor=ctxh,
        record=record,
        share_identity=True,
        share_address=False,
        purpose="investigation",
        given_by="person",
        given_on=timezone.localdate(),
        grantee_role="social_worker",
    )
    assert victim_record_policy.disclosure(police, record).anything is False
    services.consent_record(
        actor=ctxh,
        record=record,
        share_identity=True,
        share_address=False,
        purpose="investigation",
        given_by="person",
        given_on=timezone.localdate(),
        grantee_role="officer",
    )
    assert victim_record_policy.disclosure(police, record).identity is True
    # A child's file ignores role consents (and needs the legal representative's).
    VictimRecord.objects.filter(pk=record.pk).update(is_child=True)
    record.refresh_from_db()
    assert victim_record_policy.disclosure(police, record).anything is False


def test_owning_side_sees_identity_and_the_list_masks_until_revealed(
    canboxa: Any, ctxh: Any, na_social: Any, hp_worker: Any
) -> None:
    record = receive(canboxa, na_social)
    page = selectors.victim_list(actor=ctxh)
    assert [(r.code, r.name, r.name_visible) for r in page.items] == [
        (record.code, "L* T** H**", False)
    ]
    assert not events("victim.list_identity")
    page = selectors.victim_list(actor=ctxh, reveal=True)
    assert [r.name for r in page.items] == ["Lô Thị Hoa"]
    assert events("victim.list_identity")[0].changes == {"records": [str(record.pk)]}
    view = selectors.victim_detail(actor=canboxa, record=record, reveal=True)
    assert view.disclosure.basis == "owner" and view.name == "Lô Thị Hoa"
    assert selectors.victim_list(actor=hp_worker).items == []


def test_a_child_file_is_narrower_inside_the_agency(
    canboxa: Any, make_user: Any, ctxh: Any, na_social: Any, na_commune: Any
) -> None:
    from lachan.access.roles import Role
    from lachan.victims.services import NewPerson

    colleague = make_user(role=Role.OFFICER, agency=na_commune)
    adult = receive(canboxa, na_social)
    child = receive(
        canboxa, na_social, new_person=NewPerson(full_name="Vi Thị Nga", birth_year=2013)
    )
    # The receiver and the managing social workers reach both; an officer colleague of
    # the receiver only the adult's.
    assert set(victim_record_policy.scope(canboxa)) == {adult, child}
    assert set(victim_record_policy.scope(ctxh)) == {adult, child}
    assert list(victim_record_policy.scope(colleague)) == [adult]


def test_a_referral_opens_the_file_to_the_receiving_agency_with_its_consent(
    canboxa: Any, ctxh: Any, na_social: Any, na_school: Any, school_worker: Any
) -> None:
    record = identified(receive(canboxa, na_social), ctxh)
    assert not victim_record_policy.scope(school_worker).exists()
    consent(record, ctxh, na_school, purpose="referral", share_address=False)
    services.referral_request(
        actor=ctxh, record=record, to_agency=na_school, service="vocational_training"
    )
    assert list(victim_record_policy.scope(school_worker)) == [record]
    view = selectors.victim_detail(actor=school_worker, record=record, reveal=True)
    assert (view.disclosure.identity, view.disclosure.address) == (True, False)
    assert view.social_side is False  # not yet accepted
    ref = record.referrals.get()
    services.referral_respond(actor=school_worker, referral_id=ref.pk, accept=True)
    view = selectors.victim_detail(actor=school_worker, record=record)
    assert view.social_side is True and len(view.checklist) == 10


def test_other_episodes_are_visible_for_re_trafficking(
    canboxa: Any, ctxh: Any, na_social: Any, hp_worker: Any
) -> None:
    first = receive(canboxa, na_social, received_at=timezone.now() - dt.timedelta(days=400))
    second = receive(canboxa, na_social, person=first.person)
    view = selectors.victim_detail(actor=ctxh, record=second)
    assert [e["code"] for e in view.other_episodes] == [first.code]
    assert view.other_episodes_elsewhere == 0

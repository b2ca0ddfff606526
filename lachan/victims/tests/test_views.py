"""Staff pages: list with queues and masked names, reception form, the file with only
the allowed actions, actions through forms, referrals inbox — 404 out of reach — and
bounded query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.victims.models import VictimRecord
from lachan.victims.tests.helpers import consent, identified, receive


def _detail(record: VictimRecord) -> str:
    return reverse("victims:detail", kwargs={"record_id": record.pk})


def _action(record: VictimRecord, name: str) -> str:
    return reverse("victims:action", kwargs={"record_id": record.pk, "action": name})


def test_list_masks_names_and_shows_deadlines(
    client_for: Any, canboxa: Any, ctxh: Any, na_social: Any
) -> None:
    record = receive(canboxa, na_social)
    VictimRecord.objects.filter(pk=record.pk).update(
        verification_due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = client_for(ctxh)
    html = client.get(reverse("victims:list")).content.decode()
    assert "Hồ sơ nạn nhân" in html and record.code in html
    assert "Lô Thị Hoa" not in html and "L* T** H**" in html
    assert "Quá hạn xác minh ban đầu: 1" in html
    html = client.get(reverse("victims:list"), {"queue": "overdue"}).content.decode()
    assert record.code in html
    html = client.get(reverse("victims:list"), {"queue": "due_soon"}).content.decode()
    assert record.code not in html
    html = client.get(reverse("victims:list"), {"reveal": "1"}).content.decode()
    assert "Lô Thị Hoa" in html
    assert AuditEvent.objects.filter(action="victim.list_identity").count() == 1
    assert client.get(reverse("victims:list"), {"queue": "x"}).status_code == 404
    assert client.get(reverse("victims:list"), {"cursor": "forged"}).status_code == 404


def test_list_query_count_is_bounded(
    client_for: Any,
    canboxa: Any,
    ctxh: Any,
    na_social: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(12):
        receive(canboxa, na_social)
    client = client_for(ctxh)
    client.get(reverse("victims:list"))  # warm the session
    # Session and user (2), scope pieces fetched as short lists (break-glass, the cases
    # reach for linked files: 5), the page (1), assignments and break-glass of the page
    # (2), the audited reveal (5), the counters with their scope (5), session save (3).
    with django_assert_max_num_queries(23):
        response = client.get(reverse("victims:list"), {"reveal": "1"})
    assert response.content.decode().count('data-testid="victim-row"') == 12


def test_detail_query_count_is_bounded(
    client_for: Any,
    canboxa: Any,
    ctxh: Any,
    na_social: Any,
    na_school: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from lachan.victims import services

    record = identified(receive(canboxa, na_social), ctxh)
    for measure in ("a", "b", "e", "g"):
        services.support_record(
            actor=ctxh, record=record, measure=measure, delivered_on=timezone.localdate()
        )
    consent(record, ctxh, na_school, purpose="referral")
    services.referral_request(actor=ctxh, record=record, to_agency=na_school, service="job")
    client = client_for(ctxh)
    client.get(_detail(record))
    with django_assert_max_num_queries(36):
        response = client.get(_detail(record), {"reveal": "1"})
    html = response.content.decode()
    assert "Lô Thị Hoa" in html and "Bản Huồi Pốc" in html
    assert html.count('data-testid="support-row"') == 4
    # An opened action form adds its one agency list query.
    with django_assert_max_num_queries(36):
        response = client.get(_detail(record), {"action": "support"})
    html = response.content.decode()
    assert 'data-testid="action-support"' in html
    assert html.count('data-testid="support-row"') == 4


def test_reception_form_records_a_woman(client_for: Any, canboxa: Any, na_social: Any) -> None:
    commune = commune_of("40")
    response = client_for(canboxa).post(
        reverse("victims:receive"),
        {
            "full_name": "Lô Thị Hoa",
            "sex": "female",
            "birth_year": "1998",
            "nationality": "VN",
            "address": "Bản Huồi Pốc",
            "channel": "self_returned",
            "reception_unit_province": "40",
            "reception_unit_commune": commune.code,
            "owner_agency": str(na_social.pk),
            "location": "in_vietnam",
            "accompanying_minors": "0",
            "exploitation_type": "forced_marriage",
            "recruitment_method": "marriage_promise",
            "recruiter_relation": "acquaintance",
            "exploitation_country": "CN",
        },
    )
    record = VictimRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(record)
    assert (record.owner_agency, record.reception_unit, record.exploitation_type) == (
        na_social,
        commune,
        "forced_marriage",
    )


def test_reception_form_shows_errors_in_vietnamese(client_for: Any, canboxa: Any) -> None:
    response = client_for(canboxa).post(reverse("victims:receive"), {"full_name": ""})
    assert response.status_code == 200
    assert VictimRecord.objects.count() == 0
    assert "Trường này là bắt buộc" in response.content.decode()


def test_detail_shows_only_allowed_actions(
    client_for: Any, canboxa: Any, ctxh: Any, na_social: Any, hp_worker: Any
) -> None:
    record = receive(canboxa, na_social)
    html = client_for(ctxh).get(_detail(record)).content.decode()
    # The due verification is open on the page; every other action is a link that opens
    # its form (a plain GET, no JavaScript), and only the opened form is rendered.
    assert 'data-testid="action-verify"' in html and 'data-testid="open-consent"' in html
    assert 'data-testid="action-consent"' not in html
    assert html.count('data-testid="action-') == 1
    assert f'href="{_detail(record)}?action=consent#action-consent"' in html
    html = client_for(ctxh).get(_detail(record), {"action": "consent"}).content.decode()
    assert 'data-testid="action-consent"' in html and 'data-testid="open-consent"' not in html
    assert 'data-testid="action-verify"' in html and 'data-testid="open-support"' in html
    assert html.count('data-testid="action-') == 2
    html = client_for(canboxa).get(_detail(record)).content.decode()  # receiving agency
    assert 'data-testid="action-verify"' not in html
    assert 'data-testid="open-consent"' not in html
    # Opening an action one may not use renders nothing.
    html = client_for(canboxa).get(_detail(record), {"action": "consent"}).content.decode()
    assert 'data-testid="action-consent"' not in html
    assert 'data-testid="action-verify"' not in html
    assert client_for(hp_worker).get(_detail(record)).status_code == 404
    assert client_for(hp_worker).get(_detail(record), {"action": "consent"}).status_code == 404
    assert AuditEvent.objects.filter(action="victim.view").count() == 4


def test_actions_through_forms(
    client_for: Any, canboxa: Any, ctxh: Any, na_social: Any, social_supervisor: Any
) -> None:
    record = receive(canboxa, na_social)
    client = client_for(ctxh)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert client.post(_action(record, "verify"), {"note": ""}).status_code == 302
    client.post(
        _action(record, "evidence"),
        {"category": "statement_person", "description": "Lời khai ngày đầu", "dated": today},
    )
    response = client.post(
        _action(record, "identify"),
        {"outcome": "victim", "decided_on": today, "decision_number": "9/QĐ"},
    )
    record.refresh_from_db()
    assert record.status == "victim"
    client.post(
        _action(record, "support"),
        {
            "measure": "e",
            "beneficiary": "person",
            "delivered_on": today,
            "amount_vnd": "350000",
            "document_ref": "QĐ 10",
        },
    )
    html = client.get(_detail(record)).content.decode()
    assert "350.000" in html  # Vietnamese thousands separator
    assert html.count('data-testid="measure-') == 10
    # A failing action comes back with the service's message, nothing written.
    before = AuditEvent.objects.count()
    response = client.post(_action(record, "support"), {"measure": "e"}, follow=True)
    assert AuditEvent.objects.count() == before + 1  # only the page view after redirect
    assert "Trường này là bắt buộc" in response.content.decode()
    # ... with the action's form opened again to correct it.
    assert response.redirect_chain == [(f"{_detail(record)}?action=support#action-support", 302)]
    assert 'data-testid="action-support"' in response.content.decode()
    # A success comes back to the file with no form opened.
    response = client.post(
        _action(record, "evidence"),
        {"category": "statement_person", "description": "Lời khai bổ sung", "dated": today},
    )
    assert response.status_code == 302 and response["Location"] == _detail(record)
    assert client.post(_action(record, "nonsense"), {}).status_code == 404


def test_the_case_page_lists_its_victims_by_code(
    client_for: Any, canboxa: Any, ctxh: Any, na_social: Any, na_police: Any, police: Any
) -> None:
    from lachan.cases.models import Case
    from lachan.victims import services

    case = Case.objects.create(
        agency=na_police,
        number="30/2026/HS",
        offence="art150",
        prosecution_date=dt.date(2026, 11, 3),
        lead_investigator=police,
    )
    record = receive(canboxa, na_social)
    services.victim_link_case(
        actor=ctxh, record=record, case_agency=na_police, case_number=case.number
    )
    html = client_for(police).get(reverse("cases:detail", kwargs={"case_id": case.pk}))
    body = html.content.decode()
    assert 'data-testid="case-victims"' in body and record.code in body
    assert "Lô Thị Hoa" not in body

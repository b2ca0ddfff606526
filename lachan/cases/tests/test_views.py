"""Staff pages: list (filters, keyset pages, bounded queries), case page (bounded
queries, masked suspects, source tips in reach, the victims placeholder), forms for
every write, transitions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from lachan.cases import services
from lachan.cases.models import Case, CaseEvent, CaseStatus, EvidenceItem, Suspect
from lachan.cases.tests.helpers import make_person, open_case, verifying_tip
from lachan.tips.models import TipStatus

pytestmark = pytest.mark.django_db

VICTIMS_PLACEHOLDER = "{# victims-of-case section: inserted by lachan.victims #}"


def test_detail_template_keeps_the_victims_placeholder() -> None:
    from pathlib import Path

    import lachan.cases

    # The victims module replaced the placeholder with its section (issue 5).
    template = Path(lachan.cases.__file__).parent / "templates/cases/detail.html"
    text = template.read_text(encoding="utf-8")
    assert text.count("{% case_victims_section case.id %}") == 1


def test_list_is_bounded_and_paged(
    officer: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        c = open_case(
            officer,
            number=f"{n:03d}/VA",
            prosecution_date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        )
        if n % 3 == 0:
            services.suspect_add(
                actor=officer, case=c, person=make_person(officer, f"Người {n}"), role="broker"
            )
    client = client_for(officer)
    client.get(reverse("cases:list"))  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:list"))
    rows = response.context["page"].items
    assert len(rows) == 25
    assert rows[0].number == "029/VA"  # newest prosecution first
    assert [r.suspects for r in rows[:4]] == [0, 0, 1, 0]  # 029, 028, 027 (27 % 3 == 0), 026
    cursor = response.context["page"].next_cursor
    with django_assert_max_num_queries(12):
        second = client.get(reverse("cases:list"), {"cursor": cursor})
    assert [r.number for r in second.context["page"].items] == [
        "004/VA",
        "003/VA",
        "002/VA",
        "001/VA",
        "000/VA",
    ]
    assert second.context["page"].next_cursor is None
    by_number = client.get(reverse("cases:list"), {"sort": "number", "number": "01"})
    assert [r.number for r in by_number.context["page"].items] == [
        f"{n:03d}/VA" for n in range(10, 20)
    ]
    assert client.get(reverse("cases:list"), {"cursor": "garbage!"}).status_code == 404


def test_filters(officer: Any, client_for: Any) -> None:
    a = open_case(officer, number="A", offence="art151")
    open_case(officer, number="B", offence="art150")
    services.case_transition(actor=officer, case=a, action="solve", on=dt.date(2026, 4, 1))
    client = client_for(officer)
    solved = client.get(reverse("cases:list"), {"status": "solved"}).context["page"].items
    assert [r.number for r in solved] == ["A"]
    art150 = client.get(reverse("cases:list"), {"offence": "art150"}).context["page"].items
    assert [r.number for r in art150] == ["B"]


def test_case_page_is_bounded_and_masks_suspects(
    officer: Any,
    operator: Any,
    supervisor: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    tip = verifying_tip(operator, supervisor, officer)
    case = services.case_open_from_tip(
        actor=officer,
        tip=tip,
        number="9/VA",
        offence="art150",
        prosecution_date=tip.received_at.date(),
    )
    for n in range(5):
        s = services.suspect_add(
            actor=officer,
            case=case,
            person=make_person(officer, f"Nguyễn Văn Tùng {n}"),
            role="recruiter",
        )
        services.arrest_record(actor=officer, suspect=s, kind="arrest", on=dt.date(2026, 4, 1))
    services.case_event_record(
        actor=officer,
        case=case,
        kind="handover",
        on=dt.date(2026, 4, 2),
        persons_count=2,
        border_gate_code="nam_can",
        foreign_authority="Công an Xiêng Khoảng",
    )
    client = client_for(officer)
    url = reverse("cases:detail", kwargs={"case_id": case.pk})
    client.get(url)
    with django_assert_max_num_queries(40):
        response = client.get(url)
    body = response.content.decode()
    assert "Nguyễn Văn Tùng" not in body and "N*** V** T***" in body
    assert tip.register_number in body  # the source tip, in reach
    assert "Cửa khẩu quốc tế Nậm Cắn" in body
    assert len(re.findall('data-testid="arrest"', body)) == 5
    assert VICTIMS_PLACEHOLDER not in body  # a template comment renders as nothing
    # more suspects do not mean more queries
    for n in range(5, 15):
        s = services.suspect_add(
            actor=officer, case=case, person=make_person(officer, f"Lê Thị {n}"), role="broker"
        )
        services.arrest_record(actor=officer, suspect=s, kind="custody", on=dt.date(2026, 4, 1))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_source_tips_out_of_reach_are_only_counted(
    officer: Any, officer2: Any, operator: Any, supervisor: Any, client_for: Any
) -> None:
    tip = verifying_tip(operator, supervisor, officer)
    case = services.case_open_from_tip(
        actor=officer,
        tip=tip,
        number="9/VA",
        offence="art150",
        prosecution_date=tip.received_at.date(),
        team=[officer2],
    )
    body = (
        client_for(officer2)
        .get(reverse("cases:detail", kwargs={"case_id": case.pk}))
        .content.decode()
    )
    assert tip.register_number not in body
    assert "1 tin nguồn ngoài phạm vi của bạn" in body


def test_open_from_tip_through_the_form(
    officer: Any, operator: Any, supervisor: Any, client_for: Any
) -> None:
    tip = verifying_tip(operator, supervisor, officer)
    client = client_for(officer)
    page = client.get(reverse("cases:new"), {"tip": str(tip.pk)})
    assert page.status_code == 200 and tip.register_number in page.content.decode()
    response = client.post(
        reverse("cases:new") + "?tip=",
        {
            "tip": str(tip.pk),
            "number": "15/VA-2026",
            "offence": "art150",
            "prosecution_date": tip.received_at.date().strftime("%d/%m/%Y"),
            "lead_investigator": str(officer.pk),
            "recruitment_means": ["false_job_offer"],
            "place_recruited_province": "31",
            "country_exploited": "CN",
            "text_exploited": "Hà Khẩu",
        },
    )
    case = Case.objects.get(number="15/VA-2026")
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    tip.refresh_from_db()
    assert tip.status == TipStatus.DECIDED and tip.case_id == case.pk
    assert case.recruitment_means == ["false_job_offer"]
    assert sorted(case.places.values_list("role", "country")) == [
        ("exploited", "CN"),
        ("recruited", ""),
    ]


def test_forms_for_suspects_arrests_events_transitions_and_evidence(
    officer: Any, client_for: Any
) -> None:
    case = open_case(officer, prosecution_date=dt.date(2026, 1, 5))
    client = client_for(officer)
    base = f"/cases/{case.pk}"
    r = client.post(
        f"{base}/suspects/new/",
        {
            "full_name": "Trần Văn Hùng",
            "sex": "male",
            "nationality": "VN",
            "phone": "0912 345 678",
            "role": "recruiter",
            "wanted_status": "not_wanted",
        },
    )
    assert r.status_code == 302
    suspect = Suspect.objects.get(case=case)
    assert suspect.person.identifiers.get().kind == "phone"
    # pick an existing person from the search
    other = make_person(officer, "Đỗ Thị Lan")
    found = client.get(f"{base}/suspects/new/", {"q": "lan"})
    assert str(other.pk) in found.content.decode()
    r = client.post(
        f"{base}/suspects/new/",
        {
            "person": str(other.pk),
            "sex": "unknown",
            "nationality": "VN",
            "role": "broker",
            "wanted_status": "wanted",
        },
    )
    assert r.status_code == 302 and case.suspects.count() == 2
    r = client.post(
        f"{base}/suspects/{suspect.pk}/arrests/new/",
        {
            "kind": "arrest",
            "on": "12/03/2026",
            "agency": str(officer.agency_id),
        },
    )
    assert r.status_code == 302 and suspect.arrests.count() == 1
    r = client.post(
        f"{base}/events/handover/new/",
        {
            "on": "20/03/2026",
            "persons_count": "2",
            "border_gate": "nam_can",
            "foreign_authority": "Công an tỉnh Xiêng Khoảng",
        },
    )
    assert r.status_code == 302
    assert CaseEvent.objects.get(case=case).border_gate == "nam_can"
    bad = client.post(f"{base}/events/rescue/new/", {"on": "20/03/2026", "persons_count": "2"})
    assert bad.status_code == 200 and bad.context["form"].errors
    r = client.post(f"{base}/status/solve/", {"on": "01/04/2026"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SOLVED and case.solved_on == dt.date(2026, 4, 1)
    assert client.get(f"{base}/status/indict/").status_code == 404  # not allowed now
    r = client.post(f"{base}/evidence/new/", {"label": "VC-01", "description": "Điện thoại"})
    assert r.status_code == 302
    item = EvidenceItem.objects.get(case=case)
    r = client.post(f"{base}/evidence/{item.pk}/custody/", {"action": "moved", "location": "Kho"})
    assert r.status_code == 302 and item.custody.count() == 2
    r = client.post(
        f"{base}/edit/",
        {
            "number": case.number,
            "offence": "art151",
            "prosecution_date": "05/01/2026",
            "lead_investigator": str(officer.pk),
        },
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.offence == "art151"


def test_cooperation_pages(border_officer: Any, client_for: Any) -> None:
    client = client_for(border_officer)
    r = client.post(
        "/cases/cooperation/new/",
        {
            "kind": "border_meeting",
            "on": "01/03/2026",
            "counterpart_country": "LA",
            "counterpart_agency": "Đồn Biên phòng Nặm Khắn",
            "subject": "Gặp gỡ định kỳ",
            "border_gate": "nam_can",
            "persons_handed_over": "3",
            "follow_up": "Xác minh số điện thoại",
            "follow_up_due": "15/03/2026",
        },
    )
    assert r.status_code == 302
    page = client.get(r["Location"])
    assert "Xác minh số điện thoại" in page.content.decode()
    listing = client.get("/cases/cooperation/")
    assert listing.content.decode().count('data-testid="cooperation-row"') == 1

"""Reception of a person already in the register (re-trafficking) and ending a
protection measure, through the staff pages (no JavaScript)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.victims import services
from lachan.victims.models import ProtectionMeasure, VictimRecord
from lachan.victims.tests.helpers import receive


def _reception(**extra: str) -> dict[str, str]:
    data = {
        "sex": "female",
        "nationality": "VN",
        "channel": "rescued",
        "reception_unit_province": "40",
        "reception_unit_commune": commune_of("40").code,
        "location": "in_vietnam",
        "accompanying_minors": "0",
        "exploitation_type": "forced_marriage",
        "recruitment_method": "marriage_promise",
        "recruiter_relation": "acquaintance",
    }
    data.update(extra)
    return data


def _detail(record: VictimRecord) -> str:
    return reverse("victims:detail", kwargs={"record_id": record.pk})


def test_find_shows_masked_persons_in_reach_and_records_nothing(
    client_for: Any, canboxa: Any, hp_worker: Any
) -> None:
    first = receive(canboxa)
    receive(hp_worker, reception_unit=commune_of("31"))  # same name, outside the reach
    events = AuditEvent.objects.count()
    response = client_for(canboxa).post(
        reverse("victims:receive"),
        _reception(person_query="Lô Thị Hoa", find_person="1", reception_place="Đồn X"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="person-search-result"' in html
    assert html.count(f'value="{first.person_id}"') == 1
    assert html.count("L* T** H**") == 1
    assert "Lô Thị Hoa" in html  # only the typed search text comes back
    assert html.count("Lô Thị Hoa") == 1
    assert 'value="Đồn X"' in html
    assert VictimRecord.objects.count() == 2
    assert AuditEvent.objects.count() == events


def test_second_reception_of_the_same_person_shows_the_first_episode(
    client_for: Any, canboxa: Any
) -> None:
    first = receive(canboxa)
    client = client_for(canboxa)
    response = client.post(reverse("victims:receive"), _reception(person=str(first.person_id)))
    assert response.status_code == 302, response.context["form"].errors
    second = VictimRecord.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302 and response["Location"] == _detail(second)
    assert second.person_id == first.person_id
    assert second.channel == "rescued"
    event = AuditEvent.objects.filter(action="victim.receive").latest("seq")
    assert event.changes["new_person"] is False
    html = client.get(_detail(second)).content.decode()
    assert 'data-testid="other-episodes"' in html
    assert first.code in html


def test_a_person_outside_the_reach_cannot_be_chosen(
    client_for: Any, canboxa: Any, hp_worker: Any
) -> None:
    foreign = receive(hp_worker, reception_unit=commune_of("31"))
    events = AuditEvent.objects.count()
    response = client_for(canboxa).post(
        reverse("victims:receive"), _reception(person=str(foreign.person_id))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    assert VictimRecord.objects.count() == 1
    assert AuditEvent.objects.count() == events


def _measure(record: VictimRecord, actor: Any) -> ProtectionMeasure:
    return services.protection_add(
        actor=actor, record=record, kind="escort", started_on=dt.date(2026, 3, 10)
    )


def _end_url(record: VictimRecord) -> str:
    return reverse("victims:action", kwargs={"record_id": record.pk, "action": "protection_end"})


def test_end_a_protection_measure(client_for: Any, canboxa: Any, ctxh: Any, na_social: Any) -> None:
    record = receive(canboxa, na_social)
    measure = _measure(record, ctxh)
    client = client_for(ctxh)
    html = client.get(_detail(record)).content.decode()
    assert html.count('data-testid="protection-end"') == record.protection.count()
    response = client.post(_end_url(record), {"measure": str(measure.pk), "ended_on": "20/04/2026"})
    assert response.status_code == 302 and response["Location"] == _detail(record)
    measure.refresh_from_db()
    assert measure.ended_on == dt.date(2026, 4, 20)
    event = AuditEvent.objects.get(action="victim.end_protection")
    assert event.changes == {
        "protection": str(measure.pk),
        "kind": "escort",
        "ended_on": "2026-04-20",
    }


def test_the_end_cannot_be_before_the_start(
    client_for: Any, canboxa: Any, ctxh: Any, na_social: Any
) -> None:
    record = receive(canboxa, na_social)
    measure = _measure(record, ctxh)
    client = client_for(ctxh)
    response = client.post(_end_url(record), {"measure": str(measure.pk), "ended_on": "09/03/2026"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.ended_on is None
    assert not AuditEvent.objects.filter(action="victim.end_protection").exists()
    html = client.get(_detail(record)).content.decode()
    assert "Ngày kết thúc trước ngày bắt đầu." in html


def test_ending_a_measure_is_denied_without_the_permission(
    client_for: Any, canboxa: Any, ctxh: Any, na_social: Any, police: Any, hp_worker: Any
) -> None:
    record = receive(canboxa, na_social)
    measure = _measure(record, ctxh)
    events = AuditEvent.objects.count()
    for user in (police, hp_worker):
        response = client_for(user).post(
            _end_url(record), {"measure": str(measure.pk), "ended_on": "20/04/2026"}
        )
        assert response.status_code == 404
    measure.refresh_from_db()
    assert measure.ended_on is None
    assert AuditEvent.objects.count() == events

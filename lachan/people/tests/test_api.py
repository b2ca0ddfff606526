"""Persons over the API: masked by default, audited reveal, 404 out of reach."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of, unit
from lachan.people.models import Person
from lachan.people.tests.helpers import actions, make_person, snapshot

URL = "/api/v1/people/"


def _json(response: Any) -> Any:
    return json.loads(response.content)


@pytest.fixture
def hp_person(hp_officer: Any) -> Person:
    return make_person(hp_officer, "Đặng Thị Hường", ids=[("phone", "0987 654 378")])


def test_create_then_get_masked_then_reveal(client_for: Any, hp_officer: Any) -> None:
    client = client_for(hp_officer)
    response = client.post(
        URL,
        {
            "full_name": "nguyễn văn an",
            "sex": "male",
            "birth_year": 1998,
            "admin_unit_code": commune_of("31").code,
            "identifiers": [{"kind": "phone", "value": "+84 912 345 678"}],
            "addresses": [{"kind": "current", "text": "Số 5 Lạch Tray", "admin_unit_code": "31"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = _json(response)
    assert created["full_name"] == "N*** V** A*"
    assert created["identity_visible"] is False
    assert created["identifiers"][0]["value"] == "+84 9** *** *78"
    assert created["addresses"][0]["text"] == "***"
    assert created["addresses"][0]["admin_unit_code"] == "31"
    assert created["birth_precision"] == "year"

    person_url = f"{URL}{created['id']}"
    assert _json(client.get(person_url))["full_name"] == "N*** V** A*"
    assert not AuditEvent.objects.filter(action="person.view_identity").exists()
    shown = _json(client.get(person_url, {"reveal": "true"}))
    assert shown["full_name"] == "Nguyễn Văn An"
    assert shown["identifiers"][0]["value"] == "+84 912 345 678"
    assert shown["addresses"][0]["text"] == "Số 5 Lạch Tray"
    event = AuditEvent.objects.get(action="person.view_identity")
    assert (event.object_id, event.interface) == (created["id"], "api")


def test_create_validation_error_body(client_for: Any, hp_officer: Any) -> None:
    response = client_for(hp_officer).post(
        URL,
        {"full_name": "An", "identifiers": [{"kind": "cccd", "value": "12"}]},
        content_type="application/json",
        headers={"Accept-Language": "vi"},
    )
    assert response.status_code == 422
    body = _json(response)
    assert body["code"] == "validation_failed"
    assert body["fields"] == {"identifiers.0.value": ["Số CCCD phải có đúng 12 chữ số."]}
    assert not Person.objects.exists()


def test_list_search_by_name_and_phone_in_other_notation(
    client_for: Any, hp_officer: Any, hp_person: Person
) -> None:
    make_person(hp_officer, "Lê Văn Tám")
    client = client_for(hp_officer)
    by_name = _json(client.get(URL, {"q": "huong"}))
    assert [item["id"] for item in by_name["items"]] == [str(hp_person.pk)]
    assert by_name["items"][0]["full_name"] == "Đ*** T** H***"
    by_phone = _json(client.get(URL, {"q": "0084.987.654.378", "reveal": "true"}))
    assert [item["full_name"] for item in by_phone["items"]] == ["Đặng Thị Hường"]
    assert by_phone["next_cursor"] is None


def test_list_pages_with_cursor(client_for: Any, hp_officer: Any) -> None:
    for i in range(3):
        make_person(hp_officer, f"Người {i}")
    client = client_for(hp_officer)
    first = _json(client.get(URL, {"limit": 2}))
    second = _json(client.get(URL, {"limit": 2, "cursor": first["next_cursor"]}))
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert second["next_cursor"] is None
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})


def test_nghe_an_supervisor_gets_404_for_a_hai_phong_person(
    client_for: Any, na_supervisor: Any, hp_person: Person
) -> None:
    client = client_for(na_supervisor)
    before = snapshot()
    person_url = f"{URL}{hp_person.pk}"
    for response in (
        client.get(person_url),
        client.get(person_url, {"reveal": "true"}),
        client.patch(person_url, {"full_name": "X"}, content_type="application/json"),
        client.post(
            f"{person_url}/identifiers",
            {"kind": "phone", "value": "0912345678"},
            content_type="application/json",
        ),
        client.get(f"{URL}not-a-uuid"),
    ):
        assert response.status_code == 404
        body = _json(response)
        assert body["code"] == "not_found" and set(body) == {"code", "message", "fields"}
    assert _json(client.get(URL, {"q": "huong"}))["items"] == []
    assert snapshot() == before


def test_update_and_denied_update(
    client_for: Any, hp_officer: Any, na_supervisor: Any, hp_person: Person
) -> None:
    response = client_for(hp_officer).patch(
        f"{URL}{hp_person.pk}",
        {"sex": "female", "admin_unit_code": "40"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _json(response)["admin_unit_code"] == "40"
    hp_person.refresh_from_db()
    assert (hp_person.sex, hp_person.admin_unit) == ("female", unit("40"))
    assert actions()[-1] == "person.update"
    # Now living in Nghệ An: the Nghệ An supervisor reaches the record but may not change it.
    before = snapshot()
    response = client_for(na_supervisor).patch(
        f"{URL}{hp_person.pk}", {"full_name": "Người Khác"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert _json(response)["code"] == "permission_denied"
    assert snapshot() == before
    response = client_for(na_supervisor).get(f"{URL}{hp_person.pk}", {"reveal": "true"})
    assert response.status_code == 403
    assert snapshot() == before


def test_add_and_remove_identifier(client_for: Any, hp_officer: Any, hp_person: Person) -> None:
    client = client_for(hp_officer)
    response = client.post(
        f"{URL}{hp_person.pk}/identifiers",
        {"kind": "zalo", "value": "zalo.me/0987654378"},
        content_type="application/json",
    )
    assert response.status_code == 201
    added = _json(response)
    assert (added["kind"], added["value"]) == ("zalo", "+84 9** *** *78")
    response = client.delete(f"{URL}{hp_person.pk}/identifiers/{added['id']}")
    assert response.status_code == 204
    assert list(hp_person.identifiers.values_list("kind", flat=True)) == ["phone"]
    assert actions()[-2:] == ["person.add_identifier", "person.remove_identifier"]


def test_unauthenticated_is_401(client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 401
    assert _json(response)["code"] == "unauthenticated"

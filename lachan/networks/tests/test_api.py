"""The same over the API."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.networks.tests.helpers import PHONE, make_case, make_person, pkey, refresh_graph

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(hp_officer: Any) -> dict[str, Any]:
    hung = make_person(hp_officer, "Vũ Văn Hùng", "+84 912.345.678")
    tu = make_person(hp_officer, "Ngô Văn Tú", PHONE)
    old = make_case(hp_officer, "01/2024", hung)
    new = make_case(hp_officer, "07/2025", tu)
    refresh_graph()
    return {"hung": hung, "tu": tu, "old": old, "new": new}


def test_views_by_person_case_and_identifier(
    hp_officer: Any, cases: dict[str, Any], client_for: Any
) -> None:
    client = client_for(hp_officer)
    body = client.get(f"/api/v1/networks/persons/{cases['tu'].pk}").json()
    assert sorted(n["label"] for n in body["nodes"] if n["kind"] == "case") == [
        "Vụ án 01/2024",
        "Vụ án 07/2025",
    ]
    assert body["hops"] == 2 and body["hidden_count"] == 0
    assert body["center_keys"] == [pkey(cases["tu"])]
    by_case = client.get(f"/api/v1/networks/cases/{cases['old'].pk}", {"hops": 1}).json()
    assert {n["kind"] for n in by_case["nodes"]} == {"case", "person"}
    by_phone = client.get(
        "/api/v1/networks/identifier", {"kind": "phone", "value": "0912 345 678", "hops": 1}
    ).json()
    assert sorted(n["kind"] for n in by_phone["nodes"]) == ["identifier", "person", "person"]
    comps = client.get("/api/v1/networks/components").json()
    assert [(c["persons"], c["cases"], c["hidden"]) for c in comps] == [(2, 2, 0)]


def test_errors_are_structured(hp_officer: Any, cases: dict[str, Any], client_for: Any) -> None:
    client = client_for(hp_officer)
    missing = client.get("/api/v1/networks/persons/not-a-uuid")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = client.get(f"/api/v1/networks/persons/{cases['tu'].pk}", {"hops": 9})
    assert bad.status_code == 422
    assert bad.json()["fields"] == {"hops": ["Chọn từ 1 đến 6 bước."]}
    wrong = client.get("/api/v1/networks/identifier", {"kind": "phone", "value": "1"})
    assert wrong.status_code == 422 and list(wrong.json()["fields"]) == ["value"]


def test_tracking_over_the_api(hp_officer: Any, cases: dict[str, Any], client_for: Any) -> None:
    client = client_for(hp_officer)
    created = client.post(
        "/api/v1/networks/tracked",
        {"node": pkey(cases["tu"]), "name": "Đường dây API"},
        content_type="application/json",
    )
    assert created.status_code == 201
    network = created.json()
    assert (network["name"], network["member_count"], network["status"]) == (
        "Đường dây API",
        5,
        "active",
    )
    url = f"/api/v1/networks/tracked/{network['id']}"
    view = client.get(f"{url}/view").json()
    assert all(n["member"] for n in view["nodes"])
    assert client.post(f"{url}/refresh").json() == {"added": 0, "removed": 0}
    renamed = client.patch(url, {"name": "Tên mới"}, content_type="application/json").json()
    assert renamed["name"] == "Tên mới"
    removed = client.post(
        f"{url}/remove-member", {"node": pkey(cases["hung"])}, content_type="application/json"
    ).json()
    assert removed["member_count"] == 4
    exported = client.post(f"{url}/export", {"format": "graphml"}, content_type="application/json")
    assert exported.status_code == 200 and b"<graphml" in exported.content
    assert client.post(f"{url}/close").json()["status"] == "closed"
    assert [n["name"] for n in client.get("/api/v1/networks/tracked").json()] == ["Tên mới"]
    export = client.post(
        "/api/v1/networks/export",
        {"node": pkey(cases["tu"]), "format": "svg"},
        content_type="application/json",
    )
    assert export["Content-Type"] == "image/svg+xml"

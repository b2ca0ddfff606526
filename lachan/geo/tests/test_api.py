"""/api/v1/geo/: exact answers, authentication and permission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lachan.access.roles import Role
from lachan.core.testing.factories import unit
from lachan.geo.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

HAI_PHONG = {
    "era": "2025",
    "level": "province",
    "code": "31",
    "name": "Thành phố Hải Phòng",
    "short_name": "Hải Phòng",
    "division_type": "thành phố trung ương",
    "province_code": "31",
    "parent_code": None,
}
BAC_NINH = {
    "era": "2025",
    "level": "province",
    "code": "24",
    "name": "Thành phố Bắc Ninh",
    "short_name": "Bắc Ninh",
    "division_type": "thành phố trung ương",
    "province_code": "24",
    "parent_code": None,
}
BA_DINH = {
    "era": "2025",
    "level": "commune",
    "code": "00004",
    "name": "Phường Ba Đình",
    "short_name": "Ba Đình",
    "division_type": "phường",
    "province_code": "01",
    "parent_code": "01",
}
NGOC_HA = {
    "era": "2025",
    "level": "commune",
    "code": "00008",
    "name": "Phường Ngọc Hà",
    "short_name": "Ngọc Hà",
    "division_type": "phường",
    "province_code": "01",
    "parent_code": "01",
}


@pytest.fixture
def api(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(role=Role.INTAKE_OPERATOR))


def test_unauthenticated_is_401(client: Client) -> None:
    for url in (
        "/api/v1/geo/provinces",
        "/api/v1/geo/units/search?q=hai",
        "/api/v1/geo/units/2025/31",
        "/api/v1/geo/units/legacy/24/successors",
        "/api/v1/geo/resolve?text=hai",
    ):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json() == {
            "code": "unauthenticated",
            "message": "Cần đăng nhập.",
            "fields": {},
        }


def test_role_without_geo_permission_gets_404(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    auditor = client_for(make_user(role=Role.AUDITOR, agency=None))
    response = auditor.get("/api/v1/geo/units/2025/31")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert auditor.get("/api/v1/geo/provinces").status_code == 404


def test_provinces(api: Client) -> None:
    response = api.get("/api/v1/geo/provinces")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 34
    assert [p["code"] for p in body[:3]] == ["01", "04", "08"]
    assert next(p for p in body if p["code"] == "31") == HAI_PHONG
    legacy = api.get("/api/v1/geo/provinces?era=legacy").json()
    assert len(legacy) == 63
    assert legacy[0] == {
        "era": "legacy",
        "level": "province",
        "code": "01",
        "name": "Thành phố Hà Nội",
        "short_name": "Hà Nội",
        "division_type": "thành phố trung ương",
        "province_code": "01",
        "parent_code": None,
    }


def test_communes_of_a_province(api: Client) -> None:
    body = api.get("/api/v1/geo/provinces/01/communes").json()
    expected = AdminUnit.objects.filter(level=Level.COMMUNE, province=unit("01"))
    assert len(body) == expected.count()
    assert [c["code"] for c in body] == list(
        expected.order_by("name_key", "code").values_list("code", flat=True)
    )
    assert next(c for c in body if c["code"] == "00004") == BA_DINH
    assert api.get("/api/v1/geo/provinces/00004/communes").status_code == 404
    assert api.get("/api/v1/geo/provinces/99/communes").status_code == 404


def test_search(api: Client) -> None:
    for q in ("tp hai phong", "TP. Hải Phòng", "Thành phố Hải Phòng", "hai ph"):
        body = api.get("/api/v1/geo/units/search", {"q": q, "limit": 1}).json()
        assert body == [HAI_PHONG], q
    body = api.get(
        "/api/v1/geo/units/search", {"q": "ba dinh", "level": "commune", "province": "01"}
    ).json()
    assert body == [BA_DINH]
    legacy = api.get("/api/v1/geo/units/search", {"q": "Bắc Giang", "era": "legacy"}).json()
    assert [(u["era"], u["code"]) for u in legacy] == [("legacy", "24"), ("legacy", "213")]


def test_search_validation(api: Client) -> None:
    response = api.get("/api/v1/geo/units/search", {"q": "", "limit": 500})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"q", "limit"}


def test_unit_by_code(api: Client) -> None:
    assert api.get("/api/v1/geo/units/2025/31").json() == HAI_PHONG
    assert api.get("/api/v1/geo/units/2025/00004").json() == BA_DINH
    legacy_commune = api.get("/api/v1/geo/units/legacy/00016").json()
    assert legacy_commune == {
        "era": "legacy",
        "level": "commune",
        "code": "00016",
        "name": "Phường Ngọc Hà",
        "short_name": "Ngọc Hà",
        "division_type": "phường",
        "province_code": "01",
        "parent_code": "001",
    }
    missing = api.get("/api/v1/geo/units/2025/99")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_legacy_to_current(api: Client) -> None:
    body = api.get("/api/v1/geo/units/legacy/24/successors").json()
    assert body["exact"] is True
    assert body["legacy"]["name"] == "Tỉnh Bắc Giang"
    assert body["successors"] == [{"unit": BAC_NINH, "partial": False}]


def test_legacy_split_is_not_exact(api: Client) -> None:
    body = api.get("/api/v1/geo/units/legacy/00016/successors").json()
    assert body["exact"] is False
    assert body["successors"] == [
        {"unit": BA_DINH, "partial": True},
        {"unit": NGOC_HA, "partial": True},
    ]


def test_resolve(api: Client) -> None:
    body = api.get("/api/v1/geo/resolve", {"text": "Bắc Giang"}).json()
    assert body["text"] == "Bắc Giang"
    assert body["unit"] == BAC_NINH
    assert [(c["unit"]["code"], c["matched"]["era"], c["exact"]) for c in body["candidates"]] == [
        ("24", "legacy", True)
    ]

    # The old ward was split; the new ward of the same name is only a lead.
    split = api.get("/api/v1/geo/resolve", {"text": "Phường Ngọc Hà, Quận Ba Đình, Hà Nội"})
    body = split.json()
    assert body["unit"] is None
    assert [
        (c["unit"]["code"], c["matched"]["era"], c["matched"]["code"], c["exact"])
        for c in body["candidates"]
    ] == [("00008", "2025", "00008", False), ("00004", "legacy", "00016", False)]

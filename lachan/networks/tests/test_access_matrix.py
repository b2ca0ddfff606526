"""Role × action: who may draw, export and track networks. Every actor works at the
agency that owns the records and the tracked network (own agency); a denied cell
answers 404 and leaves everything as it was — no row, no audit event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lachan.access.roles import Role
from lachan.networks.models import TrackedNetwork
from lachan.networks.services import tracked_network_create
from lachan.networks.tests.helpers import PHONE, make_person, pkey, refresh_graph, snapshot

pytestmark = pytest.mark.django_db

ALLOWED = {Role.OFFICER, Role.SUPERVISOR}


def _view(client: Client, w: dict[str, Any]) -> int:
    return client.get("/networks/view/", {"node": w["node"]}).status_code


def _api_view(client: Client, w: dict[str, Any]) -> int:
    return client.get("/api/v1/networks/view", {"node": w["node"]}).status_code


def _home(client: Client, w: dict[str, Any]) -> int:
    return client.get("/networks/").status_code


def _export(client: Client, w: dict[str, Any]) -> int:
    return client.post("/networks/export/", {"node": w["node"], "format": "graphml"}).status_code


def _track(client: Client, w: dict[str, Any]) -> int:
    response = client.post("/networks/tracked/new/", {"node": w["node"], "name": "Đường dây X"})
    return 200 if response.status_code == 302 else response.status_code


def _tracked_page(client: Client, w: dict[str, Any]) -> int:
    return client.get(f"/networks/tracked/{w['network'].pk}/").status_code


def _refresh(client: Client, w: dict[str, Any]) -> int:
    response = client.post(f"/networks/tracked/{w['network'].pk}/refresh/")
    return 200 if response.status_code == 302 else response.status_code


def _rename(client: Client, w: dict[str, Any]) -> int:
    response = client.post(f"/networks/tracked/{w['network'].pk}/edit/", {"name": "Tên mới"})
    return 200 if response.status_code == 302 else response.status_code


def _remove(client: Client, w: dict[str, Any]) -> int:
    response = client.post(f"/networks/tracked/{w['network'].pk}/remove/", {"member": w["node"]})
    return 200 if response.status_code == 302 else response.status_code


def _close(client: Client, w: dict[str, Any]) -> int:
    response = client.post(f"/networks/tracked/{w['network'].pk}/close/")
    return 200 if response.status_code == 302 else response.status_code


def _api_track(client: Client, w: dict[str, Any]) -> int:
    response = client.post(
        "/api/v1/networks/tracked",
        {"node": w["node"], "name": "Đường dây API"},
        content_type="application/json",
    )
    return 200 if response.status_code == 201 else response.status_code


READS: dict[str, Callable[[Client, dict[str, Any]], int]] = {
    "view": _view,
    "api_view": _api_view,
    "home": _home,
    "tracked_page": _tracked_page,
}
WRITES: dict[str, Callable[[Client, dict[str, Any]], int]] = {
    "export": _export,
    "track": _track,
    "api_track": _api_track,
    "refresh": _refresh,
    "rename": _rename,
    "remove_member": _remove,
    "close": _close,
}


@pytest.fixture
def world(make_user: Any, hp_agency: Any, hp_officer: Any) -> dict[str, Any]:
    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    make_person(hp_officer, "Ngô Văn Tú", PHONE)
    refresh_graph()
    network = tracked_network_create(actor=hp_officer, name="Đường dây Hải An", node=pkey(mai))
    return {"node": pkey(mai), "network": network, "agency": hp_agency}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(READS))
def test_reads(
    role: Role, action: str, world: dict[str, Any], make_user: Any, client_for: Any
) -> None:
    actor = make_user(role=role, agency=world["agency"])
    before = snapshot()
    status = READS[action](client_for(actor), world)
    if role in ALLOWED:
        assert status == 200
    else:
        assert status == 404
        assert snapshot() == before  # not even a network.view audit event


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(WRITES))
def test_writes(
    role: Role, action: str, world: dict[str, Any], make_user: Any, client_for: Any
) -> None:
    actor = make_user(role=role, agency=world["agency"])
    before = snapshot()
    status = WRITES[action](client_for(actor), world)
    if role in ALLOWED:
        assert status == 200
        assert snapshot() != before
    else:
        assert status == 404
        assert snapshot() == before


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR])
def test_another_agencys_network_is_out_of_reach(
    role: Role, world: dict[str, Any], make_user: Any, na_agency: Any, client_for: Any
) -> None:
    actor = make_user(role=role, agency=na_agency)
    client = client_for(actor)
    before = snapshot()
    for fn in (_tracked_page, _refresh, _rename, _remove, _close):
        assert fn(client, world) == 404
    assert client.get(f"/api/v1/networks/tracked/{world['network'].pk}").status_code == 404
    assert snapshot() == before


def test_a_supervisor_above_reads_but_does_not_work_it(
    world: dict[str, Any], make_user: Any, make_agency: Any, client_for: Any
) -> None:
    from lachan.core.testing.factories import unit

    city = make_agency(name="Công an cấp trên", admin_unit=unit("31"))
    world["agency"].parent = city
    world["agency"].save(update_fields=["parent"])
    boss = make_user(role=Role.SUPERVISOR, agency=city)
    client = client_for(boss)
    before = snapshot()
    assert _tracked_page(client, world) == 200
    assert _refresh(client, world) == 403
    assert _close(client, world) == 403
    response = client.post(
        f"/api/v1/networks/tracked/{world['network'].pk}/close", content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    after = snapshot()
    assert after[:2] == before[:2]
    assert after[2] == before[2] + 1  # the page view's network.view event only
    assert TrackedNetwork.objects.get().status == "active"

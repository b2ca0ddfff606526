"""The pages: complete without JavaScript, Vietnamese by default, bounded queries."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.networks.models import TrackedNetwork
from lachan.networks.tests.helpers import (
    PHONE,
    ckey,
    make_case,
    make_person,
    pkey,
    refresh_graph,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(hp_officer: Any) -> dict[str, Any]:
    hung = make_person(hp_officer, "Vũ Văn Hùng", "+84 912.345.678")
    tu = make_person(hp_officer, "Ngô Văn Tú", PHONE)
    lan = make_person(hp_officer, "Đỗ Thị Lan", "0988 111 222")
    old = make_case(hp_officer, "01/2024", hung)
    new = make_case(hp_officer, "07/2025", lan, tu)
    refresh_graph()
    return {"hung": hung, "tu": tu, "lan": lan, "old": old, "new": new}


def test_person_network_page_without_javascript(
    hp_officer: Any, cases: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(hp_officer)
    redirect = client.get(f"/networks/person/{cases['tu'].pk}/")
    assert redirect.status_code == 302
    client.get(redirect["Location"])  # warm the per-process graph cache
    with django_assert_max_num_queries(29):
        page = client.get(redirect["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đường dây quanh một đối tượng" in html
    assert "Vụ án 01/2024" in html and "Vụ án 07/2025" in html
    assert "N** V** T*" in html and "Ngô" not in html  # masked names only
    assert "+84 9** *** *78" in html
    assert "Không có hồ sơ liên kết nào ngoài phạm vi của bạn." in html
    assert html.count('data-testid="node-case"') == 2
    assert html.count('data-testid="node-person"') == 3
    assert 'id="network-elements" type="application/json"' in html
    assert "networks/vendor/cytoscape-3.34.4.min.js" in html


def test_hops_redraw_and_bad_hops(hp_officer: Any, cases: dict[str, Any], client_for: Any) -> None:
    client = client_for(hp_officer)
    page = client.get("/networks/view/", {"node": pkey(cases["tu"]), "hops": 1})
    assert page.content.decode().count('data-testid="node-case"') == 1
    bad = client.get("/networks/view/", {"node": pkey(cases["tu"]), "hops": "x"})
    assert bad.status_code == 302


def test_home_searches_an_identifier(
    hp_officer: Any, cases: dict[str, Any], client_for: Any
) -> None:
    client = client_for(hp_officer)
    home = client.get("/networks/")
    assert home.status_code == 200
    assert 'data-testid="component-list"' in home.content.decode()
    found = client.get("/networks/", {"kind": "phone", "value": "0912-345-678"})
    assert found.status_code == 302 and "node=i%3A" in found["Location"]
    wrong = client.get("/networks/", {"kind": "phone", "value": "12"})
    assert "Đây không phải là định danh hợp lệ của loại đã chọn." in wrong.content.decode()


def test_track_then_open_and_export(
    hp_officer: Any, cases: dict[str, Any], client_for: Any
) -> None:
    client = client_for(hp_officer)
    response = client.post(
        "/networks/tracked/new/", {"node": ckey(cases["new"]), "name": "Đường dây 07"}
    )
    network = TrackedNetwork.objects.get()
    assert response["Location"] == f"/networks/tracked/{network.pk}/"
    page = client.get(response["Location"])
    assert "Đường dây 07" in page.content.decode()
    for fmt, ctype in (
        ("graphml", "application/graphml+xml"),
        ("svg", "image/svg+xml"),
        ("png", "image/png"),
    ):
        file = client.post(f"/networks/tracked/{network.pk}/export/", {"format": fmt})
        assert file.status_code == 200 and file["Content-Type"] == ctype
        assert file["Content-Disposition"].endswith(f'.{fmt}"')
    bad = client.post("/networks/export/", {"node": ckey(cases["new"]), "format": "pdf"})
    assert bad.status_code == 404


def test_person_page_links_to_its_network(
    hp_officer: Any, cases: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    from lachan.access.roles import Role

    page = client_for(hp_officer).get(f"/people/{cases['tu'].pk}/")
    assert f'href="/networks/person/{cases["tu"].pk}/"' in page.content.decode()
    worker = make_user(role=Role.SOCIAL_WORKER, agency=hp_officer.agency)
    page = client_for(worker).get(f"/people/{cases['tu'].pk}/")
    assert page.status_code == 200
    assert "/networks/person/" not in page.content.decode()

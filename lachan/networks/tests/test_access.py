"""Only what the officer may see is drawn; records outside reach are counts, never
details — in the view, the page, the API and every export."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lachan.core.errors import NotFound
from lachan.networks import selectors, services
from lachan.networks.tests.helpers import (
    PHONE,
    ckey,
    make_case,
    make_person,
    pkey,
    refresh_graph,
)
from lachan.tips.cleaning import IdentifierInput, PersonMentionInput
from lachan.tips.services import tip_register

pytestmark = pytest.mark.django_db

OTHER_PHONE = "0977 000 111"


@pytest.fixture
def world(hp_officer: Any, hp_officer2: Any, na_officer: Any) -> dict[str, Any]:
    """Hải Phòng's Mai shares a phone with Nghệ An's Bình (out of Hải Phòng's reach);
    Bình, suspect in a Nghệ An case, shares another phone with Hải Phòng's Dũng. A tip
    entered by a Hải Phòng colleague (not assigned to the officer) mentions Mai's phone
    and Mai herself."""
    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    binh = make_person(na_officer, "Hoàng Văn Bình", PHONE, OTHER_PHONE)
    dung = make_person(hp_officer, "Phan Văn Dũng", OTHER_PHONE)
    na_case = make_case(na_officer, "NA-99/2025", binh)
    tip = tip_register(
        actor=hp_officer2,
        kind="denunciation",
        channel="hotline",
        content="Có người gọi từ số 0912 345 678 rủ đi làm bên kia biên giới.",
        identifiers=[IdentifierInput("phone", PHONE)],
        persons=[PersonMentionInput(role="suspect", person=mai)],
    )
    refresh_graph()
    return {"mai": mai, "binh": binh, "dung": dung, "na_case": na_case, "tip": tip}


def secrets_of(world: dict[str, Any]) -> list[str]:
    """Everything about the hidden records that must never leave the server."""
    binh, na_case, tip = world["binh"], world["na_case"], world["tip"]
    return [
        str(binh.pk),
        binh.pk.hex,
        "Bình",
        "H*** V** B***",
        str(na_case.pk),
        na_case.pk.hex,
        "NA-99/2025",
        str(tip.pk),
        tip.pk.hex,
        tip.register_number,
        "0977",
        "*11",  # the masked tail of Bình's other phone
    ]


def assert_no_secret(blob: str | bytes, world: dict[str, Any]) -> None:
    text = blob.decode("utf-8", "replace") if isinstance(blob, bytes) else blob
    for secret in secrets_of(world):
        assert secret not in text, secret


def test_hidden_records_are_counted_not_drawn(hp_officer: Any, world: dict[str, Any]) -> None:
    view = selectors.network_view(actor=hp_officer, node=pkey(world["mai"]), hops=6)
    assert {n.kind for n in view.nodes} == {"person", "identifier"}
    assert [n.key for n in view.nodes] == [
        pkey(world["mai"]),
        next(n.key for n in view.nodes if n.kind == "identifier"),
    ]
    phone, mai = view.by_key[view.nodes[1].key], view.by_key[pkey(world["mai"])]
    # Behind the shared phone: Bình (another agency) and the tip that quotes it; on Mai:
    # the same tip, which names her. Two distinct records in all.
    assert phone.hidden_links == 2
    assert mai.hidden_links == 1
    assert view.hidden_count == 2
    # Dũng is in reach, but the only path to him runs through Bình: not reached.
    assert pkey(world["dung"]) not in view.by_key
    assert_no_secret(json.dumps(view.as_dict(), default=str), world)
    assert_no_secret(json.dumps(view.cytoscape_elements()), world)


def test_the_same_network_as_seen_from_the_other_agency(
    na_officer: Any, world: dict[str, Any]
) -> None:
    view = selectors.network_view(actor=na_officer, node=pkey(world["binh"]))
    assert {n.key for n in view.nodes if n.kind != "identifier"} == {
        pkey(world["binh"]),
        ckey(world["na_case"]),
    }
    # Mai and the tip behind one phone, Dũng behind the other.
    assert view.hidden_count == 3
    assert sorted(n.hidden_links for n in view.nodes if n.kind == "identifier") == [1, 2]
    text = json.dumps(view.as_dict(), default=str)
    for secret in (str(world["mai"].pk), world["mai"].pk.hex, world["dung"].pk.hex, "Mai"):
        assert secret not in text


def test_a_start_outside_reach_is_not_found(hp_officer: Any, world: dict[str, Any]) -> None:
    for node in (pkey(world["binh"]), ckey(world["na_case"]), f"t:{world['tip'].pk.hex}"):
        with pytest.raises(NotFound):
            selectors.network_view(actor=hp_officer, node=node)
    # An identifier only out-of-reach records hold: as if it did not exist.
    only_binh = make_person(world["binh"].owner_agency and _na(world), "Lý Văn Tài", "0966 555 444")
    refresh_graph()
    with pytest.raises(NotFound):
        selectors.network_view(
            actor=hp_officer, node=selectors.identifier_node("phone", "0966555444")
        )
    assert only_binh.pk


def _na(world: dict[str, Any]) -> Any:
    from lachan.accounts.models import User

    return User.objects.get(agency=world["binh"].owner_agency)


def test_assignment_brings_the_tip_into_the_drawing(hp_officer: Any, world: dict[str, Any]) -> None:
    from lachan.access.models import Assignment

    Assignment.objects.create(
        user=hp_officer, object_type="tips.tip", object_id=world["tip"].pk, assigned_by=None
    )
    world["tip"].assignee = hp_officer
    world["tip"].save(update_fields=["assignee"])
    view = selectors.network_view(actor=hp_officer, node=pkey(world["mai"]))
    tip_key = f"t:{world['tip'].pk.hex}"
    assert view.by_key[tip_key].label == f"Tip {world['tip'].register_number}"
    assert view.hidden_count == 1  # Bình only


def test_components_list_counts_the_hidden(hp_officer: Any, world: dict[str, Any]) -> None:
    found = selectors.components_in_reach(actor=hp_officer)
    # Mai, Dũng, Bình, the tip and the Nghệ An case form one component.
    assert [(c.persons, c.cases, c.tips, c.hidden) for c in found] == [(2, 0, 0, 3)]
    assert found[0].node_key in {pkey(world["mai"]), pkey(world["dung"])}
    assert_no_secret(json.dumps([c.__dict__ for c in found]), world)


def test_exports_hold_only_what_is_drawn(hp_officer: Any, world: dict[str, Any]) -> None:
    view = selectors.network_view(actor=hp_officer, node=pkey(world["mai"]), audit=False)
    for fmt in ("graphml", "svg"):
        file = services.network_export(
            actor=hp_officer, view=view, fmt=fmt, source={"node": pkey(world["mai"])}
        )
        assert_no_secret(file.content, world)
        assert b"T*** T** M**" in file.content
    graphml = services.network_export(actor=hp_officer, view=view, fmt="graphml", source={})
    assert b'<data key="hidden_count">2</data>' in graphml.content
    png = services.network_export(actor=hp_officer, view=view, fmt="png", source={})
    assert png.content.startswith(b"\x89PNG")


def test_api_and_page_leak_nothing(hp_officer: Any, world: dict[str, Any], client_for: Any) -> None:
    client = client_for(hp_officer)
    response = client.get("/api/v1/networks/view", {"node": pkey(world["mai"]), "hops": 6})
    assert response.status_code == 200
    assert response.json()["hidden_count"] == 2
    assert_no_secret(response.content, world)
    page = client.get("/networks/view/", {"node": pkey(world["mai"]), "hops": 6})
    assert page.status_code == 200
    assert_no_secret(page.content, world)
    for url in (
        f"/networks/person/{world['binh'].pk}/",
        f"/networks/case/{world['na_case'].pk}/",
    ):
        follow = client.get(url, follow=True)
        assert follow.status_code == 404
    hidden = client.get("/api/v1/networks/view", {"node": pkey(world["binh"])})
    absent = client.get("/api/v1/networks/view", {"node": "p:" + "1" * 32})
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()


def test_social_worker_draws_nothing(make_user: Any, hp_agency: Any, world: dict[str, Any]) -> None:
    from lachan.access.roles import Role

    worker = make_user(role=Role.SOCIAL_WORKER, agency=hp_agency)
    with pytest.raises(NotFound):
        selectors.network_view(actor=worker, node=pkey(world["mai"]))
    with pytest.raises(NotFound):
        selectors.components_in_reach(actor=worker)

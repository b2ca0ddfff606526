"""What a network view draws and what it hides."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lachan.core.errors import NotFound, ValidationFailed
from lachan.networks import selectors
from lachan.networks.tests.helpers import (
    PHONE,
    actions,
    ckey,
    make_case,
    make_person,
    pkey,
    refresh_graph,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(hp_officer: Any) -> dict[str, Any]:
    """An older case with suspect Hùng, a new one with Lan and Tú; Tú and Hùng share a
    phone (written differently)."""
    hung = make_person(hp_officer, "Vũ Văn Hùng", "+84 912.345.678")
    lan = make_person(hp_officer, "Đỗ Thị Lan", "0988 111 222")
    tu = make_person(hp_officer, "Ngô Văn Tú", PHONE)
    old = make_case(hp_officer, "01/2024", hung)
    new = make_case(hp_officer, "07/2025", lan, tu)
    refresh_graph()
    return {"hung": hung, "lan": lan, "tu": tu, "old": old, "new": new}


def labels(view: selectors.NetworkView) -> dict[str, str]:
    return {n.key: n.label for n in view.nodes}


def test_two_cases_join_through_a_shared_phone(hp_officer: Any, two_cases: dict[str, Any]) -> None:
    view = selectors.network_view(actor=hp_officer, node=pkey(two_cases["tu"]))
    by_key = view.by_key
    assert by_key[ckey(two_cases["new"])].hop == 1
    assert by_key[pkey(two_cases["hung"])].hop == 1  # Tú → shared phone → Hùng: one hop
    assert by_key[ckey(two_cases["old"])].hop == 2
    assert by_key[pkey(two_cases["lan"])].hop == 2  # co-suspect, through the case
    assert by_key[ckey(two_cases["old"])].label == "Case 01/2024"
    assert sorted(n.label for n in view.cases) == ["Case 01/2024", "Case 07/2025"]
    # Lan's own phone joins nothing: not drawn. The shared one is, masked.
    identifiers = [n for n in view.nodes if n.kind == "identifier"]
    assert [n.label for n in identifiers] == ["+84 9** *** *78"]
    assert identifiers[0].detail == "Phone number"
    assert {n.label for n in view.persons} == {"Đ* T** L**", "N** V** T*", "V* V** H***"}
    assert view.hidden_count == 0
    assert len(view.components) == 1
    assert len(view.edges) == 5  # new–Lan, new–Tú, Tú–phone, phone–Hùng, old–Hùng
    # The shared phone and Tú sit between the two cases: the most central.
    assert view.central[0].key in {identifiers[0].key, pkey(two_cases["tu"])}


def test_hops_bound_the_view(hp_officer: Any, two_cases: dict[str, Any]) -> None:
    view = selectors.network_view(actor=hp_officer, node=pkey(two_cases["lan"]), hops=1)
    assert {n.key for n in view.nodes} == {pkey(two_cases["lan"]), ckey(two_cases["new"])}
    view = selectors.network_view(actor=hp_officer, node=pkey(two_cases["lan"]))
    assert pkey(two_cases["hung"]) not in view.by_key  # Lan–case–Tú–phone–Hùng: 3 hops
    view = selectors.network_view(actor=hp_officer, node=pkey(two_cases["lan"]), hops=4)
    assert view.by_key[ckey(two_cases["old"])].hop == 4


def test_identifier_as_start_in_any_notation(hp_officer: Any, two_cases: dict[str, Any]) -> None:
    key = selectors.identifier_node("phone", "84912345678")
    view = selectors.network_view(actor=hp_officer, node=key, hops=1)
    assert view.center_keys == [key]
    assert {n.key for n in view.persons} == {pkey(two_cases["tu"]), pkey(two_cases["hung"])}


def test_invalid_identifier_and_hops_are_refused(hp_officer: Any) -> None:
    with pytest.raises(ValidationFailed):
        selectors.identifier_node("phone", "12")
    with pytest.raises(ValidationFailed) as exc:
        selectors.network_view(actor=hp_officer, node="p:" + "0" * 32, hops=9)
    assert exc.value.fields == {"hops": ["Choose between 1 and 6 hops."]}


def test_views_are_audited_with_counts_only(hp_officer: Any, two_cases: dict[str, Any]) -> None:
    from lachan.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    selectors.network_view(actor=hp_officer, node=pkey(two_cases["tu"]))
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event is not None and event.action == "network.view"
    assert event.changes == {
        "node": pkey(two_cases["tu"]),
        "hops": 2,
        "nodes": 6,
        "hidden": 0,
        "version": event.changes["version"],
    }
    assert "Lan" not in json.dumps(event.changes)
    assert actions()[-1] == "network.view"


def test_a_record_without_links_is_drawn_alone(hp_officer: Any) -> None:
    alone = make_person(hp_officer, "Lò Thị Ngà")
    refresh_graph()
    view = selectors.network_view(actor=hp_officer, node=pkey(alone))
    assert [(n.key, n.label) for n in view.nodes] == [(pkey(alone), "L* T** N**")]


def test_unknown_and_malformed_nodes_are_not_found(hp_officer: Any) -> None:
    for node in ("", "x:1", "p:not-a-uuid", "p:" + "0" * 32, "a:31:abc", "k:1"):
        with pytest.raises(NotFound):
            selectors.network_view(actor=hp_officer, node=node)

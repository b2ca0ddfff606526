"""Tracking networks, keeping the graph current, and what the graph is built from."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from django.core.management import call_command

from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.geo.models import AdminUnit, Era, Level
from lachan.networks import selectors, services
from lachan.networks.models import GraphSnapshot, GraphState, TrackedMember, TrackedStatus
from lachan.networks.store import (
    current_graph,
    forget_cache,
    networks_mark_stale,
    rebuild,
    state_version,
)
from lachan.networks.tests.helpers import (
    PHONE,
    actions,
    announce_links_changed,
    ckey,
    make_case,
    make_person,
    pkey,
    refresh_graph,
    snapshot,
)
from lachan.people.services import AddressInput, person_add_identifier

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(hp_officer: Any) -> dict[str, Any]:
    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    tu = make_person(hp_officer, "Ngô Văn Tú", PHONE)
    case = make_case(hp_officer, "07/2025", tu)
    refresh_graph()
    return {"mai": mai, "tu": tu, "case": case}


# -- tracking ---------------------------------------------------------------------------------
def test_track_refresh_rename_remove_close(hp_officer: Any, pair: dict[str, Any]) -> None:
    network = services.tracked_network_create(
        actor=hp_officer, name="  Đường dây   Hải An ", node=pkey(pair["mai"]), note="Theo dõi"
    )
    assert network.name == "Đường dây Hải An"
    members = set(TrackedMember.objects.filter(network=network).values_list("node_key", "kind"))
    phone = next(k for k, kind in members if kind == "identifier")
    assert members == {
        (pkey(pair["mai"]), "person"),
        (pkey(pair["tu"]), "person"),
        (ckey(pair["case"]), "case"),
        (phone, "identifier"),
    }
    # A new person joins through the phone: shown as new, then taken in by a refresh.
    lan = make_person(hp_officer, "Đỗ Thị Lan", "0912.345.678")
    refresh_graph()
    view = selectors.tracked_network_view(actor=hp_officer, network=network)
    assert view.by_key[pkey(lan)].new is True
    assert view.by_key[pkey(pair["mai"])].member is True
    assert services.tracked_network_refresh(actor=hp_officer, network=network) == (1, 0)
    services.tracked_network_rename(actor=hp_officer, network=network, name="Đường dây Lan")
    services.tracked_network_remove_member(actor=hp_officer, network=network, node=pkey(lan))
    with pytest.raises(NotFound):
        services.tracked_network_remove_member(actor=hp_officer, network=network, node=pkey(lan))
    services.tracked_network_close(actor=hp_officer, network=network)
    network.refresh_from_db()
    assert (network.name, network.status) == ("Đường dây Lan", TrackedStatus.CLOSED)
    with pytest.raises(ValidationFailed):
        services.tracked_network_refresh(actor=hp_officer, network=network)
    assert [a for a in actions() if a.startswith("tracked_network.")] == [
        "tracked_network.create",
        "tracked_network.refresh",
        "tracked_network.update",
        "tracked_network.remove_member",
        "tracked_network.close",
    ]


def test_audit_of_tracking_holds_no_name(hp_officer: Any, pair: dict[str, Any]) -> None:
    from lachan.audit.models import AuditEvent

    network = services.tracked_network_create(
        actor=hp_officer, name="Đường dây Hải An", node=pkey(pair["mai"])
    )
    event = AuditEvent.objects.get(action="tracked_network.create")
    assert event.object_id == str(network.pk)
    assert event.changes == {"fields": ["name", "note"], "members": 4, "hops": 2}


def test_validation_and_refusals_change_nothing(
    hp_officer: Any, na_officer: Any, pair: dict[str, Any]
) -> None:
    network = services.tracked_network_create(
        actor=hp_officer, name="Đường dây", node=pkey(pair["mai"])
    )
    before = snapshot()
    with pytest.raises(ValidationFailed) as exc:
        services.tracked_network_create(actor=hp_officer, name="  ", node=pkey(pair["mai"]))
    assert exc.value.fields == {"name": ["Give the network a name."]}
    with pytest.raises(ValidationFailed):
        services.tracked_network_rename(actor=hp_officer, network=network, name="x" * 201)
    with pytest.raises(NotFound):  # a start outside reach
        services.tracked_network_create(actor=na_officer, name="X", node=pkey(pair["mai"]))
    with pytest.raises(NotFound):
        services.tracked_network_close(actor=na_officer, network=network)
    assert snapshot() == before


def test_a_supervisor_above_may_not_change(
    hp_officer: Any, pair: dict[str, Any], make_user: Any, make_agency: Any
) -> None:
    from lachan.access.roles import Role
    from lachan.core.testing.factories import unit

    top = make_agency(name="Bộ Công an (thử)", admin_unit=unit("31"))
    hp_officer.agency.parent = top
    hp_officer.agency.save(update_fields=["parent"])
    network = services.tracked_network_create(actor=hp_officer, name="A", node=pkey(pair["mai"]))
    boss = make_user(role=Role.SUPERVISOR, agency=top)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.tracked_network_rename(actor=boss, network=network, name="B")
    assert snapshot() == before


# -- keeping the graph current ------------------------------------------------------------------
def test_mark_stale_rebuild_and_the_task(
    hp_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    rebuild(force=True)
    version = state_version()
    with django_capture_on_commit_callbacks(execute=True):
        networks_mark_stale()
    assert state_version() == version + 1
    task = DBTaskResult.objects.get()
    assert task.task_path == "lachan.networks.tasks.rebuild_graph"
    from lachan.networks.tasks import rebuild_graph

    assert rebuild_graph.call() == version + 1
    assert GraphSnapshot.objects.filter(version=version + 1).exists()
    assert rebuild().built is False  # idempotent
    assert GraphSnapshot.objects.count() == 2  # the two newest kept
    assert pkey(mai) in current_graph().graph.index


def test_link_changes_announce_new_versions_and_one_rebuild_per_burst(
    hp_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    rebuild(force=True)
    version = state_version()
    rebuilds = DBTaskResult.objects.filter(task_path="lachan.networks.tasks.rebuild_graph")
    rebuilds.delete()
    with django_capture_on_commit_callbacks(execute=True):
        person_add_identifier(actor=hp_officer, person=mai, kind="phone", value="0977 000 111")
    with django_capture_on_commit_callbacks(execute=True):
        tu = make_person(hp_officer, "Ngô Văn Tú", PHONE)
    assert state_version() == version + 2
    assert rebuilds.count() == 1  # the second change found a rebuild pending
    from lachan.networks.tasks import rebuild_graph

    assert rebuild_graph.call() == version + 2
    assert pkey(tu) in current_graph().graph.index
    with django_capture_on_commit_callbacks(execute=True):
        person_add_identifier(actor=hp_officer, person=tu, kind="phone", value="0977 000 222")
    assert rebuilds.count() == 2  # caught up, so the next change asks again


def test_a_failed_change_announces_nothing(
    hp_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    version = state_version()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationFailed):
        person_add_identifier(actor=hp_officer, person=mai, kind="phone", value=PHONE)
    assert state_version() == version


def test_small_graphs_catch_up_inline_large_ones_wait(hp_officer: Any, settings: Any) -> None:
    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    refresh_graph()
    tu = make_person(hp_officer, "Ngô Văn Tú", PHONE)
    announce_links_changed()
    settings.LACHAN_NETWORKS_INLINE_REBUILD_MAX_EDGES = 0
    info = current_graph()
    assert info.stale is True and pkey(tu) not in info.graph.index
    settings.LACHAN_NETWORKS_INLINE_REBUILD_MAX_EDGES = 50_000
    forget_cache()
    info = current_graph()
    assert info.stale is False and pkey(tu) in info.graph.index
    assert pkey(mai) in info.graph.index


def test_the_periodic_command_notices_unannounced_changes(hp_officer: Any, capsys: Any) -> None:
    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    call_command("networks_recompute")
    version = state_version()
    call_command("networks_recompute")
    assert state_version() == version
    assert "already current" in capsys.readouterr().out
    # The people service does not (yet) announce an identifier: the fingerprint does.
    person_add_identifier(actor=hp_officer, person=mai, kind="phone", value="0988 111 222")
    call_command("networks_recompute")
    assert state_version() == version + 1
    assert GraphState.objects.get().fingerprint


# -- sources ---------------------------------------------------------------------------------
def test_addresses_with_a_house_number_link(hp_officer: Any) -> None:
    commune = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).order_by("code")[0]
    same = "Số 12 ngõ 45 đường Đông Hải"
    a = make_person(hp_officer, "Trần Thị Mai", addresses=[AddressInput("current", same, commune)])
    b = make_person(
        hp_officer,
        "Ngô Văn Tú",
        addresses=[AddressInput("permanent", "so 12, ngo 45 duong dong hai", commune)],
    )
    c = make_person(
        hp_officer, "Đỗ Thị Lan", addresses=[AddressInput("current", commune.name, commune)]
    )
    refresh_graph()
    view = selectors.network_view(actor=hp_officer, node=pkey(a), hops=1)
    assert pkey(b) in view.by_key and pkey(c) not in view.by_key
    address = next(n for n in view.nodes if n.kind == "address")
    assert (address.label, address.detail) == ("Shared address", commune.name)
    assert "12" not in address.key and "dong" not in address.key


def test_tips_link_to_the_case_they_opened(hp_officer: Any, pair: dict[str, Any]) -> None:
    from lachan.tips.cleaning import IdentifierInput as TipIdentifier
    from lachan.tips.services import tip_register

    tip = tip_register(
        actor=hp_officer,
        kind="denunciation",
        channel="walk_in",
        content="Tin báo về số điện thoại lạ.",
        identifiers=[TipIdentifier("phone", "0999 888 777")],
    )
    pair["case"].source_tips.add(tip)
    refresh_graph()
    view = selectors.network_view(actor=hp_officer, node=ckey(pair["case"]), hops=1)
    tip_key = f"t:{tip.pk.hex}"
    assert view.by_key[tip_key].label == f"Tip {tip.register_number}"
    assert ("opened", tip_key) in {(e.kind, e.source) for e in view.edges} | {
        (e.kind, e.target) for e in view.edges
    }


CLUSTERS: dict[uuid.UUID, str] = {}


def cluster_map(person_ids: Iterable[uuid.UUID]) -> Mapping[uuid.UUID, str]:
    return {pk: CLUSTERS[pk] for pk in person_ids if pk in CLUSTERS}


def test_linkage_clusters_join_records_of_one_person(hp_officer: Any, settings: Any) -> None:
    police = make_person(hp_officer, "Trần Thị Mai", PHONE)
    social = make_person(hp_officer, "Tran Thi Mai", "0977 000 111")
    other = make_person(hp_officer, "Ngô Văn Tú", "0977 000 111")
    refresh_graph()
    assert pkey(other) not in selectors.network_view(actor=hp_officer, node=pkey(police)).by_key
    settings.LACHAN_NETWORKS_PERSON_CLUSTER_MAP = "lachan.networks.tests.test_services.cluster_map"
    CLUSTERS.update({police.pk: "cluster-1", social.pk: "cluster-1"})
    try:
        refresh_graph()
        apart = selectors.network_view(actor=hp_officer, node=pkey(police), collapse=False)
        one = selectors.network_view(actor=hp_officer, node=pkey(police))
    finally:
        CLUSTERS.clear()
    assert apart.by_key["k:cluster-1"].label == "Same person (record linkage)"
    assert apart.by_key[pkey(social)].hop == 1
    assert apart.by_key[pkey(other)].hop == 2
    # Collapsed (the default): the two records are one node, the start's.
    assert [n.key for n in one.persons] == [pkey(police), pkey(other)]
    merged = one.by_key[pkey(police)]
    assert (merged.label, merged.detail) == (
        "T*** T** M** = T*** T** M**",
        "2 records of one person",
    )
    assert merged.is_center and "k:cluster-1" not in one.by_key
    assert one.by_key[pkey(other)].hop == 2
    assert {(e.source, e.target) for e in one.edges} == {
        (pkey(police), next(n.key for n in one.nodes if n.kind == "identifier")),
        (next(n.key for n in one.nodes if n.kind == "identifier"), pkey(other)),
    } or len(one.edges) == 2


def test_a_small_graph_shows_a_new_link_at_once(hp_officer: Any, settings: Any) -> None:
    mai = make_person(hp_officer, "Trần Thị Mai", PHONE)
    tu = make_person(hp_officer, "Ngô Văn Tú", "0988 111 222")
    refresh_graph()
    assert pkey(tu) not in selectors.network_view(actor=hp_officer, node=pkey(mai)).by_key
    # The people service does not announce the change; the fingerprint check sees it.
    person_add_identifier(actor=hp_officer, person=tu, kind="phone", value=PHONE)
    assert pkey(tu) in selectors.network_view(actor=hp_officer, node=pkey(mai)).by_key
    # Above the inline size, the page waits for the task (and says the graph is behind).
    person_add_identifier(actor=hp_officer, person=mai, kind="phone", value="0977 000 111")
    lan = make_person(hp_officer, "Đỗ Thị Lan", "0977 000 111")
    settings.LACHAN_NETWORKS_INLINE_REBUILD_MAX_EDGES = 0
    view = selectors.network_view(actor=hp_officer, node=pkey(mai))
    assert pkey(lan) not in view.by_key and view.stale is False
    announce_links_changed()
    assert selectors.network_view(actor=hp_officer, node=pkey(mai)).stale is True


def test_components_largest_first_limited_and_bounded(
    hp_officer: Any, na_officer: Any, monkeypatch: Any
) -> None:
    # Three persons on one phone (Hải Phòng), two on another; a Nghệ An pair out of reach.
    big = [make_person(hp_officer, f"Trần Thị {n}", "0912 111 222") for n in ("Mai", "Lan", "Hoa")]
    small = [make_person(hp_officer, f"Ngô Văn {n}", "0912 333 444") for n in ("Tú", "Hải")]
    for n in ("Bình", "An"):
        make_person(na_officer, f"Lê Văn {n}", "0912 555 666")
    refresh_graph()
    found = selectors.components_in_reach(actor=hp_officer)
    assert [(c.persons, c.hidden) for c in found] == [(3, 0), (2, 0)]
    assert found[0].node_key in {pkey(p) for p in big}
    assert found[1].node_key in {pkey(p) for p in small}
    assert [c.persons for c in selectors.components_in_reach(actor=hp_officer, limit=1)] == [3]
    # The scan stops once its budget of record nodes is spent: only the largest is seen.
    monkeypatch.setattr(selectors, "COMPONENT_SCAN_BUDGET", 1)
    monkeypatch.setattr(selectors, "_SCAN_BATCH", 1)
    assert [c.persons for c in selectors.components_in_reach(actor=hp_officer)] == [3]


def test_a_tip_with_identifiers_announces_a_new_version(
    hp_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lachan.tips.cleaning import IdentifierInput as TipIdentifierInput
    from lachan.tips.services import tip_register

    version = state_version()
    with django_capture_on_commit_callbacks(execute=True):
        tip_register(actor=hp_officer, kind="denunciation", channel="hotline", content="Không số.")
    assert state_version() == version  # no identifier, no person: no link
    with django_capture_on_commit_callbacks(execute=True):
        tip_register(
            actor=hp_officer,
            kind="denunciation",
            channel="hotline",
            content="Có người gọi từ số 0912 345 678.",
            identifiers=[TipIdentifierInput("phone", PHONE)],
        )
    assert state_version() == version + 1

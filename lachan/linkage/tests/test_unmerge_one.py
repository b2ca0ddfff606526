"""Undoing one chosen merge of a cluster built by several (issue 8: "unmerge restores
exactly what was there")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lachan.audit.models import AuditEvent
from lachan.core.errors import Conflict
from lachan.core.testing.factories import commune_of
from lachan.linkage import selectors, services
from lachan.linkage.models import CandidatePair, ClusterMember, ClusterMerge, PersonCluster
from lachan.people.models import Person
from lachan.people.services import person_create

pytestmark = pytest.mark.django_db


def _person(actor: Any, name: str) -> Person:
    return person_create(
        actor=actor, full_name=name, sex="female", birth_year=1990, admin_unit=commune_of("40")
    )


def _pair(x: Person, y: Person) -> CandidatePair:
    a, b = sorted((x.pk, y.pk))
    return CandidatePair.objects.create(person_a_id=a, person_b_id=b, probability=0.9, weight=5)


@pytest.fixture
def chain(social_worker: Any, supervisor: Any) -> dict[str, Any]:
    """A+B (first merge), then C joined to B, then D joined to A."""
    a, b, c, d = (_person(social_worker, f"Phạm Thị Lan {i}") for i in "ABCD")
    ab, bc, ad = _pair(a, b), _pair(b, c), _pair(a, d)
    cluster = services.cluster_merge(actor=supervisor, pair=ab)
    services.cluster_merge(actor=supervisor, pair=bc)
    services.cluster_merge(actor=supervisor, pair=ad)
    merges = list(ClusterMerge.objects.order_by("created_at"))
    return {"persons": (a, b, c, d), "pairs": (ab, bc, ad), "cluster": cluster, "merges": merges}


def _members() -> set[Any]:
    return set(ClusterMember.objects.values_list("person_id", flat=True))


def test_a_middle_merge_is_undone_alone(supervisor: Any, chain: dict[str, Any]) -> None:
    a, b, c, d = chain["persons"]
    first, middle, last = chain["merges"]

    services.cluster_unmerge(actor=supervisor, cluster=chain["cluster"], merge_id=middle.pk)

    assert _members() == {a.pk, b.pk, d.pk}
    assert list(ClusterMerge.objects.order_by("created_at")) == [first, last]
    assert CandidatePair.objects.get(pk=chain["pairs"][1].pk).status == "open"
    assert CandidatePair.objects.get(pk=chain["pairs"][2].pk).status == "same"
    event = AuditEvent.objects.filter(action="linkage.unmerge").get()
    assert event.changes["persons"] == [str(c.pk)]
    assert event.changes["cluster_dissolved"] is False


def test_a_merge_later_merges_rely_on_is_refused_and_nothing_changes(
    supervisor: Any, chain: dict[str, Any]
) -> None:
    first = chain["merges"][0]
    with pytest.raises(Conflict):
        services.cluster_unmerge(actor=supervisor, cluster=chain["cluster"], merge_id=first.pk)
    assert len(_members()) == 4
    assert ClusterMerge.objects.count() == 3
    assert not AuditEvent.objects.filter(action="linkage.unmerge").exists()


def test_the_page_lists_merges_and_says_which_cannot_be_undone(
    client_for: Any, supervisor: Any, chain: dict[str, Any]
) -> None:
    a = chain["persons"][0]
    view = selectors.cluster_for_person(actor=supervisor, person=a)
    assert view is not None
    assert [(m.records, m.blocked) for m in view.merges] == [(2, True), (1, False), (1, False)]

    client = client_for(supervisor)
    page = client.get(f"/people/{a.pk}/").content.decode()
    assert page.count('data-testid="unmerge-one"') == 2
    assert page.count('data-testid="merge-blocked"') == 1
    assert "Chưa hoàn tác được" in page

    response = client.post(
        reverse("linkage:unmerge", kwargs={"cluster_id": chain["cluster"].pk}),
        {"merge": str(chain["merges"][0].pk)},
        follow=True,
    )
    assert "hãy hoàn tác các lần đó trước" in response.content.decode()
    assert len(_members()) == 4
    assert PersonCluster.objects.count() == 1


def test_merge_and_unmerge_announce_a_new_network_graph(
    social_worker: Any, supervisor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lachan.networks.store import state_version

    a, b = (_person(social_worker, f"Phạm Thị Hoa {i}") for i in "AB")
    before = state_version()
    with django_capture_on_commit_callbacks(execute=True):
        cluster = services.cluster_merge(actor=supervisor, pair=_pair(a, b))
    assert state_version() == before + 1  # the graph joins the two records
    with django_capture_on_commit_callbacks(execute=True):
        services.cluster_unmerge(actor=supervisor, cluster=cluster)
    assert state_version() == before + 2

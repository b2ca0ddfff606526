"""The networks demo step: the graph over the demo persons, two tracked networks,
idempotent."""

from __future__ import annotations

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.demo import DemoContext, run_demo
from lachan.networks import selectors
from lachan.networks.models import GraphSnapshot, TrackedMember, TrackedNetwork

pytestmark = pytest.mark.django_db

STEPS = ["lachan.accounts.demo", "lachan.people.demo", "lachan.networks.demo"]


def test_demo_networks_are_tracked_and_idempotent() -> None:
    context = run_demo(STEPS)
    networks = {n.name: n for n in TrackedNetwork.objects.all()}
    assert sorted(networks) == [
        "Đường dây số 0912 345 678 (Hải An)",
        "Đường dây số 0987 654 321 (Con Cuông)",
    ]
    assert context.created["đường dây theo dõi"] == 2
    hp = networks["Đường dây số 0912 345 678 (Hải An)"]
    kinds = sorted(TrackedMember.objects.filter(network=hp).values_list("kind", flat=True))
    # Police and the social work centre recorded Mai twice (phone and CCCD written
    # differently): the officer sees the police record, both shared identifiers, and
    # the social work record only as a count.
    assert kinds == ["identifier", "identifier", "person"]
    officer = context.users["hp.dieutra"]
    view = selectors.tracked_network_view(actor=officer, network=hp, audit=False)
    assert (len(view.persons), view.hidden_count) == (1, 1)
    events, snapshots = AuditEvent.objects.count(), GraphSnapshot.objects.count()
    again = run_demo(STEPS, context=DemoContext())
    assert again.created["đường dây theo dõi"] == 0
    assert (AuditEvent.objects.count(), GraphSnapshot.objects.count()) == (events, snapshots)

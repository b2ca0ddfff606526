"""Demo step for networks: the graph computed over the demo records (people, tips,
cases seeded before this step), and two tracked networks started from phone numbers
the people step spread across records — "0912 345 678" in Hải Phòng (written two
ways by police and social work) and "0987 654 321" in Nghệ An (a phone at one agency,
the same number as a Zalo account at another). Idempotent: a tracked network is
looked up by its agency and name before it is created."""

from __future__ import annotations

from lachan.core.demo import DemoContext
from lachan.networks.models import TrackedNetwork
from lachan.networks.selectors import identifier_node
from lachan.networks.services import tracked_network_create
from lachan.networks.store import forget_cache, recompute_if_changed

TRACKED = (
    # (creator username, name, phone the network is opened from)
    ("hp.dieutra", "Đường dây số 0912 345 678 (Hải An)", "0912 345 678"),
    ("na.dieutra", "Đường dây số 0987 654 321 (Con Cuông)", "0987 654 321"),
)


def seed(context: DemoContext) -> None:
    result = recompute_if_changed()  # builds only when the links moved
    forget_cache()
    if result.built:
        context.say(f"Đường dây: đồ thị {result.nodes} nút, {result.edges} liên kết.")
    for username, name, phone in TRACKED:
        actor = context.users.get(username)
        if actor is None or actor.agency is None:
            continue
        if TrackedNetwork.objects.filter(owner_agency=actor.agency, name=name).exists():
            continue
        tracked_network_create(actor=actor, name=name, node=identifier_node("phone", phone), hops=2)
        context.created["đường dây theo dõi"] += 1

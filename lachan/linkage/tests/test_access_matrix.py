"""Role × action: who may open the queue, decide, merge, unmerge and start a re-link.
Denied cells change nothing and write no audit event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.audit.models import AuditEvent
from lachan.linkage import services
from lachan.linkage.models import CandidatePair, ClusterMember, LinkageRun, PersonCluster

ACTIONS = ("queue", "decide", "unmerge", "relink")
# Supervisor of the Nghệ An police: reaches both records (jurisdiction). Officer and
# social worker of the same police agency reach neither (other agencies' records).
ALLOWED: dict[str, set[str]] = {
    Role.SUPERVISOR: {"queue", "decide", "unmerge", "relink"},
    Role.OFFICER: {"queue"},
    Role.SOCIAL_WORKER: {"queue"},
    Role.INTAKE_OPERATOR: set(),
    Role.ANALYST: set(),
    Role.AGENCY_ADMIN: set(),
    Role.SYSTEM_ADMIN: set(),
    Role.AUDITOR: set(),
}


def _state() -> tuple[Any, ...]:
    return (
        sorted(CandidatePair.objects.values_list("pk", "status")),
        sorted(ClusterMember.objects.values_list("person_id", "cluster_id")),
        LinkageRun.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_matrix(
    role: str,
    action: str,
    make_user: Callable[..., Any],
    na_police: Any,
    supervisor: Any,
    pair: CandidatePair,
    client_for: Any,
) -> None:
    user = supervisor if role == Role.SUPERVISOR else make_user(role=role, agency=na_police)
    if action == "unmerge":
        services.pair_decide(actor=supervisor, pair=pair, decision="same")
    cluster = PersonCluster.objects.first()
    client = client_for(user)
    before = _state()
    if action == "queue":
        response = client.get("/linkage/")
        expected_ok = 200
    elif action == "decide":
        response = client.post(f"/linkage/pairs/{pair.pk}/decide/", {"decision": "different"})
        expected_ok = 302
    elif action == "unmerge":
        assert cluster is not None
        response = client.post(f"/linkage/clusters/{cluster.pk}/unmerge/")
        expected_ok = 302
    else:
        from django.test import override_settings

        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            response = client.post("/linkage/runs/")
        expected_ok = 302
    if action in ALLOWED[role]:
        assert response.status_code == expected_ok
        if action != "queue":
            assert _state() != before
    else:
        assert response.status_code == 404
        assert _state() == before


def test_queue_shows_only_pairs_in_reach(
    client_for: Any, hp_officer: Any, border_officer: Any, pair: CandidatePair
) -> None:
    assert "pair-row" not in client_for(hp_officer).get("/linkage/").content.decode()
    body = client_for(border_officer).get("/linkage/").content.decode()
    assert body.count('data-testid="pair-row"') == 1
    assert "Trung tâm Công tác xã hội tỉnh Nghệ An" in body
    assert client_for(hp_officer).get(f"/linkage/pairs/{pair.pk}/").status_code == 404

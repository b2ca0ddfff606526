"""The same flow through the API: queue, pair with evidence, decision (merges),
cluster of a person, unmerge; out of reach is 404."""

from __future__ import annotations

import json
from typing import Any

from lachan.linkage.models import CandidatePair, PersonCluster
from lachan.people.models import Person

URL = "/api/v1/linkage"


def _json(response: Any) -> Any:
    return json.loads(response.content)


def test_review_merge_unmerge_over_the_api(
    client_for: Any, supervisor: Any, pair: CandidatePair, huong_social: Person
) -> None:
    client = client_for(supervisor)
    queue = _json(client.get(f"{URL}/pairs"))
    assert queue["total"] == 1
    item = queue["items"][0]
    assert item["id"] == str(pair.pk)
    assert item["decidable"] is True
    assert {e["comparison"]: e["direction"] for e in item["evidence"]}["phones"] == "for"
    assert item["left"]["person"]["full_name"].count("*") > 0  # masked

    decided = client.post(
        f"{URL}/pairs/{pair.pk}/decision",
        data=json.dumps({"decision": "same"}),
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert _json(decided)["status"] == "same"
    cluster = _json(client.get(f"{URL}/persons/{huong_social.pk}/cluster"))
    assert len(cluster["members"]) == 2
    assert cluster["can_unmerge"] is True

    assert client.post(f"{URL}/clusters/{cluster['id']}/unmerge").status_code == 204
    assert PersonCluster.objects.count() == 0
    assert client.get(f"{URL}/persons/{huong_social.pk}/cluster").status_code == 404
    assert _json(client.get(f"{URL}/pairs/{pair.pk}"))["status"] == "open"


def test_bad_decision_and_out_of_reach(
    client_for: Any, supervisor: Any, hp_officer: Any, pair: CandidatePair
) -> None:
    response = client_for(supervisor).post(
        f"{URL}/pairs/{pair.pk}/decision",
        data=json.dumps({"decision": "maybe"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _json(response)["code"] == "validation_failed"
    other = client_for(hp_officer)
    assert other.get(f"{URL}/pairs/{pair.pk}").status_code == 404
    assert _json(other.get(f"{URL}/pairs/{pair.pk}"))["code"] == "not_found"
    assert other.get(f"{URL}/runs/not-a-uuid").status_code == 404

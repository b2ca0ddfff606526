"""Prevention over the API: record, list, import (rejected with rows; accepted),
numbers."""

from __future__ import annotations

import base64
import json
from typing import Any

from lachan.core.testing.factories import commune_of
from lachan.prevention.models import Activity
from lachan.prevention.tests.helpers import GOOD_ROW, filled_template

API = "/api/v1/prevention"


def test_record_and_read(client_for: Any, hp_commune_officer: Any) -> None:
    client = client_for(hp_commune_officer)
    response = client.post(
        f"{API}/activities",
        {
            "kind": "contest",
            "title": "Hội thi sân khấu hóa",
            "start_date": "2025-05-10",
            "admin_unit_code": commune_of("31").code,
            "format": "direct",
            "sessions": 1,
            "attendees": 400,
            "target_groups": ["students", "youth"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert body["target_groups"] == ["students", "youth"] and body["may_change"] is True
    team = client.post(
        f"{API}/activities/{body['id']}/teams",
        {"name": "Trường THCS Lê Chân", "members": 6, "rank": 1, "result": "Giải Nhất"},
        content_type="application/json",
    )
    assert team.status_code == 201, team.content
    listing = json.loads(client.get(f"{API}/activities?kind=contest").content)
    assert [i["title"] for i in listing["items"]] == ["Hội thi sân khấu hóa"]
    bad = client.post(
        f"{API}/activities",
        {"kind": "x", "title": "", "admin_unit_code": "00000000", "format": "direct"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert json.loads(bad.content)["code"] == "validation_failed"


def test_import_rejected_then_accepted(
    client_for: Any, hp_commune_officer: Any, hp_supervisor: Any
) -> None:
    client = client_for(hp_commune_officer)
    bad = list(GOOD_ROW)
    bad[1] = ""
    content = base64.b64encode(filled_template([GOOD_ROW, bad])).decode()
    response = client.post(
        f"{API}/activities/import", {"content_base64": content}, content_type="application/json"
    )
    assert response.status_code == 422
    body = json.loads(response.content)
    assert body["code"] == "import_rejected"
    assert body["rows"] == [{"row": 3, "column": "Tên", "message": "Nhập tên hoạt động."}]
    assert body["fields"] == {"row 3 · Tên": ["Nhập tên hoạt động."]}
    assert Activity.objects.count() == 0
    good = base64.b64encode(filled_template([GOOD_ROW])).decode()
    response = client.post(
        f"{API}/activities/import", {"content_base64": good}, content_type="application/json"
    )
    assert response.status_code == 201 and json.loads(response.content)["created"] == 1
    numbers = json.loads(
        client_for(hp_supervisor)
        .get(f"{API}/numbers?start=2025-01-01&end=2025-12-31&place_code=31")
        .content
    )
    assert (numbers["activities"], numbers["sessions"], numbers["attendees"]) == (1, 3, 1024)

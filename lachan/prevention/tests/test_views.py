"""Prevention pages: quick entry, list with filters and a bounded number of queries,
detail, import with row errors (nothing half-imported), export, models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from lachan.core.testing.factories import commune_of
from lachan.prevention.models import Activity, CommunityModel
from lachan.prevention.tests.helpers import GOOD_ROW, filled_template, record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_quick_entry(client_for: Any, hp_commune_officer: Any) -> None:
    client = client_for(hp_commune_officer)
    page = client.get("/prevention/new/")
    assert page.status_code == 200
    assert "Ghi nhận hoạt động" in page.content.decode()
    unit = commune_of("31")
    response = client.post(
        "/prevention/new/",
        {
            "kind": "awareness",
            "title": "Tuyên truyền cho học sinh THCS",
            "start_date": "12/03/2025",
            "place_province": "31",
            "place_commune": unit.code,
            "format": "direct",
            "target_groups": ["students"],
            "sessions": "2",
            "attendees": "340",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/prevention/{activity.pk}/"
    assert (activity.attendees, activity.sessions, activity.admin_unit) == (340, 2, unit)
    detail = client.get(response["Location"]).content.decode()
    assert "Tuyên truyền cho học sinh THCS" in detail and "Học sinh, sinh viên" in detail


def test_quick_entry_errors_in_vietnamese(client_for: Any, hp_commune_officer: Any) -> None:
    client = client_for(hp_commune_officer)
    response = client.post(
        "/prevention/new/",
        {
            "kind": "awareness",
            "title": "Tuyên truyền",
            "start_date": (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y"),
            "place_province": "31",
            "format": "direct",
            "sessions": "1",
            "attendees": "10",
        },
    )
    assert response.status_code == 200
    assert "Chỉ ghi nhận hoạt động đã diễn ra" in response.content.decode()
    assert Activity.objects.count() == 0


def test_list_queries_are_bounded(
    client_for: Any, hp_supervisor: Any, hp_commune_officer: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        record(
            hp_commune_officer,
            title=f"Buổi {n}",
            start_date=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        )
    client = client_for(hp_supervisor)
    with django_assert_max_num_queries(12):
        response = client.get("/prevention/")
    body = response.content.decode()
    assert body.count('data-testid="activity-row"') == 25
    assert "Buổi 29" in body and "Buổi 4" not in body
    nxt = response.context["page"].next_cursor
    second = client.get(f"/prevention/?cursor={nxt}").content.decode()
    assert second.count('data-testid="activity-row"') == 5
    filtered = client.get("/prevention/?kind=awareness&start_from=03/01/2025&start_to=05/01/2025")
    assert filtered.content.decode().count('data-testid="activity-row"') == 3


def test_detail_queries_are_bounded(
    client_for: Any, hp_commune_officer: Any, django_assert_max_num_queries: Any
) -> None:
    activity = record(hp_commune_officer, kind="training", title="Tập huấn")
    client = client_for(hp_commune_officer)
    with django_assert_max_num_queries(14):
        assert client.get(f"/prevention/{activity.pk}/").status_code == 200


def test_import_page_shows_row_errors_and_imports_nothing(
    client_for: Any, hp_commune_officer: Any
) -> None:
    client = client_for(hp_commune_officer)
    template = client.get("/prevention/import/template.xlsx")
    assert template["Content-Type"] == XLSX
    bad = list(GOOD_ROW)
    bad[9] = "nhiều"
    content = filled_template([GOOD_ROW, bad])
    response = client.post(
        "/prevention/import/", {"file": SimpleUploadedFile("hoat-dong.xlsx", content, XLSX)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="import-error"') == 1
    assert "Số lượt người" in body and "Không phải số nguyên." in body
    assert Activity.objects.count() == 0
    good = filled_template([GOOD_ROW, GOOD_ROW])
    response = client.post(
        "/prevention/import/", {"file": SimpleUploadedFile("hoat-dong.xlsx", good, XLSX)}
    )
    assert response.status_code == 302
    assert Activity.objects.count() == 2


def test_export(client_for: Any, hp_commune_officer: Any) -> None:
    record(hp_commune_officer)
    response = client_for(hp_commune_officer).get("/prevention/export/?kind=awareness")
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def test_models_pages(client_for: Any, hp_commune_officer: Any) -> None:
    client = client_for(hp_commune_officer)
    response = client.post(
        "/prevention/models/new/",
        {
            "name": "Tổ tự quản",
            "place_province": "31",
            "place_commune": commune_of("31").code,
            "started_on": "01/02/2024",
            "households_reached": "20",
            "people_reached": "80",
        },
    )
    model = CommunityModel.objects.get()
    assert response.status_code == 302
    response = client.post(
        f"/prevention/models/{model.pk}/reviews/",
        {
            "reviewed_on": "01/02/2025",
            "rating": "good",
            "households_reached": "30",
            "people_reached": "120",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/prevention/models/{model.pk}/").content.decode()
    assert "Hiệu quả tốt" in page
    listing = client.get("/prevention/models/").content.decode()
    assert "Tổ tự quản" in listing

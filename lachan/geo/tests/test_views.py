"""The staff pages: look-up, browse (works without JavaScript), unit page, and the
commune options fragment the picker fetches."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lachan.access.roles import Role
from lachan.core.testing.factories import unit
from lachan.geo.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(role=Role.OFFICER))


def options(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"', select.group(0))


def test_page_without_javascript_lists_communes_of_the_chosen_province(
    officer_client: Client,
) -> None:
    response = officer_client.get("/geo/", {"place_province": "31"})
    assert response.status_code == 200
    html = response.content.decode()
    communes = AdminUnit.objects.filter(level=Level.COMMUNE, province=unit("31"))
    assert options(html, "place_commune")[1:] == list(
        communes.order_by("name_key", "code").values_list("code", flat=True)
    )
    assert 'data-testid="geo-chosen"' in html and "Thành phố Hải Phòng" in html


def test_choosing_a_commune_shows_what_it_was_formed_from(officer_client: Client) -> None:
    response = officer_client.get("/geo/", {"place_province": "01", "place_commune": "00004"})
    html = response.content.decode()
    assert "Phường Ba Đình" in html
    assert "Phường Trúc Bạch" in html  # a legacy ward that went into it
    assert "Phường Ngọc Hà" in html


def test_search_shows_where_a_legacy_unit_went(officer_client: Client) -> None:
    response = officer_client.get("/geo/", {"q": "bac giang", "era": "legacy"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tỉnh Bắc Giang" in html and "Thành phố Bắc Ninh" in html


def test_search_marks_a_split(officer_client: Client) -> None:
    html = officer_client.get("/geo/", {"q": "Ngọc Hà", "era": "legacy"}).content.decode()
    assert "Đã bị chia tách: cần hỏi rõ thuộc đơn vị nào." in html


def test_search_fragment_for_htmx(officer_client: Client) -> None:
    response = officer_client.get(
        "/geo/",
        {"q": "tp hai phong", "era": "2025"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="geo-results",
    )
    html = response.content.decode()
    assert html.startswith('<div id="geo-results"')
    assert "Thành phố Hải Phòng" in html and "<html" not in html


def test_no_match_says_so(officer_client: Client) -> None:
    html = officer_client.get("/geo/", {"q": "zzzz"}).content.decode()
    assert "Không có đơn vị hành chính nào mang tên này." in html


def test_commune_options_fragment(officer_client: Client) -> None:
    for params in ({"province": "92"}, {"victim_place_province": "92"}):
        response = officer_client.get("/geo/communes/", params, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        values = re.findall(r'<option value="([^"]*)"', html)
        expected = AdminUnit.objects.filter(level=Level.COMMUNE, province=unit("92")).count()
        assert values[0] == "" and len(values) == expected + 1
    empty = officer_client.get("/geo/communes/", {"province": "xx"}).content.decode()
    assert re.findall(r'<option value="([^"]*)"', empty) == [""]


def test_unit_page(officer_client: Client) -> None:
    html = officer_client.get("/geo/units/legacy/00016/").content.decode()
    assert "Phường Ngọc Hà" in html and "Quận Ba Đình" in html
    assert html.count('<span class="badge">') >= 2  # both successors are partial
    assert officer_client.get("/geo/units/2025/99/").status_code == 404
    assert officer_client.get("/geo/units/x/31/").status_code == 404


def test_pages_have_no_inline_script_or_style(officer_client: Client) -> None:
    html = officer_client.get("/geo/", {"q": "hai", "place_province": "31"}).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "style=" not in html


def test_without_geo_permission_everything_is_404(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    auditor = client_for(make_user(role=Role.AUDITOR, agency=None))
    for url in ("/geo/", "/geo/communes/?province=31", "/geo/units/2025/31/"):
        assert auditor.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get("/geo/")
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]

"""The place picker and the look-up with htmx, in a real browser under the strict CSP."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.access.roles import Role
from lachan.core.testing.factories import logged_in_client
from lachan.geo.models import AdminUnit, Level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# htmx inserts its indicator <style> unless told not to (base.html): not this app's.
KNOWN_CONSOLE_NOISE = ("Applying inline style violates",)


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = logged_in_client(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_picker_follows_the_province_and_search_updates_as_you_type(
    page: Any, live_server: Any, make_user: Any
) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    sign_in(page, live_server, make_user(role=Role.OFFICER))
    page.goto("/geo/")

    commune = page.get_by_label("Xã, phường, đặc khu")
    assert commune.locator("option").count() == 1
    assert not page.get_by_role("button", name="Hiện các xã, phường của tỉnh này").is_visible()
    page.get_by_label("Tỉnh, thành phố").select_option("31")
    expected = AdminUnit.objects.filter(
        level=Level.COMMUNE, province__code="31", province__era="2025"
    ).count()
    page.wait_for_function(
        "n => document.querySelectorAll('#id_place_commune option').length === n",
        arg=expected + 1,
    )
    first = AdminUnit.objects.filter(level=Level.COMMUNE, province__code="31").order_by("name_key")[
        0
    ]
    commune.select_option(first.code)
    page.get_by_role("button", name="Xem", exact=True).click()
    page.get_by_test_id("geo-chosen").get_by_role("heading", name=first.name).wait_for()

    page.get_by_label("Tên địa danh").fill("tp hai pho")
    page.locator("#geo-results").get_by_role("link", name="Thành phố Hải Phòng").first.wait_for()
    assert [e for e in errors if not e.startswith(KNOWN_CONSOLE_NOISE)] == []

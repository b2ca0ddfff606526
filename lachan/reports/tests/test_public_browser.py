"""The public statistics page in a real browser, on a phone-sized screen, with and
without JavaScript: no visible figure is between 1 and 10."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lachan.reports.public.statistics import published_years
from lachan.reports.tests.test_public_statistics import SMALL, SyntheticSources, install

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*$")


def _visible_figures(page: Any) -> list[str]:
    for summary in page.locator("details > summary").all():
        summary.click()
    texts = [t.strip() for t in page.locator("[data-testid=stat-cell]").all_inner_texts()]
    assert texts, "no figures on the page"
    return texts


def _assert_none_under_11(texts: list[str]) -> int:
    numbers = []
    for text in texts:
        if text == "*":
            continue
        assert NUMBER.match(text), f"not a Vietnamese-formatted count: {text!r}"
        numbers.append(int(text.replace(".", "")))
    bad = [n for n in numbers if 0 < n < 11]
    assert bad == []
    return len(numbers)


@pytest.mark.parametrize("javascript", [True, False])
def test_public_statistics_show_no_figure_under_11(
    chromium_browser: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch, javascript: bool
) -> None:
    install(monkeypatch, SyntheticSources())
    year = published_years()[0]
    context = chromium_browser.new_context(
        locale="vi-VN",
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto("/thong-ke/")
        page.get_by_role("heading", name=f"Thống kê về mua bán người năm {year}").wait_for()
        shown = _assert_none_under_11(_visible_figures(page))
        assert shown > 300
        assert (
            page.locator("abbr[title='Không công bố, để bảo vệ những người liên quan']").count() > 0
        )

        # choose the small province with the plain GET form
        page.get_by_label("Tỉnh, thành phố").select_option(SMALL)
        page.get_by_role("button", name="Xem").click()
        page.wait_for_url(f"**/thong-ke/{year}/{SMALL}/")
        page.get_by_role(
            "heading", name=f"Thống kê về mua bán người năm {year}: Điện Biên"
        ).wait_for()
        texts = _visible_figures(page)
        _assert_none_under_11(texts)
        figures = page.locator(
            "[data-testid='figures-victims.received_by_sex'] dd"
        ).all_inner_texts()
        # female, male, other, unknown, total
        assert [f.strip() for f in figures] == ["*", "*", "0", "0", "*"]
        assert errors == []
    finally:
        context.close()

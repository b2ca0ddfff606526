"""What one view of the analysis page sends to the database, exactly, so that its cost
cannot creep back (docs/benchmarks.md, "page cost"): the session and its user, the
agency table's version, the summary's state and its one aggregate (the session is saved
at most once a minute, not on this page view).
And the shortcuts that made it cheap keep their meaning: the agency list kept per
process follows every change of the table; the options rendered in Python escape every
name and mark the chosen one."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lachan.accounts.models import Agency
from lachan.core.testing.factories import logged_in_client
from lachan.reports.summary.refresh import refresh_tip_summary
from lachan.reports.tests.conftest import YEAR
from lachan.tips.models import Tip

pytestmark = pytest.mark.django_db

URL = f"/reports/?year={YEAR}"
TRANSACTION = re.compile(r"^(BEGIN|COMMIT|SAVEPOINT|RELEASE SAVEPOINT)\b", re.IGNORECASE)
TABLE = re.compile(r'^(?:SELECT .*? FROM|UPDATE) "?(\w+)"?', re.IGNORECASE | re.DOTALL)


def statements(client: Any, url: str = URL) -> list[str]:
    """The tables one page view reads or writes, in order (transaction control left
    out: SQLite and PostgreSQL log it differently)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    found = []
    for query in captured.captured_queries:
        sql = query["sql"].strip()
        if TRANSACTION.match(sql):
            continue
        match = TABLE.match(sql)
        found.append(match.group(1) if match else sql[:40])
    return found


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select is not None
    return re.findall(r"<option[^>]*>.*?</option>", select.group(1))


SUMMARY_PAGE = [
    "django_session",
    "accounts_user",
    "accounts_agency",  # the table's version: count and latest update
    "reports_summarystate",
    "reports_tipmonthlycount",  # the one aggregate (month × province × value)
]


def test_the_page_from_the_summary_sends_five_statements(
    sample_tips: list[Tip], analyst: Any
) -> None:
    refresh_tip_summary(full=True)
    client = logged_in_client(analyst)
    client.get(URL)  # the first view in this process may read the agency list
    assert statements(client) == SUMMARY_PAGE
    assert statements(client) == SUMMARY_PAGE


def test_a_changed_agency_table_is_read_once_more(
    sample_tips: list[Tip], analyst: Any, make_agency: Callable[..., Any]
) -> None:
    refresh_tip_summary(full=True)
    client = logged_in_client(analyst)
    client.get(URL)
    make_agency(name="Công an tỉnh Điện Biên")
    assert statements(client) == [*SUMMARY_PAGE[:3], "accounts_agency", *SUMMARY_PAGE[3:]]
    assert statements(client) == SUMMARY_PAGE


def test_the_agency_list_follows_additions_renames_and_deactivations(
    analyst: Any, hp_agency: Agency, na_agency: Agency, make_agency: Callable[..., Any]
) -> None:
    client = logged_in_client(analyst)
    page = client.get(URL).content.decode()
    assert options(page, "agency") == [
        '<option value="">Tất cả đơn vị trong phạm vi của tôi</option>',
        f'<option value="{hp_agency.pk}">Công an thành phố Hải Phòng</option>',
        f'<option value="{na_agency.pk}">Công an tỉnh Nghệ An</option>',
    ]
    added = make_agency(name="Công an tỉnh Điện Biên")
    na_agency.name = "Công an tỉnh Nghệ An (mới)"
    na_agency.save()
    hp_agency.is_active = False
    hp_agency.save()
    page = client.get(URL).content.decode()
    assert sorted(options(page, "agency")) == sorted(  # SQLite and PostgreSQL sort "Đ" apart
        [
            '<option value="">Tất cả đơn vị trong phạm vi của tôi</option>',
            f'<option value="{added.pk}">Công an tỉnh Điện Biên</option>',
            f'<option value="{na_agency.pk}">Công an tỉnh Nghệ An (mới)</option>',
        ]
    )
    added.delete()
    page = client.get(URL).content.decode()
    assert [o for o in options(page, "agency") if str(added.pk) in o] == []


def test_an_agency_user_is_offered_only_the_agencies_of_its_subtree(
    hp_supervisor: Any, hp_agency: Agency, hp_commune_police: Agency, na_agency: Agency
) -> None:
    page = logged_in_client(hp_supervisor).get(URL).content.decode()
    assert options(page, "agency") == [
        '<option value="">Tất cả đơn vị trong phạm vi của tôi</option>',
        f'<option value="{hp_commune_police.pk}">Công an phường Hồng Bàng</option>',
        f'<option value="{hp_agency.pk}">Công an thành phố Hải Phòng</option>',
    ]


def test_options_escape_names_and_mark_the_chosen_one(
    analyst: Any, make_agency: Callable[..., Any]
) -> None:
    odd = make_agency(name="Đội <b>\"A\" & 'B'</b>")
    page = logged_in_client(analyst).get(f"{URL}&agency={odd.pk}").content.decode()
    assert (
        f'<option value="{odd.pk}" selected>Đội &lt;b&gt;&quot;A&quot; &amp; &#x27;B&#x27;'
        "&lt;/b&gt;</option>"
    ) in options(page, "agency")
    assert '<option value="" selected>' not in page.split('name="agency"')[1].split("</select>")[0]
    years = options(page, "year")
    assert [o for o in years if " selected" in o] == [
        f'<option value="{YEAR}" selected>{YEAR}</option>'
    ]

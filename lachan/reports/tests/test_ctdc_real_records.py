"""The disclosure layer on records entered through the victims services: the CTDC
source rows carry no identity, and one identified woman in Nghệ An is never visible in
the published tables or the partner file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from lachan.access.roles import Role
from lachan.accounts.models import AgencyType
from lachan.core.testing.factories import commune_of, unit
from lachan.reports.disclosure.ctdc import CtdcSource
from lachan.reports.disclosure.services import ctdc_export
from lachan.reports.disclosure.sources import victim_ctdc_sources
from lachan.reports.public.statistics import build_year


@pytest.fixture
def identified_woman(make_agency: Callable[..., Any], make_user: Callable[..., Any]) -> Any:
    from lachan.victims.tests.helpers import identified, receive

    commune = make_agency(
        name="UBND xã Nậm Cắn",
        agency_type=AgencyType.COMMUNE_COMMITTEE,
        admin_unit=commune_of("40"),
        is_remote=True,
    )
    social = make_agency(
        name="Trung tâm Công tác xã hội tỉnh Nghệ An",
        agency_type=AgencyType.SOCIAL_SERVICES,
        admin_unit=unit("40"),
    )
    officer = make_user(role=Role.OFFICER, agency=commune)
    worker = make_user(role=Role.SOCIAL_WORKER, agency=social)
    record = receive(officer, social)
    return identified(record, worker)


@pytest.mark.django_db
def test_ctdc_sources_from_victim_records(identified_woman: Any) -> None:
    year = timezone.localdate().year
    rows = list(victim_ctdc_sources(year_from=year, year_to=year))
    assert len(rows) == 1
    row = rows[0]
    assert isinstance(row, CtdcSource)
    assert row.year_of_registration == year
    assert row.sex == "female" and row.citizenship == "VN"
    assert row.age is not None and row.age >= 18
    assert set(vars(row)) == {
        "year_of_registration",
        "sex",
        "age",
        "citizenship",
        "country_of_exploitation",
        "exploitation_types",
        "means_of_control",
    }


@pytest.mark.django_db
def test_one_person_never_leaves_in_the_partner_file(
    identified_woman: Any, make_user: Callable[..., Any]
) -> None:
    year = timezone.localdate().year
    export = ctdc_export(
        actor=make_user(role=Role.ANALYST), file_format="csv", year_from=year, year_to=year
    )
    assert export.rows == 0 and export.rows_suppressed == 1
    assert export.content.decode().count("\n") == 1  # the header only
    assert "Hoa" not in export.content.decode()


@pytest.mark.django_db
def test_one_person_is_hidden_in_the_published_tables(identified_woman: Any) -> None:
    cache.clear()
    built = build_year(timezone.localdate().year)
    sections = {s.key: s for s in built.sections}
    assert sections["victims"].available
    tables = {t.key: t for t in sections["victims"].tables}
    by_sex = tables["victims.received_by_sex"]
    assert by_sex.row_total("40") is None
    assert by_sex.cell("40", "female") is None
    assert by_sex.grand_total is None  # the nation's only person is the province's
    assert all(v == 0 or v >= 11 for t in built.tables() for v in t.published_values())
    cache.clear()

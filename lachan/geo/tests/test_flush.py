"""The test harness flushes the database between transactional tests (e.g. browser
tests); the units come back at once, and cached provinces follow the new rows."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from lachan.geo import selectors
from lachan.geo.models import AdminUnit, Era, Level, Succession


@pytest.mark.django_db(transaction=True)
def test_flush_reloads_the_units() -> None:
    cached = selectors.unit_by_code(code="31")
    call_command("flush", interactive=False, verbosity=0)
    assert AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE).count() == 34
    assert AdminUnit.objects.count() == 14165
    assert Succession.objects.count() == 11313
    fresh = selectors.unit_by_code(code="31")
    assert fresh.pk == AdminUnit.objects.get(era=Era.CURRENT, code="31").pk
    assert fresh is not cached

from __future__ import annotations

from typing import Any

import pytest

from lachan.core.tests.geo_units import ensure_test_units


@pytest.fixture
def units(db: Any) -> None:
    ensure_test_units()

"""The plans tests share the prevention tests' agencies and users."""

from lachan.prevention.tests.conftest import (  # noqa: F401
    _units,
    hp_analyst,
    hp_committee,
    hp_commune_officer,
    hp_officer,
    hp_operator,
    hp_supervisor,
    na_officer,
    na_supervisor,
)

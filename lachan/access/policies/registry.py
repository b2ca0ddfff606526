"""Importing this module registers every model's policy."""

from lachan.access.policies import (  # noqa: F401
    access,
    accounts,
    audit,
    cases,
    geo,
    linkage,
    networks,
    people,
    plans,
    prevention,
    reports,
    tips,
    victims,
)

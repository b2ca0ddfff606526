"""The sections of a period report, in order, and where each one's numbers come from."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lachan.reports.sources.domains import DomainSource
from lachan.reports.sources.plans import PlansSource
from lachan.reports.sources.tips import TipsSource

_CROSS_BORDER = ("cooperation", "cross_border", "handover", "handed_over", "foreign", "repatriat")


def _cross_border(name: str) -> bool:
    return any(word in name for word in _CROSS_BORDER)


SECTIONS: tuple[Any, ...] = (
    TipsSource(),
    DomainSource(
        "investigations",
        lambda: _("Investigations"),
        "lachan.cases.selectors",
        "case_numbers",
        permission="cases.view_numbers",
    ),
    DomainSource(
        "victims",
        lambda: _("Victims and support"),
        "lachan.victims.selectors",
        "victim_numbers",
        permission="victims.view_numbers",
    ),
    DomainSource(
        "prevention",
        lambda: _("Prevention"),
        "lachan.prevention.selectors",
        "prevention_numbers",
        permission="prevention.view_numbers",
    ),
    DomainSource(
        "cross_border",
        lambda: _("Cross-border cooperation"),
        "lachan.cases.selectors",
        "case_numbers",
        pick=_cross_border,
        permission="cases.view_numbers",
    ),
    PlansSource(),
)


def section_keys() -> list[str]:
    return [source.key for source in SECTIONS]


def source_for(key: str) -> Any:
    for source in SECTIONS:
        if source.key == key:
            return source
    raise KeyError(key)

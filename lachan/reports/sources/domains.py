"""Sections from the other domains, through their numbers selectors, imported lazily:
a selector that is not importable yet makes its section unavailable ("chưa có dữ
liệu"), never zero. The selector returns a dataclass (or a list of them, for plan
progress); its int fields become figures, its ``dict[str, int]`` fields breakdowns, and
a field may carry ``metadata={"label": ...}`` for its caption."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.reports.sources.base import Breakdown, Figure, Scope, SectionData

logger = logging.getLogger(__name__)


# Captions of the numbers the domains' selectors return (by field name).
LABELS: dict[str, Any] = {
    "prosecuted": _("Cases prosecuted"),
    "solved": _("Cases solved"),
    "solved_rate": _("Share of cases solved"),
    "suspects": _("Suspects"),
    "arrested": _("Suspects arrested"),
    "by_offence": _("By offence"),
    "by_status": _("By status"),
    "rescued_persons": _("Persons rescued"),
    "handed_over_persons": _("Persons handed over"),
    "cooperation_activities": _("Cross-border cooperation activities"),
    "foreign_suspects": _("Foreign suspects"),
    "rescue_events": _("Rescue operations"),
    "handover_events": _("Handovers at the border"),
    "received": _("Persons received"),
    "received_by_channel": _("Received, by channel"),
    "identified_as_victims": _("Identified as victims"),
    "children": _("Children"),
    "by_sex": _("By sex"),
    "by_age_band": _("By age band (CTDC)"),
    "by_country_of_exploitation": _("By country of exploitation"),
    "by_exploitation_type": _("By exploitation type"),
    "supported": _("Persons supported"),
    "reintegration_outcomes": _("Reintegration outcomes"),
    "activities": _("Activities"),
    "activities_by_kind": _("Activities, by kind"),
    "sessions": _("Awareness sessions"),
    "sessions_by_kind": _("Sessions, by kind"),
    "attendees": _("Attendees"),
    "attendees_by_kind": _("Attendees, by kind"),
    "budget_vnd": _("Budget (VND)"),
    "by_target_group": _("By target group"),
    "by_format": _("By format"),
    "models_active": _("Models in operation"),
    "models_people_reached": _("People reached by the models"),
    "models_households_reached": _("Households reached by the models"),
}


# The choices that name each breakdown's codes (a user never sees a raw code): by the
# domain of the selector and the field name, else by field name alone.
VALUE_CHOICES: dict[str, tuple[str, str]] = {
    "cases.by_offence": ("lachan.cases.models", "Offence"),
    "cases.by_status": ("lachan.cases.models", "CaseStatus"),
    "received_by_channel": ("lachan.victims.models", "ArrivalChannel"),
    "by_sex": ("lachan.people.models", "Sex"),
    "by_exploitation_type": ("lachan.victims.models", "ExploitationType"),
    "reintegration_outcomes": ("lachan.victims.models", "Outcome"),
    "support_by_measure": ("lachan.victims.models", "SupportMeasure"),
    "activities_by_kind": ("lachan.prevention.models", "ActivityKind"),
    "sessions_by_kind": ("lachan.prevention.models", "ActivityKind"),
    "attendees_by_kind": ("lachan.prevention.models", "ActivityKind"),
    "by_target_group": ("lachan.prevention.models", "TargetGroup"),
    "by_format": ("lachan.prevention.models", "ActivityFormat"),
}
ORDERED_FIELDS = ("by_age_band",)
COUNTRY_FIELDS = ("by_country_of_exploitation", "by_destination_country", "by_country")
# Codes the selectors use for "not known" whatever the breakdown.
COMMON_CODES: dict[str, Any] = {"unknown": _("Unknown"), "": _("Unknown"), "other": _("Other")}


def _choices(domain: str, field_name: str) -> dict[str, str]:
    where = VALUE_CHOICES.get(f"{domain}.{field_name}") or VALUE_CHOICES.get(field_name)
    if where is None:
        return {}
    try:
        choices = getattr(importlib.import_module(where[0]), where[1])
    except (ImportError, AttributeError):
        return {}
    return {str(value): str(label) for value, label in choices.choices}


def value_labeller(result: Any, field_name: str) -> Callable[[str], str]:
    """code → its Vietnamese label for one breakdown of a selector's result."""
    domain = type(result).__module__.split(".")[1] if "." in type(result).__module__ else ""
    if field_name in COUNTRY_FIELDS:
        from lachan.people.countries import country_name

        return lambda code: str(COMMON_CODES[code]) if code in COMMON_CODES else country_name(code)
    labels = _choices(domain, field_name)
    return lambda code: labels.get(code) or str(COMMON_CODES.get(code, code))


def _count(value: Any) -> Any:
    """A breakdown's count: an int, or of a dict of counts its ``activities`` (what
    the breakdown is of) — never activities and attendees added together."""
    if isinstance(value, dict):
        return value["activities"] if "activities" in value else sum(value.values())
    return value


def _humanise(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def _label(field: dataclasses.Field[Any], obj: Any) -> str:
    label = field.metadata.get("label") if field.metadata else None
    labels = getattr(obj, "LABELS", None)
    if label is None and isinstance(labels, dict):
        label = labels.get(field.name)
    if label is None:
        label = LABELS.get(field.name)
    return str(label) if label is not None else _humanise(field.name)


def _is_ratio(name: str) -> bool:
    return name.endswith(("_rate", "_share", "_ratio", "_percent"))


def flatten(result: Any) -> tuple[tuple[Figure, ...], tuple[Breakdown, ...], list[dict[str, Any]]]:
    """Figures, breakdowns and table rows out of whatever the selector returned."""
    figures: list[Figure] = []
    breakdowns: list[Breakdown] = []
    rows: list[dict[str, Any]] = []
    if isinstance(result, (list, tuple)):
        for item in result:
            if dataclasses.is_dataclass(item) and not isinstance(item, type):
                rows.append(
                    {k: (str(v) if isinstance(v, Promise) else v) for k, v in vars(item).items()}
                )
            elif isinstance(item, dict):
                rows.append(item)
        return (), (), rows
    if not (dataclasses.is_dataclass(result) and not isinstance(result, type)):
        return (), (), rows
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        if isinstance(value, bool):
            continue
        if isinstance(value, Decimal) or (isinstance(value, float) and _is_ratio(field.name)):
            figures.append(
                Figure(
                    field.name, _label(field, result), float(value), percent=_is_ratio(field.name)
                )
            )
        elif isinstance(value, int):
            figures.append(Figure(field.name, _label(field, result), value))
        elif value is None and _is_ratio(field.name):
            figures.append(Figure(field.name, _label(field, result), None, percent=True))
        elif isinstance(value, dict) and value:
            counts = {str(k): _count(v) for k, v in value.items()}
            if all(isinstance(v, int) for v in counts.values()):
                label = value_labeller(result, field.name)
                items = [(label(k), v) for k, v in counts.items()]
                if field.name not in ORDERED_FIELDS:  # age bands keep their order
                    items.sort(key=lambda r: (-r[1], r[0]))
                breakdowns.append(Breakdown(field.name, _label(field, result), tuple(items)))
        elif isinstance(value, (list, tuple)) and value and dataclasses.is_dataclass(value[0]):
            rows.extend(dict(vars(item)) for item in value)
    return tuple(figures), tuple(breakdowns), rows


class DomainSource:
    """A section backed by ``<module>.<function>``; ``pick`` keeps only some fields
    (e.g. cross-border cooperation out of the investigations' numbers)."""

    def __init__(
        self,
        key: str,
        title: Callable[[], str],
        module: str,
        function: str,
        *,
        pick: Callable[[str], bool] | None = None,
        permission: str = "",
    ) -> None:
        self.key = key
        self.permission = permission
        self._title = title
        self.module = module
        self.function = function
        self.pick = pick

    def title(self) -> str:
        return str(self._title())

    def selector(self) -> Callable[..., Any] | None:
        try:
            module = importlib.import_module(self.module)
        except ImportError:
            return None
        found = getattr(module, self.function, None)
        return found if callable(found) else None

    def available(self) -> bool:
        return self.selector() is not None

    def call(self, actor: Any, scope: Scope) -> Any:
        selector = self.selector()
        if selector is None:
            return None
        kwargs: dict[str, Any] = {
            "agency_ids": list(scope.agency_ids) if scope.agency_ids is not None else None,
            "admin_unit_code": scope.admin_unit_code,
            "start": scope.start,
            "end": scope.end,
        }
        parameters: Mapping[str, Any]
        try:
            parameters = inspect.signature(selector).parameters
        except (TypeError, ValueError):
            parameters = {}
        if "actor" in parameters:
            kwargs["actor"] = actor
        return selector(**{k: v for k, v in kwargs.items() if k in parameters or not parameters})

    def section(self, actor: Any, scope: Scope) -> SectionData:
        from lachan.access.policies.base import holds_permission
        from lachan.reports.formatting import no_data_label

        if self.permission and not holds_permission(actor, self.permission):
            return SectionData(
                key=self.key,
                title=self.title(),
                available=False,
                note=str(_("Not in your permissions.")),
            )
        try:
            result = self.call(actor, scope)
        except Exception:  # a domain still being built must not break every report
            logger.exception("reports: the %s selector failed", self.key)
            result = None
        if result is None:
            return SectionData(
                key=self.key, title=self.title(), available=False, note=no_data_label()
            )
        figures, breakdowns, rows = flatten(result)
        if self.pick is not None:
            pick = self.pick
            figures = tuple(f for f in figures if pick(f.key))
            breakdowns = tuple(b for b in breakdowns if pick(b.key))
            if not figures and not breakdowns:
                return SectionData(
                    key=self.key, title=self.title(), available=False, note=no_data_label()
                )
        return SectionData(
            key=self.key,
            title=self.title(),
            available=True,
            figures=figures,
            breakdowns=breakdowns,
            extra={"rows": rows},
        )

"""The registry of measures an indicator may name. A measure is code (how to count);
an indicator is data (which measure, filters, comparison, target).

Every measure reads the numbers selector of the domain that owns the data — never that
domain's tables: tips (``tips.selectors.tip_numbers``, which applies the tips numbers
policy itself), cases (``cases.selectors.case_numbers``), victims
(``victims.selectors.victim_numbers``) and prevention
(``prevention.selectors.prevention_numbers``). The cases and victims selectors are
imported lazily: while a module is not built the measure says "not available yet",
never zero. Border meetings are counted from prevention activities of the kind "border
meeting" (recorded by border guard posts), not from case cooperation records.

Who may see a number: the tips figures follow the tips numbers policy; the others need
the source domain's ``view_numbers`` permission and count within the actor's reach —
the filter's place must lie in the actor's province (no filter: the actor's
jurisdiction; national users, attached to no agency, count everything)."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import (
    CasesPermission,
    Permission,
    PreventionPermission,
    TipsPermission,
    VictimsPermission,
)
from lachan.access.policies.base import holds_permission
from lachan.access.reach import agency_subtree_ids
from lachan.accounts.models import Agency, User
from lachan.core.errors import NotFound
from lachan.geo.models import AdminUnit, Level
from lachan.prevention.models import ActivityKind


class Unit:
    PERCENT = "percent"
    COUNT = "count"


class ValueState:
    OK = "ok"
    UNAVAILABLE = "unavailable"  # the source module is not built yet
    FORBIDDEN = "forbidden"  # the actor may not count this source (or not there)
    EMPTY = "empty"  # a rate whose denominator is zero: nothing to measure yet


@dataclass(frozen=True)
class Scope:
    """What one indicator counts: local dates (inclusive), an agency (with those below
    it), a place subtree, activity kinds."""

    start: dt.date
    end: dt.date
    agency: Agency | None = None
    place: AdminUnit | None = None
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Value:
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    state: str = ValueState.OK


@dataclass
class Context:
    """One computation: the actor and the selector results shared by indicators (the
    two tips indicators read one ``tip_numbers`` call)."""

    actor: User
    cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def once(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str | Promise
    unit: str
    source: str  # tips | cases | victims | prevention
    compute: Callable[[Context, Scope], Value]
    uses_kinds: bool = False
    default_kinds: tuple[str, ...] = ()
    description: str | Promise = ""
    # The values at several ends of the same scope in fewer queries (the monthly trend);
    # None: ``compute`` once per end.
    series: Callable[[Context, Scope, list[dt.date]], list[Value]] | None = None

    def records_links(self, actor: User, scope: Scope) -> list[tuple[str, str]]:
        """(label, url) of the filtered lists behind the number, for an actor allowed to
        open them (the lists apply their own policies again)."""
        return _records_links(self, actor, scope)


def _percent(numerator: int, denominator: int) -> Value:
    if not denominator:
        return Value(None, numerator, denominator, ValueState.EMPTY)
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Value(value, numerator, denominator)


def _count(n: int) -> Value:
    return Value(Decimal(n), n, None)


def _has(actor: User, permission: Permission) -> bool:
    return holds_permission(actor, permission)


def _province_id(unit: AdminUnit) -> int:
    return int(unit.pk if unit.level == Level.PROVINCE else unit.province_id or unit.pk)


def _actorless_reach(actor: User, scope: Scope) -> tuple[list[uuid.UUID] | None, str | None] | None:
    """(agency ids, admin unit code) for the selectors that take no actor, within the
    actor's reach; None when the filter lies outside it."""
    agency_ids = sorted(agency_subtree_ids(scope.agency)) if scope.agency is not None else None
    if actor.agency_id is None:
        return agency_ids, scope.place.code if scope.place else None
    own = actor.agency.admin_unit  # type: ignore[union-attr]
    if scope.place is None:
        return agency_ids, own.code
    if own.level == Level.PROVINCE and _province_id(scope.place) == own.pk:
        return agency_ids, scope.place.code
    if own.level != Level.PROVINCE and scope.place.pk == own.pk:
        return agency_ids, scope.place.code
    return None


# -- tips ------------------------------------------------------------------------------------
def _tip_numbers(context: Context, scope: Scope) -> Any:
    from lachan.tips.selectors import tip_numbers

    key = ("tips", scope.start, scope.end, scope.agency, scope.place)

    def compute() -> Any:
        try:
            return tip_numbers(
                actor=context.actor,
                period_start=scope.start,
                period_end=scope.end,
                agency=scope.agency,
                place=scope.place,
            )
        except NotFound:
            return None

    return context.once(key, compute)


def _tips_rate(attribute: str) -> Callable[[Context, Scope], Value]:
    def compute(context: Context, scope: Scope) -> Value:
        numbers = _tip_numbers(context, scope)
        if numbers is None:
            return Value(None, state=ValueState.FORBIDDEN)
        return _percent(getattr(numbers, attribute), numbers.received)

    return compute


# -- cases and victims (built by other modules; imported lazily) -------------------------------
def _lazy_module(path: str) -> Any:
    try:
        return importlib.import_module(path)
    except ImportError:
        return None


def _field(numbers: Any, *names: str) -> Any:
    """The first of ``names`` the numbers carry (a mapping or an object)."""
    for name in names:
        value = numbers.get(name) if isinstance(numbers, Mapping) else getattr(numbers, name, None)
        if value is not None:
            return value
    return None


def _total(value: Any) -> int | None:
    """A count, or the total of a per-category count."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return sum(int(v) for v in value.values() if isinstance(v, int))
    return int(value)


@dataclass(frozen=True)
class _Source:
    """How to call a domain's numbers selector: ``<name>_for(actor=…)`` (the domain
    applies its own numbers policy) when the module has it and can take the scope's
    filters, otherwise ``<name>(agency_ids, admin_unit_code, start, end)`` within the
    reach computed here."""

    key: str
    path: str
    name: str
    permission: Permission
    for_takes_agency_ids: bool


def _numbers_of(source: _Source) -> Callable[[Context, Scope], Any]:
    def numbers(context: Context, scope: Scope) -> Any:
        module = _lazy_module(source.path)
        if module is None or not callable(getattr(module, source.name, None)):
            return ValueState.UNAVAILABLE
        agency_ids = sorted(agency_subtree_ids(scope.agency)) if scope.agency is not None else None
        code = scope.place.code if scope.place else None
        for_actor = getattr(module, f"{source.name}_for", None)
        if callable(for_actor) and (source.for_takes_agency_ids or agency_ids is None):
            kwargs: dict[str, Any] = {
                "actor": context.actor,
                "admin_unit_code": code,
                "start": scope.start,
                "end": scope.end,
            }
            if source.for_takes_agency_ids:
                kwargs["agency_ids"] = agency_ids

            def call_for() -> Any:
                try:
                    return for_actor(**kwargs)
                except NotFound:
                    return ValueState.FORBIDDEN

            key: tuple[Any, ...] = (
                source.key,
                "for",
                scope.start,
                scope.end,
                tuple(agency_ids or ()),
                code,
            )
            return context.once(key, call_for)
        if not _has(context.actor, source.permission):
            return ValueState.FORBIDDEN
        reach = _actorless_reach(context.actor, scope)
        if reach is None:
            return ValueState.FORBIDDEN
        ids, reach_code = reach
        selector = getattr(module, source.name)
        key = (source.key, scope.start, scope.end, tuple(ids or ()), reach_code, ids is None)
        return context.once(
            key,
            lambda: selector(
                agency_ids=ids, admin_unit_code=reach_code, start=scope.start, end=scope.end
            ),
        )

    return numbers


_case_numbers = _numbers_of(
    _Source("cases", "lachan.cases.selectors", "case_numbers", CasesPermission.VIEW_NUMBERS, True)
)
_victim_numbers = _numbers_of(
    _Source(
        "victims",
        "lachan.victims.selectors",
        "victim_numbers",
        VictimsPermission.VIEW_NUMBERS,
        False,
    )
)


def _rate_of(
    numbers_of: Callable[[Context, Scope], Any],
    numerator: tuple[str, ...],
    denominator: tuple[str, ...],
) -> Callable[[Context, Scope], Value]:
    def compute(context: Context, scope: Scope) -> Value:
        numbers = numbers_of(context, scope)
        if isinstance(numbers, str):
            return Value(None, state=numbers)
        top, bottom = _total(_field(numbers, *numerator)), _total(_field(numbers, *denominator))
        if top is None or bottom is None:
            return Value(None, state=ValueState.UNAVAILABLE)
        return _percent(top, bottom)

    return compute


# -- prevention ---------------------------------------------------------------------------------
def _prevention_numbers(context: Context, scope: Scope) -> Any:
    from lachan.prevention.selectors import prevention_totals

    if not _has(context.actor, PreventionPermission.VIEW_NUMBERS):
        return ValueState.FORBIDDEN
    reach = _actorless_reach(context.actor, scope)
    if reach is None:
        return ValueState.FORBIDDEN
    agency_ids, code = reach
    key = ("prevention", scope.start, scope.end, tuple(agency_ids or ()), code, agency_ids is None)
    return context.once(
        key,
        lambda: prevention_totals(
            agency_ids=agency_ids, admin_unit_code=code, start=scope.start, end=scope.end
        ),
    )


def _prevention(per_kind: str, default_kinds: tuple[str, ...]) -> Callable[[Context, Scope], Value]:
    def compute(context: Context, scope: Scope) -> Value:
        numbers = _prevention_numbers(context, scope)
        if isinstance(numbers, str):
            return Value(None, state=numbers)
        kinds = scope.kinds or default_kinds or tuple(ActivityKind.values)
        table = getattr(numbers, per_kind)
        return _count(sum(table[k] for k in kinds))

    return compute


def _prevention_series(
    index: int, default_kinds: tuple[str, ...]
) -> Callable[[Context, Scope, list[dt.date]], list[Value]]:
    """Cumulative values at each end (month ends) from one query grouped by month."""

    def series(context: Context, scope: Scope, ends: list[dt.date]) -> list[Value]:
        from lachan.prevention.selectors import prevention_monthly

        if not _has(context.actor, PreventionPermission.VIEW_NUMBERS):
            return [Value(None, state=ValueState.FORBIDDEN) for _end in ends]
        reach = _actorless_reach(context.actor, scope)
        if reach is None:
            return [Value(None, state=ValueState.FORBIDDEN) for _end in ends]
        agency_ids, code = reach
        monthly = prevention_monthly(
            agency_ids=agency_ids, admin_unit_code=code, start=scope.start, end=max(ends)
        )
        kinds = scope.kinds or default_kinds or tuple(ActivityKind.values)
        values, running = [], 0
        months = sorted(monthly)
        taken = 0
        for end in ends:
            while taken < len(months) and months[taken] <= end:
                running += sum(monthly[months[taken]].get(k, (0, 0, 0))[index] for k in kinds)
                taken += 1
            values.append(_count(running))
        return values

    return series


def _models_active(context: Context, scope: Scope) -> Value:
    numbers = _prevention_numbers(context, scope)
    if isinstance(numbers, str):
        return Value(None, state=numbers)
    return _count(numbers.models_active)


_AWARENESS = (ActivityKind.AWARENESS.value,)

MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "tips.classified_rate",
            _("Tips received and classified (%)"),
            Unit.PERCENT,
            "tips",
            _tips_rate("classified"),
            description=_("Tips classified / tips received in the period."),
        ),
        Measure(
            "tips.resolved_rate",
            _("Tips resolved (%)"),
            Unit.PERCENT,
            "tips",
            _tips_rate("resolved"),
            description=_("Tips decided or transferred / tips received in the period."),
        ),
        Measure(
            "cases.solved_rate",
            _("Prosecuted cases solved (%)"),
            Unit.PERCENT,
            "cases",
            _rate_of(_case_numbers, ("solved",), ("prosecuted",)),
            description=_("Cases solved / cases prosecuted in the period."),
        ),
        Measure(
            "victims.supported_rate",
            _("Identified victims supported (%)"),
            Unit.PERCENT,
            "victims",
            _rate_of(_victim_numbers, ("supported",), ("identified_as_victims", "identified")),
            description=_("Victims supported / victims identified in the period."),
        ),
        Measure(
            "prevention.awareness_sessions",
            _("Awareness sessions"),
            Unit.COUNT,
            "prevention",
            _prevention("sessions_by_kind", _AWARENESS),
            uses_kinds=True,
            default_kinds=_AWARENESS,
            series=_prevention_series(1, _AWARENESS),
            description=_("Sessions (cuộc/buổi) of awareness activities."),
        ),
        Measure(
            "prevention.attendees",
            _("Attendees"),
            Unit.COUNT,
            "prevention",
            _prevention("attendees_by_kind", _AWARENESS),
            uses_kinds=True,
            default_kinds=_AWARENESS,
            series=_prevention_series(2, _AWARENESS),
            description=_("Attendances (lượt người) of awareness activities."),
        ),
        Measure(
            "prevention.training_courses",
            _("Training courses"),
            Unit.COUNT,
            "prevention",
            _prevention("activities_by_kind", (ActivityKind.TRAINING.value,)),
            series=_prevention_series(0, (ActivityKind.TRAINING.value,)),
            description=_("Training courses held."),
        ),
        Measure(
            "prevention.border_meetings",
            _("Border meetings"),
            Unit.COUNT,
            "prevention",
            _prevention("activities_by_kind", (ActivityKind.BORDER_MEETING.value,)),
            series=_prevention_series(0, (ActivityKind.BORDER_MEETING.value,)),
            description=_("Border meetings recorded as prevention activities."),
        ),
        Measure(
            "prevention.activities",
            _("Prevention activities"),
            Unit.COUNT,
            "prevention",
            _prevention("activities_by_kind", ()),
            uses_kinds=True,
            series=_prevention_series(0, ()),
            description=_("Activities of the chosen kinds (all kinds when none is chosen)."),
        ),
        Measure(
            "prevention.models_active",
            _("Community models running"),
            Unit.COUNT,
            "prevention",
            _models_active,
            description=_("Community models running at some time in the period."),
        ),
    )
}


def measure_choices() -> list[tuple[str, str]]:
    return [(m.key, str(m.label)) for m in MEASURES.values()]


# -- the records behind a number -----------------------------------------------------------------
def _place_params(place: AdminUnit | None, name: str) -> dict[str, str]:
    if place is None:
        return {}
    if place.level == Level.PROVINCE:
        return {f"{name}_province": place.code}
    province = place.province
    return {f"{name}_province": province.code if province else "", f"{name}_commune": place.code}


def _url(name: str, params: dict[str, str]) -> str | None:
    try:
        base = reverse(name)
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode(params)}"


def _records_links(measure: Measure, actor: User, scope: Scope) -> list[tuple[str, str]]:
    start, end = scope.start.isoformat(), scope.end.isoformat()
    links: list[tuple[str, str]] = []
    if measure.source == "tips" and _has(actor, TipsPermission.VIEW):
        params = {"queue": "all", "received_from": start, "received_to": end}
        url = _url("tips:queue", {**params, **_place_params(scope.place, "place")})
        if url:
            links.append((str(_("Tips received in the period")), url))
    elif measure.source == "prevention" and _has(actor, PreventionPermission.VIEW):
        if measure.key == "prevention.models_active":
            url = _url("prevention:model_list", _place_params(scope.place, "place"))
            if url:
                links.append((str(_("Community models")), url))
            return links
        kinds = scope.kinds or measure.default_kinds
        base = {"start_from": start, "start_to": end, **_place_params(scope.place, "place")}
        if scope.agency is not None:
            base["organiser"] = str(scope.agency.pk)
        for kind in kinds or ("",):
            url = _url("prevention:activity_list", {**base, "kind": kind} if kind else base)
            if url:
                label = dict(ActivityKind.choices).get(kind, _("Activities")) if kind else None
                links.append((str(label or _("Activities")), url))
    elif measure.source == "cases" and _has(actor, CasesPermission.VIEW):
        params = {"date_from": start, "date_to": end, **_place_params(scope.place, "province")}
        url = _url("cases:list", params)
        if url:
            links.append((str(_("Cases prosecuted in the period")), url))
    elif measure.source == "victims" and _has(actor, VictimsPermission.VIEW):
        # The victims list has no period filter: the register in the viewer's reach.
        url = _url("victims:list", {})
        if url:
            links.append((str(_("Victims")), url))
    return links

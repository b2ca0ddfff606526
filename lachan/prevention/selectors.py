"""Reads on prevention work, always through the policies.

- ``activity_page``: the activity list in reach with filters (kind, place subtree,
  organiser, dates, target group, format), newest first, keyset pages (a cursor, never
  an offset) and a fixed number of queries whatever the page size.
- ``activity_get`` / ``activity_detail``: one activity with its teams, participants and
  attachments (names and types only; bodies through ``attachment_open``, audited).
- ``prevention_numbers``: what the reports need for any agencies/place/period —
  activities by kind, sessions, attendees, by target group and format, models active
  and people reached. Counts only, for callers that already checked the right to count.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import PreventionPermission
from lachan.access.policies.prevention import activity_policy, community_model_policy
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, ValidationFailed
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Level
from lachan.prevention.models import (
    Activity,
    ActivityAttachment,
    ActivityFormat,
    ActivityKind,
    CommunityModel,
    TargetGroup,
)

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_EXPORT_ROWS = 50_000


@dataclass(frozen=True)
class ActivityFilter:
    kind: str = ""
    place: AdminUnit | None = None  # a current province or commune
    organiser: Agency | None = None  # that agency and those below it
    start_from: dt.date | None = None
    start_to: dt.date | None = None
    target_group: str = ""
    format: str = ""
    community_model: CommunityModel | None = None

    def validate(self) -> None:
        errors: dict[str, list[Any]] = {}
        for name, allowed in (
            ("kind", ActivityKind.values),
            ("target_group", TargetGroup.values),
            ("format", ActivityFormat.values),
        ):
            value = getattr(self, name)
            if value and value not in allowed:
                errors[name] = [_("Choose a value from the list.")]
        if self.start_from and self.start_to and self.start_from > self.start_to:
            errors["start_to"] = [_("The end date is before the start date.")]
        if errors:
            raise ValidationFailed(_("Some filters are not valid."), fields=errors)


def place_q(
    unit: AdminUnit, *, unit_field: str = "admin_unit", province_field: str = "province"
) -> Q:
    if unit.level == Level.PROVINCE:
        return Q(**{f"{province_field}_id": unit.pk})
    return Q(**{f"{unit_field}_id": unit.pk})


def filtered(actor: User, filters: ActivityFilter) -> QuerySet[Activity]:
    from lachan.access.reach import agency_subtree_ids

    filters.validate()
    qs = activity_policy.scope(actor)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.place is not None:
        qs = qs.filter(place_q(filters.place))
    if filters.organiser is not None:
        qs = qs.filter(organiser_id__in=agency_subtree_ids(filters.organiser))
    if filters.start_from:
        qs = qs.filter(start_date__gte=filters.start_from)
    if filters.start_to:
        qs = qs.filter(start_date__lte=filters.start_to)
    if filters.target_group:
        qs = qs.filter(target_groups__contains=f",{filters.target_group},")
    if filters.format:
        qs = qs.filter(format=filters.format)
    if filters.community_model is not None:
        qs = qs.filter(community_model=filters.community_model)
    return qs


@dataclass(frozen=True)
class ActivityRow:
    id: uuid.UUID
    kind: str
    kind_label: str
    title: str
    start_date: dt.date
    end_date: dt.date
    place_name: str
    organiser_name: str
    format_label: str
    target_groups: list[str]
    sessions: int
    attendees: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _row(activity: Activity) -> ActivityRow:
    kinds, formats = dict(ActivityKind.choices), dict(ActivityFormat.choices)
    return ActivityRow(
        id=activity.pk,
        kind=activity.kind,
        kind_label=str(kinds.get(activity.kind, activity.kind)),
        title=activity.title,
        start_date=activity.start_date,
        end_date=activity.end_date,
        place_name=activity.admin_unit.name,
        organiser_name=activity.organiser.name,
        format_label=str(formats.get(activity.format, activity.format)),
        target_groups=activity.target_group_list,
        sessions=activity.sessions,
        attendees=activity.attendees,
    )


@dataclass(frozen=True)
class ActivityPage:
    items: list[ActivityRow]
    next_cursor: str | None


def _encode_cursor(day: dt.date, pk: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{day.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.date, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, pk = raw.split("|")
        return dt.date.fromisoformat(day), uuid.UUID(pk)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValidationFailed(
            _("Some filters are not valid."), fields={"cursor": [_("Invalid page.")]}
        ) from None


def activity_page(
    *,
    actor: User,
    filters: ActivityFilter,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> ActivityPage:
    """One page, newest first (start date, then id). Two queries (plus the reach)."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = filtered(actor, filters)
    if cursor:
        day, pk = _decode_cursor(cursor)
        qs = qs.filter(Q(start_date__lt=day) | Q(start_date=day, id__lt=pk))
    rows = list(
        qs.select_related("admin_unit", "organiser").order_by("-start_date", "-id")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return ActivityPage(
        items=[_row(a) for a in rows],
        next_cursor=_encode_cursor(rows[-1].start_date, rows[-1].pk) if more and rows else None,
    )


def activity_get(*, actor: User, activity_id: Any) -> Activity:
    return activity_policy.get(
        actor,
        activity_id,
        Activity.objects.select_related("admin_unit", "province", "organiser", "community_model"),
    )


@dataclass(frozen=True)
class ActivityView:
    activity: Activity
    may_change: bool
    kind_label: str
    format_label: str
    target_group_labels: list[str]
    teams: list[dict[str, Any]]
    participations: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    participants_total: int

    def as_dict(self) -> dict[str, Any]:
        a = self.activity
        return {
            "id": a.pk,
            "kind": a.kind,
            "kind_label": self.kind_label,
            "title": a.title,
            "start_date": a.start_date,
            "end_date": a.end_date,
            "admin_unit_code": a.admin_unit.code,
            "place_name": a.admin_unit.name,
            "organiser_id": a.organiser_id,
            "organiser_name": a.organiser.name,
            "partners": a.partners,
            "target_groups": a.target_group_list,
            "format": a.format,
            "format_label": self.format_label,
            "sessions": a.sessions,
            "attendees": a.attendees,
            "budget_vnd": a.budget_vnd,
            "materials": a.materials,
            "lessons_learned": a.lessons_learned,
            "community_model_id": a.community_model_id,
            "teams": self.teams,
            "participations": self.participations,
            "attachments": self.attachments,
            "may_change": self.may_change,
        }


def activity_detail(*, actor: User, activity: Activity) -> ActivityView:
    groups = dict(TargetGroup.choices)
    participations: list[dict[str, Any]] = [
        {
            "id": p.pk,
            "agency_name": p.agency_name,
            "participants": p.participants,
            "pre_test_score": p.pre_test_score,
            "post_test_score": p.post_test_score,
        }
        for p in activity.participations.all()
    ]
    return ActivityView(
        activity=activity,
        may_change=activity_policy.may_change(actor, activity),
        kind_label=str(dict(ActivityKind.choices).get(activity.kind, activity.kind)),
        format_label=str(dict(ActivityFormat.choices).get(activity.format, activity.format)),
        target_group_labels=[str(groups.get(g, g)) for g in activity.target_group_list],
        teams=[
            {"id": t.pk, "name": t.name, "members": t.members, "result": t.result, "rank": t.rank}
            for t in activity.teams.all()
        ],
        participations=participations,
        attachments=[
            {"id": f.pk, "filename": f.filename, "content_type": f.content_type, "size": f.size}
            for f in activity.attachments.defer("data")
        ],
        participants_total=sum(p["participants"] for p in participations),
    )


def attachment_open(*, actor: User, activity: Activity, attachment_id: Any) -> ActivityAttachment:
    """One attachment with its body; audited (``prevention.view_attachment``)."""
    if not activity_policy.can(actor, PreventionPermission.VIEW, activity):
        raise NotFound(_("Not found."))
    try:
        attachment = activity.attachments.get(pk=attachment_id)
    except (ActivityAttachment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found.")) from None
    except Exception as exc:  # a malformed id
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise NotFound(_("Not found.")) from None
        raise
    audit_record(
        actor=actor,
        action="prevention.view_attachment",
        target=activity,
        changes={"attachment": str(attachment.pk)},
    )
    return attachment


def activity_export(*, actor: User, filters: ActivityFilter) -> tuple[bytes, int]:
    """The filtered activities in reach as the template's spreadsheet; audited."""
    from lachan.prevention import spreadsheet

    if not activity_policy.has_permission(actor, PreventionPermission.VIEW):
        raise NotFound(_("Not found."))
    qs = filtered(actor, filters).select_related("admin_unit", "organiser")
    content, count = spreadsheet.export(qs.order_by("start_date", "id")[:MAX_EXPORT_ROWS])
    audit_record(
        actor=actor,
        action="prevention.activity_export",
        object_type="prevention.activity",
        changes={
            "rows": count,
            "kind": filters.kind,
            "place": filters.place.code if filters.place else "",
            "from": filters.start_from.isoformat() if filters.start_from else "",
            "to": filters.start_to.isoformat() if filters.start_to else "",
        },
    )
    return content, count


# -- community models --------------------------------------------------------------------------
def model_list(*, actor: User, place: AdminUnit | None = None) -> list[CommunityModel]:
    qs = community_model_policy.scope(actor).select_related(
        "admin_unit", "owner_agency", "replicated_from"
    )
    if place is not None:
        qs = qs.filter(place_q(place))
    return list(qs.annotate(replica_count=Count("replicas")).order_by("-started_on", "name")[:500])


def model_get(*, actor: User, model_id: Any) -> CommunityModel:
    return community_model_policy.get(
        actor,
        model_id,
        CommunityModel.objects.select_related("admin_unit", "owner_agency", "replicated_from"),
    )


def model_detail(*, actor: User, model: CommunityModel) -> dict[str, Any]:
    replicas = community_model_policy.scope(actor, model.replicas.select_related("admin_unit"))
    return {
        "id": model.pk,
        "name": model.name,
        "description": model.description,
        "admin_unit_code": model.admin_unit.code,
        "place_name": model.admin_unit.name,
        "owner_agency_name": model.owner_agency.name,
        "started_on": model.started_on,
        "ended_on": model.ended_on,
        "households_reached": model.households_reached,
        "people_reached": model.people_reached,
        "replicated_from_id": model.replicated_from_id,
        "replicated_from_name": model.replicated_from.name if model.replicated_from else "",
        "may_change": community_model_policy.can(actor, PreventionPermission.RECORD, model),
        "reviews": [
            {
                "id": r.pk,
                "reviewed_on": r.reviewed_on,
                "rating": r.rating,
                "rating_label": r.get_rating_display(),
                "households_reached": r.households_reached,
                "people_reached": r.people_reached,
                "findings": r.findings,
            }
            for r in model.reviews.all()
        ],
        "replicas": [
            {
                "id": r.pk,
                "name": r.name,
                "place_name": r.admin_unit.name,
                "started_on": r.started_on,
            }
            for r in replicas
        ],
    }


# -- numbers ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PreventionNumbers:
    """Over activities that started in the period (local dates, inclusive):

    - ``activities_by_kind``, ``sessions_by_kind``, ``attendees_by_kind``;
    - ``sessions``, ``attendees``, ``budget_vnd``: totals over every kind;
    - ``by_target_group``: per group, activities and attendees of the activities aimed
      at it (an activity aimed at two groups counts in both, so these do not add up);
    - ``by_format``: per format, activities, sessions and attendees;
    - ``models_active``: community models running at some point of the period;
      ``models_people_reached``/``models_households_reached``: their current reach.
    """

    start: dt.date
    end: dt.date
    activities: int
    activities_by_kind: dict[str, int]
    sessions: int
    sessions_by_kind: dict[str, int]
    attendees: int
    attendees_by_kind: dict[str, int]
    budget_vnd: int
    by_target_group: dict[str, dict[str, int]]
    by_format: dict[str, dict[str, int]]
    models_active: int
    models_people_reached: int
    models_households_reached: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _scope_q(
    agency_ids: Sequence[uuid.UUID] | None, admin_unit_code: str | None, *, agency_field: str
) -> Q:
    q = Q()
    if agency_ids is not None:
        q &= Q(**{f"{agency_field}_id__in": list(agency_ids)})
    if admin_unit_code:
        q &= place_q(geo.unit_by_code(code=admin_unit_code))
    return q


def activity_numbers_queryset(
    *,
    agency_ids: Sequence[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
) -> QuerySet[Activity]:
    return Activity.objects.filter(
        _scope_q(agency_ids, admin_unit_code, agency_field="organiser"),
        start_date__gte=start,
        start_date__lte=end,
    )


@dataclass(frozen=True)
class PreventionTotals:
    """The per-kind figures plans need (one grouped query) and the models running."""

    activities_by_kind: dict[str, int]
    sessions_by_kind: dict[str, int]
    attendees_by_kind: dict[str, int]
    models_active: int
    models_people_reached: int
    models_households_reached: int


def _models_running(
    agency_ids: Sequence[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
) -> dict[str, int]:
    models = CommunityModel.objects.filter(
        _scope_q(agency_ids, admin_unit_code, agency_field="owner_agency"),
        started_on__lte=end,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    return models.aggregate(
        n=Count("pk"),
        people=Coalesce(Sum("people_reached"), 0),
        households=Coalesce(Sum("households_reached"), 0),
    )


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationFailed(
            _("Some filters are not valid."),
            fields={"end": [_("The end date is before the start date.")]},
        )


def prevention_totals(
    *,
    agency_ids: Sequence[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
) -> PreventionTotals:
    """Activities, sessions and attendees by kind, and community models running (two
    queries): what the plan measures read."""
    _check_period(start, end)
    qs = activity_numbers_queryset(
        agency_ids=agency_ids, admin_unit_code=admin_unit_code, start=start, end=end
    )
    kinds = {k: (0, 0, 0) for k in ActivityKind.values}
    grouped = qs.values("kind").annotate(n=Count("*"), s=Sum("sessions"), a=Sum("attendees"))
    for row in grouped.order_by():
        kinds[row["kind"]] = (row["n"], row["s"] or 0, row["a"] or 0)
    m = _models_running(agency_ids, admin_unit_code, start, end)
    return PreventionTotals(
        activities_by_kind={k: v[0] for k, v in kinds.items()},
        sessions_by_kind={k: v[1] for k, v in kinds.items()},
        attendees_by_kind={k: v[2] for k, v in kinds.items()},
        models_active=m["n"],
        models_people_reached=m["people"],
        models_households_reached=m["households"],
    )


def prevention_monthly(
    *,
    agency_ids: Sequence[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
) -> dict[dt.date, dict[str, tuple[int, int, int]]]:
    """Per month (its first day) and kind: activities, sessions, attendees. One query:
    what a plan's monthly trend reads."""
    from django.db.models.functions import TruncMonth

    _check_period(start, end)
    qs = activity_numbers_queryset(
        agency_ids=agency_ids, admin_unit_code=admin_unit_code, start=start, end=end
    )
    rows = (
        qs.annotate(month=TruncMonth("start_date"))
        .values("month", "kind")
        .annotate(n=Count("*"), s=Sum("sessions"), a=Sum("attendees"))
        .order_by()
    )
    out: dict[dt.date, dict[str, tuple[int, int, int]]] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        out.setdefault(month, {})[row["kind"]] = (row["n"], row["s"] or 0, row["a"] or 0)
    return out


def prevention_numbers(
    *,
    agency_ids: Sequence[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
) -> PreventionNumbers:
    """See ``PreventionNumbers``. ``agency_ids`` None means every organiser;
    ``admin_unit_code`` a current province (its whole subtree) or commune. Three
    queries: grouped by kind and format, target groups, models."""
    _check_period(start, end)
    qs = activity_numbers_queryset(
        agency_ids=agency_ids, admin_unit_code=admin_unit_code, start=start, end=end
    )
    by_kind = {k: [0, 0, 0] for k in ActivityKind.values}
    by_format = {f: {"activities": 0, "sessions": 0, "attendees": 0} for f in ActivityFormat.values}
    budget = 0
    grouped = qs.values("kind", "format").annotate(
        n=Count("pk"), s=Sum("sessions"), a=Sum("attendees"), b=Sum("budget_vnd")
    )
    for row in grouped.order_by():
        n, sessions, attendees = row["n"], row["s"] or 0, row["a"] or 0
        budget += row["b"] or 0
        if row["kind"] in by_kind:
            figures = by_kind[row["kind"]]
            figures[0], figures[1], figures[2] = (
                figures[0] + n,
                figures[1] + sessions,
                figures[2] + attendees,
            )
        if row["format"] in by_format:
            f = by_format[row["format"]]
            f["activities"] += n
            f["sessions"] += sessions
            f["attendees"] += attendees
    groups: dict[str, Any] = {}
    for group in TargetGroup.values:
        only = Q(target_groups__contains=f",{group},")
        groups[f"g_{group}"] = Count("pk", filter=only)
        groups[f"ga_{group}"] = Coalesce(Sum("attendees", filter=only), 0)
    g = qs.aggregate(**groups)
    m = _models_running(agency_ids, admin_unit_code, start, end)
    return PreventionNumbers(
        start=start,
        end=end,
        activities=sum(v[0] for v in by_kind.values()),
        activities_by_kind={k: v[0] for k, v in by_kind.items()},
        sessions=sum(v[1] for v in by_kind.values()),
        sessions_by_kind={k: v[1] for k, v in by_kind.items()},
        attendees=sum(v[2] for v in by_kind.values()),
        attendees_by_kind={k: v[2] for k, v in by_kind.items()},
        budget_vnd=budget,
        by_target_group={
            t: {"activities": g[f"g_{t}"], "attendees": g[f"ga_{t}"]} for t in TargetGroup.values
        },
        by_format=by_format,
        models_active=m["n"],
        models_people_reached=m["people"],
        models_households_reached=m["households"],
    )

"""Reads on tips, always through ``TipPolicy``.

- Work queues (``tip_page``): my tips, my agency's unassigned tips, due within 3 days,
  overdue, or the whole register in reach; filters on status, kind, channel, place,
  exploitation type and date of receipt; sorted by receipt or by deadline; keyset
  pages (a cursor, never an offset), a fixed number of queries whatever the page size.
- One tip (``tip_get`` / ``tip_detail``): the detail view is audited (``tip.view``: the
  tip text may name people); the reporter's identity is masked unless asked for and
  allowed, and that reveal is audited too (``tip.view_reporter``).
- Counters for the home page (``tip_counters``) and the numbers reports need
  (``tip_numbers``): counts only, never rows — analysts may call it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import TipsPermission
from lachan.access.policies.people import person_policy
from lachan.access.policies.tips import tip_policy
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.identifiers import IDENTIFIER_LABELS, IdentifierKind, mask_identifier
from lachan.geo.models import AdminUnit, Level
from lachan.people.countries import country_name
from lachan.people.models import PersonIdentifier
from lachan.people.selectors import mask_name
from lachan.tips.deadlines import local_zone
from lachan.tips.models import (
    ACTIVE_STATUSES,
    OPEN_STATUSES,
    RESOLVED_STATUSES,
    Decision,
    ExploitationType,
    MentionRole,
    MessageDirection,
    PlaceRole,
    PublicSubmission,
    SuspensionReason,
    Tip,
    TipAttachment,
    TipChannel,
    TipIdentifier,
    TipKind,
    TipMessage,
    TipStatus,
    TipTransition,
    TipTriage,
)
from lachan.tips.suggestions import COMPARED, suggested_values
from lachan.tips.transitions import allowed_transitions

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
DUE_SOON = dt.timedelta(days=3)
EXCERPT_LENGTH = 160


class Queue:
    MINE = "mine"
    UNASSIGNED = "unassigned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ALL = "all"
    CHOICES = (MINE, UNASSIGNED, DUE_SOON, OVERDUE, ALL)


class Sort:
    NEWEST = "-received"
    OLDEST = "received"
    DEADLINE = "deadline"
    CHOICES = (NEWEST, OLDEST, DEADLINE)


@dataclass(frozen=True)
class TipFilter:
    queue: str = Queue.ALL
    status: str = ""
    kind: str = ""
    channel: str = ""
    place: AdminUnit | None = None  # a current province or commune
    exploitation_type: str = ""
    received_from: dt.date | None = None  # local dates, inclusive
    received_to: dt.date | None = None
    sort: str = Sort.NEWEST

    def validate(self) -> None:
        errors: dict[str, list[Any]] = {}
        for name, allowed in (
            ("queue", Queue.CHOICES),
            ("status", TipStatus.values),
            ("kind", TipKind.values),
            ("channel", TipChannel.values),
            ("exploitation_type", ExploitationType.values),
            ("sort", Sort.CHOICES),
        ):
            value = getattr(self, name)
            if value and value not in allowed:
                errors[name] = [_("Choose a value from the list.")]
        if self.received_from and self.received_to and self.received_from > self.received_to:
            errors["received_to"] = [_("The end date is before the start date.")]
        if errors:
            raise ValidationFailed(_("Some filters are not valid."), fields=errors)


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=local_zone())


def place_q(unit: AdminUnit, *, prefix: str = "") -> Q:
    """Tips with any place in ``unit`` (a province: any of its communes)."""
    from lachan.tips.models import TipPlace

    places = TipPlace.objects.filter(
        Q(province_id=unit.pk) if unit.level == Level.PROVINCE else Q(admin_unit_id=unit.pk)
    )
    return Q(**{f"{prefix}pk__in": places.values("tip_id")})


def _queue_q(actor: User, queue: str, now: dt.datetime) -> Q:
    active = Q(status__in=ACTIVE_STATUSES)
    if queue == Queue.MINE:
        return Q(assignee_id=actor.pk, status__in=OPEN_STATUSES)
    if queue == Queue.UNASSIGNED:
        return Q(
            receiving_agency_id=actor.agency_id, assignee__isnull=True, status__in=OPEN_STATUSES
        )
    if queue == Queue.DUE_SOON:
        return active & Q(deadline_at__gte=now, deadline_at__lt=now + DUE_SOON)
    if queue == Queue.OVERDUE:
        return active & Q(deadline_at__lt=now)
    return Q()


def tip_queryset() -> QuerySet[Tip]:
    return Tip.objects.select_related("receiving_agency", "assignee", "place")


def filtered(actor: User, filters: TipFilter, *, now: dt.datetime | None = None) -> QuerySet[Tip]:
    """The tips in the actor's reach that match ``filters`` (unordered)."""
    filters.validate()
    now = now or timezone.now()
    qs = tip_policy.scope(actor, tip_queryset()).filter(_queue_q(actor, filters.queue, now))
    for name in ("status", "kind", "channel", "exploitation_type"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    if filters.place is not None:
        qs = qs.filter(place_q(filters.place))
    if filters.received_from:
        qs = qs.filter(received_at__gte=start_of_day(filters.received_from))
    if filters.received_to:
        qs = qs.filter(received_at__lt=start_of_day(filters.received_to + dt.timedelta(days=1)))
    return qs


# -- rows and pages ----------------------------------------
@dataclass
class TipRow:
    id: uuid.UUID
    register_number: str
    received_at: dt.datetime
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    status: str
    status_label: str
    excerpt: str
    deadline_at: dt.datetime | None
    overdue: bool
    due_soon: bool
    assignee_id: uuid.UUID | None
    assignee_name: str
    place_name: str
    receiving_agency_name: str
    urgent: bool
    child_involved: bool
    trafficking_related: bool | None
    exploitation_type: str
    exploitation_label: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _excerpt(tip: Tip) -> str:
    text = tip.summary or tip.content
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value else ""


def tip_row(tip: Tip, *, now: dt.datetime) -> TipRow:
    deadline = tip.deadline_at
    running = tip.status in ACTIVE_STATUSES and deadline is not None
    return TipRow(
        id=tip.pk,
        register_number=tip.register_number,
        received_at=tip.received_at,
        kind=tip.kind,
        kind_label=_label(TipKind, tip.kind),
        channel=tip.channel,
        channel_label=_label(TipChannel, tip.channel),
        status=tip.status,
        status_label=_label(TipStatus, tip.status),
        excerpt=_excerpt(tip),
        deadline_at=deadline,
        overdue=running and deadline is not None and deadline < now,
        due_soon=running and deadline is not None and now <= deadline < now + DUE_SOON,
        assignee_id=tip.assignee_id,
        assignee_name=str(tip.assignee) if tip.assignee else "",
        place_name=tip.place.name if tip.place else "",
        receiving_agency_name=tip.receiving_agency.name,
        urgent=tip.urgent,
        child_involved=tip.child_involved,
        trafficking_related=tip.trafficking_related,
        exploitation_type=tip.exploitation_type,
        exploitation_label=_label(ExploitationType, tip.exploitation_type),
    )


@dataclass(frozen=True)
class TipPage:
    items: list[TipRow]
    next_cursor: str | None


def _encode_cursor(value: dt.datetime | None, pk: uuid.UUID) -> str:
    raw = json.dumps([value.isoformat() if value else None, str(pk)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime | None, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        return (dt.datetime.fromisoformat(value) if value else None), uuid.UUID(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed(
            _("The page link is not valid."), fields={"cursor": [_("Not valid.")]}
        ) from None


def _order(
    qs: QuerySet[Tip], sort: str, cursor: str | None, *, selective: bool = False
) -> tuple[QuerySet[Tip], str]:
    """Ordered and positioned after ``cursor``; also the attribute the cursor keeps."""
    if sort == Sort.DEADLINE:
        # Running deadlines first, soonest first; tips without one after them.
        if cursor:
            value, pk = _decode_cursor(cursor)
            if value is None:
                qs = qs.filter(deadline_at__isnull=True, pk__gt=pk)
            else:
                qs = qs.filter(
                    Q(deadline_at__gt=value)
                    | Q(deadline_at=value, pk__gt=pk)
                    | Q(deadline_at__isnull=True)
                )
        return qs.order_by(F("deadline_at").asc(nulls_last=True), "pk"), "deadline_at"
    descending = sort != Sort.OLDEST
    if selective:
        # A selective filter (a deadline queue, a status): let PostgreSQL collect the
        # few matching rows through the scope's (…, status, deadline_at) indexes and
        # sort them, instead of walking the received_at index through the whole table
        # until a page of matches turns up (seconds at 1,000,000 tips). Ordering by an
        # expression equal to received_at is what keeps it off that index.
        qs = qs.alias(received_key=F("received_at") + Value(dt.timedelta(0)))
    if cursor:
        value, pk = _decode_cursor(cursor)
        if value is None:
            raise ValidationFailed(
                _("The page link is not valid."), fields={"cursor": [_("Not valid.")]}
            )
        if descending:
            qs = qs.filter(Q(received_at__lt=value) | Q(received_at=value, pk__lt=pk))
        else:
            qs = qs.filter(Q(received_at__gt=value) | Q(received_at=value, pk__gt=pk))
    field_name = "received_key" if selective else "received_at"
    order = (f"-{field_name}", "-pk") if descending else (field_name, "pk")
    return qs.order_by(*order), "received_at"


def _deadline_page(qs: QuerySet[Tip], cursor: str | None, count: int) -> list[Tip]:
    """Up to ``count`` tips in deadline order after ``cursor``: running deadlines first,
    soonest first, then tips without one (by id). Two steps, so that at 1,000,000 tips
    PostgreSQL walks the ``tips_running_due`` index — partial on running tips, covering
    the scope's columns — and filters the scope on index entries without visiting the
    table, instead of reading every tip in reach to sort it: first the ids of the page,
    then those rows. Tips without a deadline (a later phase) come from the primary key
    order the same way."""
    ids: list[Any] = []
    value, pk = _decode_cursor(cursor) if cursor else (None, None)
    if cursor is None or value is not None:  # still among the running deadlines
        running = qs.filter(deadline_at__isnull=False)
        if value is not None:
            running = running.filter(Q(deadline_at__gt=value) | Q(deadline_at=value, pk__gt=pk))
        ids = list(running.order_by("deadline_at", "pk").values_list("pk", flat=True)[:count])
        pk = None
    if len(ids) < count:
        rest = qs.filter(deadline_at__isnull=True)
        if pk is not None:
            rest = rest.filter(pk__gt=pk)
        ids += list(rest.order_by("pk").values_list("pk", flat=True)[: count - len(ids)])
    return _rows_of(qs, ids)


def _rows_of(qs: QuerySet[Tip], ids: list[Any]) -> list[Tip]:
    """The page's rows, in the order of ``ids`` (the second step of a page: the first
    found the ids on index entries alone, ``tips_received_cover`` / ``tips_running_due``)."""
    rows = {tip.pk: tip for tip in qs.filter(pk__in=ids)}
    return [rows[i] for i in ids if i in rows]


def tip_page(
    *,
    actor: User,
    filters: TipFilter | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> TipPage:
    """One page of a work queue (see module doc). Raises ValidationFailed for a bad
    filter or cursor."""
    filters = filters or TipFilter()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    now = timezone.now()
    # The deadline queues are few rows in reach: collected through the scope's
    # (…, status, deadline_at) indexes and sorted, not found by walking received_at.
    selective = filters.queue in (Queue.OVERDUE, Queue.DUE_SOON)
    found = filtered(actor, filters, now=now)
    if filters.sort == Sort.DEADLINE:
        tips, key = _deadline_page(found, cursor, limit + 1), "deadline_at"
    else:
        qs, key = _order(found, filters.sort, cursor, selective=selective)
        tips = _rows_of(found, list(qs.values_list("pk", flat=True)[: limit + 1]))
    has_more = len(tips) > limit
    tips = tips[:limit]
    return TipPage(
        items=[tip_row(tip, now=now) for tip in tips],
        next_cursor=_encode_cursor(getattr(tips[-1], key), tips[-1].pk) if has_more else None,
    )


def tip_counters(*, actor: User) -> dict[str, int]:
    """Overdue and due-within-3-days tips in the actor's reach (one query)."""
    now = timezone.now()
    # Only deadlines before the end of the due-soon window count: each branch of the
    # scope reads (…, status, deadline_at) index ranges, not every running tip in reach.
    active = tip_policy.scope(actor).filter(
        status__in=ACTIVE_STATUSES, deadline_at__lt=now + DUE_SOON
    )
    counts = active.aggregate(
        overdue=Count("pk", filter=Q(deadline_at__lt=now)),
        due_soon=Count("pk", filter=Q(deadline_at__gte=now, deadline_at__lt=now + DUE_SOON)),
    )
    return {"overdue": counts["overdue"], "due_soon": counts["due_soon"]}


def public_waiting_count() -> int:
    """Public submissions stored but not yet entered in a register (decision 0009):
    normally 0 within seconds. Shown to every tips user as a small counter, so that
    nothing sent by the public is silently invisible; carries no content or agency
    (the agency is decided at registration). One index-only count on a partial index."""
    return PublicSubmission.objects.filter(registered_at__isnull=True).count()


# -- one tip ----------------------------------------
def tip_get(*, actor: User, tip_id: Any) -> Tip:
    """The tip if the actor reaches it; NotFound otherwise (also for malformed ids)."""
    qs = Tip.objects.select_related(
        "receiving_agency", "assignee", "received_by", "place", "transferred_to"
    )
    return tip_policy.get(actor, tip_id, qs)


def mask_email(value: str) -> str:
    local, _sep, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


@dataclass
class ReporterView:
    anonymous: bool
    identity_visible: bool
    name: str
    phone: str
    address: str
    email: str
    may_contact: bool
    contact_note: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def reporter_view(tip: Tip, *, visible: bool) -> ReporterView:
    if tip.reporter_anonymous:
        return ReporterView(
            True,
            visible,
            "",
            "",
            "",
            "",
            tip.reporter_may_contact,
            tip.reporter_contact_note if visible else "",
        )
    if visible:
        return ReporterView(
            False,
            True,
            tip.reporter_name,
            tip.reporter_phone,
            tip.reporter_address,
            tip.reporter_email,
            tip.reporter_may_contact,
            tip.reporter_contact_note,
        )
    return ReporterView(
        anonymous=False,
        identity_visible=False,
        name=mask_name(tip.reporter_name),
        phone=mask_identifier(IdentifierKind.PHONE, tip.reporter_phone)
        if tip.reporter_phone
        else "",
        address="***" if tip.reporter_address else "",
        email=mask_email(tip.reporter_email) if tip.reporter_email else "",
        may_contact=tip.reporter_may_contact,
        contact_note="***" if tip.reporter_contact_note else "",
    )


@dataclass
class TipView:
    id: uuid.UUID
    register_number: str
    kind: str
    kind_label: str
    channel: str
    channel_label: str
    status: str
    status_label: str
    received_at: dt.datetime
    receiving_agency_id: uuid.UUID
    receiving_agency_name: str
    received_by_name: str
    assignee_id: uuid.UUID | None
    assignee_name: str
    reporter: ReporterView
    content: str
    summary: str
    trafficking_related: bool | None
    exploitation_type: str
    exploitation_label: str
    urgent: bool
    child_involved: bool
    destination_country: str
    destination_country_name: str
    deadline_at: dt.datetime | None
    overdue: bool
    is_complex: bool
    complex_reason: str
    extension_months: int | None
    extension_decision_number: str
    extension_decision_date: dt.date | None
    decision: str
    decision_label: str
    decision_number: str
    decision_date: dt.date | None
    case_number: str
    decline_reason: str
    suspension_reason: str
    suspension_label: str
    suspended_at: dt.datetime | None
    resumed_at: dt.datetime | None
    transferred_to_name: str
    transferred_at: dt.datetime | None
    transferred_from_id: uuid.UUID | None
    group_id: uuid.UUID | None
    resolved_at: dt.datetime | None
    allowed_actions: list[str]
    places: list[dict[str, Any]] = field(default_factory=list)
    identifiers: list[dict[str, Any]] = field(default_factory=list)
    persons: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    group_tips: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    # The stored triage suggestion (codes, scores, spans; see lachan/tips/suggestions.py).
    triage: dict[str, Any] | None = None
    identifier_matches: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["reporter"] = self.reporter.as_dict()
        return data


HISTORY_LABELS = {
    "register": _("Entered in the register"),
    "classify": _("Classified"),
    "assign": _("Assigned"),
    "verify": _("Verification started"),
    "transfer": _("Transferred"),
    "mark_complex": _("Marked complex"),
    "extend": _("Deadline extended by the procuracy"),
    "decide": _("Decided"),
    "suspend": _("Suspended"),
    "resume": _("Resumed"),
    "group": _("Grouped with similar tips"),
}


def _user_name(user: User | None) -> str:
    return str(user) if user is not None else ""


def _details(tip: Tip, actor: User) -> dict[str, Any]:
    places = [
        {
            "role": p.role,
            "role_label": _label(PlaceRole, p.role),
            "admin_unit_code": p.admin_unit.code,
            "admin_unit_name": p.admin_unit.name,
            "province_name": p.province.name,
            "text": p.text,
            "legacy_name": p.matched_legacy.name if p.matched_legacy else "",
        }
        for p in tip.places.select_related("admin_unit", "province", "matched_legacy")
    ]
    identifiers = [
        {
            "kind": i.kind,
            "kind_label": str(IDENTIFIER_LABELS[IdentifierKind(i.kind)]),
            "value": i.value,
        }
        for i in tip.identifiers.all()
    ]
    persons = [
        {
            "role": m.role,
            "role_label": _label(MentionRole, m.role),
            "person_id": m.person_id,
            "description": m.description,
        }
        for m in tip.persons.all()
    ]
    attachments = [
        {
            "id": a.pk,
            "filename": a.filename,
            "content_type": a.content_type,
            "size": a.size,
            "created_at": a.created_at,
        }
        for a in tip.attachments.defer("data")
    ]
    history = [
        {
            "action": t.action,
            "action_label": str(HISTORY_LABELS.get(t.action, t.action)),
            "from_status": t.from_status,
            "to_status": t.to_status,
            "to_status_label": _label(TipStatus, t.to_status),
            "actor_name": _user_name(t.actor),
            "at": t.at,
            "note": t.note,
        }
        for t in TipTransition.objects.filter(tip=tip).select_related("actor")
    ]
    messages = [
        {
            "id": m.pk,
            "direction": m.direction,
            "direction_label": _label(MessageDirection, m.direction),
            "author_name": _user_name(m.author),
            "body": m.body,
            "created_at": m.created_at,
        }
        for m in TipMessage.objects.filter(tip=tip).select_related("author")
    ]
    group_tips = []
    if tip.group_id:
        members = tip_policy.scope(actor).filter(group_id=tip.group_id).exclude(pk=tip.pk)
        group_tips = [
            {
                "id": t.pk,
                "register_number": t.register_number,
                "status": t.status,
                "status_label": _label(TipStatus, t.status),
            }
            for t in members.order_by("received_at")
        ]
    return {
        "places": places,
        "identifiers": identifiers,
        "persons": persons,
        "attachments": attachments,
        "history": history,
        "messages": messages,
        "group_tips": group_tips,
    }


def tip_detail(*, actor: User, tip: Tip, reveal_reporter: bool = False) -> TipView:
    """The tip as the detail page and the API show it. Recorded in the audit trail
    (``tip.view``; with the reporter's identity shown, ``tip.view_reporter``).
    ``reveal_reporter`` without the right to it: PermissionDenied, nothing recorded."""
    held = tip_policy.actions_on(actor, tip)
    if TipsPermission.VIEW not in held:
        raise NotFound(_("Not found."))
    if reveal_reporter and TipsPermission.VIEW_REPORTER not in held:
        raise PermissionDenied(_("You may not see who reported this tip."))
    now = timezone.now()
    audit_record(
        actor=actor, action="tip.view_reporter" if reveal_reporter else "tip.view", target=tip
    )
    allowed = allowed_transitions(tip, actor=actor, now=now)
    running = tip.status in ACTIVE_STATUSES and tip.deadline_at is not None
    return TipView(
        id=tip.pk,
        register_number=tip.register_number,
        kind=tip.kind,
        kind_label=_label(TipKind, tip.kind),
        channel=tip.channel,
        channel_label=_label(TipChannel, tip.channel),
        status=tip.status,
        status_label=_label(TipStatus, tip.status),
        received_at=tip.received_at,
        receiving_agency_id=tip.receiving_agency_id,
        receiving_agency_name=tip.receiving_agency.name,
        received_by_name=_user_name(tip.received_by),
        assignee_id=tip.assignee_id,
        assignee_name=_user_name(tip.assignee),
        reporter=reporter_view(tip, visible=reveal_reporter),
        content=tip.content,
        summary=tip.summary,
        trafficking_related=tip.trafficking_related,
        exploitation_type=tip.exploitation_type,
        exploitation_label=_label(ExploitationType, tip.exploitation_type),
        urgent=tip.urgent,
        child_involved=tip.child_involved,
        destination_country=tip.destination_country,
        destination_country_name=country_name(tip.destination_country)
        if tip.destination_country
        else "",
        deadline_at=tip.deadline_at,
        overdue=running and tip.deadline_at is not None and tip.deadline_at < now,
        is_complex=tip.is_complex,
        complex_reason=tip.complex_reason,
        extension_months=tip.extension_months,
        extension_decision_number=tip.extension_decision_number,
        extension_decision_date=tip.extension_decision_date,
        decision=tip.decision,
        decision_label=_label(Decision, tip.decision),
        decision_number=tip.decision_number,
        decision_date=tip.decision_date,
        case_number=tip.case_number,
        decline_reason=tip.decline_reason,
        suspension_reason=tip.suspension_reason,
        suspension_label=_label(SuspensionReason, tip.suspension_reason),
        suspended_at=tip.suspended_at,
        resumed_at=tip.resumed_at,
        transferred_to_name=tip.transferred_to.name if tip.transferred_to else "",
        transferred_at=tip.transferred_at,
        transferred_from_id=tip.transferred_from_id,
        group_id=tip.group_id,
        resolved_at=tip.resolved_at,
        allowed_actions=sorted(t.value for t in allowed),
        triage=_stored_triage(tip),
        identifier_matches=identifier_matches(actor=actor, tip=tip),
        **_details(tip, actor),
    )


def _stored_triage(tip: Tip) -> dict[str, Any] | None:
    row = TipTriage.objects.filter(tip=tip).values("suggestion", "correction").first()
    if row is None:
        return None
    return {"suggestion": row["suggestion"], "correction": row["correction"]}


def stored_suggestion(tip: Tip) -> dict[str, Any] | None:
    """Triage's stored suggestion for ``tip`` (the caller has checked access)."""
    found: dict[str, Any] | None = (
        TipTriage.objects.filter(tip=tip).values_list("suggestion", flat=True).first()
    )
    return found


def triage_agreement() -> dict[str, dict[str, int]]:
    """How often officers kept what triage suggested, over classified tips: per
    classification field, and per suggested type of exploitation (``total`` tips,
    ``agreed`` where that field was not corrected). Codes and counts only."""
    result: dict[str, dict[str, int]] = {}
    rows = TipTriage.objects.filter(tip__classified_at__isnull=False).values_list(
        "suggestion", "correction"
    )
    for suggestion, correction in rows.iterator():
        corrected = set((correction or {}).get("fields", ()))
        suggested = suggested_values(suggestion)
        keys = [*COMPARED, f"exploitation:{suggested['exploitation_type'] or '-'}"]
        for key in keys:
            name = "exploitation_type" if key.startswith("exploitation:") else key
            entry = result.setdefault(key, {"total": 0, "agreed": 0})
            entry["total"] += 1
            entry["agreed"] += name not in corrected
    return result


# At most this many matching rows are read per kind of record (a number shared by
# thousands of records says little more than one shared by a thousand).
MAX_MATCH_ROWS = 1000


def identifier_matches(*, actor: User, tip: Tip) -> list[dict[str, Any]]:
    """For each identifier on ``tip``: how many other tips and person records carry the
    same blind index. Records in the actor's reach are listed (id, number); for the
    others only the owning agencies' names, so the officer knows whom to ask — never
    their ids, text or names. Five queries whatever the number of matches."""
    own = list(tip.identifiers.all())
    if not own:
        return []
    indexes = {i.value_index for i in own}
    other_tips = TipIdentifier.objects.filter(value_index__in=indexes).exclude(tip_id=tip.pk)
    other_tips = other_tips.exclude(tip__transferred_from_id=tip.pk)
    if tip.transferred_from_id:
        other_tips = other_tips.exclude(tip_id=tip.transferred_from_id)
    tip_rows = list(
        other_tips.values_list(
            "value_index", "tip_id", "tip__register_number", "tip__receiving_agency__name"
        ).distinct()[:MAX_MATCH_ROWS]
    )
    person_rows = list(
        PersonIdentifier.objects.filter(value_index__in=indexes)
        .values_list("value_index", "person_id", "person__owner_agency__name")
        .distinct()[:MAX_MATCH_ROWS]
    )
    tips_in_reach = set(
        tip_policy.scope(actor).filter(pk__in={r[1] for r in tip_rows}).values_list("pk", flat=True)
    )
    persons_in_reach = set(
        person_policy.scope(actor)
        .filter(pk__in={r[1] for r in person_rows})
        .values_list("pk", flat=True)
    )
    result = []
    for ident in own:
        tips: dict[uuid.UUID, str] = {}
        persons: set[uuid.UUID] = set()
        elsewhere: set[str] = set()
        tip_ids: set[uuid.UUID] = set()
        person_ids: set[uuid.UUID] = set()
        for index, tip_id, number, agency in tip_rows:
            if index == ident.value_index:
                tip_ids.add(tip_id)
                if tip_id in tips_in_reach:
                    tips[tip_id] = number
                else:
                    elsewhere.add(agency)
        for index, person_id, agency in person_rows:
            if index == ident.value_index:
                person_ids.add(person_id)
                if person_id in persons_in_reach:
                    persons.add(person_id)
                else:
                    elsewhere.add(agency or "")
        result.append(
            {
                "kind": ident.kind,
                "kind_label": str(IDENTIFIER_LABELS[IdentifierKind(ident.kind)]),
                "value": ident.value,
                "tips_count": len(tip_ids),
                "persons_count": len(person_ids),
                "tips": [
                    {"id": k, "register_number": v}
                    for k, v in sorted(tips.items(), key=lambda kv: kv[1])
                ],
                "persons": [{"id": p} for p in sorted(persons, key=str)],
                "elsewhere_agencies": sorted(a for a in elsewhere if a),
                "elsewhere_count": len(tip_ids) + len(person_ids) - len(tips) - len(persons),
            }
        )
    return result


def may_view_reporter(actor: User, tip: Tip) -> bool:
    return tip_policy.can(actor, TipsPermission.VIEW_REPORTER, tip)


def tip_attachment_open(*, actor: User, tip: Tip, attachment_id: Any) -> TipAttachment:
    """One attachment of a tip in reach, with its body; audited (``tip.view_attachment``)."""
    if not tip_policy.can(actor, TipsPermission.VIEW, tip):
        raise NotFound(_("Not found."))
    try:
        attachment = tip.attachments.get(pk=attachment_id)
    except (TipAttachment.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found.")) from None
    except Exception as exc:  # a malformed id
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise NotFound(_("Not found.")) from None
        raise
    audit_record(
        actor=actor,
        action="tip.view_attachment",
        target=tip,
        changes={"attachment": str(attachment.pk)},
    )
    return attachment


def tip_messages(*, actor: User, tip: Tip) -> list[dict[str, Any]]:
    if not tip_policy.can(actor, TipsPermission.VIEW, tip):
        raise NotFound(_("Not found."))
    return [
        {
            "id": m.pk,
            "direction": m.direction,
            "direction_label": _label(MessageDirection, m.direction),
            "author_name": _user_name(m.author),
            "body": m.body,
            "created_at": m.created_at,
        }
        for m in TipMessage.objects.filter(tip=tip).select_related("author")
    ]


def assignable_users(*, actor: User) -> QuerySet[User]:
    return User.objects.filter(tip_policy.assignable_users_q(actor)).order_by("full_name")


def transfer_agencies(*, actor: User, tip: Tip) -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).exclude(pk=tip.receiving_agency_id)


# -- numbers ----------------------------------------
@dataclass(frozen=True)
class TipNumbers:
    """Counts over the tips received in a period (local dates, inclusive), as of the
    end of the period (or now, if it has not ended):

    - ``received``: entered in the register in the period;
    - ``classified``: of those, classified by then (a tip transferred before it was
      classified counts: sending it to the competent agency classified it);
    - ``resolved``: decided (prosecute or decline) or transferred by then;
    - ``resolved_within_deadline``: resolved no later than the deadline that applied;
    - ``overdue``: not resolved by then and past their deadline (suspended tips,
      whose clock is stopped, are not overdue);
    - ``by_kind``, ``by_channel``: of the received; ``by_decision``: of the resolved
      (prosecute, decline, transferred);
    - ``resolution_rate``: resolved / received (None when nothing was received), the
      "percentage of tips resolved" of the plans.
    Tips a commune police transferred are counted by both agencies (received via
    ``channel="transfer"`` at the second); subtract ``by_channel["transfer"]`` for a
    count of distinct reports across agencies."""

    period_start: dt.date
    period_end: dt.date
    as_of: dt.datetime
    received: int
    classified: int
    resolved: int
    resolved_within_deadline: int
    overdue: int
    by_kind: dict[str, int]
    by_channel: dict[str, int]
    by_decision: dict[str, int]
    resolution_rate: float | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def tip_numbers(
    *,
    actor: User,
    period_start: dt.date,
    period_end: dt.date,
    agency: Agency | None = None,
    place: AdminUnit | None = None,
) -> TipNumbers:
    """The numbers reports need (see ``TipNumbers``), over the tips the actor may count
    (analysts and supervisors), optionally those received by ``agency`` (and the
    agencies below it) or whose place lies in ``place``. One query."""
    from lachan.access.reach import agency_subtree_ids

    if not tip_policy.may_view_numbers(actor):
        raise NotFound(_("Not found."))
    if period_end < period_start:
        raise ValidationFailed(
            _("Some filters are not valid."),
            fields={"period_end": [_("The end date is before the start date.")]},
        )
    end = start_of_day(period_end + dt.timedelta(days=1))
    as_of = min(timezone.now(), end)
    qs = tip_policy.numbers_scope(actor).filter(
        received_at__gte=start_of_day(period_start), received_at__lt=end
    )
    if agency is not None:
        qs = qs.filter(receiving_agency_id__in=agency_subtree_ids(agency))
    if place is not None:
        if place.level == Level.PROVINCE:
            qs = qs.filter(place_province_id=place.pk)
        else:
            qs = qs.filter(place_id=place.pk)
    resolved = Q(status__in=RESOLVED_STATUSES, resolved_at__lte=as_of)
    classified = Q(classified_at__lte=as_of) | (resolved & Q(classified_at__isnull=True))
    deadline_then = Coalesce("deadline_at", "resolved_deadline_at")
    unresolved_then = ~Q(status__in=RESOLVED_STATUSES) | Q(resolved_at__gt=as_of)
    aggregates: dict[str, Any] = {
        "received": Count("pk"),
        "classified": Count("pk", filter=classified),
        "resolved": Count("pk", filter=resolved),
        "within": Count("pk", filter=resolved & Q(resolved_at__lte=F("resolved_deadline_at"))),
        "overdue": Count(
            "pk",
            filter=unresolved_then
            & ~Q(status=TipStatus.SUSPENDED)
            & Q(**{"deadline_then__lt": as_of}),
        ),
    }
    for kind in TipKind.values:
        aggregates[f"kind_{kind}"] = Count("pk", filter=Q(kind=kind))
    for channel in TipChannel.values:
        aggregates[f"channel_{channel}"] = Count("pk", filter=Q(channel=channel))
    for decision in Decision.values:
        aggregates[f"decision_{decision}"] = Count("pk", filter=resolved & Q(decision=decision))
    aggregates["decision_transferred"] = Count(
        "pk", filter=Q(status=TipStatus.TRANSFERRED, resolved_at__lte=as_of)
    )
    counts = qs.annotate(deadline_then=deadline_then).aggregate(**aggregates)
    received = counts["received"]
    return TipNumbers(
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        received=received,
        classified=counts["classified"],
        resolved=counts["resolved"],
        resolved_within_deadline=counts["within"],
        overdue=counts["overdue"],
        by_kind={k: counts[f"kind_{k}"] for k in TipKind.values},
        by_channel={c: counts[f"channel_{c}"] for c in TipChannel.values},
        by_decision={
            **{d: counts[f"decision_{d}"] for d in Decision.values},
            "transferred": counts["decision_transferred"],
        },
        resolution_rate=(counts["resolved"] / received) if received else None,
    )


# -- similar tips (same identifiers or near-duplicate text) ---------------------------------
SIMILAR_WINDOW = dt.timedelta(days=90)  # text candidates received this close to the tip
MAX_TEXT_CANDIDATES = 300
MAX_SIMILAR = 20


@dataclass(frozen=True)
class SimilarTip:
    id: uuid.UUID
    register_number: str
    status: str
    status_label: str
    received_at: dt.datetime
    receiving_agency_name: str
    excerpt: str
    content: str
    shared_identifiers: list[str]  # kind labels of the identifiers both tips carry
    text_score: float  # containment of the texts' three-word runs, 0..1
    grouped: bool  # already in the same group as the tip

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SimilarTips:
    items: list[SimilarTip]  # in the actor's reach, most similar first
    elsewhere_count: int  # similar tips outside the actor's reach: only counted
    elsewhere_agencies: list[str]  # whom to ask about them


def _chain(tip: Tip) -> Q:
    """The tip's own transfer copies are the same report, not a similar one."""
    q = Q(pk=tip.pk) | Q(transferred_from_id=tip.pk)
    if tip.transferred_from_id:
        q |= Q(pk=tip.transferred_from_id)
    return q


def similar_tips(*, actor: User, tip: Tip) -> SimilarTips:
    """Tips sharing an identifier with ``tip`` (blind index) or whose text is a
    near-duplicate (``similarity.containment`` ≥ ``THRESHOLD``, among tips of the same
    agency or province received within ``SIMILAR_WINDOW``). Tips in the actor's reach
    are listed with their text; the others only counted, with the agencies to ask.
    Six queries at most, whatever the number of matches."""
    from lachan.tips import similarity

    if TipsPermission.VIEW not in tip_policy.actions_on(actor, tip):
        raise NotFound(_("Not found."))
    shared: dict[uuid.UUID, set[str]] = {}
    indexes = dict(tip.identifiers.values_list("value_index", "kind"))
    if indexes:
        rows = (
            TipIdentifier.objects.filter(value_index__in=indexes)
            .exclude(tip__in=Tip.objects.filter(_chain(tip)))
            .values_list("tip_id", "value_index")[:MAX_MATCH_ROWS]
        )
        for other_id, index in rows:
            label = str(IDENTIFIER_LABELS[IdentifierKind(indexes[index])])
            shared.setdefault(other_id, set()).add(label)
    near = Q(receiving_agency_id=tip.receiving_agency_id)
    if tip.place_province_id:
        near |= Q(place_province_id=tip.place_province_id)
    candidates = (
        Tip.objects.filter(
            near,
            received_at__gte=tip.received_at - SIMILAR_WINDOW,
            received_at__lte=tip.received_at + SIMILAR_WINDOW,
        )
        .exclude(_chain(tip))
        .order_by("-received_at")
        .only("id", "content")[:MAX_TEXT_CANDIDATES]
    )
    own = similarity.shingles(tip.content)
    scores: dict[uuid.UUID, float] = {}
    for other in candidates:
        score = similarity.containment(own, similarity.shingles(other.content))
        if score >= similarity.THRESHOLD:
            scores[other.pk] = score
    found = set(shared) | set(scores)
    if not found:
        return SimilarTips(items=[], elsewhere_count=0, elsewhere_agencies=[])
    in_reach = set(tip_policy.scope(actor).filter(pk__in=found).values_list("pk", flat=True))
    elsewhere = sorted(
        set(
            Tip.objects.filter(pk__in=found - in_reach).values_list(
                "receiving_agency__name", flat=True
            )
        )
    )
    ranked = sorted(in_reach, key=lambda pk: (-len(shared.get(pk, ())), -scores.get(pk, 0.0)))
    shown = Tip.objects.filter(pk__in=ranked[:MAX_SIMILAR]).select_related("receiving_agency")
    items = [
        SimilarTip(
            id=other.pk,
            register_number=other.register_number,
            status=other.status,
            status_label=_label(TipStatus, other.status),
            received_at=other.received_at,
            receiving_agency_name=other.receiving_agency.name,
            excerpt=_excerpt(other),
            content=other.content,
            shared_identifiers=sorted(shared.get(other.pk, ())),
            text_score=round(scores.get(other.pk, 0.0), 2),
            grouped=tip.group_id is not None and other.group_id == tip.group_id,
        )
        for other in shown
    ]
    items.sort(key=lambda s: (-len(s.shared_identifiers), -s.text_score, s.register_number))
    return SimilarTips(
        items=items,
        elsewhere_count=len(found - in_reach),
        elsewhere_agencies=elsewhere,
    )


def similar_tips_compare(*, actor: User, tip: Tip) -> SimilarTips:
    """``similar_tips`` for the side-by-side page, which shows the texts in full: one
    ``tip.compare`` audit event naming the tips shown (ids only)."""
    found = similar_tips(actor=actor, tip=tip)
    audit_record(
        actor=actor,
        action="tip.compare",
        target=tip,
        changes={"shown": sorted(str(s.id) for s in found.items)},
    )
    return found


# -- persons to link on the intake form ------------------------------------------------------
MAX_PERSON_CHOICES = 10


def _person_label(person: Any) -> str:
    parts = [mask_name(person.full_name)]
    if person.birth_year:  # shown in masked lists; the date of birth is not
        parts.append(str(person.birth_year))
    if person.admin_unit:
        parts.append(person.admin_unit.name)
    return f"{', '.join(parts)} ({person.owner_agency.name})"


def person_choices(
    *, actor: User, query: str = "", selected: Sequence[str] = ()
) -> dict[str, tuple[str, Any]]:
    """Persons the actor may link to a tip they enter: those found by ``query`` (name,
    phone, ID number — the people register's search) and those already chosen, in the
    actor's reach only; by id, (masked label, person). Two queries."""
    from lachan.people.selectors import person_queryset, search_q

    scope = person_policy.scope(actor, person_queryset())
    found: dict[str, tuple[str, Any]] = {}
    ids = []
    for value in selected:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    if ids:
        for person in scope.filter(pk__in=ids):
            found[str(person.pk)] = (_person_label(person), person)
    if query.strip():
        hits = scope.filter(search_q(query)).order_by("-created_at", "-pk")[:MAX_PERSON_CHOICES]
        for person in hits:
            found.setdefault(str(person.pk), (_person_label(person), person))
    return found

"""Reads on victim files, always through ``VictimRecordPolicy``.

Lists show the pseudonymous code and non-identifying facts; names appear only when the
user asks to reveal them *and* the policy discloses them (owning side, break-glass or a
live consent) — one ``victim.list_identity`` event names the files shown. Every detail
view is audited: ``victim.view`` (nothing personal shown) or ``victim.view_identity``
(with the fields shown and the basis: owner, break-glass or the consents used).

``victim_numbers`` counts for reports: never identities, always distinct persons."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import VictimsPermission
from lachan.access.policies.victims import HIDDEN, Disclosure, victim_record_policy
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.core.errors import ValidationFailed
from lachan.geo.models import Era
from lachan.linkage.selectors import canonical_person_expression, count_distinct_persons
from lachan.people.countries import country_name
from lachan.people.models import Sex
from lachan.people.selectors import mask_name, search_q
from lachan.victims.deadlines import DUE_SOON
from lachan.victims.entitlements import ALL_MEASURES, Entitlement, compute_entitlement
from lachan.victims.facts import entitlement_facts
from lachan.victims.models import (
    COUNTED_APPROVALS,
    OPEN_STATUSES,
    ApprovalStatus,
    ArrivalChannel,
    FollowUpVisit,
    GoalStatus,
    Outcome,
    Referral,
    ReferralStatus,
    SupportEntry,
    SupportMeasure,
    VictimRecord,
    VictimStatus,
)

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class Queue:
    ALL = "all"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    CHILDREN = "children"


QUEUES = (Queue.ALL, Queue.OPEN, Queue.DUE_SOON, Queue.OVERDUE, Queue.CHILDREN)


def record_queryset() -> QuerySet[VictimRecord]:
    return VictimRecord.objects.select_related(
        "person", "owner_agency", "receiving_agency", "reception_unit"
    )


# -- list --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class VictimRow:
    id: uuid.UUID
    code: str
    name: str  # masked unless name_visible
    name_visible: bool
    status: str
    status_label: str
    channel: str
    channel_label: str
    received_at: dt.datetime
    reception_unit_name: str
    owner_agency_name: str
    is_child: bool
    sex_label: str
    exploitation_label: str
    verification_due_at: dt.datetime
    overdue: bool
    due_soon: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class VictimPage:
    items: list[VictimRow]
    next_cursor: str | None
    revealed: bool


def _sex_label(code: str) -> str:
    try:
        return str(Sex(code).label)
    except ValueError:
        return ""


def _row(record: VictimRecord, disclosure: Disclosure, now: dt.datetime) -> VictimRow:
    waiting = record.status == VictimStatus.SIGNAL
    due = record.verification_due_at
    name = record.person.full_name
    return VictimRow(
        id=record.pk,
        code=record.code,
        name=name if disclosure.identity else mask_name(name),
        name_visible=disclosure.identity,
        status=record.status,
        status_label=str(record.get_status_display()),
        channel=record.channel,
        channel_label=str(record.get_channel_display()),
        received_at=record.received_at,
        reception_unit_name=record.reception_unit.name,
        owner_agency_name=record.owner_agency.name,
        is_child=record.is_child,
        sex_label=_sex_label(record.sex),
        exploitation_label=str(record.get_exploitation_type_display()),
        verification_due_at=due,
        overdue=waiting and due < now,
        due_soon=waiting and now <= due < now + DUE_SOON,
    )


def _encode_cursor(record: VictimRecord) -> str:
    raw = f"{record.received_at.isoformat()}|{record.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        return dt.datetime.fromisoformat(when), uuid.UUID(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed(
            _("The page link is not valid."), fields={"cursor": [_("Not valid.")]}
        ) from None


def _queue_q(queue: str, now: dt.datetime) -> Q:
    if queue == Queue.OPEN:
        return Q(status__in=OPEN_STATUSES)
    if queue == Queue.DUE_SOON:
        return Q(
            status=VictimStatus.SIGNAL,
            verification_due_at__gte=now,
            verification_due_at__lt=now + DUE_SOON,
        )
    if queue == Queue.OVERDUE:
        return Q(status=VictimStatus.SIGNAL, verification_due_at__lt=now)
    if queue == Queue.CHILDREN:
        return Q(is_child=True)
    if queue == Queue.ALL:
        return Q()
    raise ValidationFailed(_("Unknown queue."), fields={"queue": [_("Not valid.")]})


def victim_list(
    *,
    actor: User,
    queue: str = Queue.ALL,
    status: str | None = None,
    channel: str | None = None,
    query: str | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    reveal: bool = False,
) -> VictimPage:
    """Files in reach, newest reception first; ``query`` is a victim code or a name."""
    now = timezone.now()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = victim_record_policy.scope(actor, record_queryset()).filter(_queue_q(queue, now))
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if query and query.strip():
        text = query.strip()
        if text.upper().startswith("NN-"):
            qs = qs.filter(code=text.upper())
        else:
            # A name is searched on the person's blind indexes; a match is shown only
            # by code to whoever may not see the name (the search itself reveals
            # nothing the list does not already show).
            from lachan.people.models import Person

            qs = qs.filter(person__in=Person.objects.filter(search_q(text)).values("pk"))
    if cursor:
        when, pk = _decode_cursor(cursor)
        qs = qs.filter(Q(received_at__lt=when) | Q(received_at=when, pk__lt=pk))
    records = list(qs.order_by("-received_at", "-pk")[: limit + 1])
    has_more = len(records) > limit
    records = records[:limit]
    shown: dict[uuid.UUID, Disclosure] = {}
    if reveal and records:
        shown = {
            pk: d
            for pk, d in victim_record_policy.disclosures(actor, records).items()
            if d.identity
        }
        if shown:
            audit_record(
                actor=actor,
                action="victim.list_identity",
                object_type=VictimRecord._meta.label_lower,
                changes={"records": sorted(str(pk) for pk in shown)},
            )
    return VictimPage(
        items=[_row(r, shown.get(r.pk, HIDDEN), now) for r in records],
        next_cursor=_encode_cursor(records[-1]) if has_more else None,
        revealed=bool(shown),
    )


def victim_counters(*, actor: User) -> dict[str, int]:
    """Initial verifications overdue and due within a day, in the actor's reach."""
    now = timezone.now()
    counts = victim_record_policy.scope(
        actor, VictimRecord.objects.filter(status=VictimStatus.SIGNAL)
    ).aggregate(
        overdue=Count("pk", filter=Q(verification_due_at__lt=now)),
        due_soon=Count(
            "pk", filter=Q(verification_due_at__gte=now, verification_due_at__lt=now + DUE_SOON)
        ),
    )
    return {"overdue": counts["overdue"], "due_soon": counts["due_soon"]}


def victim_get(*, actor: User, record_id: Any) -> VictimRecord:
    return victim_record_policy.get(actor, record_id, record_queryset())


# -- entitlement checklist ---------------------------------------------------------------------
@dataclass(frozen=True)
class ChecklistItem:
    measure: str
    label: str
    entitled: bool
    entitled_for_minor: bool
    delivered: int
    amount_vnd: int
    pending: int


def entitlement_of(record: VictimRecord) -> Entitlement:
    return compute_entitlement(entitlement_facts(record))


def entitlement_checklist(
    record: VictimRecord, entries: list[SupportEntry] | None = None
) -> list[ChecklistItem]:
    """Art 37 a–k: entitled or not, and what the ledger holds (counted entries only)."""
    entitlement = entitlement_of(record)
    entries = list(record.support.all()) if entries is None else entries
    delivered: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    pending: Counter[str] = Counter()
    for e in entries:
        if e.approval_status in COUNTED_APPROVALS:
            delivered[e.measure] += 1
            amounts[e.measure] += e.amount_vnd or 0
        elif e.approval_status == ApprovalStatus.PENDING:
            pending[e.measure] += 1
    labels = dict(SupportMeasure.choices)
    return [
        ChecklistItem(
            measure=m,
            label=str(labels[m]),
            entitled=m in entitlement.measures,
            entitled_for_minor=m in entitlement.minor_measures,
            delivered=delivered[m],
            amount_vnd=amounts[m],
            pending=pending[m],
        )
        for m in ALL_MEASURES
    ]


# -- detail --------------------------------------------------------------------------------------
@dataclass
class VictimView:
    record: VictimRecord
    disclosure: Disclosure
    social_side: bool  # support, referrals, reintegration, consents shown
    name: str
    birth: str
    identifiers: list[dict[str, str]] = field(default_factory=list)
    addresses: list[dict[str, str]] = field(default_factory=list)
    history: list[Any] = field(default_factory=list)
    evidence: list[Any] = field(default_factory=list)
    protection: list[Any] = field(default_factory=list)
    consents: list[Any] = field(default_factory=list)
    support: list[Any] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    entitlement: Entitlement | None = None
    referrals: list[Any] = field(default_factory=list)
    plan: Any = None
    goals: list[Any] = field(default_factory=list)
    visits: list[Any] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    other_episodes: list[dict[str, Any]] = field(default_factory=list)
    other_episodes_elsewhere: int = 0
    actions: frozenset[str] = frozenset()

    @property
    def overdue(self) -> bool:
        return (
            self.record.status == VictimStatus.SIGNAL
            and self.record.verification_due_at < timezone.now()
        )


def _birth_text(record: VictimRecord, identity: bool) -> str:
    person = record.person
    if identity and person.birth_date:
        return dt.date.fromisoformat(person.birth_date).strftime("%d/%m/%Y")
    return str(person.birth_year or "")


def situation_timeline(goals: list[Any], visits: list[FollowUpVisit]) -> list[dict[str, Any]]:
    """The person's situation over time at a glance: goals achieved and what each visit
    found, oldest first ("trained 03/2024, employed 09/2024, married 2025")."""
    labels = dict(Outcome.choices)
    items: list[dict[str, Any]] = []
    for goal in goals:
        if goal.status == GoalStatus.ACHIEVED and goal.status_on:
            items.append(
                {
                    "on": goal.status_on,
                    "kind": "goal",
                    "code": goal.area,
                    "label": str(goal.get_area_display()),
                    "text": goal.description,
                }
            )
    seen: set[str] = set()
    for visit in visits:
        new = [code for code in visit.outcomes if code not in seen]
        seen.update(visit.outcomes)
        for code in new:
            items.append(
                {
                    "on": visit.visited_on,
                    "kind": "outcome",
                    "code": code,
                    "label": str(labels.get(code, code)),
                }
            )
    items.sort(key=lambda item: item["on"])
    return items


def victim_detail(*, actor: User, record: VictimRecord, reveal: bool = False) -> VictimView:
    """The file as the actor may see it — audited (see the module docstring).
    ``record`` comes from ``victim_get`` (in reach); reach is checked once more here."""
    policy = victim_record_policy
    in_reach = policy.in_scope(actor, record)
    if not in_reach:
        from lachan.core.errors import NotFound

        raise NotFound(_("Not found."))
    actions = policy.actions_on(actor, record, in_reach=True)
    disclosure = policy.disclosure(actor, record, in_reach=True) if reveal else HIDDEN
    owner_side = policy.is_owner_side(actor, record)
    social_side = (
        owner_side
        or VictimsPermission.APPROVE_SUPPORT in actions
        or Referral.objects.filter(
            record=record,
            to_agency_id=actor.agency_id,
            status__in=(ReferralStatus.ACCEPTED, ReferralStatus.DONE),
        ).exists()
    )
    person = record.person
    view = VictimView(
        record=record,
        disclosure=disclosure,
        social_side=social_side,
        name=person.full_name if disclosure.identity else mask_name(person.full_name),
        birth=_birth_text(record, disclosure.identity),
        actions=frozenset(str(a) for a in actions),
    )
    if disclosure.identity:
        view.identifiers = [
            {"kind": str(i.get_kind_display()), "value": i.value} for i in person.identifiers.all()
        ]
    if disclosure.address:
        view.addresses = [
            {"kind": str(a.get_kind_display()), "text": a.text}
            for a in person.addresses.select_related("admin_unit")
        ]
    view.history = list(record.history.select_related("agency", "actor"))
    view.evidence = list(record.evidence.all())
    view.protection = list(record.protection.select_related("responsible_agency"))
    if social_side:
        entries = list(record.support.select_related("provider_agency", "approved_by"))
        view.support = entries
        view.entitlement = entitlement_of(record)
        view.checklist = entitlement_checklist(record, entries)
        view.referrals = list(record.referrals.select_related("from_agency", "to_agency"))
        view.plan = getattr(record, "reintegration_plan", None)
        if view.plan is not None:
            view.goals = list(view.plan.goals.all())
        view.visits = list(record.visits.select_related("agency"))
        view.timeline = situation_timeline(view.goals, view.visits)
    if owner_side:
        view.consents = list(record.consents.select_related("grantee_agency"))
    # Re-trafficking: the person's other episodes.
    others = list(
        VictimRecord.objects.filter(person_id=record.person_id)
        .exclude(pk=record.pk)
        .select_related("owner_agency")
        .order_by("received_at")
    )
    reachable = (
        set(
            policy.scope(
                actor, VictimRecord.objects.filter(pk__in=[r.pk for r in others])
            ).values_list("pk", flat=True)
        )
        if others
        else set()
    )
    in_reach_others = [r for r in others if r.pk in reachable]
    view.other_episodes = [
        {
            "id": r.pk,
            "code": r.code,
            "received_at": r.received_at,
            "status_label": r.get_status_display(),
            "owner_agency_name": r.owner_agency.name,
        }
        for r in in_reach_others
    ]
    view.other_episodes_elsewhere = len(others) - len(in_reach_others)
    if disclosure.anything:
        audit_record(
            actor=actor,
            action="victim.view_identity",
            target=record,
            changes={
                "fields": disclosure.fields(),
                "basis": disclosure.basis,
                "consents": list(disclosure.consent_ids),
            },
        )
    else:
        audit_record(actor=actor, action="victim.view", target=record, changes={"identity": False})
    return view


# -- numbers --------------------------------------------------------------------------------------
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-8", 0, 8),
    ("9-17", 9, 17),
    ("18-20", 18, 20),
    ("21-23", 21, 23),
    ("24-26", 24, 26),
    ("27-29", 27, 29),
    ("30-38", 30, 38),
    ("39-47", 39, 47),
    ("48+", 48, None),
)
UNKNOWN = "unknown"


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return UNKNOWN


@dataclass(frozen=True)
class SupportFigure:
    count: int
    amount_vnd: int


@dataclass(frozen=True)
class VictimNumbers:
    """Distinct persons (a record-linkage helper will later count clusters instead)."""

    received: int
    received_by_channel: dict[str, int]
    identified_as_victims: int
    children: int
    by_sex: dict[str, int]
    by_age_band: dict[str, int]
    by_country_of_exploitation: dict[str, int]
    by_exploitation_type: dict[str, int]
    support_by_measure: dict[str, SupportFigure]
    supported: int
    reintegration_outcomes: dict[str, int]


def _local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    from lachan.victims.deadlines import local_zone

    zone = local_zone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return low, high


def _records_in(
    agency_ids: Collection[uuid.UUID] | None, admin_unit_code: str | None
) -> QuerySet[VictimRecord]:
    qs = VictimRecord.objects.all()
    if agency_ids is not None:
        ids = list(agency_ids)
        qs = qs.filter(Q(receiving_agency_id__in=ids) | Q(owner_agency_id__in=ids))
    if admin_unit_code:
        code = admin_unit_code.strip()
        qs = qs.filter(
            Q(reception_unit__code=code, reception_unit__era=Era.CURRENT)
            | Q(reception_province__code=code, reception_province__era=Era.CURRENT)
        )
    return qs


def _distinct_by(qs: QuerySet[Any], key: str) -> dict[str, int]:
    rows = qs.values(key).annotate(n=Count(canonical_person_expression(), distinct=True))
    rows = rows.order_by(key)
    return {(row[key] or UNKNOWN): row["n"] for row in rows}


def victim_numbers(
    *,
    agency_ids: Collection[uuid.UUID] | None,
    admin_unit_code: str | None,
    start: dt.date,
    end: dt.date,
) -> VictimNumbers:
    """Counts for one set of agencies (receiving or managing; None: all) and place
    (the reception's commune or province code; None: everywhere) over ``start``–``end``
    (local dates, inclusive). Received: receptions in the period. Identified: decisions
    "victim" dated in the period. Support: ledger entries delivered in the period that
    count (within the entitlement or approved). Outcomes: follow-up visits in the
    period. Every figure counts distinct persons, except support counts and amounts."""
    low, high = _local_bounds(start, end)
    base = _records_in(agency_ids, admin_unit_code)
    received = base.filter(received_at__gte=low, received_at__lt=high)
    by_channel = _distinct_by(received, "channel")
    identified = base.filter(status=VictimStatus.VICTIM, decided_on__gte=start, decided_on__lte=end)
    ages: Counter[str] = Counter()
    seen_age: dict[uuid.UUID, int | None] = {}
    for person_id, age in received.order_by("received_at").values_list(
        canonical_person_expression(), "age_at_reception"
    ):
        # the age at the first reception in the period; a merged person counts once
        seen_age.setdefault(person_id, age)
    for age in seen_age.values():
        ages[age_band(age)] += 1
    support = SupportEntry.objects.filter(
        record__in=base,
        delivered_on__gte=start,
        delivered_on__lte=end,
        approval_status__in=COUNTED_APPROVALS,
    )
    by_measure = {
        row["measure"]: SupportFigure(row["n"], row["amount"] or 0)
        for row in support.values("measure")
        .annotate(n=Count("pk"), amount=Sum("amount_vnd"))
        .order_by("measure")
    }
    outcomes: Counter[str] = Counter()
    persons_by_outcome: dict[str, set[uuid.UUID]] = {}
    for person_id, codes in FollowUpVisit.objects.filter(
        record__in=base, visited_on__gte=start, visited_on__lte=end
    ).values_list(canonical_person_expression("record__person_id"), "outcomes"):
        for code in codes:
            persons_by_outcome.setdefault(code, set()).add(person_id)
    for code, persons in persons_by_outcome.items():
        outcomes[code] = len(persons)
    return VictimNumbers(
        received=count_distinct_persons(received),
        received_by_channel={c.value: by_channel.get(c.value, 0) for c in ArrivalChannel},
        identified_as_victims=count_distinct_persons(identified),
        children=count_distinct_persons(received.filter(is_child=True)),
        by_sex=_distinct_by(received, "sex"),
        by_age_band={label: ages[label] for label, _l, _h in AGE_BANDS}
        | ({UNKNOWN: ages[UNKNOWN]} if ages[UNKNOWN] else {}),
        by_country_of_exploitation=_distinct_by(received, "exploitation_country"),
        by_exploitation_type=_distinct_by(received, "exploitation_type"),
        support_by_measure=by_measure,
        supported=count_distinct_persons(support, "record__person_id"),
        reintegration_outcomes=dict(sorted(outcomes.items())),
    )


def victim_numbers_for(
    *, actor: User, admin_unit_code: str | None, start: dt.date, end: dt.date
) -> VictimNumbers:
    """The same, limited to what the actor may count (their agency subtree)."""
    from lachan.core.errors import NotFound

    if not victim_record_policy.may_view_numbers(actor):
        raise NotFound(_("Not found."))
    return victim_numbers(
        agency_ids=victim_record_policy.numbers_agency_ids(actor),
        admin_unit_code=admin_unit_code,
        start=start,
        end=end,
    )


# -- referrals inbox -------------------------------------------------------------------------------
def incoming_referrals(*, actor: User) -> list[Referral]:
    """Referrals sent to the actor's agency that still need an answer or completion."""
    if actor.agency_id is None or not victim_record_policy.has_permission(
        actor, VictimsPermission.REFER
    ):
        return []
    return list(
        Referral.objects.filter(
            to_agency_id=actor.agency_id,
            status__in=(ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED),
        )
        .select_related("record", "from_agency")
        .order_by("created_at")[:100]
    )


def country_label(code: str) -> str:
    return country_name(code) if code else ""


@dataclass(frozen=True)
class CaseVictimRow:
    id: uuid.UUID
    code: str
    status_label: str
    sex_label: str
    is_child: bool


def case_victims(*, actor: User, case_id: Any) -> list[CaseVictimRow]:
    """The victim files linked to a case that the actor reaches: codes only."""
    from lachan.victims.models import VictimCaseLink

    linked = VictimCaseLink.objects.filter(case_id=case_id).values("record_id")
    records = victim_record_policy.scope(actor, VictimRecord.objects.filter(pk__in=linked))
    return [
        CaseVictimRow(r.pk, r.code, str(r.get_status_display()), _sex_label(r.sex), r.is_child)
        for r in records.order_by("received_at")[:200]
    ]

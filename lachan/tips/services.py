"""Writes on tips: registration and every transition of a tip's life.

    received → classified → verifying → decided (prosecute / decline)
                          ↘ transferred          ↘ suspended → resumed (verifying)

Each service takes the acting user first and keyword-only arguments, validates its
input before touching the database, then in one transaction locks the tip, asks the
guard (``transitions.require_transition`` — the same one the pages and the API ask),
writes, recomputes the stored deadline from the rule table, appends a ``TipTransition``
row for the history and records one audit event. A refused call changes nothing and
records nothing. Audit events carry field names and status codes, never tip text,
names or numbers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import TipsPermission
from lachan.access.policies.people import person_policy
from lachan.access.policies.tips import tip_policy
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.networks.store import networks_mark_stale
from lachan.people.countries import is_country_code
from lachan.tips import suggestions
from lachan.tips.attachments import encode_body
from lachan.tips.cleaning import (
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_SHORT_LENGTH,
    MAX_SUMMARY_LENGTH,
    AttachmentInput,
    CleanAttachment,
    CleanIdentifier,
    CleanPlace,
    Errors,
    IdentifierInput,
    PersonMentionInput,
    PlaceInput,
    ReporterInput,
    add,
    clean_attachments,
    clean_choice,
    clean_content,
    clean_date,
    clean_identifiers,
    clean_persons,
    clean_places,
    clean_received_at,
    clean_reporter,
    clean_text,
    fail,
)
from lachan.tips.deadlines import DeadlineRules, TipFacts, compute_deadline, load_rules, local_zone
from lachan.tips.models import (
    ACTIVE_STATUSES,
    DeadlineRule,
    DeadlineRuleCode,
    Decision,
    DurationUnit,
    ExploitationType,
    MessageDirection,
    SuspensionReason,
    Tip,
    TipAttachment,
    TipChannel,
    TipGroup,
    TipIdentifier,
    TipKind,
    TipMessage,
    TipPerson,
    TipPlace,
    TipStatus,
    TipTransition,
)
from lachan.tips.numbering import format_register_number, next_register_seq
from lachan.tips.transitions import Transition, require_transition

__all__ = [
    "AttachmentInput",
    "IdentifierInput",
    "PersonMentionInput",
    "PlaceInput",
    "ReporterInput",
]

MIN_REASON_LENGTH = 10


# -- helpers ----------------------------------------
def facts_of(tip: Tip) -> TipFacts:
    agency = tip.receiving_agency
    return TipFacts(
        status=tip.status,
        received_at=tip.received_at,
        agency_type=agency.agency_type,
        agency_remote=agency.is_remote,
        is_complex=tip.is_complex,
        extension_months=tip.extension_months,
        resumed_at=tip.resumed_at,
    )


def _refresh_deadline(tip: Tip, rules: DeadlineRules | None = None) -> None:
    tip.deadline_at = compute_deadline(facts_of(tip), rules or load_rules())


def _lock(tip: Tip) -> Tip:
    """The tip's current row, locked until the end of the transaction."""
    return (
        Tip.objects.select_for_update(of=("self",))
        .select_related("receiving_agency")
        .get(pk=tip.pk)
    )


def _history(
    tip: Tip, action: str, *, before: str, actor: User | None, note: str = "", at: Any = None
) -> None:
    TipTransition.objects.create(
        tip=tip,
        action=action,
        from_status=before,
        to_status=tip.status,
        actor=actor,
        at=at or timezone.now(),
        note=note,
    )


def _save(tip: Tip, fields: Sequence[str]) -> None:
    tip.save(update_fields=[*dict.fromkeys([*fields, "deadline_at", "updated_at"])])


def _audit(
    actor: User | None, action: str, tip: Tip, before: str, fields: Sequence[str], **codes: Any
) -> None:
    changes: dict[str, Any] = {"from": before, "to": tip.status, "fields": sorted(set(fields))}
    changes.update(codes)
    audit_record(
        actor=actor, action=action, target=tip, changes=changes, agency=tip.receiving_agency
    )


def _clean_reason(field: str, value: str, errors: Errors, *, required: bool = True) -> str:
    text = clean_text(
        field,
        value,
        errors,
        max_length=MAX_NOTE_LENGTH,
        required=required,
        missing=_("Give the reason."),
    )
    if required and text and len(text) < MIN_REASON_LENGTH:
        add(errors, field, _("Write at least %(count)s characters.") % {"count": MIN_REASON_LENGTH})
    return text


# -- registration ----------------------------------------
def _receiving_agency(actor: User | None, receiving_agency: Agency | None) -> Agency:
    """Staff register in their own agency's register; the public intake (no actor)
    names the agency whose register receives the tip."""
    if actor is None:
        if receiving_agency is None or not receiving_agency.is_active:
            raise ValidationFailed(
                _("Choose the agency that receives the tip."),
                fields={"receiving_agency": [_("Choose the agency that receives the tip.")]},
            )
        return receiving_agency
    if not tip_policy.may_register(actor):
        raise PermissionDenied(_("Your role cannot register tips."))
    assert actor.agency is not None  # may_register checked it
    if receiving_agency is not None and receiving_agency.pk != actor.agency_id:
        raise PermissionDenied(_("Tips are entered in your own agency's register."))
    return actor.agency


def tip_register(
    *,
    actor: User | None,
    kind: str,
    channel: str,
    content: str,
    received_at: dt.datetime | None = None,
    receiving_agency: Agency | None = None,
    reporter: ReporterInput | None = None,
    summary: str = "",
    places: Sequence[PlaceInput] = (),
    identifiers: Sequence[IdentifierInput] = (),
    persons: Sequence[PersonMentionInput] = (),
    attachments: Sequence[AttachmentInput] = (),
    urgent: bool = False,
    child_involved: bool = False,
    arrived_at: dt.datetime | None = None,
) -> Tip:
    """Enter a tip in the register and give it the agency's next number.

    Staff (``actor`` a user) register in their own agency's register, with any channel
    and, for a letter or a call taken earlier, the time it was received. The public
    intake calls it with ``actor=None`` and ``receiving_agency`` — the channel must
    then be the public web form and the time of receipt is now, or ``arrived_at``: when
    the public submission was stored (registration from the staging row, decision 0009;
    set by the system, never by a caller's input). ``reporter`` None is an anonymous
    reporter."""
    agency = _receiving_agency(actor, receiving_agency)
    errors: Errors = {}
    clean_choice("kind", kind, TipKind.values, errors)
    clean_choice("channel", channel, TipChannel.values, errors)
    if actor is None:
        if channel != TipChannel.WEB_FORM:
            add(errors, "channel", _("The public intake receives through the web form only."))
        if received_at is not None:
            add(errors, "received_at", _("The time of receipt is set by the system."))
        received_at = arrived_at
    elif channel == TipChannel.TRANSFER:
        add(errors, "channel", _("Transferred tips enter the register by transfer only."))
    when = clean_received_at(received_at, errors)
    text = clean_content(content, errors)
    short = clean_text("summary", summary, errors, max_length=MAX_SUMMARY_LENGTH)
    who = clean_reporter(reporter, errors)
    clean_places_ = clean_places(places, errors)
    clean_ids = clean_identifiers(identifiers, errors)
    linked = [p.person.pk for p in persons if p.person is not None]
    visible: set[object] = set()
    if linked and actor is not None:
        qs = person_policy.scope(actor).filter(pk__in=linked)
        visible = set(qs.values_list("pk", flat=True))
    mentions = clean_persons(persons, errors, visible=visible)
    files = clean_attachments(attachments, errors)
    fail(errors)
    triaged = suggestions.compute(text)

    # No savepoint when nested (the public intake's transaction): any failure here must
    # abort the caller's whole transaction anyway, and a savepoint costs two statements.
    with transaction.atomic(savepoint=False):
        year = when.astimezone(local_zone()).year
        seq = next_register_seq(agency=agency, year=year)
        tip = Tip(
            receiving_agency=agency,
            register_year=year,
            register_seq=seq,
            register_number=format_register_number(seq=seq, year=year, agency=agency),
            kind=kind,
            channel=channel,
            status=TipStatus.RECEIVED,
            received_at=when,
            received_by=actor,
            reporter_anonymous=who.anonymous,
            reporter_name=who.name,
            reporter_phone=who.phone,
            reporter_address=who.address,
            reporter_email=who.email,
            reporter_may_contact=who.may_contact,
            reporter_contact_note=who.contact_note,
            content=text,
            summary=short,
            urgent=urgent,
            child_involved=child_involved,
        )
        _set_primary_place(tip, clean_places_)
        _refresh_deadline(tip)
        tip.save()
        _attach_details(tip, clean_places_, clean_ids, mentions, files, actor=actor)
        _history(tip, "register", before="", actor=actor, at=when)
        suggestions.store(tip, triaged)
        fields = ["kind", "channel", "content", "received_at"]
        fields += [
            name
            for name, value in (
                ("summary", short),
                ("reporter", not who.anonymous),
                ("reporter_contact", who.may_contact or who.contact_note),
                ("places", clean_places_),
                ("identifiers", clean_ids),
                ("persons", mentions),
                ("attachments", files),
                ("urgent", urgent),
                ("child_involved", child_involved),
            )
            if value
        ]
        # A public submission's arrival is audited here, with the registration: the
        # staging row is an inbox entry, not a register record (decision 0009).
        arrival = {"arrived_at": arrived_at.isoformat()} if arrived_at is not None else {}
        _audit(actor, "tip.register", tip, "", fields, kind=kind, channel=channel, **arrival)
    return tip


def _set_primary_place(tip: Tip, places: Sequence[CleanPlace]) -> None:
    if places:
        tip.place, tip.place_province = places[0].admin_unit, places[0].province


def _attach_details(
    tip: Tip,
    places: Sequence[CleanPlace],
    identifiers: Sequence[CleanIdentifier],
    persons: Sequence[PersonMentionInput],
    files: Sequence[CleanAttachment],
    *,
    actor: User | None,
) -> None:
    TipPlace.objects.bulk_create(
        TipPlace(
            tip=tip,
            role=p.role,
            admin_unit=p.admin_unit,
            province=p.province,
            text=p.text,
            matched_legacy=p.matched_legacy,
        )
        for p in places
    )
    TipIdentifier.objects.bulk_create(
        TipIdentifier(tip=tip, kind=i.kind, value=i.value, value_index=i.value_index)
        for i in identifiers
    )
    TipPerson.objects.bulk_create(
        TipPerson(tip=tip, person=p.person, role=p.role, description=p.description) for p in persons
    )
    if identifiers or persons:
        networks_mark_stale()  # the tip links the numbers and persons it mentions
    TipAttachment.objects.bulk_create(
        TipAttachment(
            tip=tip,
            filename=f.filename,
            content_type=f.content_type,
            size=len(f.data),
            data=encode_body(f.data),
            uploaded_by=actor,
        )
        for f in files
    )


def tip_add_attachment(*, actor: User, tip: Tip, attachment: AttachmentInput) -> TipAttachment:
    """Add a file to a tip (whoever may classify or work it)."""
    held = tip_policy.actions_on(actor, tip)
    if TipsPermission.VIEW not in held:
        raise NotFound(_("Not found."))
    if not held & {TipsPermission.CLASSIFY, TipsPermission.WORK}:
        raise PermissionDenied(_("You may not do this on this tip."))
    errors: Errors = {}
    files = clean_attachments([attachment], errors, already=tip.attachments.count())
    fail(errors)
    with transaction.atomic():
        tip = _lock(tip)
        _attach_details(tip, (), (), (), files, actor=actor)
        Tip.objects.filter(pk=tip.pk).update(updated_at=timezone.now())
        created = tip.attachments.order_by("-created_at").first()
        assert created is not None
        audit_record(
            actor=actor,
            action="tip.add_attachment",
            target=tip,
            changes={"attachment": str(created.pk), "content_type": created.content_type},
            agency=tip.receiving_agency,
        )
    return created


# -- classification and assignment ----------------------------------------
def tip_classify(
    *,
    actor: User,
    tip: Tip,
    trafficking_related: bool | None,
    exploitation_type: str = "",
    urgent: bool = False,
    child_involved: bool = False,
    destination_country: str = "",
    kind: str | None = None,
    summary: str | None = None,
) -> Tip:
    """Record (or correct) the classification. The first one moves the tip from
    received to classified; later ones keep its status."""
    errors: Errors = {}
    if kind is not None:
        clean_choice("kind", kind, TipKind.values, errors)
    if exploitation_type:
        clean_choice("exploitation_type", exploitation_type, ExploitationType.values, errors)
        if trafficking_related is False:
            add(
                errors,
                "exploitation_type",
                _("A tip not related to trafficking has no type of exploitation."),
            )
    country = (destination_country or "").strip().upper()
    if country and not is_country_code(country):
        add(errors, "destination_country", _("Choose a country from the list."))
    short = (
        None
        if summary is None
        else clean_text("summary", summary, errors, max_length=MAX_SUMMARY_LENGTH)
    )
    fail(errors)

    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.CLASSIFY)
        before = tip.status
        new: dict[str, Any] = {
            "trafficking_related": trafficking_related,
            "exploitation_type": exploitation_type,
            "urgent": urgent,
            "child_involved": child_involved,
            "destination_country": country,
        }
        if kind is not None:
            new["kind"] = kind
        if short is not None:
            new["summary"] = short
        changed = [name for name, value in new.items() if getattr(tip, name) != value]
        for name in changed:
            setattr(tip, name, new[name])
        if tip.status == TipStatus.RECEIVED:
            tip.status = TipStatus.CLASSIFIED
            tip.classified_at = timezone.now()
            changed += ["status", "classified_at"]
        _refresh_deadline(tip)
        _save(tip, changed)
        _history(tip, "classify", before=before, actor=actor)
        suggestions.record_correction(
            tip, {name: getattr(tip, name) for name in suggestions.COMPARED}
        )
        _audit(actor, "tip.classify", tip, before, changed)
    return tip


def tip_assign(*, actor: User, tip: Tip, assignee: User) -> Tip:
    """A supervisor assigns (or reassigns) the tip to an officer of their agency or
    one below it."""
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.ASSIGN)
        allowed = User.objects.filter(tip_policy.assignable_users_q(actor), pk=assignee.pk)
        if not allowed.exists():
            raise ValidationFailed(
                _("Please correct the errors below."),
                fields={"assignee": [_("Choose an officer of your agency who works tips.")]},
            )
        if tip.assignee_id == assignee.pk:
            return tip
        before = tip.status
        previous = tip.assignee_id
        tip.assignee, tip.assigned_at = assignee, timezone.now()
        _save(tip, ["assignee", "assigned_at"])
        _history(tip, "assign", before=before, actor=actor)
        _audit(
            actor,
            "tip.assign",
            tip,
            before,
            ["assignee"],
            assignee=str(assignee.pk),
            previous=str(previous) if previous else "",
        )
    return tip


# -- verification and the clock ----------------------------------------
def tip_start_verification(*, actor: User, tip: Tip) -> Tip:
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.VERIFY)
        before = tip.status
        tip.status = TipStatus.VERIFYING
        tip.verification_started_at = timezone.now()
        _refresh_deadline(tip)
        _save(tip, ["status", "verification_started_at"])
        _history(tip, "verify", before=before, actor=actor)
        _audit(actor, "tip.verify", tip, before, ["status"])
    return tip


def tip_mark_complex(*, actor: User, tip: Tip, reason: str) -> Tip:
    """Complex (many circumstances, several places to verify): up to 2 months."""
    errors: Errors = {}
    text = _clean_reason("reason", reason, errors)
    fail(errors)
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.MARK_COMPLEX)
        before = tip.status
        tip.is_complex, tip.complex_reason = True, text
        tip.complex_marked_at = timezone.now()
        _refresh_deadline(tip)
        _save(tip, ["is_complex", "complex_reason", "complex_marked_at"])
        _history(tip, "mark_complex", before=before, actor=actor, note=text)
        _audit(actor, "tip.mark_complex", tip, before, ["is_complex", "complex_reason"])
    return tip


def tip_extend(
    *,
    actor: User,
    tip: Tip,
    decision_number: str,
    decision_date: dt.date | None,
    months: int,
) -> Tip:
    """Record the procuracy's one extension (decision number and date, at most the
    months the rule table allows)."""
    rules = load_rules()
    errors: Errors = {}
    number = clean_text(
        "decision_number",
        decision_number,
        errors,
        max_length=MAX_SHORT_LENGTH,
        required=True,
        missing=_("Enter the number of the procuracy's decision."),
        multiline=False,
    )
    if decision_date is None:
        add(errors, "decision_date", _("Enter the date of the procuracy's decision."))
    limit = rules.max_extension_months
    if not 1 <= months <= limit:
        add(errors, "months", _("An extension is 1 to %(count)s months.") % {"count": limit})
    fail(errors)
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.EXTEND)
        clean_date("decision_date", decision_date, errors, not_before=_received_day(tip))
        fail(errors)
        before = tip.status
        tip.extension_decision_number, tip.extension_decision_date = number, decision_date
        tip.extension_months, tip.extended_at = months, timezone.now()
        _refresh_deadline(tip, rules)
        _save(
            tip,
            [
                "extension_decision_number",
                "extension_decision_date",
                "extension_months",
                "extended_at",
            ],
        )
        _history(tip, "extend", before=before, actor=actor)
        _audit(actor, "tip.extend", tip, before, ["extension"], months=months)
    return tip


def _received_day(tip: Tip) -> dt.date:
    return tip.received_at.astimezone(local_zone()).date()


# -- outcomes ----------------------------------------
def _resolve(tip: Tip, status: str) -> None:
    now = timezone.now()
    tip.resolved_deadline_at = tip.deadline_at
    tip.resolved_at = now
    tip.status = status


def tip_decide(
    *,
    actor: User,
    tip: Tip,
    decision: str,
    decision_date: dt.date | None = None,
    decision_number: str = "",
    case_number: str = "",
    case_id: uuid.UUID | None = None,
    decline_reason: str = "",
) -> Tip:
    """Prosecute (with the case opened or joined) or decline (with the reason)."""
    errors: Errors = {}
    clean_choice("decision", decision, Decision.values, errors)
    number = clean_text(
        "decision_number", decision_number, errors, max_length=MAX_SHORT_LENGTH, multiline=False
    )
    case = clean_text(
        "case_number", case_number, errors, max_length=MAX_SHORT_LENGTH, multiline=False
    )
    reason = ""
    if decision == Decision.PROSECUTE and not case:
        add(errors, "case_number", _("Enter the number of the case opened or joined."))
    if decision == Decision.DECLINE:
        reason = _clean_reason("decline_reason", decline_reason, errors)
    fail(errors)
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.DECIDE)
        day = clean_date("decision_date", decision_date, errors, not_before=_received_day(tip))
        fail(errors)
        before = tip.status
        tip.decision, tip.decision_number, tip.decision_date = decision, number, day
        tip.decided_at = timezone.now()
        tip.case_number = case if decision == Decision.PROSECUTE else ""
        tip.case_id = case_id if decision == Decision.PROSECUTE else None
        tip.decline_reason = reason
        _resolve(tip, TipStatus.DECIDED)
        _refresh_deadline(tip)
        _save(
            tip,
            [
                "decision",
                "decision_number",
                "decision_date",
                "decided_at",
                "case_number",
                "case_id",
                "decline_reason",
                "status",
                "resolved_at",
                "resolved_deadline_at",
            ],
        )
        _history(tip, "decide", before=before, actor=actor, note=reason)
        fields = ["decision", "decision_date"] + [
            name
            for name, value in (
                ("decision_number", number),
                ("case_number", case),
                ("decline_reason", reason),
            )
            if value
        ]
        _audit(actor, "tip.decide", tip, before, fields, decision=decision)
    return tip


def tip_suspend(*, actor: User, tip: Tip, reason: str, note: str = "") -> Tip:
    """Suspend after the deadline has passed, for one of the lawful reasons."""
    errors: Errors = {}
    clean_choice("reason", reason, SuspensionReason.values, errors)
    text = clean_text("note", note, errors, max_length=MAX_NOTE_LENGTH)
    fail(errors)
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.SUSPEND)
        before = tip.status
        tip.status, tip.suspension_reason, tip.suspension_note = TipStatus.SUSPENDED, reason, text
        tip.suspended_at = timezone.now()
        _refresh_deadline(tip)
        _save(tip, ["status", "suspension_reason", "suspension_note", "suspended_at"])
        _history(tip, "suspend", before=before, actor=actor, note=text)
        _audit(actor, "tip.suspend", tip, before, ["status", "suspension_reason"], reason=reason)
    return tip


def tip_resume(*, actor: User, tip: Tip, note: str = "") -> Tip:
    """Resume a suspended tip: verification goes on, with one month left."""
    errors: Errors = {}
    text = clean_text("note", note, errors, max_length=MAX_NOTE_LENGTH)
    fail(errors)
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.RESUME)
        before = tip.status
        tip.status, tip.resumed_at = TipStatus.VERIFYING, timezone.now()
        _refresh_deadline(tip)
        _save(tip, ["status", "resumed_at"])
        _history(tip, "resume", before=before, actor=actor, note=text)
        _audit(actor, "tip.resume", tip, before, ["status", "resumed_at"])
    return tip


def tip_transfer(*, actor: User, tip: Tip, to_agency: Agency, note: str = "") -> Tip:
    """Transfer to the competent agency. The tip is resolved here ("transferred") and
    entered in the receiving agency's register under its own number, channel
    "transfer", received now. Returns the receiving agency's tip."""
    errors: Errors = {}
    text = clean_text("note", note, errors, max_length=MAX_NOTE_LENGTH)
    if not to_agency.is_active:
        add(errors, "to_agency", _("Choose an active agency."))
    fail(errors)
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.TRANSFER)
        if to_agency.pk == tip.receiving_agency_id:
            raise ValidationFailed(
                _("Please correct the errors below."),
                fields={"to_agency": [_("Choose another agency than the one holding the tip.")]},
            )
        before = tip.status
        tip.transferred_to, tip.transferred_at = to_agency, timezone.now()
        _resolve(tip, TipStatus.TRANSFERRED)
        _refresh_deadline(tip)
        _save(
            tip,
            ["status", "transferred_to", "transferred_at", "resolved_at", "resolved_deadline_at"],
        )
        _history(tip, "transfer", before=before, actor=actor, note=text)
        _audit(
            actor,
            "tip.transfer",
            tip,
            before,
            ["status", "transferred_to"],
            to_agency=str(to_agency.pk),
        )
        copy = _copy_to(tip, to_agency, actor=actor)
    return copy


def _copy_to(tip: Tip, agency: Agency, *, actor: User) -> Tip:
    now = timezone.now()
    year = now.astimezone(local_zone()).year
    seq = next_register_seq(agency=agency, year=year)
    copied = [
        "kind", "reporter_anonymous", "reporter_name", "reporter_phone", "reporter_address",
        "reporter_email", "reporter_may_contact", "reporter_contact_note", "content", "summary",
        "place", "place_province", "trafficking_related", "exploitation_type", "urgent",
        "child_involved", "destination_country",
    ]  # fmt: skip
    new = Tip(
        receiving_agency=agency,
        register_year=year,
        register_seq=seq,
        register_number=format_register_number(seq=seq, year=year, agency=agency),
        channel=TipChannel.TRANSFER,
        status=TipStatus.RECEIVED,
        received_at=now,
        transferred_from=tip,
        **{name: getattr(tip, name) for name in copied},
    )
    _refresh_deadline(new)
    new.save()
    TipPlace.objects.bulk_create(
        TipPlace(
            tip=new,
            role=p.role,
            admin_unit_id=p.admin_unit_id,
            province_id=p.province_id,
            text=p.text,
            matched_legacy_id=p.matched_legacy_id,
        )
        for p in tip.places.all()
    )
    TipIdentifier.objects.bulk_create(
        TipIdentifier(tip=new, kind=i.kind, value=i.value, value_index=i.value_index)
        for i in tip.identifiers.all()
    )
    TipPerson.objects.bulk_create(
        TipPerson(tip=new, person_id=p.person_id, role=p.role, description=p.description)
        for p in tip.persons.all()
    )
    networks_mark_stale()  # the copy carries the same links (a no-op build when it has none)
    TipAttachment.objects.bulk_create(
        TipAttachment(
            tip=new,
            filename=a.filename,
            content_type=a.content_type,
            size=a.size,
            data=a.data,
            uploaded_by_id=a.uploaded_by_id,
        )
        for a in tip.attachments.all()
    )
    suggestions.copy(tip, new)  # same text, same spans: the receiving agency sees them too
    _history(new, "register", before="", actor=actor, at=now)
    _audit(
        actor,
        "tip.register",
        new,
        "",
        ["transferred_from"],
        kind=new.kind,
        channel=TipChannel.TRANSFER,
        transferred_from=str(tip.pk),
    )
    return new


# -- messages and groups ----------------------------------------
def _clean_body(body: str) -> str:
    errors: Errors = {}
    text = clean_text(
        "body",
        body,
        errors,
        max_length=MAX_MESSAGE_LENGTH,
        required=True,
        missing=_("Write the message."),
    )
    fail(errors)
    return text


def tip_message_to_reporter(*, actor: User, tip: Tip, body: str) -> TipMessage:
    """A message the reporter reads on the follow-up page (with their receipt)."""
    return _message_record(actor=actor, tip=tip, body=body, direction=MessageDirection.TO_REPORTER)


def tip_message_from_reporter(*, tip: Tip, body: str, actor: User | None = None) -> TipMessage:
    """A message from the reporter: sent on the public follow-up page (``actor`` None —
    the caller has checked the receipt), or noted by an officer who works the tip
    (e.g. the reporter called back)."""
    return _message_record(
        actor=actor, tip=tip, body=body, direction=MessageDirection.FROM_REPORTER
    )


def _message_record(
    *, actor: User | None, tip: Tip, body: str, direction: MessageDirection
) -> TipMessage:
    """Store one message either way, audited. Only the reporter's own message (through
    a checked receipt) comes without an actor; staff must be allowed to message."""
    text = _clean_body(body)
    with transaction.atomic():
        tip = _lock(tip)
        if actor is not None:
            require_transition(actor, tip, Transition.MESSAGE)
        message = TipMessage.objects.create(tip=tip, direction=direction, body=text, author=actor)
        Tip.objects.filter(pk=tip.pk).update(updated_at=timezone.now())
        audit_record(
            actor=actor,
            action="tip.message",
            target=tip,
            changes={"direction": direction, "message": str(message.pk)},
            agency=tip.receiving_agency,
        )
    return message


def tip_group(*, actor: User, tip: Tip, other: Tip) -> TipGroup:
    """Group two similar tips (and the groups they are already in), so that one
    verification answers them all. The actor works ``tip`` and sees ``other``."""
    if other.pk == tip.pk:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={"other": [_("Choose another tip.")]},
        )
    with transaction.atomic():
        tip = _lock(tip)
        require_transition(actor, tip, Transition.GROUP)
        other = tip_policy.get(actor, other.pk, Tip.objects.select_for_update(of=("self",)))
        if tip.group_id is not None and tip.group_id == other.group_id:
            raise ValidationFailed(
                _("Please correct the errors below."),
                fields={"other": [_("These tips are already in one group.")]},
            )
        group = tip.group or other.group or TipGroup.objects.create(created_by=actor)
        members = {tip.pk, other.pk}
        for old in {tip.group_id, other.group_id} - {None, group.pk}:
            members |= set(Tip.objects.filter(group_id=old).values_list("pk", flat=True))
        moved = list(
            Tip.objects.filter(pk__in=members)
            .exclude(group=group)
            .select_related("receiving_agency")
        )
        Tip.objects.filter(pk__in=[t.pk for t in moved]).update(
            group=group, updated_at=timezone.now()
        )
        for member in moved:
            _history(member, "group", before=member.status, actor=actor)
        audit_record(
            actor=actor,
            action="tip.group",
            target=tip,
            changes={"group": str(group.pk), "tips": sorted(str(t.pk) for t in moved)},
            agency=tip.receiving_agency,
        )
    return group


# -- the rule table ----------------------------------------
_UNITS_FOR = {
    DeadlineRuleCode.DECISION: (DurationUnit.DAYS, DurationUnit.MONTHS),
    DeadlineRuleCode.COMPLEX: (DurationUnit.DAYS, DurationUnit.MONTHS),
    DeadlineRuleCode.RESUMED: (DurationUnit.DAYS, DurationUnit.MONTHS),
    DeadlineRuleCode.EXTENSION: (DurationUnit.MONTHS,),
    DeadlineRuleCode.TRANSFER: (DurationUnit.HOURS,),
    DeadlineRuleCode.TRANSFER_REMOTE: (DurationUnit.HOURS,),
}
MAX_RULE_AMOUNT = {DurationUnit.HOURS: 24 * 30, DurationUnit.DAYS: 366, DurationUnit.MONTHS: 24}


def deadline_rule_update(
    *,
    actor: User,
    code: str,
    amount: int,
    unit: str | None = None,
    roll_to_working_day: bool | None = None,
    legal_basis: str | None = None,
) -> DeadlineRule:
    """Change one legal time limit (system administrators only, e.g. when the law
    changes). Open tips get their stored deadline recomputed by a background task."""
    if not tip_policy.may_manage_deadline_rules(actor):
        raise NotFound(_("Not found."))
    rule = DeadlineRule.objects.filter(code=code).first()
    if rule is None:
        raise NotFound(_("Not found."))
    errors: Errors = {}
    unit = unit or rule.unit
    if unit not in _UNITS_FOR[DeadlineRuleCode(code)]:
        add(errors, "unit", _("This rule cannot be counted in this unit."))
    elif not 1 <= amount <= MAX_RULE_AMOUNT[DurationUnit(unit)]:
        add(
            errors,
            "amount",
            _("Enter a duration between 1 and %(count)s.")
            % {"count": MAX_RULE_AMOUNT[DurationUnit(unit)]},
        )
    basis = (
        rule.legal_basis
        if legal_basis is None
        else clean_text("legal_basis", legal_basis, errors, max_length=200, multiline=False)
    )
    fail(errors)
    new = {
        "amount": amount,
        "unit": unit,
        "roll_to_working_day": (
            rule.roll_to_working_day if roll_to_working_day is None else roll_to_working_day
        ),
        "legal_basis": basis,
    }
    changed = sorted(name for name, value in new.items() if getattr(rule, name) != value)
    if not changed:
        return rule
    with transaction.atomic():
        for name in changed:
            setattr(rule, name, new[name])
        rule.updated_by = actor
        rule.save(update_fields=[*changed, "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="tip.deadline_rule_update",
            target=rule,
            changes={"code": code, "fields": changed},
        )
        transaction.on_commit(_enqueue_recompute)
    return rule


def _enqueue_recompute() -> None:
    from lachan.tips.tasks import recompute_open_deadlines

    recompute_open_deadlines.enqueue()


def recompute_deadlines(*, batch_size: int = 500) -> int:
    """Recompute the stored deadline of every tip whose clock runs (after a rule
    change); returns how many changed. Idempotent; keyset batches, one transaction
    each. A system job, not audited per tip (the rule change is)."""
    rules = load_rules()
    changed, last = 0, None
    base = Tip.objects.filter(status__in=ACTIVE_STATUSES).select_related("receiving_agency")
    while True:
        page = base if last is None else base.filter(pk__gt=last)
        tips = list(
            page.order_by("pk").only(
                "pk",
                "status",
                "received_at",
                "is_complex",
                "extension_months",
                "resumed_at",
                "deadline_at",
                "receiving_agency__agency_type",
                "receiving_agency__is_remote",
            )[:batch_size]
        )
        if not tips:
            return changed
        with transaction.atomic():
            for tip in tips:
                deadline = compute_deadline(facts_of(tip), rules)
                if deadline != tip.deadline_at:
                    Tip.objects.filter(pk=tip.pk).update(deadline_at=deadline)
                    changed += 1
        last = tips[-1].pk

"""Writes on prevention work: activities (quick entry, edit, spreadsheet import), contest
teams, training participants, attachments, community models with reviews and
replications.

Each service takes the acting user first and keyword-only arguments, asks the policy,
validates everything before writing, writes in one transaction and records one audit
event naming fields and codes (activities hold no personal data, but attachments may
show faces: they are encrypted and never named in the trail). An import is all or
nothing: every row is validated first; a single bad row rejects the file with the list
of errors by row and column, and nothing is written."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import PreventionPermission
from lachan.access.policies.prevention import activity_policy, community_model_policy
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, ValidationFailed
from lachan.geo.models import AdminUnit, Era, Level
from lachan.prevention.models import (
    Activity,
    ActivityAttachment,
    ActivityFormat,
    ActivityKind,
    CommunityModel,
    ContestTeam,
    ModelReview,
    ReviewRating,
    TargetGroup,
    TrainingParticipation,
    encode_groups,
)
from lachan.tips.attachments import encode_body
from lachan.tips.cleaning import AttachmentInput, Errors, add, clean_attachments, clean_text, fail

EARLIEST = dt.date(2000, 1, 1)
MAX_TITLE = 300
MAX_PARTNERS = 500
MAX_LONG_TEXT = 5_000
MAX_SESSIONS = 100_000
MAX_ATTENDEES = 10_000_000
MAX_BUDGET = 10**13  # ten thousand billion VND
MAX_ATTACHMENTS = 20
MAX_IMPORT_ROWS = 5_000


@dataclass
class ActivityInput:
    kind: str
    title: str
    start_date: dt.date | None
    admin_unit: AdminUnit | None
    format: str
    sessions: int | None = 1
    attendees: int | None = 0
    end_date: dt.date | None = None
    target_groups: Sequence[str] = ()
    partners: str = ""
    budget_vnd: int | None = None
    materials: str = ""
    lessons_learned: str = ""
    community_model: CommunityModel | None = None


def _number(
    name: str, value: int | None, errors: Errors, *, minimum: int, maximum: int, required: bool
) -> int | None:
    if value is None:
        if required:
            add(errors, name, _("Enter a number."))
        return None
    if value < minimum or value > maximum:
        add(
            errors,
            name,
            _("Enter a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum},
        )
    return value


def clean_activity(actor: User, data: ActivityInput, errors: Errors) -> dict[str, Any]:
    """The model fields of a valid activity; errors (field → messages) otherwise."""
    if data.kind not in ActivityKind.values:
        add(errors, "kind", _("Choose a kind of activity from the list."))
    if data.format not in ActivityFormat.values:
        add(errors, "format", _("Choose a format from the list."))
    title = clean_text(
        "title",
        data.title,
        errors,
        max_length=MAX_TITLE,
        required=True,
        missing=_("Write what the activity was."),
        multiline=False,
    )
    today = timezone.localdate()
    start, end = data.start_date, data.end_date or data.start_date
    if start is None:
        add(errors, "start_date", _("Enter the date it took place (dd/mm/yyyy)."))
    elif start > today:
        add(errors, "start_date", _("Record an activity once it has taken place."))
    elif start < EARLIEST:
        add(errors, "start_date", _("The date is too far in the past."))
    if start and end and end < start:
        add(errors, "end_date", _("The end date is before the start date."))
    elif end and end > today:
        add(errors, "end_date", _("Record an activity once it has taken place."))
    unit = data.admin_unit
    if unit is None:
        add(errors, "admin_unit", _("Choose the place (province, and commune if known)."))
    elif unit.era != Era.CURRENT or unit.level == Level.DISTRICT:
        add(errors, "admin_unit", _("Choose a current province or commune."))
    groups = list(dict.fromkeys(data.target_groups))
    if any(g not in TargetGroup.values for g in groups):
        add(errors, "target_groups", _("Choose target groups from the list."))
    sessions = _number(
        "sessions", data.sessions, errors, minimum=1, maximum=MAX_SESSIONS, required=True
    )
    attendees = _number(
        "attendees", data.attendees, errors, minimum=0, maximum=MAX_ATTENDEES, required=True
    )
    budget = _number(
        "budget_vnd", data.budget_vnd, errors, minimum=0, maximum=MAX_BUDGET, required=False
    )
    partners = clean_text(
        "partners", data.partners, errors, max_length=MAX_PARTNERS, multiline=False
    )
    materials = clean_text("materials", data.materials, errors, max_length=MAX_LONG_TEXT)
    lessons = clean_text("lessons_learned", data.lessons_learned, errors, max_length=MAX_LONG_TEXT)
    model = data.community_model
    if model is not None and not community_model_policy.can(
        actor, PreventionPermission.VIEW, model
    ):
        add(errors, "community_model", _("Choose a community model from the list."))
    province = None
    if unit is not None and "admin_unit" not in errors:
        province = unit if unit.level == Level.PROVINCE else unit.province
    return {
        "kind": data.kind,
        "title": title,
        "start_date": start,
        "end_date": end,
        "admin_unit": unit,
        "province": province,
        "format": data.format,
        "target_groups": encode_groups(groups),
        "sessions": sessions,
        "attendees": attendees,
        "budget_vnd": budget,
        "partners": partners,
        "materials": materials,
        "lessons_learned": lessons,
        "community_model": model,
    }


def _require_recorder(actor: User) -> Agency:
    if not activity_policy.may_record(actor):
        raise NotFound(_("Not found."))
    assert actor.agency is not None
    return actor.agency


def _filled(values: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in values.items() if value not in (None, "", 0))


def activity_record(*, actor: User, data: ActivityInput) -> Activity:
    """Record an activity of the actor's agency (the quick entry form and the API)."""
    agency = _require_recorder(actor)
    errors: Errors = {}
    values = clean_activity(actor, data, errors)
    fail(errors)
    with transaction.atomic():
        activity = Activity.objects.create(organiser=agency, recorded_by=actor, **values)
        audit_record(
            actor=actor,
            action="prevention.activity_record",
            target=activity,
            changes={"fields": _filled(values), "kind": activity.kind},
        )
    return activity


def activity_update(*, actor: User, activity: Activity, data: ActivityInput) -> Activity:
    activity_policy.require(actor, PreventionPermission.RECORD, activity)
    errors: Errors = {}
    values = clean_activity(actor, data, errors)
    fail(errors)
    changed = sorted(
        name
        for name, value in values.items()
        if name != "province" and getattr(activity, name) != value
    )
    if not changed:
        return activity
    with transaction.atomic():
        for name, value in values.items():
            setattr(activity, name, value)
        activity.save()
        audit_record(
            actor=actor,
            action="prevention.activity_update",
            target=activity,
            changes={"fields": changed},
        )
    return activity


# -- import ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number, as the user sees it
    column: str  # the column's header
    message: str


class ImportRejected(ValidationFailed):
    """The file was refused; ``row_errors`` lists every problem found."""

    code = "import_rejected"

    def __init__(self, message: Any, *, row_errors: Sequence[RowError]) -> None:
        fields: dict[str, list[str]] = {}
        for e in row_errors:
            fields.setdefault(f"row {e.row}" + (f" · {e.column}" if e.column else ""), []).append(
                e.message
            )
        super().__init__(message, fields=fields)
        self.row_errors = list(row_errors)


@dataclass(frozen=True)
class ImportResult:
    batch: uuid.UUID
    created: int
    activities: list[Activity] = field(default_factory=list)


def activities_import(*, actor: User, content: bytes, filename: str = "") -> ImportResult:
    """Import the activities of a filled-in template (``spreadsheet.template``) for the
    actor's agency: all rows or none."""
    from lachan.prevention import spreadsheet

    agency = _require_recorder(actor)
    parsed = spreadsheet.read_rows(content)  # raises ImportRejected for a wrong file
    if len(parsed) > MAX_IMPORT_ROWS:
        raise ImportRejected(
            _("The file has too many rows (at most %(count)s).") % {"count": MAX_IMPORT_ROWS},
            row_errors=[],
        )
    row_errors: list[RowError] = []
    cleaned: list[dict[str, Any]] = []
    for row in parsed:
        errors: Errors = {}
        values = clean_activity(actor, row.data, errors)
        # A cell that could not be read says so, instead of "missing".
        for name, messages in {**errors, **row.errors}.items():
            for message in messages:
                row_errors.append(
                    RowError(row.number, spreadsheet.column_header(name), str(message))
                )
        cleaned.append(values)
    if not parsed:
        raise ImportRejected(_("The file has no activity rows."), row_errors=[])
    if row_errors:
        row_errors.sort(key=lambda e: (e.row, spreadsheet.column_order(e.column)))
        raise ImportRejected(
            _("Nothing was imported: %(count)s errors in the file. Correct them and send it again.")
            % {"count": len(row_errors)},
            row_errors=row_errors,
        )
    batch = uuid.uuid4()
    with transaction.atomic():
        created = Activity.objects.bulk_create(
            [
                Activity(organiser=agency, recorded_by=actor, import_batch=batch, **values)
                for values in cleaned
            ]
        )
        audit_record(
            actor=actor,
            action="prevention.activity_import",
            object_type="prevention.activity",
            object_id=str(batch),
            changes={"rows": len(created), "batch": str(batch)},
        )
    return ImportResult(batch=batch, created=len(created), activities=created)


# -- details of some kinds ------------------------------------------------------------------
def _score(name: str, value: Decimal | float | str | None, errors: Errors) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        add(errors, name, _("Enter a score from 0 to 100."))
        return None
    if score < 0 or score > 100:
        add(errors, name, _("Enter a score from 0 to 100."))
    return score


def contest_team_add(
    *,
    actor: User,
    activity: Activity,
    name: str,
    members: int = 0,
    result: str = "",
    rank: int | None = None,
) -> ContestTeam:
    activity_policy.require(actor, PreventionPermission.RECORD, activity)
    errors: Errors = {}
    if activity.kind != ActivityKind.CONTEST:
        add(errors, "name", _("Teams belong to contests."))
    team_name = clean_text("name", name, errors, max_length=200, required=True, multiline=False)
    _number("members", members, errors, minimum=0, maximum=1000, required=True)
    text = clean_text("result", result, errors, max_length=200, multiline=False)
    if rank is not None:
        _number("rank", rank, errors, minimum=1, maximum=1000, required=False)
    fail(errors)
    with transaction.atomic():
        team = ContestTeam.objects.create(
            activity=activity, name=team_name, members=members, result=text, rank=rank
        )
        audit_record(
            actor=actor,
            action="prevention.contest_team_add",
            target=activity,
            changes={"team": str(team.pk)},
        )
    return team


def training_participation_add(
    *,
    actor: User,
    activity: Activity,
    participants: int,
    agency: Agency | None = None,
    agency_name: str = "",
    pre_test_score: Decimal | float | str | None = None,
    post_test_score: Decimal | float | str | None = None,
) -> TrainingParticipation:
    activity_policy.require(actor, PreventionPermission.RECORD, activity)
    errors: Errors = {}
    if activity.kind != ActivityKind.TRAINING:
        add(errors, "participants", _("Participants by agency belong to training courses."))
    name = agency.name if agency is not None else agency_name
    name = clean_text(
        "agency_name",
        name,
        errors,
        max_length=200,
        required=True,
        missing=_("Name the participants' agency."),
        multiline=False,
    )
    _number("participants", participants, errors, minimum=1, maximum=100_000, required=True)
    pre = _score("pre_test_score", pre_test_score, errors)
    post = _score("post_test_score", post_test_score, errors)
    fail(errors)
    with transaction.atomic():
        row = TrainingParticipation.objects.create(
            activity=activity,
            agency=agency,
            agency_name=name,
            participants=participants,
            pre_test_score=pre,
            post_test_score=post,
        )
        audit_record(
            actor=actor,
            action="prevention.training_participation_add",
            target=activity,
            changes={"participation": str(row.pk), "scores": pre is not None or post is not None},
        )
    return row


def activity_attachment_add(
    *, actor: User, activity: Activity, attachment: AttachmentInput
) -> ActivityAttachment:
    """A photo or document, checked by its bytes and stored encrypted (as a tip's)."""
    activity_policy.require(actor, PreventionPermission.RECORD, activity)
    errors: Errors = {}
    if activity.attachments.count() >= MAX_ATTACHMENTS:
        add(
            errors,
            "attachments.0",
            _("At most %(count)s files per activity.") % {"count": MAX_ATTACHMENTS},
        )
        fail(errors)
    files = clean_attachments([attachment], errors)
    fail(errors)
    clean = files[0]
    with transaction.atomic():
        stored = ActivityAttachment.objects.create(
            activity=activity,
            filename=clean.filename,
            content_type=clean.content_type,
            size=len(clean.data),
            data=encode_body(clean.data),
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action="prevention.attachment_add",
            target=activity,
            changes={"attachment": str(stored.pk), "content_type": clean.content_type},
        )
    return stored


# -- community models ---------------------------------------------------------------------------
def _clean_model_place(unit: AdminUnit | None, errors: Errors) -> AdminUnit | None:
    if unit is None:
        add(errors, "admin_unit", _("Choose the place (province, and commune if known)."))
        return None
    if unit.era != Era.CURRENT or unit.level == Level.DISTRICT:
        add(errors, "admin_unit", _("Choose a current province or commune."))
        return None
    return unit if unit.level == Level.PROVINCE else unit.province


def _clean_day(name: str, value: dt.date | None, errors: Errors) -> dt.date | None:
    if value is None:
        add(errors, name, _("Enter a date (dd/mm/yyyy)."))
    elif value > timezone.localdate():
        add(errors, name, _("The date is in the future."))
    elif value < EARLIEST:
        add(errors, name, _("The date is too far in the past."))
    return value


def community_model_create(
    *,
    actor: User,
    name: str,
    admin_unit: AdminUnit | None,
    started_on: dt.date | None,
    description: str = "",
    households_reached: int = 0,
    people_reached: int = 0,
    replicated_from: CommunityModel | None = None,
) -> CommunityModel:
    agency = _require_recorder(actor)
    errors: Errors = {}
    title = clean_text(
        "name",
        name,
        errors,
        max_length=200,
        required=True,
        missing=_("Name the model."),
        multiline=False,
    )
    text = clean_text("description", description, errors, max_length=MAX_LONG_TEXT)
    province = _clean_model_place(admin_unit, errors)
    _clean_day("started_on", started_on, errors)
    _number(
        "households_reached", households_reached, errors, minimum=0, maximum=10**7, required=True
    )
    _number("people_reached", people_reached, errors, minimum=0, maximum=10**8, required=True)
    if replicated_from is not None and not community_model_policy.can(
        actor, PreventionPermission.VIEW, replicated_from
    ):
        raise NotFound(_("Not found."))
    fail(errors)
    assert admin_unit is not None and province is not None and started_on is not None
    with transaction.atomic():
        model = CommunityModel.objects.create(
            name=title,
            description=text,
            admin_unit=admin_unit,
            province=province,
            owner_agency=agency,
            started_on=started_on,
            households_reached=households_reached,
            people_reached=people_reached,
            replicated_from=replicated_from,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="prevention.model_replicate" if replicated_from else "prevention.model_create",
            target=model,
            changes={"replicated_from": str(replicated_from.pk)} if replicated_from else {},
        )
    return model


def community_model_replicate(
    *,
    actor: User,
    model: CommunityModel,
    admin_unit: AdminUnit | None,
    started_on: dt.date | None,
    name: str = "",
) -> CommunityModel:
    """The model taken up elsewhere: a model of its own, linked to where it came from."""
    if not community_model_policy.can(actor, PreventionPermission.VIEW, model):
        raise NotFound(_("Not found."))
    return community_model_create(
        actor=actor,
        name=name or model.name,
        admin_unit=admin_unit,
        started_on=started_on,
        description=model.description,
        replicated_from=model,
    )


def community_model_review(
    *,
    actor: User,
    model: CommunityModel,
    reviewed_on: dt.date | None,
    rating: str,
    households_reached: int = 0,
    people_reached: int = 0,
    findings: str = "",
) -> ModelReview:
    """A periodic review: the model's reach becomes the reviewed figures."""
    community_model_policy.require(actor, PreventionPermission.RECORD, model)
    errors: Errors = {}
    _clean_day("reviewed_on", reviewed_on, errors)
    if reviewed_on is not None and reviewed_on < model.started_on:
        add(errors, "reviewed_on", _("The review is before the model started."))
    if rating not in ReviewRating.values:
        add(errors, "rating", _("Choose a value from the list."))
    _number(
        "households_reached", households_reached, errors, minimum=0, maximum=10**7, required=True
    )
    _number("people_reached", people_reached, errors, minimum=0, maximum=10**8, required=True)
    text = clean_text("findings", findings, errors, max_length=MAX_LONG_TEXT)
    fail(errors)
    assert reviewed_on is not None
    with transaction.atomic():
        review = ModelReview.objects.create(
            model=model,
            reviewed_on=reviewed_on,
            rating=rating,
            households_reached=households_reached,
            people_reached=people_reached,
            findings=text,
            reviewed_by=actor,
        )
        latest = model.reviews.order_by("-reviewed_on", "-created_at").first()
        if latest is not None and latest.pk == review.pk:
            model.households_reached = households_reached
            model.people_reached = people_reached
            model.save(update_fields=["households_reached", "people_reached", "updated_at"])
        audit_record(
            actor=actor,
            action="prevention.model_review",
            target=model,
            changes={"review": str(review.pk), "rating": rating},
        )
    return review

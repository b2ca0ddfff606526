"""Prevention over the API (/api/v1/prevention/): the same selectors and services as
the staff pages. An activity or model out of reach is 404 ``not_found``. An import is
all or nothing: a rejected file answers 422 ``import_rejected`` with every error by row
and column (``rows``) and writes nothing."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lachan.access.permissions import PreventionPermission
from lachan.access.policies.prevention import activity_policy
from lachan.accounts.actors import api_actor
from lachan.accounts.models import Agency
from lachan.core.errors import NotFound, field_invalid
from lachan.geo.selectors import unit_from_code
from lachan.prevention import selectors, services, spreadsheet
from lachan.prevention.models import CommunityModel
from lachan.prevention.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPageOut,
    AttachmentIn,
    AttachmentOut,
    ImportIn,
    ImportOut,
    ImportRejectedOut,
    ModelIn,
    ModelOut,
    NumbersOut,
    ParticipationIn,
    ParticipationOut,
    ReplicateIn,
    ReviewIn,
    TeamIn,
    TeamOut,
)
from lachan.prevention.selectors import ActivityFilter
from lachan.tips.cleaning import AttachmentInput

router = Router(tags=["prevention"])


class ActivityListQuery(Schema):
    kind: str = ""
    format: str = ""
    target_group: str = ""
    place_code: str | None = None
    organiser_id: uuid.UUID | None = None
    start_from: dt.date | None = None
    start_to: dt.date | None = None
    cursor: str | None = None
    limit: int = selectors.DEFAULT_PAGE_SIZE


class NumbersQuery(Schema):
    start: dt.date
    end: dt.date
    agency_id: uuid.UUID | None = None
    place_code: str | None = None


def _bytes(content: str, field: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise field_invalid(field, _("The file is not valid base64.")) from None


def _shown(request: HttpRequest, activity_id: Any) -> dict[str, Any]:
    actor = api_actor(request)
    activity = selectors.activity_get(actor=actor, activity_id=activity_id)
    return selectors.activity_detail(actor=actor, activity=activity).as_dict()


def _input(request: HttpRequest, payload: ActivityIn) -> services.ActivityInput:
    model = None
    if payload.community_model_id is not None:
        model = CommunityModel.objects.filter(pk=payload.community_model_id).first()
        if model is None:
            raise field_invalid("community_model_id", _("No such community model."))
    return services.ActivityInput(
        kind=payload.kind,
        title=payload.title,
        start_date=payload.start_date,
        end_date=payload.end_date,
        admin_unit=unit_from_code(payload.admin_unit_code, field="admin_unit_code"),
        format=payload.format,
        sessions=payload.sessions,
        attendees=payload.attendees,
        target_groups=tuple(payload.target_groups),
        partners=payload.partners,
        budget_vnd=payload.budget_vnd,
        materials=payload.materials,
        lessons_learned=payload.lessons_learned,
        community_model=model,
    )


def _filters(query: ActivityListQuery) -> ActivityFilter:
    organiser = None
    if query.organiser_id is not None:
        organiser = Agency.objects.filter(pk=query.organiser_id).first()
        if organiser is None:
            raise field_invalid("organiser_id", _("No such agency."))
    return ActivityFilter(
        kind=query.kind,
        format=query.format,
        target_group=query.target_group,
        place=unit_from_code(query.place_code, field="place_code"),
        organiser=organiser,
        start_from=query.start_from,
        start_to=query.start_to,
    )


# -- activities -------------------------------------------------------------------------------
@router.get("/activities", response=ActivityPageOut, url_name="prevention_activities")
def list_activities(request: HttpRequest, query: Query[ActivityListQuery]) -> dict[str, Any]:
    """Activities in reach, newest first; keyset pages (pass `next_cursor` as `cursor`)."""
    actor = api_actor(request)
    if not activity_policy.has_permission(actor, PreventionPermission.VIEW):
        raise NotFound(_("Not found."))
    page = selectors.activity_page(
        actor=actor, filters=_filters(query), cursor=query.cursor, limit=query.limit
    )
    return {"items": [row.as_dict() for row in page.items], "next_cursor": page.next_cursor}


@router.post("/activities", response={201: ActivityOut}, url_name="prevention_activity_record")
def record_activity(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    """Record an activity of the caller's agency."""
    activity = services.activity_record(actor=api_actor(request), data=_input(request, payload))
    return Status(201, _shown(request, activity.pk))


@router.get("/activities/template", url_name="prevention_template", response={200: None})
def template(request: HttpRequest) -> HttpResponse:
    """The Excel template for imports (Vietnamese, with an instructions sheet)."""
    if not activity_policy.may_record(api_actor(request)):
        raise NotFound(_("Not found."))
    response = HttpResponse(spreadsheet.template(), content_type=spreadsheet.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{spreadsheet.TEMPLATE_FILENAME}"'
    return response


@router.post(
    "/activities/import",
    response={201: ImportOut, 422: ImportRejectedOut},
    url_name="prevention_import",
)
def import_activities(request: HttpRequest, payload: ImportIn) -> Status[dict[str, Any]]:
    """Import a filled-in template (base64 of the .xlsx): every row or none."""
    content = _bytes(payload.content_base64, "content_base64")
    try:
        result = services.activities_import(
            actor=api_actor(request), content=content, filename=payload.filename
        )
    except services.ImportRejected as exc:
        return Status(
            422,
            {
                "code": exc.code,
                "message": str(exc.message),
                "fields": exc.fields,
                "rows": [e.__dict__ for e in exc.row_errors],
            },
        )
    return Status(201, {"batch": result.batch, "created": result.created})


@router.get("/activities/export", url_name="prevention_export", response={200: None})
def export(request: HttpRequest, query: Query[ActivityListQuery]) -> HttpResponse:
    """The filtered activities in reach, in the template's columns (audited)."""
    content, _count = selectors.activity_export(actor=api_actor(request), filters=_filters(query))
    response = HttpResponse(content, content_type=spreadsheet.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="hoat-dong-phong-ngua.xlsx"'
    return response


@router.get("/numbers", response=NumbersOut, url_name="prevention_numbers")
def numbers(request: HttpRequest, query: Query[NumbersQuery]) -> dict[str, Any]:
    """Counts for reports (supervisors, analysts): activities by kind, sessions,
    attendees, by target group and format, community models running and their reach."""
    from lachan.access.reach import agency_subtree_ids

    if not activity_policy.may_view_numbers(api_actor(request)):
        raise NotFound(_("Not found."))
    agency_ids = None
    if query.agency_id is not None:
        agency = Agency.objects.filter(pk=query.agency_id).first()
        if agency is None:
            raise field_invalid("agency_id", _("No such agency."))
        agency_ids = sorted(agency_subtree_ids(agency))
    unit = unit_from_code(query.place_code, field="place_code")
    return selectors.prevention_numbers(
        agency_ids=agency_ids,
        admin_unit_code=unit.code if unit else None,
        start=query.start,
        end=query.end,
    ).as_dict()


@router.get("/activities/{activity_id}", response=ActivityOut, url_name="prevention_activity")
def get_activity(request: HttpRequest, activity_id: str) -> dict[str, Any]:
    return _shown(request, activity_id)


@router.put(
    "/activities/{activity_id}", response=ActivityOut, url_name="prevention_activity_update"
)
def update_activity(request: HttpRequest, activity_id: str, payload: ActivityIn) -> dict[str, Any]:
    actor = api_actor(request)
    activity = selectors.activity_get(actor=actor, activity_id=activity_id)
    services.activity_update(actor=actor, activity=activity, data=_input(request, payload))
    return _shown(request, activity.pk)


@router.post(
    "/activities/{activity_id}/teams", response={201: TeamOut}, url_name="prevention_team_add"
)
def add_team(request: HttpRequest, activity_id: str, payload: TeamIn) -> Status[Any]:
    actor = api_actor(request)
    activity = selectors.activity_get(actor=actor, activity_id=activity_id)
    team = services.contest_team_add(actor=actor, activity=activity, **payload.dict())
    return Status(201, team)


@router.post(
    "/activities/{activity_id}/participants",
    response={201: ParticipationOut},
    url_name="prevention_participation_add",
)
def add_participants(
    request: HttpRequest, activity_id: str, payload: ParticipationIn
) -> Status[Any]:
    actor = api_actor(request)
    activity = selectors.activity_get(actor=actor, activity_id=activity_id)
    agency = None
    if payload.agency_id is not None:
        agency = Agency.objects.filter(pk=payload.agency_id).first()
        if agency is None:
            raise field_invalid("agency_id", _("No such agency."))
    row = services.training_participation_add(
        actor=actor,
        activity=activity,
        agency=agency,
        agency_name=payload.agency_name,
        participants=payload.participants,
        pre_test_score=payload.pre_test_score,
        post_test_score=payload.post_test_score,
    )
    return Status(201, row)


@router.post(
    "/activities/{activity_id}/attachments",
    response={201: AttachmentOut},
    url_name="prevention_attachment_add",
)
def add_attachment(request: HttpRequest, activity_id: str, payload: AttachmentIn) -> Status[Any]:
    actor = api_actor(request)
    activity = selectors.activity_get(actor=actor, activity_id=activity_id)
    stored = services.activity_attachment_add(
        actor=actor,
        activity=activity,
        attachment=AttachmentInput(
            payload.filename, _bytes(payload.content_base64, "content_base64")
        ),
    )
    return Status(
        201,
        {
            "id": stored.pk,
            "filename": stored.filename,
            "content_type": stored.content_type,
            "size": stored.size,
        },
    )


# -- community models -----------------------------------------------------------------------------
@router.get("/models", response=list[ModelOut], url_name="prevention_models")
def list_models(request: HttpRequest, place_code: str | None = None) -> list[dict[str, Any]]:
    actor = api_actor(request)
    if not activity_policy.has_permission(actor, PreventionPermission.VIEW):
        raise NotFound(_("Not found."))
    return [
        selectors.model_detail(actor=actor, model=m)
        for m in selectors.model_list(
            actor=actor, place=unit_from_code(place_code, field="place_code")
        )[:100]
    ]


@router.post("/models", response={201: ModelOut}, url_name="prevention_model_create")
def create_model(request: HttpRequest, payload: ModelIn) -> Status[dict[str, Any]]:
    actor = api_actor(request)
    model = services.community_model_create(
        actor=actor,
        name=payload.name,
        admin_unit=unit_from_code(payload.admin_unit_code, field="admin_unit_code"),
        started_on=payload.started_on,
        description=payload.description,
        households_reached=payload.households_reached,
        people_reached=payload.people_reached,
    )
    return Status(201, selectors.model_detail(actor=actor, model=model))


@router.get("/models/{model_id}", response=ModelOut, url_name="prevention_model")
def get_model(request: HttpRequest, model_id: str) -> dict[str, Any]:
    actor = api_actor(request)
    return selectors.model_detail(
        actor=actor, model=selectors.model_get(actor=actor, model_id=model_id)
    )


@router.post(
    "/models/{model_id}/reviews", response={201: ModelOut}, url_name="prevention_model_review"
)
def review_model(request: HttpRequest, model_id: str, payload: ReviewIn) -> Status[dict[str, Any]]:
    actor = api_actor(request)
    model = selectors.model_get(actor=actor, model_id=model_id)
    services.community_model_review(actor=actor, model=model, **payload.dict())
    fresh = selectors.model_get(actor=actor, model_id=model.pk)
    return Status(201, selectors.model_detail(actor=actor, model=fresh))


@router.post(
    "/models/{model_id}/replicate",
    response={201: ModelOut},
    url_name="prevention_model_replicate",
)
def replicate_model(
    request: HttpRequest, model_id: str, payload: ReplicateIn
) -> Status[dict[str, Any]]:
    actor = api_actor(request)
    model = selectors.model_get(actor=actor, model_id=model_id)
    replica = services.community_model_replicate(
        actor=actor,
        model=model,
        admin_unit=unit_from_code(payload.admin_unit_code, field="admin_unit_code"),
        started_on=payload.started_on,
        name=payload.name,
    )
    return Status(201, selectors.model_detail(actor=actor, model=replica))

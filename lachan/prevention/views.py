"""Staff pages of prevention work: the activity list, the quick entry form, an activity
with its details, the spreadsheet template, import and export, and community models.
Reads go through the selectors, writes through the services; a record out of reach is a
404 like one that does not exist. Every page works without JavaScript."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lachan.access.permissions import PreventionPermission
from lachan.access.policies.prevention import activity_policy, community_model_policy
from lachan.accounts.actors import view_actor
from lachan.accounts.models import Agency, User
from lachan.core.errors import NotFound, ValidationFailed
from lachan.people.forms import add_service_errors
from lachan.prevention import selectors, services, spreadsheet
from lachan.prevention.forms import (
    FIELD_MAP,
    ActivityFilterForm,
    ActivityForm,
    AttachmentForm,
    CommunityModelForm,
    ImportForm,
    ParticipationForm,
    ReplicateForm,
    ReviewForm,
    TeamForm,
)
from lachan.prevention.models import Activity, CommunityModel, TargetGroup
from lachan.prevention.selectors import ActivityFilter
from lachan.tips.attachments import decode_body
from lachan.tips.cleaning import AttachmentInput


def _put_errors(form: forms.Form, exc: ValidationFailed) -> None:
    fields = {FIELD_MAP.get(name, name): msgs for name, msgs in exc.fields.items()}
    add_service_errors(form, fields, str(exc.message))


def _activity(request: HttpRequest, activity_id: uuid.UUID) -> Activity:
    try:
        return selectors.activity_get(actor=view_actor(request), activity_id=activity_id)
    except NotFound:
        raise Http404 from None


def _model(request: HttpRequest, model_id: uuid.UUID) -> CommunityModel:
    try:
        return selectors.model_get(actor=view_actor(request), model_id=model_id)
    except NotFound:
        raise Http404 from None


def _require_view(actor: User) -> None:
    if not activity_policy.has_permission(actor, PreventionPermission.VIEW):
        raise Http404


def _filters(form: ActivityFilterForm) -> ActivityFilter:
    if not form.is_valid():
        return ActivityFilter()
    d = form.cleaned_data
    organiser = None
    if d.get("organiser"):
        organiser = Agency.objects.filter(pk=d["organiser"]).first()
    return ActivityFilter(
        kind=d.get("kind") or "",
        format=d.get("format") or "",
        target_group=d.get("target_group") or "",
        place=d.get("place"),
        start_from=d.get("start_from"),
        start_to=d.get("start_to"),
        organiser=organiser,
    )


# -- activities ---------------------------------------------------------------------------
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    _require_view(actor)
    form = ActivityFilterForm(request.GET or None)
    filters = _filters(form)
    try:
        page = selectors.activity_page(
            actor=actor, filters=filters, cursor=request.GET.get("cursor") or None
        )
    except ValidationFailed:
        raise Http404 from None
    params = request.GET.copy()
    params.pop("cursor", None)
    groups = dict(TargetGroup.choices)
    return render(
        request,
        "prevention/activity_list.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (row, [str(groups.get(g, g)) for g in row.target_groups]) for row in page.items
            ],
            "filter_query": params.urlencode(),
            "may_record": activity_policy.may_record(actor),
            "organiser": filters.organiser,
        },
    )


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not activity_policy.may_record(actor):
        raise Http404
    initial = {
        "kind": "awareness",
        "format": "direct",
        "start_date": timezone.localdate(),
        "sessions": 1,
        "place": actor.agency.admin_unit if actor.agency else None,
    }
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_record(actor=actor, data=form.to_input())
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("prevention:activity_detail", activity_id=activity.pk)
    return render(
        request, "prevention/activity_form.html", {"form": form, "title": _("Record an activity")}
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    activity = _activity(request, activity_id)
    if not activity_policy.may_change(actor, activity):
        raise Http404
    initial = {
        "kind": activity.kind,
        "title": activity.title,
        "start_date": activity.start_date,
        "end_date": activity.end_date if activity.end_date != activity.start_date else None,
        "place": activity.admin_unit,
        "format": activity.format,
        "target_groups": activity.target_group_list,
        "sessions": activity.sessions,
        "attendees": activity.attendees,
        "partners": activity.partners,
        "budget_vnd": activity.budget_vnd,
        "materials": activity.materials,
        "lessons_learned": activity.lessons_learned,
    }
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=actor, activity=activity, data=form.to_input())
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The activity was updated."))
            return redirect("prevention:activity_detail", activity_id=activity.pk)
    return render(
        request,
        "prevention/activity_form.html",
        {"form": form, "title": _("Edit the activity"), "activity": activity},
    )


def _detail_context(request: HttpRequest, activity: Activity, **forms_: Any) -> dict[str, Any]:
    view = selectors.activity_detail(actor=view_actor(request), activity=activity)
    return {
        "view": view,
        "activity": activity,
        "team_form": forms_.get("team_form") or TeamForm(),
        "participation_form": forms_.get("participation_form") or ParticipationForm(),
        "attachment_form": forms_.get("attachment_form") or AttachmentForm(),
    }


@require_GET
def activity_detail(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    activity = _activity(request, activity_id)
    return render(request, "prevention/activity_detail.html", _detail_context(request, activity))


def _detail_post(
    request: HttpRequest,
    activity_id: uuid.UUID,
    form_class: type[forms.Form],
    form_key: str,
    write: Any,
    done: str,
) -> HttpResponse:
    activity = _activity(request, activity_id)
    if not activity_policy.may_change(view_actor(request), activity):
        raise Http404
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            write(activity, form.cleaned_data)
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("prevention:activity_detail", activity_id=activity.pk)
    context = _detail_context(request, activity, **{form_key: form})
    return render(request, "prevention/activity_detail.html", context)


@require_POST
def team_add(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    def write(activity: Activity, d: dict[str, Any]) -> None:
        services.contest_team_add(
            actor=view_actor(request),
            activity=activity,
            name=d["name"],
            members=d["members"],
            result=d.get("result") or "",
            rank=d.get("rank"),
        )

    return _detail_post(request, activity_id, TeamForm, "team_form", write, _("Team added."))


@require_POST
def participation_add(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    def write(activity: Activity, d: dict[str, Any]) -> None:
        services.training_participation_add(
            actor=view_actor(request),
            activity=activity,
            agency_name=d["agency_name"],
            participants=d["participants"],
            pre_test_score=d.get("pre_test_score"),
            post_test_score=d.get("post_test_score"),
        )

    return _detail_post(
        request,
        activity_id,
        ParticipationForm,
        "participation_form",
        write,
        _("Participants added."),
    )


@require_POST
def attachment_add(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    def write(activity: Activity, d: dict[str, Any]) -> None:
        upload = d["file"]
        services.activity_attachment_add(
            actor=view_actor(request),
            activity=activity,
            attachment=AttachmentInput(upload.name, upload.read()),
        )

    return _detail_post(
        request, activity_id, AttachmentForm, "attachment_form", write, _("File attached.")
    )


@require_GET
def attachment_get(
    request: HttpRequest, activity_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    activity = _activity(request, activity_id)
    try:
        attachment = selectors.attachment_open(
            actor=view_actor(request), activity=activity, attachment_id=attachment_id
        )
    except NotFound:
        raise Http404 from None
    response = HttpResponse(decode_body(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- spreadsheet ------------------------------------------------------------------------------
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    if not activity_policy.may_record(view_actor(request)):
        raise Http404
    response = HttpResponse(spreadsheet.template(), content_type=spreadsheet.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{spreadsheet.TEMPLATE_FILENAME}"'
    return response


@require_http_methods(["GET", "POST"])
def activity_import(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not activity_policy.may_record(actor):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[services.RowError] = []
    rejected = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.activities_import(
                actor=actor, content=upload.read(), filename=upload.name
            )
        except services.ImportRejected as exc:
            row_errors, rejected = exc.row_errors, str(exc.message)
        else:
            messages.success(
                request,
                _("%(count)s activities were imported.") % {"count": result.created},
            )
            return redirect(reverse("prevention:activity_list"))
    return render(
        request,
        "prevention/import.html",
        {"form": form, "row_errors": row_errors, "rejected": rejected},
    )


@require_GET
def activity_export(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    _require_view(actor)
    filters = _filters(ActivityFilterForm(request.GET or None))
    try:
        content, _count = selectors.activity_export(actor=actor, filters=filters)
    except ValidationFailed:
        raise Http404 from None
    response = HttpResponse(content, content_type=spreadsheet.CONTENT_TYPE)
    stamp = dt.date.today().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="hoat-dong-phong-ngua-{stamp}.xlsx"'
    return response


# -- community models ----------------------------------------------------------------------------
@require_GET
def model_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    _require_view(actor)
    return render(
        request,
        "prevention/model_list.html",
        {
            "models": selectors.model_list(actor=actor),
            "may_record": activity_policy.may_record(actor),
        },
    )


@require_http_methods(["GET", "POST"])
def model_create(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not activity_policy.may_record(actor):
        raise Http404
    form = CommunityModelForm(
        request.POST or None,
        initial={"place": actor.agency.admin_unit if actor.agency else None},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            model = services.community_model_create(
                actor=actor,
                name=d["name"],
                admin_unit=d["place"],
                started_on=d["started_on"],
                description=d.get("description") or "",
                households_reached=d["households_reached"],
                people_reached=d["people_reached"],
            )
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The community model was recorded."))
            return redirect("prevention:model_detail", model_id=model.pk)
    return render(request, "prevention/model_form.html", {"form": form})


def _model_page(request: HttpRequest, model: CommunityModel, **forms_: Any) -> dict[str, Any]:
    return {
        "model": model,
        "view": selectors.model_detail(actor=view_actor(request), model=model),
        "review_form": forms_.get("review_form") or ReviewForm(),
        "replicate_form": forms_.get("replicate_form") or ReplicateForm(),
        "may_record": activity_policy.may_record(view_actor(request)),
    }


@require_GET
def model_detail(request: HttpRequest, model_id: uuid.UUID) -> HttpResponse:
    model = _model(request, model_id)
    return render(request, "prevention/model_detail.html", _model_page(request, model))


@require_POST
def model_review(request: HttpRequest, model_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    model = _model(request, model_id)
    if not community_model_policy.can(actor, PreventionPermission.RECORD, model):
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.community_model_review(
                actor=actor,
                model=model,
                reviewed_on=d["reviewed_on"],
                rating=d["rating"],
                households_reached=d["households_reached"],
                people_reached=d["people_reached"],
                findings=d.get("findings") or "",
            )
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("prevention:model_detail", model_id=model.pk)
    return render(
        request,
        "prevention/model_detail.html",
        _model_page(request, model, review_form=form),
    )


@require_POST
def model_replicate(request: HttpRequest, model_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    model = _model(request, model_id)
    if not activity_policy.may_record(actor):
        raise Http404
    form = ReplicateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            replica = services.community_model_replicate(
                actor=actor,
                model=model,
                admin_unit=d["place"],
                started_on=d["started_on"],
                name=d.get("name") or "",
            )
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The replication was recorded."))
            return redirect("prevention:model_detail", model_id=replica.pk)
    return render(
        request,
        "prevention/model_detail.html",
        _model_page(request, model, replicate_form=form),
    )

"""Staff pages of investigations: the case list, a case with its suspects, arrests,
rescues and hand-overs, its transitions, the evidence log (police only, audited), and
cross-border cooperation. Reads go through the selectors, writes through the services;
a case out of reach is a 404 like one that does not exist. Every page works without
JavaScript."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lachan.access.permissions import CasesPermission
from lachan.access.policies.cases import (
    POLICE_AGENCY_TYPES,
    case_policy,
    cooperation_policy,
)
from lachan.access.policies.people import person_policy
from lachan.accounts.actors import view_actor
from lachan.accounts.models import User
from lachan.cases import selectors, services
from lachan.cases.forms import (
    ArrestForm,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    CooperationForm,
    CustodyForm,
    EvidenceForm,
    FollowUpForm,
    HandoverForm,
    JoinTipForm,
    OpenFromTipForm,
    RescueForm,
    SuspectForm,
    SuspectUpdateForm,
    TransitionForm,
    TrialForm,
    case_initial,
)
from lachan.cases.models import Case, CaseEventKind, CooperationFollowUp, Suspect
from lachan.cases.selectors import CaseFilter
from lachan.cases.transitions import ACTION_LABELS, CaseAction
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.people.forms import add_service_errors
from lachan.people.selectors import person_list
from lachan.tips.attachments import decode_body
from lachan.tips.cleaning import AttachmentInput


def _case(request: HttpRequest, case_id: uuid.UUID) -> Case:
    try:
        return selectors.case_get(actor=view_actor(request), case_id=case_id)
    except NotFound:
        raise Http404 from None


def _put_errors(form: forms.Form, exc: ValidationFailed) -> None:
    fields = {
        name.split(".")[0] if name.startswith("places.") else name: msgs
        for name, msgs in exc.fields.items()
    }
    add_service_errors(form, fields, str(exc.message))


def _staff(case_agency_id: Any = None, actor: User | None = None) -> QuerySet[User]:
    """Police officers who may be put on a case: active, of police agencies, of the
    actor's agency subtree."""
    from lachan.access.grants import ROLE_PERMISSIONS
    from lachan.access.reach import agency_subtree_ids

    roles = [r.value for r, perms in ROLE_PERMISSIONS.items() if CasesPermission.CHANGE in perms]
    qs = User.objects.filter(
        is_active=True, role__in=roles, agency__agency_type__in=POLICE_AGENCY_TYPES
    )
    if actor is not None and actor.agency is not None:
        agencies = agency_subtree_ids(actor.agency)
        if case_agency_id:
            agencies.add(case_agency_id)
        qs = qs.filter(agency_id__in=agencies)
    return qs.order_by("full_name", "username")


def _form_page(
    request: HttpRequest,
    *,
    title: str,
    form: forms.Form,
    url: str,
    back: str,
    button: str,
    case: Case | None = None,
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
    template: str = "cases/form.html",
) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "url": url,
        "back": back,
        "button": button,
        "case": case,
        "multipart": multipart,
        **(extra or {}),
    }
    return render(request, template, context)


def _detail(case: Case) -> str:
    return reverse("cases:detail", kwargs={"case_id": case.pk})


# -- list --------------------------------------------------------------------------------
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not case_policy.has_permission(actor, CasesPermission.VIEW):
        raise Http404
    form = CaseFilterForm(request.GET or None)
    filters = CaseFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = CaseFilter(
            status=data["status"],
            offence=data["offence"],
            number=data["number"],
            province=data["province"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            mine=data["mine"],
            sort=data["sort"] or "-date",
        )
    try:
        page = selectors.case_page(
            actor=actor, filters=filters, cursor=request.GET.get("cursor") or None
        )
    except ValidationFailed:
        raise Http404 from None
    params = request.GET.copy()
    params.pop("cursor", None)
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "filter_query": params.urlencode(),
            "may_open": case_policy.may_open(actor),
            "may_cooperation": cooperation_policy.has_permission(actor, CasesPermission.VIEW),
        },
    )


# -- open ---------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case; with a tip (``?tip=`` or chosen in the form), the tip is decided
    "prosecute" in the same step."""
    actor = view_actor(request)
    if not case_policy.may_open(actor):
        raise Http404
    from_tip = "tip" in request.GET or "tip" in request.POST
    data = request.POST if request.method == "POST" else None
    form: CaseForm
    if from_tip:
        tips = selectors.source_tip_candidates(actor=actor)
        initial: dict[str, Any] = {"lead_investigator": actor.pk}
        tip_id = request.GET.get("tip")
        if tip_id:
            tip = tips.filter(pk=tip_id).first() if _is_uuid(tip_id) else None
            if tip is not None:
                initial.update(tip=tip.pk, exploitation_type=tip.exploitation_type)
        form = OpenFromTipForm(data, tips=tips, staff=_staff(actor=actor), initial=initial)
    else:
        form = CaseForm(data, staff=_staff(actor=actor), initial={"lead_investigator": actor.pk})
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            if isinstance(form, OpenFromTipForm):
                case = services.case_open_from_tip(
                    actor=actor, tip=form.cleaned_data["tip"], **kwargs
                )
            else:
                case = services.case_open(actor=actor, **kwargs)
        except ValidationFailed as exc:
            _put_errors(form, exc)
        except (PermissionDenied, Conflict, NotFound) as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(
                request, _("Case %(number)s has been opened.") % {"number": case.number}
            )
            return redirect(_detail(case))
    return _form_page(
        request,
        title=_("Open a case from a tip") if from_tip else _("Open a case"),
        form=form,
        url=reverse("cases:new") + ("?tip=" if from_tip else ""),
        back=reverse("cases:list"),
        button=_("Open the case"),
        template="cases/case_form.html",
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# -- one case -----------------------------------------------------------------------------------
@require_GET
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    view = selectors.case_detail(actor=actor, case=case)
    may_join = view.may_change and case_policy.has_permission(actor, CasesPermission.CHANGE)
    join_tips = selectors.source_tip_candidates(actor=actor) if may_join else None
    return render(
        request,
        "cases/detail.html",
        {
            "case": view,
            "actions": [(a, ACTION_LABELS[CaseAction(a)]) for a in view.allowed_actions],
            "join_form": JoinTipForm(tips=join_tips) if join_tips is not None else None,
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    if CasesPermission.CHANGE not in case_policy.actions_on(actor, case):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = CaseForm(
        data, staff=_staff(case.agency_id, actor), initial=None if data else case_initial(case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=actor, case=case, **form.service_kwargs())
        except ValidationFailed as exc:
            _put_errors(form, exc)
        except (PermissionDenied, Conflict) as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The case has been saved."))
            return redirect(_detail(case))
    return _form_page(
        request,
        title=_("Edit case %(number)s") % {"number": case.number},
        form=form,
        url=reverse("cases:edit", kwargs={"case_id": case.pk}),
        back=_detail(case),
        button=_("Save"),
        case=case,
        template="cases/case_form.html",
    )


@require_http_methods(["GET", "POST"])
def case_action(request: HttpRequest, case_id: uuid.UUID, action: str) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    try:
        move = CaseAction(action)
    except ValueError:
        raise Http404 from None
    from lachan.cases.transitions import allowed_actions

    if move not in allowed_actions(case, actor=actor):
        if request.method == "POST":
            messages.error(request, _("This action is not possible on this case now."))
            return redirect(_detail(case))
        raise Http404
    form_class = TrialForm if move == CaseAction.TRY else TransitionForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_transition(
                actor=actor,
                case=case,
                action=move.value,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                trial_outcome=form.cleaned_data.get("trial_outcome", ""),
            )
        except ValidationFailed as exc:
            _put_errors(form, exc)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, str(exc.message))
            return redirect(_detail(case))
        else:
            messages.success(request, _("The case's status has been updated."))
            return redirect(_detail(case))
    return _form_page(
        request,
        title=str(ACTION_LABELS[move]),
        form=form,
        url=reverse("cases:action", kwargs={"case_id": case.pk, "action": move.value}),
        back=_detail(case),
        button=str(ACTION_LABELS[move]),
        case=case,
    )


@require_http_methods(["GET", "POST"])
def case_join_tip(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    if CasesPermission.CHANGE not in case_policy.actions_on(actor, case):
        raise Http404
    tips = selectors.source_tip_candidates(actor=actor)
    form = JoinTipForm(request.POST if request.method == "POST" else None, tips=tips)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_join_from_tip(
                actor=actor,
                case=case,
                tip=form.cleaned_data["tip"],
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
            )
        except ValidationFailed as exc:
            _put_errors(form, exc)
        except (Conflict, PermissionDenied, NotFound) as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The tip has been decided and joined to the case."))
            return redirect(_detail(case))
    return _form_page(
        request,
        title=_("Join a tip to this case"),
        form=form,
        url=reverse("cases:join_tip", kwargs={"case_id": case.pk}),
        back=_detail(case),
        button=_("Decide to prosecute and join"),
        case=case,
    )


# -- suspects and arrests ----------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def suspect_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Search a recorded person (masked list) and pick one, or record a new person."""
    actor = view_actor(request)
    case = _case(request, case_id)
    if CasesPermission.CHANGE not in case_policy.actions_on(actor, case):
        raise Http404
    query = (request.GET.get("q") or "").strip()
    found = person_list(actor=actor, query=query, limit=10).items if query else []
    initial = {"person": request.GET.get("person")} if request.GET.get("person") else None
    form = SuspectForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["person"]:
                try:
                    person = person_policy.get(actor, data["person"])
                except NotFound:
                    raise ValidationFailed(
                        _("Please correct the errors below."),
                        fields={"full_name": [_("Choose a person from the search.")]},
                    ) from None
                services.suspect_add(
                    actor=actor,
                    case=case,
                    person=person,
                    role=data["role"],
                    wanted_status=data["wanted_status"],
                    nationality=data["nationality"],
                )
            else:
                services.suspect_add_new_person(
                    actor=actor,
                    case=case,
                    full_name=data["full_name"],
                    role=data["role"],
                    sex=data["sex"],
                    birth_year=data["birth_year"],
                    nationality=data["nationality"],
                    phones=[data["phone"]] if data["phone"] else [],
                    wanted_status=data["wanted_status"],
                )
        except ValidationFailed as exc:
            fields = {
                ("phone" if k.startswith("identifiers") else k): v for k, v in exc.fields.items()
            }
            add_service_errors(form, fields, str(exc.message))
        except (Conflict, PermissionDenied, NotFound) as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The suspect has been added."))
            return redirect(_detail(case))
    return _form_page(
        request,
        title=_("Add a suspect"),
        form=form,
        url=reverse("cases:suspect_add", kwargs={"case_id": case.pk}),
        back=_detail(case),
        button=_("Add the suspect"),
        case=case,
        template="cases/suspect_form.html",
        extra={"query": query, "found": found},
    )


def _suspect(request: HttpRequest, case: Case, suspect_id: uuid.UUID) -> Suspect:
    suspect = case.suspects.select_related("case", "person").filter(pk=suspect_id).first()
    if suspect is None:
        raise Http404
    return suspect


@require_http_methods(["GET", "POST"])
def suspect_edit(request: HttpRequest, case_id: uuid.UUID, suspect_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    if CasesPermission.CHANGE not in case_policy.actions_on(actor, case):
        raise Http404
    suspect = _suspect(request, case, suspect_id)
    initial = {
        name: getattr(suspect, name)
        for name in (
            "role",
            "wanted_status",
            "nationality",
            "outcome",
            "outcome_date",
            "sentence",
            "sentence_months",
        )
    }
    form = SuspectUpdateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.suspect_update(actor=actor, suspect=suspect, **form.cleaned_data)
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The suspect has been updated."))
            return redirect(_detail(case))
    return _form_page(
        request,
        title=_("Suspect"),
        form=form,
        url=reverse("cases:suspect_edit", kwargs={"case_id": case.pk, "suspect_id": suspect.pk}),
        back=_detail(case),
        button=_("Save"),
        case=case,
    )


@require_http_methods(["GET", "POST"])
def arrest_add(request: HttpRequest, case_id: uuid.UUID, suspect_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    if CasesPermission.CHANGE not in case_policy.actions_on(actor, case):
        raise Http404
    suspect = _suspect(request, case, suspect_id)
    form = ArrestForm(
        request.POST if request.method == "POST" else None,
        initial={"agency": actor.agency_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.arrest_record(actor=actor, suspect=suspect, **form.cleaned_data)
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The arrest has been recorded."))
            return redirect(_detail(case))
    return _form_page(
        request,
        title=_("Record an arrest or detention"),
        form=form,
        url=reverse("cases:arrest_add", kwargs={"case_id": case.pk, "suspect_id": suspect.pk}),
        back=_detail(case),
        button=_("Save the record"),
        case=case,
    )


# -- rescue and hand-over ---------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest, case_id: uuid.UUID, kind: str) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    if kind not in CaseEventKind.values:
        raise Http404
    if CasesPermission.CHANGE not in case_policy.actions_on(actor, case):
        raise Http404
    handover = kind == CaseEventKind.HANDOVER
    form_class: type[forms.Form] = HandoverForm if handover else RescueForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if handover:
            data["border_gate_code"] = data.pop("border_gate")
        try:
            services.case_event_record(actor=actor, case=case, kind=kind, **data)
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(
                request,
                _("The hand-over has been recorded.")
                if handover
                else _("The rescue has been recorded."),
            )
            return redirect(_detail(case))
    return _form_page(
        request,
        title=_("Record a hand-over at a border gate") if handover else _("Record a rescue"),
        form=form,
        url=reverse("cases:event_add", kwargs={"case_id": case.pk, "kind": kind}),
        back=_detail(case),
        button=_("Save the record"),
        case=case,
    )


# -- evidence (police only; every view audited) -------------------------------------------------
@require_GET
def evidence(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    try:
        items = selectors.evidence_log(actor=actor, case=case)
    except NotFound:
        raise Http404 from None
    held = case_policy.actions_on(actor, case)
    return render(
        request,
        "cases/evidence.html",
        {
            "case": case,
            "items": items,
            "may_manage": CasesPermission.MANAGE_EVIDENCE in held,
            "attachment_form": AttachmentForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    if CasesPermission.MANAGE_EVIDENCE not in case_policy.actions_on(actor, case):
        raise Http404
    form = EvidenceForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment")
        files = [AttachmentInput(upload.name or "", upload.read())] if upload else []
        try:
            services.evidence_add(actor=actor, case=case, attachments=files, **data)
        except ValidationFailed as exc:
            fields = {
                ("attachment" if k.startswith("attachments") else k): v
                for k, v in exc.fields.items()
            }
            add_service_errors(form, fields, str(exc.message))
        else:
            messages.success(request, _("The item has been logged."))
            return redirect("cases:evidence", case_id=case.pk)
    return _form_page(
        request,
        title=_("Log an item of evidence"),
        form=form,
        url=reverse("cases:evidence_add", kwargs={"case_id": case.pk}),
        back=reverse("cases:evidence", kwargs={"case_id": case.pk}),
        button=_("Log the item"),
        case=case,
        multipart=True,
    )


@require_http_methods(["GET", "POST"])
def custody_add(request: HttpRequest, case_id: uuid.UUID, item_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    if CasesPermission.MANAGE_EVIDENCE not in case_policy.actions_on(actor, case):
        raise Http404
    try:
        item = selectors.evidence_item_get(actor=actor, case=case, item_id=item_id)
    except NotFound:
        raise Http404 from None
    form = CustodyForm(
        request.POST if request.method == "POST" else None,
        staff=_staff(case.agency_id, actor),
        initial={"handled_by": actor.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_custody_record(actor=actor, item=item, **form.cleaned_data)
        except ValidationFailed as exc:
            _put_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The chain of custody has been updated."))
            return redirect("cases:evidence", case_id=case.pk)
    return _form_page(
        request,
        title=_("Chain of custody: %(label)s") % {"label": item.label},
        form=form,
        url=reverse("cases:custody_add", kwargs={"case_id": case.pk, "item_id": item.pk}),
        back=reverse("cases:evidence", kwargs={"case_id": case.pk}),
        button=_("Save the record"),
        case=case,
    )


@require_POST
def evidence_attachment_add(
    request: HttpRequest, case_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    actor = view_actor(request)
    case = _case(request, case_id)
    try:
        item = selectors.evidence_item_get(actor=actor, case=case, item_id=item_id)
    except NotFound:
        raise Http404 from None
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["attachment"]
        try:
            services.evidence_attachment_add(
                actor=actor, item=item, attachment=AttachmentInput(upload.name or "", upload.read())
            )
        except NotFound:
            raise Http404 from None
        except PermissionDenied as exc:
            messages.error(request, str(exc.message))
        except ValidationFailed as exc:
            for text in [m for msgs in exc.fields.values() for m in msgs] or [str(exc.message)]:
                messages.error(request, text)
        else:
            messages.success(request, _("The file has been added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("cases:evidence", case_id=case.pk)


@require_GET
def evidence_attachment(
    request: HttpRequest, case_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    case = _case(request, case_id)
    try:
        attachment = selectors.evidence_attachment_open(
            actor=view_actor(request), case=case, attachment_id=attachment_id
        )
    except NotFound:
        raise Http404 from None
    response = HttpResponse(decode_body(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="vat-chung-{attachment.pk}"'
    response["Cache-Control"] = "no-store"
    return response


# -- cross-border cooperation --------------------------------------------------------------------
@require_GET
def cooperation_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not cooperation_policy.has_permission(actor, CasesPermission.VIEW):
        raise Http404
    return render(
        request,
        "cases/cooperation_list.html",
        {
            "rows": selectors.cooperation_list(actor=actor),
            "may_record": cooperation_policy.may_record(actor),
        },
    )


def _case_numbers(actor: User, text: str) -> list[Case]:
    numbers = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not numbers:
        return []
    scope = case_policy.scope(actor).filter(agency=actor.agency, number__in=numbers)
    found = {c.number: c for c in scope}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={
                "case_numbers": [
                    _("No case of your agency has the number %(number)s.")
                    % {"number": ", ".join(missing)}
                ]
            },
        )
    return list(found.values())


@require_http_methods(["GET", "POST"])
def cooperation_new(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not cooperation_policy.may_record(actor):
        raise Http404
    form = CooperationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cases = _case_numbers(actor, data["case_numbers"])
            activity = services.cooperation_record(
                actor=actor,
                kind=data["kind"],
                on=data["on"],
                counterpart_country=data["counterpart_country"],
                counterpart_agency=data["counterpart_agency"],
                subject=data["subject"],
                border_gate_code=data["border_gate"],
                place=data["place"],
                persons_handed_over=data["persons_handed_over"] or 0,
                cases=cases,
                follow_ups=[services.FollowUpInput(data["follow_up"], data["follow_up_due"])]
                if data["follow_up"]
                else [],
            )
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The activity has been recorded."))
            return redirect("cases:cooperation_detail", activity_id=activity.pk)
    return _form_page(
        request,
        title=_("Record a cross-border activity"),
        form=form,
        url=reverse("cases:cooperation_new"),
        back=reverse("cases:cooperation"),
        button=_("Save the record"),
    )


@require_GET
def cooperation_detail(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    try:
        activity = selectors.cooperation_get(actor=actor, activity_id=activity_id)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "cases/cooperation_detail.html",
        {
            "activity": selectors.cooperation_detail(actor=actor, activity=activity),
            "follow_up_form": FollowUpForm(),
        },
    )


@require_POST
def follow_up_add(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    try:
        activity = selectors.cooperation_get(actor=actor, activity_id=activity_id)
    except NotFound:
        raise Http404 from None
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.cooperation_follow_up_add(actor=actor, activity=activity, **form.cleaned_data)
        except ValidationFailed as exc:
            for text in [m for msgs in exc.fields.values() for m in msgs] or [str(exc.message)]:
                messages.error(request, text)
        except PermissionDenied as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The follow-up action has been added."))
    else:
        messages.error(request, _("Enter the follow-up action."))
    return redirect("cases:cooperation_detail", activity_id=activity.pk)


@require_POST
def follow_up_done(
    request: HttpRequest, activity_id: uuid.UUID, follow_up_id: uuid.UUID
) -> HttpResponse:
    actor = view_actor(request)
    try:
        activity = selectors.cooperation_get(actor=actor, activity_id=activity_id)
    except NotFound:
        raise Http404 from None
    follow_up = CooperationFollowUp.objects.filter(activity=activity, pk=follow_up_id).first()
    if follow_up is None:
        raise Http404
    try:
        services.cooperation_follow_up_done(actor=actor, follow_up=follow_up)
    except (ValidationFailed, Conflict, PermissionDenied) as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Marked as done."))
    return redirect("cases:cooperation_detail", activity_id=activity.pk)

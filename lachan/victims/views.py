"""Staff pages for victim files. Reads through the selectors, writes through the
services (the API calls the same ones); a file out of reach is a 404 like one that does
not exist. Identity is masked everywhere until the user asks to see it and the access
layer discloses it; every view of a file is audited by the selector."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lachan.access.permissions import VictimsPermission
from lachan.access.policies.victims import victim_record_policy
from lachan.accounts.actors import view_actor
from lachan.accounts.models import User
from lachan.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from lachan.people import selectors as people_selectors
from lachan.people.forms import add_service_errors
from lachan.victims import forms as f
from lachan.victims import selectors, services
from lachan.victims.models import ApprovalStatus, VictimRecord, VictimStatus


def _record(request: HttpRequest, record_id: uuid.UUID) -> VictimRecord:
    try:
        return selectors.victim_get(actor=view_actor(request), record_id=record_id)
    except NotFound:
        raise Http404 from None


def _reveal(request: HttpRequest) -> bool:
    return request.GET.get("reveal") in ("1", "true", "on")


# -- list ------------------------------------------------------------------------------------
def _queue_tabs() -> list[tuple[str, str]]:
    labels = {
        "all": _("All files"),
        "open": _("Open"),
        "due_soon": _("Verification due within a day"),
        "overdue": _("Verification overdue"),
        "children": _("Children"),
    }
    return [(key, labels[key]) for key in selectors.QUEUES]


@require_http_methods(["GET"])
def victim_list(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not victim_record_policy.has_permission(actor, VictimsPermission.VIEW):
        raise Http404
    queue = request.GET.get("queue") or "all"
    if queue not in selectors.QUEUES:
        raise Http404
    form = f.ListFilterForm(request.GET or None)
    q = status = channel = ""
    if form.is_bound and form.is_valid():
        q, status, channel = (form.cleaned_data[k] for k in ("q", "status", "channel"))
    try:
        page = selectors.victim_list(
            actor=actor,
            queue=queue,
            status=status or None,
            channel=channel or None,
            query=q or None,
            cursor=request.GET.get("cursor") or None,
            reveal=_reveal(request),
        )
    except ValidationFailed:
        raise Http404 from None
    params = {
        k: v for k, v in {"queue": queue, "q": q, "status": status, "channel": channel}.items() if v
    }
    return render(
        request,
        "victims/list.html",
        {
            "form": form,
            "page": page,
            "queue": queue,
            "tabs": _queue_tabs(),
            "params": params,
            "reveal": _reveal(request),
            "counters": selectors.victim_counters(actor=actor),
            "may_create": victim_record_policy.may_create(actor),
            "may_reveal": victim_record_policy.has_permission(
                actor, VictimsPermission.VIEW_IDENTITY
            ),
            "nav_section": "victims",
        },
    )


# -- reception and hand-over --------------------------------------------------------------
MAX_PERSON_CHOICES = 20


def _person_label(person: Any) -> str:
    parts = [person.full_name]  # masked by the people selectors
    if person.birth_year:
        parts.append(str(person.birth_year))
    if person.admin_unit_name:
        parts.append(person.admin_unit_name)
    return f"{', '.join(parts)} ({person.owner_agency_name})"


def _person_choices(actor: User, *, query: str, selected: str) -> dict[str, tuple[str, Any]]:
    """Known persons for a reception, in the actor's reach only (the people policy), by
    id: (masked label, person or None). The chosen one is loaded for the service; the
    ones found by a search only need their masked label."""
    found: dict[str, tuple[str, Any]] = {}
    if selected:
        try:
            person = people_selectors.person_get(actor=actor, person_id=selected)
        except NotFound:
            pass
        else:
            shown = people_selectors.person_display(person, identity_visible=False)
            found[str(person.pk)] = (_person_label(shown), person)
    if query.strip():
        page = people_selectors.person_list(actor=actor, query=query, limit=MAX_PERSON_CHOICES)
        for item in page.items:
            found.setdefault(str(item.id), (_person_label(item), None))
    return found


@require_http_methods(["GET", "POST"])
def victim_receive(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not victim_record_policy.may_create(actor):
        raise Http404
    persons = _person_choices(
        actor,
        query=request.POST.get("person_query", "") if "find_person" in request.POST else "",
        selected=request.POST.get("person", ""),
    )
    if "find_person" in request.POST:
        # Only a search: the form comes back with what was typed, nothing is recorded.
        typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        form = f.ReceptionForm(initial=typed, persons=persons)
        context = {
            "form": form,
            "person_search": request.POST.get("person_query", ""),
            "nav_section": "victims",
        }
        return render(request, "victims/receive.html", context)
    form = f.ReceptionForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.victim_receive(actor=actor, **form.service_kwargs())
        except ValidationFailed as exc:
            fields = {
                k.removeprefix("person.").replace("admin_unit", "residence"): v
                for k, v in exc.fields.items()
            }
            add_service_errors(form, fields, str(exc.message))
        except (PermissionDenied, NotFound) as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(
                request,
                _("The reception has been recorded as %(code)s.") % {"code": record.code},
            )
            return redirect("victims:detail", record_id=record.pk)
    return render(request, "victims/receive.html", {"form": form, "nav_section": "victims"})


@require_http_methods(["GET", "POST"])
def handover_create(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not victim_record_policy.may_create(actor):
        raise Http404
    form = f.HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_record(actor=actor, **form.service_kwargs())
        except ValidationFailed as exc:
            fields = {k.replace("border_gate", "border_gate"): v for k, v in exc.fields.items()}
            add_service_errors(form, fields, str(exc.message))
        except (PermissionDenied, NotFound) as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(
                request,
                _("The hand-over has been recorded: %(count)s reception records.")
                % {"count": handover.records.count()},
            )
            return redirect(f"{reverse('victims:list')}?queue=open")
    return render(request, "victims/handover.html", {"form": form, "nav_section": "victims"})


# -- the file ---------------------------------------------------------------------------------
# Rendering a form's widgets is most of a page's cost (agency and choice lists), so the page
# shows every allowed action as a link and renders the form of one action only when the user
# opens it (`?action=<name>`, a plain GET that works without JavaScript). The initial
# verification, a single note, stays open on the page while it is due.
ALWAYS_OPEN = frozenset({"verify"})
PANEL_ACTIONS = frozenset(
    {"verify", "identify", "evidence", "protection", "consent", "support", "referral"}
    | {"link_case", "plan", "goal", "visit", "situation"}
)


def _allowed(view: selectors.VictimView) -> dict[str, type[Any]]:
    """The action forms the actor may use on this file, by action name."""
    acts = view.actions
    record = view.record
    allowed: dict[str, type[Any]] = {}

    def add(name: str, form_class: type[Any], needed: VictimsPermission) -> None:
        if str(needed) in acts:
            allowed[name] = form_class

    if record.status == VictimStatus.SIGNAL:
        add("verify", f.VerifyForm, VictimsPermission.CHANGE)
    if record.status in (VictimStatus.SIGNAL, VictimStatus.BEING_IDENTIFIED):
        add("identify", f.IdentifyForm, VictimsPermission.IDENTIFY)
    add("evidence", f.EvidenceForm, VictimsPermission.CHANGE)
    add("protection", f.ProtectionForm, VictimsPermission.CHANGE)
    add("consent", f.ConsentForm, VictimsPermission.MANAGE_CONSENT)
    add("support", f.SupportForm, VictimsPermission.RECORD_SUPPORT)
    add("referral", f.ReferralForm, VictimsPermission.REFER)
    add("link_case", f.LinkCaseForm, VictimsPermission.CHANGE)
    if view.plan is None and record.status != VictimStatus.NOT_VICTIM:
        add("plan", f.PlanForm, VictimsPermission.CHANGE)
    elif view.plan is not None:
        add("goal", f.GoalForm, VictimsPermission.CHANGE)
    add("visit", f.VisitForm, VictimsPermission.CHANGE)
    add("situation", f.SituationForm, VictimsPermission.CHANGE)
    return allowed


def _forms(
    view: selectors.VictimView, allowed: dict[str, type[Any]], opened: str | None
) -> dict[str, Any]:
    """The forms rendered on this request: the always-open ones and the opened action."""
    record = view.record
    shown: dict[str, Any] = {}
    for name, form_class in allowed.items():
        if name not in ALWAYS_OPEN and name != opened:
            continue
        initial: dict[str, Any] | None = None
        if name == "situation":
            initial = {
                "location": record.location,
                "accompanying_minors": record.accompanying_minors,
                "is_child": record.is_child,
                "owner_agency": record.owner_agency_id,
                "guardian_relation": record.guardian_relation,
            }
        form = form_class(auto_id=f"id_{name}_%s", initial=initial)
        agency_fields = getattr(form, "agency_fields", ())
        if agency_fields:
            agencies = [("", "---------")] + [
                (a.pk, a.name) for a in f.active_agencies().only("pk", "name")
            ]
            for field_name in agency_fields:
                form.fields[field_name].widget.choices = agencies
        shown[name] = form
    return shown


@require_http_methods(["GET"])
def victim_detail(request: HttpRequest, record_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    record = _record(request, record_id)
    view = selectors.victim_detail(actor=actor, record=record, reveal=_reveal(request))
    may_reveal = str(VictimsPermission.VIEW_IDENTITY) in view.actions
    allowed = _allowed(view)
    opened = request.GET.get("action") or None
    return render(
        request,
        "victims/detail.html",
        {
            "view": view,
            "record": record,
            "may_reveal": may_reveal,
            "allowed": allowed,
            "forms": _forms(view, allowed, opened),
            "may_approve": str(VictimsPermission.APPROVE_SUPPORT) in view.actions,
            "pending": ApprovalStatus.PENDING,
            "links": list(record.case_links.select_related("case", "case__agency")),
            "nav_section": "victims",
        },
    )


# -- actions -----------------------------------------------------------------------------------
def _run(
    request: HttpRequest,
    record: VictimRecord,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    done: str,
    reopen: str | None = None,
) -> HttpResponse:
    """Validate the form, run the service, come back to the file with a message (on a
    failure with the action's form opened again, `reopen`, so it can be corrected)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationFailed as exc:
            text = "; ".join(m for msgs in exc.fields.values() for m in msgs) or str(exc.message)
            messages.error(request, text)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, str(exc.message))
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect("victims:detail", record_id=record.pk)
    else:
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errs)}".strip(
                ": "
            )
            for name, errs in form.errors.items()
        )
        messages.error(request, errors)
    url = reverse("victims:detail", kwargs={"record_id": record.pk})
    return redirect(f"{url}?action={reopen}#action-{reopen}" if reopen else url)


def _yes(value: str) -> bool:
    return value == "yes"


ACTIONS: dict[str, tuple[type[Any], Callable[..., Any], Any]] = {}


def _action(name: str, form_class: type[Any], message: Any) -> Callable[..., Any]:
    def register(call: Callable[..., Any]) -> Callable[..., Any]:
        ACTIONS[name] = (form_class, call, message)
        return call

    return register


@_action("verify", f.VerifyForm, gettext_lazy("The initial verification has been recorded."))
def _verify(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.victim_verify(actor=actor, record=record, note=d["note"])


@_action("identify", f.IdentifyForm, gettext_lazy("The identification decision has been recorded."))
def _identify(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.victim_identify(actor=actor, record=record, **d)


@_action("evidence", f.EvidenceForm, gettext_lazy("The evidence has been recorded."))
def _evidence(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.evidence_add(actor=actor, record=record, **d)


@_action("protection", f.ProtectionForm, gettext_lazy("The protection measure has been recorded."))
def _protection(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.protection_add(actor=actor, record=record, **d)


@_action(
    "protection_end", f.ProtectionEndForm, gettext_lazy("The protection measure has been updated.")
)
def _protection_end(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.protection_end(
        actor=actor, record=record, measure_id=d["measure"], ended_on=d["ended_on"]
    )


@_action("consent", f.ConsentForm, gettext_lazy("The consent has been recorded."))
def _consent(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.consent_record(actor=actor, record=record, **d)


@_action("consent_withdraw", f.WithdrawForm, gettext_lazy("The consent has been withdrawn."))
def _withdraw(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.consent_withdraw(actor=actor, record=record, consent_id=d["consent"])


@_action("support", f.SupportForm, gettext_lazy("The support has been entered in the ledger."))
def _support(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.support_record(actor=actor, record=record, **d)


@_action("support_decide", f.SupportDecisionForm, gettext_lazy("The decision has been recorded."))
def _support_decide(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.support_decide(
        actor=actor,
        record=record,
        entry_id=d["entry"],
        approve=_yes(d["approve"]),
        reason=d["reason"],
    )


@_action("referral", f.ReferralForm, gettext_lazy("The referral has been sent."))
def _referral(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.referral_request(actor=actor, record=record, **d)


@_action("link_case", f.LinkCaseForm, gettext_lazy("The file has been linked to the case."))
def _link_case(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.victim_link_case(actor=actor, record=record, **d)


@_action("plan", f.PlanForm, gettext_lazy("The reintegration plan has been made."))
def _plan(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.plan_create(
        actor=actor,
        record=record,
        started_on=d["started_on"],
        follow_up_until=d["follow_up_until"],
        responsible_agency=d["responsible_agency"],
        goals=[services.GoalInput(d["goal_area"], d["goal_description"])],
    )


@_action("goal", f.GoalForm, gettext_lazy("The goal has been added."))
def _goal(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.goal_add(actor=actor, record=record, goal=services.GoalInput(**d))


@_action("goal_status", f.GoalStatusForm, gettext_lazy("The goal has been updated."))
def _goal_status(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.goal_set_status(
        actor=actor, record=record, goal_id=d["goal"], status=d["status"], on=d["on"]
    )


@_action("visit", f.VisitForm, gettext_lazy("The follow-up visit has been recorded."))
def _visit(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    return services.visit_record(actor=actor, record=record, **d)


@_action("situation", f.SituationForm, gettext_lazy("The changes have been saved."))
def _situation(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    guardian = services.Guardian(
        d["guardian_name"] or record.guardian_name,
        d["guardian_relation"],
        d["guardian_contact"] or record.guardian_contact,
    )
    return services.victim_update(
        actor=actor,
        record=record,
        location=d["location"],
        accompanying_minors=d["accompanying_minors"],
        is_child=d["is_child"],
        guardian=guardian,
        owner_agency=d["owner_agency"],
    )


@_action("exploitation", f.ExploitationFields, gettext_lazy("The changes have been saved."))
def _exploitation(actor: User, record: VictimRecord, d: dict[str, Any]) -> Any:
    form = f.ExploitationFields()
    form.cleaned_data = d
    return services.victim_update(actor=actor, record=record, exploitation=form.exploitation())


@require_POST
def victim_action(request: HttpRequest, record_id: uuid.UUID, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    actor = view_actor(request)
    record = _record(request, record_id)
    form_class, call, message = ACTIONS[action]
    form = form_class(request.POST)
    reopen = action if action in PANEL_ACTIONS else None
    return _run(request, record, form, lambda d: call(actor, record, d), str(message), reopen)


@require_http_methods(["GET", "POST"])
def victim_exploitation(request: HttpRequest, record_id: uuid.UUID) -> HttpResponse:
    """The exploitation details (HTCDS) on a page of their own."""
    actor = view_actor(request)
    record = _record(request, record_id)
    if not victim_record_policy.can(actor, VictimsPermission.CHANGE, record):
        raise Http404
    if request.method == "POST":
        return victim_action(request, record_id, "exploitation")
    form = f.ExploitationFields(
        initial={
            "exploitation_type": record.exploitation_type,
            "means_of_control": record.means_of_control,
            "recruitment_method": record.recruitment_method,
            "recruiter_relation": record.recruiter_relation,
            "recruitment_country": record.recruitment_country,
            "exploitation_country": record.exploitation_country,
            "transit_countries": ", ".join(record.transit_countries),
            "exploitation_place": record.exploitation_place,
            "exploitation_started_on": record.exploitation_started_on,
            "exploitation_ended_on": record.exploitation_ended_on,
            "account": record.account,
        }
    )
    return render(
        request,
        "victims/exploitation.html",
        {"form": form, "record": record, "nav_section": "victims"},
    )


# -- referrals addressed to one's agency ------------------------------------------------------
@require_http_methods(["GET"])
def referral_inbox(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not victim_record_policy.has_permission(actor, VictimsPermission.REFER):
        raise Http404
    return render(
        request,
        "victims/referrals.html",
        {
            "referrals": selectors.incoming_referrals(actor=actor),
            "form": f.ReferralAnswerForm(),
            "nav_section": "victims",
        },
    )


@require_POST
def referral_answer(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    form = f.ReferralAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an answer."))
        return redirect("victims:referrals")
    answer, note = form.cleaned_data["answer"], form.cleaned_data["note"]
    try:
        if answer == "done":
            services.referral_complete(actor=actor, referral_id=referral_id, note=note)
        else:
            services.referral_respond(
                actor=actor, referral_id=referral_id, accept=answer == "accept", note=note
            )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        text = "; ".join(m for msgs in exc.fields.values() for m in msgs) or str(exc.message)
        messages.error(request, text)
    else:
        messages.success(request, _("The answer has been recorded."))
    return redirect("victims:referrals")

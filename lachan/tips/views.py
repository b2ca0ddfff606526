"""Staff pages of the tips register: the work queues, the intake form, a tip with its
history, the transitions it allows now, messages to the reporter, and the register
book export. Reads go through the selectors, writes through the services; a tip out of
reach is a 404 like one that does not exist. Every page works without JavaScript."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lachan.access.permissions import TipsPermission
from lachan.access.policies.tips import tip_policy
from lachan.accounts.actors import view_actor
from lachan.accounts.models import User
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.people.forms import add_service_errors
from lachan.tips import selectors, services, suggestions
from lachan.tips.attachments import decode_body
from lachan.tips.cleaning import AttachmentInput
from lachan.tips.export import CONTENT_TYPE, tip_register_export
from lachan.tips.forms import (
    PERSON_ROWS,
    REGISTER_FIELD_MAP,
    AssignForm,
    AttachmentForm,
    ClassifyForm,
    ComplexForm,
    ConfirmForm,
    DecideForm,
    ExportForm,
    ExtendForm,
    GroupForm,
    MessageForm,
    QueueFilterForm,
    ResumeForm,
    SuspendForm,
    TipRegisterForm,
    TransferForm,
)
from lachan.tips.models import Tip, TipStatus
from lachan.tips.public.services import tip_register_with_receipt
from lachan.tips.selectors import Queue
from lachan.tips.transitions import Transition, allowed_transitions


def _get_tip(request: HttpRequest, tip_id: uuid.UUID) -> Tip:
    try:
        return selectors.tip_get(actor=view_actor(request), tip_id=tip_id)
    except NotFound:
        raise Http404 from None


def _put_errors(
    form: forms.Form, exc: ValidationFailed, field_map: dict[str, str] | None = None
) -> None:
    fields = {(field_map or {}).get(name, name): msgs for name, msgs in exc.fields.items()}
    add_service_errors(form, fields, str(exc.message))


# -- queue ---------------------------------------------------------------------------
QUEUE_TABS: tuple[tuple[str, str | Promise], ...] = (
    (Queue.MINE, gettext_lazy("My tips")),
    (Queue.UNASSIGNED, gettext_lazy("Unassigned")),
    (Queue.DUE_SOON, gettext_lazy("Due within 3 days")),
    (Queue.OVERDUE, gettext_lazy("Overdue")),
    (Queue.ALL, gettext_lazy("Register")),
)


def _default_queue(actor: User) -> str:
    if tip_policy.has_permission(actor, TipsPermission.VIEW_AGENCY):
        return (
            Queue.UNASSIGNED
            if tip_policy.has_permission(actor, TipsPermission.ASSIGN)
            else Queue.ALL
        )
    return Queue.MINE


@require_GET
def tip_queue(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not tip_policy.has_permission(actor, TipsPermission.VIEW):
        raise Http404
    queue = request.GET.get("queue") or _default_queue(actor)
    if queue not in Queue.CHOICES:
        raise Http404
    form = QueueFilterForm(request.GET or None)
    filters = form.to_filter(queue)
    try:
        page = selectors.tip_page(
            actor=actor, filters=filters, cursor=request.GET.get("cursor") or None
        )
    except ValidationFailed:
        raise Http404 from None  # a forged page link
    params = request.GET.copy()
    params.pop("cursor", None)
    tab_params = params.copy()
    tab_params.pop("queue", None)
    return render(
        request,
        "tips/queue.html",
        {
            "form": form,
            "page": page,
            "queue": queue,
            "tabs": QUEUE_TABS,
            "filter_query": params.urlencode(),
            "tab_query": tab_params.urlencode(),
            "counters": selectors.tip_counters(actor=actor),
            "waiting": selectors.public_waiting_count(),
            "may_register": tip_policy.may_register(actor),
            "may_export": tip_policy.may_export(actor),
        },
    )


# -- intake ----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def tip_register(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not tip_policy.may_register(actor):
        raise Http404
    chosen = [request.POST.get(f"person_{i}", "") for i in range(PERSON_ROWS)]
    persons = selectors.person_choices(
        actor=actor,
        query=request.POST.get("person_query", "") if "find_person" in request.POST else "",
        selected=[pk for pk in chosen if pk],
    )
    if "find_person" in request.POST:
        # Only a search: the form comes back with what was typed, nothing is registered.
        typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        form = TipRegisterForm(initial=typed, persons=persons)
        context = {"form": form, "person_search": request.POST.get("person_query", "")}
        return render(request, "tips/register_form.html", context)
    form = TipRegisterForm(request.POST or None, request.FILES or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        receipt = None
        try:
            if form.cleaned_data.get("give_receipt"):
                tip, receipt = tip_register_with_receipt(actor=actor, **form.service_kwargs())
            else:
                tip = services.tip_register(actor=actor, **form.service_kwargs())
        except ValidationFailed as exc:
            _put_errors(form, exc, REGISTER_FIELD_MAP)
        except PermissionDenied as exc:
            form.add_error(None, str(exc.message))
        else:
            if receipt is not None:  # committed; shown once, never in a URL or a flash
                context = {"tip": tip, "receipt": receipt}
                return render(request, "tips/public/operator_receipt.html", context)
            messages.success(
                request,
                _("The tip has been entered in the register as number %(number)s.")
                % {"number": tip.register_number},
            )
            return redirect("tips:detail", tip_id=tip.pk)
    return render(request, "tips/register_form.html", {"form": form})


# -- one tip --------------------------------------------------------------------------------
@require_GET
def tip_detail(request: HttpRequest, tip_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    tip = _get_tip(request, tip_id)
    reveal = request.GET.get("reveal") == "1"
    may_reveal = selectors.may_view_reporter(actor, tip)
    view = selectors.tip_detail(actor=actor, tip=tip, reveal_reporter=reveal and may_reveal)
    allowed = set(view.allowed_actions)
    return render(
        request,
        "tips/detail.html",
        {
            "tip": view,
            "may_reveal": may_reveal and not tip.reporter_anonymous,
            "panels": [
                {
                    "action": ACTIONS[t],
                    "form": ACTIONS[t].make_form(None, actor, tip),
                    "url": action_url(tip, t),
                }
                for t in ACTION_ORDER
                if t.value in allowed
            ],
            "may_attach": bool(
                tip_policy.actions_on(actor, tip) & {TipsPermission.CLASSIFY, TipsPermission.WORK}
            ),
            "attachment_form": AttachmentForm(),
            "triage": suggestions.panel(view.triage["suggestion"], view.content)
            if view.triage
            else None,
            "similar": selectors.similar_tips(actor=actor, tip=tip),
        },
    )


@require_GET
def tip_similar(request: HttpRequest, tip_id: uuid.UUID) -> HttpResponse:
    """Similar tips side by side with this one, each with a button to group them."""
    actor = view_actor(request)
    tip = _get_tip(request, tip_id)
    similar = selectors.similar_tips_compare(actor=actor, tip=tip)
    return render(
        request,
        "tips/similar.html",
        {
            "tip": tip,
            "similar": similar,
            "may_group": Transition.GROUP in allowed_transitions(tip, actor=actor),
        },
    )


@require_GET
def tip_attachment(
    request: HttpRequest, tip_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    tip = _get_tip(request, tip_id)
    try:
        attachment = selectors.tip_attachment_open(
            actor=view_actor(request), tip=tip, attachment_id=attachment_id
        )
    except NotFound:
        raise Http404 from None
    response = HttpResponse(decode_body(attachment.data), content_type=attachment.content_type)
    # Always a download: a file from the public must never render in the staff origin.
    response["Content-Disposition"] = f'attachment; filename="tep-{attachment.pk}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["POST"])
def tip_attachment_add(request: HttpRequest, tip_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    tip = _get_tip(request, tip_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["attachment"]
        try:
            services.tip_add_attachment(
                actor=actor, tip=tip, attachment=AttachmentInput(upload.name or "", upload.read())
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc.message)) from None
        except ValidationFailed as exc:
            for text in [m for msgs in exc.fields.values() for m in msgs] or [str(exc.message)]:
                messages.error(request, text)
        else:
            messages.success(request, _("The file has been added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("tips:detail", tip_id=tip.pk)


# -- transitions ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Action:
    transition: Transition
    title: str | Promise
    button: str | Promise
    done: str | Promise
    form_class: type[forms.Form]
    run: Callable[[User, Tip, dict[str, Any]], Any]
    form_kwargs: Callable[[User, Tip], dict[str, Any]] | None = None

    def make_form(self, data: Any, actor: User, tip: Tip) -> forms.Form:
        kwargs = self.form_kwargs(actor, tip) if self.form_kwargs else {}
        prefix = self.transition.value
        return self.form_class(data, prefix=prefix, **kwargs)


def _find_other(actor: User, tip: Tip, number: str) -> Tip:
    found = list(
        tip_policy.scope(actor).filter(register_number=number.strip()).exclude(pk=tip.pk)[:2]
    )
    if len(found) != 1:
        raise ValidationFailed(
            gettext_lazy("Please correct the errors below."),
            fields={"other": [gettext_lazy("No tip you can see has this number.")]},
        )
    return found[0]


def _classify_initial(tip: Tip) -> dict[str, Any]:
    """The tip's classification; before the first one, triage's suggestion (what was
    ticked at registration stays ticked) for the officer to confirm or correct."""
    values = {name: getattr(tip, name) for name in suggestions.COMPARED}
    if tip.status == TipStatus.RECEIVED:
        stored = selectors.stored_suggestion(tip)
        if stored:
            suggested = suggestions.suggested_values(stored)
            values = {
                **suggested,
                "urgent": tip.urgent or suggested["urgent"],
                "child_involved": tip.child_involved or suggested["child_involved"],
                "destination_country": tip.destination_country or suggested["destination_country"],
            }
    related = {True: "yes", False: "no", None: "unknown"}[values["trafficking_related"]]
    return {**values, "trafficking_related": related, "kind": tip.kind, "summary": tip.summary}


ACTIONS: dict[Transition, Action] = {
    a.transition: a
    for a in (
        Action(
            Transition.CLASSIFY,
            gettext_lazy("Classify"),
            gettext_lazy("Save classification"),
            gettext_lazy("The classification has been saved."),
            ClassifyForm,
            lambda actor, tip, data: services.tip_classify(actor=actor, tip=tip, **data),
            lambda actor, tip: {"initial": _classify_initial(tip)},
        ),
        Action(
            Transition.ASSIGN,
            gettext_lazy("Assign"),
            gettext_lazy("Assign"),
            gettext_lazy("The tip has been assigned."),
            AssignForm,
            lambda actor, tip, data: services.tip_assign(actor=actor, tip=tip, **data),
            lambda actor, tip: {
                "assignees": selectors.assignable_users(actor=actor),
                "initial": {"assignee": tip.assignee_id},
            },
        ),
        Action(
            Transition.VERIFY,
            gettext_lazy("Start verification"),
            gettext_lazy("Start verification"),
            gettext_lazy("Verification has started."),
            ConfirmForm,
            lambda actor, tip, data: services.tip_start_verification(actor=actor, tip=tip),
        ),
        Action(
            Transition.TRANSFER,
            gettext_lazy("Transfer to the competent agency"),
            gettext_lazy("Transfer the tip"),
            gettext_lazy("The tip has been transferred."),
            TransferForm,
            lambda actor, tip, data: services.tip_transfer(actor=actor, tip=tip, **data),
            lambda actor, tip: {"agencies": selectors.transfer_agencies(actor=actor, tip=tip)},
        ),
        Action(
            Transition.MARK_COMPLEX,
            gettext_lazy("Mark as complex"),
            gettext_lazy("Mark as complex"),
            gettext_lazy("The tip is marked complex: the deadline is now 2 months."),
            ComplexForm,
            lambda actor, tip, data: services.tip_mark_complex(actor=actor, tip=tip, **data),
        ),
        Action(
            Transition.EXTEND,
            gettext_lazy("Record the procuracy's extension"),
            gettext_lazy("Record extension"),
            gettext_lazy("The extension has been recorded."),
            ExtendForm,
            lambda actor, tip, data: services.tip_extend(actor=actor, tip=tip, **data),
        ),
        Action(
            Transition.DECIDE,
            gettext_lazy("Decide"),
            gettext_lazy("Record decision"),
            gettext_lazy("The decision has been recorded."),
            DecideForm,
            lambda actor, tip, data: services.tip_decide(actor=actor, tip=tip, **data),
        ),
        Action(
            Transition.SUSPEND,
            gettext_lazy("Suspend"),
            gettext_lazy("Suspend"),
            gettext_lazy("The tip has been suspended."),
            SuspendForm,
            lambda actor, tip, data: services.tip_suspend(actor=actor, tip=tip, **data),
        ),
        Action(
            Transition.RESUME,
            gettext_lazy("Resume"),
            gettext_lazy("Resume"),
            gettext_lazy("The tip has been resumed: one month remains."),
            ResumeForm,
            lambda actor, tip, data: services.tip_resume(actor=actor, tip=tip, **data),
        ),
        Action(
            Transition.MESSAGE,
            gettext_lazy("Write to the reporter"),
            gettext_lazy("Send"),
            gettext_lazy("The message has been sent."),
            MessageForm,
            lambda actor, tip, data: services.tip_message_to_reporter(actor=actor, tip=tip, **data),
        ),
        Action(
            Transition.GROUP,
            gettext_lazy("Group with a similar tip"),
            gettext_lazy("Group"),
            gettext_lazy("The tips have been grouped."),
            GroupForm,
            lambda actor, tip, data: services.tip_group(
                actor=actor, tip=tip, other=_find_other(actor, tip, data["other"])
            ),
        ),
    )
}
ACTION_ORDER = (
    # The usual next step first: the detail page opens it.
    Transition.VERIFY, Transition.DECIDE, Transition.RESUME, Transition.CLASSIFY,
    Transition.ASSIGN, Transition.MARK_COMPLEX, Transition.EXTEND, Transition.SUSPEND,
    Transition.TRANSFER, Transition.MESSAGE, Transition.GROUP,
)  # fmt: skip


@require_http_methods(["GET", "POST"])
def tip_action(request: HttpRequest, tip_id: uuid.UUID, action: str) -> HttpResponse:
    """One transition: its form (GET, or POST with errors) and its effect (POST). The
    detail page embeds the same forms; this page is where they land without scripts."""
    actor = view_actor(request)
    tip = _get_tip(request, tip_id)
    try:
        spec = ACTIONS[Transition(action)]
    except ValueError:
        raise Http404 from None
    if spec.transition not in allowed_transitions(tip, actor=actor):
        if request.method == "POST":
            messages.error(request, _("This action is not possible on this tip now."))
            return redirect("tips:detail", tip_id=tip.pk)
        raise Http404
    form = spec.make_form(request.POST if request.method == "POST" else None, actor, tip)
    if request.method == "POST" and form.is_valid():
        try:
            data = getattr(form, "service_kwargs", lambda: form.cleaned_data)()
            result = spec.run(actor, tip, data)
        except ValidationFailed as exc:
            _put_errors(form, exc)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, str(exc.message))
            return redirect("tips:detail", tip_id=tip.pk)
        else:
            messages.success(request, str(spec.done))
            if (
                spec.transition == Transition.TRANSFER
                and isinstance(result, Tip)
                and tip_policy.can(actor, TipsPermission.VIEW, result)
            ):
                return redirect("tips:detail", tip_id=result.pk)
            return redirect("tips:detail", tip_id=tip.pk)
    return render(
        request,
        "tips/action_form.html",
        {"tip": tip, "action": spec, "form": form, "url": action_url(tip, spec.transition)},
    )


# -- export ---------------------------------------------------------------------------------------
@require_GET
def tip_export(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not tip_policy.may_export(actor):
        raise Http404
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            export = tip_register_export(
                actor=actor,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
        except ValidationFailed as exc:
            _put_errors(form, exc)
        else:
            response = HttpResponse(export.content, content_type=CONTENT_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "tips/export.html", {"form": form})


def action_url(tip: Tip, transition: Transition) -> str:
    return reverse(f"tips:{transition.value}", kwargs={"tip_id": tip.pk})

"""Staff pages of record linkage: the review queue, one pair side by side with its
evidence, the decision (same / different / not sure), merge and unmerge, and the full
re-link with its progress. Reads through the selectors, writes through the services;
out of reach is a 404 like absent."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lachan.access.permissions import LinkagePermission, PeoplePermission
from lachan.access.policies.linkage import pair_policy, run_policy
from lachan.access.policies.people import person_policy
from lachan.accounts.actors import view_actor
from lachan.core.errors import DomainError, NotFound
from lachan.linkage import selectors, services
from lachan.linkage.models import PairStatus

STATUS_TABS = (
    (PairStatus.OPEN, PairStatus.OPEN.label),
    (PairStatus.UNSURE, PairStatus.UNSURE.label),
    (PairStatus.SAME, PairStatus.SAME.label),
    (PairStatus.DIFFERENT, PairStatus.DIFFERENT.label),
)


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not pair_policy.can(actor, LinkagePermission.REVIEW):
        raise Http404
    status = request.GET.get("status") or PairStatus.OPEN
    if status not in PairStatus.values:
        status = PairStatus.OPEN
    page = selectors.pair_queue(actor=actor, status=status, offset=_int(request.GET.get("offset")))
    return render(
        request,
        "linkage/queue.html",
        {
            "page": page,
            "status": status,
            "tabs": STATUS_TABS,
            "may_run": run_policy.can(actor, LinkagePermission.RUN),
            "runs": selectors.run_list(actor=actor, limit=3),
            "labels": selectors.label_summary(actor=actor),
        },
    )


@require_http_methods(["GET"])
def pair_detail(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    try:
        pair = selectors.pair_get(actor=actor, pair_id=pair_id)
    except NotFound:
        raise Http404 from None
    reveal = request.GET.get("reveal") in ("1", "true", "on")
    view = selectors.pair_detail(actor=actor, pair=pair, reveal=reveal)
    return render(
        request,
        "linkage/pair_detail.html",
        {
            "pair": view,
            "may_reveal": person_policy.can(actor, PeoplePermission.VIEW_IDENTITY),
            "may_merge": pair_policy.can(actor, LinkagePermission.MERGE),
            "decisions": (
                (PairStatus.SAME, _("Same person")),
                (PairStatus.DIFFERENT, _("Different persons")),
                (PairStatus.UNSURE, _("Not sure")),
            ),
        },
    )


@require_POST
def pair_decide(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    try:
        pair = selectors.pair_get(actor=actor, pair_id=pair_id)
    except NotFound:
        raise Http404 from None
    decision = request.POST.get("decision", "")
    try:
        services.pair_decide(actor=actor, pair=pair, decision=decision)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("linkage:pair", pair_id=pair.pk)
    if decision == PairStatus.SAME:
        messages.success(request, _("Decision saved: the two records are one person."))
    else:
        messages.success(request, _("Decision saved."))
    return redirect("linkage:pair", pair_id=pair.pk)


@require_POST
def cluster_unmerge(request: HttpRequest, cluster_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    try:
        cluster = selectors.cluster_get(actor=actor, cluster_id=cluster_id)
        services.cluster_unmerge(
            actor=actor, cluster=cluster, merge_id=request.POST.get("merge") or None
        )
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The merge has been undone."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("linkage:queue"))


@require_POST
def relink_start(request: HttpRequest) -> HttpResponse:
    actor = view_actor(request)
    if not run_policy.can(actor, LinkagePermission.RUN):
        raise Http404
    try:
        run = services.relink_start(actor=actor)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("linkage:queue")
    messages.success(request, _("The re-link has been queued."))
    return redirect("linkage:run", run_id=run.pk)


@require_http_methods(["GET"])
def run_detail(request: HttpRequest, run_id: uuid.UUID) -> HttpResponse:
    actor = view_actor(request)
    try:
        run = selectors.run_get(actor=actor, run_id=run_id)
    except NotFound:
        raise Http404 from None
    return render(request, "linkage/run_detail.html", {"run": run})

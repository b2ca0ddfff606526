"""Break-glass page: shown to supervisors only (everyone else gets 404); the record's
existence is never revealed before a reason is given, and then only by opening it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lachan.access.breakglass import parse_object_id, target_for_type
from lachan.access.forms import BreakGlassForm
from lachan.access.policies.access import break_glass_grant_policy
from lachan.access.services import break_glass_hours, break_glass_open
from lachan.core.errors import NotFound, ValidationFailed


@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    if not break_glass_grant_policy.may_open(request.user):
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    target = target_for_type(data.get("type", ""))
    object_id = parse_object_id(data.get("id", ""))
    if target is None or object_id is None:
        raise Http404

    if request.method == "POST":
        form = BreakGlassForm(request.POST)
        if form.is_valid():
            try:
                grant = break_glass_open(
                    actor=request.user,  # type: ignore[arg-type]
                    object_type=target.object_type,
                    object_id=object_id,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationFailed as exc:
                for message in exc.fields.get("reason", [str(exc.message)]):
                    form.add_error("reason", message)
            except NotFound:
                raise Http404 from None
            else:
                until = formats.date_format(
                    timezone.localtime(grant.expires_at), "SHORT_DATETIME_FORMAT"
                )
                messages.warning(
                    request,
                    _("Break-glass access granted until %(until)s. It is recorded.")
                    % {"until": until},
                )
                return redirect(target.detail_url(grant.object_id))
    else:
        form = BreakGlassForm(initial={"type": target.object_type, "id": str(object_id)})

    return render(
        request,
        "access/break_glass.html",
        {
            "form": form,
            "target": target,
            "object_id": object_id,
            "hours": break_glass_hours(),
        },
    )

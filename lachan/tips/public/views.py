"""Public pages: send a tip, follow it with the receipt code.

No login. The receipt code travels only in POST bodies and in the page answering a
POST — never in a URL, a redirect, the session or a flash message. The security
middleware marks every response ``Cache-Control: no-store``. Nothing about the request
(IP address, User-Agent, forwarding headers) is read here."""

from __future__ import annotations

import secrets
from typing import cast

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lachan.core.errors import ValidationFailed
from lachan.people.forms import add_service_errors
from lachan.tips.public import services
from lachan.tips.public.forms import PublicTipForm, ReceiptForm, ReporterMessageForm
from lachan.tips.public.tokens import token_issue

CLIENT_COOKIE = "lachan_public_client"
_CLIENT_MAX_AGE = 24 * 3600

# Service field names → form field names.
_FIELD_MAP = {"content": "what", "places": "province", "reporter.contact_note": "contact"}


def _client_token(request: HttpRequest) -> str:
    """A random per-browser token for throttling wrong receipts (not an identifier of a
    person: it is random, lives a day and is only ever stored as a keyed hash)."""
    value = request.COOKIES.get(CLIENT_COOKIE, "")
    if 20 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum():
        return value
    return secrets.token_urlsafe(24)


def _with_client(request: HttpRequest, response: HttpResponse, client: str) -> HttpResponse:
    if request.COOKIES.get(CLIENT_COOKIE) != client:
        response.set_cookie(
            CLIENT_COOKIE,
            client,
            max_age=_CLIENT_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _form_page(request: HttpRequest, form: PublicTipForm, *, status: int = 200) -> HttpResponse:
    token, not_before = token_issue()
    # A fresh token for each rendering; the typed text stays in the bound form.
    if form.is_bound:
        bound = cast(QueryDict, form.data).copy()
        bound["token"] = token
        form.data = bound
    else:
        form.initial["token"] = token
    return render(
        request,
        "tips/public/form.html",
        {"form": form, "not_before": not_before},
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def public_tip_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, PublicTipForm())
    form = PublicTipForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, status=422)
    if form.honeypot_filled():
        form.add_error(None, _("Your report could not be sent. Please check it and send again."))
        return _form_page(request, form, status=422)
    try:
        _stored, code = services.public_tip_submit(
            token=form.cleaned_data["token"], data=form.to_input()
        )
    except ValidationFailed as exc:
        fields = {_FIELD_MAP.get(k, k): v for k, v in exc.fields.items()}
        if "token" in fields:
            form.add_error(None, fields.pop("token")[0])
        add_service_errors(form, fields, str(exc.message))
        return _form_page(request, form, status=422)
    # The staging row has committed: the receipt points to a stored submission, which
    # the background task enters in the register within moments.
    return render(request, "tips/public/receipt.html", {"receipt": code, "replaced": False})


def _status_page(
    request: HttpRequest, follow: services.FollowUp, client: str, *, sent: bool = False
) -> HttpResponse:
    message_form = ReporterMessageForm(initial={"receipt": follow.receipt})
    context = {
        "follow": follow,
        "status": services.status_words(follow.tip),
        "messages_list": services.public_messages(follow.tip),
        "message_form": message_form,
        "message_later": services.MESSAGE_LATER,
        "sent": sent,
    }
    return _with_client(request, render(request, "tips/public/status.html", context), client)


@login_not_required
@require_http_methods(["GET", "POST"])
def public_follow_up(request: HttpRequest) -> HttpResponse:
    client = _client_token(request)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        receipt = form.cleaned_data["receipt"]
        try:
            if (request.POST.get("body") or "").strip():
                message_form = ReporterMessageForm(request.POST)
                if message_form.is_valid():
                    try:
                        follow = services.public_message(
                            receipt=receipt, client=client, body=message_form.cleaned_data["body"]
                        )
                    except services.NotYetRegistered:
                        # Not an error for the reporter: the status page says when.
                        follow = services.public_follow_up(receipt=receipt, client=client)
                        return _status_page(request, follow, client)
                    return _status_page(request, follow, client, sent=True)
            follow = services.public_follow_up(receipt=receipt, client=client)
            return _status_page(request, follow, client)
        except (ValidationFailed, services.Throttled) as exc:
            # A fresh form: the wrong code is not echoed back.
            context = {"form": ReceiptForm(), "error": str(exc.message)}
            response = render(request, "tips/public/follow_up.html", context, status=422)
            return _with_client(request, response, client)
    response = render(request, "tips/public/follow_up.html", {"form": form})
    return _with_client(request, response, client)

"""One's own account: who am I, change password, personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lachan.access.policies.accounts import api_token_policy
from lachan.accounts import selectors, services
from lachan.accounts.api_tokens import api_token_create, api_token_revoke
from lachan.accounts.forms import TokenCreateForm, add_service_errors
from lachan.accounts.models import User
from lachan.accounts.views.common import domain_errors
from lachan.core.errors import Conflict, ValidationFailed


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # LoginRequiredMiddleware guarantees it
    return request.user


def _profile(
    request: HttpRequest,
    *,
    password_form: PasswordChangeForm | None = None,
    token_form: TokenCreateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    me = _me(request)
    may_create = api_token_policy.can_create_own(me)
    if password_form is None:
        password_form = PasswordChangeForm(me)
        # Django focuses the old password; on this page that would scroll past "who am I".
        password_form.fields["old_password"].widget.attrs.pop("autofocus", None)
    context: dict[str, Any] = {
        "me": me,
        "password_form": password_form,
        "tokens": selectors.api_token_list(actor=me),
        "may_create_token": may_create,
        "now": timezone.now(),
        "token_form": (token_form or TokenCreateForm()) if may_create else None,
    }
    return render(request, "accounts/profile.html", context, status=status)


@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request)


@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = PasswordChangeForm(me, request.POST)
    if form.is_valid():
        try:
            services.user_password_change(actor=me, new_password=form.cleaned_data["new_password1"])
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            # Keeps this session; every other session of the user has ended.
            update_session_auth_hash(request, me)
            messages.success(
                request, _("Your password has been changed. Your other sessions have ended.")
            )
            return redirect("accounts:profile")
    return _profile(request, password_form=form)


@require_POST
@domain_errors
def token_create(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            issued = api_token_create(
                actor=me, user=me, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            # Rendered, not redirected: the secret lives in this one response only.
            return render(
                request,
                "accounts/token_created.html",
                {"token": issued.token, "secret": issued.secret},
            )
    return _profile(request, token_form=form)


@require_POST
@domain_errors
def token_revoke(request: HttpRequest, pk: str) -> HttpResponse:
    me = _me(request)
    token = selectors.api_token_get(actor=me, pk=pk)
    try:
        api_token_revoke(actor=me, token=token)
    except Conflict as exc:
        messages.warning(request, str(exc.message))
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:profile")

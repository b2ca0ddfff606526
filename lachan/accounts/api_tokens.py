"""Personal API tokens: issuing (shown once) and the bearer authentication of the API.

A token reads ``lc_<prefix>_<secret>``; the prefix lets an owner recognise it in the
list, only the SHA-256 of the whole token is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from lachan.access.permissions import AccountsPermission
from lachan.accounts.models import ApiToken, User
from lachan.audit.services import audit_record
from lachan.core.errors import PermissionDenied, ValidationFailed

MAX_TOKEN_DAYS = 365


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the only time the full token exists outside the caller's hands


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, actor: User, user: User, name: str, days: int = 90) -> IssuedToken:
    """Issue a token for ``user`` (the actor themselves, or a command run by an admin)."""
    from lachan.access.policies.accounts import user_policy

    if actor.pk == user.pk:
        if not user_policy.can(actor, AccountsPermission.CREATE_API_TOKEN):
            raise PermissionDenied(_("Your role cannot create API tokens."))
    elif not (
        user_policy.can(actor, AccountsPermission.MANAGE_ALL_USERS, user)
        or user_policy.can(actor, AccountsPermission.MANAGE_AGENCY_USERS, user)
    ):
        raise PermissionDenied(_("You cannot create tokens for this user."))
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the token a name."), fields={"name": [_("Required.")]})
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed(
            _("A token is valid for 1 to 365 days."), fields={"days": [_("1 to 365.")]}
        )
    if not user.is_active:
        raise ValidationFailed(_("The user is disabled."))
    prefix = secrets.token_hex(4)
    raw = f"lc_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            token_hash=_hash(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            target=token,
            changes={"user": str(user.pk), "days": days},
        )
    return IssuedToken(token=token, secret=raw)


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit_record(actor=actor, action="api_token.revoke", target=token)


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__agency")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user

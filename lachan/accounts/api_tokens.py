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

from lachan.accounts.models import ApiToken, User
from lachan.audit.services import audit_record
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

MAX_TOKEN_DAYS = 365
DEFAULT_TOKEN_DAYS = 90


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the only time the full token exists outside the caller's hands


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    *, actor: User | None, user: User, name: str, days: int = DEFAULT_TOKEN_DAYS
) -> IssuedToken:
    """Issue a token for ``user``: the actor themselves (their role must allow tokens)
    or, with ``actor=None``, the server's command line (``manage.py create_api_token``),
    whose operator already holds the keys to everything."""
    from lachan.access.policies.accounts import api_token_policy, user_policy

    if actor is not None:
        if actor.pk != user.pk:
            if not user_policy.in_scope(actor, user):
                raise NotFound(_("Not found."))
            raise PermissionDenied(_("You can only create tokens for yourself."))
        if not api_token_policy.can_create_own(actor):
            raise PermissionDenied(_("Your role cannot create API tokens."))
    name = name.strip()
    errors: dict[str, list[Any]] = {}
    if not name:
        errors["name"] = [_("Give the token a name.")]
    elif len(name) > 100:
        errors["name"] = [_("At most 100 characters.")]
    if not 1 <= days <= MAX_TOKEN_DAYS:
        errors["days"] = [_("A token is valid for 1 to 365 days.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), fields=errors)
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
            agency=user.agency if actor is None else None,
        )
    return IssuedToken(token=token, secret=raw)


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """The owner ends one of their tokens at once."""
    from lachan.access.policies.accounts import api_token_policy

    if not api_token_policy.in_scope(actor, token):
        raise NotFound(_("Not found."))
    if token.revoked_at is not None:
        raise Conflict(_("This token is already revoked."))
    now = timezone.now()
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not revoked:  # a parallel request was first
            raise Conflict(_("This token is already revoked."))
        audit_record(actor=actor, action="api_token.revoke", target=token)
    token.revoked_at = now
    return token


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

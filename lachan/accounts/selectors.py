"""Reads on users, agencies and tokens, always through the access policies: what is
out of the actor's reach reads as absent."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lachan.access.grants import permissions_for
from lachan.access.policies.accounts import agency_policy, api_token_policy, user_policy
from lachan.accounts.models import Agency, ApiToken, User
from lachan.core.text import fold


def user_list(*, actor: User, query: str = "", agency_id: Any = None) -> QuerySet[User]:
    users = user_policy.scope(actor).select_related("agency")
    if key := fold(query):
        # Diacritic-insensitive: "nguyen van" finds "Nguyễn Văn …".
        handle = fold(query, keep_punctuation=True).replace(" ", "")
        users = users.filter(Q(username__icontains=handle) | Q(name_key__contains=key))
    if agency_id:
        users = users.filter(agency_id=agency_id)
    return users.order_by("username")


def user_get(*, actor: User, pk: Any) -> User:
    return user_policy.get(actor, pk, User.objects.select_related("agency"))


def user_permissions(user: User) -> list[str]:
    return sorted(str(p) for p in permissions_for(user.role)) if user.is_active else []


def agency_list(*, actor: User, query: str = "") -> QuerySet[Agency]:
    agencies = agency_policy.scope(actor).select_related("parent", "admin_unit")
    if key := fold(query):
        agencies = agencies.filter(name_key__contains=key)
    return agencies.order_by("name")


def agency_get(*, actor: User, pk: Any) -> Agency:
    return agency_policy.get(actor, pk, Agency.objects.select_related("parent", "admin_unit"))


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    """The actor's own tokens that are not revoked (expired ones included, marked)."""
    return api_token_policy.scope(actor).filter(revoked_at__isnull=True).order_by("-created_at")


def api_token_get(*, actor: User, pk: Any) -> ApiToken:
    return api_token_policy.get(actor, pk)

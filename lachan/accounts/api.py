"""/api/v1/accounts/: who am I, and one's own API tokens. A bearer token acts as its
user, with exactly the user's permissions."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from lachan.accounts import selectors
from lachan.accounts.api_tokens import api_token_create, api_token_revoke
from lachan.accounts.models import ApiToken, User
from lachan.accounts.schemas import AgencyRef, MeOut, TokenCreatedOut, TokenCreateIn, TokenOut

router = Router(tags=["accounts"])


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every route requires authentication
    return request.user


def _token_out(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "last_used_at": token.last_used_at,
    }


@router.get("/me", response=MeOut, summary="The authenticated user")
def me(request: HttpRequest) -> MeOut:
    user = _me(request)
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        role_label=str(user.get_role_display()) if user.role else "",
        agency=AgencyRef(id=user.agency.pk, name=user.agency.name) if user.agency else None,
        permissions=selectors.user_permissions(user),
    )


@router.get("/tokens", response=list[TokenOut], summary="My API tokens (not revoked)")
def token_list(request: HttpRequest) -> list[dict[str, object]]:
    return [_token_out(t) for t in selectors.api_token_list(actor=_me(request))]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut},
    summary="Create an API token for myself (the token is in this response only)",
)
def token_create(request: HttpRequest, payload: TokenCreateIn) -> Status[dict[str, object]]:
    user = _me(request)
    issued = api_token_create(actor=user, user=user, name=payload.name, days=payload.days)
    return Status(201, {**_token_out(issued.token), "token": issued.secret})


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def token_revoke(request: HttpRequest, token_id: uuid.UUID) -> Status[None]:
    user = _me(request)
    token = selectors.api_token_get(actor=user, pk=token_id)
    api_token_revoke(actor=user, token=token)
    return Status(204, None)

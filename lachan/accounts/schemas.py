"""Request and response shapes of the accounts API."""

from __future__ import annotations

import uuid
from datetime import datetime

from ninja import Schema
from pydantic import Field

from lachan.accounts.api_tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS


class AgencyRef(Schema):
    id: uuid.UUID
    name: str


class MeOut(Schema):
    id: uuid.UUID
    username: str
    full_name: str
    role: str
    role_label: str
    agency: AgencyRef | None
    permissions: list[str] = Field(description="What the role allows, e.g. people.view.")


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="The token starts with lc_<prefix>_.")
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


class TokenCreateIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    days: int = Field(default=DEFAULT_TOKEN_DAYS, ge=1, le=MAX_TOKEN_DAYS)


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself. Shown only in this response.")

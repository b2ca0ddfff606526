"""API shapes of persons. Identity fields come masked unless the response says
``identity_visible: true`` (asked with ``?reveal=true`` and allowed)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class IdentifierOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    value: str = Field(description="As entered; masked unless identity_visible.")


class AddressOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    text: str = Field(description='As entered; "***" unless identity_visible.')
    admin_unit_code: str
    admin_unit_name: str


class PersonSummaryOut(Schema):
    id: uuid.UUID
    identity_visible: bool
    full_name: str = Field(description='Masked ("N*** T** H***") unless identity_visible.')
    aliases: list[str]
    sex: str
    sex_label: str
    birth_date: str = Field(description='ISO date when identity_visible and known, else "".')
    birth_year: int | None
    birth_precision: str
    ethnicity: str
    ethnicity_label: str
    nationality: str
    nationality_label: str
    admin_unit_code: str
    admin_unit_name: str
    owner_agency_name: str
    created_at: dt.datetime
    updated_at: dt.datetime


class PersonOut(PersonSummaryOut):
    identifiers: list[IdentifierOut]
    addresses: list[AddressOut]


class PersonPageOut(Schema):
    items: list[PersonSummaryOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class IdentifierIn(Schema):
    kind: str = Field(description="cccd, cmnd, passport, phone, facebook, zalo, telegram, …")
    value: str = Field(max_length=200)


class AddressIn(Schema):
    kind: str = Field(description="permanent, current, birthplace or other")
    text: str = Field(max_length=500)
    admin_unit_code: str | None = Field(None, description="Current province or commune code.")


class PersonCreateIn(Schema):
    full_name: str = Field(max_length=200)
    aliases: list[str] = []
    sex: str = "unknown"
    birth_date: dt.date | None = None
    birth_year: int | None = None
    birth_precision: str | None = Field(
        None, description="exact, year, approximate or unknown; worked out when omitted."
    )
    ethnicity: str = Field("", description='Statistics office code "01"–"54", foreign, unknown.')
    nationality: str = Field("VN", description="ISO 3166-1 alpha-2 (XX stateless).")
    admin_unit_code: str | None = None
    identifiers: list[IdentifierIn] = []
    addresses: list[AddressIn] = []


class PersonUpdateIn(Schema):
    """Only the fields sent change. The birth fields go together: sending any of them
    replaces the birth information as a whole."""

    full_name: str | None = Field(None, max_length=200)
    aliases: list[str] | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = None
    birth_precision: str | None = None
    ethnicity: str | None = None
    nationality: str | None = None
    admin_unit_code: str | None = Field(None, description='"" clears the place of residence.')

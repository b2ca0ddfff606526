"""Persons over the API (/api/v1/people/). Same selectors and services as the staff
pages: out of reach is 404 ``not_found``, identity is masked unless asked for with
``?reveal=true`` and allowed — and then the view is audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lachan.access.permissions import PeoplePermission
from lachan.access.policies.people import person_policy
from lachan.accounts.actors import api_actor
from lachan.core.errors import NotFound, ValidationFailed
from lachan.geo.models import AdminUnit, Era
from lachan.people import selectors, services
from lachan.people.models import Person
from lachan.people.schemas import (
    AddressIn,
    AddressOut,
    IdentifierIn,
    IdentifierOut,
    PersonCreateIn,
    PersonOut,
    PersonPageOut,
    PersonUpdateIn,
)

router = Router(tags=["people"])


class PersonListQuery(Schema):
    q: str | None = None
    sex: str | None = None
    cursor: str | None = None
    limit: int = selectors.DEFAULT_PAGE_SIZE
    reveal: bool = False


def _unit(code: str | None, field: str) -> AdminUnit | None:
    if not code:
        return None
    unit = AdminUnit.objects.filter(era=Era.CURRENT, code=code.strip()).first()
    if unit is None:
        raise ValidationFailed(
            _("Please correct the errors below."),
            fields={field: [_("No current province or commune has this code.")]},
        )
    return unit


def _person(request: HttpRequest, person_id: str) -> Person:
    return selectors.person_get(actor=api_actor(request), person_id=person_id)


def _shown(request: HttpRequest, person: Person, *, reveal: bool) -> dict[str, Any]:
    actor = api_actor(request)
    if reveal:
        return selectors.person_identity_view(actor=actor, person=person).as_dict()
    return selectors.person_detail(actor=actor, person=person).as_dict()


@router.get("/", response=PersonPageOut, url_name="people_list")
def list_persons(request: HttpRequest, query: Query[PersonListQuery]) -> dict[str, Any]:
    """Persons in reach, newest first. `q` is a name (any syllables, diacritics
    optional) or a phone/ID/account number in any notation. `reveal=true` unmasks the
    rows the caller may see, and is audited."""
    actor = api_actor(request)
    if not person_policy.can(actor, PeoplePermission.VIEW):
        raise NotFound(_("Not found."))
    page = selectors.person_list(
        actor=actor,
        query=query.q,
        sex=query.sex,
        cursor=query.cursor,
        limit=query.limit,
        reveal=query.reveal,
    )
    return {"items": [item.as_dict() for item in page.items], "next_cursor": page.next_cursor}


@router.post("/", response={201: PersonOut}, url_name="people_create")
def create_person(request: HttpRequest, payload: PersonCreateIn) -> Status[dict[str, Any]]:
    """Record a person in the caller's agency. The answer is masked like any read."""
    person = services.person_create(
        actor=api_actor(request),
        full_name=payload.full_name,
        aliases=payload.aliases,
        sex=payload.sex,
        birth_date=payload.birth_date,
        birth_year=payload.birth_year,
        birth_precision=payload.birth_precision,
        ethnicity=payload.ethnicity,
        nationality=payload.nationality,
        admin_unit=_unit(payload.admin_unit_code, "admin_unit_code"),
        identifiers=[services.IdentifierInput(i.kind, i.value) for i in payload.identifiers],
        addresses=[
            services.AddressInput(
                a.kind, a.text, _unit(a.admin_unit_code, f"addresses.{n}.admin_unit_code")
            )
            for n, a in enumerate(payload.addresses)
        ],
    )
    return Status(201, _shown(request, _person(request, str(person.pk)), reveal=False))


@router.get("/{person_id}", response=PersonOut, url_name="people_detail")
def get_person(request: HttpRequest, person_id: str, reveal: bool = False) -> dict[str, Any]:
    """One person, masked; `reveal=true` returns the identity when allowed (403
    otherwise) and records the view in the audit trail."""
    return _shown(request, _person(request, person_id), reveal=reveal)


@router.patch("/{person_id}", response=PersonOut, url_name="people_update")
def update_person(request: HttpRequest, person_id: str, payload: PersonUpdateIn) -> dict[str, Any]:
    """Change the fields sent (see the schema for the birth fields)."""
    person = _person(request, person_id)
    changes = payload.dict(exclude_unset=True)
    if "admin_unit_code" in changes:
        changes["admin_unit"] = _unit(changes.pop("admin_unit_code"), "admin_unit_code")
    for name in ("full_name", "sex", "ethnicity", "nationality"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    if changes.get("aliases", ()) is None:
        changes["aliases"] = []
    services.person_update(actor=api_actor(request), person=person, **changes)
    return _shown(request, _person(request, person_id), reveal=False)


@router.post(
    "/{person_id}/identifiers", response={201: IdentifierOut}, url_name="people_identifier_add"
)
def add_identifier(
    request: HttpRequest, person_id: str, payload: IdentifierIn
) -> Status[dict[str, Any]]:
    person = _person(request, person_id)
    identifier = services.person_add_identifier(
        actor=api_actor(request), person=person, kind=payload.kind, value=payload.value
    )
    shown = selectors.person_detail(actor=api_actor(request), person=_person(request, person_id))
    return Status(201, next(i for i in shown.identifiers if i["id"] == identifier.pk))


@router.delete(
    "/{person_id}/identifiers/{identifier_id}",
    response={204: None},
    url_name="people_identifier_remove",
)
def remove_identifier(
    request: HttpRequest, person_id: str, identifier_id: uuid.UUID
) -> Status[None]:
    services.person_remove_identifier(
        actor=api_actor(request), person=_person(request, person_id), identifier_id=identifier_id
    )
    return Status(204, None)


@router.post("/{person_id}/addresses", response={201: AddressOut}, url_name="people_address_add")
def add_address(request: HttpRequest, person_id: str, payload: AddressIn) -> Status[dict[str, Any]]:
    person = _person(request, person_id)
    address = services.person_add_address(
        actor=api_actor(request),
        person=person,
        kind=payload.kind,
        text=payload.text,
        admin_unit=_unit(payload.admin_unit_code, "admin_unit_code"),
    )
    shown = selectors.person_detail(actor=api_actor(request), person=_person(request, person_id))
    return Status(201, next(a for a in shown.addresses if a["id"] == address.pk))


@router.delete(
    "/{person_id}/addresses/{address_id}",
    response={204: None},
    url_name="people_address_remove",
)
def remove_address(request: HttpRequest, person_id: str, address_id: uuid.UUID) -> Status[None]:
    services.person_remove_address(
        actor=api_actor(request), person=_person(request, person_id), address_id=address_id
    )
    return Status(204, None)

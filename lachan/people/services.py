"""Writes on persons: create, update, identifiers and addresses.

Every service takes the acting user first, checks the person policy, validates before
touching the database, keeps the blind indexes in step with the encrypted values and
records one audit event in the same transaction. Audit events name the fields that
changed (and non-personal codes such as an identifier's kind) — never their content.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import PeoplePermission
from lachan.access.policies.people import person_policy
from lachan.accounts.models import Agency, User
from lachan.audit.services import audit_record
from lachan.core.errors import NotFound, PermissionDenied, ValidationFailed
from lachan.core.identifiers import IdentifierKind, identifier_index, normalize_identifier
from lachan.core.text import has_letter, name_display, name_key, nfc, squash_spaces
from lachan.geo.models import AdminUnit, Era
from lachan.linkage.services import linkage_check_person
from lachan.networks.store import networks_mark_stale
from lachan.people.countries import is_country_code
from lachan.people.ethnicities import ETHNICITY_CODES
from lachan.people.indexing import name_index, token_indexes
from lachan.people.models import (
    AddressKind,
    BirthPrecision,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonNameToken,
    Sex,
)

MAX_NAME_LENGTH = 200
MAX_ALIASES = 20
MAX_ADDRESS_LENGTH = 500
MAX_IDENTIFIER_LENGTH = 200
EARLIEST_BIRTH_YEAR = 1900

Errors = dict[str, list[str | Promise]]


class _Unset(Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET
Unset = Literal[_Unset.UNSET]


@dataclass(frozen=True)
class IdentifierInput:
    kind: str
    value: str


@dataclass(frozen=True)
class AddressInput:
    kind: str
    text: str
    admin_unit: AdminUnit | None = None


# -- access -------------------------------------------------------------------------------
def _require_create(actor: User) -> Agency:
    """The agency that will own the new record."""
    if not person_policy.can(actor, PeoplePermission.CREATE):
        raise PermissionDenied(_("Your role cannot record persons."))
    if actor.agency is None:
        raise PermissionDenied(_("Your account is not attached to an agency."))
    return actor.agency


def _require_change(actor: User, person: Person) -> None:
    """NotFound when the person is out of reach; PermissionDenied when the actor may
    see the record but not change it."""
    if person_policy.can(actor, PeoplePermission.CHANGE, person):
        return
    if person_policy.can(actor, PeoplePermission.VIEW, person):
        raise PermissionDenied(_("You may not change this person's record."))
    raise NotFound(_("Not found."))


def _fail(errors: Errors) -> None:
    if errors:
        raise ValidationFailed(_("Please correct the errors below."), fields=errors)


# -- field validation ------------------------------------------------------------------------
def _clean_full_name(value: str, errors: Errors) -> str:
    cleaned = name_display(value or "")
    if not cleaned:
        errors.setdefault("full_name", []).append(_("Enter the person's full name."))
    elif len(cleaned) > MAX_NAME_LENGTH:
        errors.setdefault("full_name", []).append(_("The name is too long (200 characters)."))
    elif not has_letter(cleaned):
        errors.setdefault("full_name", []).append(_("A name must contain letters."))
    return cleaned


def _clean_aliases(values: Sequence[str], full_name: str, errors: Errors) -> list[str]:
    seen = {name_key(full_name)}
    cleaned: list[str] = []
    for value in values:
        alias = name_display(value or "")
        key = name_key(alias)
        if not key or key in seen:
            continue  # blanks and repeats of the name are dropped, not refused
        if len(alias) > MAX_NAME_LENGTH:
            errors.setdefault("aliases", []).append(_("An other name is too long."))
            continue
        seen.add(key)
        cleaned.append(alias)
    if len(cleaned) > MAX_ALIASES:
        errors.setdefault("aliases", []).append(_("At most 20 other names."))
    return cleaned


def _clean_choice(
    field: str, value: str, allowed: set[str] | frozenset[str], errors: Errors
) -> str:
    if value not in allowed:
        errors.setdefault(field, []).append(_("Choose a value from the list."))
    return value


def _clean_nationality(value: str, errors: Errors) -> str:
    code = (value or "").strip().upper()
    if not is_country_code(code):
        errors.setdefault("nationality", []).append(_("Choose a country from the list."))
    return code


def _clean_unit(field: str, unit: AdminUnit | None, errors: Errors) -> AdminUnit | None:
    if unit is not None and unit.era != Era.CURRENT:
        errors.setdefault(field, []).append(
            _("Choose a current administrative unit (from 01/07/2025).")
        )
    return unit


@dataclass(frozen=True)
class _Birth:
    date: str  # ISO date, or "" (stored encrypted)
    year: int | None
    precision: str


def _clean_birth(
    birth_date: dt.date | None, birth_year: int | None, precision: str | None, errors: Errors
) -> _Birth:
    """Exact date, year (exact or approximate) or unknown; the three agree."""
    today = timezone.localdate()
    if birth_date is not None:
        if precision not in (None, "", BirthPrecision.EXACT):
            errors.setdefault("birth_precision", []).append(
                _("A full date of birth is exact: choose 'Exact date'.")
            )
        if birth_date > today:
            errors.setdefault("birth_date", []).append(_("The date of birth is in the future."))
        elif birth_date.year < EARLIEST_BIRTH_YEAR:
            errors.setdefault("birth_date", []).append(_("The date of birth is too early."))
        if birth_year is not None and birth_year != birth_date.year:
            errors.setdefault("birth_year", []).append(
                _("The year does not match the date of birth.")
            )
        return _Birth(birth_date.isoformat(), birth_date.year, BirthPrecision.EXACT)
    if birth_year is not None:
        if precision in (None, ""):
            precision = BirthPrecision.YEAR
        if precision not in (BirthPrecision.YEAR, BirthPrecision.APPROXIMATE):
            errors.setdefault("birth_precision", []).append(
                _("With a year only, choose 'Year only' or 'Approximate year'.")
            )
        if not EARLIEST_BIRTH_YEAR <= birth_year <= today.year:
            errors.setdefault("birth_year", []).append(
                _("Enter a year between 1900 and this year.")
            )
        return _Birth("", birth_year, str(precision))
    if precision == BirthPrecision.EXACT:
        errors.setdefault("birth_date", []).append(_("Enter the date of birth."))
    elif precision in (BirthPrecision.YEAR, BirthPrecision.APPROXIMATE):
        errors.setdefault("birth_year", []).append(_("Enter the year of birth."))
    return _Birth("", None, BirthPrecision.UNKNOWN)


@dataclass(frozen=True)
class _CleanIdentifier:
    kind: str
    value: str
    value_index: str


def _clean_identifier(
    kind: str, value: str, errors: Errors, *, prefix: str = ""
) -> _CleanIdentifier | None:
    kinds = {k.value for k in IdentifierKind}
    value = squash_spaces(nfc(value or ""))
    if kind not in kinds:
        errors.setdefault(f"{prefix}kind", []).append(_("Choose a kind of identifier."))
        return None
    if not value:
        errors.setdefault(f"{prefix}value", []).append(_("Enter the identifier."))
        return None
    if len(value) > MAX_IDENTIFIER_LENGTH:
        errors.setdefault(f"{prefix}value", []).append(_("The identifier is too long."))
        return None
    try:
        normalize_identifier(kind, value)
    except ValidationFailed as exc:
        errors.setdefault(f"{prefix}value", []).append(exc.message)
        return None
    return _CleanIdentifier(kind, value, identifier_index(kind, value))


@dataclass(frozen=True)
class _CleanAddress:
    kind: str
    text: str
    admin_unit: AdminUnit | None


def _clean_address(
    kind: str, text: str, admin_unit: AdminUnit | None, errors: Errors, *, prefix: str = ""
) -> _CleanAddress | None:
    before = len(errors)
    _clean_choice(f"{prefix}kind", kind, {k.value for k in AddressKind}, errors)
    text = squash_spaces(nfc(text or ""))
    if not text:
        errors.setdefault(f"{prefix}text", []).append(_("Enter the address."))
    elif len(text) > MAX_ADDRESS_LENGTH:
        errors.setdefault(f"{prefix}text", []).append(_("The address is too long."))
    _clean_unit(f"{prefix}admin_unit", admin_unit, errors)
    if len(errors) != before:
        return None
    return _CleanAddress(kind, text, admin_unit)


def _clean_identifier_list(
    items: Sequence[IdentifierInput], errors: Errors
) -> list[_CleanIdentifier]:
    cleaned: list[_CleanIdentifier] = []
    for i, item in enumerate(items):
        found = _clean_identifier(item.kind, item.value, errors, prefix=f"identifiers.{i}.")
        if found is None:
            continue
        if any((c.kind, c.value_index) == (found.kind, found.value_index) for c in cleaned):
            errors.setdefault(f"identifiers.{i}.value", []).append(
                _("This identifier is already recorded for the person.")
            )
            continue
        cleaned.append(found)
    return cleaned


def _clean_address_list(items: Sequence[AddressInput], errors: Errors) -> list[_CleanAddress]:
    cleaned = []
    for i, item in enumerate(items):
        prefix = f"addresses.{i}."
        found = _clean_address(item.kind, item.text, item.admin_unit, errors, prefix=prefix)
        if found is not None:
            cleaned.append(found)
    return cleaned


# -- indexes -----------------------------------------------------------------------------------
def _sync_name_tokens(person: Person) -> None:
    wanted = token_indexes([person.full_name, *(person.aliases or [])])
    existing = set(person.name_tokens.values_list("token_index", flat=True))
    person.name_tokens.filter(token_index__in=existing - wanted).delete()
    PersonNameToken.objects.bulk_create(
        [PersonNameToken(person=person, token_index=t) for t in sorted(wanted - existing)]
    )


# -- services ----------------------------------------------------------------------------------
def person_create(
    *,
    actor: User,
    full_name: str,
    aliases: Sequence[str] = (),
    sex: str = Sex.UNKNOWN,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    birth_precision: str | None = None,
    ethnicity: str = "",
    nationality: str = "VN",
    admin_unit: AdminUnit | None = None,
    identifiers: Sequence[IdentifierInput] = (),
    addresses: Sequence[AddressInput] = (),
) -> Person:
    """Record a person in the actor's agency, with any identifiers and addresses."""
    agency = _require_create(actor)
    errors: Errors = {}
    name = _clean_full_name(full_name, errors)
    alias_list = _clean_aliases(aliases, name, errors)
    _clean_choice("sex", sex, {s.value for s in Sex}, errors)
    birth = _clean_birth(birth_date, birth_year, birth_precision, errors)
    if ethnicity:
        _clean_choice("ethnicity", ethnicity, ETHNICITY_CODES, errors)
    country = _clean_nationality(nationality, errors)
    _clean_unit("admin_unit", admin_unit, errors)
    clean_ids = _clean_identifier_list(identifiers, errors)
    clean_addresses = _clean_address_list(addresses, errors)
    _fail(errors)

    with transaction.atomic():
        person = Person.objects.create(
            owner_agency=agency,
            created_by=actor,
            full_name=name,
            name_index=name_index(name),
            aliases=alias_list or None,
            sex=sex,
            birth_date=birth.date,
            birth_year=birth.year,
            birth_precision=birth.precision,
            ethnicity=ethnicity,
            nationality=country,
            admin_unit=admin_unit,
        )
        _sync_name_tokens(person)
        PersonIdentifier.objects.bulk_create(
            [
                PersonIdentifier(
                    person=person, kind=c.kind, value=c.value, value_index=c.value_index
                )
                for c in clean_ids
            ]
        )
        PersonAddress.objects.bulk_create(
            [
                PersonAddress(person=person, kind=a.kind, text=a.text, admin_unit=a.admin_unit)
                for a in clean_addresses
            ]
        )
        changed = ["full_name", "sex", "nationality", "birth_precision"]
        changed += [
            field
            for field, value in (
                ("aliases", alias_list),
                ("birth_date", birth.date),
                ("birth_year", birth.year),
                ("ethnicity", ethnicity),
                ("admin_unit", admin_unit),
                ("identifiers", clean_ids),
                ("addresses", clean_addresses),
            )
            if value
        ]
        audit_record(actor=actor, action="person.create", target=person, changes=changed)
        linkage_check_person(person.pk)  # possible duplicates, in the background
        if clean_ids or clean_addresses:
            networks_mark_stale()
    return person


def person_update(
    *,
    actor: User,
    person: Person,
    full_name: str | Unset = UNSET,
    aliases: Sequence[str] | Unset = UNSET,
    sex: str | Unset = UNSET,
    birth_date: dt.date | Unset | None = UNSET,
    birth_year: int | Unset | None = UNSET,
    birth_precision: str | Unset | None = UNSET,
    ethnicity: str | Unset = UNSET,
    nationality: str | Unset = UNSET,
    admin_unit: AdminUnit | Unset | None = UNSET,
) -> Person:
    """Change the given fields (others stay). The three birth fields are set together:
    passing any of them replaces the birth information as a whole."""
    _require_change(actor, person)
    errors: Errors = {}
    new: dict[str, Any] = {}
    name = person.full_name
    if full_name is not UNSET:
        name = new["full_name"] = _clean_full_name(full_name, errors)
    if aliases is not UNSET:
        new["aliases"] = _clean_aliases(aliases, name, errors) or None
    elif "full_name" in new and person.aliases:
        new["aliases"] = _clean_aliases(person.aliases, name, errors) or None
    if sex is not UNSET:
        new["sex"] = _clean_choice("sex", sex, {s.value for s in Sex}, errors)
    if not (birth_date is UNSET and birth_year is UNSET and birth_precision is UNSET):
        birth = _clean_birth(
            None if birth_date is UNSET else birth_date,
            None if birth_year is UNSET else birth_year,
            None if birth_precision is UNSET else birth_precision,
            errors,
        )
        new.update(birth_date=birth.date, birth_year=birth.year, birth_precision=birth.precision)
    if ethnicity is not UNSET:
        new["ethnicity"] = (
            _clean_choice("ethnicity", ethnicity, ETHNICITY_CODES, errors) if ethnicity else ""
        )
    if nationality is not UNSET:
        new["nationality"] = _clean_nationality(nationality, errors)
    if admin_unit is not UNSET:
        new["admin_unit"] = _clean_unit("admin_unit", admin_unit, errors)
    _fail(errors)

    changed = sorted(field for field, value in new.items() if getattr(person, field) != value)
    if not changed:
        return person
    with transaction.atomic():
        for field in changed:
            setattr(person, field, new[field])
        if "full_name" in changed:
            person.name_index = name_index(person.full_name)
        person.save(
            update_fields=[
                *changed,
                *(["name_index"] if "full_name" in changed else []),
                "updated_at",
            ]
        )
        if {"full_name", "aliases"} & set(changed):
            _sync_name_tokens(person)
        audit_record(actor=actor, action="person.update", target=person, changes=changed)
        if {"full_name", "aliases", "birth_year"} & set(changed):
            linkage_check_person(person.pk)  # new name or year: re-check, fresh look-up keys
    return person


def person_add_identifier(
    *, actor: User, person: Person, kind: str, value: str
) -> PersonIdentifier:
    _require_change(actor, person)
    errors: Errors = {}
    clean = _clean_identifier(kind, value, errors)
    if clean and person.identifiers.filter(kind=kind, value_index=clean.value_index).exists():
        errors.setdefault("value", []).append(
            _("This identifier is already recorded for the person.")
        )
    _fail(errors)
    assert clean is not None  # _fail raised otherwise
    with transaction.atomic():
        identifier = PersonIdentifier.objects.create(
            person=person, kind=clean.kind, value=clean.value, value_index=clean.value_index
        )
        Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
        audit_record(
            actor=actor,
            action="person.add_identifier",
            target=person,
            changes={"identifier": str(identifier.pk), "kind": clean.kind},
        )
        networks_mark_stale()
    return identifier


def person_remove_identifier(*, actor: User, person: Person, identifier_id: uuid.UUID) -> None:
    _require_change(actor, person)
    identifier = person.identifiers.filter(pk=identifier_id).first()
    if identifier is None:
        raise NotFound(_("Not found."))
    with transaction.atomic():
        identifier.delete()
        Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
        audit_record(
            actor=actor,
            action="person.remove_identifier",
            target=person,
            changes={"identifier": str(identifier_id), "kind": identifier.kind},
        )
        networks_mark_stale()


def person_add_address(
    *,
    actor: User,
    person: Person,
    kind: str,
    text: str,
    admin_unit: AdminUnit | None = None,
) -> PersonAddress:
    _require_change(actor, person)
    errors: Errors = {}
    clean = _clean_address(kind, text, admin_unit, errors)
    _fail(errors)
    assert clean is not None
    with transaction.atomic():
        address = PersonAddress.objects.create(
            person=person, kind=clean.kind, text=clean.text, admin_unit=clean.admin_unit
        )
        Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
        audit_record(
            actor=actor,
            action="person.add_address",
            target=person,
            changes={"address": str(address.pk), "kind": clean.kind},
        )
        networks_mark_stale()
    return address


def person_remove_address(*, actor: User, person: Person, address_id: uuid.UUID) -> None:
    _require_change(actor, person)
    address = person.addresses.filter(pk=address_id).first()
    if address is None:
        raise NotFound(_("Not found."))
    with transaction.atomic():
        address.delete()
        Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
        audit_record(
            actor=actor,
            action="person.remove_address",
            target=person,
            changes={"address": str(address_id), "kind": address.kind},
        )
        networks_mark_stale()

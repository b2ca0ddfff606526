"""Persons as linkage records: decrypted here, in the linkage process, and nowhere else.

``link_record`` turns a person (with identifiers and addresses prefetched) into the
engine's in-memory record. ``candidate_ids`` finds, for one person, the persons worth
comparing — by blind index only, so nothing is decrypted until the few candidates are:
a shared identifier (same keyed hash), or the same surname and given-name syllables
(name-token blind indexes) with a birth year within one, or the same given name, birth
year and province (a mistyped surname)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator

from django.db.models import Q, QuerySet

from lachan.linkage.features import DOCUMENT_KINDS, PHONE_KINDS, LinkRecord, split_name
from lachan.people.indexing import token_index
from lachan.people.models import Person, PersonIdentifier, PersonNameToken

MAX_CANDIDATES = 300
_LINK_KINDS = [k.value for k in (*DOCUMENT_KINDS, *PHONE_KINDS)]


def person_queryset() -> QuerySet[Person]:
    return Person.objects.select_related(
        "admin_unit", "admin_unit__province", "owner_agency"
    ).prefetch_related("identifiers", "addresses__admin_unit__province")


def _province_code(unit: object) -> str:
    if unit is None:
        return ""
    province = getattr(unit, "province", None) or unit
    return str(getattr(province, "code", ""))


def link_record(person: Person) -> LinkRecord:
    """The person as the engine sees it (plaintext, in memory only)."""
    provinces: list[str] = []
    code = _province_code(person.admin_unit)
    if code:
        provinces.append(code)
    for address in person.addresses.all():
        code = _province_code(address.admin_unit)
        if code and code not in provinces:
            provinces.append(code)
    identifiers = tuple(
        (i.kind, i.value) for i in person.identifiers.all() if i.kind in _LINK_KINDS
    )
    birth_date = person.birth_date or ""
    return LinkRecord(
        record_id=str(person.pk),
        full_name=person.full_name,
        sex=person.sex,
        birth_date=birth_date if person.birth_precision == "exact" else "",
        birth_year=person.birth_year,
        province_codes=tuple(provinces),
        commune_code=person.admin_unit.code if person.admin_unit else "",
        identifiers=identifiers,
        agency=person.owner_agency.name,
        aliases=tuple(person.aliases or ()),
    )


def iter_records(batch: int = 2000) -> Iterator[LinkRecord]:
    """Every person, in batches (the full re-link)."""
    last: uuid.UUID | None = None
    while True:
        queryset = person_queryset().order_by("pk")
        if last is not None:
            queryset = queryset.filter(pk__gt=last)
        chunk = list(queryset[:batch])
        if not chunk:
            return
        for person in chunk:
            yield link_record(person)
        last = chunk[-1].pk


def candidate_ids(person: Person, record: LinkRecord) -> list[uuid.UUID]:
    """Persons that may be the same as ``person`` (blind indexes only)."""
    found: dict[uuid.UUID, None] = {}
    indexes = [i.value_index for i in person.identifiers.all() if i.kind in _LINK_KINDS]
    if indexes:
        shared = (
            PersonIdentifier.objects.filter(value_index__in=indexes)
            .exclude(person_id=person.pk)
            .values_list("person_id", flat=True)[:MAX_CANDIDATES]
        )
        found.update(dict.fromkeys(shared))
    parts = split_name(record.full_name)
    year = record.birth_year
    years = Q(birth_year__isnull=True)
    if year is not None:
        years |= Q(birth_year__in=[year - 1, year, year + 1])
    if parts.given_fold:
        with_given = PersonNameToken.objects.filter(
            token_index=token_index(parts.given_fold)
        ).values("person_id")
        named = Person.objects.filter(years, pk__in=with_given).exclude(pk=person.pk)
        if parts.surname_fold:
            with_surname = PersonNameToken.objects.filter(
                token_index=token_index(parts.surname_fold)
            ).values("person_id")
            same_name = named.filter(pk__in=with_surname)
            found.update(dict.fromkeys(same_name.values_list("pk", flat=True)[:MAX_CANDIDATES]))
        if year is not None and record.province_codes:
            typo = named.filter(
                birth_year=year, admin_unit__province__code__in=record.province_codes
            )
            found.update(dict.fromkeys(typo.values_list("pk", flat=True)[:MAX_CANDIDATES]))
    return list(found)[: MAX_CANDIDATES * 2]


def records_for(ids: Iterable[uuid.UUID]) -> list[LinkRecord]:
    return [link_record(p) for p in person_queryset().filter(pk__in=list(ids))]

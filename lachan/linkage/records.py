"""Persons as linkage records: decrypted here, in the linkage process, and nowhere else.

``link_record`` turns a person (with identifiers and addresses prefetched) into the
engine's in-memory record. ``candidate_ids`` finds, for one person, the persons worth
comparing — by blind index only, so nothing is decrypted until the few candidates are:
a shared identifier (same keyed hash), or two or more shared name syllables
(``NameKey``: syllable blind index × birth year) with a birth year within one; a hard
cap (``IDENTIFIER_CAP`` + ``NAME_CAP``) bounds what is decrypted and scored."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator

from django.db.models import Count, Prefetch, QuerySet

from lachan.core.text import name_tokens
from lachan.geo.models import AdminUnit
from lachan.linkage.features import DOCUMENT_KINDS, PHONE_KINDS, LinkRecord
from lachan.linkage.models import NameKey
from lachan.linkage.places import place_units
from lachan.people.indexing import token_index
from lachan.people.models import Person, PersonAddress, PersonIdentifier

# The candidate rule of the incremental check (decision 0016): persons sharing an
# identifier blind index are always candidates, up to IDENTIFIER_CAP (a number shared
# by more is a hotline, not a person); by name, persons born within a year sharing two
# or more name syllables, the NAME_CAP best (most syllables shared, same province,
# same year; ``_name_candidates``). Only these are decrypted and scored.
IDENTIFIER_CAP = 50
NAME_CAP = 100
# Persons ranked for the name cap: the best this many by shared syllables.
RANKED_CAP = 1000
# Syllable frequencies (no birth year) are counted up to this many keys.
RAREST_PROBE = 20_000
_LINK_KINDS = [k.value for k in (*DOCUMENT_KINDS, *PHONE_KINDS)]


def person_queryset() -> QuerySet[Person]:
    # Only the identifiers linkage compares are loaded (and so decrypted).
    return Person.objects.select_related(
        "admin_unit", "admin_unit__province", "owner_agency"
    ).prefetch_related(
        Prefetch("identifiers", queryset=PersonIdentifier.objects.filter(kind__in=_LINK_KINDS)),
        Prefetch(
            "addresses",
            queryset=PersonAddress.objects.select_related("admin_unit", "admin_unit__province"),
        ),
    )


def _province_code(unit: object) -> str:
    if unit is None:
        return ""
    province = getattr(unit, "province", None) or unit
    return str(getattr(province, "code", ""))


def _commune_code(unit: object) -> str:
    """The code of a current-era commune ("" for a province or a legacy unit)."""
    if unit is None or getattr(unit, "level", "") != "commune":
        return ""
    return str(getattr(unit, "code", "")) if getattr(unit, "era", "") == "2025" else ""


def link_record(person: Person) -> LinkRecord:
    """The person as the engine sees it (plaintext, in memory only): provinces and
    communes of the place of residence and of every address."""
    provinces: list[str] = []
    communes: list[str] = []
    for unit in [person.admin_unit, *(a.admin_unit for a in person.addresses.all())]:
        code = _province_code(unit)
        if code and code not in provinces:
            provinces.append(code)
        commune = _commune_code(unit)
        if commune and commune not in communes:
            communes.append(commune)
    # The village ("Thôn 3, …") is only in the address as entered.
    village = next(
        (v for v in (place_units(a.text).village for a in person.addresses.all()) if v), ""
    )
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
        commune_codes=tuple(communes),
        village=village,
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


def _identifier_candidates(person: Person) -> list[uuid.UUID]:
    indexes = [i.value_index for i in person.identifiers.all() if i.kind in _LINK_KINDS]
    if not indexes:
        return []
    shared = (
        PersonIdentifier.objects.filter(value_index__in=indexes)
        .exclude(person_id=person.pk)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    return list(shared[:IDENTIFIER_CAP])


def _name_candidates(person: Person, record: LinkRecord) -> list[uuid.UUID]:
    """Persons sharing name syllables with the new one and born within a year of it
    (or of unknown year), by the look-up keys (``NameKey``: one index range per
    syllable and year). Kept: those sharing at least two syllables (all of a one-word
    name), most shared first, then same province, same year; at most ``NAME_CAP``.
    Without a birth year: those sharing the two rarest syllables, any year."""
    indexes = list(dict.fromkeys(token_index(t) for t in name_tokens(record.full_name)))
    if not indexes:
        return []
    keys = NameKey.objects.exclude(person_id=person.pk)
    year = record.birth_year
    if year is not None:
        # 0: year unknown (NameKey)
        keys = keys.filter(token_index__in=indexes, birth_year__in=[0, year - 1, year, year + 1])
        needed = min(2, len(indexes))
    else:
        counts = {i: NameKey.objects.filter(token_index=i)[:RAREST_PROBE].count() for i in indexes}
        indexes = sorted(indexes, key=counts.__getitem__)[:2]
        keys = keys.filter(token_index__in=indexes)
        needed = len(indexes)
    shared = (
        keys.values("person_id")
        .annotate(shared=Count("*"))  # one key per syllable and person
        .filter(shared__gte=needed)
        .order_by("-shared", "person_id")
        .values_list("person_id", "shared")[:RANKED_CAP]
    )
    found = dict(shared)
    if not found:
        return []
    provinces = set(
        AdminUnit.objects.filter(code__in=record.province_codes).values_list("pk", flat=True)
    )
    facts = Person.objects.filter(pk__in=list(found)).values_list(
        "pk", "birth_year", "admin_unit__province_id"
    )

    def rank(row: tuple[uuid.UUID, int | None, int | None]) -> tuple[int, int, int, str]:
        pk, born, province = row
        return (-found[pk], -(province in provinces), -(born == year), str(pk))

    return [row[0] for row in sorted(facts, key=rank)[:NAME_CAP]]


def candidate_ids(person: Person, record: LinkRecord) -> list[uuid.UUID]:
    """Persons that may be the same as ``person`` (blind indexes only), at most
    ``IDENTIFIER_CAP + NAME_CAP``: every person sharing a document or phone (up to
    ``IDENTIFIER_CAP``), then the ``NAME_CAP`` best by name (``_name_candidates``)."""
    found = dict.fromkeys(_identifier_candidates(person))
    found.update(dict.fromkeys(_name_candidates(person, record)))
    return list(found)


def records_for(ids: Iterable[uuid.UUID]) -> list[LinkRecord]:
    return [link_record(p) for p in person_queryset().filter(pk__in=list(ids))]

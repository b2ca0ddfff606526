"""Synthetic persons at national scale, written with ``bulk_create``.

The rows are what ``lachan.people.services.person_create`` would write — encrypted
fields (the model fields encrypt on save), the name index, one index per name
syllable, identifier indexes of the normalised values — computed by the same
functions (``lachan.people.indexing``, ``lachan.core.identifiers``), only without one
transaction and one audit event per person: each batch is one transaction with one
``bench.generate`` audit event.

The data set is a function of (seed, n): person ``i`` is drawn from its own generator
seeded with ``seed`` and ``i``, so ``generate(persons=N)`` brings the bench data to N
persons, creating only the missing ones, and two machines with the same seed hold the
same people. Every person belongs to the bench agency of its province (one per
province, created when missing) and lives in a commune of that province, drawn with
weight by the number of communes (a rough proxy for population)."""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db import connection, transaction

from lachan.accounts.models import Agency, AgencyType
from lachan.audit.services import audit_record
from lachan.core import synthetic
from lachan.core.identifiers import IdentifierKind, identifier_index
from lachan.core.text import fold
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Era, Level
from lachan.people.indexing import name_index, token_indexes
from lachan.people.models import (
    AddressKind,
    BirthPrecision,
    Person,
    PersonAddress,
    PersonIdentifier,
    PersonNameToken,
)

DEFAULT_SEED = 2026
DEFAULT_BATCH = 5000
BENCH_SUFFIX = " (thử tải)"


def bench_agency_name(province: AdminUnit) -> str:
    """ "Tỉnh Nghệ An" → "Công an tỉnh Nghệ An (thử tải)"."""
    return f"Công an {province.name[:1].lower()}{province.name[1:]}{BENCH_SUFFIX}"


def bench_agencies() -> dict[str, Agency]:
    """The bench agency of every current province, by province code (created when
    missing; reference data for the benchmark, so written directly)."""
    found: dict[str, Agency] = {}
    for province in geo.province_list():
        name = bench_agency_name(province)
        agency = Agency.objects.filter(name=name, admin_unit=province).first()
        if agency is None:
            agency = Agency.objects.create(
                name=name,
                name_key=fold(name),
                agency_type=AgencyType.PROVINCIAL_POLICE,
                admin_unit=province,
            )
        found[province.code] = agency
    return found


def bench_person_count() -> int:
    return Person.objects.filter(owner_agency__name__endswith=BENCH_SUFFIX).count()


# -- drawing one person -------------------------------------------------------------------
@dataclass(frozen=True)
class _Geography:
    provinces: list[AdminUnit]
    weights: list[int]
    communes: dict[int, list[tuple[int, str]]]  # province id → (commune id, name)


def _geography() -> _Geography:
    communes: dict[int, list[tuple[int, str]]] = {}
    rows = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).order_by("code")
    for pk, name, province_id in rows.values_list("pk", "name", "province_id"):
        communes.setdefault(province_id, []).append((pk, name))
    provinces = [p for p in geo.province_list() if p.pk in communes]
    return _Geography(provinces, [len(communes[p.pk]) for p in provinces], communes)


# Names repeat a lot (a few thousand distinct ones): hash each once per run.
_name_index: Callable[[str], str] = cache(name_index)


@cache
def _token_indexes(full_name: str) -> frozenset[str]:
    return frozenset(token_indexes([full_name]))


@dataclass
class _Rows:
    persons: list[Person]
    tokens: list[PersonNameToken]
    identifiers: list[PersonIdentifier]
    addresses: list[PersonAddress]


def _identifier(person: Person, kind: IdentifierKind, value: str) -> PersonIdentifier:
    return PersonIdentifier(
        person_id=person.pk, kind=kind, value=value, value_index=identifier_index(kind, value)
    )


def _draw(
    index: int, *, seed: int, world: _Geography, agencies: dict[str, Agency], rows: _Rows
) -> None:
    rng = random.Random(f"{seed}:{index}")
    province = rng.choices(world.provinces, world.weights)[0]
    commune_id, commune_name = rng.choice(world.communes[province.pk])
    made = synthetic.person(rng, province_code=province.code)
    birth = dt.date.fromisoformat(made.birth_date)
    exact = rng.random() < 0.6
    person = Person(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        owner_agency_id=agencies[province.code].pk,
        full_name=made.full_name,
        name_index=_name_index(made.full_name),
        sex=made.sex,
        birth_date=made.birth_date if exact else "",
        birth_year=birth.year,
        birth_precision=BirthPrecision.EXACT if exact else BirthPrecision.YEAR,
        ethnicity=synthetic.ethnicity_code(rng, made.full_name),
        nationality="VN",
        admin_unit_id=commune_id,
    )
    rows.persons.append(person)
    rows.tokens += [
        PersonNameToken(person_id=person.pk, token_index=t) for t in _token_indexes(made.full_name)
    ]
    # One to three identifiers: always a phone, often a CCCD, sometimes a Facebook page.
    rows.identifiers.append(
        _identifier(person, IdentifierKind.PHONE, synthetic.phone_notation(rng, made.phone))
    )
    if made.cccd:
        cccd = synthetic.cccd_notation(rng, made.cccd)
        rows.identifiers.append(_identifier(person, IdentifierKind.CCCD, cccd))
    if rng.random() < 0.25:
        handle = synthetic.facebook_handle(rng, made.full_name)
        rows.identifiers.append(_identifier(person, IdentifierKind.FACEBOOK, handle))
    text = synthetic.street_address(rng, commune=commune_name, province=province.name)
    rows.addresses.append(
        PersonAddress(
            person_id=person.pk, kind=AddressKind.CURRENT, text=text, admin_unit_id=commune_id
        )
    )


def _write(rows: _Rows, *, seed: int, first: int) -> None:
    with transaction.atomic():
        Person.objects.bulk_create(rows.persons)
        PersonNameToken.objects.bulk_create(rows.tokens)
        PersonIdentifier.objects.bulk_create(rows.identifiers)
        PersonAddress.objects.bulk_create(rows.addresses)
        audit_record(
            actor=None,
            action="bench.generate",
            object_type="people.person",
            changes={"persons": len(rows.persons), "first": first, "seed": seed},
        )


# -- the generator ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Generated:
    created: int
    total: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


def generate(
    *,
    persons: int,
    batch: int = DEFAULT_BATCH,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
) -> Generated:
    """Bring the bench data set to ``persons`` persons (only the missing ones are
    created, continuing the sequence of the seed)."""
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        # Random UUID keys land all over the indexes: a bigger page cache for this
        # connection (256 MiB) keeps a bulk load from re-reading them from disk.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    agencies = bench_agencies()
    world = _geography()
    existing = bench_person_count()
    for first in range(existing, persons, batch):
        last = min(first + batch, persons)
        rows = _Rows([], [], [], [])
        for index in range(first, last):
            _draw(index, seed=seed, world=world, agencies=agencies, rows=rows)
        _write(rows, seed=seed, first=first)
        if progress is not None:
            progress(last, persons)
    created = max(0, persons - existing)
    if created and connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather them after a while: without them
        # the planner misjudges the new rows (e.g. a phone search turns into a scan).
        with connection.cursor() as cursor:
            for model in (Person, PersonNameToken, PersonIdentifier, PersonAddress):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return Generated(
        created=created, total=existing + created, seconds=time.perf_counter() - started
    )

"""Smoke test of the bench data generator: a handful of persons in the test database,
indexed exactly as the people services index them (found by name and phone through
the selectors), one bench agency per province, and top-ups that keep the sequence."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bench.datagen import BENCH_SUFFIX, bench_person_count, generate
from lachan.access.roles import Role
from lachan.accounts.models import Agency
from lachan.audit.models import AuditEvent
from lachan.core.identifiers import IdentifierKind, identifier_index
from lachan.people import selectors
from lachan.people.indexing import name_index, token_indexes
from lachan.people.models import Person, PersonAddress, PersonIdentifier, PersonNameToken

pytestmark = pytest.mark.django_db


def test_generates_persons_findable_by_name_and_phone(make_user: Any) -> None:
    result = generate(persons=50, batch=20, seed=7)

    assert (result.created, result.total) == (50, 50)
    assert Agency.objects.filter(name__endswith=BENCH_SUFFIX).count() == 34
    assert Person.objects.count() == bench_person_count() == 50
    assert PersonAddress.objects.count() == 50
    per_person = Counter(PersonIdentifier.objects.values_list("person_id", flat=True))
    assert set(per_person.values()) <= {1, 2, 3}
    assert len(per_person) == 50
    assert PersonIdentifier.objects.filter(kind=IdentifierKind.PHONE).count() == 50
    # One audit event per batch of 20.
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "changes")) == [
        ("bench.generate", {"persons": 20, "first": 0, "seed": 7}),
        ("bench.generate", {"persons": 20, "first": 20, "seed": 7}),
        ("bench.generate", {"persons": 10, "first": 40, "seed": 7}),
    ]

    person = Person.objects.select_related("owner_agency", "admin_unit").order_by("id").first()
    assert person.admin_unit.province_id == person.owner_agency.admin_unit_id
    assert person.name_index == name_index(person.full_name)
    assert set(person.name_tokens.values_list("token_index", flat=True)) == token_indexes(
        [person.full_name]
    )
    phone = person.identifiers.get(kind=IdentifierKind.PHONE)
    assert phone.value_index == identifier_index(IdentifierKind.PHONE, phone.value)

    officer = make_user(role=Role.OFFICER, agency=person.owner_agency)
    by_name = selectors.person_list(actor=officer, query=person.full_name.upper(), limit=100)
    by_phone = selectors.person_list(actor=officer, query=phone.value)
    assert person.pk in {p.id for p in by_name.items}
    assert [p.id for p in by_phone.items] == [person.pk]


def test_top_up_creates_only_the_missing_persons_of_the_same_sequence() -> None:
    generate(persons=30, batch=20, seed=7)
    first_ids = set(Person.objects.values_list("id", flat=True))

    assert generate(persons=30, batch=20, seed=7).created == 0
    topped = generate(persons=40, batch=20, seed=7)

    assert (topped.created, topped.total, Person.objects.count()) == (10, 40, 40)
    assert first_ids < set(Person.objects.values_list("id", flat=True))
    assert PersonNameToken.objects.filter(person_id__in=first_ids).count() > 0
    assert Agency.objects.count() == 34  # the bench agencies are made once


def test_same_seed_same_people() -> None:
    generate(persons=10, batch=10, seed=11)
    first = sorted(Person.objects.values_list("id", "full_name", "birth_year"))
    Person.objects.all().delete()

    generate(persons=10, batch=10, seed=11)

    assert sorted(Person.objects.values_list("id", "full_name", "birth_year")) == first

"""Linkage at scale: partitioned prediction, the bounded candidate look-up of the
incremental check, and its look-up keys."""

from __future__ import annotations

import os
import random
from typing import Any

import pytest

from lachan.core.testing.factories import commune_of
from lachan.linkage import engine
from lachan.linkage.features import LinkRecord
from lachan.linkage.models import NameKey
from lachan.linkage.records import IDENTIFIER_CAP, NAME_CAP, candidate_ids, link_record
from lachan.linkage.records import person_queryset as linkage_persons
from lachan.linkage.services import default_model, name_keys_rebuild
from lachan.people.models import Person
from lachan.people.services import IdentifierInput, person_create, person_update

SURNAMES = ["Nguyễn", "Trần", "Lê", "NGUYEN", "Phạm"]
MIDDLES = ["Thị", "Văn", "Thị Thu", "", "Minh"]
GIVENS = ["Hường", "Hương", "HUONG", "Lan", "Anh", "Tuấn"]


def _records(count: int, seed: int) -> list[LinkRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(count):
        name = " ".join(
            p for p in (rng.choice(SURNAMES), rng.choice(MIDDLES), rng.choice(GIVENS)) if p
        )
        year = rng.choice([1995, 1996, 1997, None])
        phone = rng.choice(["+84987654321", "+84912345678", ""])
        records.append(
            LinkRecord(
                record_id=f"r{i:04d}",
                full_name=name,
                sex=rng.choice(["female", "male", "unknown"]),
                birth_year=year,
                province_codes=(rng.choice(["40", "31", "08"]),),
                identifiers=(("phone", phone),) if phone else (),
            )
        )
    return records


def test_partitioned_prediction_equals_one_prediction_exactly() -> None:
    """Every rule split into hash parts: the same pairs, weights and match keys as
    splink's single predict over all rules (the rules of today, whatever they are)."""
    records = _records(400, seed=3)
    model = default_model()
    model["blocking_rules_to_generate_predictions"] = [
        rule.get_blocking_rule("duckdb").blocking_rule_sql
        if hasattr(rule, "get_blocking_rule")
        else rule
        for rule in engine.blocking_rules()
    ]
    linker = engine.linker_for(engine.frame(records), model, evidence=False)
    try:
        whole = linker.inference.predict(threshold_match_probability=0.0).as_pandas_dataframe()
        parts = engine.partitions(linker, pairs_per_partition=200)
        split = engine.predict(linker, threshold=0.0, pairs_per_partition=200)
    finally:
        engine.close(linker)
    rules = len(engine.blocking_rules())
    assert len({p.rule for p in parts}) == rules
    assert len(parts) > rules  # some rules really are split
    columns = ["unique_id_l", "unique_id_r", "match_key", "match_weight"]

    def rows(frame: Any) -> list[tuple[Any, ...]]:
        return sorted(frame[columns].itertuples(index=False, name=None))

    assert len(whole) > 1000
    assert rows(split) == rows(whole)


def test_close_removes_the_spill_directory() -> None:
    linker = engine.linker_for(engine.frame(_records(20, seed=1)), default_model())
    spill = linker._db_api.lachan_spill_directory
    assert os.path.isdir(spill)
    assert oct(os.stat(spill).st_mode & 0o777) == "0o700"
    engine.close(linker)
    assert not os.path.exists(spill)


def _person(actor: Any, name: str, year: int, *, phone: str = "", province: str = "40") -> Person:
    return person_create(
        actor=actor,
        full_name=name,
        sex="female",
        birth_year=year,
        birth_precision="year",
        admin_unit=commune_of(province),
        identifiers=[IdentifierInput("phone", phone)] if phone else [],
    )


def _candidates(person: Person) -> list[Any]:
    loaded = linkage_persons().get(pk=person.pk)
    return candidate_ids(loaded, link_record(loaded))


@pytest.mark.django_db
def test_candidates_are_capped_and_ranked(social_worker: Any) -> None:
    """More namesakes than the cap: the cap holds, the phone match is always in, the
    full-name namesakes of the same province come before the other province's, and
    persons sharing one syllable or born two years off are never candidates."""
    same_province = [_person(social_worker, "Nguyễn Thị Hường", 1997) for _ in range(NAME_CAP - 10)]
    other_province = [
        _person(social_worker, "Nguyễn Thị Hường", 1997, province="31") for _ in range(30)
    ]
    one_syllable = _person(social_worker, "Trần Văn Hường", 1997)
    two_years_off = _person(social_worker, "Nguyễn Thị Hường", 2000)
    by_phone = _person(social_worker, "Lê Văn Tuấn", 1960, phone="0912 345 678")
    new = _person(social_worker, "NGUYEN THI HUONG", 1998, phone="+84912345678")

    found = _candidates(new)

    assert len(found) == NAME_CAP + 1 <= IDENTIFIER_CAP + NAME_CAP
    assert found[0] == by_phone.pk  # identifier matches first, always kept
    assert found[1 : NAME_CAP - 9] == sorted((p.pk for p in same_province), key=str)
    assert set(found[NAME_CAP - 9 :]) < {p.pk for p in other_province}
    assert one_syllable.pk not in found
    assert two_years_off.pk not in found


@pytest.mark.django_db
def test_look_up_keys_follow_name_changes_and_rebuild_equals_incremental(
    social_worker: Any,
) -> None:
    original = _person(social_worker, "Phạm Thị Lan", 1990)
    renamed = _person(social_worker, "Hoàng Văn Nam", 1990)
    assert _candidates(renamed) == []
    person_update(actor=social_worker, person=renamed, full_name="Phạm Thị Lan")
    assert _candidates(renamed) == [original.pk]

    def keys() -> list[tuple[Any, ...]]:
        rows = NameKey.objects.values_list("person_id", "token_index", "birth_year")
        return sorted(rows, key=str)

    incremental = keys()
    assert len(incremental) == 6
    assert name_keys_rebuild() == 6
    assert keys() == incremental


@pytest.mark.django_db
def test_stored_pairs_keep_decisions_and_refresh_open_ones(
    supervisor: Any, pair: Any, huong_border: Person
) -> None:
    from lachan.linkage import services
    from lachan.linkage.models import CandidatePair

    CandidatePair.objects.filter(pk=pair.pk).update(probability=0.3, weight=-1.0)
    services.check_person(person_id=huong_border.pk)
    refreshed = CandidatePair.objects.get(pk=pair.pk)
    assert refreshed.probability > 0.9
    assert refreshed.status == "open"

    services.pair_decide(actor=supervisor, pair=refreshed, decision="different")
    CandidatePair.objects.filter(pk=pair.pk).update(probability=0.3)
    services.check_person(person_id=huong_border.pk)
    kept = CandidatePair.objects.get(pk=pair.pk)
    assert (kept.status, kept.probability) == ("different", 0.3)
    assert CandidatePair.objects.count() == 1

"""Communes (either era), mistyped surnames written last, mistyped ID numbers and the
adjacent-year blocking rule: features and the shipped model's evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lachan.core.testing.factories import commune_of
from lachan.linkage import engine
from lachan.linkage.features import LinkRecord, features, split_name
from lachan.linkage.places import Place, place_units
from lachan.linkage.records import link_record
from lachan.linkage.services import default_model
from lachan.people.services import AddressInput, person_create

# Xã Môn Sơn (legacy 17263 in Huyện Con Cuông) is current commune 17263 of Nghệ An (40).
MON_SON = Place(("40",), ("17263",), ("17263",), legacy_provinces=("40",))
CON_CUONG_AREA = ("17230", "17239", "17242", "17248", "17254", "17263")


def test_legacy_and_current_commune_addresses_name_one_commune() -> None:
    assert place_units("Xã Môn Sơn, Huyện Con Cuông, Tỉnh Nghệ An") == MON_SON
    assert place_units("Xã Môn Sơn, Tỉnh Nghệ An") == MON_SON
    assert place_units("XA MON SON, HUYEN CON CUONG, TINH NGHE AN") == MON_SON
    assert place_units("Phường Phúc Xá, Quận Ba Đình, Hà Nội") == Place(
        ("01",), ("00097",), ("00097",), legacy_provinces=("01",)
    )


def test_a_legacy_district_is_an_area_and_a_province_is_only_a_province() -> None:
    assert place_units("HUYEN CON CUONG, NGHE AN") == Place(
        ("40",), (), CON_CUONG_AREA, legacy_provinces=("40",)
    )
    # Without the type word "Con Cuông" is the current commune of that name.
    assert place_units("Con Cuông, Nghệ An") == Place(
        ("40",), ("17254",), ("17254",), legacy_provinces=("40",)
    )
    # Hà Giang (legacy 02) is part of Tuyên Quang (08) since 2025; "Tuyên Quang" alone may
    # be either era, so it is consistent with both legacy provinces.
    assert place_units("HA GIANG") == Place(("08",), legacy_provinces=("02",))
    assert place_units("TUYEN QUANG") == Place(("08",), legacy_provinces=("02", "08"))
    assert place_units("") == Place()


def test_commune_features() -> None:
    row = features(LinkRecord("x", "Lê Thị Mai", commune_codes=("17263",), area_codes=()))
    assert (row["communes"], row["commune1"], row["area"]) == (["17263"], "17263", ["17263"])
    row = features(LinkRecord("x", "LE THI MAI", province_codes=("40",), area_codes=CON_CUONG_AREA))
    assert (row["communes"], row["commune1"]) == ([], None)
    assert row["area"] == list(CON_CUONG_AREA)


def test_mistyped_surname_written_last_is_repaired() -> None:
    parts = split_name("TUYET THI TRRAN")
    assert (parts.surname_fold, parts.middle_fold, parts.given_fold) == ("trran", "thi", "tuyet")
    assert parts.reordered is True
    # Short syllables are too often given names ("Tân" is one edit from "Trần"), and a
    # first syllable that is a surname keeps its place.
    assert split_name("Hà Thị Tân").surname_fold == "ha"
    assert split_name("LAM THE NGYEN").surname_fold == "lam"


def _score(a: LinkRecord, b: LinkRecord) -> engine.ScoredPair:
    return engine.score_against(default_model(), a, [b])[0]


def _level(pair: engine.ScoredPair, comparison: str) -> tuple[str, float]:
    found = next(e for e in pair.evidence if e.comparison == comparison)
    return found.level, found.weight


def _mai(record_id: str, **place: Any) -> LinkRecord:
    return LinkRecord(record_id, "Lê Thị Mai", "female", "", 1990, **place)


def test_same_commune_weighs_more_than_same_province() -> None:
    a = _mai("a", province_codes=("40",), commune_codes=("17263",))
    same = _score(a, _mai("b", province_codes=("40",), commune_codes=("17263",)))
    area = _score(a, _mai("b", province_codes=("40",), area_codes=CON_CUONG_AREA))
    province = _score(a, _mai("b", province_codes=("40",)))
    other = _score(a, _mai("b", province_codes=("40",), commune_codes=("16681",)))
    assert _level(same, "place")[0] == "same commune"
    assert _level(area, "place")[0] == "same district area"
    assert _level(province, "place")[0] == "same province, no commune on one side"
    assert _level(other, "place")[0] == "same province, other commune"
    assert same.weight > area.weight > province.weight > other.weight
    assert _level(same, "place")[1] > 8


def test_one_digit_off_id_is_evidence_for_and_another_id_against() -> None:
    def mai(number: str) -> LinkRecord:
        return LinkRecord("b", "LE THI MAI", "female", "", 1990, ("40",),
                          identifiers=(("cccd", number),))  # fmt: skip

    a = LinkRecord("a", "Lê Thị Mai", "female", "1990-03-02", 1990, ("40",),
                   identifiers=(("cccd", "040190012345"),))  # fmt: skip
    swapped = _score(a, mai("040190013245"))
    changed = _score(a, mai("040190012346"))
    other = _score(a, mai("040190998877"))
    assert _level(swapped, "documents")[0] == "same document, one digit off"
    assert _level(changed, "documents")[0] == "same document, one digit off"
    assert _level(swapped, "documents")[1] > 8
    assert _level(other, "documents")[0] == "conflicting document"
    assert _level(other, "documents")[1] < -4


def test_adjacent_birth_years_are_compared_when_nothing_else_is_shared() -> None:
    records = [
        LinkRecord("a", "Nguyễn Văn Thái", "male", "2007-06-15", 2007),
        LinkRecord("b", "NGUYEN VAN THAI", "male", "", 2008, ("68",)),
        LinkRecord("c", "NGUYEN VAN THAI", "male", "", 2010, ("68",)),
    ]
    model = engine.without_term_frequencies(default_model())
    predictions = engine.predict(engine.linker_for(engine.frame(records), model), threshold=0.0)
    pairs = {(r["unique_id_l"], r["unique_id_r"]) for r in predictions.to_dict("records")}
    # a–b: same folded name, years 2007/2008, no shared place: only the adjacent-year
    # rule brings them together; a–c (3 years apart) is not compared; b–c by province.
    assert pairs == {("a", "b"), ("b", "c")}


def test_link_record_carries_the_commune_and_village_of_the_person(social_worker: Any) -> None:
    commune = commune_of("40")
    person = person_create(
        actor=social_worker,
        full_name="Nguyễn Thị Hường",
        sex="female",
        birth_date=dt.date(1997, 5, 14),
        admin_unit=commune,
        addresses=[AddressInput("permanent", "Thôn 7, Xã Môn Sơn, Huyện Con Cuông, Tỉnh Nghệ An")],
    )
    record = link_record(person)
    assert record.province_codes == ("40",)
    assert record.commune_codes == (commune.code,)
    assert record.village == "7"


def test_village_is_read_only_in_front_of_a_commune() -> None:
    assert place_units("Thôn 3, Xã Môn Sơn, Huyện Con Cuông, Tỉnh Nghệ An").village == "3"
    assert place_units("TO DAN PHO 5, PHUONG BA DINH, HA NOI").village == "5"
    assert place_units("Bản Pù Lầu, Xã Môn Sơn, Tỉnh Nghệ An").village == "pu lau"
    # No commune after it: not a village; a commune without its type word neither.
    assert place_units("Thôn 3, Nghệ An") == Place(("40",), legacy_provinces=("40",))
    assert place_units("Xã Tô Múa, Huyện Vân Hồ, Tỉnh Sơn La").village == ""


def test_same_village_weighs_more_than_same_commune_and_another_village_less() -> None:
    def mai(record_id: str, village: str) -> LinkRecord:
        return _mai(record_id, province_codes=("40",), commune_codes=("17263",), village=village)

    a = mai("a", "3")
    same = _score(a, mai("b", "3"))
    unknown = _score(a, mai("b", ""))
    other = _score(a, mai("b", "4"))
    assert _level(same, "place")[0] == "same commune and village"
    assert _level(unknown, "place")[0] == "same commune"
    assert _level(other, "place")[0] == "same commune, other village"
    assert same.weight > unknown.weight > other.weight


def test_a_year_apart_counts_only_when_one_side_has_a_year_only() -> None:
    a = LinkRecord("a", "Lê Thị Mai", "female", "1990-03-02", 1990, ("40",))
    approximate = _score(a, LinkRecord("b", "LE THI MAI", "female", "", 1991, ("40",)))
    exact = _score(a, LinkRecord("b", "Lê Thị Mai", "female", "1991-08-15", 1991, ("40",)))
    slip = _score(a, LinkRecord("b", "Lê Thị Mai", "female", "1991-03-02", 1991, ("40",)))
    assert _level(approximate, "birth")[0] == "year ±1"
    assert _level(approximate, "birth")[1] > 1
    assert _level(exact, "birth")[0] == "year ±1, dates differ"
    assert _level(slip, "birth")[0] == "dates one typing slip apart"  # 1990 → 1991
    # A mis-entered date (m fixed at 0.2%) is no evidence for: two exact dates a year
    # apart speak against.
    assert _level(exact, "birth")[1] < 0 < 2 < _level(approximate, "birth")[1]


def test_a_legacy_province_name_is_compared_with_the_legacy_province_of_a_commune() -> None:
    # Current communes of Tuyên Quang (08): 00691 was in legacy Hà Giang (02), 02215 in
    # legacy Tuyên Quang (08).
    def mai(commune: str) -> LinkRecord:
        return LinkRecord("a", "Lê Thị Mai", "female", "", 1990, ("08",), commune_codes=(commune,))

    assert features(mai("00691"))["legacy_province"] == "02"
    assert features(mai("02215"))["legacy_province"] == "08"

    def border(place: str) -> LinkRecord:
        units = place_units(place)
        return LinkRecord("b", "LE THI MAI", "female", "", 1990, units.provinces,
                          legacy_province_codes=units.legacy_provinces)  # fmt: skip

    same = _score(mai("00691"), border("HA GIANG"))
    other = _score(mai("02215"), border("HA GIANG"))
    either = _score(mai("00691"), border("TUYEN QUANG"))  # either era: no legacy province
    assert _level(same, "place")[0] == "same legacy province, no commune on one side"
    assert _level(other, "place")[0] == (
        "same province, other legacy province, no commune on one side"
    )
    assert _level(either, "place")[0] == "same province, no commune on one side"
    assert _level(same, "place")[1] > _level(either, "place")[1] > _level(other, "place")[1]

"""Places written in a tip → current administrative units, legacy names mapped, an
ambiguous name giving candidates and no code (needs the geo data: database tests)."""

from __future__ import annotations

import pytest

from lachan.tips.triage import suggest
from lachan.tips.triage.places import find_places

pytestmark = pytest.mark.django_db


def by_text(text: str) -> dict[str, tuple[str | None, set[str]]]:
    return {p.text: (p.code, {c.province_name for c in p.candidates}) for p in find_places(text)}


def test_full_address_with_legacy_district_resolves_in_its_province() -> None:
    text = "Tôi là mẹ cháu Dợ, trú tại xã Mường Lống, huyện Kỳ Sơn, Nghệ An. Cháu bị đưa đi."
    places = find_places(text)
    assert len(places) == 1
    place = places[0]
    assert place.text == "xã Mường Lống, huyện Kỳ Sơn, Nghệ An"
    assert {c.province_name for c in place.candidates} == {"Tỉnh Nghệ An"}
    assert all(c.level == "commune" for c in place.candidates)
    assert [e.text for e in place.evidence] == ["xã Mường Lống", "huyện Kỳ Sơn", "Nghệ An"]
    for evidence in place.evidence:
        assert text[evidence.start : evidence.end] == evidence.text


def test_legacy_province_maps_to_the_current_one() -> None:
    found = {p.text: p for p in find_places("Chị ấy quê Bắc Giang, đi làm ở Hà Nội.")}
    # Bắc Giang merged into Bắc Ninh in 2025 (which kept code 24).
    (candidate,) = found["Bắc Giang"].candidates
    assert found["Bắc Giang"].code == "24"
    assert candidate.name.endswith("Bắc Ninh")
    assert (candidate.matched_name, candidate.matched_era, candidate.exact) == (
        "Tỉnh Bắc Giang",
        "legacy",
        True,
    )
    assert found["Hà Nội"].code == "01"


def test_a_district_name_alone_gives_every_candidate_and_no_code() -> None:
    # Châu Thành was a district of ten provinces: never guess.
    (place,) = find_places("Em ấy ở huyện Châu Thành.")
    assert place.code is None
    provinces = {c.province_name for c in place.candidates}
    assert len(provinces) >= 5
    assert "Tỉnh An Giang" in provinces


def test_the_tips_one_province_settles_a_district_named_elsewhere() -> None:
    places = find_places("Em ở huyện Châu Thành. Nhà em thuộc tỉnh An Giang.")
    district = next(p for p in places if p.text == "huyện Châu Thành")
    assert {c.province_name for c in district.candidates} == {"Tỉnh An Giang"}
    assert [e.text for e in district.evidence] == ["huyện Châu Thành", "tỉnh An Giang"]


def test_numbered_units_and_abbreviations() -> None:
    (place,) = find_places("P. Bến Nghé, Q.1, TP.HCM")
    assert place.text == "phường Bến Nghé, quận 1, TP HCM"
    assert [e.text for e in place.evidence] == ["P. Bến Nghé", "Q.1", "TP.HCM"]
    (candidate,) = place.candidates  # Bến Nghé became Phường Sài Gòn in 2025
    assert (candidate.name, candidate.province_code, place.code) == (
        "Phường Sài Gòn",
        "79",
        candidate.code,
    )


def test_a_chinese_town_is_not_the_vietnamese_district_of_the_same_name() -> None:
    assert [p.text for p in suggest("Em bị đưa qua Móng Cái sang Đông Hưng").places] == [
        "thành phố Móng Cái"
    ]
    assert [p.text for p in suggest("Nhà em ở huyện Đông Hưng, Thái Bình").places] == [
        "huyện Đông Hưng, Thái Bình"
    ]


def test_without_diacritics_and_lower_case() -> None:
    (place,) = find_places("em toi o xa muong long huyen ky son nghe an, bi dua sang lao")
    assert place.text == "xa muong long, huyen ky son, nghe an"
    assert {c.name for c in place.candidates} == {"Xã Mường Lống"}
    assert {c.province_name for c in place.candidates} == {"Tỉnh Nghệ An"}


def test_words_that_only_look_like_places_are_not_places() -> None:
    # "làm đồng" (field work) is not Lâm Đồng; "chị Thanh Hà" is a woman, not the
    # district; "đi làm ăn xa" has no commune.
    assert find_places("Mẹ tôi đi làm đồng, chị Thanh Hà đi làm ăn xa.") == ()


def test_suggest_includes_places_and_can_skip_them() -> None:
    text = "Cháu bị đưa từ Lào Cai qua Hà Khẩu."
    assert [p.text for p in suggest(text).places] == ["Lào Cai"]
    assert suggest(text, places=False).places == ()

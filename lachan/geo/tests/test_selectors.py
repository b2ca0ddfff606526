"""Looking units up: by code, by name as people type it, legacy → current, free text."""

from __future__ import annotations

from typing import Any

import pytest

from lachan.accounts.models import Agency
from lachan.core.errors import NotFound
from lachan.core.testing.factories import unit
from lachan.geo import selectors
from lachan.geo.models import AdminUnit, Era, Level

pytestmark = pytest.mark.django_db


def codes(units: list[AdminUnit]) -> list[tuple[str, str]]:
    return [(u.era, u.code) for u in units]


def test_unit_by_code() -> None:
    assert selectors.unit_by_code(code="31").name == "Thành phố Hải Phòng"
    assert selectors.unit_by_code(code="24", era=Era.LEGACY).name == "Tỉnh Bắc Giang"
    assert selectors.unit_by_code(code="00004").short_name == "Ba Đình"
    with pytest.raises(NotFound):
        selectors.unit_by_code(code="99")
    with pytest.raises(NotFound):
        selectors.unit_by_code(code="31", era="nonsense")


def test_province_list_is_in_code_order() -> None:
    current = selectors.province_list()
    assert len(current) == 34
    assert [p.code for p in current[:3]] == ["01", "04", "08"]
    assert len(selectors.province_list(era=Era.LEGACY)) == 63


@pytest.mark.parametrize(
    "typed",
    ["hai phong", "TP. Hải Phòng", "Thành phố Hải Phòng", "tp hai phong", "HẢI PHÒNG", "hai ph"],
)
def test_name_variants_find_hai_phong_first(typed: str) -> None:
    found = selectors.search_units(query=typed)
    assert codes(found)[0] == ("2025", "31")


def test_prefix_search_on_words() -> None:
    assert codes(selectors.search_units(query="nghe", level=Level.PROVINCE)) == [("2025", "40")]
    assert codes(selectors.search_units(query="can th", level=Level.PROVINCE)) == [("2025", "92")]


def test_search_ignores_diacritics_and_case() -> None:
    assert codes(selectors.search_units(query="Cần Thơ")) == codes(
        selectors.search_units(query="CAN THO")
    )
    assert codes(selectors.search_units(query="da nang", level=Level.PROVINCE)) == [("2025", "48")]


def test_search_in_a_province_and_level() -> None:
    ha_noi = unit("01")
    found = selectors.search_units(query="ba dinh", level=Level.COMMUNE, province=ha_noi)
    assert codes(found) == [("2025", "00004")]


def test_search_both_eras_puts_current_first() -> None:
    found = selectors.search_units(query="Bắc Giang", era=None, limit=3)
    # The ward named after the old province, then the old province, then the old city.
    assert codes(found) == [("2025", "07210"), ("legacy", "24"), ("legacy", "213")]
    found = selectors.search_units(query="hong bang", era=None, limit=2)
    assert codes(found) == [("2025", "11311"), ("legacy", "303")]


def test_type_word_ranks_matching_units_first() -> None:
    found = selectors.search_units(query="Quận Hồng Bàng", era=None, limit=2)
    assert codes(found) == [("legacy", "303"), ("2025", "11311")]


def test_numbered_units() -> None:
    found = selectors.search_units(query="Q.1", era=Era.LEGACY, level=Level.DISTRICT, limit=1)
    assert codes(found) == [("legacy", "760")]


def test_search_limits_and_empty_queries() -> None:
    assert len(selectors.search_units(query="a", era=None, limit=7)) == 7
    assert selectors.search_units(query="  ") == []
    assert selectors.search_units(query="hai phong", limit=0) == []


def test_search_uses_few_queries(django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(4):
        selectors.search_units(query="Thành phố Hải Phòng", era=None)


def test_bac_giang_became_bac_ninh() -> None:
    found = selectors.current_for_legacy(legacy_unit=unit("24", era=Era.LEGACY))
    assert found.exact and not found.ambiguous
    assert found.unit is not None
    assert (found.unit.era, found.unit.code, found.unit.short_name) == ("2025", "24", "Bắc Ninh")


def test_split_commune_lists_every_candidate_and_never_guesses() -> None:
    # Phường Ngọc Hà (Ba Đình, Hà Nội) was split between two new wards.
    found = selectors.current_for_legacy(legacy_unit=unit("00016", era=Era.LEGACY))
    assert not found.exact and found.ambiguous
    assert found.unit is None
    assert [(c.unit.code, c.unit.name, c.partial) for c in found.candidates] == [
        ("00004", "Phường Ba Đình", True),
        ("00008", "Phường Ngọc Hà", True),
    ]


def test_partly_merged_into_one_is_not_exact() -> None:
    found = selectors.current_for_legacy(legacy_unit=unit("30781", era=Era.LEGACY))
    assert [(c.unit.code, c.partial) for c in found.candidates] == [("30781", True)]
    assert not found.exact


def test_commune_missing_from_the_table_falls_back_to_the_province() -> None:
    # Phường 14, Bình Thạnh is not in the package's conversion table.
    found = selectors.current_for_legacy(legacy_unit=unit("26935", era=Era.LEGACY))
    assert [(c.unit.code, c.unit.level, c.partial) for c in found.candidates] == [
        ("79", "province", True)
    ]
    assert not found.exact


def test_districts_go_to_their_province_or_special_zone() -> None:
    tan_an = selectors.current_for_legacy(legacy_unit=unit("794", era=Era.LEGACY))
    assert tan_an.unit is not None and tan_an.unit.code == "80"
    con_dao = selectors.current_for_legacy(legacy_unit=unit("755", era=Era.LEGACY))
    assert con_dao.unit is not None
    assert (con_dao.unit.code, con_dao.unit.name) == ("26732", "Đặc khu Côn Đảo")


def test_current_unit_is_its_own_successor() -> None:
    hai_phong = unit("31")
    assert selectors.current_for_legacy(legacy_unit=hai_phong).unit == hai_phong


def test_legacy_for_current() -> None:
    olds = selectors.legacy_for_current(unit=unit("31"))
    assert [(u.era, u.code) for u in olds] == [("legacy", "30"), ("legacy", "31")]


def test_resolve_legacy_province() -> None:
    found = selectors.resolve_place(text="Bắc Giang")
    assert found.unit is not None and found.unit.code == "24"
    assert found.candidates[0].matched.era == Era.LEGACY


def test_resolve_full_legacy_address_is_ambiguous_when_split() -> None:
    for text in (
        "xã Tân Lập, huyện Đan Phượng, Hà Nội",
        "Xã Tân Lập huyện Đan Phượng thành phố Hà Nội",
        "tan lap dan phuong ha noi",
    ):
        found = selectors.resolve_place(text=text)
        assert found.ambiguous, text
        assert found.unit is None
        assert sorted((m.unit.code, m.matched.code, m.exact) for m in found.candidates) == [
            ("09817", "09820", False),
            ("09832", "09820", False),
        ], text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Phường 4, TP Tân An, Long An", "27694"),
        ("Thôn 5, xã Hải Phong, Hải Hậu, Nam Định", "14281"),
        ("Kiến An, Hải Phòng", "11443"),
        ("Phường Ba Đình, Hà Nội, Việt Nam", "00004"),
        ("Huyện Côn Đảo, Bà Rịa - Vũng Tàu", "26732"),
        ("TP. Hồ Chí Minh", "79"),
        ("Hà Nam, Ninh Bình", "13366"),  # the new ward named after the old province
    ],
)
def test_resolve_exact(text: str, code: str) -> None:
    found = selectors.resolve_place(text=text)
    assert found.unit is not None, found
    assert (found.unit.era, found.unit.code) == ("2025", code)


def test_resolve_bare_commune_name_lists_all() -> None:
    found = selectors.resolve_place(text="ba dinh")
    assert found.unit is None
    assert {"00004", "16171"} <= {m.unit.code for m in found.candidates}


def test_resolve_falls_back_to_prefix_search_never_exact() -> None:
    found = selectors.resolve_place(text="Hải Phò")
    assert found.unit is None
    assert found.candidates[0].unit.code == "31"
    assert not any(m.exact for m in found.candidates)
    assert selectors.resolve_place(text="nowhere land").candidates == ()
    assert selectors.resolve_place(text=" , ").candidates == ()


def test_province_of_and_subtree(make_agency: Any) -> None:
    hai_phong = unit("31")
    commune = AdminUnit.objects.filter(province=hai_phong, level=Level.COMMUNE).first()
    assert commune is not None
    assert selectors.province_of(commune) == hai_phong
    assert selectors.province_of(hai_phong) == hai_phong
    inside = make_agency(admin_unit=commune)
    outside = make_agency(admin_unit=unit("40"))
    in_hai_phong = set(Agency.objects.filter(selectors.subtree_q(hai_phong)))
    assert inside in in_hai_phong and outside not in in_hai_phong
    assert list(Agency.objects.filter(selectors.subtree_q(commune))) == [inside]


def test_children_of() -> None:
    hai_phong = unit("31")
    communes = list(selectors.children_of(unit=hai_phong, level=Level.COMMUNE))
    assert len(communes) == 114
    assert [c.name_key for c in communes] == sorted(c.name_key for c in communes)
    legacy_ha_noi = unit("01", era=Era.LEGACY)
    assert len(list(selectors.children_of(unit=legacy_ha_noi))) == 30
    assert len(list(selectors.children_of(unit=legacy_ha_noi, level=Level.COMMUNE))) == (
        AdminUnit.objects.filter(
            era=Era.LEGACY, level=Level.COMMUNE, province=legacy_ha_noi
        ).count()
    )

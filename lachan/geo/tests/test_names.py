"""Type words of official names and the keys of typed queries (no database)."""

from __future__ import annotations

import pytest

from lachan.geo.names import place_query, split_official_name


@pytest.mark.parametrize(
    ("name", "division_type", "expected"),
    [
        ("Thành phố Hải Phòng", "thành phố trung ương", ("Thành phố Hải Phòng", "Hải Phòng")),
        ("Tỉnh Nghệ An", "tỉnh", ("Tỉnh Nghệ An", "Nghệ An")),
        ("xã Bắc Sơn", "xã", ("Xã Bắc Sơn", "Bắc Sơn")),
        ("Thành Phố Bắc Kạn", "thành phố", ("Thành phố Bắc Kạn", "Bắc Kạn")),
        ("Đặc khu Côn Đảo", "đặc khu", ("Đặc khu Côn Đảo", "Côn Đảo")),
        ("Thị trấn N.T Phong Hải", "thị trấn", ("Thị trấn N.T Phong Hải", "N.T Phong Hải")),
        ("Phường 1", "phường", ("Phường 1", "Phường 1")),
        ("Phường Hà Giang 1", "phường", ("Phường Hà Giang 1", "Hà Giang 1")),
    ],
)
def test_split_official_name(name: str, division_type: str, expected: tuple[str, str]) -> None:
    assert split_official_name(name, division_type) == expected


def test_split_refuses_a_name_without_its_type_word() -> None:
    with pytest.raises(ValueError):
        split_official_name("Hải Phòng", "tỉnh")


@pytest.mark.parametrize(
    "typed", ["hai phong", "TP. Hải Phòng", "Thành phố Hải Phòng", "tp hai phong", "  HẢI   PHÒNG "]
)
def test_name_variants_give_the_key(typed: str) -> None:
    assert "hai phong" in place_query(typed).keys


def test_type_word_is_remembered() -> None:
    query = place_query("TP. Hải Phòng")
    assert query.keys == ("tp hai phong", "hai phong")
    assert query.types == frozenset({"thành phố", "thành phố trung ương"})


def test_first_word_may_be_a_name() -> None:
    # "Phương Liên" is a name; "phuong" may also be "phường".
    assert place_query("phuong lien").keys == ("phuong lien", "lien")


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("p1", ("phuong 1",)),
        ("P.1", ("phuong 1",)),
        ("Quận 10", ("quan 10",)),
        ("q 3", ("quan 3",)),
    ],
)
def test_numbered_units(typed: str, keys: tuple[str, ...]) -> None:
    assert place_query(typed).keys == keys


def test_aliases_and_empty() -> None:
    assert place_query("TP.HCM").keys == ("tp hcm", "hcm", "ho chi minh")
    assert not place_query(" ,. ")

"""Identifier normalisation: phones in every notation, ID documents, accounts."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lachan.core.crypto import reset_key_cache
from lachan.core.errors import ValidationFailed
from lachan.core.identifiers import (
    PHONE_PURPOSE,
    IdentifierKind,
    identifier_index,
    index_purpose,
    mask_identifier,
    normalize_handle,
    normalize_identifier,
    normalize_phone,
)

MOBILE_PREFIXES = ["32", "33", "38", "39", "56", "70", "77", "81", "86", "88", "90", "91", "98"]


@pytest.mark.parametrize(
    "written",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84912345678",
        "+84 912 345 678",
        "+84 (0) 912 345 678",
        "84912345678",
        "0084912345678",
        "0084 912-345-678",
        "912345678",
        "０９１２３４５６７８",  # full-width digits from a phone keyboard
    ],
)
def test_vietnamese_mobile_in_any_notation(written: str) -> None:
    assert normalize_phone(written) == "+84912345678"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("024 3826 4567", "+842438264567"),  # Hà Nội landline
        ("(0225) 384 2233", "+842253842233"),  # Hải Phòng landline
        ("+84 238 3844 555", "+842383844555"),  # Nghệ An landline
        ("01689 123 456", "+84389123456"),  # old 11-digit Viettel → 038
        ("0123 456 7890", "+84834567890"),  # old VinaPhone 0123 → 083
        ("+86 138 0013 8000", "+8613800138000"),  # China mobile stays as it is
        ("00856 20 5555 1234", "+8562055551234"),  # Laos
    ],
)
def test_landlines_old_mobiles_and_foreign_numbers(written: str, expected: str) -> None:
    assert normalize_phone(written) == expected


@pytest.mark.parametrize(
    "written",
    ["", "   ", "0912abc678", "091234", "0112345678", "+84 12 345", "٠٩١٢٣٤٥٦٧٨", "+1 23"],
)
def test_bad_phone_numbers_are_refused(written: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        normalize_phone(written)
    assert info.value.code == "invalid_phone"


def test_phone_error_is_in_vietnamese() -> None:
    with translation.override("vi"), pytest.raises(ValidationFailed) as info:
        normalize_phone("0912")
    assert str(info.value.message) == "Số điện thoại không đúng độ dài."


@st.composite
def mobile_numbers(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    rest = draw(st.text(alphabet="0123456789", min_size=7, max_size=7))
    return prefix + rest


def _spaced(digits: str, separator: str, group: int) -> str:
    return separator.join(digits[i : i + group] for i in range(0, len(digits), group))


@given(
    mobile_numbers(),
    st.sampled_from(["0", "+84", "84", "0084", "+84 ", "0084 ", "+84 (0)"]),
    st.sampled_from(["", " ", ".", "-"]),
    st.integers(min_value=2, max_value=4),
)
def test_any_mobile_in_any_notation_normalises_to_one_e164(
    national: str, lead: str, separator: str, group: int
) -> None:
    written = lead + _spaced(national, separator, group)
    assert normalize_phone(written) == "+84" + national


@pytest.mark.parametrize(
    ("kind", "written", "expected"),
    [
        ("cccd", "001 090 012 345", "001090012345"),
        ("cccd", "040-195-000-123", "040195000123"),
        ("cmnd", "186 123 456", "186123456"),
        ("passport", "c1234567", "C1234567"),
        ("passport", "B 123 4567", "B1234567"),
        ("facebook", "https://www.facebook.com/Nguyen.Van.An?ref=bookmarks", "nguyen.van.an"),
        ("facebook", "m.facebook.com/profile.php?id=100012345678901", "100012345678901"),
        ("facebook", "facebook.com/people/Nguyen-Van-An/100012345678901/", "100012345678901"),
        ("facebook", "@NguyenVanAn", "nguyenvanan"),
        ("zalo", "zalo.me/0912345678", "+84912345678"),
        ("zalo", "https://zalo.me/84912345678", "+84912345678"),
        ("zalo", "0912.345.678", "+84912345678"),
        ("telegram", "https://t.me/Hoang_Long", "hoang_long"),
        ("telegram", "@hoang_long", "hoang_long"),
        ("telegram", "telegram.me/hoang_long/", "hoang_long"),
        ("bank_account", "0011 0042 12345", "0011004212345"),
        ("bank_account", "vcb-123456789", "VCB123456789"),
        ("email", " An.Nguyen@Example.VN ", "an.nguyen@example.vn"),
        ("other", "Biển số 29A-123.45", "bien so 29a-123.45"),
    ],
)
def test_identifier_table(kind: str, written: str, expected: str) -> None:
    assert normalize_identifier(kind, written) == expected


@pytest.mark.parametrize(
    ("kind", "written", "code"),
    [
        ("cccd", "12345678901", "invalid_cccd"),
        ("cccd", "12345678901A", "invalid_cccd"),
        ("cmnd", "1234567890", "invalid_cmnd"),
        ("passport", "C12", "invalid_passport"),
        ("facebook", "https://facebook.com/", "invalid_handle"),
        ("facebook", "@", "invalid_handle"),
        ("bank_account", "12-34", "invalid_bank_account"),
        ("email", "not-an-email", "invalid_email"),
        ("other", " ... ", "invalid_identifier"),
    ],
)
def test_bad_identifiers_are_refused(kind: str, written: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        normalize_identifier(kind, written)
    assert info.value.code == code


def test_facebook_digits_are_a_profile_id_not_a_phone() -> None:
    assert normalize_handle("facebook.com/0912345678", IdentifierKind.FACEBOOK) == "0912345678"


def test_phone_and_zalo_phone_share_a_purpose_other_kinds_do_not() -> None:
    assert index_purpose("phone", "+84912345678") == PHONE_PURPOSE
    assert index_purpose("zalo", "+84912345678") == PHONE_PURPOSE
    assert index_purpose("zalo", "hoang_long") == "id:zalo"
    assert index_purpose("bank_account", "0912345678") == "id:bank_account"
    assert index_purpose("cmnd", "912345678") == "id:cmnd"


@override_settings(LACHAN_INDEX_KEY="index-key-for-this-test")
def test_same_phone_as_phone_and_as_zalo_has_one_blind_index() -> None:
    reset_key_cache()
    phone = identifier_index("phone", "0987 654 321")
    assert identifier_index("zalo", "zalo.me/84987654321") == phone
    assert identifier_index("zalo", "+84 987.654.321") == phone
    assert identifier_index("bank_account", "0987654321") != phone
    assert identifier_index("cmnd", "987654321") != identifier_index("bank_account", "987654321")
    assert len(phone) == 64


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        ("phone", "0987 654 378", "+84 9** *** *78"),
        ("zalo", "zalo.me/0987654378", "+84 9** *** *78"),
        ("phone", "024 3826 4567", "+84 2** *** **67"),
        ("cccd", "001090012345", "*********345"),
        ("passport", "C1234567", "******67"),
    ],
)
def test_masking(kind: str, value: str, masked: str) -> None:
    assert mask_identifier(kind, value) == masked

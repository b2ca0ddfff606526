"""Identifiers found in tip text: phones in every notation people use, social accounts
and links, bank accounts — each normalised like lachan.core.identifiers and pointing
at the exact characters it came from."""

from __future__ import annotations

import pytest

from lachan.tips.triage.identifiers import extract_identifiers


def found(text: str) -> list[tuple[str, str, str]]:
    return [(i.kind.value, i.value, i.normalized) for i in extract_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "written", "e164"),
    [
        ("sđt 0912345678 nhé", "0912345678", "+84912345678"),
        ("gọi 0912 345 678", "0912 345 678", "+84912345678"),
        ("số 0912.345.678.", "0912.345.678", "+84912345678"),
        ("số 0912-345-678", "0912-345-678", "+84912345678"),
        ("số 09 12 34 56 78 nha", "09 12 34 56 78", "+84912345678"),
        ("liên hệ +84 912 345 678", "+84 912 345 678", "+84912345678"),
        ("liên hệ +84912345678", "+84912345678", "+84912345678"),
        ("liên hệ (+84) 912-345-678", "(+84) 912-345-678", "+84912345678"),
        ("(84) 912345678 là số nó", "(84) 912345678", "+84912345678"),
        ("84912345678", "84912345678", "+84912345678"),
        ("0084 912 345 678", "0084 912 345 678", "+84912345678"),
        ("teen 0912_345_678 ok", "0912_345_678", "+84912345678"),
        ("teen 0912*345*678 ok", "0912*345*678", "+84912345678"),
        ("teen 0912~345~678 ok", "0912~345~678", "+84912345678"),
        ("teen 0912/345/678 ok", "0912/345/678", "+84912345678"),
        ("teen 0 9 1 2 3 4 5 6 7 8 ok", "0 9 1 2 3 4 5 6 7 8", "+84912345678"),
        ("chữ o: O912345678", "O912345678", "+84912345678"),
        ("full width ０９１２３４５６７８", "０９１２３４５６７８", "+84912345678"),
        ("số cũ 0168 123 4567", "0168 123 4567", "+84381234567"),
        ("máy bàn 024 3826 8888", "024 3826 8888", "+842438268888"),
        ("số TQ +86 139 1234 5678", "+86 139 1234 5678", "+8613912345678"),
        ("số Campuchia 00855 12 345 678", "00855 12 345 678", "+85512345678"),
    ],
)
def test_phone_notations(text: str, written: str, e164: str) -> None:
    assert found(text) == [("phone", written, e164)]


def test_two_numbers_in_a_row_are_two_phones() -> None:
    assert [n for _k, _w, n in found("0912345678, 0987 654 321 và 0333.444.555")] == [
        "+84912345678",
        "+84987654321",
        "+84333444555",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "CCCD 001234567890 của em",  # a citizen ID is no phone
        "ngày 12/03/2024 lúc 10:30",
        "chuyển 15.000.000 đồng",
        "mất 150.000.000đ",
        "mã 9123456789",  # no leading 0 or country code: not said to be a phone
        "0912345",  # too short
    ],
)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zalo: 0987654321", [("zalo", "0987654321", "+84987654321")]),
        ("sdt/zalo 0333 444 555", [("zalo", "0333 444 555", "+84333444555")]),
        ("tele 0912345678", [("telegram", "0912345678", "+84912345678")]),
        ("nhắn tele @ban_nguoi99 nhé", [("telegram", "@ban_nguoi99", "ban_nguoi99")]),
        ("fb: hoa.hong.den99", [("facebook", "hoa.hong.den99", "hoa.hong.den99")]),
        ("nick facebook tên Hoa Hồng Đen, hay nhắn", [("facebook", "Hoa Hồng Đen", "hoahongden")]),
        ("zalo tên là Minh Anh.", [("zalo", "Minh Anh", "minhanh")]),
        ("fb 100012345678", [("facebook", "100012345678", "100012345678")]),
        (
            "link facebook.com/profile.php?id=100012345678.",
            [("facebook", "facebook.com/profile.php?id=100012345678", "100012345678")],
        ),
        (
            "https://www.facebook.com/tinhyeu.xuyenbiengioi/ đó",
            [
                (
                    "facebook",
                    "https://www.facebook.com/tinhyeu.xuyenbiengioi/",
                    "tinhyeu.xuyenbiengioi",
                )
            ],
        ),
        ("fb.com/abc.xyz", [("facebook", "fb.com/abc.xyz", "abc.xyz")]),
        ("https://zalo.me/0912345678", [("zalo", "https://zalo.me/0912345678", "+84912345678")]),
        ("t.me/kimmy_pp, nhắn đi", [("telegram", "t.me/kimmy_pp", "kimmy_pp")]),
        ("Nhóm Telegram đầu tư. Admin là @vip_trader", [("telegram", "@vip_trader", "vip_trader")]),
        ("liên hệ @someone_x", [("other", "@someone_x", "@someone_x")]),
    ],
)
def test_social_accounts_and_links(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'nhóm trên Facebook tên "Tình yêu xuyên biên giới"',  # a group name, no account
        "quen qua Facebook Messenger",
        "qua Zalo, Telegram",
        "tìm hiểu qua zalo với một người",
        "email abc@gmail.com",
    ],
)
def test_words_after_service_names_that_are_not_accounts(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "written", "normalized"),
    [
        ("stk 0071000123456 vcb", "0071000123456", "0071000123456"),
        ("STK: 1903 4567 8901 23 Techcombank", "1903 4567 8901 23", "19034567890123"),
        ("số tài khoản 123-456-789-012 ngân hàng BIDV", "123-456-789-012", "123456789012"),
        ("chuyển vào tài khoản Vietcombank 0451000123987", "0451000123987", "0451000123987"),
        ("0451000123987 agribank chủ TK Nguyễn Văn A", "0451000123987", "0451000123987"),
        # A phone number used as an account is an account here.
        ("stk 0912345678 MB bank", "0912345678", "0912345678"),
    ],
)
def test_bank_accounts_near_bank_words(text: str, written: str, normalized: str) -> None:
    assert found(text) == [("bank_account", written, normalized)]


@pytest.mark.parametrize(
    "text",
    [
        "chuyển khoản 5.000.000 đồng",  # money, not an account
        "ck 500k nha",
        "tài khoản zalo 0987654321",  # a Zalo account, see below
    ],
)
def test_amounts_and_service_accounts_are_not_bank_accounts(text: str) -> None:
    assert all(kind != "bank_account" for kind, _w, _n in found(text))


def test_zalo_account_after_tai_khoan_is_zalo() -> None:
    assert found("tài khoản zalo 0987654321") == [("zalo", "0987654321", "+84987654321")]


def test_spans_point_at_the_value_and_the_cue() -> None:
    text = "Em bị giữ, chuyển tiền vào STK 1903 4567 8901 Techcombank, gọi 0912.345.678"
    account, phone = extract_identifiers(text)
    assert text[account.span.start : account.span.end] == "1903 4567 8901"
    assert [text[c.start : c.end] for c in account.cues] == ["STK", "Techcombank"]
    assert text[phone.span.start : phone.span.end] == "0912.345.678"

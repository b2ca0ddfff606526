"""Destination countries from Vietnamese names, diacritic-free spellings, abbreviations,
folk names and border towns — and the words that only look like them."""

from __future__ import annotations

import pytest

from lachan.tips.triage.engine import suggest_text


def destination(text: str) -> str | None:
    return suggest_text(text).destination.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Em bị bán sang Trung Quốc", "CN"),
        ("em bi ban sang trung quoc", "CN"),
        ("bị lừa sang TQ lấy ck", "CN"),
        ("nó đang ở bên Tàu", "CN"),
        ("dẫn qua sông sang Hà Khẩu", "CN"),
        ("bị đưa sang Đông Hưng", "CN"),
        ("bán cho một nhà ở Quảng Tây", "CN"),
        ("bị lừa sang Campuchia", "KH"),
        ("bi lua sang campuchia", "KH"),
        ("đi CPC làm online", "KH"),
        ("đang ở sihanoukville", "KH"),
        ("bị nhốt ở Bavet", "KH"),
        ("sang Nam Vang làm", "KH"),
        ("sang Lào làm casino", "LA"),
        ("chi toi o ben lao", "LA"),
        ("khu Tam giác vàng", "LA"),
        ("qua Mã Lai làm nhà hàng", "MY"),
        ("đi Malaysia", "MY"),
        ("bị đưa sang Myawaddy", "MM"),
        ("sang Thái Lan", "TH"),
        ("qua Thái làm", "TH"),
        ("đi Hàn Quốc theo EPS", "KR"),
        ("sang Nhật làm thực tập sinh", "JP"),
        ("lấy chồng Đài Loan", "TW"),
        ("đi Dubai làm giúp việc", "AE"),
        ("sang Angola làm xây dựng", "AO"),
        ("đưa sang Pháp", "FR"),
        ("làm ở Bangladesh", "BD"),
        # the story ends where the person ended up
        ("tuyển sang Thái Lan nhưng bị đưa qua sông sang Myanmar", "MM"),
    ],
)
def test_destination(text: str, code: str) -> None:
    assert destination(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Người lao động ở Lào Cai",  # lao động, Lào Cai
        "nguoi lao dong o lao cai",
        "Chị ấy đang mang thai ở Thái Bình",  # thai, Thái Bình
        "đi tàu cá ở Phú Quốc",  # tàu cá, not "Tàu"
        "Chị Nga ở Hà Nội",  # a name
        "nhà ở huyện Đông Hưng, Thái Bình",  # the district, not the Chinese town
        "ai cap giay phep cho cong ty",  # not Ai Cập
        "em đi làm ở Bình Dương",
    ],
)
def test_no_destination(text: str) -> None:
    assert destination(text) is None


def test_candidates_and_evidence() -> None:
    text = "Chị bị đưa sang Lào rồi chuyển tiếp sang Trung Quốc qua cửa khẩu Boten"
    result = suggest_text(text).destination
    assert [c.code for c in result.candidates] == ["CN", "LA"]
    assert result.code == "CN"
    assert [e.text for e in result.evidence] == ["sang Trung Quốc"]
    assert all(text[e.start : e.end] == e.text for c in result.candidates for e in c.evidence)

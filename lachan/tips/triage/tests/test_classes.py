"""A few tips per suggestion, written as reporters write them (with and without
diacritics, teen-code), and the hard negatives that share their words."""

from __future__ import annotations

from datetime import date

import pytest

from lachan.tips.triage import EXPLOITATION_TYPES, suggest
from lachan.tips.triage.engine import suggest_text

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Con gái tôi bị một người phụ nữ lừa sang Trung Quốc, bán cho một gia đình làm vợ,"
            " không cho về",
            "forced_marriage",
        ),
        ("e bi ep lay ck tq, ho khoa cua k cho ra ngoai", "forced_marriage"),
        ("Em họ tôi bị bán vào nhà chứa ở Quảng Tây, bị ép bán dâm", "sexual_exploitation"),
        ("chị bị giữ hộ chiếu, bắt đi khách mỗi tối ở Malaysia", "sexual_exploitation"),
        (
            "a bị lừa sang cpc, cty bắt lừa đảo, k đủ chỉ tiêu bị chích điện, đòi 200tr tiền chuộc",
            "forced_labour",
        ),
        ("Họ bị nhốt trong xưởng, làm 14 tiếng một ngày không được trả lương", "forced_labour"),
        ("Đường dây mua trẻ sơ sinh rồi bán sang Trung Quốc", "child_trafficking_adoption"),
        ("có ng trên mạng trả 250tr mua 1 quả thận, đưa lên bv xét nghiệm", "organ_removal"),
        ("Họ tuyển phụ nữ mang thai hộ, giữ giấy tờ, không cho về nhà", "surrogacy"),
        ("Trẻ em bị một người đàn ông mua về, ép đi ăn xin, không đủ tiền thì bị đánh", "other"),
    ],
)
def test_exploitation_type(text: str, label: str) -> None:
    result = suggest_text(text, today=TODAY)
    assert result.trafficking_related.value is True
    assert result.exploitation.label == label
    assert result.exploitation.evidence
    assert label in EXPLOITATION_TYPES


@pytest.mark.parametrize(
    "text",
    [
        # licensed labour migration
        "Em trai tôi đi Hàn Quốc theo chương trình EPS, lương đầy đủ, vẫn gọi điện về hàng tuần.",
        "cho e hỏi cty xkld này có giấy phép k ạ, e định đi nhật",
        # legal marriage and dating
        "Em gái tôi đã đăng ký kết hôn hợp pháp với người Đài Loan, năm nào cũng về thăm nhà.",
        # scams that only took money
        "Tôi bị lừa đầu tư sàn ảo, mất 300 triệu, người đó chặn liên lạc.",
        "Mẹ tôi bị giả danh công an lừa chuyển 200 triệu.",
        # debts, violence at home, drugs, people who just left
        "Ông K. vay tôi 300 triệu không trả, tôi muốn khởi kiện đòi nợ.",
        "Chồng tôi say rượu đánh tôi, đây là bạo lực gia đình.",
        "Quán nước đầu ngõ có người mua bán ma túy.",
        "Con gái tôi bỏ nhà đi, nay đã liên lạc lại, đang làm công nhân ở Bình Dương.",
        # the same words in questions about the law
        "Xin tài liệu tuyên truyền phòng, chống mua bán người cho học sinh.",
        "Tôi muốn hiến một quả thận cho bố, xin hỏi thủ tục.",
    ],
)
def test_hard_negatives(text: str) -> None:
    result = suggest_text(text, today=TODAY)
    assert result.trafficking_related.value is False
    assert result.exploitation.label is None


def test_counter_evidence_is_shown() -> None:
    text = "Con tôi đi Nhật qua công ty có giấy phép, vẫn gọi điện về hàng tuần"
    result = suggest_text(text)
    counter = result.trafficking_related.counter_evidence
    assert [e.text for e in counter] == ["có giấy phép", "vẫn gọi điện"]
    assert all(e.weight < 0 for e in counter)
    assert result.trafficking_related.value is False


@pytest.mark.parametrize(
    ("text", "in_danger"),
    [
        ("cứu em với, em đang bị nhốt, tối nay họ chuyển em qua biên giới", True),
        ("Khẩn cấp: em tôi vừa nhắn đang bị giữ ở nhà nghỉ, sáng mai bị đưa đi", True),
        ("sos e bj nhot, mai ho ban e", True),
        ("Năm 2019 chị bị bán sang Trung Quốc, năm 2024 đã trốn về.", False),
        ("Con tôi đã được giải cứu và về nhà an toàn tuần trước.", False),
        ("Cho tôi hỏi thủ tục đi xuất khẩu lao động.", False),
    ],
)
def test_person_in_danger_now(text: str, in_danger: bool) -> None:
    assert suggest_text(text, today=TODAY).urgency.in_danger.value is in_danger


@pytest.mark.parametrize(
    ("text", "child"),
    [
        ("con gái tôi mới 15 tuổi", True),
        ("e 16t", True),
        ("cháu học lớp 8", True),
        ("bán trẻ sơ sinh", True),
        ("em sinh năm 2010", True),
        ("có cô gái chưa tròn 18 tuổi", True),
        ("con gái tôi 22 tuổi", False),
        ("chị sinh năm 1995", False),
        ("vợ tôi đi làm ở Hà Nội", False),
    ],
)
def test_child_involved(text: str, child: bool) -> None:
    assert suggest_text(text, today=TODAY).urgency.child.value is child


def test_nothing_in_an_empty_or_unrelated_text() -> None:
    for text in ("", "   ", "Xin chào", "1234"):
        result = suggest_text(text)
        assert result.trafficking_related.value is False
        assert result.exploitation.label is None
        assert result.destination.code is None
        assert result.identifiers == ()


@pytest.mark.django_db
def test_suggest_with_places_reads_the_database() -> None:
    result = suggest("Cháu ở xã Y Tý, Lào Cai bị dụ sang Trung Quốc bán làm vợ, sđt 0912 345 678")
    assert [p.text for p in result.places] == ["xã Y Tý, Lào Cai"]
    assert result.places[0].code is not None
    assert result.destination.code == "CN"
    assert [(i.kind, i.normalized) for i in result.identifiers] == [("phone", "+84912345678")]

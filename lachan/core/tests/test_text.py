"""Vietnamese text tools: table tests with real names, and properties that must hold
for any text (hypothesis)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lachan.core.text import fold, name_display, name_key, name_tokens, nfc, strip_diacritics

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
names = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "  \t-'"),
    max_size=40,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Thị Hường", "dang thi huong"),
        ("NGUYỄN  văn   an", "nguyen van an"),
        ("Trần Đức Độ", "tran duc do"),
        ("Lê-Nguyễn Ánh Tuyết", "le nguyen anh tuyet"),
        ("H'Hen Niê", "h hen nie"),
        ("  Phạm\tQuỳnh\nHương ", "pham quynh huong"),
        ("Bùi Thị Xuân, Hà Nội.", "bui thi xuan ha noi"),
    ],
)
def test_fold_table(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NGUYỄN  văn   an", "Nguyễn Văn An"),
        ("đặng thị hường", "Đặng Thị Hường"),
        ("  lê-nguyễn  ánh TUYẾT ", "Lê-Nguyễn Ánh Tuyết"),
        ("h'hen niê", "H'Hen Niê"),
        ("ĐINH\tQUANG  đạo", "Đinh Quang Đạo"),
    ],
)
def test_name_display_table(text: str, expected: str) -> None:
    assert name_display(text) == expected


def test_nfd_input_is_composed_and_folds_the_same() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert decomposed != "Nguyễn Thị Hường"
    assert nfc(decomposed) == "Nguyễn Thị Hường"
    assert name_display(decomposed) == "Nguyễn Thị Hường"
    assert fold(decomposed) == "nguyen thi huong"


def test_strip_diacritics_keeps_case_and_maps_d_with_stroke() -> None:
    assert strip_diacritics("Đặng Thị HƯỜNG") == "Dang Thi HUONG"


def test_keep_punctuation_keeps_dots_and_underscores() -> None:
    assert fold("Nguyen.Van_An", keep_punctuation=True) == "nguyen.van_an"


def test_name_tokens_are_distinct_folded_syllables_in_order() -> None:
    assert name_tokens("Nguyễn Thị Hường Nguyễn") == ["nguyen", "thi", "huong"]
    assert name_tokens("  ") == []
    assert name_key("Đặng Thị Hường") == "dang thi huong"


@given(st.text())
@example("İstanbul")
@example("ǅ")
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
@example("Đặng Thị Hường")
def test_fold_has_no_combining_marks_no_d_with_stroke_no_capitals(text: str) -> None:
    folded = fold(text)
    assert not any(unicodedata.category(ch) == "Mn" for ch in folded)
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.strip()
    assert "  " not in folded


@given(st.text())
def test_fold_is_invariant_under_nfc_and_nfd(text: str) -> None:
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(names)
def test_fold_of_a_vietnamese_name_is_plain_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()


@given(st.text())
@example("ßa")
@example("ŉa")
@example("İa")
def test_name_display_is_idempotent(text: str) -> None:
    assert name_display(name_display(text)) == name_display(text)


@given(names)
def test_name_display_keeps_the_fold_key(text: str) -> None:
    assert fold(name_display(text)) == fold(text)
    assert name_display(text) == nfc(name_display(text))


def test_one_edit_apart_counts_single_slips_only() -> None:
    from lachan.core.text import one_edit_apart

    assert one_edit_apart("tran", "trann")  # added
    assert one_edit_apart("trann", "tran")  # dropped
    assert one_edit_apart("tran", "tren")  # changed
    assert one_edit_apart("tran", "rtan")  # neighbours swapped
    assert not one_edit_apart("tran", "tran")  # equal is not a slip
    assert not one_edit_apart("tran", "nart")  # two changes
    assert not one_edit_apart("tran", "tr")  # two dropped

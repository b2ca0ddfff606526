"""Keys: folding, teen-code, spelling rewrites, typo correction, diacritic checks and
negation — the ground the lexicon stands on."""

from __future__ import annotations

import pytest

from lachan.tips.triage.cues import LEXICON
from lachan.tips.triage.engine import suggest_text
from lachan.tips.triage.lexicon import Lexicon, compile_cues, variants
from lachan.tips.triage.tokens import TypoCorrector, is_syllable, tokenize, word_keys


@pytest.mark.parametrize(
    ("written", "keys"),
    [
        ("Không", ("khong",)),
        ("ko", ("khong",)),
        ("k", ("khong",)),
        ("khum", ("khong",)),
        ("đc", ("duoc",)),
        ("dc", ("duoc",)),
        ("vk", ("vo",)),
        ("ck", ("chong",)),
        ("ng", ("nguoi",)),
        ("nc", ("nuoc",)),
        ("TQ", ("trung", "quoc")),
        ("CPC", ("campuchia",)),
        ("sđt", ("so", "dien", "thoai")),
        ("fải", ("phai",)),  # teen-code spelling: f → ph
        ("wá", ("qua",)),  # w → qu
        ("jờ", ("gio",)),  # j → gi
        ("kon", ("con",)),  # k before o → c
        ("luaaa", ("lua",)),  # stretched letters
        ("ĐƯỢC", ("duoc",)),
    ],
)
def test_word_keys(written: str, keys: tuple[str, ...]) -> None:
    assert word_keys(written) == keys


def test_tokens_keep_original_spans_and_clauses() -> None:
    text = "Em bị lừa sang TQ, ko về đc"
    tokens = tokenize(text)
    assert [(t.key, text[t.start : t.end], t.clause) for t in tokens] == [
        ("em", "Em", 0),
        ("bi", "bị", 0),
        ("lua", "lừa", 0),
        ("sang", "sang", 0),
        ("trung", "TQ", 0),
        ("quoc", "TQ", 0),
        ("khong", "ko", 1),
        ("ve", "về", 1),
        ("duoc", "đc", 1),
    ]


def test_decomposed_input_gives_the_same_keys_and_valid_spans() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Bị bán sang Trung Quốc")
    tokens = tokenize(text)
    assert [t.key for t in tokens] == ["bi", "ban", "sang", "trung", "quoc"]
    assert text[tokens[-1].start : tokens[-1].end] == unicodedata.normalize("NFD", "Quốc")


@pytest.mark.parametrize(
    ("word", "expected"), [("thanh", True), ("nguoi", True), ("trug", False), ("banf", False)]
)
def test_is_syllable(word: str, expected: bool) -> None:
    assert is_syllable(word) is expected


def test_typo_correction_only_fixes_non_words() -> None:
    corrector = TypoCorrector({"campuchia", "trung", "than"})
    assert corrector.correct("camphuchia") == "campuchia"  # one letter too many
    assert corrector.correct("campucia") == "campuchia"  # one missing
    assert corrector.correct("trug") == "trung"
    assert corrector.correct("thanh") is None  # a real word is never bent into "than"
    assert corrector.correct("abc") is None  # too short to guess


def test_typos_still_find_cues() -> None:
    result = suggest_text("em bi lua sang camphuchia, bi chich dienn, ho doi tien chuocc")
    assert result.destination.code == "KH"
    assert result.trafficking_related.value is True
    cues = {e.cue for e in result.trafficking_related.evidence}
    assert {"chích điện", "tiền chuộc"} <= cues


def test_words_typed_with_diacritics_must_be_the_cues_word() -> None:
    # "bán thận" (sell a kidney) and "bạn thân" (close friend) fold alike.
    organ = suggest_text("Bạn thân của tôi đi làm ở Hà Nội")
    assert all(c.label != "organ_removal" for c in organ.exploitation.ranking)
    sold = suggest_text("Người ta dụ tôi bán thận lấy 200 triệu")
    assert sold.exploitation.ranking[0].label == "organ_removal"


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("em bị ép bán dâm", False),
        ("em không bị ép bán dâm", True),
        ("em ko bi ep ban dam", True),
        ("không ai bị ép buộc hay giữ giấy tờ", True),  # reaches over "hay"
        ("không biết có bị bán không", False),  # doubt, not denial
        ("bị chủ quán giữ chứng minh thư", False),  # "chủ" is not "chứ"
        ("nha chua o Dong Hung, bi ep tiep khach", False),  # "nhà chứa", not "chưa"
    ],
)
def test_negation(text: str, negated: bool) -> None:
    hits = [
        h
        for h in LEXICON.find(tokenize(text))
        if h.cue.phrase
        in {
            "bị ép",
            "bán dâm",
            "bị bán",
            "giữ giấy tờ",
            "ép buộc",
            "bị ép buộc",
            "tiếp khách",
            "ép ~3 ngủ|tiếp|đi khách",
        }
        or "chứng minh thư" in h.cue.phrase
    ]
    assert hits
    assert {h.negated for h in hits} == {negated}


def test_brace_variants_count_once() -> None:
    assert variants("giữ {căn cước|cccd} ~2 {đi|về}") == [
        "giữ căn cước ~2 đi",
        "giữ căn cước ~2 về",
        "giữ cccd ~2 đi",
        "giữ cccd ~2 về",
    ]
    lexicon = Lexicon(compile_cues("giữ {căn cước|cccd}", {"t": 2.0}))
    assert {h.cue.phrase for h in lexicon.find(tokenize("giữ cccd, giữ căn cước"))} == {
        "giữ {căn cước|cccd}"
    }


def test_marked_words_and_negative_lookahead() -> None:
    lexicon = Lexicon(compile_cues("=Lào !Cai|động", {"LA": 3.0}))
    found = lambda text: [text[h.start : h.end] for h in lexicon.find(tokenize(text))]  # noqa: E731
    assert found("Em ở Lào, không phải Lào Cai") == ["Lào"]
    assert found("Người lao động đi làm ở bên Lào") == [
        "Lào"
    ]  # "lao" typed plain, in a marked text
    assert found("em di lao roi") == ["lao"]  # a text typed without diacritics
    assert found("nguoi lao dong o lao cai") == []

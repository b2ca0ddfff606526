"""Every phrase triage shows points at exactly the characters it quotes, whatever the
text: the UI highlights ``text[start:end]``."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from lachan.tips.triage import TriageSuggestion
from lachan.tips.triage.engine import suggest_text
from lachan.tips.triage.evalset import load


def all_evidence(result: TriageSuggestion) -> list:
    flags = [result.trafficking_related, result.urgency.in_danger, result.urgency.child]
    found = [e for f in flags for e in f.evidence + f.counter_evidence]
    found += list(result.exploitation.evidence)
    found += [e for c in result.exploitation.ranking for e in c.evidence]
    found += [e for c in result.destination.candidates for e in c.evidence]
    found += [e for i in result.identifiers for e in i.evidence]
    return found


def test_spans_quote_the_text_on_the_whole_evaluation_set() -> None:
    checked = 0
    for tip in load():
        for evidence in all_evidence(suggest_text(tip.text)):
            assert tip.text[evidence.start : evidence.end] == evidence.text, tip.id
            checked += 1
    assert checked > 1000


def test_spans_of_a_known_tip() -> None:
    text = "Cứu em, em bị lừa sang TQ, bọn nó giữ hộ chiếu. Sđt mẹ: 0912 345 678"
    result = suggest_text(text)
    assert [e.text for e in result.trafficking_related.evidence] == [
        "Cứu",
        "lừa sang",
        "sang TQ",
        "giữ hộ chiếu",
    ]
    assert [e.text for e in result.urgency.in_danger.evidence] == ["Cứu em"]
    assert [e.text for e in result.destination.evidence] == ["sang TQ"]
    (phone,) = result.identifiers
    assert (phone.evidence[0].start, phone.evidence[0].end) == (56, 68)


def test_spans_in_decomposed_text() -> None:
    text = unicodedata.normalize("NFD", "Chị bị bán sang Trung Quốc, bị ép bán dâm")
    result = suggest_text(text)
    assert result.trafficking_related.value is True
    for evidence in all_evidence(result):
        assert text[evidence.start : evidence.end] == evidence.text


def test_result_is_json_ready() -> None:
    result = suggest_text("em bị bán sang tq, zalo 0987654321")
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["trafficking_related"]["value"] is True
    assert data["destination"]["code"] == "CN"
    assert data["identifiers"][0]["normalized"] == "+84987654321"
    assert data["version"] == result.version


_PIECES = st.sampled_from(
    list("abcdeghiklmnopqrstuvxyđăâêôơưáàảãạấầẩẫậéèẻẽẹốồổỗộớờởỡợúùủũụứừửữựíìỉĩị")
    + list("ABCĐ0123456789 .,;:!?@/+()-_*\n\"'")
    + ["bán ", "sang ", "TQ", " ko ", "đc", "0912", " stk ", "zalo ", "fb.com/", "Lào", "\u0301"]
)
_VIETNAMESE = st.lists(_PIECES, max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(_VIETNAMESE)
def test_any_text_gives_valid_spans(text: str) -> None:
    result = suggest_text(text)
    for evidence in all_evidence(result):
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.text
    assert 0.0 <= result.trafficking_related.score <= 1.0

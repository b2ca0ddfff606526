"""Triage suggestions on tips (issue 3): stored at registration without the tip's text,
shown highlighted beside it, compared with the officer's classification."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.people.tests.helpers import make_person
from lachan.tips import selectors, services, suggestions
from lachan.tips.cleaning import IdentifierInput
from lachan.tips.models import Tip, TipTriage
from lachan.tips.tests.helpers import classified, make_tip
from lachan.tips.triage import lexicon_version
from lachan.tips.views import _classify_initial

pytestmark = pytest.mark.django_db

CLEAR = (
    "Em gái tôi 16 tuổi bị lừa sang Trung Quốc bán làm vợ, đang bị nhốt, gọi cứu gấp. "
    "SĐT kẻ môi giới 0912345678"
)
PHONE = "0912345678"


def _span(text: str, phrase: str) -> list[int]:
    start = text.index(phrase)
    return [start, start + len(phrase)]


def _clear_tip(actor: Any) -> Tip:
    return make_tip(actor, CLEAR, identifiers=[IdentifierInput("phone", PHONE)])


def test_registration_stores_the_suggestion_as_codes_and_spans(hp_operator: Any) -> None:
    tip = _clear_tip(hp_operator)

    triage = TipTriage.objects.get(tip=tip)
    stored = triage.suggestion
    assert triage.version == stored["version"] == lexicon_version()
    assert triage.correction is None
    assert stored["trafficking_related"]["value"] is True
    assert stored["trafficking_related"]["score"] == 1.0
    assert stored["exploitation"]["label"] == "forced_marriage"
    assert stored["exploitation"]["evidence"] == [_span(CLEAR, "bán làm vợ")]
    assert stored["in_danger"]["value"] is True
    assert stored["child"]["value"] is True
    assert stored["child"]["evidence"] == [_span(CLEAR, "16 tuổi")]
    assert stored["destination"] == {"code": "CN", "evidence": [_span(CLEAR, "sang Trung Quốc")]}
    assert stored["identifiers"] == [{"kind": "phone", "evidence": [_span(CLEAR, PHONE)]}]
    assert suggestions.suggested_values(stored) == {
        "trafficking_related": True,
        "exploitation_type": "forced_marriage",
        "urgent": True,
        "child_involved": True,
        "destination_country": "CN",
    }


def test_stored_suggestion_holds_no_phrase_of_the_tip(hp_operator: Any) -> None:
    tip = _clear_tip(hp_operator)

    raw = json.dumps(TipTriage.objects.get(tip=tip).suggestion, ensure_ascii=False)
    for phrase in (PHONE, "+84912345678", "bán làm vợ", "Trung Quốc", "bị nhốt", "16 tuổi", "cứu"):
        assert phrase not in raw
    # Nor does the audit trail gain anything for triage.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["tip.register"]


def test_public_intake_is_triaged_too(hp_agency: Any) -> None:
    tip = services.tip_register(
        actor=None,
        receiving_agency=hp_agency,
        kind="denunciation",
        channel="web_form",
        content=CLEAR,
    )

    assert TipTriage.objects.get(tip=tip).suggestion["exploitation"]["label"] == "forced_marriage"


def test_a_failing_triage_does_not_block_registration(
    hp_operator: Any, monkeypatch: Any, caplog: Any
) -> None:
    def broken(text: str) -> Any:
        raise RuntimeError(f"cannot read {text}")

    monkeypatch.setattr(suggestions, "suggest", broken)
    with caplog.at_level(logging.WARNING, logger="lachan.tips.suggestions"):
        tip = _clear_tip(hp_operator)

    assert Tip.objects.filter(pk=tip.pk).count() == 1
    assert TipTriage.objects.count() == 0
    assert [r.getMessage() for r in caplog.records] == ["Tip triage failed: RuntimeError"]
    assert PHONE not in caplog.text


def test_highlight_escapes_the_text_and_marks_the_spans() -> None:
    text = "<b>x</b> bán làm vợ & <script>"
    html = suggestions.highlight(text, [[9, 19], [13, 16], [99, 120], "junk"])

    assert str(html) == "&lt;b&gt;x&lt;/b&gt; <mark>bán làm vợ</mark> &amp; &lt;script&gt;"


def test_detail_page_shows_the_panel_with_highlighted_phrases(
    client_for: Any, hp_operator: Any, hp_supervisor: Any
) -> None:
    tip = make_tip(hp_operator, "<script>alert(1)</script> Họ bán làm vợ ở Trung Quốc.")

    html = client_for(hp_supervisor).get(reverse("tips:detail", args=[tip.pk])).content.decode()

    assert 'data-testid="triage-panel"' in html
    assert "Gợi ý phân loại" in html
    assert "<mark>bán làm vợ</mark>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "style=" not in html.split('data-testid="triage-panel"')[1].split("</section>")[0]


def test_classify_form_is_prefilled_from_the_suggestion(hp_operator: Any) -> None:
    tip = _clear_tip(hp_operator)

    assert _classify_initial(tip) == {
        "trafficking_related": "yes",
        "exploitation_type": "forced_marriage",
        "urgent": True,
        "child_involved": True,
        "destination_country": "CN",
        "kind": "denunciation",
        "summary": "",
    }


def test_agreeing_with_the_suggestion_stores_no_correction(
    hp_operator: Any, hp_supervisor: Any
) -> None:
    tip = _clear_tip(hp_operator)

    classified(tip, hp_supervisor, urgent=True, child_involved=True, destination_country="CN")

    assert TipTriage.objects.get(tip=tip).correction is None
    assert selectors.triage_agreement()["exploitation:forced_marriage"] == {"total": 1, "agreed": 1}


def test_disagreeing_stores_the_correction(hp_operator: Any, hp_supervisor: Any) -> None:
    tip = _clear_tip(hp_operator)

    classified(tip, hp_supervisor, exploitation_type="sexual", urgent=True, child_involved=True)

    triage = TipTriage.objects.get(tip=tip)
    assert triage.correction == {
        "version": lexicon_version(),
        "fields": ["exploitation_type", "destination_country"],
        "suggested": {"exploitation_type": "forced_marriage", "destination_country": "CN"},
        "final": {"exploitation_type": "sexual", "destination_country": ""},
    }
    assert triage.corrected_at is not None
    # The audit event stays the classification's own, with field names only.
    event = AuditEvent.objects.get(action="tip.classify")
    assert "forced_marriage" not in json.dumps(event.changes)
    agreement = selectors.triage_agreement()
    assert agreement["exploitation:forced_marriage"] == {"total": 1, "agreed": 0}
    assert agreement["trafficking_related"] == {"total": 1, "agreed": 1}
    assert agreement["destination_country"] == {"total": 1, "agreed": 0}


def test_api_detail_carries_the_suggestion(client_for: Any, hp_operator: Any) -> None:
    tip = _clear_tip(hp_operator)

    body = json.loads(client_for(hp_operator).get(f"/api/v1/tips/{tip.pk}").content)

    assert body["triage"]["suggestion"]["exploitation"]["label"] == "forced_marriage"
    assert body["triage"]["correction"] is None
    assert body["identifier_matches"][0]["tips_count"] == 0


# -- identifiers already known elsewhere ---------------------------------------------------------
def _phone_tip(actor: Any, content: str, province: str = "31") -> Tip:
    return make_tip(
        actor,
        content,
        identifiers=[IdentifierInput("phone", PHONE)],
        places=[services.PlaceInput(admin_unit=commune_of(province))],
    )


@pytest.fixture
def matches(
    hp_operator: Any, hp_officer: Any, na_supervisor: Any, na_officer: Any
) -> dict[str, Any]:
    """A new Hải Phòng tip whose phone is on another Hải Phòng tip and a Hải Phòng
    person (in reach), and on a Nghệ An tip and a Nghệ An person (out of reach)."""
    return {
        "tip": _phone_tip(hp_operator, "Kẻ môi giới gọi từ số 0912345678."),
        "hp_tip": _phone_tip(hp_operator, "Tin cũ ở Hải Phòng về số 0912.345.678."),
        "na_tip": _phone_tip(na_supervisor, "Bí mật Nghệ An: Quỳnh Lưu 0912345678", "40"),
        "hp_person": make_person(hp_officer, "Trần Văn Hải", ids=[("phone", PHONE)]),
        "na_person": make_person(na_officer, "Hoàng Thị Nghệ", ids=[("phone", "+84912345678")]),
    }


def test_identifier_matches_split_in_reach_and_out_of_reach(
    matches: dict[str, Any], hp_supervisor: Any
) -> None:
    hp_tip = matches["hp_tip"]
    found = selectors.identifier_matches(actor=hp_supervisor, tip=matches["tip"])

    assert found == [
        {
            "kind": "phone",
            "kind_label": "Số điện thoại",
            "value": PHONE,
            "tips_count": 2,
            "persons_count": 2,
            "tips": [{"id": hp_tip.pk, "register_number": hp_tip.register_number}],
            "persons": [{"id": matches["hp_person"].pk}],
            "elsewhere_agencies": ["Công an tỉnh Nghệ An"],
            "elsewhere_count": 2,
        }
    ]


def test_detail_page_names_only_the_agency_for_records_out_of_reach(
    matches: dict[str, Any], hp_supervisor: Any, client_for: Any
) -> None:
    tip = matches["tip"]

    html = client_for(hp_supervisor).get(reverse("tips:detail", args=[tip.pk])).content.decode()

    assert "Thông tin này xuất hiện trong 2 nguồn tin khác và 2 hồ sơ nhân thân." in html
    assert reverse("tips:detail", args=[matches["hp_tip"].pk]) in html
    assert reverse("people:detail", args=[matches["hp_person"].pk]) in html
    assert "Liên hệ: Công an tỉnh Nghệ An" in html
    na_tip, na_person = matches["na_tip"], matches["na_person"]
    for secret in (
        na_tip.register_number,
        str(na_tip.pk),
        "Quỳnh Lưu",
        "Bí mật",
        str(na_person.pk),
        "Hoàng",
        "Nghệ</",
        "Trần Văn Hải",
    ):
        assert secret not in html


def test_identifier_matches_take_a_fixed_number_of_queries(
    matches: dict[str, Any], hp_supervisor: Any, hp_operator: Any, hp_officer: Any
) -> None:
    tip = matches["tip"]
    with CaptureQueriesContext(connection) as few:
        selectors.identifier_matches(actor=hp_supervisor, tip=tip)
    for n in range(4):
        _phone_tip(hp_operator, f"Thêm tin {n} về 0912345678")
        make_person(hp_officer, f"Người số {n}", ids=[("phone", PHONE)])
    with CaptureQueriesContext(connection) as many:
        found = selectors.identifier_matches(actor=hp_supervisor, tip=tip)

    assert found[0]["tips_count"] == 6 and found[0]["persons_count"] == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_transferred_copy_keeps_the_suggestion_and_matches_ignore_it(
    hp_commune_police: Any, hp_agency: Any, make_user: Any
) -> None:
    commune_operator = make_user(role="intake_operator", agency=hp_commune_police)
    commune_chief = make_user(role="supervisor", agency=hp_commune_police)
    tip = _clear_tip(commune_operator)

    copy = services.tip_transfer(actor=commune_chief, tip=tip, to_agency=hp_agency)

    original = TipTriage.objects.get(tip=tip)
    assert TipTriage.objects.get(tip=copy).suggestion == original.suggestion
    # The copy of the same tip is not "another source".
    assert selectors.identifier_matches(actor=commune_chief, tip=tip)[0]["tips_count"] == 0

"""Tip services: registration, then every transition — allowed (exact effect, one
audit event) and refused (nothing changed, no audit event)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.core.identifiers import identifier_index
from lachan.core.testing.factories import commune_of, unit
from lachan.geo.models import Era
from lachan.tips import services
from lachan.tips.models import (
    Tip,
    TipGroup,
    TipIdentifier,
    TipMessage,
    TipPlace,
    TipStatus,
    TipTransition,
)
from lachan.tips.tests.helpers import (
    actions,
    classified,
    make_tip,
    past_deadline,
    snapshot,
    verifying,
)
from lachan.tips.transitions import Transition, allowed_transitions, state_allows

VN = dt.timezone(dt.timedelta(hours=7))


def refused(call: Callable[[], Any], error: type[Exception]) -> Any:
    """Run a call that must be refused; prove that nothing changed."""
    before = snapshot()
    with pytest.raises(error) as exc:
        call()
    assert snapshot() == before
    return exc.value


# -- register ---------------------------------------------------------------------------------
def test_register_numbers_the_tip_and_records_everything(hp_operator: Any) -> None:
    tip = services.tip_register(
        actor=hp_operator,
        kind="denunciation",
        channel="hotline",
        content="  Chị Hoa bị dụ sang Trung Quốc lấy chồng.  ",
        reporter=services.ReporterInput(
            anonymous=False, name="nguyễn  văn an", phone="0912 345 678", may_contact=True
        ),
        places=[services.PlaceInput(admin_unit=commune_of("31"))],
        identifiers=[
            services.IdentifierInput("phone", "0987.654.321"),
            services.IdentifierInput("zalo", "zalo.me/0987654321"),
            services.IdentifierInput("phone", "+84 987 654 321"),  # the same number again
        ],
        urgent=True,
    )
    tip = Tip.objects.get(pk=tip.pk)
    year = timezone.localdate().year
    assert (tip.register_seq, tip.register_year) == (1, year)
    assert tip.register_number == f"0001/{year}/CATPHP"
    assert (tip.status, tip.received_by_id, tip.receiving_agency_id) == (
        "received",
        hp_operator.pk,
        hp_operator.agency_id,
    )
    assert tip.content == "Chị Hoa bị dụ sang Trung Quốc lấy chồng."
    assert (tip.reporter_anonymous, tip.reporter_name, tip.reporter_phone) == (
        False,
        "Nguyễn Văn An",
        "0912 345 678",
    )
    assert (tip.place, tip.place_province, tip.urgent) == (commune_of("31"), unit("31"), True)
    # Same blind index as persons: the phone and the Zalo number match each other.
    assert sorted(TipIdentifier.objects.values_list("kind", "value_index")) == [
        ("phone", identifier_index("phone", "0987654321")),
        ("zalo", identifier_index("phone", "0987654321")),
    ]
    assert tip.deadline_at is not None and tip.deadline_at > timezone.now() + dt.timedelta(days=19)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.agency_id) == (
        "tip.register",
        hp_operator.pk,
        hp_operator.agency_id,
    )
    assert event.changes == {
        "from": "",
        "to": "received",
        "fields": [
            "channel",
            "content",
            "identifiers",
            "kind",
            "places",
            "received_at",
            "reporter",
            "reporter_contact",
            "urgent",
        ],
        "kind": "denunciation",
        "channel": "hotline",
    }
    assert "Hoa" not in str(event.changes) and "912" not in str(event.changes)
    assert list(TipTransition.objects.values_list("action", "to_status")) == [
        ("register", "received")
    ]


def test_numbers_run_per_agency_and_year(hp_operator: Any, make_user: Any, na_agency: Any) -> None:
    na_operator = make_user(role="intake_operator", agency=na_agency)
    year = timezone.localdate().year
    first, second = make_tip(hp_operator), make_tip(hp_operator)
    other = make_tip(na_operator, places=[])
    last_year = make_tip(hp_operator, received_at=dt.datetime(year - 1, 12, 31, 23, 30, tzinfo=VN))
    # 31/12 23:30 in Vietnam is 16:30 UTC: the local year decides.
    assert [t.register_number for t in (first, second, other, last_year)] == [
        f"0001/{year}/CATPHP",
        f"0002/{year}/CATPHP",
        f"0001/{year}/CATNA",
        f"0001/{year - 1}/CATPHP",
    ]


def test_place_written_with_a_legacy_name_is_mapped(hp_operator: Any) -> None:
    tip = make_tip(hp_operator, places=[services.PlaceInput(text="tỉnh Bắc Giang")])
    place = TipPlace.objects.get(tip=tip)
    assert (place.admin_unit.code, place.admin_unit.era) == ("24", Era.CURRENT)
    assert (place.matched_legacy.code, place.matched_legacy.era) == ("24", Era.LEGACY)
    assert place.text == "tỉnh Bắc Giang"


def test_ambiguous_place_is_asked_never_guessed(hp_operator: Any) -> None:
    exc = refused(
        lambda: make_tip(
            hp_operator, places=[services.PlaceInput(text="xã Tân Lập, huyện Đan Phượng, Hà Nội")]
        ),
        ValidationFailed,
    )
    (message,) = exc.fields["places.0.text"]
    assert message.startswith("“xã Tân Lập, huyện Đan Phượng, Hà Nội” có thể là một trong")
    assert "Xã Ô Diên" in message and "Xã Hoài Đức" in message


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"content": "  "}, "content", "Hãy ghi nội dung tố giác, tin báo."),
        ({"kind": "rumour"}, "kind", "Hãy chọn một giá trị trong danh sách."),
        (
            {"channel": "transfer"},
            "channel",
            "Nguồn tin được chuyển đến chỉ vào sổ qua thao tác chuyển.",
        ),
        (
            {"received_at": timezone.now() + dt.timedelta(days=1)},
            "received_at",
            "Thời điểm tiếp nhận ở tương lai.",
        ),
        (
            {"reporter": services.ReporterInput(anonymous=True, name="An")},
            "reporter.name",
            "Không ghi thông tin nhân thân của người báo tin ẩn danh: hãy để trống ô này.",
        ),
        (
            {"reporter": services.ReporterInput(anonymous=False)},
            "reporter.name",
            "Hãy nhập họ tên người tố giác, báo tin hoặc chọn “Ẩn danh”.",
        ),
        (
            {"reporter": services.ReporterInput(anonymous=False, name="An", phone="0912")},
            "reporter.phone",
            "Số điện thoại không đúng độ dài.",
        ),
        (
            {"identifiers": [services.IdentifierInput("cccd", "123")]},
            "identifiers.0.value",
            "Số CCCD phải có đúng 12 chữ số.",
        ),
        (
            {"attachments": [services.AttachmentInput("a.exe", b"MZ\x90\x00\x03")]},
            "attachments.0",
            "Không nhận loại tệp này: hãy gửi ảnh (JPEG, PNG, WebP), PDF, văn bản hoặc ghi "
            "âm (MP3, M4A).",
        ),
    ],
)
def test_register_validation(
    hp_operator: Any, kwargs: dict[str, Any], field: str, message: str
) -> None:
    exc = refused(lambda: make_tip(hp_operator, **kwargs), ValidationFailed)
    assert exc.fields[field] == [message]


def test_attachment_size_cap_and_sniffed_type(hp_operator: Any, settings: Any) -> None:
    settings.LACHAN_TIP_ATTACHMENT_MAX_BYTES = 1024
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    exc = refused(
        lambda: make_tip(hp_operator, attachments=[services.AttachmentInput("x.png", png * 20)]),
        ValidationFailed,
    )
    assert exc.fields == {"attachments.0": ["Tệp quá lớn (tối đa 0 MB)."]}
    tip = make_tip(hp_operator, attachments=[services.AttachmentInput("../../ảnh.jpg", png)])
    attachment = tip.attachments.get()
    # The type comes from the bytes, the name loses its folders.
    assert (attachment.content_type, attachment.filename, attachment.size) == (
        "image/png",
        "ảnh.jpg",
        len(png),
    )


@pytest.mark.parametrize("role", ["social_worker", "analyst", "agency_admin", "auditor"])
def test_roles_without_intake_cannot_register(make_user: Any, hp_agency: Any, role: str) -> None:
    actor = make_user(role=role, agency=hp_agency)
    refused(lambda: make_tip(actor), PermissionDenied)


def test_staff_register_only_in_their_own_agency(hp_operator: Any, na_agency: Any) -> None:
    refused(lambda: make_tip(hp_operator, receiving_agency=na_agency), PermissionDenied)


def test_public_intake_registers_without_an_actor(hp_agency: Any) -> None:
    tip = services.tip_register(
        actor=None,
        receiving_agency=hp_agency,
        kind="denunciation",
        channel="web_form",
        content="Em gái tôi bị giữ ở một quán karaoke.",
        reporter=services.ReporterInput(
            anonymous=True, may_contact=True, contact_note="Qua trang tra cứu"
        ),
    )
    assert (tip.received_by_id, tip.channel, tip.reporter_anonymous) == (None, "web_form", True)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.agency_id) == ("tip.register", None, hp_agency.pk)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"channel": "hotline"}, "channel"),
        ({"received_at": timezone.now()}, "received_at"),
    ],
)
def test_public_intake_is_the_web_form_received_now(
    hp_agency: Any, kwargs: dict[str, Any], field: str
) -> None:
    kwargs.setdefault("channel", "web_form")
    exc = refused(
        lambda: services.tip_register(
            actor=None, receiving_agency=hp_agency, kind="denunciation", content="x", **kwargs
        ),
        ValidationFailed,
    )
    assert list(exc.fields) == [field]
    refused(
        lambda: services.tip_register(
            actor=None, kind="denunciation", channel="web_form", content="x"
        ),
        ValidationFailed,
    )


# -- the guard -----------------------------------------------------------------------------------
def _state(status: str, **kwargs: Any) -> Tip:
    return Tip(status=status, **kwargs)


@pytest.mark.parametrize(
    ("tip", "expected"),
    [
        (_state("received"), {"classify", "transfer", "assign", "message", "group"}),
        (
            _state("classified"),
            {
                "classify",
                "transfer",
                "assign",
                "verify",
                "mark_complex",
                "extend",
                "message",
                "group",
            },
        ),
        (
            _state("verifying", deadline_at=timezone.now() + dt.timedelta(days=1)),
            {
                "classify",
                "transfer",
                "assign",
                "mark_complex",
                "extend",
                "decide",
                "message",
                "group",
            },
        ),
        (
            _state(
                "verifying",
                deadline_at=timezone.now() - dt.timedelta(seconds=1),
                is_complex=True,
                extension_months=2,
            ),
            {"classify", "transfer", "assign", "decide", "suspend", "message", "group"},
        ),
        (
            _state(
                "verifying",
                resumed_at=timezone.now(),
                deadline_at=timezone.now() + dt.timedelta(days=1),
            ),
            {"classify", "transfer", "assign", "decide", "message", "group"},
        ),
        (_state("suspended"), {"assign", "resume", "message", "group"}),
        (_state("decided"), {"message", "group"}),
        (_state("transferred"), {"message", "group"}),
    ],
)
def test_state_guard(tip: Tip, expected: set[str]) -> None:
    assert {t.value for t in state_allows(tip)} == expected


def test_guard_combines_state_and_actor(
    hp_operator: Any, hp_officer: Any, hp_supervisor: Any, hp_social_worker: Any
) -> None:
    tip = classified(make_tip(hp_operator), hp_operator)
    assert {t.value for t in allowed_transitions(tip, actor=hp_operator)} == {"classify"}
    assert allowed_transitions(tip, actor=hp_officer) == frozenset()  # not assigned: unseen
    assert allowed_transitions(tip, actor=hp_social_worker) == frozenset()
    assert allowed_transitions(tip, actor=hp_supervisor) == state_allows(tip)
    tip = services.tip_assign(actor=hp_supervisor, tip=tip, assignee=hp_officer)
    assert Transition.ASSIGN not in allowed_transitions(tip, actor=hp_officer)
    assert {Transition.VERIFY, Transition.MESSAGE} <= allowed_transitions(tip, actor=hp_officer)


# -- classify and assign ---------------------------------------------------------------------
def test_classify_then_reclassify(hp_operator: Any) -> None:
    tip = make_tip(hp_operator)
    tip = services.tip_classify(
        actor=hp_operator,
        tip=tip,
        trafficking_related=True,
        exploitation_type="sexual",
        child_involved=True,
        destination_country="cn",
        summary="Dụ sang Trung Quốc",
    )
    tip.refresh_from_db()
    assert (tip.status, tip.exploitation_type, tip.destination_country, tip.child_involved) == (
        "classified",
        "sexual",
        "CN",
        True,
    )
    assert tip.classified_at is not None and tip.summary == "Dụ sang Trung Quốc"
    first_classified = tip.classified_at
    tip = services.tip_classify(
        actor=hp_operator,
        tip=tip,
        trafficking_related=True,
        exploitation_type="forced_labour",
        destination_country="CN",
        child_involved=True,
    )
    assert (tip.status, tip.classified_at) == ("classified", first_classified)
    events = AuditEvent.objects.filter(action="tip.classify").order_by("seq")
    assert [e.changes for e in events] == [
        {
            "from": "received",
            "to": "classified",
            "fields": [
                "child_involved",
                "classified_at",
                "destination_country",
                "exploitation_type",
                "status",
                "summary",
                "trafficking_related",
            ],
        },
        {"from": "classified", "to": "classified", "fields": ["exploitation_type"]},
    ]


def test_classify_refusals(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any, na_supervisor: Any, hp_social_worker: Any
) -> None:
    tip = make_tip(hp_operator)

    def call(actor: Any, related: bool = True, exploitation: str = "") -> Callable[[], Any]:
        return lambda: services.tip_classify(
            actor=actor, tip=tip, trafficking_related=related, exploitation_type=exploitation
        )

    refused(call(na_supervisor), NotFound)
    refused(call(hp_social_worker), NotFound)
    refused(call(hp_officer), NotFound)  # not assigned, not entered by them
    exc = refused(call(hp_operator, related=False, exploitation="sexual"), ValidationFailed)
    assert exc.fields == {
        "exploitation_type": [
            "Nguồn tin không liên quan mua bán người thì không có hình thức bóc lột."
        ]
    }
    decided = verifying(make_tip(hp_operator), hp_supervisor)
    decided = services.tip_decide(
        actor=hp_supervisor,
        tip=decided,
        decision="decline",
        decline_reason="Không có sự việc phạm tội",
    )
    exc = refused(
        lambda: services.tip_classify(actor=hp_supervisor, tip=decided, trafficking_related=True),
        Conflict,
    )
    assert (
        str(exc.message) == "Không thể thực hiện khi nguồn tin đang ở trạng thái “Đã giải quyết”."
    )


def test_assign_and_reassign(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any, hp_officer2: Any
) -> None:
    tip = make_tip(hp_operator)
    tip = services.tip_assign(actor=hp_supervisor, tip=tip, assignee=hp_officer)
    tip = services.tip_assign(actor=hp_supervisor, tip=tip, assignee=hp_officer2)
    assert Tip.objects.get(pk=tip.pk).assignee_id == hp_officer2.pk
    event = AuditEvent.objects.filter(action="tip.assign").order_by("-seq").first()
    assert event is not None and event.changes["assignee"] == str(hp_officer2.pk)
    assert event.changes["previous"] == str(hp_officer.pk)
    count = AuditEvent.objects.count()
    services.tip_assign(actor=hp_supervisor, tip=tip, assignee=hp_officer2)  # no change
    assert AuditEvent.objects.count() == count


def test_assign_refusals(
    hp_operator: Any,
    hp_supervisor: Any,
    hp_officer: Any,
    hp_officer2: Any,
    na_officer: Any,
    na_supervisor: Any,
    hp_social_worker: Any,
) -> None:
    tip = services.tip_assign(actor=hp_supervisor, tip=make_tip(hp_operator), assignee=hp_officer)
    refused(
        lambda: services.tip_assign(actor=hp_officer, tip=tip, assignee=hp_officer2),
        PermissionDenied,
    )
    refused(
        lambda: services.tip_assign(actor=hp_operator, tip=tip, assignee=hp_officer2),
        PermissionDenied,
    )
    refused(
        lambda: services.tip_assign(actor=na_supervisor, tip=tip, assignee=na_officer), NotFound
    )
    for wrong in (na_officer, hp_social_worker, hp_operator):
        exc = refused(
            lambda w=wrong: services.tip_assign(actor=hp_supervisor, tip=tip, assignee=w),
            ValidationFailed,
        )
        assert exc.fields == {"assignee": ["Hãy chọn một cán bộ thụ lý nguồn tin của đơn vị bạn."]}


# -- verification, complex, extension --------------------------------------------------------
def test_verify(hp_operator: Any, hp_supervisor: Any, hp_officer: Any, hp_officer2: Any) -> None:
    tip = make_tip(hp_operator)
    refused(lambda: services.tip_start_verification(actor=hp_supervisor, tip=tip), Conflict)
    tip = services.tip_assign(
        actor=hp_supervisor, tip=classified(tip, hp_operator), assignee=hp_officer
    )
    refused(lambda: services.tip_start_verification(actor=hp_officer2, tip=tip), NotFound)
    refused(lambda: services.tip_start_verification(actor=hp_operator, tip=tip), PermissionDenied)
    tip = services.tip_start_verification(actor=hp_officer, tip=tip)
    assert (tip.status, actions()[-1]) == ("verifying", "tip.verify")
    assert tip.verification_started_at is not None


def test_mark_complex_gives_two_months(hp_operator: Any, hp_supervisor: Any) -> None:
    tip = classified(
        make_tip(hp_operator, received_at=dt.datetime(2025, 1, 15, 8, tzinfo=VN)), hp_operator
    )
    exc = refused(
        lambda: services.tip_mark_complex(actor=hp_supervisor, tip=tip, reason="ngắn"),
        ValidationFailed,
    )
    assert exc.fields == {"reason": ["Viết ít nhất 10 ký tự."]}
    tip = services.tip_mark_complex(
        actor=hp_supervisor, tip=tip, reason="Phải xác minh ở ba tỉnh biên giới"
    )
    assert tip.is_complex
    assert tip.deadline_at == dt.datetime(2025, 3, 17, 23, 59, 59, tzinfo=VN)
    exc = refused(
        lambda: services.tip_mark_complex(
            actor=hp_supervisor, tip=tip, reason="Lần thứ hai, vẫn phức tạp"
        ),
        Conflict,
    )
    assert str(exc.message) == "Nguồn tin này đã được xác định là phức tạp."


def test_extension_once_up_to_two_months(hp_operator: Any, hp_supervisor: Any) -> None:
    tip = verifying(
        make_tip(hp_operator, received_at=dt.datetime(2025, 3, 5, 9, tzinfo=VN)), hp_supervisor
    )
    for kwargs, field in (
        ({"months": 3}, "months"),
        ({"decision_number": " "}, "decision_number"),
        ({"decision_date": dt.date(2025, 3, 1)}, "decision_date"),  # before receipt
    ):
        params = {
            "decision_number": "12/QĐ-VKS",
            "decision_date": dt.date(2025, 3, 20),
            "months": 1,
            **kwargs,
        }
        exc = refused(
            lambda p=params: services.tip_extend(actor=hp_supervisor, tip=tip, **p),
            ValidationFailed,
        )
        assert list(exc.fields) == [field]
    tip = services.tip_extend(
        actor=hp_supervisor,
        tip=tip,
        decision_number="12/QĐ-VKS",
        decision_date=dt.date(2025, 3, 20),
        months=1,
    )
    assert tip.deadline_at == dt.datetime(2025, 4, 25, 23, 59, 59, tzinfo=VN)
    exc = refused(
        lambda: services.tip_extend(
            actor=hp_supervisor,
            tip=tip,
            decision_number="13/QĐ-VKS",
            decision_date=dt.date(2025, 4, 1),
            months=1,
        ),
        Conflict,
    )
    assert str(exc.message) == "Viện kiểm sát đã gia hạn nguồn tin này một lần."


# -- decide, suspend, resume ------------------------------------------------------------------
def test_decide_prosecute_with_case_and_decline_with_reason(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    tip = verifying(make_tip(hp_operator), hp_supervisor, hp_officer)
    deadline = tip.deadline_at
    exc = refused(
        lambda: services.tip_decide(actor=hp_officer, tip=tip, decision="prosecute"),
        ValidationFailed,
    )
    assert exc.fields == {"case_number": ["Hãy nhập số vụ án được khởi tố hoặc nhập vào."]}
    tip = services.tip_decide(
        actor=hp_officer,
        tip=tip,
        decision="prosecute",
        case_number="VA-07/2025",
        decision_number="05/QĐ-CSHS",
    )
    tip.refresh_from_db()
    assert (tip.status, tip.decision, tip.case_number, tip.decision_date) == (
        "decided",
        "prosecute",
        "VA-07/2025",
        timezone.localdate(),
    )
    assert (tip.deadline_at, tip.resolved_deadline_at) == (None, deadline)
    assert tip.resolved_at is not None and tip.case_id is None
    assert AuditEvent.objects.filter(action="tip.decide").get().changes == {
        "from": "verifying",
        "to": "decided",
        "decision": "prosecute",
        "fields": ["case_number", "decision", "decision_date", "decision_number"],
    }
    refused(
        lambda: services.tip_decide(
            actor=hp_officer,
            tip=tip,
            decision="decline",
            decline_reason="Không có sự việc phạm tội",
        ),
        Conflict,
    )
    other = verifying(make_tip(hp_operator), hp_supervisor, hp_officer)
    exc = refused(
        lambda: services.tip_decide(actor=hp_officer, tip=other, decision="decline"),
        ValidationFailed,
    )
    assert exc.fields == {"decline_reason": ["Hãy ghi lý do."]}
    other = services.tip_decide(
        actor=hp_officer,
        tip=other,
        decision="decline",
        decline_reason="Hành vi không cấu thành tội phạm",
    )
    assert (other.decision, other.decline_reason, other.case_number) == (
        "decline",
        "Hành vi không cấu thành tội phạm",
        "",
    )


def test_decide_needs_verification(hp_operator: Any, hp_supervisor: Any) -> None:
    tip = classified(make_tip(hp_operator), hp_operator)
    refused(
        lambda: services.tip_decide(
            actor=hp_supervisor, tip=tip, decision="prosecute", case_number="VA-1"
        ),
        Conflict,
    )


def test_suspend_only_after_the_deadline_then_resume(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    tip = verifying(make_tip(hp_operator), hp_supervisor, hp_officer)
    exc = refused(
        lambda: services.tip_suspend(actor=hp_officer, tip=tip, reason="expert_assessment"),
        Conflict,
    )
    assert str(exc.message) == "Chỉ được tạm đình chỉ khi đã hết thời hạn giải quyết."
    tip = past_deadline(tip)
    exc = refused(
        lambda: services.tip_suspend(actor=hp_officer, tip=tip, reason="tired"), ValidationFailed
    )
    assert exc.fields == {"reason": ["Hãy chọn một giá trị trong danh sách."]}
    tip = services.tip_suspend(
        actor=hp_officer,
        tip=tip,
        reason="foreign_legal_assistance",
        note="Đã gửi yêu cầu tương trợ sang Trung Quốc",
    )
    assert (tip.status, tip.suspension_reason, tip.deadline_at) == (
        "suspended",
        "foreign_legal_assistance",
        None,
    )
    refused(lambda: services.tip_suspend(actor=hp_officer, tip=tip, reason="valuation"), Conflict)
    tip = services.tip_resume(actor=hp_officer, tip=tip)
    assert tip.status == "verifying" and tip.resumed_at is not None
    local = tip.resumed_at.astimezone(VN).date()
    month_later = local.replace(month=local.month % 12 + 1, year=local.year + local.month // 12)
    assert tip.deadline_at is not None
    assert tip.deadline_at.astimezone(VN).date() >= month_later  # one month (then a working day)
    assert tip.deadline_at.astimezone(VN).date() <= month_later + dt.timedelta(days=2)
    refused(lambda: services.tip_resume(actor=hp_officer, tip=tip), Conflict)
    assert actions()[-2:] == ["tip.suspend", "tip.resume"]


# -- transfer ----------------------------------------------------------------------------------
def test_transfer_enters_the_tip_in_the_receiving_register(
    hp_commune_police: Any, hp_agency: Any, make_user: Any, hp_operator: Any
) -> None:
    commune_operator = make_user(role="intake_operator", agency=hp_commune_police)
    commune_chief = make_user(role="supervisor", agency=hp_commune_police)
    tip = make_tip(commune_operator, identifiers=[services.IdentifierInput("phone", "0987654321")])
    # A commune police must transfer within 24 hours.
    assert tip.deadline_at is not None
    assert tip.deadline_at - tip.received_at == dt.timedelta(hours=24)
    copy = services.tip_transfer(
        actor=commune_chief, tip=tip, to_agency=hp_agency, note="Không thuộc thẩm quyền"
    )
    tip.refresh_from_db()
    assert (tip.status, tip.transferred_to_id, tip.deadline_at) == (
        "transferred",
        hp_agency.pk,
        None,
    )
    assert tip.resolved_deadline_at is not None
    year = timezone.localdate().year
    assert (copy.receiving_agency_id, copy.channel, copy.status, copy.register_number) == (
        hp_agency.pk,
        "transfer",
        "received",
        f"0001/{year}/CATPHP",
    )
    assert (copy.transferred_from_id, copy.content, copy.place_id) == (
        tip.pk,
        tip.content,
        tip.place_id,
    )
    assert copy.identifiers.get().value_index == identifier_index("phone", "0987654321")
    assert copy.deadline_at is not None and copy.deadline_at > timezone.now() + dt.timedelta(
        days=19
    )
    assert actions()[-2:] == ["tip.transfer", "tip.register"]
    assert Tip.objects.filter(receiving_agency=hp_agency).get().pk == copy.pk
    from lachan.tips.selectors import tip_get

    assert tip_get(actor=hp_operator, tip_id=copy.pk) == copy  # in the provincial register


def test_transfer_refusals(
    hp_operator: Any, hp_supervisor: Any, hp_agency: Any, na_agency: Any
) -> None:
    tip = make_tip(hp_operator)
    exc = refused(
        lambda: services.tip_transfer(actor=hp_supervisor, tip=tip, to_agency=hp_agency),
        ValidationFailed,
    )
    assert list(exc.fields) == ["to_agency"]
    refused(
        lambda: services.tip_transfer(actor=hp_operator, tip=tip, to_agency=na_agency),
        PermissionDenied,
    )
    services.tip_transfer(actor=hp_supervisor, tip=tip, to_agency=na_agency)
    refused(
        lambda: services.tip_transfer(actor=hp_supervisor, tip=tip, to_agency=na_agency), Conflict
    )


# -- messages and groups -------------------------------------------------------------------------
def test_messages_to_and_from_the_reporter(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any, hp_officer2: Any
) -> None:
    tip = services.tip_assign(actor=hp_supervisor, tip=make_tip(hp_operator), assignee=hp_officer)
    refused(
        lambda: services.tip_message_to_reporter(actor=hp_officer2, tip=tip, body="Chào"), NotFound
    )
    refused(
        lambda: services.tip_message_to_reporter(actor=hp_operator, tip=tip, body="Chào"),
        PermissionDenied,
    )
    exc = refused(
        lambda: services.tip_message_to_reporter(actor=hp_officer, tip=tip, body=" "),
        ValidationFailed,
    )
    assert exc.fields == {"body": ["Hãy viết nội dung tin nhắn."]}
    sent = services.tip_message_to_reporter(
        actor=hp_officer, tip=tip, body="Chúng tôi đã nhận tin, đang xác minh."
    )
    answer = services.tip_message_from_reporter(tip=tip, body="Cảm ơn, tôi còn ảnh chụp.")
    assert list(TipMessage.objects.values_list("direction", "author_id")) == [
        ("to_reporter", hp_officer.pk),
        ("from_reporter", None),
    ]
    events = AuditEvent.objects.filter(action="tip.message").order_by("seq")
    assert [(e.actor_id, e.changes) for e in events] == [
        (hp_officer.pk, {"direction": "to_reporter", "message": str(sent.pk)}),
        (None, {"direction": "from_reporter", "message": str(answer.pk)}),
    ]


def test_group_similar_tips_and_merge_groups(
    hp_operator: Any, hp_supervisor: Any, na_supervisor: Any, make_user: Any, na_agency: Any
) -> None:
    a, b, c, d = (make_tip(hp_operator) for _ in range(4))
    group = services.tip_group(actor=hp_supervisor, tip=a, other=b)
    assert set(group.tips.values_list("pk", flat=True)) == {a.pk, b.pk}
    exc = refused(lambda: services.tip_group(actor=hp_supervisor, tip=b, other=a), ValidationFailed)
    assert exc.fields == {"other": ["Các nguồn tin này đã được gộp với nhau."]}
    services.tip_group(actor=hp_supervisor, tip=c, other=d)
    merged = services.tip_group(actor=hp_supervisor, tip=a, other=c)
    assert set(Tip.objects.filter(group=merged).values_list("pk", flat=True)) == {
        a.pk,
        b.pk,
        c.pk,
        d.pk,
    }
    na_operator = make_user(role="intake_operator", agency=na_agency)
    faraway = make_tip(na_operator, places=[])
    refused(lambda: services.tip_group(actor=hp_supervisor, tip=a, other=faraway), NotFound)
    refused(lambda: services.tip_group(actor=na_supervisor, tip=faraway, other=a), NotFound)
    assert TipGroup.objects.filter(tips__isnull=False).distinct().count() == 1


def test_history_rows_follow_the_life_of_a_tip(
    hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    tip = verifying(make_tip(hp_operator), hp_supervisor, hp_officer)
    tip = services.tip_decide(actor=hp_officer, tip=tip, decision="prosecute", case_number="VA-1")
    assert list(
        TipTransition.objects.filter(tip=tip).values_list("action", "from_status", "to_status")
    ) == [
        ("register", "", "received"),
        ("classify", "received", "classified"),
        ("assign", "classified", "classified"),
        ("verify", "classified", "verifying"),
        ("decide", "verifying", "decided"),
    ]
    assert Tip.objects.get(pk=tip.pk).status == TipStatus.DECIDED

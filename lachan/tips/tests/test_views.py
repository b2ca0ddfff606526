"""Staff pages: queue, intake form, detail with only the allowed actions, transitions
through forms, home counters, export — and 404 out of reach."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import commune_of
from lachan.tips import services
from lachan.tips.models import Tip
from lachan.tips.tests.helpers import make_tip, past_deadline, snapshot, verifying


def _detail(tip: Tip) -> str:
    return reverse("tips:detail", kwargs={"tip_id": tip.pk})


def _action(tip: Tip, name: str) -> str:
    return reverse(f"tips:{name}", kwargs={"tip_id": tip.pk})


def test_queue_page_lists_the_register_in_vietnamese(client_for: Any, hp_operator: Any) -> None:
    tip = make_tip(hp_operator, summary="Dụ đi làm ở Campuchia")
    html = client_for(hp_operator).get(reverse("tips:queue")).content.decode()
    assert "Tiếp nhận nguồn tin" in html  # menu entry and title
    assert tip.register_number in html and "Dụ đi làm ở Campuchia" in html
    assert "Mới tiếp nhận" in html and "Quá hạn: 0" in html
    for tab in ("mine", "unassigned", "due_soon", "overdue", "all"):
        assert f'data-testid="tab-{tab}"' in html


def test_queue_filters_and_tabs(
    client_for: Any, hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    mine = services.tip_assign(actor=hp_supervisor, tip=make_tip(hp_operator), assignee=hp_officer)
    letter = make_tip(hp_operator, channel="letter")
    client = client_for(hp_supervisor)
    html = client.get(reverse("tips:queue"), {"queue": "unassigned"}).content.decode()
    assert letter.register_number in html and mine.register_number not in html
    html = client.get(reverse("tips:queue"), {"queue": "all", "channel": "letter"}).content.decode()
    assert letter.register_number in html and mine.register_number not in html
    html = client_for(hp_officer).get(reverse("tips:queue")).content.decode()  # "mine" by default
    assert mine.register_number in html and letter.register_number not in html
    assert client.get(reverse("tips:queue"), {"queue": "x"}).status_code == 404
    assert client.get(reverse("tips:queue"), {"cursor": "forged"}).status_code == 404


def test_intake_form_registers_a_tip(client_for: Any, hp_operator: Any) -> None:
    commune = commune_of("31")
    response = client_for(hp_operator).post(
        reverse("tips:register"),
        {
            "kind": "denunciation",
            "channel": "hotline",
            "reporter_mode": "identified",
            "reporter_name": "Phạm Văn Bình",
            "reporter_phone": "0912 345 678",
            "content": "Một người lạ hứa việc làm lương cao ở Nhật cho con tôi.",
            "place_province": "31",
            "place_commune": commune.code,
            "identifier_kind_0": "facebook",
            "identifier_value_0": "facebook.com/viec.lam.nhat",
            "urgent": "on",
        },
    )
    tip = Tip.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(tip)
    assert (tip.reporter_name, tip.place_id, tip.urgent) == ("Phạm Văn Bình", commune.pk, True)
    assert tip.identifiers.get().kind == "facebook"
    assert tip.received_by_id == hp_operator.pk


def test_intake_form_keeps_the_text_and_shows_vietnamese_errors(
    client_for: Any, hp_operator: Any
) -> None:
    response = client_for(hp_operator).post(
        reverse("tips:register"),
        {
            "kind": "denunciation",
            "channel": "hotline",
            "reporter_mode": "identified",
            "reporter_name": "",
            "content": "Nội dung phải được giữ lại",
            "identifier_kind_0": "cccd",
            "identifier_value_0": "12",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Tip.objects.exists()
    assert "Hãy nhập họ tên người tố giác, báo tin hoặc chọn “Ẩn danh”." in html
    assert "Số CCCD phải có đúng 12 chữ số." in html
    assert "Nội dung phải được giữ lại" in html


def test_detail_masks_the_reporter_and_offers_only_allowed_actions(
    client_for: Any, hp_operator: Any, hp_supervisor: Any
) -> None:
    tip = make_tip(
        hp_operator, reporter=services.ReporterInput(anonymous=False, name="Trần Thị Mai")
    )
    html = client_for(hp_supervisor).get(_detail(tip)).content.decode()
    assert "T*** T** M**" in html and "Trần Thị Mai" not in html
    assert 'data-testid="action-classify"' in html and 'data-testid="action-assign"' in html
    assert 'data-testid="action-decide"' not in html and 'data-testid="action-resume"' not in html
    shown = client_for(hp_supervisor).get(_detail(tip), {"reveal": "1"}).content.decode()
    assert "Trần Thị Mai" in shown
    assert list(
        AuditEvent.objects.filter(object_id=str(tip.pk))
        .values_list("action", "interface")
        .order_by("seq")
    ) == [
        ("tip.register", "command"),
        ("tip.view", "web"),
        ("tip.view_reporter", "web"),
    ]
    operator_html = client_for(hp_operator).get(_detail(tip)).content.decode()
    assert 'data-testid="action-classify"' in operator_html
    assert 'data-testid="action-assign"' not in operator_html


def test_transitions_through_the_forms(
    client_for: Any, hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    tip = make_tip(hp_operator)
    supervisor = client_for(hp_supervisor)
    response = supervisor.post(
        _action(tip, "classify"),
        {
            "classify-trafficking_related": "yes",
            "classify-exploitation_type": "forced_labour",
            "classify-kind": "denunciation",
            "classify-destination_country": "KH",
        },
    )
    assert response.status_code == 302
    response = supervisor.post(_action(tip, "assign"), {"assign-assignee": str(hp_officer.pk)})
    assert response.status_code == 302
    officer = client_for(hp_officer)
    assert officer.post(_action(tip, "verify"), {}).status_code == 302
    response = officer.post(_action(tip, "decide"), {"decide-decision": "prosecute"})
    assert response.status_code == 200  # the form again, with the service's error
    assert "Hãy nhập số vụ án được khởi tố hoặc nhập vào." in response.content.decode()
    response = officer.post(
        _action(tip, "decide"),
        {
            "decide-decision": "prosecute",
            "decide-case_number": "VA-3/2025",
            "decide-decision_date": "",
        },
    )
    assert response.status_code == 302
    tip.refresh_from_db()
    assert (tip.status, tip.decision, tip.exploitation_type, tip.assignee_id) == (
        "decided",
        "prosecute",
        "forced_labour",
        hp_officer.pk,
    )
    html = officer.get(_detail(tip)).content.decode()
    assert "Khởi tố vụ án" in html and "VA-3/2025" in html
    assert html.count('data-testid="history-row"') == 5
    for step in ("Vào sổ tiếp nhận", "Phân công", "Bắt đầu kiểm tra, xác minh", "Đã giải quyết"):
        assert step in html


def test_a_refused_transition_changes_nothing(
    client_for: Any, hp_operator: Any, hp_supervisor: Any, hp_officer: Any
) -> None:
    tip = verifying(make_tip(hp_operator), hp_supervisor, hp_officer)
    before = snapshot()
    client = client_for(hp_officer)
    response = client.post(_action(tip, "suspend"), {"suspend-reason": "valuation"}, follow=True)
    assert "Hiện không thể thực hiện thao tác này với nguồn tin." in response.content.decode()
    assert client.get(_action(tip, "suspend")).status_code == 404
    assert (
        client.post(_action(tip, "assign"), {"assign-assignee": str(hp_officer.pk)}).status_code
        == 302
    )
    assert snapshot()[:-1] == before[:-1]  # only the detail page view was audited
    tip = past_deadline(tip)
    assert client.get(_action(tip, "suspend")).status_code == 200


def test_out_of_reach_is_404_and_leaves_no_trace(
    client_for: Any, hp_operator: Any, na_supervisor: Any
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 10
    tip = make_tip(hp_operator, attachments=[services.AttachmentInput("a.png", png)])
    attachment = tip.attachments.get()
    client = client_for(na_supervisor)
    before = snapshot()
    for response in (
        client.get(_detail(tip)),
        client.get(_detail(tip), {"reveal": "1"}),
        client.get(_action(tip, "classify")),
        client.post(
            _action(tip, "classify"),
            {"classify-trafficking_related": "no", "classify-kind": "denunciation"},
        ),
        client.get(
            reverse("tips:attachment", kwargs={"tip_id": tip.pk, "attachment_id": attachment.pk})
        ),
    ):
        assert response.status_code == 404
    assert snapshot() == before


def test_attachment_download_is_audited(client_for: Any, hp_operator: Any) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 10
    tip = make_tip(hp_operator, attachments=[services.AttachmentInput("ảnh.png", png)])
    attachment = tip.attachments.get()
    response = client_for(hp_operator).get(
        reverse("tips:attachment", kwargs={"tip_id": tip.pk, "attachment_id": attachment.pk})
    )
    assert response.content == png and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(action="tip.view_attachment").count() == 1


def test_home_counters(
    client_for: Any, hp_operator: Any, hp_supervisor: Any, hp_social_worker: Any
) -> None:
    tip = verifying(make_tip(hp_operator), hp_supervisor)
    past_deadline(tip)
    html = client_for(hp_supervisor).get(reverse("web:home")).content.decode()
    assert "1 nguồn tin quá hạn" in html and "0 nguồn tin hết hạn trong 3 ngày" in html
    other = client_for(hp_social_worker).get(reverse("web:home")).content.decode()
    assert 'data-testid="tip-counters"' not in other and "Tiếp nhận nguồn tin" not in other


def test_export_view(client_for: Any, hp_operator: Any, hp_officer: Any) -> None:
    make_tip(hp_operator)
    client = client_for(hp_operator)
    assert client.get(reverse("tips:export")).status_code == 200
    from django.utils import timezone

    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.get(reverse("tips:export"), {"period_start": today, "period_end": today})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=3).value == "ẩn danh"
    assert AuditEvent.objects.get(action="tip.export_register").interface == "web"
    assert client_for(hp_officer).get(reverse("tips:export")).status_code == 404


@pytest.mark.parametrize("name", ["tips:queue", "tips:register", "tips:export"])
def test_pages_without_the_permission_are_404(
    client_for: Any, hp_social_worker: Any, name: str
) -> None:
    assert client_for(hp_social_worker).get(reverse(name)).status_code == 404

"""The auditor's pages: filters return exactly the matching events, pagination walks the
whole trail newest first, the CSV export is complete and is itself audited, and for
everyone else the pages do not exist (and reading them writes nothing)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from lachan.access.models import BreakGlassGrant
from lachan.access.roles import Role
from lachan.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from lachan.audit.services import audit_record
from lachan.core.context import Interface, interface
from lachan.core.testing.factories import unit

pytestmark = pytest.mark.django_db

LIST = "/audit/"
EXPORT = "/audit/export.csv"
LOG = "/audit/break-glass/"
# 01/03/2025 23:59:59 and 02/03/2025 00:00:00 in Vietnam (UTC+7).
LATE_1_MARCH = datetime(2025, 3, 1, 16, 59, 59, tzinfo=UTC)
EARLY_2_MARCH = datetime(2025, 3, 1, 17, 0, 0, tzinfo=UTC)
PERSON_ID = "5b0c1f6e-8f3a-4c52-9d7e-2a1b3c4d5e6f"


def _event_at(when: datetime, via: Interface = Interface.WEB, **kwargs: Any) -> AuditEvent:
    with mock.patch("django.utils.timezone.now", return_value=when), interface(via):
        return audit_record(**kwargs)


@pytest.fixture
def hai_phong(make_agency: Any) -> Any:
    return make_agency(name="Công an thành phố Hải Phòng", admin_unit=unit("31"))


@pytest.fixture
def nghe_an(make_agency: Any) -> Any:
    return make_agency(name="Công an tỉnh Nghệ An", admin_unit=unit("40"))


@pytest.fixture
def auditor(make_user: Any) -> Any:
    return make_user(role=Role.AUDITOR, agency=None, username="kiemtra")


@pytest.fixture
def trail(make_user: Any, hai_phong: Any, nghe_an: Any) -> dict[str, AuditEvent]:
    """Six events that differ in exactly one way each."""
    hp_officer = make_user(username="canbo_hp", agency=hai_phong)
    na_officer = make_user(username="canbo_na", agency=nghe_an)
    events = {
        "create": _event_at(
            LATE_1_MARCH,
            actor=hp_officer,
            action="person.create",
            object_type="people.person",
            object_id=PERSON_ID,
            changes=["full_name", "sex"],
        ),
        "view": _event_at(
            EARLY_2_MARCH,
            actor=hp_officer,
            action="person.view_identity",
            object_type="people.person",
            object_id=PERSON_ID,
        ),
        "na_create": _event_at(
            EARLY_2_MARCH + timedelta(hours=1),
            actor=na_officer,
            action="person.create",
            object_type="people.person",
            object_id="0f5e2a4c-0000-4000-8000-000000000001",
        ),
        "token": _event_at(
            EARLY_2_MARCH + timedelta(days=1),
            actor=hp_officer,
            action="api_token.create",
            object_type="accounts.apitoken",
            object_id="0f5e2a4c-0000-4000-8000-000000000002",
        ),
    }
    events["api_view"] = _event_at(
        EARLY_2_MARCH + timedelta(days=2),
        Interface.API,
        actor=na_officer,
        action="person.view_identity",
        object_type="people.person",
        object_id=PERSON_ID,
    )
    events["login_failed"] = _event_at(
        EARLY_2_MARCH + timedelta(days=3), actor=None, action="login.failed"
    )
    return events


def _seqs(response: Any) -> list[int]:
    assert response.status_code == 200
    return [row.event.seq for row in response.context["rows"]]


def _expect(trail: dict[str, AuditEvent], *names: str) -> list[int]:
    return sorted((trail[name].seq for name in names), reverse=True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["login_failed", "api_view", "token", "na_create", "view", "create"]),
        ({"user": "canbo_hp"}, ["token", "view", "create"]),
        ({"user": "canbo"}, []),  # a username is matched exactly
        ({"action": "person."}, ["api_view", "na_create", "view", "create"]),
        ({"action": "person.create"}, ["na_create", "create"]),
        ({"object_type": "accounts.apitoken"}, ["token"]),
        ({"object_id": PERSON_ID.upper()}, ["api_view", "view", "create"]),
        ({"interface": "api"}, ["api_view"]),
        ({"date_from": "02/03/2025", "date_to": "02/03/2025"}, ["na_create", "view"]),
        ({"date_to": "01/03/2025"}, ["create"]),
        ({"date_from": "04/03/2025"}, ["login_failed", "api_view"]),
        ({"action": "person.", "user": "canbo_na", "interface": "web"}, ["na_create"]),
    ],
)
def test_filters_return_exactly_the_matching_events(
    trail: dict[str, AuditEvent],
    auditor: Any,
    client_for: Any,
    query: dict[str, str],
    expected: list[str],
) -> None:
    response = client_for(auditor).get(LIST, query)
    assert _seqs(response) == _expect(trail, *expected)


def test_agency_filter(
    trail: dict[str, AuditEvent], auditor: Any, client_for: Any, nghe_an: Any
) -> None:
    response = client_for(auditor).get(LIST, {"agency": str(nghe_an.pk)})
    assert _seqs(response) == _expect(trail, "api_view", "na_create")


def test_an_agency_auditor_reads_only_their_agency_events(
    trail: dict[str, AuditEvent], make_user: Any, client_for: Any, hai_phong: Any, nghe_an: Any
) -> None:
    hp_auditor = make_user(role=Role.AUDITOR, agency=hai_phong)
    client = client_for(hp_auditor)
    assert _seqs(client.get(LIST)) == _expect(trail, "token", "view", "create")
    # Another agency is not even a valid choice.
    response = client.get(LIST, {"agency": str(nghe_an.pk)})
    assert "agency" in response.context["form"].errors
    assert response.context["rows"] == []


def test_invalid_dates_are_explained_and_list_nothing(
    trail: dict[str, AuditEvent], auditor: Any, client_for: Any
) -> None:
    client = client_for(auditor)
    response = client.get(LIST, {"date_from": "2025-03-02"})
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy." in response.content.decode()
    assert response.context["rows"] == []
    response = client.get(LIST, {"date_from": "03/03/2025", "date_to": "02/03/2025"})
    assert "Ngày kết thúc trước ngày bắt đầu." in response.content.decode()
    assert response.context["rows"] == []


def test_times_are_shown_in_vietnam_time(
    trail: dict[str, AuditEvent], auditor: Any, client_for: Any
) -> None:
    page = client_for(auditor).get(LIST, {"user": "canbo_hp"}).content.decode()
    assert "01/03/2025 23:59:59" in page  # 16:59:59 UTC
    assert "02/03/2025 00:00:00" in page  # 17:00:00 UTC


def test_pagination_is_by_seq_newest_first(auditor: Any, client_for: Any) -> None:
    # Start the chain at 990 so that seqs cross 1.000 (links must not print "1.024").
    AuditChainHead.objects.create(pk=1, seq=990, hash=GENESIS_HASH)
    events = [audit_record(actor=None, action=f"test.e{i}") for i in range(120)]
    assert (events[0].seq, events[-1].seq) == (991, 1110)
    seqs = [e.seq for e in reversed(events)]  # newest first
    client = client_for(auditor)

    first = client.get(LIST, {"action": "test."})
    assert _seqs(first) == seqs[:50]
    assert first.context["page"].newer_after is None
    assert first.context["page"].older_before == seqs[49]
    second = client.get(LIST, {"action": "test.", "before": seqs[49]})
    assert _seqs(second) == seqs[50:100]
    third = client.get(LIST, {"action": "test.", "before": seqs[99]})
    assert _seqs(third) == seqs[100:]
    assert third.context["page"].older_before is None
    assert third.context["page"].newer_after == seqs[100]
    back = client.get(LIST, {"action": "test.", "after": seqs[100]})
    assert _seqs(back) == seqs[50:100]
    html = back.content.decode()
    assert f'href="?action=test.&amp;before={seqs[99]}"' in html
    assert f'href="?action=test.&amp;after={seqs[50]}"' in html
    assert f'<td class="num">{seqs[50]}</td>' in html


def _csv_rows(response: Any) -> tuple[bytes, list[list[str]]]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


VI_HEADER = [
    "STT",
    "Thời điểm (giờ Việt Nam)",
    "Thời điểm (UTC)",
    "Người dùng",
    "Đơn vị",
    "Thao tác",
    "Loại đối tượng",
    "Mã đối tượng",
    "Kênh truy cập",
    "Thay đổi",
    "Lý do",
    "Mã băm",
]


def test_csv_export_holds_the_filtered_events_with_a_bom(
    trail: dict[str, AuditEvent], auditor: Any, client_for: Any
) -> None:
    response = client_for(auditor).get(EXPORT, {"user": "canbo_hp", "action": "person."})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    body, rows = _csv_rows(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0] == VI_HEADER
    view, create = trail["view"], trail["create"]
    assert rows[1:] == [
        [
            str(view.seq),
            "02/03/2025 00:00:00",
            "2025-03-01T17:00:00.000000Z",
            "canbo_hp",
            "Công an thành phố Hải Phòng",
            "person.view_identity",
            "people.person",
            PERSON_ID,
            "web",
            "",
            "",
            view.hash,
        ],
        [
            str(create.seq),
            "01/03/2025 23:59:59",
            "2025-03-01T16:59:59.000000Z",
            "canbo_hp",
            "Công an thành phố Hải Phòng",
            "person.create",
            "people.person",
            PERSON_ID,
            "web",
            '["full_name", "sex"]',
            "",
            create.hash,
        ],
    ]


def test_export_is_audited_with_its_filter_and_does_not_list_itself(
    trail: dict[str, AuditEvent], auditor: Any, client_for: Any
) -> None:
    before = AuditEvent.objects.count()
    response = client_for(auditor).get(
        EXPORT, {"action": "login.", "date_from": "01/03/2025", "interface": ""}
    )
    _, rows = _csv_rows(response)

    assert [row[0] for row in rows[1:]] == [str(trail["login_failed"].seq)]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.actor_id, event.interface) == ("audit.export", auditor.pk, "web")
    assert event.changes == {
        "format": "csv",
        "filter": {"action": "login.", "date_from": "2025-03-01"},
    }


def test_export_of_the_whole_trail_excludes_the_export_event(
    trail: dict[str, AuditEvent], auditor: Any, client_for: Any
) -> None:
    client = client_for(auditor)
    _, first = _csv_rows(client.get(EXPORT))
    _, second = _csv_rows(client.get(EXPORT))
    assert [int(r[0]) for r in first[1:]] == _expect(trail, *trail)
    # The second export sees the first one's event, not its own.
    assert [r[5] for r in second[1:3]] == ["audit.export", "login.failed"]
    assert len(second) == len(first) + 1


def test_formula_like_cells_are_neutralised(auditor: Any, client_for: Any) -> None:
    audit_record(actor=None, action="test.formula", reason='=HYPERLINK("http://x")')
    _, rows = _csv_rows(client_for(auditor).get(EXPORT, {"action": "test."}))
    assert rows[1][10] == '\'=HYPERLINK("http://x")'


def test_vietnamese_survives_the_export(
    auditor: Any, client_for: Any, make_user: Any, hai_phong: Any
) -> None:
    actor = make_user(username="nguyen.van.a", agency=hai_phong)
    audit_record(actor=actor, action="test.reason", reason="Kiểm tra hồ sơ đường dây Hải Phòng")
    body, rows = _csv_rows(client_for(auditor).get(EXPORT, {"action": "test."}))
    assert "Kiểm tra hồ sơ đường dây Hải Phòng".encode() in body
    assert rows[1][4] == "Công an thành phố Hải Phòng"
    assert rows[1][10] == "Kiểm tra hồ sơ đường dây Hải Phòng"


@pytest.mark.parametrize(
    "role",
    [
        Role.OFFICER,
        Role.SUPERVISOR,
        Role.INTAKE_OPERATOR,
        Role.SOCIAL_WORKER,
        Role.ANALYST,
        Role.AGENCY_ADMIN,
        Role.SYSTEM_ADMIN,
    ],
)
def test_non_auditors_get_404_and_nothing_is_written(
    trail: dict[str, AuditEvent], make_user: Any, client_for: Any, role: Role
) -> None:
    client = client_for(make_user(role=role))
    before = list(AuditEvent.objects.values_list("seq", "hash"))

    for url in (LIST, EXPORT, LOG, f"{LIST}?action=person.", f"{EXPORT}?action=person."):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not isinstance(response, StreamingHttpResponse)
    assert list(AuditEvent.objects.values_list("seq", "hash")) == before


def test_break_glass_log_lists_the_grants(
    auditor: Any, client_for: Any, make_user: Any, nghe_an: Any, hai_phong: Any
) -> None:
    supervisor = make_user(
        role=Role.SUPERVISOR, agency=nghe_an, username="giamsat", full_name="Trần Văn Bình"
    )
    opened = datetime(2025, 3, 2, 1, 30, tzinfo=UTC)  # 08:30 in Vietnam
    with mock.patch("django.utils.timezone.now", return_value=opened):
        live = BreakGlassGrant.objects.create(
            user=supervisor,
            object_type="people.person",
            object_id=PERSON_ID,
            reason="Yêu cầu khẩn của Cục Cảnh sát hình sự",
            expires_at=timezone.now() + timedelta(days=3650),
        )
    old = BreakGlassGrant.objects.create(
        user=supervisor,
        object_type="people.person",
        object_id="0f5e2a4c-0000-4000-8000-000000000009",
        reason="Phối hợp xác minh nạn nhân trở về",
        expires_at=timezone.now() - timedelta(hours=1),
    )

    response = client_for(auditor).get(LOG)

    assert response.status_code == 200
    assert [item["grant"] for item in response.context["grants"]] == [old, live]
    assert [item["active"] for item in response.context["grants"]] == [False, True]
    page = response.content.decode()
    for text in (
        "Trần Văn Bình",
        "giamsat",
        "Công an tỉnh Nghệ An",
        "Người",  # the record type, as the supervisor saw it
        PERSON_ID,
        "Yêu cầu khẩn của Cục Cảnh sát hình sự",
        "02/03/2025 08:30",
        "còn hiệu lực",
        "đã hết hạn",
    ):
        assert text in page, text

    hp_auditor = make_user(role=Role.AUDITOR, agency=hai_phong)
    assert client_for(hp_auditor).get(LOG).context["grants"] == []

"""Prevention writes: validation before writing, one audit event per change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from lachan.audit.models import AuditEvent
from lachan.core.errors import NotFound, ValidationFailed
from lachan.core.testing.factories import commune_of, unit
from lachan.prevention import services
from lachan.prevention.models import Activity, ActivityAttachment, CommunityModel, ModelReview
from lachan.prevention.tests.helpers import activity_input, record
from lachan.tips.attachments import decode_body
from lachan.tips.cleaning import AttachmentInput

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_record_an_awareness_session(hp_commune_officer: Any) -> None:
    activity = record(hp_commune_officer, end_date=None, target_groups=("women", "students"))
    assert activity.organiser == hp_commune_officer.agency
    assert activity.province == unit("31")
    assert activity.end_date == activity.start_date == dt.date(2025, 3, 10)
    assert (activity.sessions, activity.attendees) == (2, 120)
    assert activity.target_groups == ",students,women,"
    event = AuditEvent.objects.get(action="prevention.activity_record")
    assert event.object_id == str(activity.pk)
    assert event.changes["kind"] == "awareness"
    assert "title" in event.changes["fields"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"title": "  "}, "title"),
        ({"start_date": None}, "start_date"),
        ({"start_date": dt.date.today() + dt.timedelta(days=2)}, "start_date"),
        ({"end_date": dt.date(2025, 3, 1)}, "end_date"),
        ({"admin_unit": None}, "admin_unit"),
        ({"format": "tv"}, "format"),
        ({"sessions": 0}, "sessions"),
        ({"attendees": -1}, "attendees"),
        ({"attendees": None}, "attendees"),
        ({"target_groups": ("aliens",)}, "target_groups"),
        ({"budget_vnd": -5}, "budget_vnd"),
    ],
)
def test_invalid_activity_writes_nothing(
    hp_commune_officer: Any, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        record(hp_commune_officer, **changes)
    assert field in caught.value.fields
    assert Activity.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="prevention.").exists()


def test_vietnamese_message(hp_commune_officer: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        record(hp_commune_officer, sessions=0)
    assert caught.value.fields["sessions"] == ["Nhập số nguyên từ 1 đến 100000."]


def test_legacy_unit_refused(hp_commune_officer: Any) -> None:
    from lachan.geo.models import AdminUnit, Era, Level

    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE).first()
    with pytest.raises(ValidationFailed) as caught:
        record(hp_commune_officer, admin_unit=legacy)
    assert "admin_unit" in caught.value.fields


def test_update_records_changed_fields_only(hp_commune_officer: Any) -> None:
    activity = record(hp_commune_officer)
    services.activity_update(
        actor=hp_commune_officer, activity=activity, data=activity_input(attendees=150)
    )
    activity.refresh_from_db()
    assert activity.attendees == 150
    event = AuditEvent.objects.get(action="prevention.activity_update")
    assert event.changes == {"fields": ["attendees"]}
    # Nothing changed: no event.
    services.activity_update(
        actor=hp_commune_officer, activity=activity, data=activity_input(attendees=150)
    )
    assert AuditEvent.objects.filter(action="prevention.activity_update").count() == 1


def test_other_agency_cannot_update(hp_commune_officer: Any, na_officer: Any) -> None:
    activity = record(hp_commune_officer)
    with pytest.raises(NotFound):
        services.activity_update(
            actor=na_officer, activity=activity, data=activity_input(attendees=1)
        )
    activity.refresh_from_db()
    assert activity.attendees == 120


def test_supervisor_corrects_the_subtree(hp_commune_officer: Any, hp_supervisor: Any) -> None:
    activity = record(hp_commune_officer)
    services.activity_update(
        actor=hp_supervisor, activity=activity, data=activity_input(attendees=99)
    )
    activity.refresh_from_db()
    assert activity.attendees == 99


def test_contest_teams_and_training_participants(hp_commune_officer: Any) -> None:
    contest = record(hp_commune_officer, kind="contest", title="Hội thi trường THCS")
    team = services.contest_team_add(
        actor=hp_commune_officer,
        activity=contest,
        name="Lớp 9A",
        members=5,
        result="Giải Nhất",
        rank=1,
    )
    assert (team.name, team.members, team.rank) == ("Lớp 9A", 5, 1)
    with pytest.raises(ValidationFailed):
        services.training_participation_add(
            actor=hp_commune_officer, activity=contest, agency_name="X", participants=3
        )
    course = record(hp_commune_officer, kind="training", title="Tập huấn cán bộ xã")
    row = services.training_participation_add(
        actor=hp_commune_officer,
        activity=course,
        agency_name="Công an xã",
        participants=12,
        pre_test_score="55.5",
        post_test_score=82,
    )
    assert (row.pre_test_score, row.post_test_score) == (Decimal("55.5"), Decimal("82"))
    with pytest.raises(ValidationFailed) as caught:
        services.training_participation_add(
            actor=hp_commune_officer,
            activity=course,
            agency_name="Y",
            participants=1,
            post_test_score=101,
        )
    assert "post_test_score" in caught.value.fields


def test_attachment_is_encrypted_and_sniffed(hp_commune_officer: Any) -> None:
    activity = record(hp_commune_officer)
    stored = services.activity_attachment_add(
        actor=hp_commune_officer,
        activity=activity,
        attachment=AttachmentInput("../anh buoi tuyen truyen.png", PNG),
    )
    assert stored.content_type == "image/png"
    assert stored.filename == "anh buoi tuyen truyen.png"
    assert decode_body(ActivityAttachment.objects.get(pk=stored.pk).data) == PNG
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM prevention_activityattachment")
        raw = cursor.fetchone()[0]
    assert "iVBOR" not in raw  # base64 of the PNG signature is not stored in clear
    with pytest.raises(ValidationFailed):
        services.activity_attachment_add(
            actor=hp_commune_officer,
            activity=activity,
            attachment=AttachmentInput("virus.exe", b"MZ\x90\x00" + b"\x00" * 10),
        )


def test_models_reviews_and_replication(hp_commune_officer: Any, na_officer: Any) -> None:
    model = services.community_model_create(
        actor=hp_commune_officer,
        name="Câu lạc bộ Phòng, chống mua bán người",
        admin_unit=commune_of("31"),
        started_on=dt.date(2023, 5, 1),
        households_reached=40,
        people_reached=160,
    )
    services.community_model_review(
        actor=hp_commune_officer,
        model=model,
        reviewed_on=dt.date(2024, 5, 1),
        rating="good",
        households_reached=60,
        people_reached=250,
    )
    services.community_model_review(
        actor=hp_commune_officer,
        model=model,
        reviewed_on=dt.date(2023, 11, 1),  # an older review recorded late
        rating="fair",
        households_reached=50,
        people_reached=200,
    )
    model.refresh_from_db()
    assert (model.households_reached, model.people_reached) == (60, 250)
    assert ModelReview.objects.filter(model=model).count() == 2
    # Another province cannot see it, hence cannot replicate it.
    with pytest.raises(NotFound):
        services.community_model_replicate(
            actor=na_officer,
            model=model,
            admin_unit=commune_of("40"),
            started_on=dt.date(2024, 6, 1),
        )
    replica = services.community_model_replicate(
        actor=hp_commune_officer,
        model=model,
        admin_unit=unit("31"),
        started_on=dt.date(2024, 6, 1),
    )
    assert replica.replicated_from == model
    assert replica.name == model.name
    assert CommunityModel.objects.count() == 2
    assert AuditEvent.objects.filter(action="prevention.model_replicate").count() == 1

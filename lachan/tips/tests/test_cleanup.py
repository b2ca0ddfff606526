"""Periodic housekeeping of the public intake: the service, the task and the command."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lachan.audit.models import AuditEvent
from lachan.tips.models import IntakeToken, PublicThrottle
from lachan.tips.public import tokens
from lachan.tips.public.services import public_intake_cleanup
from lachan.tips.tasks import public_intake_cleanup as cleanup_task

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _token(digest: str, issued_hours_ago: float) -> None:
    issued = NOW - dt.timedelta(hours=issued_hours_ago)
    IntakeToken.objects.create(digest=digest, issued_at=issued, used_at=issued)


def _throttle(key: str, window_minutes_ago: float, locked_for_minutes: float | None) -> None:
    PublicThrottle.objects.create(
        key=key,
        failures=2,
        window_start=NOW - dt.timedelta(minutes=window_minutes_ago),
        locked_until=None
        if locked_for_minutes is None
        else NOW + dt.timedelta(minutes=locked_for_minutes),
    )


@pytest.fixture
def rows() -> None:
    _token("old", 6.5)  # past the 6 h maximum age: deleted
    _token("fresh", 5.5)  # a token that young could be replayed: kept
    _throttle("over", 20, None)  # window over, never locked: deleted
    _throttle("lock-over", 40, -10)  # lock ended 10 min ago: deleted
    _throttle("window-running", 5, None)  # failures still counting: kept
    _throttle("locked", 20, 5)  # still locked: kept


def test_cleanup_deletes_only_what_is_no_longer_needed(rows: None) -> None:
    events = AuditEvent.objects.count()
    result = public_intake_cleanup(now=NOW)
    assert (result.tokens, result.throttles) == (1, 2)
    assert list(IntakeToken.objects.values_list("digest", flat=True)) == ["fresh"]
    assert sorted(PublicThrottle.objects.values_list("key", flat=True)) == [
        "locked",
        "window-running",
    ]
    event = AuditEvent.objects.latest("seq")
    assert AuditEvent.objects.count() == events + 1
    assert event.action == "tip.public_cleanup"
    assert event.changes == {"tokens": 1, "throttles": 2}
    # Idempotent: a second run finds nothing and writes no event.
    assert public_intake_cleanup(now=NOW) == type(result)(tokens=0, throttles=0)
    assert AuditEvent.objects.count() == events + 1


def test_deleted_token_row_cannot_be_replayed(settings: Any) -> None:
    settings.LACHAN_PUBLIC_MIN_FILL_SECONDS = 0
    token, _ = tokens.token_issue(timezone.now() - dt.timedelta(hours=6, minutes=1))
    IntakeToken.objects.create(
        digest=tokens._digest(token),
        issued_at=timezone.now() - dt.timedelta(hours=6, minutes=1),
        used_at=timezone.now(),
    )
    public_intake_cleanup()
    assert IntakeToken.objects.count() == 0
    with pytest.raises(Exception, match=r"expired|hết hạn"):
        tokens.token_use(token)


def test_task_and_command_run_the_cleanup(rows: None) -> None:
    # Relative to the real clock: the fixture's "fresh" and "locked" rows are old now.
    now = timezone.now()
    IntakeToken.objects.create(digest="today", issued_at=now, used_at=now)
    PublicThrottle.objects.create(key="today", failures=1, window_start=now)
    out = StringIO()
    call_command("tips_cleanup", stdout=out)
    assert out.getvalue() == (
        "Registered 0 waiting submissions. Deleted 2 form tokens and 4 throttle rows.\n"
    )
    assert list(IntakeToken.objects.values_list("digest", flat=True)) == ["today"]
    assert list(PublicThrottle.objects.values_list("key", flat=True)) == ["today"]
    assert cleanup_task.call() == {"tokens": 0, "throttles": 0, "submissions": 0}


def test_command_can_enqueue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out = StringIO()
    call_command("tips_cleanup", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Queued tips cleanup task")

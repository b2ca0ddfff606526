"""Public intake in two steps (decision 0009): the staging row stored on the request,
registration by the background task through the real database task backend."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lachan.audit.models import AuditEvent
from lachan.core.testing.factories import unit
from lachan.tips.deadlines import TipFacts, compute_deadline, load_rules
from lachan.tips.models import PublicSubmission, Tip, TipReceipt, TipTransition
from lachan.tips.public import receipts
from lachan.tips.public.services import (
    PublicTipInput,
    public_follow_up,
    public_intake_cleanup,
    public_tip_submit,
)
from lachan.tips.public.staging import public_submission_register
from lachan.tips.public.tokens import token_issue
from lachan.tips.tasks import register_public_submission
from lachan.tips.tests.helpers import make_tip
from lachan.tips.tests.public_helpers import (
    _fast_public,  # noqa: F401  (autouse fixture)
    register_waiting,
    run_worker,
)

pytestmark = pytest.mark.django_db

CLIENT = "c" * 32


def _submit(**extra: Any) -> tuple[PublicSubmission, str]:
    data = {"what": "Có người rủ em gái tôi sang Campuchia làm việc", "danger": "no", **extra}
    return public_tip_submit(token=token_issue()[0], data=PublicTipInput(**data))


def test_stored_submission_answers_its_receipt_before_registration(hp_agency: Any) -> None:
    row, code = _submit(province=unit("31"), contact="gọi sau 18 giờ")
    row.refresh_from_db()
    assert (row.registered_at, row.tip) == (None, None)
    assert row.lookup == code[:4]
    assert receipts.matches(code, row.salt, row.digest)
    with connection.cursor() as cursor:  # stored encrypted
        cursor.execute("SELECT payload FROM tips_publicsubmission")
        stored = cursor.fetchone()[0]
    assert "Campuchia" not in stored
    assert "18 giờ" not in stored and "gọi sau" not in stored  # (bare "18" may occur in base64)
    assert "Campuchia" in row.payload  # decrypted by the field
    assert Tip.objects.count() == 0
    # An inbox entry, not a register record: the request writes no audit event (the
    # registration's ``tip.register`` records the arrival).
    assert AuditEvent.objects.count() == 0
    follow = public_follow_up(receipt=code, client=CLIENT)
    assert (follow.tip, follow.submission, follow.registered) == (None, row, False)


def test_task_queued_with_the_submission_registers_through_the_worker(
    hp_agency: Any, django_capture_on_commit_callbacks: Any
) -> None:
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        row, code = _submit(province=unit("31"), danger="yes")
    assert len(hooks) == 1  # only the process's "a task is pending" mark, after commit
    queued = DBTaskResult.objects.get()  # database backend: inside the transaction
    assert queued.task_path == "lachan.tips.tasks.register_waiting_submissions"
    assert queued.args_kwargs == {"args": [], "kwargs": {}}
    # Deferred by the throttle second and the commit grace.
    delay = (queued.run_after - before).total_seconds()
    assert 1.25 <= delay < 1.25 + 5
    assert not DBTaskResult.objects.ready().exists()
    # The worker was down for three days: the tip is still received when it arrived.
    arrived = timezone.now() - dt.timedelta(days=3)
    PublicSubmission.objects.filter(pk=row.pk).update(arrived_at=arrived)
    events = AuditEvent.objects.count()
    run_worker()
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", 1)
    tip = Tip.objects.get()
    assert tip.received_at == arrived
    assert tip.receiving_agency == hp_agency
    assert (tip.urgent, tip.channel, tip.received_by) == (True, "web_form", None)
    facts = TipFacts(
        status="received",
        received_at=arrived,
        agency_type=hp_agency.agency_type,
        agency_remote=hp_agency.is_remote,
    )
    assert tip.deadline_at == compute_deadline(facts, load_rules())
    assert list(tip.places.values_list("province__code", flat=True)) == ["31"]
    assert TipTransition.objects.get(tip=tip).at == arrived
    assert tip.triage is not None
    receipt = TipReceipt.objects.get(tip=tip)
    assert receipts.matches(code, receipt.salt, receipt.digest)
    row.refresh_from_db()
    assert (row.tip, row.payload) == (tip, "")
    assert row.registered_at is not None
    actions = list(
        AuditEvent.objects.filter(seq__gt=0).order_by("seq").values_list("action", flat=True)
    )[events:]
    assert actions == ["tip.register", "tip.receipt_issue"]
    registered = AuditEvent.objects.get(action="tip.register")
    assert registered.changes["arrived_at"] == arrived.isoformat()
    assert registered.actor_id is None
    follow = public_follow_up(receipt=code, client=CLIENT)
    assert (follow.tip, follow.registered) == (tip, True)


def test_registering_twice_registers_once(hp_agency: Any) -> None:
    row, _code = _submit()  # queues the drain task in the same transaction
    assert DBTaskResult.objects.count() == 1
    register_public_submission.enqueue(str(row.pk))
    register_public_submission.enqueue(str(row.pk))
    run_worker()
    assert Tip.objects.count() == 1
    results = DBTaskResult.objects.order_by("enqueued_at", "id")
    # Whichever ran first registered it (True, or 1 for the drain); the others found
    # nothing to do (False, 0).
    assert sorted(int(r.return_value) for r in results) == [0, 0, 1]
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert public_submission_register(submission_id=row.pk) is None
    assert Tip.objects.count() == 1
    assert AuditEvent.objects.filter(action="tip.register").count() == 1


def test_sweeper_registers_what_no_task_was_queued_for(hp_agency: Any) -> None:
    _submit()
    _submit(province=unit("31"))
    out = StringIO()
    call_command("tips_cleanup", stdout=out)
    assert out.getvalue().startswith("Registered 2 waiting submissions.")
    assert Tip.objects.count() == 2
    assert PublicSubmission.objects.filter(registered_at__isnull=True).count() == 0
    call_command("tips_cleanup", stdout=out)
    assert Tip.objects.count() == 2


def test_two_submissions_in_one_second_queue_one_task_that_registers_both(
    hp_agency: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first, first_code = _submit()
    with django_capture_on_commit_callbacks(execute=True):
        second, second_code = _submit(province=unit("31"))
    queued = DBTaskResult.objects.get()  # one task for both
    assert queued.task_path == "lachan.tips.tasks.register_waiting_submissions"
    run_worker()
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", 2)
    for row, code in ((first, first_code), (second, second_code)):
        row.refresh_from_db()
        assert row.tip is not None
        receipt = TipReceipt.objects.get(tip=row.tip)
        assert receipts.matches(code, receipt.salt, receipt.digest)
    assert Tip.objects.count() == 2
    assert DBTaskResult.objects.count() == 1


def test_submission_left_behind_by_the_task_is_registered_by_the_sweeper(
    hp_agency: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _submit()
    run_worker()  # the pending task ran (early) and registered the first one
    assert Tip.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        late, _code = _submit()  # same second: the process counts on the task that ran
    assert DBTaskResult.objects.count() == 1  # nothing new queued
    run_worker()
    late.refresh_from_db()
    assert late.registered_at is None  # left behind
    out = StringIO()
    call_command("tips_cleanup", stdout=out)  # every 5 minutes in production
    assert out.getvalue().startswith("Registered 1 waiting submissions.")
    late.refresh_from_db()
    assert late.tip is not None
    assert Tip.objects.count() == 2


def test_reused_token_stores_nothing(hp_agency: Any) -> None:
    token = token_issue()[0]
    data = PublicTipInput(what="Có người bị giữ ở Lào")
    public_tip_submit(token=token, data=data)
    with pytest.raises(Exception, match="đã được gửi hoặc đã hết hạn"):
        public_tip_submit(token=token, data=data)
    assert PublicSubmission.objects.count() == 1
    assert DBTaskResult.objects.count() == 1  # the refused one queued nothing either


def test_too_long_text_refused_before_storing(hp_agency: Any) -> None:
    with pytest.raises(Exception, match="Vui lòng sửa") as info:
        _submit(contact="x" * 5000)
    assert "reporter.contact_note" in info.value.fields  # type: ignore[attr-defined]
    assert PublicSubmission.objects.count() == 0


def test_cleanup_deletes_registered_rows_past_the_token_age(hp_agency: Any) -> None:
    done, _ = _submit()
    waiting, _ = _submit()
    public_submission_register(submission_id=done.pk)
    old = timezone.now() - dt.timedelta(hours=7)
    PublicSubmission.objects.update(arrived_at=old)
    result = public_intake_cleanup()
    assert result.submissions == 1
    assert list(PublicSubmission.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert Tip.objects.count() == 1  # the tip and its receipt stay
    assert TipReceipt.objects.count() == 1


def test_staff_see_how_many_public_submissions_wait(
    client_for: Any, hp_supervisor: Any, django_assert_num_queries: Any
) -> None:
    _submit()
    _submit()
    client: Client = client_for(hp_supervisor)
    queue = client.get(reverse("tips:queue"))
    assert "2 tin báo của người dân đang được vào sổ." in queue.content.decode()
    home = client.get("/")
    assert "2 tin báo của người dân đang được vào sổ." in home.content.decode()
    register_waiting()
    assert "đang được vào sổ" not in client.get(reverse("tips:queue")).content.decode()
    # No N+1: the queue costs the same number of queries for 2 tips as for 4.
    client.get(reverse("tips:queue"))
    with django_assert_num_queries(_queries(client)) as before:
        client.get(reverse("tips:queue"))
    make_tip(hp_supervisor)
    make_tip(hp_supervisor)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(reverse("tips:queue"))


def _queries(client: Client) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("tips:queue"))
    return len(ctx.captured_queries)


def test_registration_gives_way_to_a_burst_for_a_bounded_time(
    hp_agency: Any, settings: Any
) -> None:
    from lachan.tips.public import staging
    from lachan.tips.tasks import register_waiting_submissions

    settings.LACHAN_PUBLIC_REGISTRATION_MAX_YIELD_SECONDS = 30
    first, _code = _submit(province=unit("31"))
    _submit(province=unit("31"))
    arrived = PublicSubmission.objects.order_by("arrived_at").values_list("arrived_at", flat=True)
    oldest, newest = arrived[0], arrived[len(arrived) - 1]
    # Submissions still arriving: the drain waits...
    assert staging.registration_should_yield(now=newest + dt.timedelta(seconds=0.5))
    # ...until a quiet second after the newest, or until the oldest has waited 30 s.
    assert not staging.registration_should_yield(now=newest + dt.timedelta(seconds=1.5))
    assert not staging.registration_should_yield(now=oldest + dt.timedelta(seconds=30))
    # The task holds in place (no new task rows) until the burst is over, then drains.
    waited = staging.wait_for_quiet(poll_s=0.05)
    assert 0 < waited < 5
    assert not staging.registration_should_yield()
    settings.LACHAN_PUBLIC_REGISTRATION_MAX_YIELD_SECONDS = 0
    assert not staging.registration_should_yield(now=newest)
    assert register_waiting_submissions.call() == 2
    assert Tip.objects.filter(submission=first).count() == 1

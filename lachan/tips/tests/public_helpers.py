"""Shared bits of the public intake tests."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

NEW_URL = "/tips/public/new/"
FOLLOW_URL = "/tips/public/follow-up/"
RECEIPT_RE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}\b")
TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _fast_public(settings: Any) -> None:
    """No waiting in tests (the receipt hash keeps its production parameters)."""
    settings.LACHAN_PUBLIC_MIN_FILL_SECONDS = 0


def token_from(client: Client) -> str:
    page = client.get(reverse("tips:public_new"))
    match = TOKEN_RE.search(page.content.decode())
    assert match is not None
    return match.group(1)


def form_data(token: str, **extra: Any) -> dict[str, Any]:
    data = {
        "what": "Có người rủ em gái tôi sang Trung Quốc làm việc lương cao",
        "where": "chợ Sắt",
        "province": "",
        "when": "tuần trước",
        "who": "một phụ nữ tên Lan",
        "danger": "unknown",
        "contact": "",
        "website": "",
        "token": token,
    }
    data.update(extra)
    return data


def receipt_in(html: str) -> str | None:
    match = RECEIPT_RE.search(html)
    return match.group(0) if match else None


def run_worker() -> None:
    """Run the real database-backend worker (``manage.py db_worker --batch``) until the
    queue is empty. Inside a test's transaction the worker's connection recycling would
    close the test's connection (autocommit differs from the settings), so only that
    is switched off while it runs; tasks are claimed, run and recorded as in production.
    Tasks deferred to a later time are made due first (the time passes)."""
    from django.core.management import call_command

    # The intake defers its registration task by about a second (decision 0009): let
    # that second pass, so that the worker finds it ready as it would a moment later.
    from django.utils import timezone
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    DBTaskResult.objects.filter(status="READY", run_after__gt=now).update(run_after=now)
    recycle = db_worker.close_old_connections
    db_worker.close_old_connections = lambda: None  # type: ignore[assignment]
    try:
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    finally:
        db_worker.close_old_connections = recycle


def register_waiting() -> None:
    """Register stored public submissions the way production does when a task was not
    queued (tests outside ``transaction=True`` run no on-commit hooks): queue the
    sweeper task and let the worker run it."""
    from lachan.tips.tasks import register_waiting_submissions

    register_waiting_submissions.enqueue()
    run_worker()

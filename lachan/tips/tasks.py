"""Background work of the tips register."""

from __future__ import annotations

from django_tasks import task

from lachan.core.context import Interface, interface


@task()
def recompute_open_deadlines() -> int:
    """After a change of the rule table: recompute every running deadline (idempotent)."""
    from lachan.tips.services import recompute_deadlines

    with interface(Interface.TASK):
        return recompute_deadlines()


@task()
def public_intake_cleanup() -> dict[str, int]:
    """Periodic housekeeping of the public intake (used form tokens past their age,
    finished throttle windows). Run hourly: ``manage.py tips_cleanup`` from cron, or
    ``manage.py tips_cleanup --enqueue`` to hand it to the task worker."""
    from lachan.tips.public.services import public_intake_cleanup as cleanup

    with interface(Interface.TASK):
        result = cleanup()
    return {
        "tokens": result.tokens,
        "throttles": result.throttles,
        "submissions": result.submissions,
    }


@task()
def register_public_submission(submission_id: str) -> bool:
    """Register one stored public submission: enqueued after its commit when the task
    backend cannot defer a task (otherwise the request enqueues the deferred drain
    below); also runs tasks queued before the fourth round. True if this run registered
    it; False if it was registered already (idempotent)."""
    from lachan.tips.public.staging import public_submission_register

    with interface(Interface.TASK):
        return public_submission_register(submission_id=submission_id) is not None


@task()
def register_waiting_submissions() -> int:
    """Register every public submission still waiting, in batches, until none is left.
    Enqueued by the public intake at most once a second per process, deferred by about
    a second so that it covers the submissions stored meanwhile (decision 0009); also
    the sweeper run by ``manage.py tips_cleanup`` every few minutes (or ``--enqueue``)."""
    from lachan.tips.public.staging import public_submissions_register_waiting, wait_for_quiet

    with interface(Interface.TASK):
        wait_for_quiet()  # a burst: leave the cores to the intake for a while
        return public_submissions_register_waiting()

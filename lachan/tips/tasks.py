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
    return {"tokens": result.tokens, "throttles": result.throttles}

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

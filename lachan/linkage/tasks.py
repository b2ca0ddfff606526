"""Background work of record linkage (django-tasks; ids in, idempotent)."""

from __future__ import annotations

from django_tasks import task

from lachan.core.context import Interface, interface


@task()
def check_person_task(person_id: str) -> int:
    """A new or changed person against the existing ones; returns the pairs proposed."""
    from lachan.linkage.services import check_person

    with interface(Interface.TASK):
        return len(check_person(person_id=person_id))


@task()
def relink_task(run_id: str) -> int:
    """A full re-link; returns the pairs proposed."""
    from lachan.linkage.services import relink_execute

    with interface(Interface.TASK):
        run = relink_execute(run_id=run_id)
        return run.pairs if run is not None else 0

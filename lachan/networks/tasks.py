"""Background work of the networks domain."""

from __future__ import annotations

from django_tasks import task

from lachan.core.context import Interface, interface


@task()
def rebuild_graph() -> int:
    """Build the snapshot of the current graph version (idempotent: nothing to do when
    it exists, so a burst of link changes costs one build), again if links moved during
    the build. Returns the version built."""
    from lachan.networks.store import rebuild_until_current

    with interface(Interface.TASK):
        return rebuild_until_current().version

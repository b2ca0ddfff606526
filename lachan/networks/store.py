"""The graph's versions: marking it stale, rebuilding it, and the snapshot each process
keeps in memory.

- ``networks_mark_stale()`` — call it from a service that adds or removes a link (an
  identifier, an address, a suspect, a tip's identifiers or persons), inside its
  transaction. Once the transaction commits it bumps ``GraphState.version`` and
  enqueues ``rebuild_graph`` (django-tasks) unless a rebuild is already pending. The
  bump waits for the commit on purpose: the business transaction never holds the
  ``GraphState`` row lock (it already holds the audit chain's head; two hot locks taken
  in different orders by different services could deadlock), and a rolled-back change
  bumps nothing.
- ``rebuild()`` builds the snapshot of the current version unless it exists
  (idempotent; the task and ``manage.py networks_recompute`` call it).
- ``current_graph()`` gives the newest snapshot, loaded once per process and version.
  When the newest snapshot is behind the links and small
  (``LACHAN_NETWORKS_INLINE_REBUILD_MAX_EDGES``), it is rebuilt on the spot; a large
  one is served as it is (the page says when it was computed) while the task runs.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lachan.networks.graph import LoadedGraph, compute, dump, load
from lachan.networks.models import GraphSnapshot, GraphState
from lachan.networks.sources import build_from_database

KEEP_SNAPSHOTS = 2
_lock = threading.Lock()
_cache: dict[str, LoadedGraph] = {}


def inline_rebuild_max_edges() -> int:
    return int(getattr(settings, "LACHAN_NETWORKS_INLINE_REBUILD_MAX_EDGES", 50_000))


def state_version() -> int:
    state = GraphState.objects.filter(pk=1).values_list("version", flat=True).first()
    return int(state) if state is not None else 1


def networks_mark_stale() -> None:
    """The links changed: after commit, a new graph version, rebuilt in the background."""
    transaction.on_commit(_links_changed)


def _links_changed() -> None:
    """Bump the version; enqueue one rebuild for a burst of changes: when the version
    was already ahead of the newest snapshot, a rebuild is pending (the task loops
    until it has caught up, so a change made during a build is not left behind)."""
    before = state_version()
    _bump_version()
    newest = GraphSnapshot.objects.order_by("-version").values_list("version", flat=True).first()
    if newest is not None and before > newest:
        return
    from lachan.networks.tasks import rebuild_graph

    rebuild_graph.enqueue()


def _bump_version() -> None:
    now = timezone.now()
    updated = GraphState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now)
    if not updated:
        try:
            with transaction.atomic():
                GraphState.objects.create(pk=1, version=2, changed_at=now)
        except IntegrityError:
            GraphState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now)


def rebuild_until_current(*, max_rounds: int = 5) -> RebuildResult:
    """Rebuild, and again while links moved during the build (bounded: a steady stream
    of changes is left to the next task or the periodic job)."""
    result = rebuild()
    for _ in range(max_rounds - 1):
        if state_version() <= result.version:
            break
        result = rebuild()
    return result


@dataclass(frozen=True)
class RebuildResult:
    version: int
    built: bool
    nodes: int = 0
    edges: int = 0
    seconds: float = 0.0


def rebuild(*, force: bool = False) -> RebuildResult:
    """Build and store the snapshot of the current version (nothing when it exists,
    unless ``force``). Old snapshots beyond the last two are deleted."""
    version = state_version()  # read first: a change made meanwhile bumps it again
    if not force and GraphSnapshot.objects.filter(version__gte=version).exists():
        return RebuildResult(version=version, built=False)
    fingerprint = links_fingerprint()  # what this build saw, so the check does not redo it
    started = time.perf_counter()
    computed = compute(build_from_database().arrays())
    payload = dump(computed)
    seconds = time.perf_counter() - started
    fields = {
        "built_at": timezone.now(),
        "build_seconds": seconds,
        "node_count": len(computed.arrays.keys),
        "edge_count": len(computed.arrays.src),
        "component_count": len(computed.component_sizes),
        "payload": payload,
    }
    try:
        with transaction.atomic():
            GraphSnapshot.objects.update_or_create(version=version, defaults=fields)
    except IntegrityError:  # another process stored the same version meanwhile
        pass
    GraphState.objects.filter(pk=1, version=version).update(fingerprint=fingerprint)
    stale = GraphSnapshot.objects.order_by("-version").values_list("pk", flat=True)[KEEP_SNAPSHOTS:]
    GraphSnapshot.objects.filter(pk__in=list(stale)).delete()
    return RebuildResult(
        version=version,
        built=True,
        nodes=fields["node_count"],  # type: ignore[arg-type]
        edges=fields["edge_count"],  # type: ignore[arg-type]
        seconds=seconds,
    )


@dataclass(frozen=True)
class GraphInfo:
    graph: LoadedGraph
    built_at: object
    stale: bool  # the links moved on since this snapshot


def current_graph() -> GraphInfo:
    """The newest snapshot in memory (two small queries when it is already loaded).

    A small graph (``LACHAN_NETWORKS_INLINE_REBUILD_MAX_EDGES``) is also checked against
    the link tables' fingerprint on every call, and rebuilt on the spot when they moved
    — so a province's server shows a new link at once even where the writer did not
    call ``networks_mark_stale``. A large one relies on the calls and the periodic job."""
    newest = (
        GraphSnapshot.objects.order_by("-version")
        .values("version", "edge_count", "built_at")
        .first()
    )
    if newest is None or newest["edge_count"] <= inline_rebuild_max_edges():
        note_changes()
    wanted = state_version()
    if newest is None or (
        newest["version"] < wanted and newest["edge_count"] <= inline_rebuild_max_edges()
    ):
        rebuild()
        newest = (
            GraphSnapshot.objects.order_by("-version")
            .values("version", "edge_count", "built_at")
            .first()
        )
        assert newest is not None
    version = int(newest["version"])
    with _lock:
        cached = _cache.get("graph")
        if cached is None or cached.version != version:
            payload = GraphSnapshot.objects.filter(version=version).values_list(
                "payload", flat=True
            )[0]
            cached = _cache["graph"] = load(bytes(payload), version=version)
    return GraphInfo(graph=cached, built_at=newest["built_at"], stale=version < wanted)


def forget_cache() -> None:
    """Drop the in-memory graph (tests)."""
    with _lock:
        _cache.clear()


def links_fingerprint() -> str:
    """Counts and latest stamps of every link table: cheap, and it moves whenever a link
    is added, changed or removed."""
    import hashlib

    from django.db.models import Count, Max

    from lachan.cases.models import Suspect
    from lachan.people.models import PersonAddress, PersonIdentifier
    from lachan.tips.models import Tip, TipIdentifier, TipPerson

    parts: list[str] = []
    for model in (PersonIdentifier, PersonAddress, TipIdentifier, TipPerson, Suspect):
        row = model._default_manager.aggregate(n=Count("pk"), last=Max("updated_at"))
        parts.append(f"{model._meta.label_lower}:{row['n']}:{row['last']}")
    tips = Tip.objects.filter(case_id__isnull=False).aggregate(n=Count("pk"))
    parts.append(f"tips.case:{tips['n']}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def note_changes() -> bool:
    """When the link tables moved since the last build without anyone marking the
    graph stale, mark it (a new version). Returns whether it did."""
    fingerprint = links_fingerprint()
    state = GraphState.objects.filter(pk=1).values_list("fingerprint", flat=True).first()
    if state == fingerprint:
        return False
    with transaction.atomic():
        state_row, _created = GraphState.objects.select_for_update().get_or_create(pk=1)
        if state_row.fingerprint == fingerprint:
            return False
        state_row.version += 1
        state_row.changed_at = timezone.now()
        state_row.fingerprint = fingerprint
        state_row.save()
    return True


def recompute_if_changed(*, force: bool = False) -> RebuildResult:
    """The periodic job: notice unannounced link changes, then build what is missing."""
    note_changes()
    return rebuild(force=force)

"""Writes of the linkage domain: checks and runs that propose pairs, reviewers'
decisions, merges and unmerges.

Every service that acts for a user takes the actor first, checks the policy, validates,
runs in one transaction and records one audit event per state change (``changes`` name
pair/cluster ids, statuses and counts — never names or identifiers). The two services
that run in the background (``check_person``, ``relink_execute``) act as the system
(actor ``None``) and are audited the same way.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lachan.access.permissions import LinkagePermission
from lachan.access.policies.linkage import cluster_policy, pair_policy, run_policy
from lachan.accounts.models import User
from lachan.audit.services import audit_record
from lachan.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lachan.linkage import engine
from lachan.linkage.models import (
    CandidatePair,
    ClusterMember,
    ClusterMerge,
    LinkageRun,
    NameKey,
    PairDecision,
    PairStatus,
    PersonCluster,
    RunKind,
    RunStatus,
)
from lachan.linkage.selectors import merge_blockers
from lachan.networks.store import networks_mark_stale
from lachan.people.models import Person, PersonNameToken

log = logging.getLogger(__name__)

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "data" / "default_model.json"
# Below this many records a full run scores with the current model instead of
# re-estimating it (EM needs enough pairs of each kind).
MIN_RECORDS_TO_TRAIN = 5000


# -- the model ---------------------------------------------------------------------------
@cache
def default_model() -> dict[str, Any]:
    """Parameters estimated on generated data (bench/linkage): the model until a full
    run on real data has estimated its own."""
    model: dict[str, Any] = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    return model


def current_model() -> dict[str, Any]:
    run = (
        LinkageRun.objects.filter(kind=RunKind.FULL, status=RunStatus.DONE, model__isnull=False)
        .order_by("-created_at")
        .only("model")
        .first()
    )
    if run is not None and run.model:
        return dict(run.model)
    return default_model()


# -- pairs ----------------------------------------------------------------------------------
def _ordered(a: str, b: str) -> tuple[uuid.UUID, uuid.UUID]:
    left, right = uuid.UUID(a), uuid.UUID(b)
    return (left, right) if left < right else (right, left)


def _evidence(pair: engine.ScoredPair) -> list[dict[str, Any]]:
    return [
        {"comparison": e.comparison, "level": e.level, "weight": e.weight} for e in pair.evidence
    ]


# Pairs written per round trip by ``_store_pairs`` (a full re-link keeps ~600,000 at
# 1,000,000 persons).
STORE_BATCH = 2000


def _store_pairs(pairs: Iterable[engine.ScoredPair], run: LinkageRun | None) -> int:
    """Create or refresh open pairs; decided pairs keep their decision. In batches: one
    read, one bulk insert and one bulk update per ``STORE_BATCH`` pairs."""
    kept = {_ordered(s.left, s.right): s for s in pairs if s.probability >= engine.REVIEW_FLOOR}
    keys = list(kept)
    fields = ["probability", "weight", "evidence", "run", "updated_at"]
    for first in range(0, len(keys), STORE_BATCH):
        batch = keys[first : first + STORE_BATCH]
        lefts = {a for a, _ in batch}
        existing = {
            (p.person_a_id, p.person_b_id): p
            for p in CandidatePair.objects.filter(person_a_id__in=lefts)
            if (p.person_a_id, p.person_b_id) in kept
        }
        now = timezone.now()
        new, refreshed = [], []
        for key in batch:
            scored = kept[key]
            pair = existing.get(key)
            if pair is None:
                pair = CandidatePair(person_a_id=key[0], person_b_id=key[1], run=run)
                new.append(pair)
            elif pair.status == PairStatus.OPEN:
                pair.run = run
                pair.updated_at = now
                refreshed.append(pair)
            else:
                continue  # decided: the decision stands
            pair.probability = scored.probability
            pair.weight = scored.weight
            pair.evidence = _evidence(scored)
        CandidatePair.objects.bulk_create(new)
        CandidatePair.objects.bulk_update(refreshed, fields)
    return len(kept)


def linkage_check_person(person_id: uuid.UUID | str) -> None:
    """Check a new or changed person for possible duplicates in the background, once
    the current transaction commits (call from the services that write persons, after
    the name syllables are written). The person's look-up keys are refreshed now, in
    the caller's transaction, so that later checks find it at once."""
    _refresh_name_keys(person_id)

    def enqueue() -> None:
        from lachan.linkage.tasks import check_person_task

        check_person_task.enqueue(str(person_id))

    transaction.on_commit(enqueue)


def _refresh_name_keys(person_id: uuid.UUID | str) -> None:
    """The person's look-up keys from its current name syllables and birth year."""
    NameKey.objects.filter(person_id=person_id).delete()
    year = Person.objects.filter(pk=person_id).values_list("birth_year", flat=True).first()
    tokens = PersonNameToken.objects.filter(person_id=person_id).values_list(
        "token_index", flat=True
    )
    NameKey.objects.bulk_create(
        [NameKey(person_id=person_id, token_index=t, birth_year=year or 0) for t in tokens]
    )


def name_keys_rebuild() -> int:
    """Every person's look-up keys (``NameKey``) from the blind indexes, in one SQL
    statement — nothing is decrypted. Part of a full re-link; also after a bulk load
    that bypassed ``person_create`` (bench data)."""
    from django.db import connection

    keys, tokens, persons = (
        NameKey._meta.db_table,
        PersonNameToken._meta.db_table,
        Person._meta.db_table,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {keys}")  # noqa: S608  (table names, no input)
        cursor.execute(
            f"INSERT INTO {keys} (person_id, token_index, birth_year)"  # noqa: S608
            f" SELECT t.person_id, t.token_index, coalesce(p.birth_year, 0) FROM {tokens} t"
            f" JOIN {persons} p ON p.id = t.person_id"
        )
        count = cursor.rowcount
        audit_record(
            actor=None,
            action="linkage.name_keys_rebuild",
            object_type="linkage.namekey",
            changes={"keys": count},
        )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Statistics for the planner, and the visibility map so that the look-up is an
        # index-only scan (the key index covers it) instead of a visit per row.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {keys}")
    return int(count)


def check_person(*, person_id: uuid.UUID | str) -> list[CandidatePair]:
    """Score one person against the persons that share a blind index with them and
    store the pairs worth a review (idempotent; the task body)."""
    from lachan.linkage.records import candidate_ids, person_queryset, records_for

    person = person_queryset().filter(pk=person_id).first()
    if person is None:
        return []  # deleted since: nothing to do
    from lachan.linkage.records import link_record

    record = link_record(person)
    ids = candidate_ids(person, record)
    scored = engine.score_against(current_model(), record, records_for(ids)) if ids else []
    with transaction.atomic():
        _refresh_name_keys(person.pk)
        stored = _store_pairs(scored, None)
        audit_record(
            actor=None,
            action="linkage.check_person",
            target=person,
            changes={"candidates": len(ids), "pairs": stored},
        )
    keep = [s for s in scored if s.probability >= engine.REVIEW_FLOOR]
    if not keep:
        return []
    q = Q()
    for s in keep:
        a, b = _ordered(s.left, s.right)
        q |= Q(person_a_id=a, person_b_id=b)
    return list(CandidatePair.objects.filter(q))


# -- full re-link -----------------------------------------------------------------------
def relink_start(*, actor: User, immediately: bool = False) -> LinkageRun:
    """Queue a full re-link of every person (one at a time); ``immediately`` runs it
    in this process instead (demo data, management commands)."""
    if not run_policy.can(actor, LinkagePermission.RUN):
        raise PermissionDenied(_("Your role cannot start a re-link."))
    if LinkageRun.objects.filter(
        kind=RunKind.FULL, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists():
        raise Conflict(_("A re-link is already running."))
    with transaction.atomic():
        run = LinkageRun.objects.create(kind=RunKind.FULL, started_by=actor)
        audit_record(actor=actor, action="linkage.relink_start", target=run)
    if immediately:
        relink_execute(run_id=run.pk)
        run.refresh_from_db()
        return run
    with transaction.atomic():

        def enqueue() -> None:
            from lachan.linkage.tasks import relink_task

            relink_task.enqueue(str(run.pk))

        transaction.on_commit(enqueue)
    return run


def _progress(run: LinkageRun, stage: str, percent: int) -> None:
    run.stage = stage
    run.progress = percent
    LinkageRun.objects.filter(pk=run.pk).update(
        stage=stage, progress=percent, updated_at=timezone.now()
    )


def relink_execute(*, run_id: uuid.UUID | str) -> LinkageRun | None:
    """The task body of a full re-link: decrypt every person in memory, (re-)estimate
    the model when there are enough records, score the blocked pairs, store those
    worth a review. Progress is written to the run as it goes."""
    from lachan.linkage.records import iter_records

    run = LinkageRun.objects.filter(pk=run_id).first()
    if run is None or run.status in (RunStatus.DONE, RunStatus.RUNNING):
        return run  # unknown, finished, or another worker has it
    LinkageRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        total = Person.objects.count()
        name_keys_rebuild()  # the incremental check's look-up keys, fresh
        records = []
        for n, record in enumerate(iter_records(), start=1):
            records.append(record)
            if n % 2000 == 0:
                _progress(run, "reading", min(40, 40 * n // max(total, 1)))
        _progress(run, "training" if len(records) >= MIN_RECORDS_TO_TRAIN else "scoring", 40)
        model = default_model()
        scored: list[engine.ScoredPair] = []
        if len(records) >= 2:
            frame = engine.frame(records)
            del records
            if len(frame) >= MIN_RECORDS_TO_TRAIN:
                model = engine.trained_model(frame)
            linker = engine.linker_for(frame, model)
            _progress(run, "scoring", 70)
            try:
                # Partitioned: memory bounded whatever the number of persons.
                scored = engine.scored_pairs(engine.predict(linker), model)
                # And the pairs joined through another record by near-certain pairs.
                scored = engine.with_implied_links(scored, model)
            finally:
                engine.close(linker)
        _progress(run, "saving", 90)
        with transaction.atomic():
            stored = _store_pairs(scored, run)
            LinkageRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE,
                progress=100,
                stage="done",
                records=total,
                pairs=stored,
                model=model,
                finished_at=timezone.now(),
            )
            audit_record(
                actor=None,
                action="linkage.relink",
                target=run,
                changes={"records": total, "pairs": stored},
            )
    except Exception:
        log.exception("linkage run %s failed", run.pk)
        LinkageRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run


# -- review -------------------------------------------------------------------------------
def _require_pair(actor: User, pair: CandidatePair, action: LinkagePermission) -> None:
    """NotFound when out of reach; PermissionDenied when the pair is seen but one side
    is beyond the reviewer's reach or the role may not do ``action``."""
    if not pair_policy.scope(actor, CandidatePair.objects.filter(pk=pair.pk)).exists():
        raise NotFound(_("Not found."))
    if not pair_policy.can(actor, action, pair):
        if not pair_policy.has_permission(actor, action):
            raise PermissionDenied(_("Your role cannot do this."))
        raise PermissionDenied(
            _("One of the two records is outside your reach: ask its agency to review.")
        )


def pair_decide(*, actor: User, pair: CandidatePair, decision: str) -> CandidatePair:
    """Same / different / not sure. "Same" also merges the two records when the
    reviewer may merge (a separate, separately audited change)."""
    if decision not in (PairStatus.SAME, PairStatus.DIFFERENT, PairStatus.UNSURE):
        raise ValidationFailed(
            _("Choose same, different or not sure."),
            fields={"decision": [_("Choose a value from the list.")]},
        )
    _require_pair(actor, pair, LinkagePermission.REVIEW)
    with transaction.atomic():
        previous = pair.status
        pair.status = decision
        pair.decided_by = actor
        pair.decided_at = timezone.now()
        pair.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        PairDecision.objects.create(
            pair=pair, decision=decision, decided_by=actor, probability=pair.probability
        )
        audit_record(
            actor=actor,
            action="linkage.pair_decide",
            target=pair,
            changes={"status": [previous, decision]},
        )
        if decision == PairStatus.SAME and pair_policy.can(actor, LinkagePermission.MERGE, pair):
            cluster_merge(actor=actor, pair=pair)
    return pair


def _membership(person_id: uuid.UUID) -> ClusterMember | None:
    return ClusterMember.objects.filter(person_id=person_id).select_related("cluster").first()


def cluster_merge(*, actor: User, pair: CandidatePair) -> PersonCluster:
    """Put the pair's two source records in one cluster (creating it, or adding the
    unclustered record to the other's cluster). Source records are never changed."""
    _require_pair(actor, pair, LinkagePermission.MERGE)
    with transaction.atomic():
        a = _membership(pair.person_a_id)
        b = _membership(pair.person_b_id)
        if a and b:
            if a.cluster_id == b.cluster_id:
                return a.cluster
            raise Conflict(
                _("Both records already belong to different persons: unmerge one first.")
            )
        cluster = a.cluster if a else b.cluster if b else None
        created = cluster is None
        if cluster is None:
            cluster = PersonCluster.objects.create(created_by=actor)
        merge = ClusterMerge.objects.create(cluster=cluster, pair=pair, merged_by=actor)
        added = [pid for pid, m in ((pair.person_a_id, a), (pair.person_b_id, b)) if m is None]
        ClusterMember.objects.bulk_create(
            [ClusterMember(cluster=cluster, person_id=pid, merge=merge) for pid in added]
        )
        if pair.status != PairStatus.SAME:
            CandidatePair.objects.filter(pk=pair.pk).update(
                status=PairStatus.SAME, decided_by=actor, decided_at=timezone.now()
            )
        audit_record(
            actor=actor,
            action="linkage.merge",
            target=cluster,
            changes={
                "merge": str(merge.pk),
                "pair": str(pair.pk),
                "persons": sorted(str(p) for p in added),
                "cluster_created": created,
            },
        )
        networks_mark_stale()  # the graph draws clusters as one person
    return cluster


def cluster_unmerge(
    *, actor: User, cluster: PersonCluster, merge_id: uuid.UUID | str | None = None
) -> None:
    """Undo one merge of the cluster exactly — the latest by default, or ``merge_id``:
    the records it brought in leave, the pair it came from is open again, and a cluster
    left with one record is removed. A merge that later merges rely on (they joined a
    record it brought in) cannot be undone before them: Conflict, saying so."""
    if not cluster_policy.scope(actor, PersonCluster.objects.filter(pk=cluster.pk)).exists():
        raise NotFound(_("Not found."))
    if not cluster_policy.can(actor, LinkagePermission.MERGE, cluster):
        raise PermissionDenied(_("You may not unmerge this person."))
    with transaction.atomic():
        merges = cluster.merges.select_for_update()
        if merge_id is None:
            merge = merges.order_by("-created_at").first()
        else:
            try:
                merge = merges.filter(pk=merge_id).first()
            except ValidationError:
                merge = None
        if merge is None:
            raise NotFound(_("Not found."))
        if merge_blockers(merge):
            raise Conflict(
                _("Later merges joined a record this merge brought in: undo those merges first.")
            )
        removed = sorted(str(p) for p in merge.members.values_list("person_id", flat=True))
        pair_id, merge_id = merge.pair_id, merge.pk
        merge.members.all().delete()
        merge.delete()
        if pair_id is not None:
            CandidatePair.objects.filter(pk=pair_id).update(
                status=PairStatus.OPEN, decided_by=None, decided_at=None
            )
        remaining = list(cluster.members.all())
        dissolved = len(remaining) <= 1
        audit_record(
            actor=actor,
            action="linkage.unmerge",
            target=cluster,
            changes={
                "merge": str(merge_id),
                "pair": str(pair_id) if pair_id else "",
                "persons": removed,
                "cluster_dissolved": dissolved,
            },
        )
        networks_mark_stale()
        if dissolved:
            ClusterMerge.objects.filter(cluster=cluster).delete()
            ClusterMember.objects.filter(cluster=cluster).delete()
            cluster.delete()
